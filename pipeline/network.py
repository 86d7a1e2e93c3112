"""The ``network`` stage: who is mentioned with whom, and in what role.

:func:`load_inputs` reads the ``actors`` stage's mentions, the corpus
stage's segments and documents, and the gazetteer; :func:`compute` (pure)
builds the networks and their measures; :func:`write_outputs` writes the
tables and the Gephi/Cytoscape/igraph exports; :mod:`pipeline.netfigures`
draws the figures. The notebook ``notebooks/04_network.ipynb`` calls them.

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

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Mapping

import networkx as nx
import numpy as np
import pandas as pd

from .actors import ACTOR_MENTIONS
from .config import Paths
from .errors import PipelineError
from .gazetteer import IN_GROUP, PART_OF, TYPES, Gazetteer, load_gazetteer
from .params import Param
from .tables import Field, Table, atomic_write_text, conform, read_table, write_table

UNITS = ("segment", "paragraph", "document")
CO_MENTION = "co_mention"
ACTOR_INSTRUMENT = "actor_instrument"

NOTEBOOK = "04_network.ipynb"
SHARED_PARAMS = ("figure",)

PARAMS: dict[str, Param] = {
    "gazetteer": Param(str, "config/gazetteer.yaml", "The gazetteer of actors and instruments (YAML), relative to the project root."),
    "unit": Param(str, "segment", "Two actors are co-mentioned when they appear in the same segment, paragraph or document.", choices=UNITS),
    "seed": Param(int, 42, "Seed of the Louvain communities and of the figure layouts.", minimum=0),
    "resolution": Param(float, 1.0, "Louvain resolution: above 1 gives more, smaller communities.", minimum=0.01, maximum=10.0),
    "ego_actor": Param(str, "asean", "Gazetteer id of the actor whose ego network is drawn."),
    "label_top_n": Param(int, 15, "Label this many actors (by weighted degree) in the co-mention figure.", minimum=0, maximum=100),
    "heatmap_top_n": Param(int, 25, "Actors (by mentions) in the document x actor heatmap.", minimum=1, maximum=100),
    "ranking_top_n": Param(int, 15, "Actors per measure in the centrality ranking chart.", minimum=1, maximum=60),
    "document_top_k": Param(
        int, 10, "In the document projection, keep for each document only the edges to its k most similar "
        "documents (by Jaccard); 0 keeps every pair. Bounds the table at scale: a widely named actor "
        "such as ASEAN would otherwise join every pair of documents.", minimum=0),
}

_S, _I, _F = "str", "int", "float"

ACTORS = Table(
    "actors.csv",
    "One row per actor (not instrument) mentioned in the corpus, with its co-mention network measures.",
    (
        Field("actor_id", _S, "Gazetteer id."),
        Field("name", _S, "Canonical name (gazetteer)."),
        Field("type", _S, "Gazetteer type: " + ", ".join(t for t in TYPES if t != "instrument") + "."),
        Field("iso3", _S, "ISO 3166-1 alpha-3 code of a state; empty otherwise."),
        Field("groups", _S, "Gazetteer groups (asean_member_state, asean_dialogue_partner, ...), joined by ';'."),
        Field("mentions", _I, "Mentions in the corpus (actor_mentions.csv)."),
        Field("documents", _I, "Documents mentioning it."),
        Field("degree", _I, "Co-mention degree: number of other actors it shares a unit with."),
        Field("weighted_degree", _I, "Sum of its co-mention edge weights (shared units, counted per partner)."),
        Field("betweenness", _F, "Normalised betweenness centrality in the co-mention network (unweighted shortest paths)."),
        Field("eigenvector", _F, "Eigenvector centrality in the weighted co-mention network."),
        Field("community", _I, "Louvain community (1 = largest), fixed seed; an actor without co-mentions is its own community."),
    ),
    ("actor_id",),
)

ACTOR_EDGES = Table(
    "actor_edges.csv",
    "Edges among the mentioned actors and instruments, by kind: co_mention (actor-actor), actor_instrument, "
    "and the gazetteer's membership ties (member_of, dialogue_partner_of, plus_country_of, participant_of, "
    "in_group, part_of; source is the member). Membership weights are never added into co-mention weights.",
    (
        Field("source", _S, "Gazetteer id (for co_mention, the smaller id of the pair)."),
        Field("target", _S, "Gazetteer id."),
        Field("kind", _S, "Edge kind (see the table description)."),
        Field("weight", _I, "co_mention and actor_instrument: units (by the `unit` parameter) mentioning both; membership ties: 1."),
        Field("documents", _I, "co_mention and actor_instrument: documents with such a unit; membership ties: 0."),
    ),
    ("kind", "source", "target"),
)

INSTRUMENTS = Table(
    "instruments.csv",
    "One row per instrument (treaty, resolution, plan) mentioned: the instrument side of the actor-instrument network.",
    (
        Field("instrument_id", _S, "Gazetteer id."),
        Field("name", _S, "Canonical name (gazetteer)."),
        Field("mentions", _I, "Mentions in the corpus."),
        Field("documents", _I, "Documents mentioning it."),
        Field("actors", _I, "Distinct actors mentioned in the same unit (degree in the actor-instrument network)."),
        Field("shared_units", _I, "Sum of its actor_instrument edge weights."),
    ),
    ("instrument_id",),
)

DOCUMENT_ACTORS = Table(
    "document_actors.csv",
    "The document-actor two-mode network: mentions of each gazetteer entry (actors and instruments) in each document.",
    (
        Field("doc_id", _S, "Document identifier."),
        Field("actor_id", _S, "Gazetteer id."),
        Field("type", _S, "Gazetteer type."),
        Field("mentions", _I, "Mentions of the entry in the document."),
    ),
    ("doc_id", "actor_id"),
)

DOCUMENT_EDGES = Table(
    "document_edges.csv",
    "Projection of the document-actor network onto documents: two documents are joined by the actors (not instruments) "
    "both mention; with network.document_top_k > 0, only each document's k most similar partners are kept.",
    (
        Field("source", _S, "doc_id (the smaller of the pair)."),
        Field("target", _S, "doc_id."),
        Field("shared_actors", _I, "Number of actors mentioned in both documents."),
        Field("jaccard", _F, "Shared actors divided by the actors mentioned in either document."),
    ),
    ("source", "target"),
)

TABLES: list[Table] = [ACTORS, ACTOR_EDGES, INSTRUMENTS, DOCUMENT_ACTORS, DOCUMENT_EDGES]

#: Export files (under data/processed/).
EXPORTS = ("network.graphml", "network.gexf")

#: Outputs that are not tables, for the data dictionary.
OTHER_OUTPUTS = """\
### `data/processed/network.graphml` and `data/processed/network.gexf`

