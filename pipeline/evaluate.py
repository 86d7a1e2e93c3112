"""Agreement of the extracted mentions with a scholar's hand coding.

Scholars validate automated coding against their own hand coding before they
trust it. This module scores a mentions table (``actor_mentions.csv``) against
a hand-coded *gold* file in the format of ``data/gold/seeds.yaml``::

    docs:
      <doc_id>:
        - {surface: "ASEAN Secretariat", canonical: "ASEAN Secretariat", type: igo_body, count: 1}
    places:                      # venues: neither right nor wrong
      <doc_id>:
        - {surface: "Kuala Lumpur", count: 1}

and prints, per class (core actors, instrument, event, person, all), the gold
mentions, how many were found, recall and precision, then the missed and the
wrong spans with their context::

    python -m pipeline.evaluate data/gold/seeds.yaml [--processed data/processed]

Matching rules (those of the gold's README, followed to the letter)
-------------------------------------------------------------------
- **Where the gold mentions are.** A gold surface is looked for in the cleaned
  text, case-sensitively, word-bounded (a hyphen ends a word, so "ASEAN-led"
  holds "ASEAN"), any run of white space matching any other (a non-breaking
  space or a line break is a space). The longest surfaces of a document claim
  their text first, so "ADMM" inside "ADMM-Plus" is not an occurrence of
  "ADMM". ``count`` says how many occurrences are mentions; if the cleaned
  text holds fewer (cleaning removed a byline or a menu), only those present
  can be found, and the others are listed as *absent from the text*, not as
  missed.
- **Found.** A predicted span is right when, after trimming a leading "the "
  and a trailing possessive ('s, ’s, '), it is exactly an occurrence of a gold
  surface. A span "Long Name (ACR)" counts for both its long name and its
  acronym when both are gold occurrences. A span on a venue (``places``) is
  neither right nor wrong. Every other span is wrong: "ASEAN" inside the gold
  "ASEAN Committee on Women" is wrong, since that text belongs to the longer
  name.
- **Classes.** The gold's ``type`` gives the class of a gold mention; the
  mentions table's ``type`` column (when it has one) or the gazetteer entry of
  its ``actor_id`` gives the class of a predicted span. Recall is counted by the
  gold class, precision by the predicted class; a right span is right in
  either (disagreements of class are listed separately).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from .errors import PipelineError
from .yamlfile import read_yaml

#: The four classes of the agreement table, then the total row.
CLASSES = ("core actors", "instrument", "event", "person")
ALL = "all"

#: Gold types (README of the gold) and the pipeline's own types, by class.
_CORE_TYPES = (
    # gold
    "state", "state_group", "igo", "igo_body", "un_body", "government_agency", "ngo_csos", "research_institute",
    "military",
    # the gazetteer's (pipeline.gazetteer.TYPES) and the recogniser's
    "regional_organisation", "organisation_body", "civil_society",
)
GOLD_TYPES: dict[str, str] = {
    **{t: "core actors" for t in _CORE_TYPES},
    "instrument": "instrument",
    "event": "event",
    "person": "person",
}

_GOLD_TOP = {"docs", "places"}
_ENTRY_KEYS = {"surface", "canonical", "type", "count"}
_PLACE_KEYS = {"surface", "count"}

_TRIM_THE = re.compile(r"[Tt]he\s+")  # used with .match(text, pos): anchored at pos
_TRIM_POSSESSIVE = re.compile(r"(?:['’][sS]|['’])$")
_BRACKETED = re.compile(r"(?P<long>.*?\S)\s*\((?P<acr>[^()]+)\)", re.DOTALL)  # used with .fullmatch
_WS = re.compile(r"\s+")


def class_of(entity_type: str) -> str:
    """The class of a gold or pipeline type (anything not an instrument, event or person is a core actor).

    >>> class_of("igo_body"), class_of("regional_organisation"), class_of("event"), class_of("person")
    ('core actors', 'core actors', 'event', 'person')
    """
    return GOLD_TYPES.get(entity_type, "core actors")


def surface_key(surface: str) -> str:
    """Surfaces that differ only in white space are one surface.

    >>> surface_key("ASEAN\\u00a0 Secretariat ") == surface_key("ASEAN Secretariat")
    True
    """
    return _WS.sub(" ", surface).strip()


# ---------------------------------------------------------------- the gold file


@dataclass(frozen=True)
class GoldEntry:
    doc_id: str
    surface: str
    canonical: str
    type: str
    count: int
    index: int  # position in its document's list (1-based), for messages

    @property
    def cls(self) -> str:
        return class_of(self.type)


@dataclass(frozen=True)
class Place:
    doc_id: str
    surface: str
    count: int


@dataclass(frozen=True)
class Gold:
    """A validated gold file: the coded mentions and venue places of each document."""

    entries: tuple[GoldEntry, ...]
    places: tuple[Place, ...] = ()
    source: str = "gold"

    @property
    def doc_ids(self) -> list[str]:
        return sorted({e.doc_id for e in self.entries} | {p.doc_id for p in self.places})

    def for_doc(self, doc_id: str) -> tuple[list[GoldEntry], list[Place]]:
        return [e for e in self.entries if e.doc_id == doc_id], [p for p in self.places if p.doc_id == doc_id]


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def parse_gold(raw: Any, source: str = "gold") -> Gold:
    """Validate a parsed gold file; every problem of the file is named in one :class:`PipelineError`.

    >>> g = parse_gold({"docs": {"d": [{"surface": "ASEAN", "canonical": "ASEAN", "type": "igo", "count": 2}]}})
    >>> g.entries[0].count, g.entries[0].cls
    (2, 'core actors')
    >>> bad = {"docs": {"d": [{"surface": "ASEAN", "canonical": "ASEAN", "type": "club", "count": "two"}]}}
    >>> try:
    ...     parse_gold(bad, "g.yaml")
    ... except PipelineError as e:
    ...     print(str(e).replace(". (", ".\\n("))
    g.yaml: 2 problems.
    (1) docs > d > entry #1 ('ASEAN'): unknown type 'club'. Fix: use one of instrument, event, person, state, state_group, igo, igo_body, un_body, government_agency, ngo_csos, research_institute, military.
    (2) docs > d > entry #1 ('ASEAN'): `count` must be a whole number of at least 1, got 'two'. Fix: write the number of occurrences that mention it, e.g. `count: 2`.
    """
    problems: list[str] = []
    if not isinstance(raw, dict) or "docs" not in raw:
        raise PipelineError(
            f"{source}: must be a mapping with a `docs:` section (doc_id -> list of coded mentions). "
            "Fix: start the file with `docs:` as in data/gold/seeds.yaml."
        )
    unknown = sorted(set(raw) - _GOLD_TOP, key=str)
    for key in unknown:
        problems.append(f"top level: unknown section {key!r}. Fix: use only `docs:` and `places:`")
    gold_types = ", ".join(["instrument", "event", "person", *_CORE_TYPES[:9]])

    def doc_lists(section: str) -> Iterable[tuple[str, list]]:
        value = raw.get(section)
        if value is None:
            return []
        if not isinstance(value, dict):
            problems.append(f"`{section}` must map each doc_id to a list. Fix: write `{section}:` then "
                            "`  <doc_id>:` and its `- surface: ...` items below it")
            return []
        out = []
        for doc_id, items in value.items():
            if not isinstance(doc_id, str) or not doc_id.strip():
                problems.append(f"{section}: {doc_id!r} is not a doc_id. Fix: use the doc_id of data/raw/manifest.csv")
                continue
            if not isinstance(items, list):
                problems.append(f"{section} > {doc_id}: must be a list of items. "
                                "Fix: start each item with `- surface:`")
                continue
            out.append((doc_id, items))
        return out

    entries: list[GoldEntry] = []
    for doc_id, items in doc_lists("docs"):
        for i, item in enumerate(items, start=1):
            where = f"docs > {doc_id} > entry #{i}"
            if not isinstance(item, dict):
                problems.append(f"{where}: is not a mapping. Fix: give it `surface`, `canonical`, `type` and `count`")
                continue
            if isinstance(item.get("surface"), str):
                where += f" ({item['surface']!r})"
            bad = False
            for key in sorted(set(item) - _ENTRY_KEYS, key=str):
                problems.append(f"{where}: unknown field {key!r}. Fix: use only surface, canonical, type and count")
                bad = True
            for key in ("surface", "canonical", "type"):
                if not isinstance(item.get(key), str) or not item[key].strip():
                    problems.append(f"{where}: `{key}` is missing or empty. Fix: add `{key}:` to this entry")
                    bad = True
            if isinstance(item.get("type"), str) and item["type"].strip() and item["type"] not in GOLD_TYPES:
                problems.append(f"{where}: unknown type {item['type']!r}. Fix: use one of {gold_types}")
                bad = True
            if not _is_count(item.get("count")):
                problems.append(f"{where}: `count` must be a whole number of at least 1, got {item.get('count')!r}. "
                                "Fix: write the number of occurrences that mention it, e.g. `count: 2`")
                bad = True
            if not bad:
                entries.append(GoldEntry(doc_id, item["surface"], item["canonical"].strip(), item["type"],
                                         item["count"], i))
    places: list[Place] = []
    for doc_id, items in doc_lists("places"):
        for i, item in enumerate(items, start=1):
            where = f"places > {doc_id} > item #{i}"
            if not isinstance(item, dict):
                problems.append(f"{where}: is not a mapping. Fix: write it as `- surface: Kuala Lumpur`")
                continue
            if isinstance(item.get("surface"), str):
                where += f" ({item['surface']!r})"
            bad = False
            for key in sorted(set(item) - _PLACE_KEYS, key=str):
                problems.append(f"{where}: unknown field {key!r}. Fix: use only surface and count")
                bad = True
            if not isinstance(item.get("surface"), str) or not item["surface"].strip():
                problems.append(f"{where}: `surface` is missing or empty. Fix: add `surface:` to this place")
                bad = True
            count = item.get("count", 1)
            if not _is_count(count):
                problems.append(f"{where}: `count` must be a whole number of at least 1, got {count!r}. "
                                "Fix: write the number of its occurrences, e.g. `count: 1`")
                bad = True
            if not bad:
                places.append(Place(doc_id, item["surface"], count))
    if problems:
        if len(problems) == 1:
            raise PipelineError(f"{source}: {problems[0]}.")
        listed = " ".join(f"({n}) {p}." for n, p in enumerate(problems, start=1))
        raise PipelineError(f"{source}: {len(problems)} problems. {listed}")
    return Gold(tuple(entries), tuple(places), source)


def load_gold(path: Path | str) -> Gold:
    """Read and validate the gold file at ``path`` (a :class:`PipelineError` names every problem)."""
    path = Path(path)
    raw = read_yaml(path, missing="gold file not found. Fix: give the path of a hand-coded file such as "
                    "data/gold/seeds.yaml.")
    return parse_gold(raw, source=str(path))


# ---------------------------------------------------------------- locating the gold in the text


@dataclass
class _Slot:
    """One gold surface of one document: its occurrences and how many are mentions or venues."""

    key: str
    occurrences: list[tuple[int, int]]
    entries: list[GoldEntry]
    gold_count: int
    place_count: int
    scored: int = 0  # gold mentions present in the text: min(gold_count, occurrences)
    gold_left: int = 0
    place_left: int = 0
    hits: list[tuple[int, int, str, str]] = field(default_factory=list)  # span, actor_id, predicted class


def _surface_regex(surface: str) -> re.Pattern:
    words = surface_key(surface).split(" ")
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)")


def locate(text: str, surfaces: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Occurrences of each surface (by :func:`surface_key`) in ``text``, longest surfaces claiming first.

    >>> occ = locate("ADMM-Plus and ADMM; ASEAN-led", ["ADMM", "ADMM-Plus", "ASEAN"])
    >>> occ["ADMM-Plus"], occ["ADMM"], occ["ASEAN"]
    ([(0, 9)], [(14, 18)], [(20, 25)])
    """
    keys = sorted({surface_key(s) for s in surfaces if surface_key(s)}, key=lambda k: (-len(k), k))
    claimed = bytearray(len(text) + 1)
    out: dict[str, list[tuple[int, int]]] = {}
    for key in keys:
        found = []
        for m in _surface_regex(key).finditer(text):
            s, e = m.span()
            if any(claimed[s:e]):
                continue
            found.append((s, e))
        for s, e in found:
            claimed[s:e] = b"\x01" * (e - s)
        out[key] = found
    return out


