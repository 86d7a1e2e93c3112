"""Backbones of a weighted network, and the actor network period by period.

A co-mention network of sixty actors is a hairball: every actor is co-mentioned
with nearly every other somewhere. Its *backbone* keeps the edges that carry
an actor's ties, by one of two rules:

* **Disparity filter** (Serrano, Boguñá & Vespignani 2009). For a node ``i`` of
  degree ``k`` and strength ``s`` (the sum of its edge weights), an edge of
  weight ``w`` takes the share ``p = w / s`` of ``i``'s weight. If ``i``'s weight
  were spread over its ``k`` edges at random (uniformly), a share at least ``p``
  would occur with probability ``alpha = (1 - p) ** (k - 1)``. The edge is kept if
  ``alpha`` is below the significance level for at least one of its two ends.
  A node with a single edge cannot be judged (``alpha`` = 1 from its side): its
  edge stays only if the other end keeps it.
* **Top-k**: an edge is kept if it is among the ``k`` heaviest edges of either
  end (ties broken by the neighbour's id, so the result is deterministic).

Both keep every node, so that a figure can say how many actors lost all their
edges. For time, :func:`period_graphs` builds the co-mention network of each
period's documents, and :func:`period_actor_changes` and :func:`period_summary`
say which actors enter and leave and how their degree and betweenness change
from one period to the next; :func:`union_graph` is the network of all periods
together, from which one layout gives every actor the same position in every
panel of a small-multiples figure.

Reference: Serrano, M. Á., Boguñá, M. & Vespignani, A. (2009). Extracting the
multiscale backbone of complex weighted networks. *PNAS* 106(16), 6483-6488.
"""

from __future__ import annotations

from typing import Mapping

import networkx as nx
import pandas as pd

from .errors import PipelineError
from .graphs import comention_graph
from .groups import group_members, group_order

METHODS = ("disparity", "top_k", "none")

#: Columns of the table :func:`disparity` returns.
DISPARITY_COLUMNS = ["source", "target", "weight", "alpha_source", "alpha_target", "alpha"]
#: Columns of the table :func:`period_actor_changes` returns.
CHANGE_COLUMNS = ["period", "order", "actor_id", "status", "degree", "weighted_degree", "betweenness",
                  "degree_previous", "betweenness_previous", "degree_change", "betweenness_change"]
#: Columns of the table :func:`period_summary` returns.
SUMMARY_COLUMNS = ["period", "order", "n_docs", "n_actors", "n_edges", "entered", "left", "stayed",
                   "entered_actors", "left_actors"]
#: Columns of the table :func:`period_edges` returns.
EDGE_COLUMNS = ["period", "order", "source", "target", "weight", "documents"]


def _r6(x: float) -> float:
    return round(float(x), 6) + 0.0


def _ends(u, v):
    return (u, v) if str(u) <= str(v) else (v, u)


def disparity(G: nx.Graph, weight: str = "weight") -> pd.DataFrame:
    """The disparity filter's ``alpha`` of every edge, from each end and the smaller of the two.

    Returns a DataFrame, one row per edge sorted by (source, target), source the smaller id:

    * ``source``, ``target``: the edge's ends;
    * ``weight``: its weight;
    * ``alpha_source``, ``alpha_target``: ``(1 - w / s) ** (k - 1)`` at each end (1 at an end of degree 1);
    * ``alpha``: the smaller: the edge is in the backbone at level ``a`` if ``alpha < a``.

    Examples
    --------
    A star of weights 8, 1, 1 around ``h``: from ``h`` (k = 3, s = 10) the heavy edge has
    ``p = .8`` and ``alpha = .2 ** 2 = .04``, each light one ``.9 ** 2 = .81``; the leaves
    have degree 1:

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("h", "a", 8), ("h", "b", 1), ("h", "c", 1)])
    >>> disparity(G)[["source", "target", "alpha"]].round(4).values.tolist()
    [['a', 'h', 0.04], ['b', 'h', 0.81], ['c', 'h', 0.81]]
    """
    strength = dict(G.degree(weight=weight))
    degree = dict(G.degree())

    def alpha(node, w):
        k = degree[node]
        return 1.0 if k <= 1 or strength[node] <= 0 else (1.0 - w / strength[node]) ** (k - 1)

    rows = []
    for u, v, d in G.edges(data=True):
        s, t = _ends(u, v)
        w = float(d.get(weight, 1.0))
        a_s, a_t = alpha(s, w), alpha(t, w)
        rows.append((s, t, d.get(weight, 1), a_s, a_t, min(a_s, a_t)))
    rows.sort(key=lambda r: (str(r[0]), str(r[1])))
    return pd.DataFrame(rows, columns=DISPARITY_COLUMNS)


