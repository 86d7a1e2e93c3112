"""The statements stage through its real driver: the real corpus (values read off its documents), and the corpus
with a later ADMM-Plus statement added, built from the real one by carrying clauses over, editing some, dropping
one and adding one, to show which of its clauses are new."""

from __future__ import annotations

import shutil

import networkx as nx
import pandas as pd
import pytest
import yaml

from conftest import DEFAULTS, REPO
from pipeline import actors, commitment as cm, config, corpus, params, statements
from pipeline.errors import PipelineError
from pipeline.schema import STATEMENTS_TABLES

ADMM = "admm_plus_joint_statement_2025"
EVENT = "asean_wps_summit_2025"
RSIS = "rsis_wps_mutual_aid_2025"
LATER = "admm_plus_joint_statement_2026"


# ---------------------------------------------------------------- the real corpus


def test_every_unit_of_the_real_corpus_is_new(built_statements):
    r = built_statements.reuse
    # three documents of three genres, none copying another: every unit is new, in date order (RSIS is dated
    # only "2025", i.e. from 1 January, so it comes first)
    assert r.groupby("doc_id", sort=False).size().to_dict() == {RSIS: 41, EVENT: 16, ADMM: 23}
    assert set(r["label"]) == {"new"} and (r["source_doc_id"] == "").all() and (r["source_seg_id"] == 0).all()
    sh = built_statements["reuse_shares"]
    assert sh[["doc_id", "date_start", "n_units", "share_new"]].values.tolist() == [
        [RSIS, "2025-01-01", 41, 1.0], [EVENT, "2025-09-09", 16, 1.0], [ADMM, "2025-11-01", 23, 1.0]]
    assert built_statements["reuse_matrix"].empty and built_statements["clause_edits"].empty
    # the ADMM-Plus statement's units: the opening sentence (seg 3) and every clause, not the headings
    admm = r[r["doc_id"] == ADMM]
    assert admm["seg_id"].tolist() == list(range(3, 26))
    assert admm["kind"].value_counts().to_dict() == {"clause": 22, "sentence": 1}
    # all new, so the automatic lineage is a clause of the latest document: its first clause (RECOGNISING ...)
    assert built_statements.lineage_unit == (ADMM, 4)
    assert built_statements.lineage["label"].tolist() == ["new"]
    assert built_statements.lineage["text"].item().startswith("RECOGNISING ASEAN’s leading role")


def test_the_admm_plus_operative_clauses_and_their_levels(built_statements):
    # Read off data/raw/001_cde87152616d8758.txt: the eleven operative clauses under "WE HEREBY COMMIT TO:"
    c = built_statements.commitments
    admm = c[c["doc_id"] == ADMM]
    assert admm[["seg_id", "verb", "level"]].values.tolist() == [
        [14, "commend", "endorsement"], [15, "uphold", "action"], [16, "enhance", "action"],
        [17, "foster", "action"], [18, "prioritise", "action"], [19, "increase", "action"],
        [20, "strengthen", "action"], [21, "reaffirm", "endorsement"], [22, "continue", "action"],
        [23, "commit", "binding"],  # SUPPORT ASEAN's effort ... and COMMIT to promoting regional peace
        [24, "welcome", "endorsement"],
    ]
    assert set(admm["clause_type"]) == {"operative"} and set(admm["actors"]) == {"admm_plus"}
    # the event page's one prose commitment: "ASEAN leaders adopted the first ASEAN RPA on WPS" (the generic
    # subject "leaders" is the actor named just before it)
    ev = c[c["doc_id"] == EVENT]
    assert ev[["verb", "level", "actors", "actor_source"]].values.tolist() == [["adopt", "binding", "asean", "generic"]]
    shares = built_statements["commitment_shares"].set_index("doc_id")
    assert shares.loc[ADMM, ["n_commitments", "n_binding", "n_action", "n_endorsement", "n_acknowledgement",
                             "n_none"]].tolist() == [11, 1, 7, 3, 0, 0]
    assert shares.loc[ADMM, "mean_rank"] == pytest.approx((4 + 7 * 3 + 3 * 2) / 11)
    assert RSIS not in shares.index  # the commentary names no actor as the subject of a commitment verb
    g = built_statements["commitment_group_shares"].set_index(["group_by", "group"])
    assert g.loc[("genre", "joint_statement"), "n_commitments"] == 11
    assert g.loc[("genre", "event_page"), "n_binding"] == 1
    assert g.loc[("year", "2025"), ["n_commitments", "n_binding"]].tolist() == [12, 2]