def _context(text: str, start: int, end: int, chars: int) -> str:
    return _WS.sub(" ", f"{text[max(0, start - chars):start]}[{text[start:end]}]{text[end:end + chars]}").strip()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    m = _TRIM_THE.match(text, start, end)
    if m:
        start = m.end()
    p = _TRIM_POSSESSIVE.search(text, start, end)
    if p and p.start() > start:
        end = p.start()
    return start, end


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Score:
    """The agreement of a mentions table with a gold file.

    ``table``: one row per class and ``all`` (gold_mentions, found, recall,
    predicted, correct, precision, venue_spans); ``missed``, ``wrong``,
    ``absent`` (gold mentions the cleaned text does not hold), ``class_disagreements``
    and ``identity`` (the actor ids each gold entity was found under) are tables of spans.
    """

    table: pd.DataFrame
    missed: pd.DataFrame
    wrong: pd.DataFrame
    absent: pd.DataFrame
    class_disagreements: pd.DataFrame
    identity: pd.DataFrame

    def row(self, cls: str) -> dict:
        """The table's row of class ``cls`` (counts as ints, ratios as floats)."""
        rec = self.table[self.table["class"] == cls].to_dict("records")[0]
        return {k: (int(v) if k not in ("class", "recall", "precision") else v) for k, v in rec.items()}