The whole network for Gephi, Cytoscape and igraph (plain GraphML and GEXF 1.2 with typed
attributes): every mentioned actor and instrument is a node, every row of
`actor_edges.csv` an edge (ids `e1`, `e2`, ... in that table's order; two nodes can be
joined by edges of several kinds: tell Gephi not to merge parallel edges on import).
Node attributes: `label` and `name` (canonical name), `type`, `iso3`, `groups` (joined by
';'), `mentions`, `documents`, `degree`, `weighted_degree`, `betweenness`, `eigenvector`,
`community` (as in `actors.csv`; instruments have 0 for the co-mention measures).
Edge attributes: `kind`, `weight` (float) and `documents`.
"""

_EDGE_ORDER = {CO_MENTION: 0, ACTOR_INSTRUMENT: 1}


def _sig(x: float) -> float:
    """``x`` (a measure between 0 and 1) rounded to 6 decimals: stable text in CSV, GraphML and GEXF.

    Power iteration leaves values like 3e-26 on components it does not
    favour; rounding makes them the 0 they are in exact arithmetic.
    """
    return round(float(x), 6) + 0.0


# ---------------------------------------------------------------- units


def mention_units(mentions: pd.DataFrame, segments: pd.DataFrame | None, unit: str = "segment") -> pd.Series:
    """The unit each mention belongs to, as a string key ``doc_id|unit``.

    A mention outside every segment (``seg_id`` 0) shares its unit with the
    document's other unsegmented mentions.

    >>> m = pd.DataFrame({"doc_id": ["d", "d"], "seg_id": [1, 2]})
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "seg_id": [1, 2], "para_id": [1, 1]})
    >>> mention_units(m, s, "segment").tolist(), mention_units(m, s, "paragraph").tolist()
    (['d|1', 'd|2'], ['d|p1', 'd|p1'])
    """
    if unit not in UNITS:
        raise PipelineError(f"params.yaml: network.unit is {unit!r}; allowed: {', '.join(UNITS)}.")
    if unit == "document":
        return mentions["doc_id"].astype(str)
    if unit == "segment":
        return mentions["doc_id"].astype(str) + "|" + mentions["seg_id"].astype(str)
    para = {}
    if segments is not None and len(segments):
        para = {(d, int(s)): int(p) for d, s, p in segments[["doc_id", "seg_id", "para_id"]].itertuples(index=False)}
    keys = [f"{d}|p{para.get((d, int(s)), 0)}" for d, s in mentions[["doc_id", "seg_id"]].itertuples(index=False)]
    return pd.Series(keys, index=mentions.index, dtype=object)


def unit_pairs(units: Mapping[str, set[str]], left: set[str], right: set[str] | None = None):
    """Count shared units of pairs: ``{(a, b): (units, documents)}``.

    With ``right`` None, pairs within ``left`` (a < b); otherwise pairs (a in
    left, b in right). ``units`` maps a unit key ``doc|x`` to its entries.
    """
    count: dict[tuple[str, str], int] = defaultdict(int)
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key in sorted(units):
        members = units[key]
        doc = key.split("|", 1)[0]
        a_side = sorted(members & left)
        if right is None:
            pairs = combinations(a_side, 2)
        else:
            pairs = ((a, b) for a in a_side for b in sorted(members & right))
        for pair in pairs:
            count[pair] += 1
            docs[pair].add(doc)
    return {p: (count[p], len(docs[p])) for p in sorted(count)}


# ---------------------------------------------------------------- graphs


def comention_graph(mentions: pd.DataFrame, segments: pd.DataFrame | None, gazetteer: Gazetteer, unit: str = "segment") -> nx.Graph:
    """The actor co-mention network: nodes are the mentioned actors (sorted), edges weighted by shared units."""
    actors = sorted({a for a in mentions["actor_id"] if not gazetteer.entries[a].is_instrument})
    G = nx.Graph()
    G.add_nodes_from(actors)
    units = _unit_sets(mentions, segments, unit)
    for (a, b), (w, d) in unit_pairs(units, set(actors)).items():
        G.add_edge(a, b, weight=w, documents=d)
    return G


def _unit_sets(mentions: pd.DataFrame, segments: pd.DataFrame | None, unit: str) -> dict[str, set[str]]:
    units: dict[str, set[str]] = defaultdict(set)
    for key, actor in zip(mention_units(mentions, segments, unit), mentions["actor_id"]):
        units[key].add(actor)
    return dict(units)


def actor_instrument_graph(mentions: pd.DataFrame, segments: pd.DataFrame | None, gazetteer: Gazetteer, unit: str = "segment") -> nx.Graph:
    """The two-mode actor-instrument network (node attribute ``bipartite``: 0 actor, 1 instrument)."""
    ids = set(mentions["actor_id"])
    actors = {a for a in ids if not gazetteer.entries[a].is_instrument}
    instruments = ids - actors
    B = nx.Graph()
    B.add_nodes_from(sorted(actors), bipartite=0)
    B.add_nodes_from(sorted(instruments), bipartite=1)
    for (a, i), (w, d) in unit_pairs(_unit_sets(mentions, segments, unit), actors, instruments).items():
        B.add_edge(a, i, weight=w, documents=d)
    return B


def document_actor_graph(mentions: pd.DataFrame, gazetteer: Gazetteer, doc_ids=None, include_instruments: bool = False) -> nx.Graph:
    """The two-mode document-actor network; document nodes are ``doc:<doc_id>`` (bipartite 0)."""
    B = nx.Graph()
    docs = sorted(set(doc_ids if doc_ids is not None else mentions["doc_id"]))
    B.add_nodes_from((f"doc:{d}" for d in docs), bipartite=0)
    counts = mentions.groupby(["doc_id", "actor_id"]).size()
    keep = [(d, a, int(n)) for (d, a), n in counts.items() if include_instruments or not gazetteer.entries[a].is_instrument]
    B.add_nodes_from(sorted({a for _, a, _ in keep}), bipartite=1)
    for d, a, n in sorted(keep):
        B.add_edge(f"doc:{d}", a, weight=n)
    return B


def project(B: nx.Graph, side: int) -> nx.Graph:
    """Weighted projection of a two-mode graph onto the nodes with ``bipartite == side``.

    The weight of an edge is the number of neighbours the two nodes share.
    """
    nodes = sorted(n for n, s in B.nodes(data="bipartite") if s == side)
    P = nx.Graph()
    P.add_nodes_from(nodes)
    for a, b in combinations(nodes, 2):
        shared = len(set(B[a]) & set(B[b]))
        if shared:
            P.add_edge(a, b, weight=shared)
    return P


def incidence(DA: nx.Graph) -> tuple[list[str], list[str], np.ndarray]:
    """Documents, actors and the 0/1 document x actor matrix of a two-mode graph."""
    docs = sorted(n for n, s in DA.nodes(data="bipartite") if s == 0)
    actors = sorted(n for n, s in DA.nodes(data="bipartite") if s == 1)
    col = {a: j for j, a in enumerate(actors)}
    X = np.zeros((len(docs), len(actors)), dtype=np.int32)
    for i, d in enumerate(docs):
        for a in DA[d]:
            X[i, col[a]] = 1
    return docs, actors, X


def document_similarity(DA: nx.Graph, top_k: int = 0, chunk: int = 512) -> pd.DataFrame:
    """Pairs of documents sharing actors: ``source, target, shared_actors, jaccard``.

    Shared actors come from the matrix product X Xᵀ, computed a block of rows
    at a time so memory stays linear in the number of documents. With
    ``top_k`` > 0 a pair is kept when either document has the other among its
    ``top_k`` most similar (ties broken by doc_id), which bounds the edges at
    ``k`` per document.

    >>> B = nx.Graph([("doc:a", "x"), ("doc:a", "y"), ("doc:b", "y"), ("doc:c", "z")])
    >>> nx.set_node_attributes(B, {"doc:a": 0, "doc:b": 0, "doc:c": 0, "x": 1, "y": 1, "z": 1}, "bipartite")
    >>> document_similarity(B).to_dict("records")
    [{'source': 'a', 'target': 'b', 'shared_actors': 1, 'jaccard': 0.5}]
    """
    docs, _, X = incidence(DA)
    deg = X.sum(axis=1)
    keep: set[tuple[int, int]] = set()
    shared_of: dict[tuple[int, int], int] = {}
    for lo in range(0, len(docs), chunk):
        S = X[lo:lo + chunk] @ X.T  # shared actors of each row's document with every document
        for r in range(S.shape[0]):
            i = lo + r
            S[r, i] = 0
            nz = np.flatnonzero(S[r])
            if not len(nz):
                continue
            jac = S[r, nz] / (deg[i] + deg[nz] - S[r, nz])
            order = np.lexsort((nz, -jac))  # most similar first; ties by document order
            chosen = nz[order] if top_k == 0 else nz[order[:top_k]]
            for j in chosen:
                pair = (min(i, int(j)), max(i, int(j)))
                keep.add(pair)
                shared_of[pair] = int(S[r, j])
    rows = [
        {"source": docs[i][4:], "target": docs[j][4:], "shared_actors": shared_of[(i, j)],
         "jaccard": _sig(shared_of[(i, j)] / (deg[i] + deg[j] - shared_of[(i, j)]))}
        for i, j in sorted(keep)
    ]
    return pd.DataFrame(rows, columns=DOCUMENT_EDGES.columns)


# ---------------------------------------------------------------- measures


def communities(G: nx.Graph, seed: int = 42, resolution: float = 1.0) -> dict[str, int]:
    """Louvain communities, numbered 1.. from the largest (ties: smallest first node id).

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])
    >>> communities(G)
    {'a': 1, 'b': 1, 'c': 1, 'd': 2, 'e': 2, 'f': 2}
    """
    if G.number_of_nodes() == 0:
        return {}
    parts = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {n: i for i, p in enumerate(parts, start=1) for n in p}


def eigenvector(G: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality (power iteration; 0 for an empty graph)."""
    if G.number_of_edges() == 0:
        return {n: 0.0 for n in G}
    try:
        ev = nx.eigenvector_centrality(G, weight="weight", max_iter=10000, tol=1e-12)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - (A + I) iteration converges on finite graphs
        ev = nx.eigenvector_centrality(G, weight="weight", max_iter=100000, tol=1e-8)
    return ev


