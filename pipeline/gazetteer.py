"""The gazetteer of actors and instruments: loading and validation.

``config/gazetteer.yaml`` is data a scholar edits (see the comments at its
top). This module reads it into frozen dataclasses and checks it, so that a
mistake stops the stage with one :class:`~pipeline.errors.PipelineError`
naming the entry and the fix, before any text is read.

>>> g = parse_gazetteer('''
... entries:
...   - {id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]}
...   - {id: malaysia, name: Malaysia, type: state, iso3: MYS, aliases: [Malaysia]}
... ''')
>>> sorted(g.entries), g.entries["malaysia"].iso3
(['asean', 'malaysia'], 'MYS')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from .errors import PipelineError
from .yamlfile import read_yaml, parse_yaml

#: Entry types (machine id -> label used in legends), as issue 4 lists them.
TYPES: dict[str, str] = {
    "state": "state",
    "state_group": "state group",
    "regional_organisation": "regional organisation",
    "organisation_body": "body of an organisation",
    "un_body": "UN body",
    "government_agency": "government agency",
    "civil_society": "civil society",
    "research_institute": "research institute",
    "military": "military",
    "person": "person",
    "instrument": "instrument",
    "event": "event",
}

#: Types that are not actors: texts and occasions. They join the actor-instrument (two-mode) network, never the
#: co-mention network of actors.
NON_ACTOR_TYPES = frozenset({"instrument", "event"})

#: Kinds of link from an entity to another (:attr:`Entry.links`) that are drawn as ties between them; the
#: recogniser links a discovered entity by these (``abbreviates`` is not a tie).
LINK_KINDS = ("part_of", "located_in", "instance_of", "issued_by", "includes")

#: Edge kind of a ``part_of`` link, and of a state's link to its group's collective entry.
PART_OF = "part_of"
IN_GROUP = "in_group"

DEFAULT_FILE = "gazetteer.yaml"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_ENTRY_KEYS = {"id", "name", "type", "aliases", "iso3", "groups", "part_of", "exact_case", "note"}
_GROUP_KEYS = {"id", "name", "organisation", "relation", "collective"}
_TOP_KEYS = {"groups", "not_actors", "entries"}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "−": "-"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The matching key of a name: apostrophes, hyphens and spaces unified, case kept.

    >>> fold("ASEAN Defence Ministers’  Meeting–Plus")
    "ASEAN Defence Ministers' Meeting-Plus"
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_HYPHENS)).strip()


def alias_key(text: str) -> str:
    """:func:`fold` and lower-case: two aliases with one key are the same alias.

    >>> alias_key("ADMM-PLUS") == alias_key("ADMM‑Plus")
    True
    """
    return fold(text).lower()


def is_case_sensitive(alias: str) -> bool:
    """An alias without a lower-case letter (an acronym) matches only as written.

    >>> is_case_sensitive("US"), is_case_sensitive("UNSCR 1325"), is_case_sensitive("ADMM-Plus")
    (True, True, False)
    """
    return not any(ch.islower() for ch in alias)


@dataclass(frozen=True)
class Group:
    """A membership group: its members link to ``organisation`` by ``relation``."""

    id: str
    name: str
    organisation: str
    relation: str
    collective: str = ""


@dataclass(frozen=True)
class Entry:
    """One actor or instrument."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    iso3: str = ""
    groups: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    exact_case: frozenset[str] = frozenset()
    note: str = ""
    #: ``(kind, target_id)`` ties beyond ``part_of`` (kinds of :data:`LINK_KINDS`): set for discovered entities.
    links: tuple[tuple[str, str], ...] = ()
    #: ``gazetteer`` (listed in the file) or ``discovered`` (found by the recogniser, see :func:`with_discovered`).
    source: str = "gazetteer"

    @property
    def is_instrument(self) -> bool:
        return self.type == "instrument"

    @property
    def is_actor(self) -> bool:
        """An actor (state, organisation, body, person...), not an instrument or an event."""
        return self.type not in NON_ACTOR_TYPES

    def case_sensitive(self, alias: str) -> bool:
        """Whether ``alias`` (one of this entry's) must match exactly as written."""
        return is_case_sensitive(alias) or fold(alias) in self.exact_case


