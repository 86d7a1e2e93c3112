"""Counts: term frequencies, lexical diversity and readability per document, top n-grams, clause verbs."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import pandas as pd

from .readability import count_syllables, flesch_reading_ease, mattr, ttr
from .schema import CLAUSE_VERBS, DOC_STATS, NGRAMS, TERM_FREQUENCIES
from .tokens import TermMaker, tokenize
from .units import Doc


CLAUSE_TYPES = ("preambular", "operative")



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



def clause_verbs(docs: Sequence[Doc]) -> pd.DataFrame:
    c: Counter = Counter()
    for d in docs:
        for s in d.segments:
            if s.kind == "clause" and s.clause_type in CLAUSE_TYPES:
                toks = tokenize(s.text)
                if toks:
                    c[(d.doc_id, s.clause_type, toks[0])] += 1
    return pd.DataFrame([(*k, v) for k, v in c.items()], columns=CLAUSE_VERBS.columns)
