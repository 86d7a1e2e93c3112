"""One graph of every actor, instrument and tie, as GraphML and GEXF that Gephi, Cytoscape and igraph open."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd

from .files import atomic_write_text
from .gazetteer import Gazetteer


def export_graph(actors: pd.DataFrame, instruments: pd.DataFrame, edges: pd.DataFrame, gazetteer: Gazetteer) -> nx.MultiGraph:
    """One graph for Gephi, Cytoscape and igraph: actors, instruments and events, every edge kind.

    Every node has the same attributes (no missing values, no lists: groups
    are joined by ';'); every edge has ``kind``, ``weight`` (a float, as
    Gephi expects) and ``documents``, and an id ``e1``, ``e2``, ... in the
    order of ``actor_edges.csv``. Instruments and events get 0 for the co-mention
    measures (they are not in that network).
    """
    X = nx.MultiGraph()
    rows = []
    for r in actors.itertuples(index=False):
        rows.append((r.actor_id, dict(
            label=r.name, name=r.name, type=r.type, entity_source=r.entity_source, iso3=r.iso3, groups=r.groups,
            mentions=int(r.mentions), documents=int(r.documents), degree=int(r.degree), weighted_degree=int(r.weighted_degree),
            betweenness=float(r.betweenness), eigenvector=float(r.eigenvector), community=int(r.community),
        )))
    for r in instruments.itertuples(index=False):
        rows.append((r.instrument_id, dict(
            label=r.name, name=r.name, type=r.type, entity_source=r.entity_source, iso3="", groups="",
            mentions=int(r.mentions),
            documents=int(r.documents), degree=0, weighted_degree=0, betweenness=0.0, eigenvector=0.0, community=0,
        )))
    for node, attrs in sorted(rows):
        X.add_node(node, **attrs)
    for i, r in enumerate(edges.itertuples(index=False), start=1):
        X.add_edge(r.source, r.target, key=f"e{i}", kind=r.kind, weight=float(r.weight), documents=int(r.documents))
    return X



_GEXF_DATE = re.compile(r'\s+lastmodifieddate="[^"]*"')



def graphml_text(X: nx.Graph) -> str:
    """GraphML of ``X`` (typed keys; deterministic for a deterministic graph)."""
    return "\n".join(nx.generate_graphml(X, prettyprint=True)) + "\n"



def gexf_text(X: nx.Graph) -> str:
    """GEXF 1.2 of ``X`` without the writer's date, so a rerun gives the same bytes."""
    text = "\n".join(nx.generate_gexf(X, prettyprint=True)) + "\n"
    return _GEXF_DATE.sub("", text, count=1)



def write_exports(X: nx.Graph, directory: Path | str) -> list[Path]:
    directory = Path(directory)
    return [
        atomic_write_text(directory / "network.graphml", graphml_text(X)),
        atomic_write_text(directory / "network.gexf", gexf_text(X)),
    ]


EXPORTS = ("network.graphml", "network.gexf")
