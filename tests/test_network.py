"""Networks: a hand-drawn network with known measures, exports read back independently, the real corpus."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

from pipeline import actors, graphio, netfigures, network
from pipeline.config import Paths
from pipeline.errors import PipelineError
from pipeline.gazetteer import parse_gazetteer

GAZ = """
groups:
  - {id: club, name: Club member, organisation: a, relation: member_of}
entries:
  - {id: a, name: Alpha, type: regional_organisation, aliases: [Alpha]}
  - {id: b, name: Beta, type: state, iso3: BBB, groups: [club], aliases: [Beta]}
  - {id: c, name: Gamma, type: state, iso3: CCC, aliases: [Gamma]}
  - {id: d, name: Delta, type: state, iso3: DDD, aliases: [Delta]}
  - {id: e, name: Epsilon, type: un_body, aliases: [Epsilon]}
  - {id: f, name: Phi, type: person, part_of: [e], aliases: [Phi]}
  - {id: t, name: Treaty, type: instrument, aliases: [Treaty]}
"""


def hand_drawn():
    """Two triangles joined by one bridge, drawn by hand:

        a ══ b          d ── e        units (segments):
         \\  /          / \\  /         doc1 s1 {a, b, c}     (para 1)
          c ────────── d   f          doc1 s2 {a, b}        (para 1)
                                      doc1 s3 {c, d, t}     (para 2)
                                      doc2 s1 {d, e, f}     (para 1)

    a-b has weight 2 (s1, s2); every other edge weight 1. t is an instrument.
    """
    texts = {
        "doc1": "Alpha Beta Gamma. Alpha Beta.\n\nGamma Delta Treaty.",
        "doc2": "Delta Epsilon Phi.",
    }
    segs = pd.DataFrame(
        [("doc1", 1, 1, 0, 17), ("doc1", 2, 1, 18, 29), ("doc1", 3, 2, 31, 50), ("doc2", 1, 1, 0, 18)],
        columns=["doc_id", "seg_id", "para_id", "start", "end"],
    )
    segs["kind"], segs["clause_type"] = "sentence", ""
    segs["text"] = [texts[d][s:e] for d, _, _, s, e in segs[["doc_id", "seg_id", "para_id", "start", "end"]].values]
    gaz = parse_gazetteer(GAZ, "hand.yaml")
    m = actors.compute(texts, segs, gaz).mentions
    return m, segs, gaz


@pytest.fixture(scope="module")
def hand():
    m, segs, gaz = hand_drawn()
    return network.compute(m, segs, gaz, {"seed": 1})


def test_hand_co_mention_edges(hand):
    e = hand.edges
    co = e[e.kind == "co_mention"]
    assert co[["source", "target", "weight", "documents"]].values.tolist() == [
        ["a", "b", 2, 1], ["a", "c", 1, 1], ["b", "c", 1, 1], ["c", "d", 1, 1],
        ["d", "e", 1, 1], ["d", "f", 1, 1], ["e", "f", 1, 1]]
    ai = e[e.kind == "actor_instrument"]
    assert ai[["source", "target", "weight"]].values.tolist() == [["c", "t", 1], ["d", "t", 1]]


def test_membership_edges_are_separate(hand):
    e = hand.edges
    assert e[e.kind == "member_of"][["source", "target", "weight", "documents"]].values.tolist() == [["b", "a", 1, 0]]
    assert e[e.kind == "part_of"][["source", "target"]].values.tolist() == [["f", "e"]]
    # a-b co-mention weight stays 2: the membership tie is not added into it
    assert hand.comention["a"]["b"]["weight"] == 2
    assert not hand.comention.has_edge("f", "e") or hand.comention["e"]["f"]["weight"] == 1


def test_hand_measures(hand):
    a = hand.actors.set_index("actor_id")
    assert a["degree"].to_dict() == {"a": 2, "b": 2, "c": 3, "d": 3, "e": 2, "f": 2}
    assert a["weighted_degree"].to_dict() == {"a": 3, "b": 3, "c": 3, "d": 3, "e": 2, "f": 2}
    # Betweenness of c: shortest paths from {a, b} to {d, e, f} (2 x 3 = 6 pairs) all pass through c;
    # normalised by (n-1)(n-2)/2 = 10 pairs -> 0.6. Same for d. Triangle corners lie on no path: 0.
    assert a["betweenness"].to_dict() == {"a": 0.0, "b": 0.0, "c": 0.6, "d": 0.6, "e": 0.0, "f": 0.0}
    # the two triangles are the two communities; the left one (a, b, c) is 1 (tie on size, first id)
    assert a["community"].to_dict() == {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2}
    ev = a["eigenvector"]
    assert ev["e"] == pytest.approx(ev["f"]) and ev["a"] == pytest.approx(ev["b"])
    assert ev["a"] > ev["e"]  # the heavy a-b edge raises its side
    assert a.loc["b", "groups"] == "club" and a.loc["b", "iso3"] == "BBB" and a.loc["a", "iso3"] == ""
    assert a["mentions"].to_dict() == {"a": 2, "b": 2, "c": 2, "d": 2, "e": 1, "f": 1}


def test_units_paragraph_and_document():
    m, segs, gaz = hand_drawn()
    para = network.compute(m, segs, gaz, {"unit": "paragraph"}).comention
    assert para["a"]["b"]["weight"] == 1  # s1 and s2 are one paragraph
    assert not para.has_edge("a", "d")
    doc = network.compute(m, segs, gaz, {"unit": "document"}).comention
    assert doc.has_edge("a", "d") and doc["a"]["d"]["weight"] == 1
    assert doc["d"]["e"]["documents"] == 1 and doc.degree("d") == 5


def test_two_mode_and_projections(hand):
    edges = sorted(tuple(sorted((u, v))) + (w,) for u, v, w in hand.document_actor.edges(data="weight"))
    assert edges == [("a", "doc:doc1", 2), ("b", "doc:doc1", 2), ("c", "doc:doc1", 2), ("d", "doc:doc1", 1),
                     ("d", "doc:doc2", 1), ("doc:doc2", "e", 1), ("doc:doc2", "f", 1)]
    de = hand.tables["document_edges"]
    # doc1 {a,b,c,d} and doc2 {d,e,f} share d: 1 of 6 actors
    assert de.values.tolist() == [["doc1", "doc2", 1, pytest.approx(1 / 6, abs=1e-6)]]
    assert hand.actor_projection["a"]["d"]["weight"] == 1
    inst = hand.tables["instruments"]
    assert inst[["instrument_id", "mentions", "actors", "shared_units"]].values.tolist() == [["t", 1, 2, 2]]


def test_unknown_unit_and_ego_errors(hand):
    m, segs, gaz = hand_drawn()
    with pytest.raises(PipelineError, match="network.unit"):
        network.compute(m, segs, gaz, {"unit": "sentence"})
    with pytest.raises(PipelineError, match="network.ego_actor is 'zzz', which is neither a gazetteer id nor a discovered one"):
        netfigures.check_ego_actor(hand, "zzz")
    with pytest.raises(PipelineError, match="which no document mentions"):
        netfigures.check_ego_actor(hand, "t")


# ---------------------------------------------------------------- exports, read back independently

GML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


def test_graphml_read_back_with_xml_etree(hand, tmp_path):
    paths = graphio.write_exports(hand.export, tmp_path)
    root = ET.parse(paths[0]).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(GML + "key")}
    types = {(f, n): t for f, n, t in keys.values()}
    assert types[("node", "name")] == "string" and types[("node", "groups")] == "string"
    assert types[("node", "mentions")] == "long" and types[("node", "degree")] == "long"
    assert types[("node", "betweenness")] == "double" and types[("node", "eigenvector")] == "double"
    assert types[("edge", "kind")] == "string" and types[("edge", "weight")] == "double"
    graph = root.find(GML + "graph")
    assert graph.get("edgedefault") == "undirected"
    nodes = graph.findall(GML + "node")
    node_keys = {k for k, v in keys.items() if v[0] == "node"}
    assert [n.get("id") for n in nodes] == ["a", "b", "c", "d", "e", "f", "t"]
    for n in nodes:  # every node carries every attribute: no missing values
        assert {d.get("key") for d in n.findall(GML + "data")} == node_keys
    c = {keys[d.get("key")][1]: d.text for d in nodes[2].findall(GML + "data")}
    assert c["name"] == "Gamma" and c["betweenness"] == "0.6" and c["type"] == "state" and c["degree"] == "3"
    edges = graph.findall(GML + "edge")
    assert len(edges) == len(hand.edges) == 11
    assert len({e.get("id") for e in edges}) == 11
    first = {keys[d.get("key")][1]: d.text for d in edges[0].findall(GML + "data")}
    assert (edges[0].get("source"), edges[0].get("target"), first["kind"], first["weight"]) == ("a", "b", "co_mention", "2.0")


def test_gexf_read_back_with_xml_etree(hand, tmp_path):
    path = graphio.write_exports(hand.export, tmp_path)[1]
    text = path.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text
    root = ET.fromstring(text)
    graph = root.find(GEXF + "graph")
    attrs = {}
    for block in graph.findall(GEXF + "attributes"):
        for a in block.findall(GEXF + "attribute"):
            attrs[(block.get("class"), a.get("title"))] = (a.get("id"), a.get("type"))
    assert attrs[("node", "type")][1] == "string" and attrs[("node", "weighted_degree")][1] == "long"
    assert attrs[("node", "eigenvector")][1] == "double" and attrs[("edge", "kind")][1] == "string"
    nodes = graph.find(GEXF + "nodes").findall(GEXF + "node")
    assert [(n.get("id"), n.get("label")) for n in nodes][:3] == [("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")]
    edges = graph.find(GEXF + "edges").findall(GEXF + "edge")
    assert len(edges) == 11 and edges[0].get("weight") == "2.0"
    kind_id = attrs[("edge", "kind")][0]
    kinds = sorted(v.get("value") for e in edges for v in e.iter(GEXF + "attvalue") if v.get("for") == kind_id)
    assert kinds.count("co_mention") == 7 and kinds.count("member_of") == 1 and kinds.count("part_of") == 1


def test_exports_are_byte_deterministic(tmp_path):
    m, segs, gaz = hand_drawn()
    one = graphio.write_exports(network.compute(m, segs, gaz).export, tmp_path / "1")
    two = graphio.write_exports(network.compute(m.sample(frac=1, random_state=3), segs, gaz).export, tmp_path / "2")
    for p, q in zip(one, two):
        assert p.read_bytes() == q.read_bytes()


# ---------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def real(built_network):
    return built_network


def test_real_network(real):
    a = real.actors.set_index("actor_id")
    # 8 + 11 + 7 (tests/test_actors.py: EXPECTED): the bodies and meetings named after ASEAN are their own actors
    assert (a.loc["asean", "mentions"], a.loc["asean", "documents"]) == (26, 3)
    # ASEAN and the ADMM-Plus share four clauses of the joint statement (RECALLING the inception,
    # REAFFIRMING, RECALLING the annualisation, ENHANCE); in the heading and the first sentence
    # "ASEAN" is inside the ADMM-Plus's own name.
    assert real.comention["admm_plus"]["asean"]["weight"] == 4
    # the RSIS commentary's actors never share a sentence with ASEAN's partners in the other documents
    assert a.loc["peter_kropotkin", "degree"] == 0
    assert "unclos" in set(real.tables["instruments"]["instrument_id"])
    assert set(real.edges["kind"]) == {"co_mention", "actor_instrument", "member_of", "dialogue_partner_of",
                                       "plus_country_of", "in_group", "part_of", "instance_of", "issued_by"}
    assert a.loc["asean", "degree"] == a["degree"].max()


def test_real_network_holds_the_discovered_entities(real):
    a = real.actors.set_index("actor_id")
    ewg = "admm_plus_experts_working_group_on_maritime_security"
    # the seven working groups listed in one clause: discovered bodies, co-mentioned with the clause's actors
    assert a.loc[ewg, ["type", "entity_source", "mentions", "degree"]].tolist() == [
        "organisation_body", "discovered", 1, 8]
    assert a.loc["asean_community", "entity_source"] == "discovered"
    ins = real.tables["instruments"].set_index("instrument_id")
    # meetings are not actors: they sit with the instruments, on the other side of the two-mode network
    assert ins.loc["asean_wps_summit_2nd", ["type", "entity_source", "mentions", "actors"]].tolist() == [
        "event", "discovered", 2, 9]
    assert ins.loc["wps_agenda", ["type", "mentions", "documents"]].tolist() == ["instrument", 14, 2]
    assert "asean_wps_summit_2nd" not in real.comention
    e = real.edges
    links = set(map(tuple, e[e["kind"].isin(["instance_of", "issued_by"]) | e["source"].eq(ewg)][
        ["source", "target", "kind"]].values.tolist()))
    assert {("admm_plus_12th", "admm_plus", "instance_of"), ("asean_wps_summit_2nd", "asean_wps_summit", "instance_of"),
            ("admm_plus_ewg_observership_programme", "admm_plus_ewgs", "issued_by")} <= links
    assert (ewg, "admm_plus_ewgs", "part_of") in links


def test_fold_discovered_credits_bodies_and_meetings_to_their_parent(real, built_actors, built_corpus):
    folded = network.compute(built_actors.mentions, built_corpus.segments, built_actors.gazetteer,
                             {"fold_discovered": ["part_of", "instance_of"]}, built_corpus.documents)
    a = folded.actors.set_index("actor_id")
    # the seven working groups fold into the ADMM-Plus EWGs (2 + 7 mentions); the 12th and 13th ADMM-Plus into
    # the ADMM-Plus (13 + 2); the ASEAN WPS Summits into ASEAN (26 + 4), as the gazetteer-only count had it
    assert a.loc["admm_plus_ewgs", "mentions"] == 9
    assert a.loc["admm_plus", "mentions"] == 15
    assert a.loc["asean", "mentions"] == 26 + 4 + 1  # and the ASEAN Community, a part of ASEAN
    assert not folded.actors["actor_id"].str.startswith("admm_plus_experts_working_group").any()
    assert len(folded.actors) < len(real.actors)


def test_real_figures(real, tmp_path):
    out = netfigures.draw_all(real, tmp_path, formats=("png",), dpi=60)
    assert sorted(out) == sorted(netfigures.FIGURE_NAMES)
    for paths in out.values():
        assert all(p.stat().st_size > 1000 for p in paths)


def test_write_outputs(real, tmp_path):
    written = network.write_outputs(real, Paths(tmp_path))
    assert sorted(p.name for p in written) == sorted(
        ["actors.csv", "actor_edges.csv", "instruments.csv", "document_actors.csv", "document_edges.csv",
         "network.graphml", "network.gexf",
         "actor_trends.csv", "period_networks.csv", "period_actors.csv", "period_edges.csv"])  # issue 13
    assert nx.read_graphml(tmp_path / "data" / "processed" / "network.graphml").number_of_edges() == len(real.edges)
