"""Tokens, words and terms (pipeline.tokens)."""

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.errors import PipelineError
from pipeline.tokens import (
    DEFAULT_MWES,
    TermMaker,
    count_tokens,
    load_stopwords,
    mwe_term,
    phrase_words,
    token_spans,
    tokenize,
    words,
)


def test_tokenize_keeps_hyphenated_names_acronyms_and_drops_possessives():
    text = "ASEAN’s ADMM-Plus, capacity-building and the U.N. Member States' plan (2025)."
    assert tokenize(text) == ["ASEAN", "ADMM-Plus", "capacity-building", "and", "the", "U.N.",
                              "Member", "States", "plan", "2025"]
    assert count_tokens(text) == 10


def test_spans_point_into_the_text():
    text = "Women’s groups, ADMM-Plus’ role"
    assert [text[s:e] for s, e in token_spans(text)] == ["Women", "groups", "ADMM-Plus", "role"]


def test_words_are_lowercased_tokens():
    assert words("Women, Peace and Security (WPS) — ASEAN's U.N.") == [
        "women", "peace", "and", "security", "wps", "asean", "u.n."]
    assert words("") == [] and words(" ,;") == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_words_equal_lowercased_tokenize_on_any_text(text):
    assert words(text) == [t.lower() for t in tokenize(text)]
    assert count_tokens(text) == len(tokenize(text))


def test_default_mwes_become_one_term_each():
    maker = TermMaker(DEFAULT_MWES)
    text = ("The Women, Peace and Security agenda and mutual aid (gotong royong) "
            "strengthen confidence-building measures; Women Peace and Security too.")
    assert maker.text_terms(text) == [
        "the", "women_peace_and_security", "agenda", "and", "mutual_aid", "gotong_royong",
        "strengthen", "confidence-building_measures", "women_peace_and_security", "too"]
    assert mwe_term("Women, Peace and Security") == "women_peace_and_security"
    assert phrase_words("mutual aid") == ("mutual", "aid")


def test_mwe_must_have_two_words():
    with pytest.raises(PipelineError, match="'women'.*fewer than two words"):
        TermMaker(["women"])


def test_stemming_is_off_by_default_and_leaves_mwes_whole():
    ws = words("Partners' partnerships with mutual aid groups")
    assert TermMaker(["mutual aid"]).terms(ws) == ["partners", "partnerships", "with", "mutual_aid", "groups"]
    # Snowball: partners -> partner, partnerships -> partnership, groups -> group.
    assert TermMaker(["mutual aid"], stem=True).terms(ws) == ["partner", "partnership", "with", "mutual_aid", "group"]


def test_shipped_stopwords(tmp_path):
    from pipeline.config import paths

    stop = load_stopwords(paths().config / "stopwords.txt")
    assert {"the", "and", "of", "not", "very"} <= stop
    assert "women" not in stop and "security" not in stop and "peace" not in stop
    # Snowball's English list has 174 entries; the possessive rule folds
    # "he's"/"she's"/"it's"/"let's"/"that's"/... into words already listed.
    assert len(stop) == 162


def test_stopword_file_errors(tmp_path):
    bad = tmp_path / "stop.txt"
    bad.write_text("the\nof the\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"stop.txt, line 2: 'of the' is not one word"):
        load_stopwords(bad)
    with pytest.raises(PipelineError, match="stopword file not found"):
        load_stopwords(tmp_path / "missing.txt")
