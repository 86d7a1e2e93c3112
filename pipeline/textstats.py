"""The ``textstats`` stage: frequencies, keyness, collocations, KWIC, dispersion,
lexical diversity, readability, dictionaries and clause verbs.

:func:`load_inputs` reads the corpus stage's outputs and the configuration
files, :func:`compute` turns them into tables (pure: plain Python data in,
DataFrames out), :func:`write_outputs` writes the tables, and
:mod:`pipeline.textfigures` draws the figures. The notebook
``notebooks/02_textstats.ipynb`` calls these four and displays the results.

Words, terms and units
----------------------
*Words* are the project's tokens lower-cased (:func:`pipeline.tokens.words`);
*terms* are words with the configured multiword expressions joined
(``mutual_aid``) and, if ``stem`` is on, Snowball-stemmed. Frequencies,
n-grams, keyness, collocations and lexical diversity count terms; the
vocabulary density, readability, dictionaries, KWIC and dispersion work on
words. Every statistic works segment by segment (a sentence, list item,
heading or diplomatic clause from ``segments.csv``), so no n-gram, MWE or
collocation runs across two segments.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from nltk.probability import FreqDist

from . import dictionaries as dicts
from .config import Paths
from .errors import PipelineError
from .keyness import keyness_arrays
from .params import Param
from .progress import track
from .readability import count_syllables, flesch_reading_ease, mattr, ttr
from .tables import Field, Table, write_table
from .tokens import DEFAULT_MWES, MWE_SEPARATOR, TermMaker, load_stopwords, phrase_words, token_spans, tokenize, words

STOPWORD_USES = ("top_terms", "ngrams", "keyness", "collocations")
CLAUSE_TYPES = ("preambular", "operative")
DEFAULT_TERMS = ["women", "security", "peace", "partners", "mutual aid", "ASEAN"]

NOTEBOOK = "02_textstats.ipynb"
SHARED_PARAMS = ("figure",)

PARAMS: dict[str, Param] = {
    "mwes": Param(list, list(DEFAULT_MWES), "Multiword expressions counted as one term (joined with '_').", item_type=str),
    "stopwords_file": Param(str, "config/stopwords.txt", "Stopword list, relative to the project root."),
    "stopwords_for": Param(
        list, list(STOPWORD_USES), "Statistics that leave stopwords out.", item_type=str, choices=STOPWORD_USES
    ),
    "stem": Param(bool, False, "Snowball-stem single-word terms (English)."),
    "mattr_window": Param(int, 50, "Window, in terms, of the moving-average type-token ratio.", minimum=2),
    "ngram_sizes": Param(list, [1, 2, 3], "n-gram lengths for the top n-gram table.", item_type=int, choices=(1, 2, 3, 4, 5)),
    "ngram_top_n": Param(int, 20, "How many top n-grams to keep per document (and for the corpus) and length.", minimum=1),
    "ngram_min_count": Param(int, 2, "An n-gram must occur at least this often to be listed.", minimum=1),
    "keyness_min_count": Param(int, 1, "Keyness only for terms occurring at least this often in the corpus.", minimum=1),
    "keyness_min_expected": Param(
        float, 1.0, "A term absent from a target is listed (as a negative keyword) only if at least this many "
        "occurrences were expected there at the corpus rate; 0 lists every term for every target (a table of "
        "documents x vocabulary, large for big corpora).", minimum=0.0),
    "collocation_window": Param(int, 2, "Window of the bigram finder: 2 = adjacent words only.", minimum=2, maximum=10),
    "collocation_min_freq": Param(int, 2, "A pair must co-occur at least this often to be scored.", minimum=1),
    "kwic_terms": Param(list, list(DEFAULT_TERMS), "Words and phrases to show in context (case ignored).", item_type=str),
    "kwic_window": Param(int, 5, "Words of context shown on each side of a keyword.", minimum=1, maximum=50),
    "dispersion_terms": Param(list, list(DEFAULT_TERMS), "Words and phrases whose positions the dispersion plot shows.", item_type=str),
    "dictionaries": Param(
        list,
        ["config/dictionaries/unscr1325_pillars.yaml", "config/dictionaries/security_framings.yaml"],
        "Dictionary files (YAML), relative to the project root.",
        item_type=str,
    ),
    "figure_top_n": Param(int, 15, "Terms per document in the top-terms figure.", minimum=1, maximum=50),
    "figure_keyness_n": Param(int, 10, "Positive and negative keywords per document in the keyness figure.", minimum=1, maximum=30),
    "figure_max_docs": Param(int, 12, "At most this many documents in a multi-panel figure (the first by doc_id).", minimum=1),
}

_S, _I, _F = "str", "int", "float"

DOC_STATS = Table(
    "doc_stats.csv",
    "Per-document summary: length, lexical diversity, segments and readability.",
    (
        Field("doc_id", _S, "Document identifier (manifest)."),
        Field("n_tokens", _I, "Tokens (words), as counted in documents.csv."),
        Field("n_types", _I, "Distinct lower-cased words."),
        Field("vocabulary_density", _F, "Voyant Tools' vocabulary density: n_types / n_tokens (distinct words over words)."),
        Field("n_terms", _I, "Terms: words with multiword expressions joined (and stemmed if textstats.stem)."),
        Field("n_term_types", _I, "Distinct terms."),
        Field("ttr", _F, "Type-token ratio of terms: n_term_types / n_terms."),
        Field("mattr", _F, "Moving-average type-token ratio of terms over windows of textstats.mattr_window terms (TTR if shorter)."),
        Field("n_segments", _I, "Segments of the document (segments.csv)."),
        Field("n_headings", _I, "Segments of kind heading."),
        Field("n_sentences", _I, "Segments of kind sentence."),
        Field("n_items", _I, "Segments of kind item (list items)."),
        Field("n_clauses", _I, "Segments of kind clause (preambular, operative, chapeau or adoption)."),
        Field("mean_segment_tokens", _F, "Mean tokens per non-heading segment (Voyant: words per sentence)."),
        Field("n_syllables", _I, "Syllables in the words of non-heading segments (pipeline.readability.count_syllables)."),
        Field("flesch_reading_ease", _F, "Flesch reading ease over non-heading segments: 206.835 - 1.015 words/segment - 84.6 syllables/word; higher is easier."),
    ),
    ("doc_id",),
)

TERM_FREQUENCIES = Table(
    "term_frequencies.csv",
    "Every term in every document, with its count and rate (stopwords included).",
    (
        Field("doc_id", _S, "Document identifier."),
        Field("term", _S, "Term (lower-cased word, or multiword expression joined with '_')."),
        Field("count", _I, "Occurrences of the term in the document."),
        Field("per_1k", _F, "Occurrences per 1,000 terms of the document."),
    ),
    ("doc_id", "term"),
)

NGRAMS = Table(
    "ngrams.csv",
    "Top unigrams, bigrams and trigrams of each document and of the whole corpus (within segments; "
    "with stopwords filtered as textstats.stopwords_for says, an n-gram may not start or end with a stopword).",
    (
        Field("scope", _S, "doc_id, or 'corpus' for all documents together."),
        Field("n", _I, "n-gram length in terms."),
        Field("rank", _I, "1 = most frequent; ties ordered alphabetically."),
        Field("ngram", _S, "The terms of the n-gram separated by spaces."),
        Field("count", _I, "Occurrences in the scope."),
        Field("per_1k", _F, "Occurrences per 1,000 terms of the scope."),
    ),
    ("scope", "n", "rank"),
)

KEYNESS = Table(
    "keyness.csv",
    "Keyness of every term: each document against all the others pooled, and each genre ('genre:<name>') "
    "against the other genres. Negative keywords (under-used in the target) are kept; a term absent from "
    "the target is listed when at least one occurrence was expected there (see `pipeline.textstats.keyness_table`).",
    (
        Field("target", _S, "doc_id, or 'genre:<genre>'."),
        Field("term", _S, "Term."),
        Field("n_target", _I, "Occurrences in the target."),
        Field("n_reference", _I, "Occurrences in the reference (the rest of the corpus)."),
        Field("g2", _F, "Log-likelihood G2 of the 2x2 table (no continuity correction), negative if under-used in the target."),
        Field("chi2", _F, "Pearson's chi-square of the same table (no Yates correction), signed like g2."),
        Field("log_ratio", _F, "Hardie's Log Ratio: log2 of the ratio of relative frequencies (zero counts taken as 0.5); 1 = twice as frequent."),
        Field("p", _F, "p-value of |g2| under the chi-square distribution with 1 df."),
    ),
    ("target", "term"),
)

COLLOCATIONS = Table(
    "collocations.csv",
    "Word pairs scored by NLTK's BigramCollocationFinder (window textstats.collocation_window, "
    "at least textstats.collocation_min_freq co-occurrences) for the corpus and each document.",
    (
        Field("scope", _S, "doc_id, or 'corpus'."),
        Field("rank", _I, "Rank by likelihood ratio (1 = strongest; ties by PMI, then alphabetically)."),
        Field("w1", _S, "First term."),
        Field("w2", _S, "Second term (within the window after w1)."),
        Field("count", _I, "Co-occurrences of w1 followed by w2 within the window."),
        Field("likelihood_ratio", _F, "Dunning's likelihood ratio (NLTK BigramAssocMeasures.likelihood_ratio)."),
        Field("pmi", _F, "Pointwise mutual information, log2 (NLTK BigramAssocMeasures.pmi)."),
    ),
    ("scope", "rank"),
)

KWIC = Table(
    "kwic.csv",
    "Keyword-in-context lines for textstats.kwic_terms, with textstats.kwic_window words on each side.",
    (
        Field("doc_id", _S, "Document identifier."),
        Field("seg_id", _I, "Segment holding the keyword (segments.csv; 0 if outside every segment)."),
        Field("left", _S, "Text before the keyword (whitespace collapsed)."),
        Field("keyword", _S, "The keyword as written in the text."),
        Field("right", _S, "Text after the keyword (whitespace collapsed)."),
        Field("term", _S, "The configured term it matches."),
        Field("start", _I, "Character offset of the keyword in the cleaned text."),
        Field("end", _I, "Character offset just after the keyword."),
    ),
    ("doc_id", "start", "term"),
)

DISPERSION = Table(
    "dispersion.csv",
    "Positions of textstats.dispersion_terms in each document, for a lexical dispersion (x-ray) plot.",
    (
        Field("doc_id", _S, "Document identifier."),
        Field("term", _S, "The configured term."),
        Field("token_index", _I, "Position of its first word among the document's tokens (0-based)."),
        Field("position", _F, "Relative position: token_index / n_tokens (0 = start, 1 = end)."),
        Field("seg_id", _I, "Segment holding it (0 if outside every segment)."),
    ),
    ("doc_id", "term", "token_index"),
)

DICTIONARY_SCORES = Table(
    "dictionary_scores.csv",
    "Counts of each dictionary category (textstats.dictionaries) in each document.",
    (
        Field("dictionary", _S, "Dictionary id (its file name without .yaml)."),
        Field("category", _S, "Category of the dictionary."),
        Field("doc_id", _S, "Document identifier."),
        Field("count", _I, "Matches of the category's words, patterns and phrases."),
        Field("per_1k", _F, "Matches per 1,000 tokens of the document."),
        Field("matched", _S, "What matched, with counts ('word: n; ...'), to check the dictionary."),
    ),
    ("dictionary", "category", "doc_id"),
)

CLAUSE_VERBS = Table(
    "clause_verbs.csv",
    "Opening word of each preambular and operative clause, counted per document.",
    (
        Field("doc_id", _S, "Document identifier."),
        Field("clause_type", _S, "preambular or operative."),
        Field("word", _S, "Opening word of the clause, as written (e.g. RECOGNISING, COMMIT)."),
        Field("count", _I, "Clauses of this type opening with this word."),
    ),
    ("doc_id", "clause_type", "word"),
)

TABLES: list[Table] = [
    DOC_STATS,
    TERM_FREQUENCIES,
    NGRAMS,
    KEYNESS,
    COLLOCATIONS,
    KWIC,
    DISPERSION,
    DICTIONARY_SCORES,
    CLAUSE_VERBS,
]


# ---------------------------------------------------------------- inputs


@dataclass
class Inputs:
    """What the stage reads: cleaned texts, segments, documents, stopwords, dictionaries."""

    texts: dict[str, str]
    segments: pd.DataFrame
    documents: pd.DataFrame
    stopwords: frozenset[str]
    dictionaries: list[dicts.Dictionary]


def _resolve(root: Path, name: str) -> Path:
    p = Path(name)
    return p if p.is_absolute() else root / p


def load_inputs(paths: Paths, params: Mapping[str, Any]) -> Inputs:
    """Read the corpus stage's outputs and the stopword and dictionary files."""
    from . import corpus

    documents = corpus.load_documents(paths)
    segments = corpus.load_segments(paths)
    texts = corpus.load_clean_texts(paths)
    stop = load_stopwords(_resolve(paths.root, params["stopwords_file"]), params["stopwords_file"])
    dictionaries = [dicts.load_dictionary(_resolve(paths.root, f), f) for f in params["dictionaries"]]
    ids = [d.id for d in dictionaries]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise PipelineError(f"params.yaml: textstats.dictionaries names two files called {dup[0]}.yaml; rename one.")
    return Inputs(texts, segments, documents, stop, dictionaries)