def test_issuers_and_edges_of_the_admm_plus_statement(built_statements):
    # "The Twelfth ASEAN Defence Ministers' Meeting Plus (hereinafter referred to as "ADMM-Plus"), convened in Kuala
    # Lumpur, Malaysia": the meeting is the issuer; Malaysia, after "convened", is the venue
    assert built_statements["issuers"].values.tolist() == [[ADMM, "admm_plus", 3, "meeting"]]
    e = built_statements.edges
    admm = e[e["documents"] == ADMM].set_index("concept_id")
    assert (admm.index.size, set(e.loc[e["documents"] == ADMM, "actor_id"])) == (21, {"admm_plus"})
    # ADMM-Plus names itself in clauses 14, 15, 16, 18, 19 and 20 (actions and an endorsement); clause 24 WELCOMEs
    # the 13th ADMM-Plus, a meeting the recogniser found (as the EWG Observership Programme of clause 19)
    assert admm.loc["actor:admm_plus", ["n_clauses", "n_action", "n_endorsement", "level"]].tolist() == [
        6, 5, 1, "action"]
    assert admm.loc["event:admm_plus_13th", "level"] == "endorsement"
    assert admm.loc["instrument:admm_plus_ewg_observership_programme", "level"] == "action"
    # clause 23 COMMITs to the APSC Strategic Plan of the ASEAN Community Vision 2045 (and clause 16 names ASEAN)
    assert admm.loc["instrument:apsc_strategic_plan", ["level", "n_clauses"]].tolist() == ["binding", 1]
    assert admm.loc["actor:asean", ["level", "n_clauses"]].tolist() == ["binding", 2]
    # clause 21 REAFFIRMs ... in accordance with UNCLOS; clause 24 WELCOMEs the 13th ADMM-Plus in the Philippines
    assert admm.loc["instrument:unclos", "level"] == "endorsement"
    assert admm.loc["actor:philippines", "level"] == "endorsement"
    asean = e[e["actor_id"] == "asean"]
    assert asean["concept_id"].tolist() == ["actor:asean_summit", "instrument:asean_rpa_wps",
                                            "instrument:joint_statement_wps_2017"]
    assert set(asean["level"]) == {"binding"} and set(asean["documents"]) == {EVENT}
    assert len(e) == 24 and (e["agreement"] == "positive").all()  # 21 of the ADMM-Plus statement, 3 of ASEAN


def test_the_stage_writes_its_tables_exports_figures_and_paper_tables(built_statements, inputs_root):
    P = inputs_root
    for t in STATEMENTS_TABLES:
        assert (P.processed / t.file).is_file(), t.file
    B = nx.read_graphml(P.processed / "commitment_network.graphml")
    assert sorted(n for n, d in B.nodes(data=True) if d["mode"] == "actor") == ["admm_plus", "asean"]
    assert B.number_of_nodes() == 26 and B.number_of_edges() == 24
    assert B.edges["admm_plus", "instrument:unclos"]["level"] == "endorsement"
    assert nx.read_gexf(P.processed / "commitment_network.gexf").number_of_edges() == 24
    A = nx.read_graphml(P.processed / "commitment_actors.graphml")
    assert sorted(A.nodes) == ["admm_plus", "asean"] and A.number_of_edges() == 0  # no concept in common
    C = nx.read_graphml(P.processed / "commitment_concepts.graphml")
    assert C.number_of_nodes() == 24 and C.number_of_edges() == 21 * 20 // 2 + 3  # two cliques: 21 and 3 concepts
    figs = sorted(p.name for p in (P.figures / "statements").glob("*.json"))
    assert figs == [f"{n}.json" for n in sorted(statements.statementfigures.FIGURE_NAMES)]
    for name in statements.statementfigures.FIGURE_NAMES:
        assert all((P.figures / "statements" / f"{name}.{fmt}").is_file() for fmt in DEFAULTS.figure.formats)
    tables = sorted(p.name for p in (P.tables / "statements").iterdir())
    assert tables == sorted(f"{n}.{x}" for n in ("statements_commitment_edges", "statements_commitment_levels",
                                                   "statements_reuse_shares") for x in ("md", "tex"))
    tex = (P.tables / "statements" / "statements_commitment_edges.tex").read_text(encoding="utf-8")
    assert "ADMM-Plus & ADMM-Plus & action & 6 & 1 & positive" in tex  # the tie with most clauses comes first
    assert "ADMM-Plus & traditional security · security framings & action & 3 & 1 & positive" in tex


