"""YAML dictionaries: validation messages and hand-counted matches."""

import pytest

from pipeline.dictionaries import count_category, load_dictionary, parse_entry, score
from pipeline.errors import PipelineError
from pipeline.tokens import words

GOOD = """\
title: Test
source: Written for the test.
categories:
  peace: [peace*, "peace and security"]
  aid: [aid, "relief and recovery", "recover?"]
"""


def write(tmp_path, text, name="test_dict.yaml"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def test_counts_by_hand(tmp_path):
    d = load_dictionary(write(tmp_path, GOOD))
    assert d.id == "test_dict" and list(d.categories) == ["peace", "aid"]
    ws = words("Peace and security, peacebuilding and mutual aid; relief and recovery. Recovers? Aid!")
    # 12 words: peace and security peacebuilding and mutual aid relief and recovery recovers aid
    rows = {r["category"]: r for r in score(d, {"doc": ws})}
    # peace: "peace and security" (the phrase, longest first, counts once) + peacebuilding = 2
    assert rows["peace"]["count"] == 2
    assert rows["peace"]["matched"] == "peace and security: 1; peacebuilding: 1"
    # aid: aid x2, "relief and recovery" x1, recover? matches "recovers" (7 letters + 1) = 4
    assert rows["aid"]["count"] == 4
    assert rows["aid"]["per_1k"] == pytest.approx(1000 * 4 / 12)
    assert rows["aid"]["matched"] == "aid: 2; recovers: 1; relief and recovery: 1"


def test_phrase_consumes_its_words_within_a_category():
    entries = [parse_entry("security"), parse_entry("human security")]
    # "human security" is matched first at "human"; its "security" is not counted again.
    assert dict(count_category("human security and security".split(), entries)) == {
        "human security": 1, "security": 1}


@pytest.mark.parametrize(
    "text, message",
    [
        ("title: T\nsource: S\ncategories: [a, b]\n", "'categories' must be a mapping"),
        ("title: T\nsource: S\ncategories:\n  peace: []\n", "category 'peace' must be a non-empty list"),
        ("title: T\nsource: S\ncategories:\n  peace: [peace, 3]\n", "category 'peace' has entry 3"),
        ("title: T\nsource: S\ncategories:\n  peace: [\"pe@ce\"]\n", "entry 'pe@ce': 'pe@ce' is not a word"),
        ("title: T\nsource: S\ncategories:\n  peace: [peace, Peace]\n", None),
        ("title: T\ncategories:\n  peace: [peace]\n", "'source' is missing"),
        ("title: T\nsource: S\nextra: 1\ncategories:\n  peace: [peace]\n", "unknown key 'extra'"),
        ("title: T\nsource: S\ncategories:\n  bad name: [peace]\n", "category name 'bad name'"),
        ("title: T\nsource: S\ncategories:\n  peace: [peace, peace]\n", "lists 'peace' twice"),
        ("title: [unclosed\n", "is not valid YAML at line"),
    ],
)
def test_bad_dictionaries_name_file_and_entry(tmp_path, text, message):
    f = write(tmp_path, text)
    if message is None:  # case differs only: accepted as written, matched case-insensitively
        assert load_dictionary(f).categories["peace"][1].pieces == ("peace",)
        return
    with pytest.raises(PipelineError) as err:
        load_dictionary(f)
    assert str(err.value).startswith(str(f))
    assert message in str(err.value)


def test_shipped_dictionaries_are_valid(repo_paths):
    pillars = load_dictionary(repo_paths.config / "dictionaries" / "unscr1325_pillars.yaml")
    assert list(pillars.categories) == ["participation", "protection", "prevention", "relief_and_recovery"]
    assert "S/RES/1325" in pillars.source
    framings = load_dictionary(repo_paths.config / "dictionaries" / "security_framings.yaml")
    assert list(framings.categories) == ["traditional_security", "human_security"]
    assert "Human Development Report" in framings.source