def _subgraph(G: nx.Graph, keep: set) -> nx.Graph:
    B = nx.Graph()
    B.graph.update(G.graph)
    B.add_nodes_from(sorted(G.nodes(data=True), key=lambda x: str(x[0])))
    B.add_edges_from(sorted(((u, v, G.edges[u, v]) for u, v in keep), key=lambda e: (str(e[0]), str(e[1]))))
    return B


def disparity_filter(G: nx.Graph, alpha: float = 0.05, weight: str = "weight") -> nx.Graph:
    """The backbone of edges whose disparity ``alpha`` is below ``alpha`` at one end at least; every node kept.

    Each kept edge gets the attribute ``alpha`` (see :func:`disparity`).

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("h", "a", 8), ("h", "b", 1), ("h", "c", 1)])
    >>> B = disparity_filter(G, alpha=0.05)
    >>> [tuple(sorted(e)) for e in B.edges()], B.number_of_nodes()
    ([('a', 'h')], 4)
    """
    if not 0 < alpha <= 1:
        raise PipelineError(f"the disparity filter's significance level must be in (0, 1]; got {alpha}.")
    table = disparity(G, weight)
    kept = table[table["alpha"] < alpha]
    B = _subgraph(G, {(s, t) for s, t in zip(kept["source"], kept["target"])})
    for s, t, a in zip(kept["source"], kept["target"], kept["alpha"]):
        B.edges[s, t]["alpha"] = _r6(a)
    return B


def top_k_edges(G: nx.Graph, k: int = 3, weight: str = "weight") -> nx.Graph:
    """The backbone of edges among the ``k`` heaviest of either end (ties: neighbour id); every node kept.

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("h", "a", 8), ("h", "b", 2), ("h", "c", 1), ("a", "b", 1)])
    >>> sorted(tuple(sorted(e)) for e in top_k_edges(G, k=1).edges())  # h's heaviest: a; a's, b's, c's: h
    [('a', 'h'), ('b', 'h'), ('c', 'h')]
    """
    if k < 1:
        raise PipelineError(f"top-k backbone: k must be at least 1; got {k}.")
    keep = set()
    for n in G:
        ranked = sorted(G[n].items(), key=lambda x: (-float(x[1].get(weight, 1.0)), str(x[0])))
        keep.update(_ends(n, m) for m, _ in ranked[:k])
    return _subgraph(G, keep)


def backbone(G: nx.Graph, method: str = "disparity", alpha: float = 0.05, k: int = 3, weight: str = "weight") -> nx.Graph:
    """The backbone by ``method``: ``disparity`` (level ``alpha``), ``top_k`` (``k`` per node) or ``none`` (a copy)."""
    if method == "disparity":
        return disparity_filter(G, alpha, weight)
    if method == "top_k":
        return top_k_edges(G, k, weight)
    if method == "none":
        return _subgraph(G, {_ends(u, v) for u, v in G.edges()})
    raise PipelineError(f"backbone method {method!r} is unknown; use one of {', '.join(METHODS)}.")


# ---------------------------------------------------------------- periods


def period_graphs(mentions: pd.DataFrame, segments: pd.DataFrame | None, gazetteer, assignment: pd.DataFrame,
                  unit: str = "segment", periods=None) -> dict[str, nx.Graph]:
    """The co-mention network (:func:`pipeline.network.comention_graph`) of each period's documents, in order.

    ``assignment`` gives each document's period (:func:`pipeline.groups.assign_groups`);
    documents without one are left out. With ``periods``, a named period without
    documents gets an empty graph.
    """

    members = group_members(assignment)
    graphs = {}
    doc_ids = mentions["doc_id"].astype(str)
    for p in group_order(assignment, periods):
        ds = set(members.get(p, []))
        G = comention_graph(mentions[doc_ids.isin(ds).to_numpy()], segments, gazetteer, unit)
        G.graph["n_docs"] = len(ds)
        graphs[p] = G
    return graphs


def _measures(G: nx.Graph) -> dict[str, tuple[int, int, float]]:
    bc = nx.betweenness_centrality(G, normalized=True) if len(G) else {}
    return {n: (int(G.degree(n)), int(G.degree(n, weight="weight")), _r6(bc.get(n, 0.0))) for n in G}


