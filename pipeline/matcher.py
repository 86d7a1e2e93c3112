"""Find the gazetteer's actors and instruments in a text: one compiled trie regex, longest match first.

Matching rules
--------------
Every alias of every entry is compiled into **one** regular expression (a
trie of the aliases, so the engine never retries alias after alias), and each
cleaned text is scanned once, left to right:

- **Longest match first.** At each position the longest alias wins, so
  "ASEAN Secretariat" is one mention of the Secretariat and not also one of
  ASEAN, and "United Nations Security Council Resolution 1325" is one mention
  of UNSCR 1325. Mentions never overlap.
- **Word boundaries.** A match must not start or end inside a word: "UK" is
  not found in "UKRAINE" nor "UN" in "UNDER". A hyphen is a boundary, so
  "ASEAN-led" is a mention of ASEAN (and "ADMM-Plus" of the ADMM-Plus, the
  longer alias).
- **Case.** An alias with no lower-case letter (an acronym: ASEAN, US, UK,
  EWG, UNSCR 1325) matches only exactly as written, so the word "us" is never
  the United States. An alias with a lower-case letter (a name: Viet Nam,
  ADMM-Plus) matches in any case, so "ADMM-PLUS" is the ADMM-Plus. The
  gazetteer's ``exact_case`` list makes a name match only as written.
- **Spelling.** Straight and curly apostrophes, hyphens and dashes are
  interchangeable; a space in an alias matches one blank or line break.
- **Possessives.** "ASEAN’s" and "ASEAN's" are mentions of ASEAN, and
  "ASEAN Member States’" of the Member States. The possessive ending is
  *not* part of the surface: ``surface`` is the name as written
  ("ASEAN"), and ``clean[start:end] == surface`` always holds.
- **A name and its acronym.** A name followed by one of its own aliases in
  brackets, "the Treaty of Amity and Cooperation in Southeast Asia (TAC)",
  is **one** mention whose surface includes the bracket: the acronym defines
  the name and is not counted again. A later "TAC" on its own is a mention.

Each mention gets the ``seg_id`` of the segment of ``segments.csv`` that
contains its first character (0 if none does, e.g. a text without segments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .gazetteer import Gazetteer, alias_key, fold
from .schema import ACTOR_MENTIONS
from .tables import conform


_APOS_CLASS = "['’‘ʼ`]"



_HYPHEN_CLASS = "[-‐‑–—−]"



def _char_pattern(ch: str) -> str:
    if ch == "'":
        return _APOS_CLASS
    if ch == "-":
        return _HYPHEN_CLASS
    if ch == " ":
        return r"\s"
    return re.escape(ch)



def trie_regex(keys: Iterable[str], char=None) -> str:
    """A regular expression matching exactly ``keys``, preferring the longest.

    Shared prefixes are factored out, so the engine reads each character once
    instead of trying every key in turn. ``char`` writes one character as a
    pattern; by default, for the gazetteer's folded aliases
    (:func:`~pipeline.gazetteer.alias_key`, matched with ``re.IGNORECASE``), any
    apostrophe, hyphen or blank matches its variants; ``re.escape`` matches
    exactly.

    >>> print(trie_regex(["un", "un women", "uk"]))
    u(?:k|n(?:\\swomen|))
    >>> trie_regex(["us"])
    'us'
    """
    char = char or _char_pattern
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts = [char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            if not alts:
                return ""
            alts.append("")  # the shorter key last: longer matches are tried first
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(trie)



@dataclass(frozen=True)
class _Alias:
    entry_id: str
    any_case: bool  # some alias with this key matches in any case
    exact: frozenset[str]  # folded forms that match when case matters



class AliasMatcher:
    """Finds every gazetteer alias in a text in one left-to-right scan.

    >>> from pipeline.gazetteer import parse_gazetteer
    >>> g = parse_gazetteer('''
    ... entries:
    ...   - {id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]}
    ...   - {id: asec, name: ASEAN Secretariat, type: organisation_body, aliases: [ASEAN Secretariat]}
    ...   - {id: us, name: United States, type: state, iso3: USA, aliases: [United States, US]}
    ... ''')
    >>> m = AliasMatcher(g)
    >>> m.find("ASEAN’s ASEAN SECRETARIAT told us and the US")
    [(0, 5, 'asean'), (8, 25, 'asec'), (42, 44, 'us')]
    """

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        table: dict[str, dict] = {}
        for alias, entry_id, case_sensitive in gazetteer.aliases():
            rec = table.setdefault(alias_key(alias), {"id": entry_id, "any": False, "exact": set()})
            if case_sensitive:
                rec["exact"].add(fold(alias))
            else:
                rec["any"] = True
        self.aliases: dict[str, _Alias] = {
            k: _Alias(v["id"], v["any"], frozenset(v["exact"])) for k, v in table.items()
        }
        self.n_aliases = gazetteer.n_aliases
        self.pattern_text = r"(?<!\w)" + trie_regex(sorted(self.aliases)) + r"(?!\w)"
        self.regex = re.compile(self.pattern_text, re.IGNORECASE)
        self._bracket = re.compile(r"\s?\(([^()\n]{1,80})\)")
        self._word_char = re.compile(r"\w")

    def resolve(self, surface: str) -> str | None:
        """The entry ``surface`` names under the case rules, or None."""
        rec = self.aliases.get(alias_key(surface))
        if rec is None:
            return None
        if rec.any_case or fold(surface) in rec.exact:
            return rec.entry_id
        return None

    def _shorter(self, text: str, start: int, end: int) -> tuple[str, int] | None:
        """The longest valid alias at ``start`` ending before ``end`` (after a case rejection)."""
        limit = end - 1
        while limit > start:
            m = self.regex.match(text, start, limit)
            if m is None:
                return None
            e = m.end()
            if e < len(text) and self._word_char.match(text, e):
                limit = e - 1
                continue
            entry = self.resolve(text[start:e])
            if entry is not None:
                return entry, e
            limit = e - 1
        return None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entry_id)`` of every mention in ``text``, in order."""
        out = []
        search = self.regex.search
        aliases = self.aliases
        pos = 0
        while True:
            m = search(text, pos)
            if m is None:
                break
            start, end = m.span()
            surface = m.group()
            rec = aliases.get(surface.lower())  # fast path: plain spelling
            if rec is not None and rec.any_case:
                entry = rec.entry_id
            else:
                entry = self.resolve(surface)
                if entry is None:
                    found = self._shorter(text, start, end)
                    if found is None:
                        pos = start + 1
                        continue
                    entry, end = found
            b = self._bracket.match(text, end)
            if b is not None and self.resolve(b.group(1)) == entry:
                end = b.end()
            out.append((start, end, entry))
            pos = end
        return out



