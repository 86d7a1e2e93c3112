"""Cleaning: the exact lines removed from each real document, and the rules on small texts."""

from __future__ import annotations

import pytest

from pipeline import cleaning, corpus
from pipeline.errors import PipelineError


@pytest.fixture(scope="module")
def built(repo_paths):
    params = {"extra_abbreviations": [], "heading_max_words": 15}
    return corpus.build(corpus.load_inputs(repo_paths, params), params)


@pytest.fixture(scope="module")
def rules(repo_paths):
    return cleaning.load_rules(repo_paths.config / "cleaning.yaml")


def audit_of(built, doc_id):
    rows = built.audit[built.audit["doc_id"] == doc_id]
    return [(r.line, r.rule, r.action, r.text) for r in rows.itertuples()]


def test_event_page_loses_its_metadata_fields_and_footnote_marker(built):
    assert audit_of(built, "asean_wps_summit_2025") == [
        (1, "page_metadata", "remove_line", "Event Type: Conferences"),
        (3, "page_metadata", "remove_line", "Date: September 9, 2025 to September 10, 2025"),
        (5, "page_metadata", "remove_line", "Venue: Kuala Lumpur, Malaysia"),
        (22, "footnote_marker", "replace", "[3]"),
    ]


def test_joint_statement_loses_breadcrumbs_and_more_resources_footer(built):
    assert audit_of(built, "admm_plus_joint_statement_2025") == [
        (1, "breadcrumb_menu", "remove_line", "- Home"),
        (2, "breadcrumb_menu", "remove_line", "- News and events"),
        (3, "breadcrumb_menu", "remove_line", "- Latest Releases"),
        (4, "breadcrumb_menu", "remove_line",
         "- Joint Statement by the ASEAN Defence Ministers’ Meeting Plus (ADMM-PLUS)"),
        (31, "more_resources_footer", "remove_line", "More Resources"),
        (32, "more_resources_footer", "remove_line",
         "ASEAN Defence Ministers’ Meeting-Plus Charts Way Forward at the 15th Anniversary of its Founding"),
    ]


def test_commentary_loses_header_disclaimer_byline_and_back_matter(built):
    rows = audit_of(built, "rsis_wps_mutual_aid_2025")
    assert [(line, rule, action) for line, rule, action, _ in rows] == [
        (5, "page_header", "remove_line"),          # first copy of the title
        (7, "page_header", "remove_line"),          # "Tamara Nair and Junli Lim"
        (11, "publisher_disclaimer", "remove_line"),
        (15, "author_byline", "remove_line"),
        (39, "markdown_link", "replace"),
        (51, "rejoin_broken_paragraph", "join_paragraph"),
        (53, "markdown_emphasis", "replace"),
        (53, "markdown_emphasis", "replace"),
        (53, "markdown_emphasis", "replace"),
        (67, "rejoin_broken_paragraph", "join_paragraph"),
        (69, "author_biography", "remove_line"),
        (71, "back_matter", "remove_line"),
        (72, "postal_address", "remove_line"),
        (74, "sharing_blurb", "remove_line"),
    ]
    texts = [t for *_, t in rows]
    assert texts[4] == "[recent ban](#)"
    assert texts[6:9] == ["*gotong royong*", "*bayanihan*", "*parahita*"]
    assert texts[13].startswith("Please share this publication")


def test_cleaned_texts_keep_the_words_and_drop_the_markup(built):
    commentary = built.clean["rsis_wps_mutual_aid_2025"]
    assert "Myanmar military’s recent ban on sanitary towel" in commentary
    assert "such as gotong royong in Indonesia and Malaysia, bayanihan in the Philippines" in commentary
    assert "security, and humanitarian services" in commentary  # page break joined
    assert "This becomes critical" in commentary
    assert commentary.count("The WPS Agenda and Mutual Aid: Transforming") == 1
    for gone in ("RSIS Commentary is a platform", "Nanyang Avenue", "Please share", "By Tamara", "*", "](#)"):
        assert gone not in commentary
    event = built.clean["asean_wps_summit_2025"]
    assert "dialogue partners and CSOs\n" in event
    assert "\u00a0" not in event and "  " not in event
    statement = built.clean["admm_plus_joint_statement_2025"]
    assert statement.startswith("Joint Statement by the ASEAN Defence Ministers’ Meeting Plus (ADMM-PLUS)\n\n")
    assert statement.endswith("in a single original copy in the English language.\n")


def test_every_document_ends_with_one_newline_and_no_blank_runs(built):
    for text in built.clean.values():
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\n\n\n" not in text


# -- small texts, worked by hand ------------------------------------------------

def test_inline_rules_and_whitespace(rules):
    text = "Intro line.\n\n\n  A  [link](#) and *word*\u00a0here, CSOs[12].  \n"
    clean, audit = cleaning.clean_text(text, rules)
    assert clean == "Intro line.\n\nA link and word here, CSOs.\n"
    assert [(a["line"], a["rule"], a["text"], a["replacement"]) for a in audit] == [
        (4, "markdown_link", "[link](#)", "link"),
        (4, "markdown_emphasis", "*word*", "word"),
        (4, "footnote_marker", "[12]", ""),
    ]


def test_crlf_and_bom_give_the_same_result_as_lf(rules):
    lf = "- Home\n- News\nTitle of the page\n\nBody text here.\n"
    crlf = "\ufeff" + lf.replace("\n", "\r\n")
    assert cleaning.clean_text(crlf, rules) == cleaning.clean_text(lf, rules)
    assert cleaning.clean_text(lf, rules)[0] == "Title of the page\n\nBody text here.\n"


def test_rejoin_only_when_sentence_is_unfinished(rules):
    text = "It ends here.\n\nlower case start stays apart.\n\nIt breaks mid\n\nsentence here."
    clean, audit = cleaning.clean_text(text, rules)
    assert clean == "It ends here.\n\nlower case start stays apart.\n\nIt breaks mid sentence here.\n"
    assert [(a["line"], a["action"]) for a in audit] == [(7, "join_paragraph")]


def test_cleaning_is_idempotent_on_the_real_corpus(built, rules):
    for text in built.clean.values():
        again, audit = cleaning.clean_text(text, rules)
        assert again == text
        assert audit == []


def test_bad_rule_file_names_the_rule(tmp_path):
    path = tmp_path / "cleaning.yaml"
    path.write_text("line_rules:\n  - name: broken\n    why: test\n    pattern: '(unclosed'\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"line_rules\[0\] \(broken\): pattern is not a valid regular expression"):
        cleaning.load_rules(path)
    path.write_text("line_rules: [\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="is not valid YAML"):
        cleaning.load_rules(path)