def centrality_table(G: nx.Graph, seed: int = 42, resolution: float = 1.0) -> pd.DataFrame:
    """degree, weighted_degree, betweenness, eigenvector and community of every node of ``G``.

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> centrality_table(G)[["node", "degree", "betweenness"]].values.tolist()
    [['a', 1, 0.0], ['b', 2, 1.0], ['c', 1, 0.0]]
    """
    bc = nx.betweenness_centrality(G, normalized=True) if len(G) else {}
    ev = eigenvector(G)
    comm = communities(G, seed=seed, resolution=resolution)
    rows = [
        {
            "node": n,
            "degree": int(G.degree(n)),
            "weighted_degree": int(G.degree(n, weight="weight")),
            "betweenness": _sig(bc.get(n, 0.0)),
            "eigenvector": _sig(ev.get(n, 0.0)),
            "community": comm.get(n, 0),
        }
        for n in sorted(G)
    ]
    return pd.DataFrame(rows, columns=["node", "degree", "weighted_degree", "betweenness", "eigenvector", "community"])


# ---------------------------------------------------------------- tables


def membership_edges(gazetteer: Gazetteer, nodes: set[str]) -> list[tuple[str, str, str]]:
    """The gazetteer's membership ties between two entries of ``nodes``."""
    return [(s, t, k) for s, t, k in gazetteer.membership_edges() if s in nodes and t in nodes]


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
    params: dict[str, Any]
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def actors(self) -> pd.DataFrame:
        return self.tables["actors"]

    @property
    def edges(self) -> pd.DataFrame:
        return self.tables["actor_edges"]


