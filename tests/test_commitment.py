"""Commitment strength and who commits to what: the real ADMM-Plus statement's operative clauses labelled by hand,
hand-written sentences for modals, negation and each subject pattern, the statement's actor x concept edges
checked against a reading of it, and the network exports read back."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

from pipeline import actors, commitment as cm, corpus, segment
from pipeline.dictionaries import load_dictionary
from pipeline.errors import PipelineError
from pipeline.gazetteer import load_gazetteer
from pipeline.recognise import load_rules

ADMM = "admm_plus_joint_statement_2025"
EVENT = "asean_wps_summit_2025"


class _CorpusParams(dict):
    """The corpus stage's two parameters, readable as ``p["key"]`` and as ``p.key``."""

    __getattr__ = dict.__getitem__


@pytest.fixture(scope="module")
def scale(repo_paths):
    return cm.load_scale(repo_paths.config / "commitment.yaml")


@pytest.fixture(scope="module")
def gazetteer(repo_paths):
    return load_gazetteer(repo_paths.config / "gazetteer.yaml")


@pytest.fixture(scope="module")
def dictionaries(repo_paths):
    return [load_dictionary(repo_paths.config / "dictionaries" / f"{n}.yaml")
            for n in ("unscr1325_pillars", "security_framings")]


@pytest.fixture(scope="module")
def real(repo_paths, gazetteer):
    p = _CorpusParams(extra_abbreviations=[], heading_max_words=15)
    built = corpus.build(corpus.load_inputs(repo_paths, p), p)
    mentions = actors.extract_mentions(built.clean, built.segments, actors.AliasMatcher(gazetteer))
    return built, mentions


@pytest.fixture(scope="module")
def rated(real, scale, gazetteer):
    built, mentions = real
    return cm.commitments(built.segments, mentions, scale, gazetteer)


@pytest.fixture(scope="module")
def admm_links(real, scale, gazetteer, dictionaries):
    built, mentions = real
    segs = built.segments[built.segments["doc_id"] == ADMM]
    return cm.links(segs, mentions[mentions["doc_id"] == ADMM], scale, gazetteer, dictionaries)


def predicates(text, scale, gazetteer, issuers=()):
    found = actors.AliasMatcher(gazetteer).find(text)
    ms = [cm.Mention(s, e, a, gazetteer.entries[a].type == "instrument") for s, e, a in found]
    return cm.find_predicates(text, scale, ms, issuers)


def one(text, scale, gazetteer, issuers=()):
    ps = predicates(text, scale, gazetteer, issuers)
    assert len(ps) == 1, (text, ps)
    p = ps[0]
    return p.verb, p.level, p.polarity, p.actors


# ---------------------------------------------------------------- the scale


def test_the_admm_plus_operative_clauses_labelled_by_hand(rated):
    # Read off data/raw/001_cde87152616d8758.txt: the opening verb of each operative clause, and the strongest
    # all-caps verb where a clause has two (COMMEND ... APPLAUD; SUPPORT ... COMMIT to promoting).
    admm = rated[rated["doc_id"] == ADMM]
    assert admm[["seg_id", "verb", "level"]].values.tolist() == [
        [14, "commend", "endorsement"],      # COMMEND the 15 years ... and APPLAUD its contributions
        [15, "uphold", "action"],            # UPHOLD the relevance of the ADMM-Plus beyond 2025
        [16, "enhance", "action"],           # ENHANCE practical cooperation
        [17, "foster", "action"],            # FOSTER information-sharing
        [18, "prioritise", "action"],        # PRIORITISE inclusivity and multilateral engagement
        [19, "increase", "action"],          # INCREASE capacity-building initiatives
        [20, "strengthen", "action"],        # STRENGTHEN the ADMM-Plus framework
        [21, "reaffirm", "endorsement"],     # REAFFIRM the importance of mutual respect ...
        [22, "continue", "action"],          # CONTINUE exchanges, interactions ...
        [23, "commit", "binding"],           # SUPPORT ASEAN's effort ... and COMMIT to promoting regional peace
        [24, "welcome", "endorsement"],      # WELCOME the convening of the 13th ADMM-Plus
    ]
    assert admm.loc[admm["seg_id"] == 23, "verbs"].item() == "support;commit"
    assert admm.loc[admm["seg_id"] == 14, "verbs"].item() == "commend;applaud"
    assert (admm["actors"] == "admm_plus").all() and (admm["actor_source"] == "issuer").all()
    assert (admm["polarity"] == "positive").all() and set(admm["modal"]) == {""}
    # the preambular clauses (RECOGNISING, WELCOMING, COMMENDING ...), the chapeau and ADOPTED are not rated
    assert admm["clause_type"].eq("operative").all() and len(admm) == 11