def dependency_files(params: Mapping[str, Any]) -> list[str]:
    """Configuration files the stage reads (for ``dvc.yaml`` deps)."""
    return [params["stopwords_file"], *params["dictionaries"]]


# ---------------------------------------------------------------- units


@dataclass
class Segment:
    seg_id: int
    kind: str
    clause_type: str
    start: int
    end: int
    text: str
    words: list[str]
    terms: list[str]


@dataclass
class Doc:
    doc_id: str
    text: str
    segments: list[Segment]

    @property
    def words(self) -> list[str]:
        return [w for s in self.segments for w in s.words]

    @property
    def terms(self) -> list[str]:
        return [t for s in self.segments for t in s.terms]

    @cached_property
    def text_spans(self) -> list[tuple[int, int]]:
        """Spans of the tokens of the whole text (computed once)."""
        return token_spans(self.text)

    @cached_property
    def text_words(self) -> list[str]:
        """The lower-cased tokens of the whole text (computed once)."""
        return words(self.text)


def build_docs(texts: Mapping[str, str], segments: pd.DataFrame | None, maker: TermMaker) -> list[Doc]:
    """Split each text into its segments (or one segment if it has none) and their words and terms."""
    by_doc: dict[str, list] = {}
    if segments is not None and len(segments):
        for row in segments.sort_values(["doc_id", "seg_id"], kind="mergesort").itertuples(index=False):
            by_doc.setdefault(row.doc_id, []).append(row)
    docs = []
    for doc_id in track(sorted(texts), "textstats"):
        text = texts[doc_id]
        rows = by_doc.get(doc_id)
        segs = []
        if rows:
            for r in rows:
                seg_text = text[int(r.start) : int(r.end)]
                w = words(seg_text)
                segs.append(Segment(int(r.seg_id), r.kind, r.clause_type or "", int(r.start), int(r.end), seg_text, w, maker.terms(w)))
        else:
            w = words(text)
            segs.append(Segment(0, "sentence", "", 0, len(text), text, w, maker.terms(w)))
        docs.append(Doc(doc_id, text, segs))
    return docs


