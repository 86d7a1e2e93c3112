"""The gazetteer: the real file's coverage, and one clear error per kind of mistake."""

from __future__ import annotations

import pytest

from pipeline.errors import PipelineError
from pipeline.gazetteer import TYPES, alias_key, fold, is_case_sensitive, load_gazetteer, parse_gazetteer


@pytest.fixture(scope="module")
def gaz(repo_paths):
    return load_gazetteer(repo_paths.config / "gazetteer.yaml")


def members(gaz, group):
    return sorted(e.id for e in gaz.entries.values() if group in e.groups)


def test_asean_member_states_all_eleven(gaz):
    assert members(gaz, "asean_member_state") == [
        "brunei", "cambodia", "indonesia", "lao_pdr", "malaysia", "myanmar", "philippines", "singapore",
        "thailand", "timor_leste", "viet_nam",
    ]
    iso = {e.id: e.iso3 for e in gaz.entries.values() if e.type == "state"}
    assert iso["timor_leste"] == "TLS" and iso["viet_nam"] == "VNM" and iso["lao_pdr"] == "LAO"


def test_dialogue_partners_plus_countries_and_arf(gaz):
    assert members(gaz, "asean_dialogue_partner") == [
        "australia", "canada", "china", "european_union", "india", "japan", "new_zealand", "republic_of_korea",
        "russia", "united_kingdom", "united_states",
    ]
    assert members(gaz, "admm_plus_country") == [
        "australia", "china", "india", "japan", "new_zealand", "republic_of_korea", "russia", "united_states",
    ]
    arf = members(gaz, "arf_participant")
    assert len(arf) == 27  # 10 pre-2025 ASEAN members + Timor-Leste + 16 others (the EU among them)
    for x in ("bangladesh", "dprk", "mongolia", "pakistan", "papua_new_guinea", "sri_lanka", "timor_leste", "european_union"):
        assert x in arf
    assert "united_kingdom" not in arf


def test_wps_resolutions_and_instruments_present(gaz):
    for n in (1325, 1820, 1888, 1889, 1960, 2106, 2122, 2242, 2467, 2493):
        assert gaz.entries[f"unscr_{n}"].type == "instrument"
    for i in ("asean_charter", "un_charter", "tac", "seanwfz", "unclos", "aoip", "asean_rpa_wps", "cedaw",
              "beijing_platform", "asean_community_vision_2025", "asean_community_vision_2045", "apsc_blueprint",
              "apsc_strategic_plan", "joint_statement_wps_2017"):
        assert gaz.entries[i].type == "instrument", i


def test_types_and_size(gaz):
    # every type is used at least once, but events: the recogniser finds meetings by their ordinals and head words
    assert {e.type for e in gaz.entries.values()} == set(TYPES) - {"event"}
    assert gaz.n_aliases >= 500
    assert gaz.entries["un_women"].type == "un_body"
    assert gaz.entries["acwc"].type == "organisation_body"
    assert gaz.entries["rsis"].type == "research_institute"


def test_variants_resolve_to_one_entry(gaz):
    keys = {alias_key(a): e.id for e in gaz.entries.values() for a in e.aliases}
    assert keys[alias_key("Vietnam")] == keys[alias_key("Viet Nam")] == "viet_nam"
    assert keys[alias_key("Laos")] == keys[alias_key("Lao PDR")] == "lao_pdr"
    assert keys[alias_key("Burma")] == "myanmar"
    assert keys[alias_key("ASEAN Defence Ministers' Meeting Plus")] == keys[alias_key("ADMM Plus")] == "admm_plus"
    assert alias_key("ASEAN Defence Ministers’ Meeting Plus") == alias_key("ASEAN Defence Ministers' Meeting Plus")
    assert keys[alias_key("South Korea")] == "republic_of_korea"


