"""Agreement with hand coding (pipeline/evaluate.py): a tiny gold file scored by hand, the matching rules of the
gold's README one by one, malformed gold files, the command line, and the seeds' gold on the corpus."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline import evaluate as E
from pipeline.errors import PipelineError

REPO = Path(__file__).resolve().parent.parent

TEXT = ("The Association of Southeast Asian Nations (ASEAN) and the ASEAN Secretariat met in Kuala Lumpur. "
        "ASEAN’s ADMM-Plus and the ADMM agreed. UN\u00a0Women and the ASEAN Committee on Women spoke. "
        "They signed the ASEAN Charter at the 37th ASEAN Summit with Kao Kim Hourn.")

GOLD = {
    "docs": {"d1": [
        {"surface": "Association of Southeast Asian Nations", "canonical": "ASEAN", "type": "igo", "count": 1},
        {"surface": "ASEAN", "canonical": "ASEAN", "type": "igo", "count": 2},
        {"surface": "ASEAN Secretariat", "canonical": "ASEAN Secretariat", "type": "igo_body", "count": 1},
        {"surface": "ADMM-Plus", "canonical": "ADMM-Plus", "type": "igo", "count": 1},
        {"surface": "ADMM", "canonical": "ADMM", "type": "igo", "count": 1},
        {"surface": "UN Women", "canonical": "UN Women", "type": "un_body", "count": 1},
        {"surface": "ASEAN Committee on Women", "canonical": "ACW", "type": "igo_body", "count": 1},
        {"surface": "ASEAN Charter", "canonical": "ASEAN Charter", "type": "instrument", "count": 1},
        {"surface": "37th ASEAN Summit", "canonical": "37th ASEAN Summit", "type": "event", "count": 1},
        {"surface": "Kao Kim Hourn", "canonical": "Kao Kim Hourn", "type": "person", "count": 1},
    ]},
    "places": {"d1": [{"surface": "Kuala Lumpur", "count": 1}]},
}

TYPES = {"asean": "regional_organisation", "asec": "organisation_body", "admm_plus": "regional_organisation",
         "admm": "regional_organisation", "un_women": "un_body", "kl": "state", "asean_summit": "organisation_body",
         "asean_charter": "instrument"}


def span(surface: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return start, start + len(surface)


def predicted() -> pd.DataFrame:
    """What a gazetteer-only pass would find in TEXT: some right, one nested (wrong), one venue."""
    rows = [
        ("Association of Southeast Asian Nations (ASEAN)", 0, "asean"),  # counts for both gold mentions
        ("the ASEAN Secretariat", 0, "asec"),  # a leading "the " is trimmed
        ("Kuala Lumpur", 0, "kl"),  # a venue: neither right nor wrong
        ("ASEAN’s", 0, "asean"),  # a possessive is trimmed
        ("ADMM-Plus", 0, "admm_plus"),
        ("ADMM", 1, "admm"),  # the ADMM standing alone (the first "ADMM" is inside ADMM-Plus)
        ("UN\u00a0Women", 0, "un_women"),  # a non-breaking space is a space
        ("ASEAN Committee", 0, "asean"),  # wrong: inside the gold "ASEAN Committee on Women"
        ("ASEAN Charter", 0, "asean_charter"),
        ("ASEAN Summit", 0, "asean_summit"),  # wrong: the gold is "37th ASEAN Summit"
    ]
    out = []
    for surface, nth, actor in rows:
        s, e = span(surface, nth)
        if surface == "ASEAN Committee":
            e = s + 5
        out.append({"doc_id": "d1", "seg_id": 1, "actor_id": actor, "surface": TEXT[s:e], "start": s, "end": e})
    return pd.DataFrame(out)


def test_tiny_gold_scored_by_hand():
    result = E.score(E.parse_gold(GOLD, "tiny.yaml"), predicted(), {"d1": TEXT}, TYPES)
    rows = {r["class"]: r for r in result.table.to_dict("records")}
    # gold: core 8 (long name, ASEAN x2, Secretariat, ADMM-Plus, ADMM, UN Women, ACW), 1 instrument, 1 event, 1 person
    # found: core 7 (all but ACW), the Charter; spans: core 8 of which 6 right (the nested ASEAN and the bare
    # ASEAN Summit are wrong), 1 instrument, right; the venue is left out
    expected = {
        "core actors": (8, 7, 7 / 8, 8, 6, 6 / 8),
        "instrument": (1, 1, 1.0, 1, 1, 1.0),
        "event": (1, 0, 0.0, 0, 0, math.nan),
        "person": (1, 0, 0.0, 0, 0, math.nan),
        "all": (11, 8, 8 / 11, 9, 7, 7 / 9),
    }
    for cls, (gold, found, recall, spans, right, precision) in expected.items():
        r = rows[cls]
        assert (r["gold_mentions"], r["found"], r["predicted"], r["correct"]) == (gold, found, spans, right), cls
        assert r["recall"] == pytest.approx(recall, abs=1e-4), cls
        if math.isnan(precision):
            assert math.isnan(r["precision"]), cls
        else:
            assert r["precision"] == pytest.approx(precision, abs=1e-4), cls
    assert rows["all"]["venue_spans"] == 1
    assert result.missed[["surface", "class"]].values.tolist() == [
        ["ASEAN Committee on Women", "core actors"], ["37th ASEAN Summit", "event"], ["Kao Kim Hourn", "person"]]
    assert result.wrong[["surface", "actor_id"]].values.tolist() == [["ASEAN", "asean"], ["ASEAN Summit", "asean_summit"]]
    # 40 characters each side, white space made plain
    assert result.wrong.context.tolist() == [
        "s and the ADMM agreed. UN Women and the [ASEAN] Committee on Women spoke. They signed t",
        "ey signed the ASEAN Charter at the 37th [ASEAN Summit] with Kao Kim Hourn."]
    assert result.absent.empty
    # one actor id per gold entity
    assert result.identity.set_index("canonical").loc["ASEAN", ["found", "actor_ids", "one_id"]].tolist() == [
        3, "asean", True]


def test_the_future_mentions_table_with_a_type_column_scores_the_same_way():
    m = predicted()
    m["type"] = m["actor_id"].map(TYPES)
    m.loc[m.surface == "ASEAN Summit", "type"] = "event"  # the recogniser's type wins over the gazetteer's
    result = E.score(E.parse_gold(GOLD, "tiny.yaml"), m, {"d1": TEXT}, types=None)
    rows = result.table.set_index("class")
    assert rows.loc["event", "predicted"] == 1 and rows.loc["event", "correct"] == 0
    assert rows.loc["core actors", "predicted"] == 7 and rows.loc["all", "correct"] == 7


def test_long_name_acronym_span_counts_for_both_and_class_disagreements_are_listed():
    text = "the Treaty of Amity and Cooperation in Southeast Asia (TAC) and TAC"
    gold = E.parse_gold({"docs": {"d": [
        {"surface": "Treaty of Amity and Cooperation in Southeast Asia", "canonical": "TAC", "type": "instrument",
         "count": 1},
        {"surface": "TAC", "canonical": "TAC", "type": "instrument", "count": 2}]}})
    s0 = text.index("Treaty")
    m = pd.DataFrame({"doc_id": "d", "start": [s0, text.rindex("TAC")], "end": [text.index(")") + 1, len(text)],
                      "actor_id": "tac", "type": ["instrument", "state"]})
    result = E.score(gold, m, {"d": text})
    assert result.row("all") == {"class": "all", "gold_mentions": 3, "found": 3, "recall": 1.0, "predicted": 2,
                                 "correct": 2, "precision": 1.0, "venue_spans": 0}
    assert result.class_disagreements[["surface", "predicted_class", "gold_class"]].values.tolist() == [
        ["TAC", "core actors", "instrument"]]


def test_word_bounds_hyphens_and_longer_surfaces_claiming_first():
    occ = E.locate("ASEAN-led ADMM-Plus, ADMM and XASEAN; ASEAN Member States", ["ASEAN", "ADMM", "ADMM-Plus",
                                                                                 "ASEAN Member States"])
    assert occ == {"ASEAN Member States": [(38, 57)], "ADMM-Plus": [(10, 19)], "ASEAN": [(0, 5)], "ADMM": [(21, 25)]}


def test_gold_mentions_the_cleaned_text_no_longer_holds_are_absent_not_missed():
    gold = E.parse_gold({"docs": {"d": [
        {"surface": "RSIS", "canonical": "RSIS", "type": "research_institute", "count": 3},
        {"surface": "Tamara Nair", "canonical": "Tamara Nair", "type": "person", "count": 1}]}})
    text = "RSIS and RSIS"
    m = pd.DataFrame({"doc_id": "d", "start": [0], "end": [4], "actor_id": "rsis", "type": "research_institute"})
    result = E.score(gold, m, {"d": text})
    assert result.row("all")["gold_mentions"] == 2 and result.row("all")["found"] == 1
    assert result.absent[["surface", "gold_count", "in_text"]].values.tolist() == [["RSIS", 3, 2], ["Tamara Nair", 1, 0]]
    assert result.missed[["start", "surface"]].values.tolist() == [[9, "RSIS"]]


def test_a_gold_document_without_text_is_refused():
    gold = E.parse_gold({"docs": {"gone": [{"surface": "ASEAN", "canonical": "ASEAN", "type": "igo", "count": 1}]}},
                        "g.yaml")
    with pytest.raises(PipelineError, match=r"^g\.yaml: the gold codes documents that have no cleaned text: gone\. "):
        E.score(gold, pd.DataFrame({"doc_id": [], "start": [], "end": []}), {})


# ---------------------------------------------------------------- malformed gold files


def test_every_problem_of_a_malformed_gold_is_in_one_message(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({
        "docs": {"d1": [
            {"surface": "ASEAN", "canonical": "ASEAN", "type": "club", "count": 2},
            {"surface": "UN", "type": "igo", "count": 0},
            "just a string",
        ]},
        "places": {"d1": [{"count": 1}]},
        "notes": "x",
    }, sort_keys=False), encoding="utf-8")
    with pytest.raises(PipelineError) as e:
        E.load_gold(path)
    msg = str(e.value)
    assert msg.startswith(f"{path}: 6 problems. (1) top level: unknown section 'notes'. Fix: use only `docs:` and "
                          "`places:`. (2) docs > d1 > entry #1 ('ASEAN'): unknown type 'club'. Fix: use one of ")
    for part in ("(3) docs > d1 > entry #2 ('UN'): `canonical` is missing or empty. Fix: add `canonical:` to this entry.",
                 "(4) docs > d1 > entry #2 ('UN'): `count` must be a whole number of at least 1, got 0. Fix: write the "
                 "number of occurrences that mention it, e.g. `count: 2`.",
                 "(5) docs > d1 > entry #3: is not a mapping. Fix: give it `surface`, `canonical`, `type` and `count`.",
                 "(6) places > d1 > item #1: `surface` is missing or empty. Fix: add `surface:` to this place."):
        assert part in msg
    assert "\n" not in msg


def test_one_problem_one_sentence_and_the_other_ways_to_be_wrong(tmp_path):
    with pytest.raises(PipelineError) as e:
        E.parse_gold({"docs": {"d": [{"surface": "ASEAN", "canonical": "ASEAN", "type": "igo", "count": True}]}}, "g")
    assert str(e.value) == ("g: docs > d > entry #1 ('ASEAN'): `count` must be a whole number of at least 1, got True. "
                            "Fix: write the number of occurrences that mention it, e.g. `count: 2`.")
    with pytest.raises(PipelineError, match=r"^g: must be a mapping with a `docs:` section"):
        E.parse_gold(["docs"], "g")
    bad = tmp_path / "syntax.yaml"
    bad.write_text("docs:\n  d: [\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"syntax\.yaml: is not valid YAML at line 3"):
        E.load_gold(bad)
    with pytest.raises(PipelineError, match=r"missing\.yaml: gold file not found\. Fix:"):
        E.load_gold(tmp_path / "missing.yaml")


# ---------------------------------------------------------------- the command line

GAZETTEER = """
entries:
  - {id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN, Association of Southeast Asian Nations]}
  - {id: asec, name: ASEAN Secretariat, type: organisation_body, aliases: [ASEAN Secretariat]}
  - {id: admm_plus, name: ADMM-Plus, type: regional_organisation, aliases: [ADMM-Plus]}
  - {id: admm, name: ADMM, type: regional_organisation, aliases: [ADMM]}
  - {id: un_women, name: UN Women, type: un_body, aliases: [UN Women]}
  - {id: kl, name: Kuala Lumpur, type: state, iso3: MYS, aliases: [Kuala Lumpur]}
  - {id: asean_summit, name: ASEAN Summit, type: organisation_body, aliases: [ASEAN Summit]}
  - {id: asean_charter, name: ASEAN Charter, type: instrument, aliases: [ASEAN Charter]}