def test_same_verb_same_level_everywhere(scale, rated):
    for verb, level in zip(rated["verb"], rated["verb_level"]):
        assert scale.level_of(verb) == level
    for form in ("commit", "commits", "committed", "committing", "COMMIT", "Committed"):
        assert scale.level_of(form) == "binding"
    assert {scale.level_of(v) for v in ("welcome", "welcomes", "welcomed", "welcoming", "WELCOME")} == {"endorsement"}
    assert scale.level_of("looks forward") == scale.level_of("looked forward") == "acknowledgement"
    assert scale.level_of("undertook") == "binding"


def test_every_operative_opener_of_the_clause_list_has_a_level(repo_paths, scale):
    words = segment.load_clause_words(repo_paths.config / "clauses.yaml")
    unrated = sorted(w for w in words.operative if scale.level_of(w) == "none")
    assert unrated == []
    assert [scale.level_of(w) for w in ("COMMIT", "ENHANCE", "WELCOME", "NOTE", "ENCOURAGE", "TASK")] == [
        "binding", "action", "endorsement", "acknowledgement", "endorsement", "binding"]


def test_the_scale_file_is_checked():
    good = """
levels:
  strong: {rank: 2, label: Strong, reasoning: r, verbs: [commit]}
  weak: {rank: 1, label: Weak, reasoning: r, verbs: [note]}
modals: {will: {effect: keep}}
"""
    s = cm.parse_scale(good, "x.yaml")
    assert [s.level_of(v) for v in ("committed", "notes", "support")] == ["strong", "weak", "none"]
    with pytest.raises(PipelineError, match="'commit' is already listed under strong"):
        cm.parse_scale(good.replace("verbs: [note]", "verbs: [note, commit]"), "x.yaml")
    with pytest.raises(PipelineError, match="ranks .* are not strictly decreasing"):
        cm.parse_scale(good.replace("rank: 1", "rank: 3"), "x.yaml")
    with pytest.raises(PipelineError, match="unknown key 'verb'"):
        cm.parse_scale(good.replace("verbs: [note]", "verb: [note]"), "x.yaml")
    with pytest.raises(PipelineError, match="needs an effect"):
        cm.parse_scale(good.replace("effect: keep", "effect: raise"), "x.yaml")
    with pytest.raises(PipelineError, match="not a lower-case verb"):
        cm.parse_scale(good.replace("[note]", "[Note]"), "x.yaml")


# ---------------------------------------------------------------- modals and negation, hand-written


@pytest.mark.parametrize("sentence, verb, level, polarity", [
    ("Japan will support the ASEAN Secretariat.", "support", "action", "positive"),
    ("Japan supports the ASEAN Secretariat.", "support", "action", "positive"),
    ("Japan shall support the ASEAN Secretariat.", "support", "binding", "positive"),     # shall sets binding
    ("Japan must support the ASEAN Secretariat.", "support", "binding", "positive"),
    ("Japan should support the ASEAN Secretariat.", "support", "endorsement", "positive"),  # one step down
    ("Japan would support the ASEAN Secretariat.", "support", "endorsement", "positive"),
    ("Japan may support the ASEAN Secretariat.", "support", "acknowledgement", "positive"),  # capped
    ("Japan can support the ASEAN Secretariat.", "support", "acknowledgement", "positive"),
    ("Japan should note the report.", "note", "acknowledgement", "positive"),  # never lowered below it
    ("Japan will commit to the plan.", "commit", "binding", "positive"),
    ("Japan may commit to the plan.", "commit", "acknowledgement", "positive"),
    ("Japan will not support the proposal.", "support", "action", "negative"),    # a pledge not to
    ("Japan does not recognise the ruling.", "recognise", "acknowledgement", "negative"),
    ("Japan shall not use force.", "use", "binding", "negative"),                 # unlisted verb after shall
    ("Japan will never recognise the ruling.", "recognise", "acknowledgement", "negative"),
    ("Japan won't support the proposal.", "support", "action", "negative"),
    ("Japan will no longer fund the programme.", "fund", "none", "negative"),     # withdrawn
    ("Japan will not continue to fund the programme.", "continue", "none", "negative"),
    ("Japan will cease to fund the programme.", "fund", "none", "negative"),
    ("Japan aims to strengthen the partnership.", "strengthen", "endorsement", "positive"),  # softener
    ("Japan shall endeavour to strengthen the partnership.", "strengthen", "action", "positive"),
    ("Japan will continue to support UN Women.", "continue", "action", "positive"),
    ("Japan is committed to promoting the WPS agenda.", "commit", "binding", "positive"),
    ("Japan condemned the attack.", "condemn", "endorsement", "negative"),        # a verb against its object
    ("Japan looks forward to the next meeting.", "look forward", "acknowledgement", "positive"),
])
def test_modals_and_negation(scale, gazetteer, sentence, verb, level, polarity):
    assert one(sentence, scale, gazetteer) == (verb, level, polarity, ("japan",))


