"""The explorers of notebooks/05_explore.ipynb: pure helpers by hand, on the real corpus, and the widgets."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from pipeline import explore, outputs
from pipeline.errors import PipelineError

# ---------------------------------------------------------------- a tiny corpus, worked by hand
#
# doc "a" (a statement):           doc "b" (prose):
#   seg 1  clause/preambular         seg 1  sentence
#     "RECALLING Women, Peace and      "Women lead. Peace needs women."
#      Security."                      tokens: women(0) lead(1) peace(2) needs(3) women(4)
#     tokens: recalling(0) women(1) peace(2) and(3) security(4)
#   seg 2  clause/operative
#     "ENHANCE peace for women."
#     tokens: enhance(5) peace(6) for(7) women(8)
# "a" has 9 tokens, "b" has 5.

A = "RECALLING Women, Peace and Security.\n\nENHANCE peace for women.\n"
B = "Women lead. Peace needs women.\n"
SEGMENTS = pd.DataFrame(
    [
        ("a", 1, 1, "clause", "preambular", 0, 36, A[0:36]),
        ("a", 2, 2, "clause", "operative", 38, 62, A[38:62]),
        ("b", 1, 1, "sentence", "", 0, 30, B[0:30]),
    ],
    columns=["doc_id", "seg_id", "para_id", "kind", "clause_type", "start", "end", "text"],
)


@pytest.fixture(scope="module")
def tiny():
    return outputs.ExploreData.from_tables({"a": A, "b": B}, SEGMENTS)


def test_tiny_segments_are_what_the_comments_say():
    assert SEGMENTS.text.tolist() == ["RECALLING Women, Peace and Security.", "ENHANCE peace for women.",
                                      "Women lead. Peace needs women."]


def test_concordance_finds_every_case_with_its_clause(tiny):
    c = outputs.concordance(tiny, "women", window=2)
    assert c.columns.tolist() == outputs.CONCORDANCE_COLUMNS
    # a: women(1), women(8); b: women(0), women(4) -- in document order
    assert c[["doc_id", "seg_id", "kind", "clause_type"]].values.tolist() == [
        ["a", 1, "clause", "preambular"], ["a", 2, "clause", "operative"],
        ["b", 1, "sentence", ""], ["b", 1, "sentence", ""],
    ]
    # the keyword as written, two tokens either side (punctuation inside the span is kept)
    assert c["keyword"].tolist() == ["Women", "women", "Women", "women"]
    assert c["left"].tolist() == ["RECALLING", "peace for", "", "Peace needs"]
    assert c["right"].tolist() == [", Peace and", "", "lead. Peace", ""]


def test_concordance_phrase_ignores_case_and_punctuation_between_words(tiny):
    c = outputs.concordance(tiny, "women peace AND security", window=1)
    # the window counts tokens of the document, as kwic.csv does: it reaches into the next clause
    assert c[["doc_id", "seg_id", "keyword", "left", "right"]].values.tolist() == [
        ["a", 1, "Women, Peace and Security", "RECALLING", ". ENHANCE"]]
    # "peace" alone: a(2), a(6), b(2)
    assert len(outputs.concordance(tiny, "Peace")) == 3


def test_concordance_window_document_filter_and_empty_queries(tiny):
    c = outputs.concordance(tiny, "peace", window=0)
    assert (c["left"] == "").all() and (c["right"] == "").all()
    assert outputs.concordance(tiny, "peace", doc_id="b")["doc_id"].tolist() == ["b"]
    assert outputs.concordance(tiny, "peace", doc_id=outputs.ALL_DOCUMENTS)["doc_id"].tolist() == ["a", "a", "b"]
    for q in ("", "  ", "!?", "absent"):
        assert outputs.concordance(tiny, q).empty
    with pytest.raises(ValueError):
        outputs.concordance(tiny, "peace", window=-1)
    assert outputs.concordance_summary(outputs.concordance(tiny, "lead"), "lead") == "“lead”: 1 occurrence in 1 document."


def test_dispersion_positions_and_spread_by_hand(tiny):
    pos = outputs.dispersion(tiny, ["women"])
    # a: tokens 1 and 8 of 9 -> 1/9, 8/9; b: tokens 0 and 4 of 5 -> 0, 0.8
    assert pos[["doc_id", "token_index", "seg_id"]].values.tolist() == [["a", 1, 1], ["a", 8, 2], ["b", 0, 1], ["b", 4, 1]]
    assert pos["position"].tolist() == pytest.approx([1 / 9, 8 / 9, 0.0, 0.8])
    s = outputs.dispersion_summary(tiny, pos, "women", parts=4)
    # a: 2 per 9 tokens = 222.222 per 1,000; quarters: 1/9 -> part 0, 8/9 -> part 3: 2 parts
    # b: 2 per 5 tokens = 400 per 1,000; 0 -> part 0, 0.8 -> part 3: 2 parts
    assert s.values.tolist() == [["a", 9, 2, 222.222, 2], ["b", 5, 2, 400.0, 2]]
    s = outputs.dispersion_summary(tiny, outputs.dispersion(tiny, ["lead"]), "lead")
    assert s[["doc_id", "count", "parts_with_term"]].values.tolist() == [["a", 0, 0], ["b", 1, 1]]
    assert outputs.dispersion(tiny, ["", "--"]).empty


# ---------------------------------------------------------------- actors, by hand

MENTIONS = pd.DataFrame(
    [("a", 1, "x", "X", 0, 1), ("a", 1, "x", "Ex", 3, 5), ("a", 2, "x", "X", 40, 41), ("a", 2, "y", "Y", 45, 46),
     ("b", 1, "y", "Y", 0, 1)],
    columns=["doc_id", "seg_id", "actor_id", "surface", "start", "end"],
)


def test_actor_counts_include_documents_without_mentions():
    assert outputs.actor_counts(MENTIONS, "x", ["a", "b"]).values.tolist() == [["a", 3, 2], ["b", 0, 0]]
    assert outputs.actor_counts(MENTIONS, "y", ["a", "b"]).values.tolist() == [["a", 1, 1], ["b", 1, 1]]
    assert outputs.actor_counts(MENTIONS, "nobody", ["a"]).values.tolist() == [["a", 0, 0]]


def test_actor_passages_one_row_per_segment_with_surfaces():
    p = outputs.actor_passages(MENTIONS, SEGMENTS, "x")
    assert p[["doc_id", "seg_id", "kind", "clause_type", "mentions", "surfaces"]].values.tolist() == [
        ["a", 1, "clause", "preambular", 2, "Ex; X"], ["a", 2, "clause", "operative", 1, "X"]]
    assert p["text"].tolist() == ["RECALLING Women, Peace and Security.", "ENHANCE peace for women."]
    assert outputs.actor_passages(MENTIONS, SEGMENTS, "nobody").empty


def test_ego_neighbours_strongest_first():
    G = nx.Graph()
    G.add_edge("x", "y", weight=1, documents=1)
    G.add_edge("x", "z", weight=3, documents=1)
    G.add_edge("x", "w", weight=3, documents=2)
    G.add_node("lonely")
    info = pd.DataFrame({"actor_id": ["w", "x", "y", "z"], "name": ["W", "X", "Y", "Z"], "type": ["state"] * 4})
    n = outputs.ego_neighbours(G, "x", info)
    # weight 3 first; between w and z (both 3) more documents first; then y
    assert n.values.tolist() == [["w", "W", "state", 3, 2], ["z", "Z", "state", 3, 1], ["y", "Y", "state", 1, 1]]
    assert outputs.ego_neighbours(G, "lonely").empty and outputs.ego_neighbours(G, "absent").empty


def test_actor_choices_and_term_choices():
    a = pd.DataFrame({"actor_id": ["b", "a", "c"], "name": ["B", "A", "C"], "mentions": [2, 5, 2]})
    assert outputs.actor_choices(a) == [("A (5 mentions)", "a"), ("B (2 mentions)", "b"), ("C (2 mentions)", "c")]
    tf = pd.DataFrame({"doc_id": ["a", "b", "a", "a"], "term": ["peace", "peace", "the", "2025"], "count": [1, 2, 9, 4]})
    assert outputs.term_choices(tf, frozenset({"the"}), first=["women", "peace"]) == ["women", "peace"]
    assert outputs.term_choices(tf, frozenset(), n=2) == ["the", "peace"]  # numbers are never suggested
    assert outputs.term_choices(None, first=["w"]) == ["w"]


def test_top_keywords_by_size_of_g2():
    k = pd.DataFrame({"target": ["a"] * 4 + ["genre:x"], "term": ["p", "q", "r", "s", "p"],
                      "n_target": [3, 2, 0, 0, 3], "n_reference": [0, 0, 4, 1, 0],
                      "g2": [5.0, 7.0, -4.0, -1.0, 5.0], "log_ratio": [3.0, 2.5, -3.5, -1.0, 3.0],
                      "p": [0.02, 0.01, 0.04, 0.3, 0.02]})
    assert outputs.top_keywords(k, 5)["term"].tolist() == ["q", "p"]
    assert outputs.top_keywords(k, 1, negative=True)["term"].tolist() == ["r"]


# ---------------------------------------------------------------- the widgets (real ipywidgets, no frontend)


def test_concordance_explorer_redraws_when_a_control_changes(tiny):
    w = explore.concordance_explorer(tiny, query="women", window=2)
    assert w.items[0] == "“women”: 4 occurrences in 2 documents."
    box, slider, doc = w.children[1].children
    box.value = "lead"
    assert w.items[0] == "“lead”: 1 occurrence in 1 document."
    doc.value = "a"
    assert w.items == ["“lead”: 0 occurrences in 0 documents."]
    bundle = w._repr_mimebundle_()
    # a widget frontend draws the widget; any other shows the result as HTML and text
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "0 occurrences" in bundle["text/html"] and "0 occurrences" in bundle["text/plain"]


def test_static_fallback_holds_the_default_table(tiny):
    w = explore.concordance_explorer(tiny, query="peace", window=1)
    html = w._repr_mimebundle_()["text/html"]
    assert "“peace”: 3 occurrences in 2 documents." in html
    assert html.count(">Peace<") == 2 and html.count(">peace<") == 1  # the keyword cells


def test_dispersion_explorer_draws_a_figure(tiny):
    w = explore.dispersion_explorer(tiny, term="women", width_in=4.0, suggestions=["peace"])
    fig, summary = w.items
    assert fig.axes[0].get_title(loc="left") == "“women” (4 occurrences)"
    assert summary.data["count"].tolist() == [2, 2]
    assert '<img alt="figure" src="data:image/png;base64,' in w._repr_mimebundle_()["text/html"]
    w.children[1].children[0].value = " "
    assert w.items == ["Type a word or phrase."]


# ---------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def real(inputs_root, built_textstats, built_network):
    # what the reader notebooks see: the stages' outputs read back, nothing recomputed
    return outputs.load(inputs_root)


ADMM, SUMMIT, RSIS = "admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"


def test_real_women_per_document(real):
    # Read off the cleaned texts: the summit page says women 5 times; the commentary 25 times
    # ("Women" 4, "women" 21; "women-led" and "women-driven" are words of their own); the
    # defence ministers' statement never.
    c = outputs.concordance(real, "women")
    assert c.groupby("doc_id").size().to_dict() == {SUMMIT: 5, RSIS: 25}
    s = outputs.dispersion_summary(real, outputs.dispersion(real, ["women"]), "women")
    assert s.set_index("doc_id")["count"].to_dict() == {ADMM: 0, SUMMIT: 5, RSIS: 25}


def test_real_phrases(real):
    # "mutual aid": 16 times, all in the commentary; "Women, Peace and Security" twice in each WPS text
    # (the summit page once writes it without the comma).
    assert outputs.concordance(real, "mutual aid").groupby("doc_id").size().to_dict() == {RSIS: 16}
    wps = outputs.concordance(real, "women, peace and security")
    assert wps.groupby("doc_id").size().to_dict() == {SUMMIT: 2, RSIS: 2}
    assert sorted(wps["keyword"]) == ["Women Peace and Security"] + ["Women, Peace and Security"] * 3
    # "UN Charter" in the statement: "the United Nations (UN) Charter" (preambular clause 4) and
    # "the UN Charter and ASEAN Charter" (operative clause 16).
    un = outputs.concordance(real, "UN Charter", window=2)
    assert un[["doc_id", "seg_id", "kind", "clause_type", "keyword"]].values.tolist() == [
        [ADMM, 4, "clause", "preambular", "UN) Charter"], [ADMM, 16, "clause", "operative", "UN Charter"]]


def test_real_un_women(real):
    # UN Women is named once, in the summit page's sentence on who supports the second Summit,
    # alongside Malaysia, the Chair of ASEAN (an office: a mention of ASEAN), the ASEAN Secretariat, the
    # dialogue partners Australia, Canada and the UK, and Indonesia (host of the first Summit): eight actors;
    # the Summit itself is a meeting, not an actor.
    counts = outputs.actor_counts(real.mentions, "un_women", real.doc_ids)
    assert counts.set_index("doc_id")["mentions"].to_dict() == {ADMM: 0, SUMMIT: 1, RSIS: 0}
    p = outputs.actor_passages(real.mentions, real.segments, "un_women")
    assert p[["doc_id", "seg_id", "kind", "surfaces"]].values.tolist() == [[SUMMIT, 9, "sentence", "UN Women"]]
    assert "with the support of ASEAN Secretariat, UN Women and dialogue partners" in p.at[0, "text"]
    n = outputs.ego_neighbours(real.network.comention, "un_women", real.actors)
    assert sorted(n["actor_id"]) == ["asean", "asean_dialogue_partners", "asean_secretariat",
                                     "australia", "canada", "indonesia", "malaysia", "united_kingdom"]
    assert set(n["weight"]) == {1}


def test_real_asean_agrees_with_the_network_tables(real):
    a = real.actors.set_index("actor_id")
    n = outputs.ego_neighbours(real.network.comention, "asean", real.actors)
    assert len(n) == a.at["asean", "degree"] and n["weight"].sum() == a.at["asean", "weighted_degree"]
    counts = outputs.actor_counts(real.mentions, "asean", real.doc_ids)
    assert counts["mentions"].sum() == a.at["asean", "mentions"]
    assert (counts["mentions"] > 0).sum() == a.at["asean", "documents"] == 3


def test_real_actor_explorer_default_and_a_clear_error(real):
    w = explore.actor_explorer(real, actor="asean", width_in=5.0)
    assert w.items[0] == "ASEAN: its ego network (the actors named in the same sentence or clause)"
    assert w.items[1].axes[0].get_title().startswith("Ego network of ASEAN")
    w.children[1].children[0].value = "un_women"
    assert w.items[0].startswith("UN Women:")
    with pytest.raises(PipelineError, match="not in data/processed/actors.csv"):
        explore.actor_explorer(real, actor="atlantis")
