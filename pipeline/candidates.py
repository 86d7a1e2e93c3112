"""Names the gazetteer does not cover: candidates for a scholar to add.

Unknown actors
--------------
Capitalised multiword names ("Global Network of Women Peacebuilders") and
acronyms ("AIPR") that no gazetteer alias covers are listed with their count,
documents and a first example in context, so that the gazetteer can grow.
Names made only of known actors ("Indonesia and Malaysia"), names adding a
single word to a known one ("ASEAN Centrality"), shouted words longer than an
acronym ("RECOGNISING"), headings (optional) and the gazetteer's
``not_actors`` are left out.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import Mapping

import pandas as pd

from .gazetteer import Gazetteer, alias_key, fold
from .schema import ACTOR_CANDIDATES
from .tables import conform


_CONNECTORS = {"of", "and", "the", "for", "on", "in", "to", "de", "du", "des", "la", "van", "von", "&"}
_SPLITTERS = {"and", "&", "or"}

#: Capitalised words that start a sentence or a name's context, not the name.
_LEADING = {
    "the", "a", "an", "this", "these", "those", "its", "their", "our", "his", "her", "such", "each", "every",
    "both", "any", "several", "many", "some", "all", "other", "from", "to", "in", "on", "at", "by", "for",
    "with", "since", "while", "when", "if", "yet", "but", "and", "or", "furthermore", "however", "moreover",
    "recent", "as", "under", "between", "among", "after", "before", "during", "through", "via",
}

#: Words that break a name: months, number words and ordinals ("the First Day of November").
_BREAKERS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "hundred", "thousand", "first", "second", "third", "fourth",
    "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
    "fourteenth", "fifteenth", "twentieth", "year", "day",
}
_CAP = r"[A-ZÀ-Þ][\w]*(?:-[\w]+)*(?:(?<=s)['’](?!\w))?"
_CONN = r"(?:of|and|the|for|on|in|to|de|du|des|la|van|von|&)"
_PHRASE = re.compile(rf"(?<![\w'’-])(?:{_CAP})(?:[ \t](?:{_CONN}[ \t])*(?:{_CAP}))*")
_TOKEN = re.compile(rf"{_CAP}|{_CONN}(?![\w])")
_ACRONYM = re.compile(r"(?<![\w'’-])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![\w'’-])")
_DEFINED = re.compile(r"\(([A-Z][A-Z0-9&-]+)s?\)")
#: A Roman numeral (World War II, Title IV, Part IX) is a number, not an acronym.
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")



def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)



def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()



def _covered(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """Whether [s, e) lies inside one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(starts, s) - 1
    return i >= 0 and spans[i][1] >= e