@dataclass(frozen=True)
class Gazetteer:
    """The validated gazetteer: entries and groups by id, in file order."""

    entries: dict[str, Entry]
    groups: dict[str, Group] = field(default_factory=dict)
    not_actors: tuple[str, ...] = ()
    source: str = "gazetteer"

    def aliases(self) -> list[tuple[str, str, bool]]:
        """Every ``(alias, entry_id, case_sensitive)``, in file order."""
        return [(a, e.id, e.case_sensitive(a)) for e in self.entries.values() for a in e.aliases]

    @property
    def n_aliases(self) -> int:
        return sum(len(e.aliases) for e in self.entries.values())

    def membership_edges(self) -> list[tuple[str, str, str]]:
        """``(source, target, kind)`` links the gazetteer declares, sorted.

        A member of a group links to the group's organisation (kind = the
        group's relation, e.g. ``member_of``) and to its collective entry
        (kind ``in_group``); an entry links to each entry it is ``part_of``.
        """
        edges = set()
        for e in self.entries.values():
            for gid in e.groups:
                g = self.groups[gid]
                edges.add((e.id, g.organisation, g.relation))
                if g.collective:
                    edges.add((e.id, g.collective, IN_GROUP))
            for parent in e.part_of:
                edges.add((e.id, parent, PART_OF))
            for kind, target in e.links:
                if target in self.entries and target != e.id:
                    edges.add((e.id, target, kind))
        return sorted(edges)


def _fail(source: str, where: str, problem: str, fix: str) -> PipelineError:
    return PipelineError(f"{source}: {where}: {problem}. Fix: {fix}.")


def _str_list(source, where, entry, key, value) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, where, f"`{key}` must be a list of non-empty strings, got {value!r}",
                    f"write it as `{key}: [first, second]`")
    return tuple(v.strip() for v in value)