def test_the_reason_says_how_the_level_was_reached(scale, gazetteer):
    (p,) = predicates("Japan shall endeavour to strengthen the partnership.", scale, gazetteer)
    assert p.reason == ("strengthen: action; modal 'shall' sets it to binding; 'endeavour to' lowers it to action")
    assert (p.modal, p.softener, p.negation, p.verb_text) == ("shall", "endeavour", "", "shall endeavour to strengthen")
    (p,) = predicates("Japan will no longer fund the programme.", scale, gazetteer)
    assert p.negation == "no longer" and p.reason.endswith("'no longer' withdraws it: none")


@pytest.mark.parametrize("sentence", [
    "Mutual aid supports this objective.",                 # the subject is not an actor
    "The ASEAN RPA on WPS was adopted in 2022.",            # a passive, and an instrument
    "The first Summit hosted by Indonesia set the agenda.",  # a passive participle ("hosted by")
    "By supporting Japan, the region gains.",              # a participle, no subject before it
    "Japan's support for ASEAN is welcome.",               # "welcome" as an adjective; "support" a noun
    "ASEAN will need to operationalise its plan.",          # no listed verb
    "Calls from the United Nations underscore the need.",  # "calls" is a noun
])
def test_no_commitment(scale, gazetteer, sentence):
    assert predicates(sentence, scale, gazetteer, ["admm_plus"]) == []


# ---------------------------------------------------------------- who commits, hand-written


def test_an_actor_subject_commits(scale, gazetteer):
    assert one("Japan will support the ASEAN Regional Plan of Action on WPS.", scale, gazetteer) == (
        "support", "action", "positive", ("japan",))
    assert one("Japan and Australia will enhance cooperation with ASEAN.", scale, gazetteer)[3] == ("australia", "japan")
    assert one("The Government of Japan will support the plan.", scale, gazetteer)[3] == ("japan",)
    assert one("Japan, Australia and the Republic of Korea reaffirmed their support.", scale, gazetteer)[3] == (
        "australia", "japan", "republic_of_korea")
    # the second verb group of the same subject
    ps = predicates("Japan commits to support the ASEAN Secretariat and will fund UN Women.", scale, gazetteer)
    assert [(p.verb, p.level, p.actors) for p in ps] == [("commit", "binding", ("japan",)), ("fund", "action", ("japan",))]


def test_a_generic_subject_is_the_issuer_or_the_mention_before_it(scale, gazetteer):
    p = predicates("The Ministers welcomed the Philippines' offer to host the next meeting.", scale, gazetteer,
                   ["admm_plus"])
    assert [(x.verb, x.level, x.actors, x.actor_source) for x in p] == [
        ("welcome", "endorsement", ("admm_plus",), "generic")]
    assert one("We look forward to the next meeting.", scale, gazetteer, ["admm_plus"])[3] == ("admm_plus",)
    assert one("ASEAN leaders adopted the ASEAN Regional Plan of Action on WPS.", scale, gazetteer, ["x"])[3] == ("asean",)
    assert one("The ASEAN Defence Ministers reaffirmed the ASEAN Charter.", scale, gazetteer, ["x"])[3] == ("asean",)
    # without issuers, "we" is nobody the gazetteer knows
    assert one("We will support the plan.", scale, gazetteer)[3] == ()


