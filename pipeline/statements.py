"""The ``statements`` stage: reading statements as a diplomat would.

:func:`run` is the stage's driver, the one call of the notebook
``notebooks/06_statements.ipynb``. It reads the corpus stage's segments and
documents, the actors stage's mentions, the gazetteer, the dictionaries and
the commitment scale (``config/commitment.yaml``), and builds three readings:

1. **Clause reuse** (:mod:`pipeline.reuse`): for every clause, sentence and
   list item, its closest antecedent in the documents dated before it, a
   label (``verbatim``, ``edited``, ``new``) and a word-level redline;
   per-document shares, the document x earlier-document matrix and the
   lineage of one clause (parameter ``lineage_clause``).
2. **The strength of each commitment** (:mod:`pipeline.commitment`): every
   operative clause and every prose sentence with a commitment predicate on
   the ordinal scale of the scale file, with its shares per document, genre
   and year.
3. **Who commits to what**: the issuers of each statement, the links of each
   committing actor to the concepts of its commitments, and the two-mode
   actor x concept network with its one-mode projections, exported as
   GraphML and GEXF beside the co-mention network.

It writes the tables to ``data/processed/``, the exports beside them, the
figures to ``figures/statements/`` (:mod:`pipeline.statementfigures`) and
the tables for papers to ``reports/tables/statements/``.

Actors the gazetteer does not list (entities the actors stage discovered by
itself) keep their id as their name; their type is the ``type`` column of
``actor_mentions.csv`` when it has one, so an unknown id never stops the stage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import networkx as nx
import pandas as pd

from . import commitment as cm
from . import reuse, statementfigures
from .config import Paths
from .dictionaries import Dictionary, load_dictionary
from .errors import PipelineError
from .files import atomic_write_text
from .gazetteer import Entry, Gazetteer, load_gazetteer, with_discovered
from .params import FigureParams, Params, StatementsParams, resolve, section
from .schema import ACTOR_ENTITIES, ACTOR_MENTIONS, COMMITMENT_LEVELS, DOCUMENTS, SEGMENTS, STATEMENTS_TABLES, by_name
from .tables import conform, read_table, write_paper_table, write_table

TABLES = by_name(STATEMENTS_TABLES)

#: The network exports (under data/processed/): the two-mode network and its two projections, each in two formats.
EXPORTS = {
    "commitment_network": ("commitment_network.graphml", "commitment_network.gexf"),
    "commitment_actors": ("commitment_actors.graphml", "commitment_actors.gexf"),
    "commitment_concepts": ("commitment_concepts.graphml", "commitment_concepts.gexf"),
}
EXPORT_FILES = tuple(f for files in EXPORTS.values() for f in files)

#: Columns the stage needs in actor_mentions.csv (others, such as source, type or rule, are carried along).
MENTION_COLUMNS = ("doc_id", "seg_id", "actor_id", "start", "end")


@dataclass
class Inputs:
    segments: pd.DataFrame
    documents: pd.DataFrame
    mentions: pd.DataFrame
    gazetteer: Gazetteer
    dictionaries: list[Dictionary]
    scale: cm.Scale


@dataclass
class Results:
    tables: dict[str, pd.DataFrame]
    scale: cm.Scale
    #: The two-mode actor x concept network, and its projections onto actors and onto concepts.
    network: nx.Graph
    actor_network: nx.Graph
    concept_network: nx.Graph
    #: The lineage of one unit (parameter ``lineage_clause``), oldest first, and that unit.
    lineage: pd.DataFrame
    lineage_unit: tuple[str, int] | None
    gazetteer: Gazetteer
    params: StatementsParams
    titles: dict[str, str] = field(default_factory=dict)
    figure: FigureParams = field(default_factory=FigureParams)
    #: The figures the stage saved, by name (filled by :func:`pipeline.statementfigures.draw_all`), and their folder.
    drawn: dict = field(default_factory=dict)
    figure_dir: Path | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def reuse(self) -> pd.DataFrame:
        return self.tables["clause_reuse"]

    @property
    def commitments(self) -> pd.DataFrame:
        return self.tables["commitments"]

    @property
    def edges(self) -> pd.DataFrame:
        return self.tables["commitment_edges"]


# ---------------------------------------------------------------- checks and small pieces


def _root_relative(paths: Paths, name: str) -> Path:
    p = Path(name)
    return p if p.is_absolute() else paths.root / p


def scale_path(paths: Paths, params: StatementsParams) -> Path:
    """The commitment scale file (``statements.scale``, relative to the project root)."""
    return _root_relative(paths, params.scale)


def check_scale(scale: cm.Scale) -> None:
    """The tables have one column per level: the scale must name the levels they expect (ranks may change)."""
    got = [lv for lv in scale.levels if lv != cm.NONE]
    want = [lv for lv in COMMITMENT_LEVELS if lv != cm.NONE]
    if sorted(got) != sorted(want):
        raise PipelineError(
            f"{scale.source}: the levels are {', '.join(got)}; the statements tables have a column for each of "
            f"{', '.join(want)}. Fix: keep these four level ids (their ranks, labels, reasoning and verbs may "
            "change), or add the new level's columns to pipeline/schema.py (COMMITMENT_LEVELS).")


def check_params(p: StatementsParams) -> None:
    """What the schema cannot check key by key: the two thresholds in order."""
    if p.edited_threshold > p.verbatim_threshold:
        raise PipelineError(
            f"params.yaml: statements.edited_threshold ({p.edited_threshold}) is above statements.verbatim_threshold "
            f"({p.verbatim_threshold}). Fix: make edited_threshold at most verbatim_threshold.")


def check_mentions(mentions: pd.DataFrame) -> None:
    missing = [c for c in MENTION_COLUMNS if c not in mentions.columns]
    if missing:
        raise PipelineError(f"actor_mentions.csv lacks the column {missing[0]!r}. Fix: rerun the actors stage "
                            "(`dvc repro actors`).")


def with_unknown_ids(gazetteer: Gazetteer, mentions: pd.DataFrame) -> Gazetteer:
    """The gazetteer with an entry for every mentioned id it still lacks (normally none: the stage reads the
    discovered entities of ``actor_entities.csv`` into it first).

    Such an entry is named by its id; its type is the mentions' ``type``
    column where there is one (its most frequent value), else empty.

    >>> g = Gazetteer({})
    >>> m = pd.DataFrame({"actor_id": ["ent_1", "ent_1"], "type": ["civil_society", "civil_society"]})
    >>> e = with_unknown_ids(g, m).entries["ent_1"]
    >>> e.name, e.type
    ('ent_1', 'civil_society')
    """
    unknown = sorted(set(mentions["actor_id"]) - set(gazetteer.entries))
    if not unknown:
        return gazetteer
    types: dict[str, str] = {}
    if "type" in mentions.columns:
        sub = mentions[mentions["actor_id"].isin(unknown)]
        for a, g in sub.groupby("actor_id", sort=True):
            counts = g["type"].fillna("").astype(str).value_counts()
            top = counts[counts == counts.max()].index
            types[a] = sorted(top)[0]
    extra = {a: Entry(a, a, types.get(a, ""), ()) for a in unknown}
    return dataclasses.replace(gazetteer, entries={**gazetteer.entries, **extra})


def parse_unit(value: str) -> tuple[str, int]:
    """``doc_id:seg_id`` as a pair.

    >>> parse_unit("admm_plus_joint_statement_2025:23")
    ('admm_plus_joint_statement_2025', 23)
    """
    doc_id, sep, seg = value.strip().rpartition(":")
    if not sep or not doc_id or not seg.strip().isdigit():
        raise PipelineError(f"params.yaml: statements.lineage_clause is {value!r}; write it as doc_id:seg_id "
                            "(e.g. admm_plus_joint_statement_2025:23), or leave it empty to draw the longest lineage.")
    return doc_id, int(seg)


def lineage_depths(reuse_table: pd.DataFrame) -> dict[tuple[str, int], tuple[int, int]]:
    """``{(doc_id, seg_id): (units in its lineage, edits along it)}`` for every unit of the reuse table.

    A ``new`` unit's lineage is itself (1, 0); a reused unit's is its
    antecedent's plus one (and one more edit if it is ``edited``). The table
    is in date order, so every antecedent comes before the units that reuse it.
    """
    out: dict[tuple[str, int], tuple[int, int]] = {}
    for d, s, lab, sd, ss in zip(reuse_table["doc_id"], reuse_table["seg_id"], reuse_table["label"],
                                 reuse_table["source_doc_id"], reuse_table["source_seg_id"]):
        if lab == "new" or not sd:
            out[(d, int(s))] = (1, 0)
            continue
        depth, edits = out.get((sd, int(ss)), (1, 0))
        out[(d, int(s))] = (depth + 1, edits + (lab == "edited"))
    return out


def choose_lineage(reuse_table: pd.DataFrame, wanted: str = "") -> tuple[str, int] | None:
    """The unit whose lineage is drawn: ``wanted`` (``doc_id:seg_id``) or, if empty, the longest lineage.

    Ties go to the lineage with more edits, then to a clause over a sentence
    or item, then to the latest unit (``date_start``), then the smallest
    ``doc_id`` and ``seg_id``. ``None`` for an empty table.
    """
    if wanted.strip():
        key = parse_unit(wanted)
        units = set(zip(reuse_table["doc_id"], reuse_table["seg_id"].astype(int)))
        if key not in units:
            raise PipelineError(
                f"params.yaml: statements.lineage_clause is {wanted!r}, which is not a unit of clause_reuse.csv (a "
                "clause, sentence or item of statements.kinds). Fix: pick a doc_id:seg_id from clause_reuse.csv, "
                "or leave it empty to draw the longest lineage.")
        return key
    if not len(reuse_table):
        return None
    depth = lineage_depths(reuse_table)
    best = min(
        zip(reuse_table["doc_id"], reuse_table["seg_id"].astype(int), reuse_table["kind"], reuse_table["date_start"]),
        key=lambda r: (-depth[(r[0], r[1])][0], -depth[(r[0], r[1])][1], r[2] != "clause",
                       -dt.date.fromisoformat(r[3]).toordinal(), r[0], r[1]))
    return best[0], best[1]


def _group_shares(rated: pd.DataFrame, documents: pd.DataFrame, scale: cm.Scale) -> pd.DataFrame:
    frames = []
    for by in ("genre", "year"):
        if not len(rated) or (by == "genre" and "genre" not in documents.columns):
            continue
        s = cm.level_shares(rated, by, documents=documents, scale=scale).rename(columns={by: "group"})
        s.insert(0, "group_by", by)
        frames.append(s)
    cols = TABLES["commitment_group_shares"].columns
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


# ---------------------------------------------------------------- the stage


def compute(
    segments: pd.DataFrame,
    documents: pd.DataFrame,
    mentions: pd.DataFrame | None,
    gazetteer: Gazetteer,
    scale: cm.Scale,
    dictionaries: Sequence[Dictionary] = (),
    params: StatementsParams | Mapping | None = None,
) -> Results:
    """Every table and network of the stage from plain inputs (no files read or written)."""
    p = section("statements", params)
    check_params(p)
    check_scale(scale)
    if mentions is None:
        mentions = pd.DataFrame(columns=list(MENTION_COLUMNS))
    check_mentions(mentions)
    gaz = with_unknown_ids(gazetteer, mentions)

    found = reuse.find_reuse(segments, documents, **reuse.options(p))
    rated = cm.commitments(segments, mentions, scale, gaz)
    iss = cm.issuers(segments, mentions, scale, gaz)
    links = cm.links(segments, mentions, scale, gaz, dictionaries, issuers_table=iss)
    per_doc = (cm.level_shares(rated, "doc_id", scale=scale) if len(rated)
               else pd.DataFrame(columns=TABLES["commitment_shares"].columns))
    tables = {
        "clause_reuse": found,
        "clause_edits": reuse.reuse_edits(found, segments),
        "reuse_shares": reuse.reuse_shares(found, documents),
        "reuse_matrix": reuse.reuse_pairs(found),
        "commitments": rated,
        "commitment_shares": per_doc,
        "commitment_group_shares": _group_shares(rated, documents, scale),
        "issuers": iss,
        "commitment_links": links,
        "commitment_edges": cm.edges(links, scale),
    }
    tables = {name: conform(df, TABLES[name]) for name, df in tables.items()}

    B = cm.actor_concept_graph(tables["commitment_links"], gaz, dictionaries, scale)
    unit = choose_lineage(tables["clause_reuse"], p.lineage_clause)
    lin = (reuse.lineage(tables["clause_reuse"], *unit, segments=segments) if unit
           else pd.DataFrame(columns=list(reuse.LINEAGE_COLUMNS)))
    titles = dict(zip(documents["doc_id"], documents["title"])) if "title" in documents else {}
    return Results(tables, scale, B, cm.actor_projection(B), cm.concept_projection(B), lin, unit, gaz, p, titles)


def load_inputs(paths: Paths, params: Params) -> Inputs:
    """Read the segments, documents and mentions, the gazetteer, the dictionaries and the commitment scale.

    The tables are read directly (not through the corpus and actors modules), so that the stage's code
    dependencies are the modules it computes with.
    """
    p = params.statements
    dictionaries = [load_dictionary(_root_relative(paths, f), f) for f in params.textstats.dictionaries]
    ids = [d.id for d in dictionaries]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise PipelineError(f"params.yaml: textstats.dictionaries names two files called {dup[0]}.yaml; rename one.")
    documents = read_table(DOCUMENTS, paths.processed)
    documents = documents[documents["include"] == "yes"].reset_index(drop=True)  # as corpus.load_documents
    # the discovered entities' names, types and links (actor_entities.csv), as the network stage reads them
    gazetteer = with_discovered(load_gazetteer(_root_relative(paths, params.actors.gazetteer)),
                                read_table(ACTOR_ENTITIES, paths.processed))
    return Inputs(read_table(SEGMENTS, paths.processed), documents, read_table(ACTOR_MENTIONS, paths.processed),
                  gazetteer, dictionaries, cm.load_scale(scale_path(paths, p)))


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write the tables, and the GraphML and GEXF exports of the networks, to ``data/processed/``."""
    written = [write_table(df, TABLES[name], paths.processed) for name, df in results.tables.items()]
    graphs = {"commitment_network": results.network, "commitment_actors": results.actor_network,
              "commitment_concepts": results.concept_network}
    for name, (graphml, gexf) in EXPORTS.items():
        written.append(atomic_write_text(paths.processed / graphml, cm.graphml_text(graphs[name])))
        written.append(atomic_write_text(paths.processed / gexf, cm.gexf_text(graphs[name])))
    return written