def test_membership_edges(gaz):
    edges = set(gaz.membership_edges())
    assert ("malaysia", "asean", "member_of") in edges
    assert ("malaysia", "asean_member_states", "in_group") in edges
    assert ("japan", "admm_plus", "plus_country_of") in edges
    assert ("canada", "asean", "dialogue_partner_of") in edges
    assert ("asean_secretariat", "asean", "part_of") in edges


def test_fold_and_case_rule():
    assert fold("Timor–Leste  ") == "Timor-Leste"
    assert is_case_sensitive("US") and is_case_sensitive("U.S.") and not is_case_sensitive("ADMM-Plus")


# ---------------------------------------------------------------- errors

GOOD = """
groups:
  - {id: asean_member_state, name: ASEAN Member State, organisation: asean, relation: member_of}
entries:
  - {id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]}
  - {id: malaysia, name: Malaysia, type: state, iso3: MYS, groups: [asean_member_state], aliases: [Malaysia]}
"""


def test_good_minimal():
    g = parse_gazetteer(GOOD, "g.yaml")
    assert list(g.entries) == ["asean", "malaysia"]
    assert g.membership_edges() == [("malaysia", "asean", "member_of")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD + "  - {id: asean, name: Other, type: state, iso3: XXX, aliases: [Other]}\n",
         "g.yaml: entry 'asean' (#3): the id is used twice. Fix:"),
        (GOOD + "  - {id: malaysia2, name: M, type: state, iso3: MYS, aliases: [MALAYSIA]}\n",
         "entry 'malaysia2': alias 'MALAYSIA' is also claimed by entry 'malaysia' (as 'Malaysia'). Fix: keep the alias"),
        (GOOD + "  - {id: navy, name: Navy, type: navy, aliases: [Navy]}\n",
         "entry 'navy': unknown type 'navy'. Fix: use one of: state, state_group"),
        (GOOD + "  - {id: chad, type: state, iso3: TCD, aliases: [Chad]}\n",
         "entry 'chad': the field `name` is missing or empty. Fix: add `name:`"),
        (GOOD + "  - {id: chad, name: Chad, type: state, iso3: TCD}\n",
         "entry 'chad': the field `aliases` is missing. Fix:"),
        (GOOD + "  - {id: chad, name: Chad, type: state, aliases: [Chad]}\n",
         "entry 'chad': a state needs an `iso3` code"),
        (GOOD + "  - {id: un, name: UN, type: un_body, iso3: UNO, aliases: [UN]}\n",
         "entry 'un': has `iso3` but its type is 'un_body'"),
        (GOOD + "  - {id: chad, name: Chad, type: state, iso3: TCD, groups: [au], aliases: [Chad]}\n",
         "entry 'chad': unknown group 'au'"),
        (GOOD + "  - {id: acw, name: ACW, type: organisation_body, part_of: [aseann], aliases: [ACW]}\n",
         "entry 'acw': `part_of` names 'aseann', which is not an entry id"),
        (GOOD + "  - {id: acw, name: ACW, type: organisation_body, alias: [ACW]}\n",
         "entry 'acw': unknown field 'alias'"),
        (GOOD + "  - {id: Bad-Id, name: X, type: person, aliases: [X]}\n",
         "entry 'Bad-Id': id 'Bad-Id' is not lower_snake_case"),
        (GOOD + "  - {id: x, name: X, type: person, aliases: [X], exact_case: [Y]}\n",
         "entry 'x': `exact_case` lists 'Y', which is not one of its aliases"),
        ("entries:\n  - {id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]\n",
         "g.yaml: is not valid YAML at line"),
        ("groups: []\n", "g.yaml: must be a mapping with an `entries:` list"),
    ],
)
def test_each_error_names_entry_and_fix(text, expected):
    with pytest.raises(PipelineError) as err:
        parse_gazetteer(text, "g.yaml")
    msg = str(err.value)
    assert expected in msg
    assert "Fix" in msg
    assert "\n" not in msg.strip()  # one message, one line


def test_missing_file_message(tmp_path):
    with pytest.raises(PipelineError, match="gazetteer not found. Fix: restore it"):
        load_gazetteer(tmp_path / "nope.yaml")
