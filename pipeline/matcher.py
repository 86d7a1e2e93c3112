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

Speed
-----
The regular expression is the definition of a match, but scanning a text
with it tries it at every character. The matcher first finds where a match
*can* start, with an Aho-Corasick automaton (pyahocorasick, in C) of the
aliases' leading letters over the lower-cased text, and tries the regular
expression only there: the same mentions (a superset of the starts is
tried, in order): on the State of the Union addresses half the time of one
scan, on text dense with gazetteer names about the same. A text where
lower-casing is not one character for one (a dotted capital I) or where a
character matches a letter only under Unicode case rules (dotless i, long
s) is scanned with the regular expression itself.

Each mention gets the ``seg_id`` of the segment of ``segments.csv`` that
contains its first character (0 if none does, e.g. a text without segments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import ahocorasick
import numpy as np
import pandas as pd

from .gazetteer import Gazetteer, alias_key, fold
from .schema import ACTOR_MENTIONS
from .tables import conform


_APOS_CLASS = "['’‘ʼ`]"



_HYPHEN_CLASS = "[-‐‑–—−]"



# Characters of an alias that the regex matches in several spellings (apostrophes, hyphens, blanks), with
# the spellings; and characters that match a letter only under Unicode's extra case rules (re._casefix), or
# lower-case to two characters: a text holding one is scanned with the regex, not through the automaton.
_VARIANTS = {"'": "'’‘ʼ`", "-": "-‐‑–—−", " ": "".join(chr(c) for c in range(0x3000 + 1) if re.match(r"\s", chr(c)))}
try:  # the case pairs that simple lower-casing misses ("ſ" matches "s" under re.IGNORECASE)
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - another Python: scan every text with the regex
    _EXTRA_CASES = None
_CASE_EXTRAS = frozenset() if _EXTRA_CASES is None else frozenset(
    chr(c) for k, v in _EXTRA_CASES.items() for c in (k, *v))
_UNSAFE_TEXT = None if _EXTRA_CASES is None else "".join(sorted(
    {chr(c) for k, v in _EXTRA_CASES.items() if any(x < 128 for x in (k, *v)) for c in (k, *v) if c >= 128}))


def _prefixes(key: str) -> list[str]:
    """Leading strings that every text matching the alias ``key`` starts with (in lower case).

    The prefix runs to the second character the regex matches in several spellings or cases, the
    first written in each of its spellings: "asean secretariat" is sought as "asean secretariat",
    "asean\\nsecretariat" and so on, not as "asean" (which starts many names that are not this one).

    >>> _prefixes("asean secretariat")[:2]
    ['asean\\tsecretariat', 'asean\\nsecretariat']
    >>> _prefixes("admm-plus")
    ['admm-plus', 'admm‐plus', 'admm‑plus', 'admm–plus', 'admm—plus', 'admm−plus']
    >>> _prefixes("asean")
    ['asean']
    """
    def stop(k: str, start: int) -> int:
        for i in range(start, len(k)):
            ch = k[i]
            if ch in _VARIANTS or (not ch.isascii() and ch in _CASE_EXTRAS):
                return i
        return len(k)

    n = stop(key, 0)
    if n == len(key) or key[n] not in _VARIANTS:
        return [key[:n]]
    m = stop(key, n + 1)
    return [key[:n] + v + key[n + 1:m] for v in _VARIANTS[key[n]]]


def _automaton(pairs: Iterable[tuple[str, object]]) -> "ahocorasick.Automaton | None":
    """An Aho-Corasick automaton reporting ``(end, value)`` for every occurrence of each key (None if none)."""
    a = ahocorasick.Automaton()
    for key, value in sorted(pairs):
        a.add_word(key, value)
    if len(a) == 0:
        return None
    a.make_automaton()
    return a


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



class Words:
    r"""Exact strings found where they stand as words: leftmost, longest, never overlapping.

    The same matches as ``re.finditer`` of the alternation of the strings (longest first) between
    ``(?<![\w-])`` and ``(?![\w])``, with an Aho-Corasick automaton instead of a regex tried at every
    character (the recogniser's short forms and persons' names, sought again in whole documents).

    >>> Words(["UN", "UN Women", "ACDM"]).find("UN Women, the UNDP, pre-UN and UN.")
    [(0, 8, 'UN Women'), (31, 33, 'UN')]
    """

    def __init__(self, keys: Iterable[str]):
        self._automaton = _automaton((k, k) for k in set(keys) if k)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, string)`` of every match in ``text``, in order."""
        if self._automaton is None:
            return []
        hits = sorted((end - len(key) + 1, -len(key), key) for end, key in self._automaton.iter(text))
        out, pos, n = [], 0, len(text)
        for start, neg, key in hits:
            end = start - neg
            if start < pos:
                continue
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            if end < n and (text[end].isalnum() or text[end] == "_"):
                continue  # a shorter string at the same start may still stand as a word
            out.append((start, end, key))
            pos = end
        return out



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
        prefixes = {p for key in self.aliases for p in _prefixes(key)}
        # where a match can start: an automaton of the prefixes (None: scan every text with the regex)
        self._starts = _automaton((p, len(p)) for p in prefixes) \
            if "" not in prefixes and _UNSAFE_TEXT is not None else None
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

    def candidates(self, text: str) -> list[int] | None:
        """Sorted offsets where a mention may start (a superset), or None where the text must be scanned."""
        if self._starts is None:
            return None
        low = text.lower()
        if len(low) != len(text) or (not text.isascii() and any(ch in text for ch in _UNSAFE_TEXT)):
            return None
        starts = sorted({end - n + 1 for end, n in self._starts.iter(low)})
        # a match starts a word: not after a letter, digit or underscore (the regex's (?<!\w))
        return [q for q in starts if q == 0 or not (text[q - 1].isalnum() or text[q - 1] == "_")]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entry_id)`` of every mention in ``text``, in order."""
        return self._find(text, self.candidates(text))

    def _find(self, text: str, starts: list[int] | None) -> list[tuple[int, int, str]]:
        # the regex tried at each candidate start in order is the regex's own leftmost search
        out: list[tuple[int, int, str]] = []
        if starts is None:
            search = self.regex.search
            m = search(text, 0)
            while m is not None:
                m = search(text, self._take(text, m, out))
        else:
            match, pos = self.regex.match, 0
            for q in starts:
                if q >= pos:
                    m = match(text, q)
                    if m is not None:
                        pos = self._take(text, m, out)
        return out

    def _take(self, text: str, m: re.Match, out: list) -> int:
        """Add the mention the regex found, under the case rules, to ``out``; the offset to go on from."""
        start, end = m.span()
        surface = m.group()
        rec = self.aliases.get(surface.lower())  # fast path: plain spelling
        if rec is not None and rec.any_case:
            entry = rec.entry_id
        else:
            entry = self.resolve(surface)
            if entry is None:
                found = self._shorter(text, start, end)
                if found is None:
                    return start + 1
                entry, end = found
        if "(" in text[end:end + 2]:
            b = self._bracket.match(text, end)
            if b is not None and self.resolve(b.group(1)) == entry:
                end = b.end()
        out.append((start, end, entry))
        return end



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
