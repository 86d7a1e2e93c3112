"""The ``network`` stage: who is mentioned with whom, and in what role.

:func:`run` is the stage's driver, the one call of the notebook
``notebooks/04_network.ipynb``: it reads the ``actors`` stage's mentions,
the corpus stage's segments and documents and the gazetteer, builds the
networks (:mod:`pipeline.graphs`) and their measures
(:mod:`pipeline.centrality`), and writes the tables, the
Gephi/Cytoscape/igraph exports (:mod:`pipeline.graphio`), the figures
(:mod:`pipeline.netfigures`) and the tables for papers. :func:`read_results`
reads the written outputs back for the reader notebooks.

The networks
------------
1. **Co-mention** (actors only, instruments excluded): an edge joins two
   actors mentioned in the same *unit* (parameter ``unit``: a segment, i.e.
   a sentence or diplomatic clause; a paragraph; or a whole document). Its
   ``weight`` is the number of units they share, its ``documents`` the number
   of documents in which they share one.
2. **Document-actor** two-mode network (edge weight = mentions), with its
   projection onto documents (weight = actors in common) and onto actors
   (weight = documents in common: the co-mention network at ``unit =
   document``).
3. **Actor-instrument** two-mode network: an actor and an instrument are
   joined when mentioned in the same unit (weight = shared units).
4. **Membership** ties declared in the gazetteer (``member_of``,
   ``dialogue_partner_of``, ``plus_country_of``, ``participant_of``,
   ``in_group``, ``part_of``) between entries that the texts mention. They
   are separate edges, with weight 1, and never enter co-mention weights or
   the measures below.

Measures (of the co-mention network)
------------------------------------
``degree`` (actors co-mentioned), ``weighted_degree`` (sum of edge weights),
``betweenness`` (normalised, unweighted shortest paths), ``eigenvector``
(weighted, power iteration) and ``community`` (Louvain, fixed ``seed``;
communities numbered 1, 2, ... from the largest, ties by their first actor id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import networkx as nx
import pandas as pd

from . import corpus, grouped, netfigures
from .actors import load_registry
from .centrality import centrality_table
from .config import Paths
from .errors import PipelineError
from .gazetteer import TYPES, Gazetteer
from .graphio import export_graph, write_exports
from .graphs import (ACTOR_INSTRUMENT, CO_MENTION, actor_instrument_graph, comention_graph, document_actor_graph,
                     document_similarity, fold_discovered, membership_edges, project)
from .params import FigureParams, GroupsParams, NetworkParams, Params, resolve, section
from .schema import (ACTOR_EDGES, ACTOR_MENTIONS, ACTORS, DOCUMENT_ACTORS, DOCUMENT_EDGES, INSTRUMENTS,
                     NETWORK_TABLES, by_name)
from .tables import conform, read_table, write_paper_table, write_table

TABLES = by_name(NETWORK_TABLES)


@dataclass
class Results:
    tables: dict[str, pd.DataFrame]
    comention: nx.Graph
    actor_instrument: nx.Graph
    document_actor: nx.Graph
    document_projection: nx.Graph
    actor_projection: nx.Graph
    export: nx.MultiGraph
    gazetteer: Gazetteer
    params: NetworkParams
    titles: dict[str, str] = field(default_factory=dict)
    figure: FigureParams = field(default_factory=FigureParams)
    #: The figures the stage saved, by name (filled by :func:`pipeline.netfigures.draw_all`), and their folder.
    drawn: dict = field(default_factory=dict)
    figure_dir: Path | None = None
    #: The grouped results (issue 13): each period's network, the assignments (:mod:`pipeline.grouped`).
    grouped: grouped.PeriodNetworks | None = None
    #: ``textstats.figure_max_docs``: past it the heatmap shows groups (groups.by) instead of documents.
    figure_max_docs: int = 12

    @property
    def actors(self) -> pd.DataFrame:
        return self.tables["actors"]

    @property
    def edges(self) -> pd.DataFrame:
        return self.tables["actor_edges"]


def _check_mentions(mentions: pd.DataFrame, gazetteer: Gazetteer) -> None:
    unknown = sorted(set(mentions["actor_id"]) - set(gazetteer.entries))
    if unknown:
        raise PipelineError(
            f"actor_mentions.csv names {unknown[0]!r}, which is neither in {gazetteer.source} nor in "
            "actor_entities.csv. Fix: rerun the actors stage (`dvc repro actors`) after editing the gazetteer."
        )


def compute(
    mentions: pd.DataFrame,
    segments: pd.DataFrame | None,
    gazetteer: Gazetteer,
    params: NetworkParams | Mapping | None = None,
    documents: pd.DataFrame | None = None,
    groups: GroupsParams | Mapping | None = None,
) -> Results:
    """Every network, measure and table from plain inputs (no files read or written).

    ``gazetteer`` holds every id the mentions name: the gazetteer with the discovered entities
    (:func:`pipeline.actors.load_registry`). With ``documents`` (dated), also the actor trends and the
    network of each period (``groups`` section: :func:`pipeline.grouped.network_tables`).
    """
    p = section("network", params)
    mentions = conform(mentions, ACTOR_MENTIONS)
    _check_mentions(mentions, gazetteer)
    mentions = fold_discovered(mentions, gazetteer, p.fold_discovered)
    ents = gazetteer.entries
    doc_ids = sorted(documents["doc_id"]) if documents is not None else sorted(set(mentions["doc_id"]))
    titles = dict(zip(documents["doc_id"], documents["title"])) if documents is not None and "title" in documents else {}

    G = comention_graph(mentions, segments, gazetteer, p.unit)
    AI = actor_instrument_graph(mentions, segments, gazetteer, p.unit)
    DA = document_actor_graph(mentions, gazetteer, doc_ids)
    doc_edges = document_similarity(DA, p.document_top_k)
    doc_proj = nx.Graph()
    doc_proj.add_nodes_from(f"doc:{d}" for d in doc_ids)
    doc_proj.add_weighted_edges_from(
        (f"doc:{a}", f"doc:{b}", w) for a, b, w in doc_edges[["source", "target", "shared_actors"]].itertuples(index=False))
    actor_proj = project(DA, 1)

    n_mentions = mentions.groupby("actor_id").size().to_dict()
    n_docs = mentions.groupby("actor_id")["doc_id"].nunique().to_dict()
    cent = centrality_table(G, seed=p.seed, resolution=p.resolution).set_index("node")
    actor_rows = []
    for a in sorted(G):
        e = ents[a]
        c = cent.loc[a]
        actor_rows.append({
            "actor_id": a, "name": e.name, "type": e.type, "iso3": e.iso3, "groups": ";".join(e.groups),
            "entity_source": e.source, "mentions": n_mentions[a], "documents": n_docs[a],
            "degree": int(c["degree"]), "weighted_degree": int(c["weighted_degree"]),
            "betweenness": float(c["betweenness"]), "eigenvector": float(c["eigenvector"]), "community": int(c["community"]),
        })
    actors = pd.DataFrame(actor_rows, columns=ACTORS.columns)

    instruments = sorted(n for n, s in AI.nodes(data="bipartite") if s == 1)
    instrument_rows = [
        {
            "instrument_id": i, "name": ents[i].name, "type": ents[i].type, "entity_source": ents[i].source,
            "mentions": n_mentions[i], "documents": n_docs[i],
            "actors": AI.degree(i), "shared_units": int(AI.degree(i, weight="weight")),
        }
        for i in instruments
    ]

    edge_rows = [{"source": a, "target": b, "kind": CO_MENTION, "weight": d["weight"], "documents": d["documents"]}
                 for a, b, d in G.edges(data=True)]
    for u, v, d in AI.edges(data=True):
        a, i = (u, v) if AI.nodes[u]["bipartite"] == 0 else (v, u)
        edge_rows.append({"source": a, "target": i, "kind": ACTOR_INSTRUMENT, "weight": d["weight"], "documents": d["documents"]})
    nodes = set(G) | set(instruments)
    edge_rows += [{"source": s, "target": t, "kind": k, "weight": 1, "documents": 0} for s, t, k in membership_edges(gazetteer, nodes)]
    edges = pd.DataFrame(edge_rows, columns=ACTOR_EDGES.columns)

    counts = mentions.groupby(["doc_id", "actor_id"]).size().reset_index(name="mentions")
    counts["type"] = [ents[a].type for a in counts["actor_id"]]

    tables = {
        "actors": conform(actors, ACTORS),
        "actor_edges": conform(edges, ACTOR_EDGES),
        "instruments": conform(pd.DataFrame(instrument_rows, columns=INSTRUMENTS.columns), INSTRUMENTS),
        "document_actors": conform(counts, DOCUMENT_ACTORS),
        "document_edges": conform(doc_edges, DOCUMENT_EDGES),
    }
    export = export_graph(tables["actors"], tables["instruments"], tables["actor_edges"], gazetteer)
    over_time = grouped.network_tables(mentions, segments, gazetteer, documents, sorted(G), p, section("groups", groups)) \
        if documents is not None else None
    for name in grouped.NETWORK_TABLES:  # the grouped tables (empty without dated documents)
        df = over_time.tables.get(name) if over_time is not None else None
        tables[name] = conform(df if df is not None else pd.DataFrame(columns=TABLES[name].columns), TABLES[name])
    return Results(tables, G, AI, DA, doc_proj, actor_proj, export, gazetteer, p, titles, grouped=over_time)


@dataclass
class Inputs:
    mentions: pd.DataFrame
    segments: pd.DataFrame
    documents: pd.DataFrame
    gazetteer: Gazetteer


def load_inputs(paths: Paths, params: Params) -> Inputs:
    """Read the mentions, segments, documents, and the gazetteer with the entities the actors stage discovered."""
    return Inputs(read_table(ACTOR_MENTIONS, paths.processed), corpus.load_segments(paths),
                  corpus.with_attributes(corpus.load_documents(paths), corpus.load_attributes(paths)),
                  load_registry(paths, params.actors))


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write the tables and the GraphML and GEXF exports to ``data/processed/``."""
    written = [write_table(df, TABLES[name], paths.processed) for name, df in results.tables.items()]
    return written + write_exports(results.export, paths.processed)


