"""The ``actors`` stage: find the actors, instruments, events and persons the texts name.

:func:`run` is the stage's driver, the one call of the notebook
``notebooks/03_actors.ipynb``: it reads the cleaned texts, the segments
table and the gazetteer; finds the gazetteer's names (:mod:`pipeline.matcher`),
then the names it lacks (:mod:`pipeline.recognise`: bodies, numbered meetings,
titles of instruments, persons, acronyms defined in the text), keeping the
longest span everywhere; lists the capitalised names neither accepted
(:mod:`pipeline.candidates`); and writes the mentions, the discovered
entities and the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pandas as pd

from . import corpus
from .candidates import find_candidates
from .config import Paths
from .gazetteer import Gazetteer, load_gazetteer, with_discovered
from .matcher import AliasMatcher, extract_mentions, mentions_table
from .params import ActorsParams, Params, resolve, section
from .recognise import Recogniser, Rules, extract, load_rules
from .schema import ACTOR_CANDIDATES, ACTOR_ENTITIES, ACTOR_MENTIONS
from .tables import conform, read_table, write_table


@dataclass
class Inputs:
    texts: dict[str, str]
    segments: pd.DataFrame
    gazetteer: Gazetteer
    rules: Rules | None  # None: the recogniser is off (actors.recogniser is empty)


@dataclass
class Results:
    tables: dict[str, pd.DataFrame]
    #: The gazetteer with the discovered entities added (:func:`pipeline.gazetteer.with_discovered`).
    gazetteer: Gazetteer
    params: ActorsParams
    #: Spans the recogniser read and did not accept: (doc_id, start, end, reason).
    rejected: list = field(default_factory=list)

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["actor_mentions"]

    @property
    def entities(self) -> pd.DataFrame:
        return self.tables["actor_entities"]

    @property
    def candidates(self) -> pd.DataFrame:
        return self.tables["actor_candidates"]


def gazetteer_path(paths: Paths, params: ActorsParams) -> Path:
    """The gazetteer file (``actors.gazetteer``, relative to the project root); the network stage reads it too."""
    p = Path(params.gazetteer)
    return p if p.is_absolute() else paths.root / p


def rules_path(paths: Paths, params: ActorsParams) -> Path | None:
    """The recogniser's word lists (``actors.recogniser``), or None when the parameter is empty."""
    if not params.recogniser:
        return None
    p = Path(params.recogniser)
    return p if p.is_absolute() else paths.root / p


def load_inputs(paths: Paths, params: ActorsParams) -> Inputs:
    """Read the corpus stage's cleaned texts and segments, the gazetteer and the recogniser's rules."""
    gazetteer = load_gazetteer(gazetteer_path(paths, params))
    rules_file = rules_path(paths, params)
    rules = load_rules(rules_file) if rules_file is not None else None
    return Inputs(corpus.load_clean_texts(paths), corpus.load_segments(paths), gazetteer, rules)


def heading_spans(segments: pd.DataFrame | None) -> dict[str, list[tuple[int, int]]]:
    """``doc_id -> [(start, end), ...]`` of the segments of kind ``heading``: no name starts a heading's words."""
    if segments is None or not len(segments):
        return {}
    h = segments[segments["kind"] == "heading"]
    return {d: list(zip(g["start"].tolist(), g["end"].tolist())) for d, g in h.groupby("doc_id", sort=True)}


def _entities_table(entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    n = mentions.groupby("actor_id").size()
    docs = mentions.groupby("actor_id")["doc_id"].nunique()
    df = entities.rename(columns={"id": "actor_id"})
    df["mentions"] = df["actor_id"].map(n).fillna(0).astype(int)
    df["documents"] = df["actor_id"].map(docs).fillna(0).astype(int)
    return conform(df[df["mentions"] > 0].reset_index(drop=True), ACTOR_ENTITIES)


def compute(
    texts: Mapping[str, str],
    segments: pd.DataFrame | None,
    gazetteer: Gazetteer,
    params: ActorsParams | Mapping | None = None,
    rules: Rules | None = None,
) -> Results:
    """Mentions, discovered entities and candidates from plain inputs (no files read or written).

    ``rules`` are the recogniser's word lists (:func:`pipeline.recognise.load_rules`); None finds the
    gazetteer's names only, as the stage does when ``actors.recogniser`` is empty.
    """
    p = section("actors", params)
    matcher = AliasMatcher(gazetteer)
    rejected: list = []
    if rules is None:
        mentions = extract_mentions(texts, segments, matcher)
        entities = conform(pd.DataFrame({c: [] for c in ACTOR_ENTITIES.columns}), ACTOR_ENTITIES)
    else:
        ex = extract(texts, matcher, Recogniser(gazetteer, rules), heading_spans(segments),
                     roles=p.roles, generic=p.generic)
        mentions = mentions_table(ex.mentions, segments)
        entities = _entities_table(ex.entities_frame(), mentions)
        rejected = ex.rejected
    registry = with_discovered(gazetteer, entities)
    candidates = find_candidates(
        texts, mentions, gazetteer, segments,
        min_count=p.candidate_min_count,
        acronym_max_letters=p.candidate_acronym_max_letters,
        skip_headings=p.candidate_skip_headings,
        context_chars=p.context_chars,
    )
    tables = {"actor_mentions": mentions, "actor_entities": entities, "actor_candidates": candidates}
    return Results(tables, registry, p, rejected)


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write ``actor_mentions.csv``, ``actor_entities.csv`` and ``actor_candidates.csv``; return the paths."""
    return [
        write_table(results.mentions, ACTOR_MENTIONS, paths.processed),
        write_table(results.entities, ACTOR_ENTITIES, paths.processed),
        write_table(results.candidates, ACTOR_CANDIDATES, paths.processed),
    ]


def run(paths: Paths, params: Params | Mapping | None = None) -> Results:
    """The stage: read texts, gazetteer and rules; find mentions, entities and candidates; write the tables."""
    p = resolve(params, paths.params).actors
    inputs = load_inputs(paths, p)
    results = compute(inputs.texts, inputs.segments, inputs.gazetteer, p, inputs.rules)
    write_outputs(results, paths)
    return results


def load_registry(paths: Paths, params: ActorsParams) -> Gazetteer:
    """The gazetteer with the entities the actors stage discovered (``actor_entities.csv``): every id that
    ``actor_mentions.csv`` can name."""
    return with_discovered(load_gazetteer(gazetteer_path(paths, params)), read_table(ACTOR_ENTITIES, paths.processed))


def mention_counts(mentions: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """A document x entry table of mention counts (rows doc_id, columns entry ids), for display."""
    if not len(mentions):
        return pd.DataFrame()
    counts = mentions.groupby(["doc_id", "actor_id"]).size().unstack(fill_value=0)
    order = [e for e in gazetteer.entries if e in counts.columns]
    return counts[order]


def summary(results: Results) -> pd.DataFrame:
    """One row per entity found: name, type, gazetteer or discovered, mentions, documents and the surfaces seen."""
    m = results.mentions
    g = results.gazetteer
    rows = []
    for actor_id, grp in m.groupby("actor_id", sort=True):
        e = g.entries[actor_id]
        rows.append({
            "actor_id": actor_id, "name": e.name, "type": e.type, "source": e.source, "mentions": len(grp),
            "documents": grp["doc_id"].nunique(),
            "surfaces": "; ".join(sorted(set(grp["surface"]))),
        })
    df = pd.DataFrame(rows, columns=["actor_id", "name", "type", "source", "mentions", "documents", "surfaces"])
    return df.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
