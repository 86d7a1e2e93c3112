"""Backbones checked by hand on a small weighted graph; networks per period, tiny and real."""

from __future__ import annotations

import networkx as nx
import pytest

from pipeline import actors
from pipeline.backbone import (CHANGE_COLUMNS, DISPARITY_COLUMNS, backbone, disparity, disparity_filter,
                               period_actor_changes, period_edges, period_graphs, period_summary, top_k_edges,
                               union_graph)
from pipeline.errors import PipelineError
from pipeline.gazetteer import load_gazetteer
from pipeline.groups import assign_groups
from pipeline.network import comention_graph


@pytest.fixture
def kite():
    """a-b 10, a-c 1, a-d 1, b-c 1."""
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 10), ("a", "c", 1), ("a", "d", 1), ("b", "c", 1)])
    return G


def edges(G):
    return sorted(tuple(sorted(e)) for e in G.edges())


def test_disparity_alphas_by_hand(kite):
    t = disparity(kite)
    assert list(t.columns) == DISPARITY_COLUMNS
    t = t.set_index(["source", "target"])
    # a: k = 3, s = 12. a-b: p = 10/12, alpha = (1 - 10/12)^2 = 1/36; a-c, a-d: (11/12)^2 = 121/144
    # b: k = 2, s = 11. b-a: (1 - 10/11)^1 = 1/11; b-c: 10/11
    # c: k = 2, s = 2. each edge p = .5, alpha = .5
    # d: k = 1: its only edge cannot be judged from its side, alpha = 1
    assert t.loc[("a", "b"), ["alpha_source", "alpha_target", "alpha"]].tolist() == pytest.approx([1 / 36, 1 / 11, 1 / 36])
    assert t.loc[("a", "c"), ["alpha_source", "alpha_target", "alpha"]].tolist() == pytest.approx([121 / 144, 0.5, 0.5])
    assert t.loc[("a", "d"), ["alpha_source", "alpha_target", "alpha"]].tolist() == pytest.approx([121 / 144, 1.0, 121 / 144])
    assert t.loc[("b", "c"), ["alpha_source", "alpha_target", "alpha"]].tolist() == pytest.approx([10 / 11, 0.5, 0.5])