"""


@pytest.fixture
def processed(tmp_path):
    folder = tmp_path / "processed"
    (folder / "clean").mkdir(parents=True)
    (folder / "clean" / "d1.txt").write_text(TEXT, encoding="utf-8")
    predicted().to_csv(folder / "actor_mentions.csv", index=False)
    (tmp_path / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    (tmp_path / "gold.yaml").write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_main_prints_the_table_and_the_spans(processed, capsys):
    code = E.main([str(processed / "gold.yaml"), "--processed", str(processed / "processed"),
                   "--gazetteer", str(processed / "gazetteer.yaml")])
    out = capsys.readouterr().out
    assert code == 0
    assert "all              11      8   0.727      9      7     0.778" in out
    assert "core actors       8      7   0.875      8      6     0.750" in out
    assert "missed (gold mentions no span found): 3" in out and "wrong (spans that are not gold mentions): 2" in out
    assert f"d1 {span('ASEAN Committee')[0]}-{span('ASEAN Committee')[0] + 5} [core actors] 'ASEAN' -> asean:" in out


def test_main_exits_1_with_one_message_on_a_malformed_gold(processed, capsys):
    (processed / "gold.yaml").write_text("docs:\n  d1:\n    - {surface: ASEAN, canonical: ASEAN, type: igo}\n",
                                         encoding="utf-8")
    code = E.main([str(processed / "gold.yaml"), "--processed", str(processed / "processed"),
                   "--gazetteer", str(processed / "gazetteer.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (f"error: {processed / 'gold.yaml'}: docs > d1 > entry #1 ('ASEAN'): `count` must be a whole number "
                   "of at least 1, got None. Fix: write the number of occurrences that mention it, e.g. `count: 2`.\n")


def test_main_exits_1_when_the_mentions_are_not_built(processed, capsys):
    (processed / "processed" / "actor_mentions.csv").unlink()
    assert E.main([str(processed / "gold.yaml"), "--processed", str(processed / "processed")]) == 1
    assert "actor_mentions.csv not found. Fix: build the mentions first" in capsys.readouterr().err


def test_python_dash_m_runs_the_module(processed):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.evaluate", str(processed / "gold.yaml"), "--processed",
         str(processed / "processed"), "--gazetteer", str(processed / "gazetteer.yaml"), "--max-rows", "1"],
        cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "  ... and 2 more" in proc.stdout


# ---------------------------------------------------------------- the seeds' gold


def test_the_seeds_gold_shipped_in_the_repository_is_valid():
    gold = E.load_gold(REPO / "data" / "gold" / "seeds.yaml")
    assert gold.doc_ids == ["admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"]
    assert (len(gold.entries), sum(e.count for e in gold.entries), len(gold.places)) == (100, 178, 8)
    assert {e.cls for e in gold.entries} == {"core actors", "instrument", "event", "person"}