def paper_tables(results: Results, top_n: int = 20) -> dict[str, tuple[pd.DataFrame, str]]:
    """The key table for a paper: actor centralities, top ``top_n`` by weighted degree."""
    a = results.actors.sort_values(["weighted_degree", "mentions", "actor_id"], ascending=[False, False, True],
                                   kind="mergesort").head(top_n)
    df = a[["name", "type", "mentions", "documents", "degree", "weighted_degree", "betweenness", "eigenvector",
            "community"]].rename(columns={"weighted_degree": "weighted degree"})
    df["type"] = df["type"].map(TYPES)
    caption = (f"Actor centralities in the co-mention network (unit: {results.params.unit}), top {len(df)} "
               "actors by weighted degree. Degree: actors co-mentioned; weighted degree: shared units; betweenness: "
               "normalised, unweighted; eigenvector: weighted; community: Louvain (seed "
               f"{results.params.seed}).")
    return {"network_actor_centralities": (df.reset_index(drop=True), caption)}


def write_paper_tables(results: Results, directory: Path | str, top_n: int = 20) -> list[Path]:
    """Write the key tables as LaTeX (booktabs) and Markdown; return the paths."""
    written = []
    for name, (df, caption) in paper_tables(results, top_n).items():
        written += write_paper_table(df, name, caption, directory)
    return written