def test_disparity_filter_levels(kite):
    B = disparity_filter(kite, alpha=0.05)
    assert edges(B) == [("a", "b")] and sorted(B) == ["a", "b", "c", "d"]        # every node kept
    assert B.edges["a", "b"]["alpha"] == pytest.approx(1 / 36, abs=1e-6) and B.edges["a", "b"]["weight"] == 10
    assert edges(disparity_filter(kite, alpha=0.6)) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert edges(disparity_filter(kite, alpha=0.85)) == [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")]
    # a degree-one node's edge survives only on its other end's judgement: never here at .05
    star = nx.Graph()
    star.add_weighted_edges_from([("h", "x", 1), ("h", "y", 1), ("h", "z", 1), ("h", "w", 97)])
    assert edges(disparity_filter(star, 0.05)) == [("h", "w")]   # (1 - .97)^3 = 2.7e-5; the others .99^3 = .97
    with pytest.raises(PipelineError, match="significance level must be in"):
        disparity_filter(kite, alpha=0)


def test_top_k_by_hand_with_ties(kite):
    # k = 1: a's heaviest b; b's a; c's a and b tie at 1 -> a (the smaller id); d's a
    assert edges(top_k_edges(kite, 1)) == [("a", "b"), ("a", "c"), ("a", "d")]
    # k = 2: a keeps b and c (c before d on the tie), b keeps a and c, d keeps a: every edge
    assert edges(top_k_edges(kite, 2)) == [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")]
    assert edges(backbone(kite, "top_k", k=1)) == edges(top_k_edges(kite, 1))
    assert edges(backbone(kite, "none")) == edges(kite) and backbone(kite, "none") is not kite
    with pytest.raises(PipelineError, match="backbone method 'hairball' is unknown"):
        backbone(kite, "hairball")


def test_period_changes_by_hand():
    p1 = nx.Graph([("asean", "un", {"weight": 2}), ("un", "japan", {"weight": 1})])    # the path asean-un-japan
    p2 = nx.Graph([("asean", "japan", {"weight": 1}), ("asean", "australia", {"weight": 3})])
    graphs = {"2017-2021": p1, "2022-2025": p2}
    ch = period_actor_changes(graphs)
    assert list(ch.columns) == CHANGE_COLUMNS
    first = ch[ch.order == 1].set_index("actor_id")
    assert first["status"].tolist() == ["present"] * 3
    assert first.loc["un", ["degree", "weighted_degree", "betweenness"]].tolist() == [2, 3, 1.0]   # the path's middle
    second = ch[ch.order == 2].set_index("actor_id")
    assert second["status"].to_dict() == {"asean": "stayed", "australia": "entered", "japan": "stayed", "un": "left"}
    # asean: degree 1 -> 2, betweenness 0 -> 1 (now the middle of japan-asean-australia); un: 2 -> 0, 1 -> 0
    assert second.loc["asean", ["degree", "degree_previous", "degree_change", "betweenness_change"]].tolist() == [2, 1, 1, 1.0]
    assert second.loc["un", ["degree", "degree_change", "betweenness", "betweenness_change"]].tolist() == [0, -2, 0.0, -1.0]
    s = period_summary(graphs)
    assert s[["period", "n_actors", "n_edges", "entered", "left", "stayed", "entered_actors", "left_actors"]].values.tolist() == [
        ["2017-2021", 3, 2, 3, 0, 0, "asean;japan;un", ""], ["2022-2025", 3, 2, 1, 1, 2, "australia", "un"]]
    e = period_edges(graphs)
    assert e[["period", "source", "target", "weight"]].values.tolist() == [
        ["2017-2021", "asean", "un", 2], ["2017-2021", "japan", "un", 1],
        ["2022-2025", "asean", "australia", 3], ["2022-2025", "asean", "japan", 1]]
    U = union_graph(graphs)
    assert sorted(U) == ["asean", "australia", "japan", "un"]
    assert sorted((*sorted((u, v)), w) for u, v, w in U.edges(data="weight")) == [
        ("asean", "australia", 3), ("asean", "japan", 1), ("asean", "un", 2), ("japan", "un", 1)]


# ---------------------------------------------------------------- the real corpus

ADMM, EVENT, RSIS = "admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"
PERIODS = {"Jan-Oct 2025": "2025-01/2025-10", "Nov-Dec 2025": "2025-11/2025-12"}


@pytest.fixture(scope="module")
def real(built, repo_paths):
    gaz = load_gazetteer(repo_paths.config / "gazetteer.yaml")
    mentions = actors.compute(built.clean, built.segments, gaz).mentions
    return built, gaz, mentions


def test_real_networks_per_period(real):
    built, gaz, mentions = real
    assignment = assign_groups(built.documents, "period", PERIODS)
    graphs = period_graphs(mentions, built.segments, gaz, assignment, periods=PERIODS)
    assert list(graphs) == ["Jan-Oct 2025", "Nov-Dec 2025"]
    # each period's network is the co-mention network of its one document's mentions
    for period, doc in (("Jan-Oct 2025", EVENT), ("Nov-Dec 2025", ADMM)):
        alone = comention_graph(mentions[mentions.doc_id == doc], built.segments, gaz)
        G = graphs[period]
        assert sorted(G) == sorted(alone) and edges(G) == edges(alone)
        assert sorted(G) == sorted({a for a in mentions[mentions.doc_id == doc].actor_id if not gaz.entries[a].is_instrument})
        assert G.graph["n_docs"] == 1
    # units never cross documents, so the periods' networks add up to the network of both documents
    both = comention_graph(mentions[mentions.doc_id.isin([EVENT, ADMM])], built.segments, gaz)
    U = union_graph(graphs)
    weights = lambda G: {tuple(sorted((u, v))): w for u, v, w in G.edges(data="weight")}  # noqa: E731
    assert sorted(U) == sorted(both) and weights(U) == weights(both) and len(weights(U)) > 0
    s = period_summary(graphs).set_index("period")
    early, late = set(graphs["Jan-Oct 2025"]), set(graphs["Nov-Dec 2025"])
    assert s.loc["Nov-Dec 2025", "entered_actors"] == ";".join(sorted(late - early))
    assert s.loc["Nov-Dec 2025", "left_actors"] == ";".join(sorted(early - late))
    assert s.loc["Nov-Dec 2025", "stayed"] == len(early & late) > 0
    ch = period_actor_changes(graphs)
    late_rows = ch[ch.period == "Nov-Dec 2025"].set_index("actor_id")
    bc = nx.betweenness_centrality(graphs["Nov-Dec 2025"], normalized=True)
    for a in late:
        assert late_rows.at[a, "degree"] == graphs["Nov-Dec 2025"].degree(a)
        assert late_rows.at[a, "betweenness"] == pytest.approx(bc[a], abs=1e-6)
    # the backbone of the real statement's network keeps every actor and fewer edges
    B = disparity_filter(graphs["Nov-Dec 2025"], 0.05)
    assert sorted(B) == sorted(late) and B.number_of_edges() < graphs["Nov-Dec 2025"].number_of_edges()