STATEMENT = """Joint Statement of the Defence Ministers on Women, Peace and Security

WE, the Defence Ministers of Australia, Japan and the Republic of Korea, meeting in Manila, the Philippines, on 1 March 2026, HEREBY:

RECOGNISING the importance of UNSCR 1325;

COMMIT to implement UNSCR 1325 and to protect women from violence;

ENCOURAGE ASEAN Member States to adopt National Action Plans on WPS.

The Ministers welcomed the support of UN Women.
"""

RELEASE = """Press release

The Twelfth ADMM-Plus was convened in Kuala Lumpur, Malaysia, on 1 November 2025.

The Ministers welcomed the Philippines' offer to host the next meeting.
"""


@pytest.fixture(scope="module")
def statement(repo_paths, gazetteer):
    words = segment.load_clause_words(repo_paths.config / "clauses.yaml")
    tok = segment.sentence_tokenizer(segment.read_abbreviations(repo_paths.config / "abbreviations.txt"))
    texts = {"stmt": STATEMENT, "release": RELEASE}
    segs = pd.DataFrame([dict(doc_id=d, **s) for d, t in texts.items() for s in segment.segment(t, words, tok)])
    # as the actors stage finds them: gazetteer names and the names the recogniser discovers
    found = actors.compute(texts, segs, gazetteer, None, load_rules(repo_paths.config / "recogniser.yaml"))
    return segs, found.mentions, found.gazetteer


def test_a_chapeau_listing_the_signatories(statement, scale, dictionaries):
    segs, mentions, gazetteer = statement
    iss = cm.issuers(segs, mentions, scale, gazetteer)
    stmt = iss[iss["doc_id"] == "stmt"]
    # Manila, the Philippines comes after "in": the venue, not a signatory
    assert stmt["actor_id"].tolist() == ["australia", "japan", "republic_of_korea"]
    assert set(stmt["cue"]) == {"we"}
    rel = iss[iss["doc_id"] == "release"]
    # the meeting that convened, the 12th ADMM-Plus, speaks for its series; Malaysia comes after "convened"
    assert rel[["actor_id", "cue"]].values.tolist() == [["admm_plus", "meeting"]]
    c = cm.commitments(segs, mentions, scale, gazetteer).set_index(["doc_id", "seg_id"])
    rows = c[["verb", "level", "actors", "actor_source"]].values.tolist()
    assert rows == [
        ["welcome", "endorsement", "admm_plus", "generic"],                           # the press release
        ["commit", "binding", "australia;japan;republic_of_korea", "issuer"],
        ["encourage", "endorsement", "australia;japan;republic_of_korea", "issuer"],
        ["welcome", "endorsement", "australia;japan;republic_of_korea", "generic"],   # "The Ministers" = issuers
    ]
    L = cm.links(segs, mentions, scale, gazetteer, dictionaries)
    japan = L[(L["actor_id"] == "japan")]
    assert sorted(set(zip(japan["concept_id"], japan["level"]))) == [
        ("actor:asean_member_states", "endorsement"),
        ("actor:un_women", "endorsement"),
        ("category:unscr1325_pillars.protection", "binding"),       # "protect women from violence"
        ("instrument:national_action_plans_on_wps", "endorsement"),  # discovered: a title by its head word
        ("instrument:unscr_1325", "binding"),
    ]


# ---------------------------------------------------------------- the real statement's network, checked by reading


