"""The ``actors`` stage: find the gazetteer's actors and instruments in the texts.

:func:`load_inputs` reads the cleaned texts, the segments table and the
gazetteer; :func:`compute` (pure) returns the mentions and the unknown-actor
candidates; :func:`write_outputs` writes them. The notebook
``notebooks/03_actors.ipynb`` calls these three and displays the results.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .config import Paths
from .gazetteer import Gazetteer, alias_key, fold, load_gazetteer
from .params import Param
from .tables import Field, Table, conform, write_table

NOTEBOOK = "03_actors.ipynb"

PARAMS: dict[str, Param] = {
    "gazetteer": Param(str, "config/gazetteer.yaml", "The gazetteer of actors and instruments (YAML), relative to the project root."),
    "candidate_min_count": Param(int, 1, "List an unknown name or acronym only if it occurs at least this often.", minimum=1),
    "candidate_acronym_max_letters": Param(
        int, 5, "An upper-case word longer than this is taken as shouting (RECOGNISING), not an acronym, "
        "unless it is defined in brackets somewhere, as in (SEANWFZ).", minimum=2, maximum=12,
    ),
    "candidate_skip_headings": Param(bool, True, "Leave headings (title-case lines) out of the unknown-name search."),
    "context_chars": Param(int, 60, "Characters of context on each side of a candidate's example.", minimum=10, maximum=300),
}

_S, _I = "str", "int"

ACTOR_MENTIONS = Table(
    "actor_mentions.csv",
    "Every mention of a gazetteer actor or instrument in the cleaned texts (one row per mention; "
    "longest alias wins, mentions never overlap; a possessive 's is not part of the surface).",
    (
        Field("doc_id", _S, "Document identifier (manifest)."),
        Field("seg_id", _I, "Segment containing the mention's first character (segments.csv); 0 if none."),
        Field("actor_id", _S, "Gazetteer entry id (an actor or an instrument)."),
        Field("surface", _S, "The text as written; equals clean[start:end]."),
        Field("start", _I, "Offset of the first character in the cleaned text (0-based)."),
        Field("end", _I, "Offset just after the last character (exclusive)."),
    ),
    ("doc_id", "start"),
)

ACTOR_CANDIDATES = Table(
    "actor_candidates.csv",
    "Capitalised multiword names and acronyms not covered by the gazetteer: candidates to add to config/gazetteer.yaml.",
    (
        Field("candidate", _S, "The name or acronym as first written (apostrophes and spaces normalised)."),
        Field("kind", _S, "`name` (capitalised words) or `acronym` (an upper-case word)."),
        Field("count", _I, "Occurrences in the corpus."),
        Field("n_documents", _I, "Number of documents it occurs in."),
        Field("documents", _S, "The doc_ids it occurs in, joined by ';'."),
        Field("example_doc_id", _S, "Document of the example."),
        Field("example", _S, "The first occurrence with context on each side, the candidate in [brackets]."),
    ),
    ("candidate", "kind"),
)

TABLES: list[Table] = [ACTOR_MENTIONS, ACTOR_CANDIDATES]


# ---------------------------------------------------------------- the matcher

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


def trie_regex(keys: Iterable[str]) -> str:
    """A regular expression matching exactly ``keys``, preferring the longest.

    The keys are folded (:func:`~pipeline.gazetteer.alias_key`); the pattern
    is meant for ``re.IGNORECASE``. Shared prefixes are factored out, so the
    engine reads each character once instead of trying every alias in turn.

    >>> print(trie_regex(["un", "un women", "uk"]))
    u(?:k|n(?:\\swomen|))
    >>> trie_regex(["us"])
    'us'
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts = [_char_pattern(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
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


# ---------------------------------------------------------------- mentions


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


def extract_mentions(texts: Mapping[str, str], segments: pd.DataFrame | None, matcher: AliasMatcher) -> pd.DataFrame:
    """The mentions table (``actor_mentions.csv``) of ``texts``."""
    segs = _segment_arrays(segments)
    frames = []
    empty = (np.array([], np.int64),) * 3
    for doc_id in sorted(texts):
        text = texts[doc_id]
        found = matcher.find(text)
        if not found:
            continue
        starts = [s for s, _, _ in found]
        frames.append(pd.DataFrame({
            "doc_id": doc_id,
            "seg_id": segment_ids(starts, *segs.get(doc_id, empty)),
            "actor_id": [a for _, _, a in found],
            "surface": [text[s:e] for s, e, _ in found],
            "start": starts,
            "end": [e for _, e, _ in found],
        }))
    if not frames:
        return conform(pd.DataFrame({c: [] for c in ACTOR_MENTIONS.columns}), ACTOR_MENTIONS)
    return conform(pd.concat(frames, ignore_index=True), ACTOR_MENTIONS)


# ---------------------------------------------------------------- unknown-actor candidates

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
    min_count: int = 1,
    acronym_max_letters: int = 5,
    skip_headings: bool = True,
    context_chars: int = 60,
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


# ---------------------------------------------------------------- the stage


@dataclass
class Inputs:
    texts: dict[str, str]
    segments: pd.DataFrame
    gazetteer: Gazetteer


@dataclass
class Results:
    tables: dict[str, pd.DataFrame]
    gazetteer: Gazetteer
    params: dict[str, Any]

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["actor_mentions"]

    @property
    def candidates(self) -> pd.DataFrame:
        return self.tables["actor_candidates"]


def _resolve(root: Path, name: str) -> Path:
    p = Path(name)
    return p if p.is_absolute() else root / p


def dependency_files(params: Mapping[str, Any]) -> list[str]:
    """Configuration files the stage reads (for ``dvc.yaml`` deps)."""
    return [params.get("gazetteer", PARAMS["gazetteer"].default)]


def load_inputs(paths: Paths, params: Mapping[str, Any]) -> Inputs:
    """Read the corpus stage's cleaned texts and segments, and the gazetteer."""
    from . import corpus

    gazetteer = load_gazetteer(_resolve(paths.root, params.get("gazetteer", PARAMS["gazetteer"].default)))
    return Inputs(corpus.load_clean_texts(paths), corpus.load_segments(paths), gazetteer)


def _params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    p = {k: spec.default for k, spec in PARAMS.items()}
    p.update(params or {})
    for k, spec in PARAMS.items():
        p[k] = spec.check(f"actors.{k}", p[k])
    return p


def compute(
    texts: Mapping[str, str],
    segments: pd.DataFrame | None,
    gazetteer: Gazetteer,
    params: Mapping[str, Any] | None = None,
) -> Results:
    """Mentions and candidates from plain inputs (no files read or written)."""
    p = _params(params)
    matcher = AliasMatcher(gazetteer)
    mentions = extract_mentions(texts, segments, matcher)
    candidates = find_candidates(
        texts, mentions, gazetteer, segments,
        min_count=p["candidate_min_count"],
        acronym_max_letters=p["candidate_acronym_max_letters"],
        skip_headings=p["candidate_skip_headings"],
        context_chars=p["context_chars"],
    )
    return Results({"actor_mentions": mentions, "actor_candidates": candidates}, gazetteer, p)


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write ``actor_mentions.csv`` and ``actor_candidates.csv``; return the paths."""
    return [
        write_table(results.mentions, ACTOR_MENTIONS, paths.processed),
        write_table(results.candidates, ACTOR_CANDIDATES, paths.processed),
    ]


def mention_counts(mentions: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """A document x entry table of mention counts (rows doc_id, columns entry ids), for display."""
    if not len(mentions):
        return pd.DataFrame()
    counts = mentions.groupby(["doc_id", "actor_id"]).size().unstack(fill_value=0)
    order = [e for e in gazetteer.entries if e in counts.columns]
    return counts[order]


def summary(results: Results) -> pd.DataFrame:
    """One row per entry found: name, type, mentions, documents and the surfaces seen."""
    m = results.mentions
    g = results.gazetteer
    rows = []
    for actor_id, grp in m.groupby("actor_id", sort=True):
        e = g.entries[actor_id]
        rows.append({
            "actor_id": actor_id, "name": e.name, "type": e.type, "mentions": len(grp),
            "documents": grp["doc_id"].nunique(),
            "surfaces": "; ".join(sorted(set(grp["surface"]))),
        })
    df = pd.DataFrame(rows, columns=["actor_id", "name", "type", "mentions", "documents", "surfaces"])
    return df.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