def _params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    p = {k: spec.default for k, spec in PARAMS.items()}
    p.update(params or {})
    for k, spec in PARAMS.items():
        p[k] = spec.check(f"network.{k}", p[k])
    return p


def _check_mentions(mentions: pd.DataFrame, gazetteer: Gazetteer) -> None:
    unknown = sorted(set(mentions["actor_id"]) - set(gazetteer.entries))
    if unknown:
        raise PipelineError(
            f"actor_mentions.csv names {unknown[0]!r}, which is not in {gazetteer.source}. "
            "Fix: rerun the actors stage (`dvc repro actors`) after editing the gazetteer."
        )


def compute(
    mentions: pd.DataFrame,
    segments: pd.DataFrame | None,
    gazetteer: Gazetteer,
    params: Mapping[str, Any] | None = None,
    documents: pd.DataFrame | None = None,
) -> Results:
    """Every network, measure and table from plain inputs (no files read or written)."""
    p = _params(params)
    mentions = conform(mentions, ACTOR_MENTIONS)
    _check_mentions(mentions, gazetteer)
    ents = gazetteer.entries
    doc_ids = sorted(documents["doc_id"]) if documents is not None else sorted(set(mentions["doc_id"]))
    titles = dict(zip(documents["doc_id"], documents["title"])) if documents is not None and "title" in documents else {}

    G = comention_graph(mentions, segments, gazetteer, p["unit"])
    AI = actor_instrument_graph(mentions, segments, gazetteer, p["unit"])
    DA = document_actor_graph(mentions, gazetteer, doc_ids)
    doc_edges = document_similarity(DA, p["document_top_k"])
    doc_proj = nx.Graph()
    doc_proj.add_nodes_from(f"doc:{d}" for d in doc_ids)
    doc_proj.add_weighted_edges_from(
        (f"doc:{a}", f"doc:{b}", w) for a, b, w in doc_edges[["source", "target", "shared_actors"]].itertuples(index=False))
    actor_proj = project(DA, 1)

    n_mentions = mentions.groupby("actor_id").size().to_dict()
    n_docs = mentions.groupby("actor_id")["doc_id"].nunique().to_dict()
    cent = centrality_table(G, seed=p["seed"], resolution=p["resolution"]).set_index("node")
    actor_rows = []
    for a in sorted(G):
        e = ents[a]
        c = cent.loc[a]
        actor_rows.append({
            "actor_id": a, "name": e.name, "type": e.type, "iso3": e.iso3, "groups": ";".join(e.groups),
            "mentions": n_mentions[a], "documents": n_docs[a],
            "degree": int(c["degree"]), "weighted_degree": int(c["weighted_degree"]),
            "betweenness": float(c["betweenness"]), "eigenvector": float(c["eigenvector"]), "community": int(c["community"]),
        })
    actors = pd.DataFrame(actor_rows, columns=ACTORS.columns)

    instruments = sorted(n for n, s in AI.nodes(data="bipartite") if s == 1)
    instrument_rows = [
        {
            "instrument_id": i, "name": ents[i].name, "mentions": n_mentions[i], "documents": n_docs[i],
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
    return Results(tables, G, AI, DA, doc_proj, actor_proj, export, gazetteer, p, titles)


# ---------------------------------------------------------------- exports


def export_graph(actors: pd.DataFrame, instruments: pd.DataFrame, edges: pd.DataFrame, gazetteer: Gazetteer) -> nx.MultiGraph:
    """One graph for Gephi, Cytoscape and igraph: actors and instruments, every edge kind.

    Every node has the same attributes (no missing values, no lists: groups
    are joined by ';'); every edge has ``kind``, ``weight`` (a float, as
    Gephi expects) and ``documents``, and an id ``e1``, ``e2``, ... in the
    order of ``actor_edges.csv``. Instruments get 0 for the co-mention
    measures (they are not in that network).
    """
    X = nx.MultiGraph()
    rows = []
    for r in actors.itertuples(index=False):
        rows.append((r.actor_id, dict(
            label=r.name, name=r.name, type=r.type, iso3=r.iso3, groups=r.groups, mentions=int(r.mentions),
            documents=int(r.documents), degree=int(r.degree), weighted_degree=int(r.weighted_degree),
            betweenness=float(r.betweenness), eigenvector=float(r.eigenvector), community=int(r.community),
        )))
    for r in instruments.itertuples(index=False):
        rows.append((r.instrument_id, dict(
            label=r.name, name=r.name, type="instrument", iso3="", groups="", mentions=int(r.mentions),
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


# ---------------------------------------------------------------- the stage


@dataclass
class Inputs:
    mentions: pd.DataFrame
    segments: pd.DataFrame
    documents: pd.DataFrame
    gazetteer: Gazetteer


def dependency_files(params: Mapping[str, Any]) -> list[str]:
    """Configuration files the stage reads (for ``dvc.yaml`` deps)."""
    return [params.get("gazetteer", PARAMS["gazetteer"].default)]


def load_inputs(paths: Paths, params: Mapping[str, Any]) -> Inputs:
    """Read the mentions, segments, documents and the gazetteer."""
    from . import corpus

    name = params.get("gazetteer", PARAMS["gazetteer"].default)
    path = Path(name) if Path(name).is_absolute() else paths.root / name
    return Inputs(read_table(ACTOR_MENTIONS, paths.processed), corpus.load_segments(paths),
                  corpus.load_documents(paths), load_gazetteer(path))


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write the tables and the GraphML and GEXF exports to ``data/processed/``."""
    by_name = {t.file[:-4]: t for t in TABLES}
    written = [write_table(df, by_name[name], paths.processed) for name, df in results.tables.items()]
    return written + write_exports(results.export, paths.processed)


def check_ego_actor(results: Results, actor: str) -> None:
    """Raise a clear error if ``actor`` cannot have an ego network."""
    if actor not in results.gazetteer.entries:
        raise PipelineError(
            f"params.yaml: network.ego_actor is {actor!r}, which is not a gazetteer id. "
            f"Fix: use an id from actors.csv, e.g. {', '.join(results.actors['actor_id'][:5])}."
        )
    if actor not in results.comention:
        raise PipelineError(
            f"params.yaml: network.ego_actor is {actor!r}, which no document mentions "
            "(or it is an instrument). Fix: choose an actor listed in actors.csv."
        )


def paper_tables(results: Results, top_n: int = 20) -> dict[str, tuple[pd.DataFrame, str]]:
    """The key table for a paper: actor centralities, top ``top_n`` by weighted degree."""
    a = results.actors.sort_values(["weighted_degree", "mentions", "actor_id"], ascending=[False, False, True],
                                   kind="mergesort").head(top_n)
    df = a[["name", "type", "mentions", "documents", "degree", "weighted_degree", "betweenness", "eigenvector",
            "community"]].rename(columns={"weighted_degree": "weighted degree"})
    df["type"] = df["type"].map(TYPES)
    caption = (f"Actor centralities in the co-mention network (unit: {results.params['unit']}), top {len(df)} "
               "actors by weighted degree. Degree: actors co-mentioned; weighted degree: shared units; betweenness: "
               "normalised, unweighted; eigenvector: weighted; community: Louvain (seed "
               f"{results.params['seed']}).")
    return {"network_actor_centralities": (df.reset_index(drop=True), caption)}


def write_paper_tables(results: Results, directory: Path | str, top_n: int = 20) -> list[Path]:
    """Write the key tables as LaTeX (booktabs) and Markdown; return the paths."""
    from .tables import write_paper_table

    written = []
    for name, (df, caption) in paper_tables(results, top_n).items():
        written += write_paper_table(df, name, caption, directory)
    return written


def check_params(all_params: Mapping[str, Any]) -> None:
    """The network must read the gazetteer the actors were extracted with."""
    if all_params["network"]["gazetteer"] != all_params["actors"]["gazetteer"]:
        raise PipelineError(
            f"params.yaml: network.gazetteer ({all_params['network']['gazetteer']}) differs from actors.gazetteer "
            f"({all_params['actors']['gazetteer']}); both stages must read the same gazetteer. Make them equal."
        )