# ---------------------------------------------------------------- statistics


def stop_terms(stopwords: frozenset[str], maker: TermMaker) -> frozenset[str]:
    """Stopwords as terms: themselves and, when stemming, their stems."""
    if not maker.stem:
        return stopwords
    return frozenset(stopwords | set(maker.terms(sorted(stopwords))))


def doc_stats(docs: Sequence[Doc], mattr_window: int = 50) -> pd.DataFrame:
    rows = []
    syllables: dict[str, int] = {}  # each distinct word's syllables, counted once
    for d in docs:
        ws, ts = d.words, d.terms
        kinds = Counter(s.kind for s in d.segments)
        body = [s for s in d.segments if s.kind != "heading"]
        body_words = [w for s in body for w in s.words]
        flesch_words = [w for w in body_words if any(ch.isalpha() for ch in w)]
        syl = 0
        for w, c in Counter(flesch_words).items():
            k = syllables.get(w)
            if k is None:
                k = syllables[w] = count_syllables(w)
            syl += k * c
        rows.append(
            {
                "doc_id": d.doc_id,
                "n_tokens": len(ws),
                "n_types": len(set(ws)),
                "vocabulary_density": ttr(ws),
                "n_terms": len(ts),
                "n_term_types": len(set(ts)),
                "ttr": ttr(ts),
                "mattr": mattr(ts, mattr_window),
                "n_segments": len(d.segments),
                "n_headings": kinds.get("heading", 0),
                "n_sentences": kinds.get("sentence", 0),
                "n_items": kinds.get("item", 0),
                "n_clauses": kinds.get("clause", 0),
                "mean_segment_tokens": len(body_words) / len(body) if body else float("nan"),
                "n_syllables": syl,
                "flesch_reading_ease": flesch_reading_ease(len(flesch_words), len(body), syl),
            }
        )
    return pd.DataFrame(rows, columns=DOC_STATS.columns)


