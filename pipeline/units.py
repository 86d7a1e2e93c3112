"""The units every text statistic counts in: documents cut into their segments, with words and terms.

*Words* are the project's tokens lower-cased (:func:`pipeline.tokens.words`);
*terms* are words with the configured multiword expressions joined
(``mutual_aid``) and, if stemming is on, Snowball-stemmed. Each segment (a
sentence, list item, heading or diplomatic clause from ``segments.csv``) is a
unit of its own, so no n-gram, MWE or collocation runs across two segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

import pandas as pd

from .progress import track
from .tokens import TermMaker, token_spans, words


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
