"""Clause reuse: which clauses a statement carries over, edits or adds, and their genealogy.

Joint statements are written by copying: each year's statement carries most
clauses of the last forward, edits a few and adds a handful. For every unit
(each clause of a statement, and each sentence or list item of prose) this
module finds its **closest antecedent** among the units of documents dated
*before* it, scores the pair, labels the unit ``verbatim``, ``edited`` or
``new``, and marks up each edit word by word.

Everything here is pure: DataFrames in (``segments`` and ``documents`` as
the corpus stage writes them), DataFrames out; nothing is read, written or
downloaded. The same inputs give the same rows in the same order.

Dates
-----
A document's ``date`` is ISO 8601 at the precision known (``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``) and is compared by its **earliest day**:
``2025`` counts as 1 January 2025 and ``2025-11`` as 1 November 2025
(:func:`date_start`). A unit's antecedents are the units of documents whose
earliest day is strictly earlier; documents of the same day (including
``2025`` and ``2025-01-01``) are never each other's antecedents, and neither
are two units of one document. A document known only by its year therefore
comes before every document dated later in that year: when that matters,
give the manifest a fuller date.

Words
-----
A unit's words are its whitespace-separated pieces with the punctuation at
their edges set aside; two words are the same when they agree after
case-folding and with straight and curly apostrophes taken as one
(``RECOGNISING`` = ``Recognising``, ``challenges;`` = ``challenges.``,
``ASEAN’s`` = ``ASEAN's``). Punctuation and case changes alone are therefore
not edits; the redline shows the words as the later unit writes them.

Method
------
1. **Verbatim by exact lookup.** Units are grouped by their word sequence;
   a unit whose exact words occur in an earlier document is verbatim
   (score 1) without any search. Its source is the most recent earlier
   occurrence (earliest ``doc_id``, then ``seg_id``, among documents of that
   day), so a clause carried over every year forms a chain year to year.
2. **Candidates by MinHash LSH** (`datasketch`_): every distinct word
   sequence gets a MinHash of its word ``shingle_words``-grams (seeded, so the
   same text always gets the same signature); documents are processed in
   date order, and a unit's query sees only the texts of earlier days (each
   day's texts enter the index after the day has been queried). Each text is
   hashed once and indexed once, however many documents repeat it, so the
   work grows with the number of distinct texts and the size of their
   near-duplicate groups, not with the number of pairs.
3. **Score by alignment** (`rapidfuzz`_): each candidate is scored with the
   normalised Indel similarity of the two word sequences,
   ``2 * LCS / (n_words + n_source_words)`` (1 = the same words in the same
   order; 0.9 for a 30-word clause with 3 words replaced). The best wins;
   ties go to the most recent source, then the smallest ``doc_id`` and
   ``seg_id``.
4. **Label**: ``score >= verbatim_threshold`` (default 1.0: the same words)
   is ``verbatim``; ``score >= edited_threshold`` (default 0.6: at least
   about 60 % of the words kept in order; a clause of 30 words with up to
   about 12 words replaced) is ``edited``; anything else, or no candidate,
   is ``new``. A ``new`` unit has no source (``source_doc_id`` empty,
   ``source_seg_id`` 0) and its ``score`` is the best one found (0 if the
   index returned no candidate).
5. **Redline**: the word alignment of the unit with its source (rapidfuzz's
   Indel opcodes: a longest common subsequence), with each run of changed
   words written ``[-deleted words-]{+added words+}`` between the kept words
   (the wdiff convention), plus the deleted and added words and a long table
   of changes (:func:`reuse_edits`).

LSH is approximate: it proposes a pair with a probability that grows with
the Jaccard similarity ``J`` of the two units' shingle sets. With the
defaults (128 permutations, 2-word shingles, threshold 0.3: 37 bands of 3
rows) that probability is ``1 - (1 - J**3)**37``: 0.99 at J = 0.5 (a
30-word clause with 3 words replaced has J of about 0.65), 0.91 at 0.4,
0.64 at 0.3 and 0.26 at 0.2. A short clause rewritten by half (J about 0.2)
can therefore be missed and called ``new``; a lower ``lsh_threshold`` finds
more of them and proposes more unrelated candidates (the work grows faster
than the corpus). On 5,000 synthetic statements, ``benchmarks/bench_reuse.py``
measures the search at about 16 s of CPU (33 s at 10,000 statements; all
pairs would take about 100 and 200 times as long), with the label all pairs
would give for 99.4 % of units and the best antecedent found for 99.3 % of
reused units.

.. _datasketch: https://ekzhu.com/datasketch/
.. _rapidfuzz: https://rapidfuzz.github.io/RapidFuzz/

Example
-------
>>> import pandas as pd
>>> docs = pd.DataFrame({"doc_id": ["y1", "y2"], "date": ["2024", "2025-11-01"]})
>>> segs = pd.DataFrame({
...     "doc_id": ["y1", "y1", "y2", "y2", "y2"], "seg_id": [1, 2, 1, 2, 3],
...     "kind": "clause", "clause_type": "operative",
...     "text": ["COMMIT to promote peace and stability in the region;",
...              "SUPPORT the ASEAN Regional Plan of Action;",
...              "ENCOURAGE efforts to promote peace and stability in the region;",
...              "SUPPORT the ASEAN Regional Plan of Action.",
...              "WELCOME the convening of the next meeting."]})
>>> from pipeline.params import StatementsParams
>>> r = find_reuse(segs, docs, **options(StatementsParams()))  # the stage's defaults
>>> r[["doc_id", "seg_id", "label", "source_doc_id", "source_seg_id"]].values.tolist()
[['y1', 1, 'new', '', 0], ['y1', 2, 'new', '', 0], ['y2', 1, 'edited', 'y1', 1], ['y2', 2, 'verbatim', 'y1', 2], ['y2', 3, 'new', '', 0]]
>>> print(r.loc[2, "redline"])
[-COMMIT-]{+ENCOURAGE efforts+} to promote peace and stability in the region;
>>> round(float(r.loc[2, "score"]), 4)  # 2 * 8 kept words / (9 + 10)
0.8421
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32
from rapidfuzz import process
from rapidfuzz.distance import Indel

from . import gcpause
from .errors import PipelineError
from .schema import CLAUSE_EDITS, CLAUSE_REUSE, REUSE_MATRIX, REUSE_SHARES

#: The settings of :func:`find_reuse`, named as the ``statements`` section of params.yaml names them
#: (:class:`pipeline.params.StatementsParams` holds their defaults and meaning).
OPTIONS = ("verbatim_threshold", "edited_threshold", "kinds", "shingle_words", "num_perm", "lsh_threshold", "seed")
LABELS = ("verbatim", "edited", "new")

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
# Edge punctuation stripped quickly; anything else that is not a letter or digit goes by _EDGE_PUNCT.
_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”„«»–—‐‑…•·"

#: Columns of :func:`find_reuse`, :func:`reuse_edits`, :func:`reuse_shares` and :func:`reuse_pairs`: the
#: tables ``clause_reuse.csv``, ``clause_edits.csv``, ``reuse_shares.csv`` and ``reuse_matrix.csv``, declared
#: (with each column's meaning) in :mod:`pipeline.schema`.
REUSE_COLUMNS = tuple(CLAUSE_REUSE.columns)
EDIT_COLUMNS = tuple(CLAUSE_EDITS.columns)
SHARE_COLUMNS = tuple(REUSE_SHARES.columns)
PAIR_COLUMNS = tuple(REUSE_MATRIX.columns)

#: Columns of :func:`lineage` and :func:`descendants`.
LINEAGE_COLUMNS = ("step", "doc_id", "seg_id", "date", "label", "score", "source_doc_id", "source_seg_id",
                   "redline", "text")


# ---------------------------------------------------------------- dates and words


def date_start(value: str) -> dt.date:
    """The earliest day an ISO 8601 date of the form YYYY, YYYY-MM or YYYY-MM-DD can mean.

    >>> date_start("2025"), date_start("2025-11"), date_start("2025-11-01")
    (datetime.date(2025, 1, 1), datetime.date(2025, 11, 1), datetime.date(2025, 11, 1))
    """
    m = _DATE.fullmatch(str(value).strip())
    if not m:
        raise PipelineError(f"date {value!r} is not an ISO 8601 date; write YYYY, YYYY-MM or YYYY-MM-DD.")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        return dt.date(year, month or 1, day or 1)
    except ValueError:
        raise PipelineError(f"date {value!r} is not a valid calendar date.") from None


def unit_words(text: str) -> tuple[list[str], list[str]]:
    """``(surfaces, keys)`` of a unit's words: how the text writes each word, and its comparison key.

    Words are the whitespace-separated pieces. A key is the piece case-folded,
    with the punctuation at its edges removed and curly apostrophes made
    straight. A piece that is only punctuation (a dash) has no key: it is
    kept in the surface of the word before it (or after it, at the start),
    so that a redline reproduces every piece of the text.

    >>> unit_words("RECOGNISING ASEAN’s role – and “centrality”;")
    (['RECOGNISING', 'ASEAN’s', 'role –', 'and', '“centrality”;'], ['recognising', "asean's", 'role', 'and', 'centrality'])
    >>> unit_words("– peace")
    (['– peace'], ['peace'])
    """
    surfaces, keys = [], []
    pending = ""
    for piece in text.split():
        key = piece.translate(_APOSTROPHES).strip(_PUNCT)
        if key and not (key[0].isalnum() and key[-1].isalnum()):
            key = _EDGE_PUNCT.sub("", key)
        if key:
            surfaces.append(pending + piece)
            keys.append(key.casefold())
            pending = ""
        elif surfaces:
            surfaces[-1] += " " + piece
        else:
            pending += piece + " "
    return surfaces, keys


def shingles(keys: Sequence[str], k: int) -> list[bytes]:
    """The distinct word ``k``-grams of a word sequence (the whole sequence if shorter), as UTF-8 bytes, sorted.

    >>> shingles(["we", "commit", "to", "peace"], 2)
    [b'commit to', b'to peace', b'we commit']
    >>> shingles(["peace"], 2)
    [b'peace']
    """
    if not keys:
        return []
    if len(keys) < k:
        return [" ".join(keys).encode("utf-8")]
    return sorted({" ".join(keys[i : i + k]).encode("utf-8") for i in range(len(keys) - k + 1)})


# ---------------------------------------------------------------- redlines


@dataclass(frozen=True)
class Change:
    """One run of changed words: where it stands in the later unit, what went and what came."""

    position: int
    deleted: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def op(self) -> str:
        if self.deleted and self.added:
            return "replace"
        return "delete" if self.deleted else "insert"


def _encode(keys: Sequence[str], vocab: dict[str, str]) -> str:
    """Words as one character each (a private code per distinct word), for fast alignment."""
    out = []
    for k in keys:
        c = vocab.get(k)
        if c is None:
            n = len(vocab)
            # Skip the surrogate block, which is not valid in a str for rapidfuzz.
            c = vocab[k] = chr(0xE000 + n if n < 0x1900 else 0x10000 + n)
        out.append(c)
    return "".join(out)


def alignment(old_keys: Sequence[str], new_keys: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """Word alignment of two key sequences: ``(tag, i1, i2, j1, j2)`` with runs of changes merged.

    Tags are ``equal`` and ``change``; a change replaces ``old[i1:i2]`` by
    ``new[j1:j2]`` (either may be empty). The alignment is rapidfuzz's Indel
    opcodes (a longest common subsequence), with adjacent deletions and
    insertions joined into one change.

    >>> alignment("we commit to peace".split(), "we encourage peace".split())
    [('equal', 0, 1, 0, 1), ('change', 1, 3, 1, 2), ('equal', 3, 4, 2, 3)]
    """
    vocab: dict[str, str] = {}
    a, b = _encode(old_keys, vocab), _encode(new_keys, vocab)
    out: list[list] = []
    for op in Indel.opcodes(a, b):
        tag = "equal" if op.tag == "equal" else "change"
        if tag == "change" and out and out[-1][0] == "change":
            out[-1][2], out[-1][4] = op.src_end, op.dest_end
        else:
            out.append([tag, op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [tuple(x) for x in out if x[1] != x[2] or x[3] != x[4]]


def changes(old_text: str, new_text: str) -> list[Change]:
    """The runs of changed words from ``old_text`` to ``new_text`` (words as the texts write them).

    >>> changes("COMMIT to promote peace;", "ENCOURAGE efforts to promote lasting peace.")
    [Change(position=0, deleted=('COMMIT',), added=('ENCOURAGE', 'efforts')), Change(position=4, deleted=(), added=('lasting',))]
    """
    old_s, old_k = unit_words(old_text)
    new_s, new_k = unit_words(new_text)
    return [Change(j1, tuple(old_s[i1:i2]), tuple(new_s[j1:j2]))
            for tag, i1, i2, j1, j2 in alignment(old_k, new_k) if tag == "change"]


def redline(old_text: str, new_text: str) -> str:
    """``new_text`` with each change from ``old_text`` marked ``[-deleted-]{+added+}`` (wdiff style).

    Kept words are written as ``new_text`` writes them; an empty string means
    the two have the same words.

    >>> redline("COMMIT to promote peace;", "ENCOURAGE efforts to promote lasting peace.")
    '[-COMMIT-]{+ENCOURAGE efforts+} to promote {+lasting+} peace.'
    >>> redline("Peace and security;", "peace and SECURITY.")
    ''
    """
    old_s, old_k = unit_words(old_text)
    new_s, new_k = unit_words(new_text)
    return _render(alignment(old_k, new_k), old_s, new_s)


def _render(ops, old_s: Sequence[str], new_s: Sequence[str]) -> str:
    if all(tag == "equal" for tag, *_ in ops):
        return ""
    parts = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            parts.append(" ".join(new_s[j1:j2]))
            continue
        mark = ""
        if i2 > i1:
            mark += "[-" + " ".join(old_s[i1:i2]) + "-]"
        if j2 > j1:
            mark += "{+" + " ".join(new_s[j1:j2]) + "+}"
        parts.append(mark)
    return " ".join(parts)


# ---------------------------------------------------------------- the search


def _units(segments: pd.DataFrame, documents: pd.DataFrame, kinds: Iterable[str]) -> pd.DataFrame:
    need = {"doc_id", "seg_id", "kind", "text"}
    missing = sorted(need - set(segments.columns))
    if missing:
        raise PipelineError(f"segments: column {missing[0]!r} is missing (expected the corpus stage's segments.csv).")
    for col in ("doc_id", "date"):
        if col not in documents.columns:
            raise PipelineError(f"documents: column {col!r} is missing (expected the corpus stage's documents.csv).")
    dates = {d: str(v) for d, v in zip(documents["doc_id"], documents["date"])}
    kinds = set(kinds)
    u = segments[segments["kind"].isin(kinds)].copy()
    unknown = sorted(set(u["doc_id"]) - set(dates))
    if unknown:
        raise PipelineError(f"segments: document {unknown[0]!r} has no row (no date) in documents.")
    if "clause_type" not in u.columns:
        u["clause_type"] = ""
    u["clause_type"] = u["clause_type"].fillna("").astype(str)
    u["text"] = u["text"].fillna("").astype(str)
    u["seg_id"] = u["seg_id"].astype(int)
    u["date"] = u["doc_id"].map(dates)
    starts = {d: date_start(v) for d, v in dates.items()}
    u["_day"] = u["doc_id"].map(lambda d: starts[d].toordinal())
    u["date_start"] = u["doc_id"].map(lambda d: starts[d].isoformat())
    return u.sort_values(["_day", "doc_id", "seg_id"], kind="mergesort").reset_index(drop=True)


def options(settings) -> dict:
    """The keyword arguments of :func:`find_reuse` from an object with those attributes (the ``statements``
    section of params.yaml, :class:`pipeline.params.StatementsParams`).

    >>> from pipeline.params import StatementsParams
    >>> options(StatementsParams())["edited_threshold"], options(StatementsParams())["kinds"]
    (0.6, ['clause', 'sentence', 'item'])
    """
    return {name: getattr(settings, name) for name in OPTIONS}


def find_reuse(
    segments: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    verbatim_threshold: float,
    edited_threshold: float,
    kinds: Iterable[str],
    shingle_words: int,
    num_perm: int,
    lsh_threshold: float,
    seed: int,
) -> pd.DataFrame:
    """The closest earlier antecedent of every unit, its score, label and redline (``clause_reuse.csv``).

    Parameters
    ----------
    segments : DataFrame
        ``doc_id, seg_id, kind, text`` (and ``clause_type``), as in ``segments.csv``.
    documents : DataFrame
        ``doc_id, date`` for every document of ``segments``.
    The settings are required keywords: the ``statements`` section of
    params.yaml (:class:`pipeline.params.StatementsParams`) is their one
    source of defaults; :func:`options` reads them off it.

    verbatim_threshold : float (default 1.0)
        A score at least this is ``verbatim`` (1.0: the same words in the same order).
    edited_threshold : float (default 0.6)
        A score at least this (and below ``verbatim_threshold``) is ``edited``;
        lower is ``new``.
    kinds : segment kinds compared (default ``["clause", "sentence", "item"]``).
    shingle_words : int (default 2)
        Words per shingle for MinHash: 2 keeps a clause with one word in
        three changed findable; 3 is stricter and proposes fewer candidates.
    num_perm : int (default 128)
        MinHash permutations (more: a finer similarity estimate, slower).
    lsh_threshold : float (default 0.3)
        Shingle Jaccard similarity around which the LSH index proposes a
        candidate; keep it well below what ``edited_threshold`` means in
        shingles (a clause keeping 60 % of its words in order has a 2-word
        shingle Jaccard of about 0.3 to 0.45).
    seed : int (default 1)
        Seed of the MinHash permutations.

    Returns
    -------
    DataFrame
        One row per unit, columns :data:`REUSE_COLUMNS` (described in
        ``pipeline.schema.CLAUSE_REUSE``), sorted by ``date_start``, ``doc_id``, ``seg_id``.
    """
    if not 0.0 <= edited_threshold <= verbatim_threshold <= 1.0:
        raise PipelineError("reuse thresholds: need 0 <= edited_threshold <= verbatim_threshold <= 1.")
    if shingle_words < 1 or num_perm < 2 or not 0.0 < lsh_threshold < 1.0:
        raise PipelineError("reuse: need shingle_words >= 1, num_perm >= 2 and 0 < lsh_threshold < 1.")
    u = _units(segments, documents, kinds)
    with gcpause.paused():
        return _search(u, verbatim_threshold, edited_threshold, shingle_words, num_perm, lsh_threshold, seed)


def _search(u: pd.DataFrame, verbatim_threshold: float, edited_threshold: float, shingle_words: int, num_perm: int,
            lsh_threshold: float, seed: int) -> pd.DataFrame:
    n = len(u)
    doc_ids = u["doc_id"].tolist()
    seg_ids = u["seg_id"].tolist()
    days = u["_day"].tolist()
    dates = u["date"].tolist()
    starts = u["date_start"].tolist()
    kinds_ = u["kind"].tolist()
    ctypes = u["clause_type"].tolist()

    # Distinct word sequences, with their occurrences in (day, doc_id, seg_id) order.
    words_of: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    surfaces, text_of = [], []
    key_id: dict[tuple[str, ...], int] = {}
    keys_list: list[tuple[str, ...]] = []
    for text in u["text"].tolist():
        w = words_of.get(text)
        if w is None:
            sf, k = unit_words(text)
            w = words_of[text] = (sf, tuple(k))
        surfaces.append(w[0])
        t = key_id.get(w[1])
        if t is None:
            t = key_id[w[1]] = len(keys_list)
            keys_list.append(w[1])
        text_of.append(t)
    occ: list[list[int]] = [[] for _ in keys_list]  # unit indices, already in (day, doc, seg) order
    for i, t in enumerate(text_of):
        occ[t].append(i)
    occ_days = [[days[i] for i in o] for o in occ]

    def latest_before(t: int, day: int) -> int:
        """Unit index of text t's latest occurrence before ``day`` (first doc/seg of that day), or -1."""
        ds = occ_days[t]
        j = bisect.bisect_left(ds, day) - 1
        if j < 0:
            return -1
        return occ[t][bisect.bisect_left(ds, ds[j])]

    vocab: dict[str, str] = {}
    encoded = [_encode(k, vocab) for k in keys_list]
    hashfunc = functools.lru_cache(maxsize=None)(sha1_hash32)  # each distinct shingle hashed once
    minhashes = MinHash.bulk([shingles(k, shingle_words) for k in keys_list], num_perm=num_perm, seed=seed,
                             hashfunc=hashfunc)
    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)

    score = [0.0] * n
    source = [-1] * n
    n_cand = [0] * n
    queried: dict[tuple[int, int], tuple[float, int, int]] = {}  # (text, day) -> (score, source unit, n)

    i = 0
    while i < n:
        day = days[i]
        j = i
        while j < n and days[j] == day:
            j += 1
        for k in range(i, j):
            t = text_of[k]
            if not keys_list[t]:
                continue
            exact = latest_before(t, day)
            if exact >= 0:
                score[k], source[k] = 1.0, exact
                continue
            hit = queried.get((t, day))
            if hit is None:
                hit = queried[(t, day)] = _best(t, sorted(lsh.query(minhashes[t])), day, encoded, latest_before,
                                                days, doc_ids, seg_ids)
            score[k], source[k], n_cand[k] = hit
        for k in range(i, j):
            t = text_of[k]
            if keys_list[t] and occ[t][0] == k:  # first occurrence of this text: index it
                lsh.insert(t, minhashes[t], check_duplication=False)
        i = j

    rows = []
    for k in range(n):
        s = score[k]
        src = source[k]
        lab = "verbatim" if src >= 0 and s >= verbatim_threshold else ("edited" if src >= 0 and s >= edited_threshold else "new")
        if lab == "new":
            src = -1
        rec = [doc_ids[k], seg_ids[k], dates[k], starts[k], kinds_[k], ctypes[k], len(surfaces[k]), lab, float(s),
               doc_ids[src] if src >= 0 else "", seg_ids[src] if src >= 0 else 0, dates[src] if src >= 0 else "",
               n_cand[k], 0, 0, "", "", ""]
        if src >= 0 and text_of[src] != text_of[k]:
            ops = alignment(keys_list[text_of[src]], keys_list[text_of[k]])
            old_s, new_s = surfaces[src], surfaces[k]
            ch = [(a, b, c, d) for tag, a, b, c, d in ops if tag == "change"]
            rec[13] = sum(b - a for a, b, _, _ in ch)
            rec[14] = sum(d - c for _, _, c, d in ch)
            rec[15] = _render(ops, old_s, new_s)
            rec[16] = " | ".join(" ".join(old_s[a:b]) for a, b, _, _ in ch if b > a)
            rec[17] = " | ".join(" ".join(new_s[c:d]) for _, _, c, d in ch if d > c)
        rows.append(rec)
    return pd.DataFrame(rows, columns=list(REUSE_COLUMNS))