def segment_ids(starts: Sequence[int], seg_starts: np.ndarray, seg_ends: np.ndarray, seg_ids: np.ndarray) -> np.ndarray:
    """For each offset in ``starts``, the id of the segment containing it (0 if none).

    >>> segment_ids([0, 5, 12], np.array([0, 6]), np.array([4, 20]), np.array([1, 2])).tolist()
    [1, 0, 2]
    """
    starts = np.asarray(starts, dtype=np.int64)
    if len(seg_starts) == 0 or len(starts) == 0:
        return np.zeros(len(starts), dtype=np.int64)
    idx = np.searchsorted(seg_starts, starts, side="right") - 1
    ok = idx >= 0
    safe = np.where(ok, idx, 0)
    ok &= starts < seg_ends[safe]
    return np.where(ok, seg_ids[safe], 0).astype(np.int64)



def _segment_arrays(segments: pd.DataFrame | None) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    out = {}
    if segments is None or not len(segments):
        return out
    seg = segments.sort_values(["doc_id", "start"], kind="mergesort")
    for doc_id, g in seg.groupby("doc_id", sort=True):
        out[doc_id] = (
            g["start"].to_numpy(np.int64),
            g["end"].to_numpy(np.int64),
            g["seg_id"].to_numpy(np.int64),
        )
    return out



def mentions_table(rows: Sequence[tuple], segments: pd.DataFrame | None) -> pd.DataFrame:
    """The mentions table (``actor_mentions.csv``) from ``(doc_id, start, end, surface, actor_id, source, type,
    rule)`` rows sorted by document and start, each given the id of the segment it starts in."""
    cols = ["doc_id", "start", "end", "surface", "actor_id", "source", "type", "rule"]
    df = pd.DataFrame(list(rows), columns=cols)
    segs = _segment_arrays(segments)
    empty = (np.array([], np.int64),) * 3
    seg_id = np.zeros(len(df), dtype=np.int64)
    if len(df):
        bounds = df.groupby("doc_id", sort=False).indices
        for doc_id, idx in bounds.items():
            seg_id[idx] = segment_ids(df["start"].to_numpy()[idx], *segs.get(doc_id, empty))
    df["seg_id"] = seg_id
    return conform(df[list(ACTOR_MENTIONS.columns)], ACTOR_MENTIONS)


def extract_mentions(texts: Mapping[str, str], segments: pd.DataFrame | None, matcher: AliasMatcher) -> pd.DataFrame:
    """The mentions table (``actor_mentions.csv``) of the gazetteer's names alone (no recogniser)."""
    types = {e.id: e.type for e in matcher.gazetteer.entries.values()}
    rows = [(doc_id, s, e, texts[doc_id][s:e], a, "gazetteer", types[a], "gazetteer")
            for doc_id in sorted(texts) for s, e, a in matcher.find(texts[doc_id])]
    return mentions_table(rows, segments)