def test_the_same_inputs_give_the_same_bytes(built_statements, inputs_root):
    P = inputs_root
    before = {t.file: (P.processed / t.file).read_bytes() for t in STATEMENTS_TABLES}
    again = statements.compute(*_inputs(P), DEFAULTS.statements)
    for name, df in again.tables.items():
        pd.testing.assert_frame_equal(df, built_statements.tables[name])
    assert cm.graphml_text(again.network) == (P.processed / "commitment_network.graphml").read_text(encoding="utf-8")
    assert before == {t.file: (P.processed / t.file).read_bytes() for t in STATEMENTS_TABLES}


def _inputs(P):
    i = statements.load_inputs(P, DEFAULTS)
    return i.segments, i.documents, i.mentions, i.gazetteer, i.scale, i.dictionaries


# ---------------------------------------------------------------- inputs it must tolerate or refuse


def test_an_actor_id_the_gazetteer_lacks_is_named_by_its_id(built_statements, inputs_root):
    """The actors stage may add discovered entities (ids not in the gazetteer) and columns source, type, rule."""
    segs, docs, mentions, gaz, scale, dicts = _inputs(inputs_root)
    # "The Twelfth ASEAN Defence Ministers' Meeting Plus ..." (seg 3): a discovered entity in the issuer's place
    seg3 = segs[(segs["doc_id"] == ADMM) & (segs["seg_id"] == 3)].iloc[0]
    at = seg3["start"] + seg3["text"].index("ASEAN Defence Ministers’ Meeting Plus")
    m = mentions[~((mentions["doc_id"] == ADMM) & (mentions["seg_id"] == 3))].copy()
    m = m.assign(source="gazetteer", type=[gaz.entries[a].type for a in m["actor_id"]], rule="alias")
    extra = pd.DataFrame([dict(doc_id=ADMM, seg_id=3, actor_id="ent_admm_plus_meeting", surface="ASEAN Defence "
                               "Ministers’ Meeting Plus", start=at, end=at + 37, source="recogniser",
                               type="regional_organisation", rule="meeting")])
    m = pd.concat([m, extra], ignore_index=True)
    r = statements.compute(segs, docs, m, gaz, scale, dicts, DEFAULTS.statements)
    assert r["issuers"].values.tolist() == [[ADMM, "ent_admm_plus_meeting", 3, "meeting"]]
    admm = r.commitments[r.commitments["doc_id"] == ADMM]
    assert set(admm["actors"]) == {"ent_admm_plus_meeting"} and len(admm) == 11
    node = r.network.nodes["ent_admm_plus_meeting"]
    assert (node["label"], node["type"], node["mode"]) == ("ent_admm_plus_meeting", "regional_organisation", "actor")
    assert "ent_admm_plus_meeting" not in gaz.entries  # the gazetteer itself is left alone


def test_a_lineage_clause_that_is_not_a_unit_is_refused_by_name(inputs_root):
    segs, docs, mentions, gaz, scale, dicts = _inputs(inputs_root)
    with pytest.raises(PipelineError, match=r"statements.lineage_clause is 'admm_plus_joint_statement_2025:2', which "
                                            r"is not a unit of clause_reuse.csv"):  # seg 2 is a heading
        statements.compute(segs, docs, mentions, gaz, scale, dicts, {"lineage_clause": f"{ADMM}:2"})
    with pytest.raises(PipelineError, match=r"write it as doc_id:seg_id"):
        statements.compute(segs, docs, mentions, gaz, scale, dicts, {"lineage_clause": "clause 23"})
    r = statements.compute(segs, docs, mentions, gaz, scale, dicts, {"lineage_clause": f"{ADMM}:23"})
    assert r.lineage_unit == (ADMM, 23) and r.lineage["text"].item().startswith("SUPPORT ASEAN’s effort")
    with pytest.raises(PipelineError, match=r"statements.edited_threshold \(0.9\) is above "
                                            r"statements.verbatim_threshold \(0.8\)"):
        statements.compute(segs, docs, mentions, gaz, scale, dicts, {"edited_threshold": 0.9, "verbatim_threshold": 0.8})


