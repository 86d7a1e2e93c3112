"""Where terms occur: keyword-in-context lines and positions for a dispersion (x-ray) plot."""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

import pandas as pd

from .schema import DISPERSION, KWIC
from .tokens import phrase_words
from .units import Doc


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
