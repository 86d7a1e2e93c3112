"""Measures of the co-mention network: degree, weighted degree, betweenness, eigenvector, Louvain communities."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .graphs import _sig


def communities(G: nx.Graph, *, seed: int, resolution: float) -> dict[str, int]:
    """Louvain communities, numbered 1.. from the largest (ties: smallest first node id).

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])
    >>> communities(G, seed=42, resolution=1.0)
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



def centrality_table(G: nx.Graph, *, seed: int, resolution: float) -> pd.DataFrame:
    """degree, weighted_degree, betweenness, eigenvector and community of every node of ``G``.

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> centrality_table(G, seed=42, resolution=1.0)[["node", "degree", "betweenness"]].values.tolist()
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