# The statement's concepts, read clause by clause (gazetteer mentions and dictionary matches), with the clause's level.
ADMM_READING = {
    14: ("endorsement", {"actor:admm_plus", "instrument:apsc_blueprint", "instrument:asean_community_vision_2025"}),
    15: ("action", {"actor:admm_plus"}),
    16: ("action", {"actor:admm_plus", "actor:admm_plus_ewgs", "actor:asean", "instrument:un_charter",
                    "instrument:asean_charter", "category:security_framings.traditional_security"}),   # "defence"
    17: ("action", {"actor:admm_plus_countries", "instrument:adi"}),
    18: ("action", {"actor:admm_plus", "actor:admm_plus_ewgs", "category:unscr1325_pillars.participation"}),  # inclusivity
    19: ("action", {"actor:admm_plus", "actor:asean_member_states"}),
    20: ("action", {"actor:admm_plus", "category:security_framings.traditional_security"}),  # "defence cooperation"
    21: ("endorsement", {"instrument:unclos", "category:security_framings.traditional_security",  # sovereignty ...
                         "category:unscr1325_pillars.prevention",      # "peaceful resolution of disputes"
                         "category:unscr1325_pillars.protection"}),    # "safety"
    # 22 CONTINUE exchanges ... names no actor, instrument or category: no edge
    23: ("binding", {"actor:asean", "instrument:apsc_strategic_plan", "instrument:asean_community_vision_2045",
                     "category:security_framings.human_security"}),    # "people-centred", "resilient"
    24: ("endorsement", {"actor:admm_plus", "actor:philippines"}),
}


def test_admm_plus_links_match_a_reading_of_the_statement(admm_links):
    assert (admm_links["actor_id"] == "admm_plus").all()
    got = {}
    for seg, g in admm_links.groupby("seg_id"):
        assert g["level"].nunique() == 1
        got[seg] = (g["level"].iloc[0], set(g["concept_id"]))
    assert got == ADMM_READING


def test_admm_plus_edges(admm_links, scale):
    e = cm.edges(admm_links, scale).set_index("concept_id")
    assert len(e) == 19
    self_ = e.loc["actor:admm_plus"]
    # ADMM-Plus named in clauses 14, 15, 16, 18, 19, 20 and 24: five actions and two endorsements
    assert (self_.n_clauses, self_.n_action, self_.n_endorsement, self_.level) == (7, 5, 2, "action")
    assert self_.mean_rank == pytest.approx((5 * 3 + 2 * 2) / 7)
    trad = e.loc["category:security_framings.traditional_security"]
    assert (trad.n_clauses, trad.level, trad.n_documents, trad.documents) == (3, "action", 1, ADMM)
    assert e.loc["actor:asean", "level"] == "binding" and e.loc["actor:asean", "n_clauses"] == 2
    assert (e["agreement"] == "positive").all()


def test_two_mode_network_and_projections(real, scale, gazetteer, dictionaries, admm_links):
    B = cm.actor_concept_graph(admm_links, gazetteer, dictionaries, scale)
    assert B.number_of_nodes() == 20 and B.number_of_edges() == 19
    assert B.nodes["admm_plus"] == dict(label="ADMM-Plus", mode="actor", type="regional_organisation", bipartite=0,
                                        n_clauses=10, n_documents=1)
    assert B.nodes["instrument:unclos"]["mode"] == "concept" and B.nodes["instrument:unclos"]["type"] == "instrument"
    assert B.nodes["category:unscr1325_pillars.prevention"]["label"].startswith("prevention (The four pillars")
    edge = B.edges["admm_plus", "actor:asean"]
    assert (edge["level"], edge["level_rank"], edge["n_clauses"], edge["weight"]) == ("binding", 4, 2, 2.0)
    # the whole corpus: ASEAN adopts the RPA on the event page ("ASEAN leaders adopted the first ASEAN RPA on WPS")
    built, mentions = real
    L = cm.links(built.segments, mentions, scale, gazetteer, dictionaries)
    assert sorted(set(L["actor_id"])) == ["admm_plus", "asean"]
    ev = L[L["doc_id"] == EVENT]
    assert sorted(set(ev["concept_id"])) == ["actor:asean_summit", "instrument:asean_rpa_wps",
                                             "instrument:joint_statement_wps_2017"]
    assert set(ev["level"]) == {"binding"}
    G = cm.actor_concept_graph(L, gazetteer, dictionaries, scale)
    A = cm.actor_projection(G)
    assert sorted(A.nodes) == ["admm_plus", "asean"] and A.number_of_edges() == 0  # no concept in common
    C = cm.concept_projection(G)
    # concepts share an actor when the same actor commits to both: the 19 ADMM-Plus concepts form a clique
    admm_concepts = sorted(B["admm_plus"])
    assert all(C.has_edge(a, b) for i, a in enumerate(admm_concepts) for b in admm_concepts[i + 1:])
    assert C.edges["instrument:asean_rpa_wps", "actor:asean_summit"] == dict(weight=1.0, n_actors=1, actors="asean")
    assert not C.has_edge("instrument:asean_rpa_wps", "instrument:unclos")


GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def graphml_keys(text: str) -> dict[tuple[str, str], str]:
    """``{(for, attr.name): attr.type}`` of a GraphML text's keys."""
    return {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in ET.fromstring(text).iter(GRAPHML + "key")}


def test_exports_open_with_typed_attributes_and_no_missing_values(real, scale, gazetteer, dictionaries):
    built, mentions = real
    G = cm.actor_concept_graph(cm.links(built.segments, mentions, scale, gazetteer, dictionaries),
                               gazetteer, dictionaries, scale)
    for H in (G, cm.actor_projection(G), cm.concept_projection(G)):
        text = cm.graphml_text(H)
        assert text == cm.graphml_text(H)  # deterministic
        keys = graphml_keys(text)
        assert set(keys.values()) <= {"string", "int", "long", "double", "boolean"}
        root = ET.fromstring(text)
        ids = {k.get("id"): k.get("for") for k in root.iter(GRAPHML + "key")}
        for kind in ("node", "edge"):
            wanted = {i for i, f in ids.items() if f == kind}
            for el in root.iter(GRAPHML + kind):  # every node (edge) has every node (edge) attribute
                assert {d.get("key") for d in el.iter(GRAPHML + "data")} == wanted
        back = nx.read_graphml(io.StringIO(text))
        assert sorted(back.nodes) == sorted(H.nodes) and all(back.nodes[n] == H.nodes[n] for n in H.nodes)
        assert all(back.edges[a, b] == H.edges[a, b] for a, b in H.edges)
        gexf = cm.gexf_text(H)
        assert "lastmodifieddate" not in gexf
        assert nx.read_gexf(io.StringIO(gexf)).number_of_edges() == H.number_of_edges()
    keys = graphml_keys(cm.graphml_text(G))
    assert keys[("edge", "level")] == "string" and keys[("edge", "weight")] == "double"
    assert keys[("edge", "n_clauses")] in ("int", "long") and keys[("node", "bipartite")] in ("int", "long")
    assert keys[("edge", "mean_rank")] == "double"


def test_none_values_are_refused_on_export():
    G = nx.Graph()
    G.add_node("a", label=None)
    with pytest.raises(PipelineError, match="no value for 'label'"):
        cm.graphml_text(G)


# ---------------------------------------------------------------- aggregation


def test_level_shares_per_document_and_per_genre(rated, real, scale):
    built, _ = real
    per_doc = cm.level_shares(rated, "doc_id", scale=scale).set_index("doc_id")
    admm = per_doc.loc[ADMM]
    assert (admm.n_commitments, admm.n_binding, admm.n_action, admm.n_endorsement, admm.n_acknowledgement) == (
        11, 1, 7, 3, 0)
    assert admm.share_action == pytest.approx(7 / 11) and admm.mean_rank == pytest.approx((4 + 7 * 3 + 3 * 2) / 11)
    by_genre = cm.level_shares(rated, "genre", documents=built.documents, scale=scale).set_index("genre")
    assert by_genre.loc["joint_statement", "n_commitments"] == 11
    assert by_genre.loc["event_page", "n_binding"] == 1  # ASEAN leaders adopted the RPA
    by_year = cm.level_shares(rated, ["year", "genre"], documents=built.documents, scale=scale)
    assert set(by_year["year"]) == {"2025"}
    share_cols = [c for c in per_doc.columns if c.startswith("share_")]
    assert (per_doc[share_cols].sum(axis=1).round(12) == 1.0).all()
    with pytest.raises(PipelineError, match="neither a column"):
        cm.level_shares(rated, "colour", documents=built.documents)


def test_same_inputs_same_tables(real, scale, gazetteer, dictionaries, rated):
    built, mentions = real
    again = cm.commitments(built.segments.sample(frac=1.0, random_state=2), mentions.iloc[::-1], scale, gazetteer)
    pd.testing.assert_frame_equal(again.reset_index(drop=True), rated.reset_index(drop=True))