def _parse_group(source: str, i: int, raw: Any) -> Group:
    where = f"group #{i + 1}"
    if not isinstance(raw, dict):
        raise _fail(source, where, "is not a mapping", "give it `id`, `name`, `organisation` and `relation`")
    if "id" in raw:
        where = f"group {raw['id']!r}"
    unknown = sorted(set(raw) - _GROUP_KEYS)
    if unknown:
        raise _fail(source, where, f"unknown field {unknown[0]!r}", f"use only {', '.join(sorted(_GROUP_KEYS))}")
    for key in ("id", "name", "organisation", "relation"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(source, where, f"the field `{key}` is missing or empty", f"add `{key}:` to this group")
    for key in ("id", "relation"):
        if not _ID.match(raw[key]):
            raise _fail(source, where, f"`{key}` {raw[key]!r} is not lower_snake_case",
                        "use lower-case letters, digits and underscores, starting with a letter")
    return Group(raw["id"], raw["name"].strip(), raw["organisation"], raw["relation"], raw.get("collective") or "")


def _parse_entry(source: str, i: int, raw: Any) -> Entry:
    where = f"entry #{i + 1}"
    if not isinstance(raw, dict):
        raise _fail(source, where, "is not a mapping", "give it `id`, `name`, `type` and `aliases`")
    if isinstance(raw.get("id"), str):
        where = f"entry {raw['id']!r}"
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise _fail(source, where, f"unknown field {unknown[0]!r}",
                    f"use only {', '.join(sorted(_ENTRY_KEYS))} (check the spelling)")
    for key in ("id", "name", "type"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(source, where, f"the field `{key}` is missing or empty", f"add `{key}:` to this entry")
    if not _ID.match(raw["id"]):
        raise _fail(source, where, f"id {raw['id']!r} is not lower_snake_case",
                    "use lower-case letters, digits and underscores, starting with a letter")
    if raw["type"] not in TYPES:
        raise _fail(source, where, f"unknown type {raw['type']!r}", f"use one of: {', '.join(TYPES)}")
    if "aliases" not in raw:
        raise _fail(source, where, "the field `aliases` is missing", "add `aliases: [Name, ACRONYM]`")
    aliases = _str_list(source, where, raw, "aliases", raw["aliases"])
    if not aliases:
        raise _fail(source, where, "has no aliases", "add at least one way the texts name it to `aliases`")
    for a in aliases:
        if not fold(a)[:1].isalnum():
            raise _fail(source, where, f"alias {a!r} does not start with a letter or digit",
                        "start each alias with its first word (no quotes, brackets or articles)")
    iso3 = raw.get("iso3")
    if raw["type"] == "state":
        if not isinstance(iso3, str) or not _ISO3.match(iso3):
            raise _fail(source, where, f"a state needs an `iso3` code of three capital letters, got {iso3!r}",
                        "add its ISO 3166-1 alpha-3 code, e.g. `iso3: MYS`")
    elif iso3 not in (None, ""):
        raise _fail(source, where, f"has `iso3` but its type is {raw['type']!r}",
                    "remove `iso3` (only states have one) or set `type: state`")
    exact = _str_list(source, where, raw, "exact_case", raw.get("exact_case"))
    folded = {fold(a) for a in aliases}
    for a in exact:
        if fold(a) not in folded:
            raise _fail(source, where, f"`exact_case` lists {a!r}, which is not one of its aliases",
                        "add it to `aliases` or remove it from `exact_case`")
    note = raw.get("note") or ""
    if not isinstance(note, str):
        raise _fail(source, where, "`note` must be text", "write the note as a quoted string")
    return Entry(
        id=raw["id"],
        name=raw["name"].strip(),
        type=raw["type"],
        aliases=aliases,
        iso3=iso3 or "",
        groups=_str_list(source, where, raw, "groups", raw.get("groups")),
        part_of=_str_list(source, where, raw, "part_of", raw.get("part_of")),
        exact_case=frozenset(fold(a) for a in exact),
        note=note.strip(),
    )


def parse_gazetteer(text: str, source: str = "gazetteer") -> Gazetteer:
    """Parse and validate gazetteer YAML ``text``; ``source`` names it in messages."""
    return validate_gazetteer(parse_yaml(text, source), source)


def validate_gazetteer(raw: Any, source: str = "gazetteer") -> Gazetteer:
    """Validate a parsed gazetteer; every problem names the entry and its fix."""
    if not isinstance(raw, dict) or "entries" not in raw:
        raise PipelineError(f"{source}: must be a mapping with an `entries:` list. Fix: restore the file from git.")
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise PipelineError(
            f"{source}: unknown top-level section {unknown[0]!r}. Fix: use only {', '.join(sorted(_TOP_KEYS))}."
        )
    if not isinstance(raw["entries"], list):
        raise PipelineError(f"{source}: `entries` must be a list of entries. Fix: start each entry with `- id:`.")
    groups: dict[str, Group] = {}
    for i, g in enumerate(raw.get("groups") or []):
        group = _parse_group(source, i, g)
        if group.id in groups:
            raise _fail(source, f"group {group.id!r}", "the id is used twice", "give each group its own id")
        groups[group.id] = group

    entries: dict[str, Entry] = {}
    owner: dict[str, tuple[str, str]] = {}  # alias key -> (entry id, alias as written)
    for i, r in enumerate(raw["entries"]):
        e = _parse_entry(source, i, r)
        if e.id in entries:
            raise _fail(source, f"entry {e.id!r} (#{i + 1})", "the id is used twice",
                        "give each entry its own id, or merge the two entries")
        for a in e.aliases:
            key = alias_key(a)
            if key in owner and owner[key][0] != e.id:
                other, written = owner[key]
                raise _fail(source, f"entry {e.id!r}",
                            f"alias {a!r} is also claimed by entry {other!r} (as {written!r})",
                            "keep the alias in the one entry it names and remove it from the other")
            owner.setdefault(key, (e.id, a))
        entries[e.id] = e

    for e in entries.values():
        for gid in e.groups:
            if gid not in groups:
                raise _fail(source, f"entry {e.id!r}", f"unknown group {gid!r}",
                            f"use one of: {', '.join(groups) or '(none declared)'}, or declare it under `groups:`")
        for parent in e.part_of:
            if parent not in entries:
                raise _fail(source, f"entry {e.id!r}", f"`part_of` names {parent!r}, which is not an entry id",
                            "correct the id or add that entry")
            if parent == e.id:
                raise _fail(source, f"entry {e.id!r}", "is `part_of` itself", "remove its own id from `part_of`")
    for g in groups.values():
        if g.organisation not in entries:
            raise _fail(source, f"group {g.id!r}", f"organisation {g.organisation!r} is not an entry id",
                        "correct the id or add that entry")
        if g.collective and g.collective not in entries:
            raise _fail(source, f"group {g.id!r}", f"collective {g.collective!r} is not an entry id",
                        "correct the id, add that entry, or remove `collective`")

    not_actors = raw.get("not_actors") or []
    if not isinstance(not_actors, list) or not all(isinstance(x, str) for x in not_actors):
        raise PipelineError(f"{source}: `not_actors` must be a list of names. Fix: write one name per `- ` line.")
    return Gazetteer(entries=entries, groups=groups, not_actors=tuple(x.strip() for x in not_actors), source=source)


def with_discovered(gazetteer: Gazetteer, entities: Any) -> Gazetteer:
    """The gazetteer with the entities the recogniser discovered added as entries (``source = "discovered"``).

    ``entities`` is a table with the columns of ``actor_entities.csv`` (a DataFrame, or a mapping of
    column lists): ``actor_id``, ``name``, ``type``, ``links`` (``kind:target`` joined by ';') and
    ``aliases`` (joined by ' | '). A ``part_of`` link becomes the entry's ``part_of``; the other kinds of
    :data:`LINK_KINDS` its ``links``; links to unknown ids are dropped. An id the gazetteer already has
    keeps its gazetteer entry.

    >>> g = parse_gazetteer("entries: [{id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]}]")
    >>> e = with_discovered(g, {"actor_id": ["acdm"], "name": ["ASEAN Committee on Disaster Management"],
    ...                         "type": ["organisation_body"], "links": ["part_of:asean;abbreviates:x"],
    ...                         "aliases": ["ASEAN Committee on Disaster Management | ACDM"]})
    >>> e.entries["acdm"].part_of, e.entries["acdm"].aliases, e.entries["acdm"].source
    (('asean',), ('ASEAN Committee on Disaster Management', 'ACDM'), 'discovered')
    >>> e.membership_edges()
    [('acdm', 'asean', 'part_of')]
    """
    rows = [r for r in zip(entities["actor_id"], entities["name"], entities["type"], entities["links"],
                           entities["aliases"]) if r[0] not in gazetteer.entries]
    ids = set(gazetteer.entries) | {r[0] for r in rows}
    entries = dict(gazetteer.entries)
    for eid, name, etype, links, aliases in rows:
        pairs = [tuple(x.split(":", 1)) for x in str(links or "").split(";") if ":" in x]
        pairs = [(k, t) for k, t in pairs if k in LINK_KINDS and t in ids and t != eid]
        entries[eid] = Entry(
            id=eid, name=name, type=etype if etype in TYPES else "organisation_body",
            aliases=tuple(a for a in str(aliases or "").split(" | ") if a) or (name,),
            part_of=tuple(t for k, t in pairs if k == PART_OF),
            links=tuple(p for p in pairs if p[0] != PART_OF), source="discovered",
        )
    return Gazetteer(entries=entries, groups=gazetteer.groups, not_actors=gazetteer.not_actors,
                     source=gazetteer.source)


def load_gazetteer(path: Path | str) -> Gazetteer:
    """Read and validate the gazetteer file at ``path``."""
    path = Path(path)
    raw = read_yaml(path, missing=f"gazetteer not found. Fix: restore it with `git checkout -- {path.name}` "
                    "or point the `gazetteer` parameter at your file.")
    return validate_gazetteer(raw, source=str(path))
