"""The networks built from mentions: co-mention, actor-instrument, document-actor and its projections.

Pure functions: the mentions and segments tables and the gazetteer in, networkx graphs and tables out.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from .errors import PipelineError
from .gazetteer import Gazetteer
from .schema import DOCUMENT_EDGES


UNITS = ("segment", "paragraph", "document")



CO_MENTION = "co_mention"



ACTOR_INSTRUMENT = "actor_instrument"



def _sig(x: float) -> float:
    """``x`` (a measure between 0 and 1) rounded to 6 decimals: stable text in CSV, GraphML and GEXF.

    Power iteration leaves values like 3e-26 on components it does not
    favour; rounding makes them the 0 they are in exact arithmetic.
    """
    return round(float(x), 6) + 0.0



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



def fold_discovered(mentions: pd.DataFrame, gazetteer: Gazetteer, kinds: Sequence[str]) -> pd.DataFrame:
    """``mentions`` with each discovered entity credited to the entity it is linked to by one of ``kinds``
    (``part_of``, ``instance_of``, ``located_in``), followed until a gazetteer entry or an entity without such
    a link. Instruments are never folded (a statement issued by a body is not the body).

    >>> from pipeline.gazetteer import parse_gazetteer, with_discovered
    >>> g = with_discovered(parse_gazetteer(
    ...     "entries: [{id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]}]"),
    ...     {"actor_id": ["summit", "summit_2nd"], "name": ["ASEAN WPS Summit", "2nd ASEAN WPS Summit"],
    ...      "type": ["event", "event"], "links": ["part_of:asean", "instance_of:summit"], "aliases": ["", ""]})
    >>> m = pd.DataFrame({"doc_id": ["d"] * 3, "actor_id": ["summit_2nd", "summit", "asean"]})
    >>> fold_discovered(m, g, ["instance_of"])["actor_id"].tolist()
    ['summit', 'summit', 'asean']
    >>> fold_discovered(m, g, ["instance_of", "part_of"])["actor_id"].tolist()
    ['asean', 'asean', 'asean']
    """
    if not kinds or not len(mentions):
        return mentions
    kinds = set(kinds)
    ents = gazetteer.entries

    def parent(eid: str) -> str | None:
        e = ents[eid]
        if e.source != "discovered" or e.is_instrument:
            return None
        links = [("part_of", t) for t in e.part_of] + list(e.links)
        return next((t for k, t in links if k in kinds), None)

    target: dict[str, str] = {}
    for eid in sorted(set(mentions["actor_id"])):
        seen, cur = {eid}, eid
        while (nxt := parent(cur)) is not None and nxt not in seen:
            seen.add(nxt)
            cur = nxt
        if cur != eid:
            target[eid] = cur
    if not target:
        return mentions
    out = mentions.copy()
    out["actor_id"] = out["actor_id"].map(lambda a: target.get(a, a))
    if "type" in out.columns:
        out["type"] = [ents[a].type for a in out["actor_id"]]
    return out


def comention_graph(mentions: pd.DataFrame, segments: pd.DataFrame | None, gazetteer: Gazetteer, unit: str = "segment") -> nx.Graph:
    """The actor co-mention network: nodes are the mentioned actors (sorted), edges weighted by shared units."""
    actors = sorted({a for a in mentions["actor_id"] if gazetteer.entries[a].is_actor})
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
    actors = {a for a in ids if gazetteer.entries[a].is_actor}
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
    keep = [(d, a, int(n)) for (d, a), n in counts.items() if include_instruments or gazetteer.entries[a].is_actor]
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



def membership_edges(gazetteer: Gazetteer, nodes: set[str]) -> list[tuple[str, str, str]]:
    """The gazetteer's membership ties between two entries of ``nodes``."""
    return [(s, t, k) for s, t, k in gazetteer.membership_edges() if s in nodes and t in nodes]
