"""Split a cleaned document into segments: clauses, headings, list items, sentences.

Diplomatic texts are made of clauses, each one paragraph opening with an
all-caps word (see ``config/clauses.yaml``): each clause is one segment.
Other paragraphs are split into sentences by NLTK's Punkt, configured with
our abbreviation list rather than trained or downloaded. Every segment
carries character offsets with ``clean[start:end] == text``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .errors import PipelineError
from .yamlfile import read_yaml

KINDS = ("heading", "sentence", "item", "clause")
CLAUSE_TYPES = ("preambular", "operative", "chapeau", "adoption")

_OPENER = re.compile(r"([A-Z][A-Z'’-]{2,})(?=[\s,])\s*\S")
_CHAPEAU = re.compile(r"[A-Z][A-Z ,'’-]*[A-Z]:")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")
HEADING_MAX_WORDS = 15
_ENDS_PROSE = tuple(".!?;:,")


@dataclass(frozen=True)
class ClauseWords:
    preambular: frozenset[str]
    operative: frozenset[str]
    adoption: frozenset[str]


def load_clause_words(path: Path | str) -> ClauseWords:
    """Read ``config/clauses.yaml``: lists of preambular, operative and adoption openers."""
    path = Path(path)
    data = read_yaml(path)
    lists = {}
    for key in ("preambular", "operative", "adoption"):
        words = (data or {}).get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) and w.isupper() for w in words):
            raise PipelineError(f"{path}: '{key}' must be a list of upper-case words, e.g. [RECOGNISING, NOTING].")
        lists[key] = frozenset(words)
    both = sorted(lists["preambular"] & lists["operative"])
    if both:
        raise PipelineError(f"{path}: {both[0]} is listed as both preambular and operative; keep it in one list.")
    return ClauseWords(**lists)


def sentence_tokenizer(abbreviations: Iterable[str] = ()) -> PunktSentenceTokenizer:
    """Punkt with the given abbreviations (and single-letter initials) that never end a sentence.

    >>> tok = sentence_tokenizer(["dr", "u.n"])
    >>> tok.tokenize("Dr. Lim met U.N. staff. S. Rajaratnam spoke.")
    ['Dr. Lim met U.N. staff.', 'S. Rajaratnam spoke.']
    """
    params = PunktParameters()
    params.abbrev_types = {a.strip().lower().rstrip(".") for a in abbreviations if a.strip()} | set(
        string.ascii_lowercase
    )
    return PunktSentenceTokenizer(params)


def read_abbreviations(path: Path | str) -> list[str]:
    """Abbreviations from a text file: one per line, ``#`` comments ignored."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return sorted({x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#")})


def classify_paragraph(
    text: str, words: ClauseWords, heading_max_words: int = HEADING_MAX_WORDS
) -> tuple[str, str] | None:
    """``(kind, clause_type)`` for a clause or heading paragraph; ``None`` for prose.

    >>> w = ClauseWords(frozenset({"RECALLING"}), frozenset({"ENHANCE"}), frozenset({"ADOPTED"}))
    >>> classify_paragraph("RECALLING the ASEAN Charter;", w)
    ('clause', 'preambular')
    >>> classify_paragraph("WE HEREBY COMMIT TO:", w)
    ('clause', 'chapeau')
    >>> classify_paragraph("Objectives of the Summit", w)
    ('heading', '')

    A short paragraph in capitals is a section heading even when it ends with a full stop or
    opens with an -ING word, as the headings of old addresses do:

    >>> [classify_paragraph(t, w) for t in ("THE ARMY.", "COMBATING DRUG ABUSE", "RECALLING the Charter;")]
    [('heading', ''), ('heading', ''), ('clause', 'preambular')]
    """
    if _CHAPEAU.fullmatch(text):
        return "clause", "chapeau"
    if (text == text.upper() and any(c.isupper() for c in text) and not text.startswith("• ")
            and len(text.split()) <= heading_max_words):
        return "heading", ""
    m = _OPENER.match(text)
    if m:
        word = m.group(1).upper()
        if word in words.preambular:
            return "clause", "preambular"
        if word in words.operative:
            return "clause", "operative"
        if word in words.adoption:
            return "clause", "adoption"
        if word.endswith("ING") and len(word) >= 6:
            return "clause", "preambular"
    if not text.startswith("• ") and not text.endswith(_ENDS_PROSE) and len(text.split()) <= heading_max_words:
        return "heading", ""
    return None


def opening_word(text: str) -> str:
    """The all-caps word a clause opens with (``''`` if none)."""
    m = _OPENER.match(text)
    return m.group(1) if m else ""


def segment(
    clean: str,
    words: ClauseWords,
    tokenizer: PunktSentenceTokenizer,
    heading_max_words: int = HEADING_MAX_WORDS,
) -> list[dict]:
    """Segments of a cleaned text, in order.

    Each is a dict with ``seg_id`` and ``para_id`` (1-based), ``kind``,
    ``clause_type`` (``''`` for prose), ``start``, ``end`` and ``text``.
    """
    out: list[dict] = []
    for para_id, pm in enumerate(_PARAGRAPH.finditer(clean), start=1):
        p_start, p_text = pm.start(), pm.group(0)
        label = classify_paragraph(p_text, words, heading_max_words)
        if label is not None:
            spans, kind, ctype = [(0, len(p_text))], *label
        else:
            offset = 2 if p_text.startswith("• ") else 0
            kind, ctype = ("item" if offset else "sentence"), ""
            spans = [(offset + s, offset + e) for s, e in tokenizer.span_tokenize(p_text[offset:])]
        for s, e in spans:
            out.append(
                dict(
                    seg_id=len(out) + 1,
                    para_id=para_id,
                    kind=kind,
                    clause_type=ctype,
                    start=p_start + s,
                    end=p_start + e,
                    text=clean[p_start + s : p_start + e],
                )
            )
    return out
