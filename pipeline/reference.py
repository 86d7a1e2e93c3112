"""Keyness against general English: the corpus (or a group) against a word-frequency list.

Keyness within the corpus says how its documents differ from one another; even
a corpus of three documents can be set against *everyday English*, to show
what is distinctive about its register ("asean", "wps", "partners"). The
reference is the English word-frequency list that the `wordfreq
<https://github.com/rspeer/wordfreq>`_ package ships inside itself (nothing is
downloaded): the rate of each word per word of running text, pooled from
Wikipedia, subtitles, news, books, web text, Twitter and Reddit.

wordfreq gives rates, not counts. The 2x2 table of :mod:`pipeline.keyness`
needs counts, so the list is taken as a corpus of ``reference_words`` words
(default 100 million, the size of the British National Corpus): a word's
reference count is its rate times that size, so a word at the list's floor
(a rate of 1e-8) counts once. Log Ratio does not depend on that size (except
for words the list lacks, whose count is 0 and taken as 0.5, as in
:mod:`pipeline.keyness`); G2 and p grow with it, so with a reference this
large nearly every difference is "significant": read Log Ratio first.

Terms are looked up as wordfreq looks up text (``wordfreq.word_frequency``:
case-folded, digits smoothed, so "2025" gets the rate of a year). A multiword
expression (``mutual_aid``) or a hyphenated word that wordfreq splits
(``admm-plus``) is a *phrase*, whose rate wordfreq estimates from its words'
(``1/f = 1/f1 + 1/f2 + ...``), an overestimate for a fixed phrase, so its keyness is
understated; each row says how its term was matched (``match``). Stemmed terms
(``textstats.stem``) are not English words: compare unstemmed counts.

What a reference corpus cannot show: a word's *sense* (ASEAN's "security" is
not everyday English's), and anything about register that the list's sources
do not cover (no source is diplomatic prose). Every table names its reference
in the ``reference`` column (:func:`reference_name`).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import PipelineError
from .groups import group_members
from .keyness import keyness_arrays

#: The reference list is taken as a corpus of this many words (the BNC's size).
REFERENCE_WORDS = 100_000_000
#: wordfreq's lists: "large" (words down to a rate of 1e-8) and "small" (1e-6); "best" is the largest there is.
WORDLISTS = ("large", "small", "best")
CORPUS = "corpus"
_LANGUAGES = {"en": "English"}

#: Columns of the table :func:`reference_frequencies` returns.
FREQUENCY_COLUMNS = ["term", "ref_rate", "match"]
#: Columns of the table :func:`reference_keyness` returns.
REFERENCE_COLUMNS = ["reference", "target", "term", "n_target", "per_1k_target", "per_1k_reference",
                     "n_reference", "match", "g2", "chi2", "log_ratio", "p"]


def _check(lang: str, wordlist: str, reference_words: float) -> None:
    if wordlist not in WORDLISTS:
        raise PipelineError(f"reference word list {wordlist!r} is unknown; use one of {', '.join(WORDLISTS)}.")
    if reference_words < 1e6:
        raise PipelineError(f"reference size {reference_words:,} words is too small for the list's rates; "
                            "use at least 1,000,000 (the default is 100,000,000).")
    import wordfreq

    if lang not in wordfreq.available_languages(wordlist):
        raise PipelineError(f"wordfreq has no {wordlist!r} list for language {lang!r}.")


def reference_name(lang: str = "en", wordlist: str = "large", reference_words: float = REFERENCE_WORDS) -> str:
    """The reference as it is named in every table and caption.

    >>> reference_name()  # doctest: +ELLIPSIS
    "wordfreq ... English 'large' list (taken as 100,000,000 words)"
    """
    return (f"wordfreq {version('wordfreq')} {_LANGUAGES.get(lang, lang)} {wordlist!r} list "
            f"(taken as {int(reference_words):,} words)")


def reference_frequencies(terms: Sequence[str], lang: str = "en", wordlist: str = "large") -> pd.DataFrame:
    """The reference rate of each distinct term, sorted by term.

    Returns a DataFrame:

    * ``term``: the term (``_`` of a multiword expression read as a space);
    * ``ref_rate``: occurrences per word of general English (``wordfreq.word_frequency``); 0 if not listed;
    * ``match``: ``word`` (one word of the list), ``phrase`` (several words, rate
      estimated by wordfreq from theirs) or ``not listed`` (rate 0).

    >>> f = reference_frequencies(["the", "mutual_aid", "zzqxj"])
    >>> f["match"].tolist()
    ['phrase', 'word', 'not listed']
    >>> bool(f.set_index("term").at["the", "ref_rate"] > 0.03)   # "the" is about 5% of English words
    True
    """
    import wordfreq

    _check(lang, wordlist, REFERENCE_WORDS)
    uniq = sorted(set(terms))
    rates, matches = [], []
    for t in uniq:
        text = t.replace("_", " ")
        f = float(wordfreq.word_frequency(text, lang, wordlist))
        rates.append(f)
        matches.append("not listed" if f == 0 else ("word" if len(wordfreq.tokenize(text, lang)) == 1 else "phrase"))
    return pd.DataFrame({"term": uniq, "ref_rate": rates, "match": matches}, columns=FREQUENCY_COLUMNS)


def reference_keyness(
    counts: pd.DataFrame,
    groups: pd.DataFrame | Mapping[str, Sequence[str]] | None = None,
    corpus: bool = True,
    stop: frozenset[str] = frozenset(),
    min_count: int = 1,
    lang: str = "en",
    wordlist: str = "large",
    reference_words: float = REFERENCE_WORDS,
) -> pd.DataFrame:
    """Keyness of the corpus, and of each group, against general English.

    Parameters
    ----------
    counts : ``doc_id, term, count`` (``term_frequencies``, unstemmed).
    groups : an assignment table (:func:`pipeline.groups.assign_groups`) or
        ``{group: doc_ids}``: each group is a target too.
    corpus : include the whole corpus (every document of ``counts``) as target ``corpus``.
    stop : terms not listed. They stay in the totals: the reference's rates are per
        word of running text, stopwords included, so the target's must be too.
    min_count : list a term only if it occurs at least this often in the target.
        Only terms the target uses are listed (the list's other words are absent from
        it, which says nothing).
    lang, wordlist, reference_words : the reference (see the module docstring).

    Returns
    -------
    DataFrame sorted by target (``corpus`` first, then the groups in order) and term:

    * ``reference``: the reference's name (:func:`reference_name`);
    * ``target``: ``corpus`` or a group;
    * ``term``: the term;
    * ``n_target``: its occurrences in the target;
    * ``per_1k_target``: per 1,000 words of the target;
    * ``per_1k_reference``: per 1,000 words of general English (the list's rate x 1,000);
    * ``n_reference``: its count in the reference taken as ``reference_words`` words (rate x size; not an integer);
    * ``match``: how the term was found in the list (``word``, ``phrase``, ``not listed``);
    * ``g2``, ``chi2``, ``log_ratio``, ``p``: as in ``keyness.csv``, target against the reference.

    Examples
    --------
    >>> counts = pd.DataFrame({"doc_id": ["d"] * 3, "term": ["the", "asean", "zzqxj"], "count": [5, 4, 1]})
    >>> k = reference_keyness(counts)
    >>> k[["term", "match"]].values.tolist()
    [['asean', 'word'], ['the', 'word'], ['zzqxj', 'not listed']]
    >>> row = k.set_index("term").loc["zzqxj"]      # 1 of 10 words; absent from the list: 0.5 of 1e8
    >>> float(row.log_ratio) == float(np.log2((1 / 10) / (0.5 / 1e8)))
    True
    """
    _check(lang, wordlist, reference_words)
    c = counts[["doc_id", "term", "count"]]
    c = c[c["count"] > 0]
    targets: dict[str, list[str]] = {}
    if corpus:
        targets[CORPUS] = sorted(set(c["doc_id"].astype(str)))
    if groups is not None:
        members = group_members(groups) if isinstance(groups, pd.DataFrame) else {g: list(d) for g, d in groups.items()}
        for g, ds in members.items():
            if g == CORPUS and corpus:
                raise PipelineError("a group is called 'corpus', which names the whole corpus here; rename it.")
            targets[g] = sorted(ds)
        grouped = [d for g, ds in targets.items() if g != CORPUS or not corpus for d in ds]
        if len(grouped) != len(set(grouped)):
            raise PipelineError("the groups share documents; a document may belong to one group only.")
    name = reference_name(lang, wordlist, reference_words)
    doc_code, docs = pd.factorize(c["doc_id"].astype(str).to_numpy(dtype=object))
    term_code, terms = pd.factorize(c["term"].to_numpy(dtype=object), sort=True)
    terms = np.asarray(terms, dtype=object)
    count = c["count"].to_numpy(dtype=float)
    listed = ~np.isin(terms, list(stop)) if stop else np.ones(len(terms), dtype=bool)
    rates = reference_frequencies(terms[listed].tolist(), lang, wordlist).set_index("term")
    rate_of = np.zeros(len(terms))
    match_of = np.full(len(terms), "", dtype=object)
    rate_of[listed] = rates.loc[terms[listed], "ref_rate"].to_numpy()
    match_of[listed] = rates.loc[terms[listed], "match"].to_numpy()
    # each cell's target among the groups (they are disjoint); the corpus target is every cell
    target_of_doc = {d: i for i, (t, ds) in enumerate(targets.items()) if t != CORPUS or not corpus for d in ds}
    doc_target = np.asarray([target_of_doc.get(d, -1) for d in docs], dtype=np.int64)[doc_code]
    by_target = np.argsort(doc_target, kind="stable")
    bounds = np.searchsorted(doc_target[by_target], np.arange(len(targets) + 1))
    frames = []
    for i, (target, ds) in enumerate(targets.items()):
        cells = slice(None) if (target == CORPUS and corpus) else by_target[bounds[i]:bounds[i + 1]]
        nt = float(count[cells].sum())
        if nt == 0:
            continue
        per_term = np.bincount(term_code[cells], weights=count[cells], minlength=len(terms))
        rows = np.flatnonzero(listed & (per_term > 0) & (per_term >= min_count))
        a = per_term[rows]
        rate = rate_of[rows]
        b = rate * reference_words
        stats = keyness_arrays(a, b, nt, float(reference_words))
        frames.append(pd.DataFrame({
            "reference": name, "target": target, "term": terms[rows],
            "n_target": a.astype(np.int64), "per_1k_target": 1000.0 * a / nt, "per_1k_reference": 1000.0 * rate,
            "n_reference": b, "match": match_of[rows], **stats,
        }, columns=REFERENCE_COLUMNS))
    if not frames:
        return pd.DataFrame({k: [] for k in REFERENCE_COLUMNS}, columns=REFERENCE_COLUMNS)
    return pd.concat(frames, ignore_index=True)