def run(paths: Paths, params: Params | Mapping | None = None) -> Results:
    """The stage: build the networks and measures, write tables, exports, figures and paper tables."""
    p = resolve(params, paths.params)
    inputs = load_inputs(paths, p)
    results = compute(inputs.mentions, inputs.segments, inputs.gazetteer, p.network, inputs.documents, p.groups)
    results.figure, results.figure_dir = p.figure, paths.figures / "network"
    results.figure_max_docs = p.textstats.figure_max_docs
    netfigures.check_ego_actor(results, p.network.ego_actor)  # a clear message before anything is written
    write_outputs(results, paths)
    write_paper_tables(results, paths.tables / "network")
    netfigures.draw_all(results, paths.figures / "network", formats=p.figure.formats, dpi=p.figure.dpi,
                        width_in=p.figure.width_in, processed=paths.processed)
    return results


def read_results(paths: Paths, params: Params | Mapping | None = None) -> Results:
    """The stage's results read back from its written tables (run ``make`` first), without recomputing.

    The co-mention network is rebuilt from ``actors.csv`` (its nodes, in
    order) and the ``co_mention`` rows of ``actor_edges.csv``; the two-mode
    networks and projections, which only the stage itself draws from, are
    left empty.
    """
    p = resolve(params, paths.params)
    tables = {name: read_table(t, paths.processed) for name, t in TABLES.items()}
    G = nx.Graph()
    G.add_nodes_from(tables["actors"]["actor_id"])
    co = tables["actor_edges"][tables["actor_edges"]["kind"] == CO_MENTION]
    G.add_edges_from((r.source, r.target, {"weight": int(r.weight), "documents": int(r.documents)})
                     for r in co.itertuples(index=False))
    documents = corpus.load_documents(paths)
    empty = nx.Graph()
    return Results(tables, G, empty, empty, empty, empty, nx.MultiGraph(),
                   load_registry(paths, p.actors), p.network,
                   dict(zip(documents["doc_id"], documents["title"])), p.figure,
                   figure_dir=paths.figures / "network")