def term_frequencies(docs: Sequence[Doc]) -> pd.DataFrame:
    rows = []
    for d in docs:
        ts = d.terms
        n = len(ts)
        for term, c in Counter(ts).items():
            rows.append((d.doc_id, term, c, 1000.0 * c / n))
    return pd.DataFrame(rows, columns=TERM_FREQUENCIES.columns)


def ngram_counts(segments_terms: Sequence[Sequence[str]], n: int, stop: frozenset[str] = frozenset()) -> Counter:
    """n-grams within each segment; with ``stop``, none may start or end with a stopword.

    >>> sorted(ngram_counts([["peace", "and", "security"], ["and", "peace"]], 2, frozenset({"and"})).items())
    []
    >>> ngram_counts([["peace", "and", "security"]], 3, frozenset({"and"}))
    Counter({'peace and security': 1})
    """
    c: Counter = Counter()
    for ts in segments_terms:
        if len(ts) < n:
            continue
        grams = zip(*(ts[k:] for k in range(n))) if n > 1 else ((t,) for t in ts)
        if stop:
            c.update(" ".join(g) for g in grams if g[0] not in stop and g[-1] not in stop)
        else:
            c.update(" ".join(g) for g in grams)
    return c


def _top(counter: Counter, k: int, min_count: int) -> list[tuple[str, int]]:
    items = [(t, c) for t, c in counter.items() if c >= min_count]
    items.sort(key=lambda x: (-x[1], x[0]))
    return items[:k]