def _best(t, cands, day, encoded, latest_before, days, doc_ids, seg_ids) -> tuple[float, int, int]:
    """``(score, source unit, n candidates)``: the best-scoring candidate text, ties to the most recent source."""
    if not cands:
        return 0.0, -1, 0
    scores = process.cdist([encoded[t]], [encoded[c] for c in cands], scorer=Indel.normalized_similarity,
                           dtype=np.float64, workers=1)[0]
    top = float(scores.max())
    best = -1
    for c in np.flatnonzero(scores == top):
        src = latest_before(cands[c], day)
        if src >= 0 and (best < 0 or _more_recent(src, best, days, doc_ids, seg_ids)):
            best = src
    return top, best, len(cands)


def _more_recent(a: int, b: int, days, doc_ids, seg_ids) -> bool:
    """Whether unit a beats unit b as a source at equal score: later day, then smaller doc_id, seg_id."""
    if days[a] != days[b]:
        return days[a] > days[b]
    return (doc_ids[a], seg_ids[a]) < (doc_ids[b], seg_ids[b])


# ---------------------------------------------------------------- tables from the reuse table


def reuse_edits(reuse: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """One row per run of changed words of every unit whose words differ from its antecedent (``clause_edits.csv``).

    ``reuse`` is :func:`find_reuse`'s table; ``segments`` gives the texts.
    Columns :data:`EDIT_COLUMNS` (see ``pipeline.schema.CLAUSE_EDITS``), in the order of
    ``reuse`` and then of the changes.
    """
    text = {(d, int(s)): t for d, s, t in zip(segments["doc_id"], segments["seg_id"], segments["text"])}
    rows = []
    changed = reuse[(reuse["source_doc_id"] != "") & (reuse["redline"] != "")]
    for r in changed.itertuples(index=False):
        old, new = text[(r.source_doc_id, int(r.source_seg_id))], text[(r.doc_id, int(r.seg_id))]
        for n, c in enumerate(changes(old, new), start=1):
            rows.append(dict(doc_id=r.doc_id, seg_id=int(r.seg_id), source_doc_id=r.source_doc_id,
                             source_seg_id=int(r.source_seg_id), change_id=n, op=c.op, position=c.position,
                             deleted=" ".join(c.deleted), added=" ".join(c.added)))
    return pd.DataFrame(rows, columns=list(EDIT_COLUMNS))


def _doc_order(documents: pd.DataFrame) -> pd.DataFrame:
    d = documents[["doc_id", "date"]].copy()
    d["date"] = d["date"].astype(str)
    d["date_start"] = [date_start(v).isoformat() for v in d["date"]]
    return d.sort_values(["date_start", "doc_id"], kind="mergesort").reset_index(drop=True)


def reuse_shares(reuse: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document, in date order: how many of its units are verbatim, edited and new, and their shares.

    Every document of ``documents`` has a row (a document without units has
    ``n_units`` 0 and shares 0). Columns :data:`SHARE_COLUMNS`.

    >>> docs = pd.DataFrame({"doc_id": ["b", "a"], "date": ["2025", "2024-06"]})
    >>> reuse = pd.DataFrame({"doc_id": ["a", "b", "b", "b"], "label": ["new", "verbatim", "edited", "verbatim"]})
    >>> reuse_shares(reuse, docs)[["doc_id", "n_units", "n_verbatim", "share_verbatim", "share_new"]].values.tolist()
    [['a', 1, 0, 0.0, 1.0], ['b', 3, 2, 0.6666666666666666, 0.0]]
    """
    out = _doc_order(documents)
    counts = reuse.groupby(["doc_id", "label"]).size().unstack(fill_value=0)
    for lab in LABELS:
        col = counts[lab] if lab in counts.columns else pd.Series(dtype=int)
        out[f"n_{lab}"] = out["doc_id"].map(col).fillna(0).astype(int)
    out["n_units"] = out[[f"n_{lab}" for lab in LABELS]].sum(axis=1).astype(int)
    for lab in LABELS:
        out[f"share_{lab}"] = np.where(out["n_units"] > 0, out[f"n_{lab}"] / out["n_units"].clip(lower=1), 0.0)
    return out[list(SHARE_COLUMNS)]


def reuse_pairs(reuse: pd.DataFrame) -> pd.DataFrame:
    """Long form of the document x earlier-document reuse matrix: only pairs with reuse, sorted.

    Columns :data:`PAIR_COLUMNS`. At 10,000 documents the full matrix has
    10^8 cells, nearly all 0; this table keeps the others.
    """
    n_units = reuse.groupby("doc_id").size()
    reused = reuse[reuse["label"].isin(["verbatim", "edited"])]
    if not len(reused):
        return pd.DataFrame(columns=list(PAIR_COLUMNS))
    c = reused.groupby(["doc_id", "source_doc_id", "label"]).size().unstack(fill_value=0)
    for lab in ("verbatim", "edited"):
        if lab not in c.columns:
            c[lab] = 0
    c = c.reset_index().rename(columns={"verbatim": "n_verbatim", "edited": "n_edited"})
    c["n_units"] = c["doc_id"].map(n_units).astype(int)
    c["share_reused"] = (c["n_verbatim"] + c["n_edited"]) / c["n_units"]
    c = c[list(PAIR_COLUMNS)].sort_values(["doc_id", "source_doc_id"], kind="mergesort").reset_index(drop=True)
    c.columns.name = None
    return c


def reuse_matrix(reuse: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Document x earlier-document matrix of the share of each document's units taken from the other.

    Rows and columns are the documents in date order (``date_start``, then
    ``doc_id``). A cell is ``share_reused`` of :func:`reuse_pairs`: 0.0 when
    the column document is earlier but nothing was taken from it, NaN when
    it is not earlier (same day or later), since no reuse is possible there.
    Each row sums to at most 1. Meant for display and heatmaps of up to a
    few hundred documents; use :func:`reuse_pairs` beyond.
    """
    order = _doc_order(documents)
    ids = order["doc_id"].tolist()
    day = dict(zip(order["doc_id"], order["date_start"]))
    m = pd.DataFrame(np.nan, index=pd.Index(ids, name="doc_id"), columns=pd.Index(ids, name="source_doc_id"))
    for a in ids:
        for b in ids:
            if day[b] < day[a]:
                m.at[a, b] = 0.0
    for r in reuse_pairs(reuse).itertuples(index=False):
        m.at[r.doc_id, r.source_doc_id] = r.share_reused
    return m


def _index(reuse: pd.DataFrame) -> dict[tuple[str, int], dict]:
    return {(r["doc_id"], int(r["seg_id"])): r for r in reuse.to_dict("records")}


def _texts(segments: pd.DataFrame | None) -> dict[tuple[str, int], str]:
    if segments is None:
        return {}
    return {(d, int(s)): t for d, s, t in zip(segments["doc_id"], segments["seg_id"], segments["text"])}


def lineage(reuse: pd.DataFrame, doc_id: str, seg_id: int, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """The chain of antecedents of one unit, oldest first, ending with the unit itself.

    Follows ``source_doc_id``/``source_seg_id`` back until a ``new`` unit
    (the clause's first appearance). ``step`` counts from 0 (the oldest);
    each row's ``redline`` marks its changes from the row before. With
    ``segments``, ``text`` holds each unit's text (else it is empty).
    Columns :data:`LINEAGE_COLUMNS`.
    """
    idx = _index(reuse)
    texts = _texts(segments)
    key = (doc_id, int(seg_id))
    if key not in idx:
        raise PipelineError(f"lineage: ({doc_id!r}, {seg_id}) is not a unit of the reuse table.")
    chain = []
    seen = set()
    while key in idx and key not in seen:
        seen.add(key)
        r = idx[key]
        chain.append(r)
        if r["label"] == "new" or not r["source_doc_id"]:
            break
        key = (r["source_doc_id"], int(r["source_seg_id"]))
    rows = [
        dict(step=n, doc_id=r["doc_id"], seg_id=int(r["seg_id"]), date=r["date"], label=r["label"],
             score=float(r["score"]), source_doc_id=r["source_doc_id"], source_seg_id=int(r["source_seg_id"]),
             redline=r["redline"], text=texts.get((r["doc_id"], int(r["seg_id"])), ""))
        for n, r in enumerate(reversed(chain))
    ]
    return pd.DataFrame(rows, columns=list(LINEAGE_COLUMNS))


def descendants(reuse: pd.DataFrame, doc_id: str, seg_id: int, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every later unit that descends from one unit (its copies, their copies, ...), breadth first.

    ``step`` is the generation (0 = the unit itself, 1 = units whose closest
    antecedent it is, ...); within a generation rows are in date order.
    Columns :data:`LINEAGE_COLUMNS`.
    """
    idx = _index(reuse)
    texts = _texts(segments)
    root = (doc_id, int(seg_id))
    if root not in idx:
        raise PipelineError(f"descendants: ({doc_id!r}, {seg_id}) is not a unit of the reuse table.")
    children: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for key, r in idx.items():
        if r["label"] != "new" and r["source_doc_id"]:
            children[(r["source_doc_id"], int(r["source_seg_id"]))].append(key)
    rows, queue, seen = [], deque([(root, 0)]), {root}
    while queue:
        key, gen = queue.popleft()
        r = idx[key]
        rows.append(dict(step=gen, doc_id=key[0], seg_id=key[1], date=r["date"], label=r["label"],
                         score=float(r["score"]), source_doc_id=r["source_doc_id"],
                         source_seg_id=int(r["source_seg_id"]), redline=r["redline"], text=texts.get(key, ""),
                         _order=(r["date_start"], key[0], key[1])))
        for c in sorted(children.get(key, []), key=lambda k: (idx[k]["date_start"], k)):
            if c not in seen:
                seen.add(c)
                queue.append((c, gen + 1))
    df = pd.DataFrame(rows)
    df = df.sort_values(["step", "_order"], kind="mergesort").drop(columns="_order").reset_index(drop=True)
    return df[list(LINEAGE_COLUMNS)]