MISSED_COLUMNS = ["doc_id", "start", "end", "surface", "canonical", "class", "context"]
WRONG_COLUMNS = ["doc_id", "start", "end", "surface", "actor_id", "class", "context"]
ABSENT_COLUMNS = ["doc_id", "surface", "canonical", "class", "gold_count", "in_text"]
DISAGREE_COLUMNS = ["doc_id", "start", "end", "surface", "actor_id", "predicted_class", "gold_class"]
IDENTITY_COLUMNS = ["canonical", "class", "found", "actor_ids", "one_id"]


def predicted_classes(mentions: pd.DataFrame, types: Mapping[str, str] | None = None) -> list[str]:
    """The class of each mention: its ``type`` column if it has one, else the type of its ``actor_id`` in ``types``.

    >>> m = pd.DataFrame({"actor_id": ["asean", "x"], "type": ["", "event"]})
    >>> predicted_classes(m, {"asean": "regional_organisation"})
    ['core actors', 'event']
    """
    types = types or {}
    own = mentions["type"].fillna("").astype(str).tolist() if "type" in mentions.columns else [""] * len(mentions)
    ids = mentions["actor_id"].astype(str).tolist() if "actor_id" in mentions.columns else [""] * len(mentions)
    return [class_of(t or types.get(a, "")) for t, a in zip(own, ids)]