def top_ngrams(docs: Sequence[Doc], sizes: Sequence[int], top_n: int, min_count: int, stop: frozenset[str]) -> pd.DataFrame:
    rows = []
    sizes = sorted(set(sizes))
    corpus_counts = {n: Counter() for n in sizes}
    corpus_total = 0

    def emit(scope, counts, total):
        for n in sizes:
            for rank, (g, c) in enumerate(_top(counts[n], top_n, min_count), 1):
                rows.append((scope, n, rank, g, c, 1000.0 * c / total if total else 0.0))

    for d in docs:
        segs = [s.terms for s in d.segments]
        total = sum(len(s) for s in segs)
        counts = {n: ngram_counts(segs, n, stop) for n in sizes}
        emit(d.doc_id, counts, total)
        for n in sizes:  # the corpus counts are the sum of the documents' (n-grams never cross a segment)
            corpus_counts[n].update(counts[n])
        corpus_total += total
    emit("corpus", corpus_counts, corpus_total)
    return pd.DataFrame(rows, columns=NGRAMS.columns)


#: A term absent from a target is listed only if at least this many occurrences
#: were expected there at the corpus rate ((a + b) * target total / corpus total).
KEYNESS_MIN_EXPECTED = 1.0


def keyness_table(
    counts: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    min_count: int = 1,
    stop: frozenset[str] = frozenset(),
    min_expected: float = KEYNESS_MIN_EXPECTED,
) -> pd.DataFrame:
    """Keyness of the terms of each target group of documents against the rest.

    ``counts`` has columns ``doc_id, term, count``; ``groups`` maps a target
    name to its doc_ids. A target whose reference is empty is skipped.

    Every term used in the target is listed. A term *absent* from the target
    is listed (a negative keyword) when the target would have held at least
    ``min_expected`` occurrences at the corpus rate: "women" missing from a
    defence statement is a finding; a word used once elsewhere and missing
    from a 500-word page is what chance predicts. This keeps the table to
    about two rows per target token (``min_expected=0`` lists every term for
    every target, which for thousands of documents is documents x vocabulary).
    """
    if stop:
        counts = counts[~counts["term"].isin(stop)]
    # One dense term x document matrix built from codes (no pivot), and for each
    # target the reference counts as the corpus total minus the target's own:
    # O(targets x terms), where summing the other documents' columns for every
    # target would be O(documents^2 x terms).
    term_codes, terms = pd.factorize(counts["term"], sort=True)
    doc_codes, doc_ids = pd.factorize(counts["doc_id"], sort=True)
    matrix = np.zeros((len(terms), len(doc_ids)), dtype=np.int64)
    np.add.at(matrix, (term_codes, doc_codes), counts["count"].to_numpy(dtype=np.int64))
    keep = matrix.sum(axis=1) >= min_count
    matrix, terms = matrix[keep], np.asarray(terms, dtype=object)[keep]
    total = matrix.sum(axis=1)
    column = {d: i for i, d in enumerate(doc_ids)}
    frames = []
    for target, members in groups.items():
        inside = sorted({column[d] for d in members if d in column})
        if not inside or len(inside) == len(doc_ids):
            continue
        a = matrix[:, inside[0]].copy() if len(inside) == 1 else matrix[:, inside].sum(axis=1)
        b = total - a
        nt, nr = a.sum(), b.sum()
        if nt == 0 or nr == 0:
            continue
        rows = (a > 0) | ((a + b) * (nt / (nt + nr)) >= min_expected)
        a, b = a[rows], b[rows]
        stats = keyness_arrays(a, b, nt, nr)
        frames.append(pd.DataFrame({"target": target, "term": terms[rows], "n_target": a, "n_reference": b, **stats}))
    if not frames:
        return pd.DataFrame(columns=KEYNESS.columns)
    return pd.concat(frames, ignore_index=True)[KEYNESS.columns]


