"""Bigram collocations within segments, scored by NLTK's likelihood ratio and PMI."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import pandas as pd
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from nltk.probability import FreqDist

from .schema import COLLOCATIONS
from .units import Doc


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