def _title(results: Results, doc_id: str, width: int = 60) -> str:
    t = results.titles.get(doc_id) or doc_id
    return t if len(t) <= width else t[: width - 1].rstrip() + "…"


def paper_tables(results: Results) -> dict[str, tuple[pd.DataFrame, str]]:
    """The key tables for a paper: reuse and commitment shares per document, and the strongest commitments."""
    p = results.params
    sh = results["reuse_shares"]
    sh = sh[sh["n_units"] > 0]
    reuse_df = pd.DataFrame({
        "document": [_title(results, d) for d in sh["doc_id"]], "date": sh["date"], "units": sh["n_units"],
        "verbatim": sh["share_verbatim"], "edited": sh["share_edited"], "new": sh["share_new"]})
    reuse_caption = (f"Clauses, sentences and items of each document carried over verbatim (similarity >= "
                     f"{p.verbatim_threshold}), edited (>= {p.edited_threshold}) or new, as shares of its units, in "
                     "date order. Antecedents are units of documents dated earlier (same-day documents excluded).")
    cs = results["commitment_shares"]
    levels = [lv for lv in results.scale.levels]
    level_df = pd.DataFrame({"document": [_title(results, d) for d in cs["doc_id"]],
                             "commitments": cs["n_commitments"],
                             **{lv: cs[f"share_{lv}"] for lv in levels}, "mean rank": cs["mean_rank"]})
    ranks = ", ".join(f"{lv} {results.scale.rank(lv)}" for lv in levels)
    level_caption = (f"Commitments of each document by level of the scale ({results.params.scale}): shares of its "
                     f"rated units (operative clauses; prose sentences with a commitment predicate); ranks {ranks}.")
    e = results.edges.sort_values(["n_clauses", "level_rank", "actor_id", "concept_id"],
                                  ascending=[False, False, True, True], kind="mergesort").head(p.table_top_n)
    B = results.network
    edge_df = pd.DataFrame({
        "actor": [B.nodes[a]["label"] for a in e["actor_id"]],
        "concept": [statementfigures.concept_label(c, B.nodes[c]["label"]) for c in e["concept_id"]],
        "level": e["level"], "clauses": e["n_clauses"], "documents": e["n_documents"], "agreement": e["agreement"]})
    edge_caption = (f"Who commits to what: the {len(edge_df)} actor x concept ties with most clauses (the two-mode "
                    "network's edges). Level: the strongest of the actor's commitments naming the concept; clauses: "
                    "units in which it does; agreement: their polarity.")
    return {
        "statements_reuse_shares": (reuse_df.reset_index(drop=True), reuse_caption),
        "statements_commitment_levels": (level_df.reset_index(drop=True), level_caption),
        "statements_commitment_edges": (edge_df.reset_index(drop=True), edge_caption),
    }


def write_paper_tables(results: Results, directory: Path | str) -> list[Path]:
    """Write the key tables as LaTeX (booktabs) and Markdown; return the paths."""
    written = []
    for name, (df, caption) in paper_tables(results).items():
        written += write_paper_table(df, name, caption, directory)
    return written


def run(paths: Paths, params: Params | Mapping | None = None) -> Results:
    """The stage: reuse, commitments and who commits to what; write tables, exports, figures and paper tables."""
    p = resolve(params, paths.params)
    inputs = load_inputs(paths, p)
    results = compute(inputs.segments, inputs.documents, inputs.mentions, inputs.gazetteer, inputs.scale,
                      inputs.dictionaries, p.statements)
    results.figure, results.figure_dir = p.figure, paths.figures / "statements"
    write_outputs(results, paths)
    write_paper_tables(results, paths.tables / "statements")
    statementfigures.draw_all(results, paths.figures / "statements", formats=p.figure.formats, dpi=p.figure.dpi,
                              width_in=p.figure.width_in, processed=paths.processed)
    return results