def period_actor_changes(graphs: Mapping[str, nx.Graph]) -> pd.DataFrame:
    """Each actor's degree and betweenness in each period, and their change since the previous period.

    Returns a DataFrame sorted by period order and actor, with a row for every actor
    present in the period or in the one before it:

    * ``period``, ``order``: the period and its place (1 = earliest);
    * ``actor_id``: the actor;
    * ``status``: ``present`` (first period), ``entered`` (absent from the previous
      period), ``stayed``, or ``left`` (present in the previous period, not in this one);
    * ``degree``, ``weighted_degree``, ``betweenness``: in this period's network (0 if absent;
      betweenness normalised, unweighted shortest paths, as in ``actors.csv``);
    * ``degree_previous``, ``betweenness_previous``: in the previous period's (0 in the first period);
    * ``degree_change``, ``betweenness_change``: this period's minus the previous period's.

    Examples
    --------
    The path a-b-c, then b-c alone: a leaves, b's betweenness falls from 1 to 0.

    >>> k = period_actor_changes({"p1": nx.path_graph(["a", "b", "c"]), "p2": nx.path_graph(["b", "c"])})
    >>> k[k.period == "p2"][["actor_id", "status", "degree_change", "betweenness_change"]].values.tolist()
    [['a', 'left', -1, 0.0], ['b', 'stayed', -1, -1.0], ['c', 'stayed', 0, 0.0]]
    """
    rows = []
    previous: dict[str, tuple[int, int, float]] | None = None
    for i, (period, G) in enumerate(graphs.items(), start=1):
        now = _measures(G)
        before = previous or {}
        for a in sorted(set(now) | set(before), key=str):
            d, wd, b = now.get(a, (0, 0, 0.0))
            d0, _, b0 = before.get(a, (0, 0, 0.0))
            if previous is None:
                status = "present"
            elif a not in now:
                status = "left"
            else:
                status = "stayed" if a in before else "entered"
            rows.append((period, i, a, status, d, wd, b, d0, b0, d - d0, _r6(b - b0)))
        previous = now
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def period_summary(graphs: Mapping[str, nx.Graph]) -> pd.DataFrame:
    """One row per period: its network's size and the actors that entered and left it.

    Returns a DataFrame in period order:

    * ``period``, ``order``: the period and its place;
    * ``n_docs``: documents in the period (the graph's ``n_docs`` attribute, as
      :func:`period_graphs` sets it; 0 if unknown);
    * ``n_actors``, ``n_edges``: actors and co-mention edges of its network;
    * ``entered``, ``left``, ``stayed``: actors new since the previous period, gone since,
      and in both (in the first period every actor has "entered");
    * ``entered_actors``, ``left_actors``: their ids, joined by ``;``.

    >>> period_summary({"p1": nx.path_graph(["a", "b"]), "p2": nx.path_graph(["b", "c"])}).values.tolist()[1]
    ['p2', 2, 0, 2, 1, 1, 1, 1, 'c', 'a']
    """
    rows, before = [], set()
    for i, (period, G) in enumerate(graphs.items(), start=1):
        now = set(G)
        came, went = sorted(now - before, key=str), sorted(before - now, key=str)
        rows.append((period, i, int(G.graph.get("n_docs", 0)), G.number_of_nodes(), G.number_of_edges(),
                     len(came), len(went), len(now & before), ";".join(map(str, came)), ";".join(map(str, went))))
        before = now
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def period_edges(graphs: Mapping[str, nx.Graph]) -> pd.DataFrame:
    """Every co-mention edge of every period: ``period, order, source, target`` (source the smaller id),
    ``weight`` (units shared in the period) and ``documents`` (the period's documents with such a unit)."""
    rows = []
    for i, (period, G) in enumerate(graphs.items(), start=1):
        for u, v, d in G.edges(data=True):
            s, t = _ends(u, v)
            rows.append((period, i, s, t, int(d.get("weight", 1)), int(d.get("documents", 0))))
    rows.sort(key=lambda r: (r[1], str(r[2]), str(r[3])))
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def union_graph(graphs: Mapping[str, nx.Graph]) -> nx.Graph:
    """All periods' networks in one: every actor of any period, edge weights summed.

    Lay this graph out once and draw each period's panel with those positions, so an
    actor stays in the same place across panels.

    >>> U = union_graph({"p1": nx.Graph([("a", "b", {"weight": 2})]), "p2": nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 1})])})
    >>> sorted(U.edges(data="weight"))
    [('a', 'b', 3), ('b', 'c', 1)]
    """
    U = nx.Graph()
    for G in graphs.values():
        U.add_nodes_from(sorted(G, key=str))
    for G in graphs.values():
        for u, v, w in G.edges(data="weight", default=1):
            s, t = _ends(u, v)
            U.add_edge(s, t, weight=(U.edges[s, t]["weight"] if U.has_edge(s, t) else 0) + w)
    return U