def score(
    gold: Gold,
    mentions: pd.DataFrame,
    texts: Mapping[str, str],
    types: Mapping[str, str] | None = None,
    context_chars: int = 40,
) -> Score:
    """Score ``mentions`` (doc_id, start, end, actor_id[, type]) against ``gold`` on the cleaned ``texts``.

    ``types`` maps an actor_id to its type (the gazetteer's), for a mentions
    table without a ``type`` column. Only the documents of the gold are scored.

    >>> g = parse_gold({"docs": {"d": [
    ...     {"surface": "ASEAN", "canonical": "ASEAN", "type": "igo", "count": 2},
    ...     {"surface": "ASEAN Secretariat", "canonical": "ASEC", "type": "igo_body", "count": 1}]}})
    >>> text = "ASEAN and the ASEAN Secretariat. ASEAN"
    >>> m = pd.DataFrame({"doc_id": "d", "start": [0, 14, 33], "end": [5, 19, 38], "actor_id": "asean"})
    >>> s = score(g, m, {"d": text}, {"asean": "regional_organisation"})
    >>> s.row("all")["found"], s.row("all")["gold_mentions"], s.row("all")["correct"], s.row("all")["predicted"]
    (2, 3, 2, 3)
    >>> s.wrong.surface.tolist(), s.missed.surface.tolist()
    (['ASEAN'], ['ASEAN Secretariat'])
    """
    missing_docs = [d for d in gold.doc_ids if d not in texts]
    if missing_docs:
        raise PipelineError(
            f"{gold.source}: the gold codes documents that have no cleaned text: {', '.join(missing_docs)}. "
            "Fix: build the corpus (`dvc repro corpus`) or remove those documents from the gold file."
        )
    for col in ("doc_id", "start", "end"):
        if col not in mentions.columns:
            raise PipelineError(f"the mentions table has no `{col}` column. Fix: score actor_mentions.csv as the "
                                "actors stage writes it.")
    pred_cls = predicted_classes(mentions, types)
    ids = mentions["actor_id"].astype(str).tolist() if "actor_id" in mentions.columns else [""] * len(mentions)
    by_doc: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for doc_id, s, e, a, c in zip(mentions["doc_id"].astype(str), mentions["start"], mentions["end"], ids, pred_cls):
        by_doc[doc_id].append((int(s), int(e), a, c))

    gold_n = defaultdict(int)
    found_n = defaultdict(int)
    predicted_n = defaultdict(int)
    correct_n = defaultdict(int)
    venue_n = 0
    missed, wrong, absent, disagree = [], [], [], []
    ids_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (canonical, class) -> actor ids
    found_of: dict[tuple[str, str], int] = defaultdict(int)

    for doc_id in gold.doc_ids:
        text = texts[doc_id]
        entries, places = gold.for_doc(doc_id)
        occ = locate(text, [e.surface for e in entries] + [p.surface for p in places])
        slots: dict[str, _Slot] = {}
        for key, spans in occ.items():
            slots[key] = _Slot(key, spans, [], 0, 0)
        for e in entries:
            slot = slots[surface_key(e.surface)]
            slot.entries.append(e)
            slot.gold_count += e.count
        for p in places:
            slots[surface_key(p.surface)].place_count += p.count
        at: dict[tuple[int, int], _Slot] = {}
        for slot in slots.values():
            slot.scored = min(slot.gold_count, len(slot.occurrences))
            slot.gold_left = slot.scored
            slot.place_left = min(slot.place_count, len(slot.occurrences) - slot.scored)
            for span in slot.occurrences:
                at[span] = slot

        for s, e, actor_id, cls in sorted(by_doc.get(doc_id, [])):
            candidates = []
            for span in ((s, e), _trimmed(text, s, e)):
                if span in at:
                    candidates = [span]
                    break
            else:
                b = _BRACKETED.fullmatch(text, *_trimmed(text, s, e))
                if b:
                    parts = [_trimmed(text, b.start("long"), b.end("long")), (b.start("acr"), b.end("acr"))]
                    candidates = [p for p in parts if p in at]
            outcome = "wrong"
            for span in candidates:
                slot = at[span]
                if slot.gold_left > 0:
                    slot.gold_left -= 1
                    slot.hits.append((span[0], span[1], actor_id, cls))
                    outcome = "correct"
                elif slot.place_left > 0 and outcome == "wrong":
                    slot.place_left -= 1
                    outcome = "venue"
            if outcome == "venue":
                venue_n += 1
                continue
            predicted_n[cls] += 1
            if outcome == "correct":
                correct_n[cls] += 1
            else:
                wrong.append([doc_id, s, e, text[s:e], actor_id, cls, _context(text, s, e, context_chars)])

        for key in sorted(slots, key=lambda k: (slots[k].occurrences[:1] or [(len(text), 0)], k)):
            slot = slots[key]
            if not slot.entries:
                continue
            # allocate the slot's gold mentions (present in the text) and its hits to its entries, in file order
            present_left = slot.scored
            hits = sorted(slot.hits)
            for entry in slot.entries:
                present = min(entry.count, present_left)
                present_left -= present
                got, hits = hits[:present], hits[present:]
                gold_n[entry.cls] += present
                found_n[entry.cls] += len(got)
                found_of[(entry.canonical, entry.cls)] += len(got)
                ids_of.setdefault((entry.canonical, entry.cls), set())
                for hs, he, actor_id, cls in got:
                    ids_of[(entry.canonical, entry.cls)].add(actor_id)
                    if cls != entry.cls:
                        disagree.append([doc_id, hs, he, text[hs:he], actor_id, cls, entry.cls])
                if present < entry.count:
                    absent.append([doc_id, entry.surface, entry.canonical, entry.cls, entry.count, present])
            hit_spans = {(h[0], h[1]) for h in slot.hits}
            n_missed = slot.scored - len(slot.hits)
            cls = slot.entries[0].cls
            canon = "; ".join(sorted({en.canonical for en in slot.entries}))
            for s, e in [sp for sp in slot.occurrences if sp not in hit_spans][:n_missed]:
                missed.append([doc_id, s, e, text[s:e], canon, cls, _context(text, s, e, context_chars)])

    rows = []
    for cls in (*CLASSES, ALL):
        pick = (lambda d: sum(d.values())) if cls == ALL else (lambda d, c=cls: d.get(c, 0))
        g, f, p, c = pick(gold_n), pick(found_n), pick(predicted_n), pick(correct_n)
        rows.append({
            "class": cls, "gold_mentions": g, "found": f, "recall": round(f / g, 4) if g else float("nan"),
            "predicted": p, "correct": c, "precision": round(c / p, 4) if p else float("nan"),
            "venue_spans": venue_n if cls == ALL else 0,
        })
    identity = [
        [canon, cls, found_of[(canon, cls)], ";".join(sorted(ids_of[(canon, cls)])), len(ids_of[(canon, cls)]) <= 1]
        for canon, cls in sorted(ids_of)
    ]
    return Score(
        table=pd.DataFrame(rows),
        missed=pd.DataFrame(missed, columns=MISSED_COLUMNS),
        wrong=pd.DataFrame(wrong, columns=WRONG_COLUMNS),
        absent=pd.DataFrame(absent, columns=ABSENT_COLUMNS),
        class_disagreements=pd.DataFrame(disagree, columns=DISAGREE_COLUMNS),
        identity=pd.DataFrame(identity, columns=IDENTITY_COLUMNS),
    )