def collocations(segments_terms: Sequence[Sequence[str]], window: int = 2, min_freq: int = 2, stop: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Bigram collocations of a list of segments (pairs never cross a segment).

    Columns ``rank, w1, w2, count, likelihood_ratio, pmi``.
    """
    # The counts NLTK's ``BigramCollocationFinder.from_words`` would make from the
    # segments joined with ``window - 1`` empty slots between them (so no pair
    # crosses a segment), counted with Counter: every word once, and each pair
    # (w1, w2) with w2 at most ``window - 1`` words after w1. Pairs are filtered
    # (frequency, stopwords) before the finder is built, so only they are scored.
    word_fd: Counter = Counter()
    pair_fd: Counter = Counter()
    for ts in segments_terms:
        word_fd.update(ts)
        for k in range(1, window):
            pair_fd.update(zip(ts, ts[k:]))
    pairs = {
        pair: c for pair, c in pair_fd.items()
        if c >= min_freq and not (stop and (pair[0] in stop or pair[1] in stop))
    }
    finder = BigramCollocationFinder(FreqDist(word_fd), FreqDist(pairs), window_size=window)
    m = BigramAssocMeasures
    lr = dict(finder.score_ngrams(m.likelihood_ratio))
    pmi = dict(finder.score_ngrams(m.pmi))
    rows = [(w1, w2, finder.ngram_fd[(w1, w2)], lr[(w1, w2)], pmi[(w1, w2)]) for (w1, w2) in lr]
    rows.sort(key=lambda r: (-r[3], -r[4], r[0], r[1]))
    return pd.DataFrame(
        [(i, *r) for i, r in enumerate(rows, 1)], columns=["rank", "w1", "w2", "count", "likelihood_ratio", "pmi"]
    )


def collocation_table(docs: Sequence[Doc], window: int, min_freq: int, stop: frozenset[str]) -> pd.DataFrame:
    frames = []
    scopes = [(d.doc_id, [s.terms for s in d.segments]) for d in docs]
    scopes.append(("corpus", [s.terms for d in docs for s in d.segments]))
    for scope, segs in scopes:
        df = collocations(segs, window, min_freq, stop)
        df.insert(0, "scope", scope)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)[COLLOCATIONS.columns]


def find_terms(doc: Doc, terms: Sequence[str]) -> list[dict]:
    """Every occurrence of each term (a word or phrase, case ignored) in a document.

    Returns dicts with ``term, i, k, start, end, seg_id``: the first word's
    index ``i`` among the document's tokens, its length ``k`` in words and its
    character span. Terms are matched independently ("peace" is also found
    inside "women, peace and security").
    """
    spans = doc.text_spans
    ws = doc.text_words
    seg_starts = [s.start for s in doc.segments]
    seg_ends = [s.end for s in doc.segments]
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for term in terms:
        pw = phrase_words(term)
        if pw:
            by_first.setdefault(pw[0], []).append((term, pw))
    hits = []
    n = len(ws)
    for i, w in enumerate(ws):
        for term, pw in by_first.get(w, ()):
            k = len(pw)
            if tuple(ws[i : i + k]) == pw:
                start, end = spans[i][0], spans[i + k - 1][1]
                j = bisect_right(seg_starts, start) - 1
                seg_id = doc.segments[j].seg_id if j >= 0 and start < seg_ends[j] else 0
                hits.append({"term": term, "i": i, "k": k, "start": start, "end": end, "seg_id": seg_id, "n": n})
    return hits


def _squash(s: str) -> str:
    return " ".join(s.split())


def kwic_table(docs: Sequence[Doc], terms: Sequence[str], window: int = 5) -> pd.DataFrame:
    rows = []
    for d in docs:
        spans = d.text_spans
        for h in find_terms(d, terms):
            i, k = h["i"], h["k"]
            lo = spans[max(0, i - window)][0]
            hi = spans[min(len(spans) - 1, i + k - 1 + window)][1]
            rows.append(
                (d.doc_id, h["seg_id"], _squash(d.text[lo : h["start"]]), d.text[h["start"] : h["end"]],
                 _squash(d.text[h["end"] : hi]), h["term"], h["start"], h["end"])
            )
    return pd.DataFrame(rows, columns=KWIC.columns)


def dispersion_table(docs: Sequence[Doc], terms: Sequence[str]) -> pd.DataFrame:
    rows = []
    for d in docs:
        for h in find_terms(d, terms):
            rows.append((d.doc_id, h["term"], h["i"], h["i"] / h["n"], h["seg_id"]))
    return pd.DataFrame(rows, columns=DISPERSION.columns)


def clause_verbs(docs: Sequence[Doc]) -> pd.DataFrame:
    c: Counter = Counter()
    for d in docs:
        for s in d.segments:
            if s.kind == "clause" and s.clause_type in CLAUSE_TYPES:
                toks = tokenize(s.text)
                if toks:
                    c[(d.doc_id, s.clause_type, toks[0])] += 1
    return pd.DataFrame([(*k, v) for k, v in c.items()], columns=CLAUSE_VERBS.columns)


def dictionary_table(docs: Sequence[Doc], dictionaries: Sequence[dicts.Dictionary]) -> pd.DataFrame:
    doc_words = {d.doc_id: d.words for d in docs}
    rows = [r for dic in dictionaries for r in dicts.score(dic, doc_words)]
    return pd.DataFrame(rows, columns=DICTIONARY_SCORES.columns)


# ---------------------------------------------------------------- the stage


@dataclass
class Results:
    """Every table of the stage (sorted as written), plus what the figures need."""

    tables: dict[str, pd.DataFrame]
    titles: dict[str, str] = field(default_factory=dict)
    top_terms: pd.DataFrame | None = None  # doc_id, term, count, per_1k without stopwords (if configured)
    params: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def keyness_groups(documents: pd.DataFrame, doc_ids: Sequence[str]) -> dict[str, list[str]]:
    """Targets: each document, then each genre as 'genre:<genre>'."""
    groups: dict[str, list[str]] = {d: [d] for d in doc_ids}
    if "genre" in documents:
        for genre, sub in documents.groupby("genre", sort=True):
            members = [d for d in sub["doc_id"] if d in set(doc_ids)]
            if members:
                groups[f"genre:{genre}"] = members
    return groups


def compute(
    texts: Mapping[str, str],
    segments: pd.DataFrame | None,
    documents: pd.DataFrame | None,
    params: Mapping[str, Any],
    stopwords: frozenset[str] = frozenset(),
    dictionaries: Sequence[dicts.Dictionary] = (),
) -> Results:
    """All the stage's tables from plain inputs (no files read or written)."""
    p = {k: spec.default for k, spec in PARAMS.items()}
    p.update(params)
    for k, spec in PARAMS.items():
        spec.check(f"textstats.{k}", p[k])
    maker = TermMaker(p["mwes"], stem=p["stem"])
    docs = build_docs(texts, segments, maker)
    stop = stop_terms(frozenset(stopwords), maker)
    use = set(p["stopwords_for"])
    if documents is None:
        documents = pd.DataFrame({"doc_id": sorted(texts)})
    tf = term_frequencies(docs)
    tables = {
        "doc_stats": doc_stats(docs, p["mattr_window"]),
        "term_frequencies": tf,
        "ngrams": top_ngrams(docs, p["ngram_sizes"], p["ngram_top_n"], p["ngram_min_count"], stop if "ngrams" in use else frozenset()),
        "keyness": keyness_table(tf, keyness_groups(documents, [d.doc_id for d in docs]), p["keyness_min_count"], stop if "keyness" in use else frozenset(),
                                 min_expected=p["keyness_min_expected"]),
        "collocations": collocation_table(docs, p["collocation_window"], p["collocation_min_freq"], stop if "collocations" in use else frozenset()),
        "kwic": kwic_table(docs, p["kwic_terms"], p["kwic_window"]),
        "dispersion": dispersion_table(docs, p["dispersion_terms"]),
        "dictionary_scores": dictionary_table(docs, dictionaries),
        "clause_verbs": clause_verbs(docs),
    }
    from .tables import conform

    by_name = {t.file[:-4]: t for t in TABLES}
    tables = {name: conform(df, by_name[name]) for name, df in tables.items()}
    top = tf[~tf["term"].isin(stop)] if "top_terms" in use else tf
    titles = dict(zip(documents["doc_id"], documents["title"])) if "title" in documents else {}
    return Results(tables, titles, top.reset_index(drop=True), p)


def table_schema(name: str) -> Table:
    return {t.file[:-4]: t for t in TABLES}[name]


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write every table to ``data/processed/``; return the paths."""
    return [write_table(df, table_schema(name), paths.processed) for name, df in results.tables.items()]


def paper_tables(results: Results, top_n: int = 10) -> dict[str, tuple[pd.DataFrame, str]]:
    """The stage's key tables for a paper: ``name -> (table, caption)``."""
    stats = results["doc_stats"]
    summary = stats[["doc_id", "n_tokens", "n_types", "vocabulary_density", "mattr", "mean_segment_tokens",
                     "flesch_reading_ease"]].rename(columns={
        "doc_id": "Document", "n_tokens": "Tokens", "n_types": "Types", "vocabulary_density": "Vocab. density",
        "mattr": "MATTR", "mean_segment_tokens": "Tokens/segment", "flesch_reading_ease": "Flesch"})
    k = results["keyness"]
    k = k[~k["target"].str.startswith("genre:") & (k["g2"] > 0)]
    k = k.sort_values(["target", "g2", "term"], ascending=[True, False, True], kind="mergesort")
    keywords = k.groupby("target", sort=True).head(top_n)[["target", "term", "n_target", "n_reference", "g2",
                                                            "log_ratio", "p"]]
    keywords = keywords.rename(columns={"target": "Document", "term": "Term", "n_target": "In document",
                                        "n_reference": "In rest", "g2": "G2", "log_ratio": "Log Ratio"})
    d = results["dictionary_scores"]
    short = {"unscr1325_pillars": "UNSCR 1325", "security_framings": "Security"}
    labels = [f"{short.get(a, a)}: {b.replace('_', ' ')}" for a, b in zip(d["dictionary"], d["category"])]
    dictionary_wide = (d.assign(column=labels)
                       .pivot(index="doc_id", columns="column", values="per_1k")
                       .sort_index(axis=0).sort_index(axis=1).reset_index()
                       .rename(columns={"doc_id": "Document"}))
    dictionary_wide.columns.name = None
    return {
        "dictionary_scores": (dictionary_wide, "Dictionary categories per document, per 1,000 words: the four "
                              "pillars of UNSCR 1325 and traditional versus human security framings "
                              "(config/dictionaries/)."),
        "doc_summary": (summary, "Size, lexical diversity and readability of each document. Vocab. density: "
                        "distinct words / words; MATTR: moving-average type-token ratio; Flesch: reading ease "
                        "(higher is easier)."),
        "top_keywords": (keywords.reset_index(drop=True),
                         f"Top {top_n} keywords of each document against the rest of the corpus: log-likelihood G2 "
                         "and Hardie's Log Ratio (1 = twice as frequent as in the rest)."),
    }


def write_paper_tables(results: Results, directory: Path, top_n: int = 10) -> list[Path]:
    """Write the key tables as LaTeX (booktabs) and Markdown; return the paths."""
    from .tables import write_paper_table

    written = []
    for name, (df, caption) in paper_tables(results, top_n).items():
        written += write_paper_table(df, name, caption, directory)
    return written