def test_a_scale_without_the_tables_levels_is_refused_with_the_fix(inputs_root):
    text = (REPO / "config/commitment.yaml").read_text(encoding="utf-8").replace("\n  endorsement:\n", "\n  approval:\n")
    scale = cm.parse_scale(text, "config/commitment.yaml")
    segs, docs, mentions, gaz, _, dicts = _inputs(inputs_root)
    with pytest.raises(PipelineError, match=r"config/commitment.yaml: the levels are binding, action, approval, "
                                            r"acknowledgement; .* Fix: keep these four level ids"):
        statements.compute(segs, docs, mentions, gaz, scale, dicts, DEFAULTS.statements)


# ---------------------------------------------------------------- a later statement added to the corpus


def _sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def with_later(tmp_path_factory):
    """The real corpus plus a 2026 ADMM-Plus statement written from the 2025 one, through the real drivers.

    From the 2025 statement's body (its breadcrumb menu and footer left out): the opening sentence gets the
    next meeting's number, place and date; COMMEND "the 15 years" becomes "the 16 years"; STRENGTHEN the
    framework becomes ENCOURAGE it; "COMMIT to promoting regional peace" becomes "ENCOURAGE efforts promoting";
    the INCREASE clause is dropped; an ENSURE clause is added before WELCOME, whose meeting number and year
    change; the adoption formula gets the new place and date. The preambular clauses, the chapeau and the
    other operative clauses are carried over unchanged.
    """
    root = tmp_path_factory.mktemp("later")
    for folder in ("data/raw", "config"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copyfile(REPO / "dvc.yaml", root / "dvc.yaml")
    (root / "params.yaml").write_text(yaml.safe_dump(params.defaults(), sort_keys=False), encoding="utf-8")
    lines = (REPO / "data/raw/001_cde87152616d8758.txt").read_text(encoding="utf-8").splitlines()
    body = lines[4:lines.index("More Resources")]
    increase = next(line for line in body if line.startswith("INCREASE capacity-building"))
    t = "\n".join(body) + "\n"
    t = _sub(t, "1 November 2025\n", "12 November 2026\n")
    t = _sub(t, "The Twelfth ASEAN", "The Thirteenth ASEAN")
    t = _sub(t, "convened in Kuala Lumpur, Malaysia, on 1 November 2025;", "convened in Manila, the Philippines, on "
             "12 November 2026;")
    t = _sub(t, "COMMEND the 15 years", "COMMEND the 16 years")
    t = _sub(t, "STRENGTHEN the ADMM-Plus framework", "ENCOURAGE the ADMM-Plus framework")
    t = _sub(t, "and COMMIT to promoting regional peace", "and ENCOURAGE efforts promoting regional peace")
    t = _sub(t, increase + "\n", "")
    t = _sub(t, "WELCOME the convening of the 13th ADMM-Plus in the Republic of the Philippines in 2026.",
             "ENSURE the full, equal and meaningful participation of women in peacekeeping operations and in the "
             "ADMM-Plus Experts' Working Groups;\n"
             "WELCOME the convening of the 14th ADMM-Plus in the Republic of the Philippines in 2027.")
    t = _sub(t, "ADOPTED in Kuala Lumpur, Malaysia on the First Day of November in the Year Two Thousand and "
             "Twenty-Five", "ADOPTED in Manila, the Philippines on the Twelfth Day of November in the Year Two "
             "Thousand and Twenty-Six")
    (root / "data/raw/003_later_statement.txt").write_text(t, encoding="utf-8")
    with open(root / "data/raw/manifest.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{LATER},003_later_statement.txt,Joint Statement by the ADMM-Plus (a later statement for the "
                 "tests),2026-11-12,ADMM-Plus,joint_statement,Written for the tests from the 2025 statement,\n")
    P = config.paths(root)
    corpus.run(P, DEFAULTS)
    actors.run(P, DEFAULTS)
    return statements.run(P, DEFAULTS)


def test_adding_a_later_statement_shows_which_of_its_clauses_are_new(with_later):
    r = with_later.reuse
    later = r[r["doc_id"] == LATER].set_index("seg_id")
    # the 2026 units in reading order: 3 opening sentence, 4-12 preambular, 13 chapeau, 14-24 operative, 25 ADOPTED;
    # the 2025 statement has one more operative clause (INCREASE, its 19), so later clauses 19-22 are its 20-23
    edited = {3: 3, 14: 14, 19: 20, 22: 23, 24: 24, 25: 25}
    verbatim = {s: s for s in range(4, 19) if s != 14} | {20: 21, 21: 22}
    assert later.loc[23, "label"] == "new" and later.loc[23, "source_doc_id"] == ""  # the ENSURE clause
    assert {s: int(later.loc[s, "source_seg_id"]) for s in later.index if later.loc[s, "label"] == "edited"} == edited
    assert {s: int(later.loc[s, "source_seg_id"]) for s in later.index if later.loc[s, "label"] == "verbatim"} == \
        verbatim
    assert set(later.loc[later["label"] != "new", "source_doc_id"]) == {ADMM}
    # scores: 2 x words kept / words of both. STRENGTHEN -> ENCOURAGE in a clause of 15 words: 2 * 14 / 30
    assert later.loc[19, "score"] == pytest.approx(28 / 30)
    assert later.loc[14, "score"] == pytest.approx(62 / 64)  # "15" -> "16" in 32 words
    sh = with_later["reuse_shares"].set_index("doc_id").loc[LATER]
    assert (sh.n_units, sh.n_verbatim, sh.n_edited, sh.n_new) == (23, 16, 6, 1)
    assert with_later["reuse_matrix"].values.tolist() == [[LATER, ADMM, 23, 16, 6, pytest.approx(22 / 23)]]
    # the earlier documents are unchanged by the addition: still all new
    assert set(r.loc[r["doc_id"] != LATER, "label"]) == {"new"}


def test_the_redlines_of_the_later_statement_show_exactly_the_changed_words(with_later):
    later = with_later.reuse[with_later.reuse["doc_id"] == LATER].set_index("seg_id")
    assert later.loc[19, "redline"] == ("[-STRENGTHEN-]{+ENCOURAGE+} the ADMM-Plus framework and deepen defence "
                                        "cooperation as a means for confidence and capacity-building;")
    assert later.loc[22, "redline"].endswith("by 2045 and [-COMMIT to-]{+ENCOURAGE efforts+} promoting regional "
                                             "peace, stability and prosperity;")
    assert later.loc[24, "redline"] == ("WELCOME the convening of the [-13th-]{+14th+} ADMM-Plus in the Republic of "
                                        "the Philippines in [-2026.-]{+2027.+}")
    assert (later.loc[3, "deleted_words"], later.loc[3, "added_words"]) == (
        "Twelfth | Kuala Lumpur, Malaysia, | 1 | 2025;", "Thirteenth | Manila, the Philippines, | 12 | 2026;")
    assert (later.loc[[4, 13, 15], "redline"] == "").all()  # verbatim: nothing to mark
    ed = with_later["clause_edits"]
    assert ed.loc[ed["seg_id"] == 22, ["op", "position", "deleted", "added"]].values.tolist() == [
        ["replace", 28, "COMMIT to", "ENCOURAGE efforts"]]
    assert len(ed) == 12 and set(ed["doc_id"]) == {LATER}


def test_a_softened_clause_loses_its_commitment_level(with_later):
    """COMMIT becoming ENCOURAGE between the two statements, read off the joined tables."""
    r, c = with_later.reuse, with_later.commitments
    level = {(d, s): lv for d, s, lv in zip(c["doc_id"], c["seg_id"], c["level"])}
    pairs = r[(r["doc_id"] == LATER) & (r["clause_type"] == "operative") & (r["label"] == "edited")]
    changed = {int(s): (level[(ADMM, int(ss))], level[(LATER, int(s))])
               for s, ss in zip(pairs["seg_id"], pairs["source_seg_id"])}
    assert changed == {14: ("endorsement", "endorsement"), 19: ("action", "endorsement"),
                       22: ("binding", "action"), 24: ("endorsement", "endorsement")}
    assert level[(LATER, 23)] == "binding"  # the new ENSURE clause
    # the automatic lineage: a clause edited once (the longest chains here have two versions), the first in order
    assert with_later.lineage_unit == (LATER, 14)
    assert with_later.lineage[["doc_id", "seg_id", "label"]].values.tolist() == [[ADMM, 14, "new"],
                                                                                [LATER, 14, "edited"]]
    assert with_later["issuers"].values.tolist() == [[ADMM, "admm_plus", 3, "meeting"],
                                                     [LATER, "admm_plus", 3, "meeting"]]
    e = with_later.edges.set_index(["actor_id", "concept_id"])
    # ADMM-Plus commits to promoting peace under ASEAN's Vision 2045 in 2025 (binding) and supports it in 2026
    row = e.loc[("admm_plus", "instrument:apsc_strategic_plan")]
    assert (row.level, row.n_clauses, row.n_binding, row.n_action, row.n_documents) == ("binding", 2, 1, 1, 2)