# ---------------------------------------------------------------- the report


def format_table(table: pd.DataFrame) -> str:
    """The agreement table as aligned plain text."""
    head = f"{'class':<12} {'gold':>6} {'found':>6} {'recall':>7} {'spans':>6} {'right':>6} {'precision':>9}"
    lines = [head, "-" * len(head)]
    for r in table.itertuples(index=False):
        rec = "-" if pd.isna(r.recall) else f"{r.recall:.3f}"
        prec = "-" if pd.isna(r.precision) else f"{r.precision:.3f}"
        lines.append(f"{r[0]:<12} {r.gold_mentions:>6} {r.found:>6} {rec:>7} {r.predicted:>6} {r.correct:>6} {prec:>9}")
    return "\n".join(lines)


def format_report(result: Score, max_rows: int | None = None) -> str:
    """The table, then the missed, wrong, absent spans and the entities found under several ids."""
    out = [format_table(result.table)]
    venues = int(result.table.set_index("class").loc[ALL, "venue_spans"])
    out.append(f"(gold = gold mentions present in the cleaned text; spans = predicted spans; right = spans that "
               f"are gold mentions; {venues} spans on venues counted neither way)")

    def block(title: str, df: pd.DataFrame, fmt) -> None:
        out.append("")
        out.append(f"{title}: {len(df)}")
        shown = df if max_rows is None else df.head(max_rows)
        out.extend("  " + fmt(r) for r in shown.itertuples(index=False))
        if len(shown) < len(df):
            out.append(f"  ... and {len(df) - len(shown)} more")

    block("missed (gold mentions no span found)", result.missed,
          lambda r: f"{r.doc_id} {r.start}-{r.end} [{r._5}] {r.surface!r} ({r.canonical}): {r.context}")
    block("wrong (spans that are not gold mentions)", result.wrong,
          lambda r: f"{r.doc_id} {r.start}-{r.end} [{r._5}] {r.surface!r} -> {r.actor_id}: {r.context}")
    block("absent from the cleaned text (gold count above the occurrences left after cleaning)", result.absent,
          lambda r: f"{r.doc_id} {r.surface!r} ({r.canonical}): coded {r.gold_count}, in the text {r.in_text}")
    block("found with another class than the gold's", result.class_disagreements,
          lambda r: f"{r.doc_id} {r.start}-{r.end} {r.surface!r} -> {r.actor_id}: {r.predicted_class}, gold "
                    f"{r.gold_class}")
    split = result.identity[~result.identity.one_id]
    n_found = int((result.identity.found > 0).sum())
    out.append("")
    out.append(f"gold entities found under one actor id: {n_found - len(split)} of {n_found}")
    out.extend(f"  {r.canonical!r} ({r._1}): {r.actor_ids}" for r in split.itertuples(index=False))
    return "\n".join(out)