def _overlaps(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    i = bisect.bisect_left(starts, e) - 1
    return i >= 0 and spans[i][1] > s



def _sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence, paragraph, list item or heading."""
    i = pos - 1
    while i >= 0 and text[i] in " \t•·*–-\"“‘'(":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"



def _name_parts(text: str, m: re.Match, spans, starts, max_letters: int, defined: set[str], ignore: set[str]):
    """Split one capitalised phrase into candidate names: returns ``[(start, end), ...]``.

    Tokens are classified as connectors, *known* (overlapping a gazetteer
    mention), *breakers* (months, numbers, shouted words) or unknown
    capitalised words. The phrase is cut at breakers and at every connector
    with only known words on one side ("Indonesia and Malaysia", "ADMM-Plus
    in Ha Noi"); a sentence-initial word followed by "the" is dropped
    ("Strengthen the ..."). A part is kept if it has two or more words, of
    which at least two (or all) are unknown, and it is not in ``ignore`` nor
    made of ``ignore`` names joined by "and"/"or".
    """
    tokens = []  # (start, end, word, kind) kind: cap | conn | known | break
    for t in _TOKEN.finditer(text, m.start(), m.end()):
        w = t.group()
        if w.lower() in _CONNECTORS and not w[0].isupper():
            kind = "conn"
        elif _overlaps(spans, starts, t.start(), t.end()):
            kind = "known"
        elif w.lower().rstrip("'’") in _BREAKERS:
            kind = "break"
        elif w.isupper() and _letters(w) > max_letters and w.rstrip("s") not in defined:
            kind = "break"
        else:
            kind = "cap"
        tokens.append((t.start(), t.end(), w, kind))
    parts, cur = [], []
    for tok in tokens:
        if tok[3] == "break":
            parts.append(cur)
            cur = []
        else:
            cur.append(tok)
    parts.append(cur)

    def all_known(seq) -> bool:
        return all(x[3] == "known" for x in seq if x[3] != "conn")

    out = []
    for part in parts:
        if len(part) >= 3 and part[1][3] == "conn" and part[1][2] == "the" and _sentence_initial(text, part[0][0]):
            part = part[2:]
        pieces, cur = [], []
        for i, tok in enumerate(part):
            if tok[3] == "conn" and cur:
                after = []
                for nxt in part[i + 1 :]:
                    if nxt[3] == "conn":
                        break
                    after.append(nxt)
                if all_known(cur) or (after and all_known(after)):
                    pieces.append(cur)
                    cur = []
                    continue
            cur.append(tok)
        pieces.append(cur)
        for piece in pieces:
            while piece and (piece[0][3] == "conn" or piece[0][2].lower() in _LEADING):
                piece = piece[1:]
            while piece and piece[-1][3] == "conn":
                piece = piece[:-1]
            words = [x for x in piece if x[3] != "conn"]
            unknown = [x for x in words if x[3] == "cap"]
            if len(words) < 2 or not (len(unknown) >= 2 or (unknown and len(unknown) == len(words))):
                continue
            s, e = piece[0][0], piece[-1][1]
            key = alias_key(text[s:e])
            if key in ignore:
                continue
            sub = [k.strip() for k in re.split(r"\s(?:and|or|&)\s", key)]
            if len(sub) > 1 and all(k in ignore for k in sub):
                continue
            out.append((s, e))
    return out



def find_candidates(
    texts: Mapping[str, str],
    mentions: pd.DataFrame,
    gazetteer: Gazetteer,
    segments: pd.DataFrame | None = None,
    *,
    min_count: int,
    acronym_max_letters: int,
    skip_headings: bool,
    context_chars: int,
) -> pd.DataFrame:
    """The unknown-actor candidates table (``actor_candidates.csv``).

    A *name* is a run of two or more capitalised words, possibly joined by
    lower-case connectors (of, and, the, for, on, in, to), with at least two
    words (or all of them) outside gazetteer mentions. An *acronym* is an
    upper-case word of at most ``acronym_max_letters`` letters (plural "s"
    allowed), or any upper-case word defined in brackets somewhere in the
    corpus, outside gazetteer mentions.
    """
    ignore = {alias_key(x) for x in gazetteer.not_actors}
    spans_by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if len(mentions):
        for doc_id, s, e in mentions[["doc_id", "start", "end"]].itertuples(index=False):
            spans_by_doc[doc_id].append((int(s), int(e)))
    headings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if skip_headings and segments is not None and len(segments):
        h = segments[segments["kind"] == "heading"]
        for doc_id, s, e in h[["doc_id", "start", "end"]].itertuples(index=False):
            headings[doc_id].append((int(s), int(e)))
    defined = {m.group(1) for t in texts.values() for m in _DEFINED.finditer(t)}

    found: dict[tuple[str, str], dict] = {}

    def add(doc_id: str, text: str, s: int, e: int, kind: str) -> None:
        surface = _squash(fold(text[s:e]))
        key = alias_key(surface)
        if key in ignore:
            return
        rec = found.get((key, kind))
        if rec is None:
            example = _squash(f"{text[max(0, s - context_chars) : s]}[{text[s:e]}]{text[e : e + context_chars]}")
            rec = found[(key, kind)] = {
                "candidate": surface, "kind": kind, "count": 0, "docs": set(),
                "example_doc_id": doc_id, "example": example,
            }
        rec["count"] += 1
        rec["docs"].add(doc_id)

    for doc_id in sorted(texts):
        text = texts[doc_id]
        spans = sorted(spans_by_doc.get(doc_id, []))
        starts = [s for s, _ in spans]
        hspans = sorted(headings.get(doc_id, []))
        hstarts = [s for s, _ in hspans]
        for m in _PHRASE.finditer(text):
            if hspans and _overlaps(hspans, hstarts, m.start(), m.end()):
                continue
            for s, e in _name_parts(text, m, spans, starts, acronym_max_letters, defined, ignore):
                add(doc_id, text, s, e, "name")
        for m in _ACRONYM.finditer(text):
            word = m.group(1)
            if _letters(word) < 2 or (_letters(word) > acronym_max_letters and word not in defined):
                continue
            if _ROMAN.fullmatch(word):
                continue
            if _overlaps(spans, starts, m.start(), m.end()):
                continue
            if hspans and _overlaps(hspans, hstarts, m.start(), m.end()):
                continue
            add(doc_id, text, m.start(), m.end(), "acronym")

    rows = [
        {
            "candidate": r["candidate"], "kind": r["kind"], "count": r["count"], "n_documents": len(r["docs"]),
            "documents": ";".join(sorted(r["docs"])), "example_doc_id": r["example_doc_id"], "example": r["example"],
        }
        for r in found.values()
        if r["count"] >= min_count
    ]
    df = pd.DataFrame(rows, columns=ACTOR_CANDIDATES.columns)
    return conform(df, ACTOR_CANDIDATES)
