"""The ``actors`` stage: find the gazetteer's actors and instruments in the texts.

:func:`run` is the stage's driver, the one call of the notebook
``notebooks/03_actors.ipynb``: it reads the cleaned texts, the segments
table and the gazetteer, finds the mentions (:mod:`pipeline.matcher`) and the
names the gazetteer lacks (:mod:`pipeline.candidates`), and writes both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pandas as pd

from . import corpus
from .candidates import find_candidates
from .config import Paths
from .gazetteer import Gazetteer, load_gazetteer
from .matcher import AliasMatcher, extract_mentions
from .params import ActorsParams, Params, resolve, section
from .schema import ACTOR_CANDIDATES, ACTOR_MENTIONS
from .tables import write_table


@dataclass
class Inputs:
    texts: dict[str, str]
    segments: pd.DataFrame
    gazetteer: Gazetteer


@dataclass
class Results:
    tables: dict[str, pd.DataFrame]
    gazetteer: Gazetteer
    params: ActorsParams

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["actor_mentions"]

    @property
    def candidates(self) -> pd.DataFrame:
        return self.tables["actor_candidates"]


def gazetteer_path(paths: Paths, params: ActorsParams) -> Path:
    """The gazetteer file (``actors.gazetteer``, relative to the project root); the network stage reads it too."""
    p = Path(params.gazetteer)
    return p if p.is_absolute() else paths.root / p


def load_inputs(paths: Paths, params: ActorsParams) -> Inputs:
    """Read the corpus stage's cleaned texts and segments, and the gazetteer."""
    gazetteer = load_gazetteer(gazetteer_path(paths, params))
    return Inputs(corpus.load_clean_texts(paths), corpus.load_segments(paths), gazetteer)


def compute(
    texts: Mapping[str, str],
    segments: pd.DataFrame | None,
    gazetteer: Gazetteer,
    params: ActorsParams | Mapping | None = None,
) -> Results:
    """Mentions and candidates from plain inputs (no files read or written)."""
    p = section("actors", params)
    matcher = AliasMatcher(gazetteer)
    mentions = extract_mentions(texts, segments, matcher)
    candidates = find_candidates(
        texts, mentions, gazetteer, segments,
        min_count=p.candidate_min_count,
        acronym_max_letters=p.candidate_acronym_max_letters,
        skip_headings=p.candidate_skip_headings,
        context_chars=p.context_chars,
    )
    return Results({"actor_mentions": mentions, "actor_candidates": candidates}, gazetteer, p)


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write ``actor_mentions.csv`` and ``actor_candidates.csv``; return the paths."""
    return [
        write_table(results.mentions, ACTOR_MENTIONS, paths.processed),
        write_table(results.candidates, ACTOR_CANDIDATES, paths.processed),
    ]


def run(paths: Paths, params: Params | Mapping | None = None) -> Results:
    """The stage: read texts and gazetteer, find mentions and candidates, write both tables."""
    p = resolve(params, paths.params).actors
    inputs = load_inputs(paths, p)
    results = compute(inputs.texts, inputs.segments, inputs.gazetteer, p)
    write_outputs(results, paths)
    return results


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