# ---------------------------------------------------------------- command line


def read_mentions(path: Path) -> pd.DataFrame:
    """``actor_mentions.csv`` as strings and integer offsets (any extra columns kept)."""
    if not path.is_file():
        raise PipelineError(f"{path} not found. Fix: build the mentions first (`dvc repro actors`), or point "
                            "--processed at the folder that holds actor_mentions.csv.")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("doc_id", "start", "end"):
        if col not in df.columns:
            raise PipelineError(f"{path}: no `{col}` column. Fix: rebuild it with `dvc repro actors`.")
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df


def read_texts(clean_dir: Path, doc_ids: Sequence[str]) -> dict[str, str]:
    texts = {}
    for doc_id in doc_ids:
        p = clean_dir / f"{doc_id}.txt"
        if not p.is_file():
            raise PipelineError(f"{p} not found: the gold codes document {doc_id!r}, which has no cleaned text. "
                                "Fix: build the corpus (`dvc repro corpus`) or remove the document from the gold.")
        texts[doc_id] = p.read_text(encoding="utf-8")
    return texts


def _gazetteer_types(path: Path) -> dict[str, str]:
    from .gazetteer import load_gazetteer

    return {e.id: e.type for e in load_gazetteer(path).entries.values()}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.evaluate GOLD.yaml [--processed DIR] [--gazetteer FILE]``: print the agreement."""
    from .config import find_root

    ap = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("gold", help="hand-coded gold file (YAML), e.g. data/gold/seeds.yaml")
    ap.add_argument("--processed", help="folder with actor_mentions.csv and clean/<doc_id>.txt "
                    "(default: data/processed of the project)")
    ap.add_argument("--gazetteer", help="gazetteer giving the type of each actor_id when the mentions have no "
                    "`type` column (default: config/gazetteer.yaml of the project)")
    ap.add_argument("--context", type=int, default=40, help="characters of context on each side (default 40)")
    ap.add_argument("--max-rows", type=int, default=None, help="list at most this many spans per block")
    args = ap.parse_args(argv)
    root = find_root()
    processed = Path(args.processed) if args.processed else root / "data" / "processed"
    try:
        gold = load_gold(args.gold)
        mentions = read_mentions(processed / "actor_mentions.csv")
        texts = read_texts(processed / "clean", gold.doc_ids)
        types: dict[str, str] = {}
        has_types = "type" in mentions.columns and (mentions["type"] != "").all()
        if not has_types:
            types = _gazetteer_types(Path(args.gazetteer) if args.gazetteer else root / "config" / "gazetteer.yaml")
        result = score(gold, mentions, texts, types, context_chars=args.context)
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        print(f"agreement of {processed / 'actor_mentions.csv'} with {args.gold} "
              f"({len(gold.doc_ids)} documents, {len(gold.entries)} coded surfaces)")
        print(format_report(result, args.max_rows))
    except BrokenPipeError:  # the reader (| head) has had enough
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
