"""User-editable YAML dictionaries: categories of terms and glob patterns, counted per document.

A dictionary file looks like this (see ``config/dictionaries/``)::

    title: The four pillars of UNSCR 1325
    source: Where the categories and terms come from.
    categories:
      participation: [participation, particip*, leadership, decision-making]
      relief_and_recovery: ["relief and recovery", recovery]

An entry is a word, a glob pattern (``*`` any letters, ``?`` one letter,
``[ab]`` one of) or a phrase of such words separated by spaces, matched
case-insensitively against the words of each document (the project's
tokens, lower-cased, possessives dropped; multiword expressions are *not*
joined here, so ``security`` is found inside "Women, Peace and Security").
Within a category each word is counted at most once: at each position the
longest matching entry wins and consumes its words. Categories are
counted independently, so one word may count in two categories.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd


from .errors import PipelineError
from .schema import DICTIONARY_SCORES
from .units import Doc
from .yamlfile import read_yaml

_PIECE = re.compile(r"^[\w\-'’.*?\[\]!]+$")
_ALLOWED_KEYS = {"title", "source", "categories", "notes"}


@dataclass(frozen=True)
class Entry:
    text: str
    pieces: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.pieces)


@dataclass(frozen=True)
class Dictionary:
    """A validated dictionary: its id (the file name without ``.yaml``), title, source and categories."""

    id: str
    title: str
    source: str
    categories: dict[str, tuple[Entry, ...]]


def parse_entry(entry: str) -> Entry:
    pieces = tuple(p.lower() for p in entry.replace(",", " ").split())
    return Entry(entry, pieces)


def load_dictionary(path: Path | str, name: str | None = None) -> Dictionary:
    """Read and validate one dictionary file; any problem is one :class:`PipelineError`.

    ``name`` is how messages call the file (default: ``path``), e.g. the path
    relative to the project as ``params.yaml`` writes it.
    """
    path = Path(path)
    shown = name or str(path)

    def fail(msg: str):
        raise PipelineError(f"{shown}: {msg}")

    raw = read_yaml(path, shown, "dictionary file not found. Restore it from git or remove it from "
                    "textstats.dictionaries in params.yaml.")
    if not isinstance(raw, dict):
        fail("must be a mapping with keys title, source and categories.")
    unknown = sorted(set(map(str, raw)) - _ALLOWED_KEYS)
    if unknown:
        fail(f"unknown key {unknown[0]!r}; a dictionary has title, source, categories (and optional notes).")
    for key in ("title", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            fail(f"{key!r} is missing or empty; write the dictionary's {key} as text.")
    cats = raw.get("categories")
    if not isinstance(cats, dict) or not cats:
        fail("'categories' must be a mapping of category names to lists of terms.")
    categories: dict[str, tuple[Entry, ...]] = {}
    for name, entries in cats.items():
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_]+", name):
            fail(f"category name {name!r} must be letters, digits or '_' (e.g. relief_and_recovery).")
        if not isinstance(entries, list) or not entries:
            fail(f"category {name!r} must be a non-empty list of terms, e.g. [peace, peacebuilding].")
        parsed = []
        for entry in entries:
            if not isinstance(entry, str) or not entry.strip():
                fail(f"category {name!r} has entry {entry!r}; every entry must be a word, pattern or phrase.")
            e = parse_entry(entry)
            for piece in e.pieces:
                if not _PIECE.match(piece) or not re.search(r"[^\W_]", piece):
                    fail(
                        f"category {name!r}, entry {entry!r}: {piece!r} is not a word or glob pattern "
                        "(letters, digits, - ' . and the wildcards * ? [ ])."
                    )
            if e in parsed:
                fail(f"category {name!r} lists {entry!r} twice; remove one.")
            parsed.append(e)
        categories[name] = tuple(parsed)
    return Dictionary(path.stem, raw["title"].strip(), " ".join(raw["source"].split()), categories)


def _matcher(piece: str):
    if any(ch in piece for ch in "*?["):
        return re.compile(fnmatch.translate(piece)).match
    return piece.__eq__


def count_category(words: Sequence[str], entries: Sequence[Entry]) -> Counter:
    """Matches of one category in a word list: Counter of matched text -> count.

    >>> entries = [parse_entry(e) for e in ["peace*", "peace and security"]]
    >>> sorted(count_category("peace and security and peacebuilding".split(), entries).items())
    [('peace and security', 1), ('peacebuilding', 1)]
    """
    return CategoryMatcher(entries).count(words)


class CategoryMatcher:
    """One category's entries compiled once; counts any number of word lists.

    Longest entries are tried first; a match consumes its words. Which entries
    can start at a word is worked out once per distinct word and remembered, so
    scoring many documents costs one dictionary lookup per word.
    """

    def __init__(self, entries: Sequence[Entry]):
        entries = sorted(entries, key=lambda e: -e.n)
        self._compiled = [(e.n, [_matcher(p) for p in e.pieces]) for e in entries]
        self._first: dict[str, list] = {}

    def count(self, words: Sequence[str]) -> Counter:
        compiled, first_cache = self._compiled, self._first
        found: Counter = Counter()
        n = len(words)
        i = 0
        while i < n:
            w = words[i]
            cands = first_cache.get(w)
            if cands is None:
                cands = first_cache[w] = [(k, ms) for k, ms in compiled if ms[0](w)]
            step = 1
            for k, ms in cands:
                if i + k <= n and all(m(words[i + j]) for j, m in enumerate(ms[1:], 1)):
                    found[" ".join(words[i : i + k])] += 1
                    step = k
                    break
            i += step
        return found


def score(dictionary: Dictionary, doc_words: Mapping[str, Sequence[str]]) -> list[dict]:
    """Rows of counts and per-1,000-word rates of every category in every document."""
    rows = []
    matchers = {cat: CategoryMatcher(entries) for cat, entries in dictionary.categories.items()}
    for doc_id, ws in doc_words.items():
        for cat in dictionary.categories:
            found = matchers[cat].count(ws)
            count = sum(found.values())
            rows.append(
                {
                    "dictionary": dictionary.id,
                    "category": cat,
                    "doc_id": doc_id,
                    "count": count,
                    "per_1k": 1000.0 * count / len(ws) if ws else 0.0,
                    "matched": "; ".join(f"{t}: {c}" for t, c in sorted(found.items(), key=lambda x: (-x[1], x[0]))),
                }
            )
    return rows


def dictionary_table(docs: Sequence[Doc], dictionaries: Sequence[Dictionary]) -> pd.DataFrame:
    """Every dictionary's categories scored in every document (``dictionary_scores.csv``)."""
    doc_words = {d.doc_id: d.words for d in docs}
    rows = [r for dic in dictionaries for r in score(dic, doc_words)]
    return pd.DataFrame(rows, columns=DICTIONARY_SCORES.columns)
