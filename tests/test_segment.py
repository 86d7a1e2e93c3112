"""Segmentation: clause counts read off the real statement, Punkt and offsets."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline import segment
from pipeline.errors import PipelineError

def kinds(built, doc_id):
    segs = built.segments[built.segments["doc_id"] == doc_id]
    return Counter(zip(segs["kind"], segs["clause_type"]))


def test_admm_plus_statement_clauses_counted_by_reading(built):
    # Read off the statement: 9 preambular paragraphs (RECOGNISING, REITERATING, EMPHASISING,
    # RECALLING, REAFFIRMING, RECALLING, WELCOMING, COMMENDING, UNDERSCORING), the chapeau
    # "WE HEREBY COMMIT TO:", 11 operative paragraphs (COMMEND, UPHOLD, ENHANCE, FOSTER,
    # PRIORITISE, INCREASE, STRENGTHEN, REAFFIRM, CONTINUE, SUPPORT, WELCOME) and "ADOPTED ...".
    assert kinds(built, "admm_plus_joint_statement_2025") == Counter({
        ("clause", "operative"): 11,
        ("clause", "preambular"): 9,
        ("heading", ""): 2,       # the title and the date line "1 November 2025"
        ("sentence", ""): 1,      # "The Twelfth ASEAN Defence Ministers' Meeting Plus ... convened ...;"
        ("clause", "chapeau"): 1,
        ("clause", "adoption"): 1,
    })
    segs = built.segments[built.segments["doc_id"] == "admm_plus_joint_statement_2025"]
    openers = [segment.opening_word(t) for t in segs[segs["clause_type"] == "operative"]["text"]]
    assert openers == ["COMMEND", "UPHOLD", "ENHANCE", "FOSTER", "PRIORITISE", "INCREASE",
                       "STRENGTHEN", "REAFFIRM", "CONTINUE", "SUPPORT", "WELCOME"]


def test_event_page_and_commentary_segments(built):
    # Event page: 1 heading ("Objectives of the ASEAN WPS Summit"), 6 bullet items, 10 sentences.
    assert kinds(built, "asean_wps_summit_2025") == Counter({("sentence", ""): 10, ("item", ""): 6, ("heading", ""): 1})
    # Commentary: the title, SYNOPSIS, COMMENTARY and three section headings; 41 sentences.
    assert kinds(built, "rsis_wps_mutual_aid_2025") == Counter({("sentence", ""): 41, ("heading", ""): 6})
    headings = built.segments.query("doc_id == 'rsis_wps_mutual_aid_2025' and kind == 'heading'")["text"].tolist()
    assert headings == [
        "The WPS Agenda and Mutual Aid: Transforming Regional Aspirations to Local Commitments",
        "SYNOPSIS", "COMMENTARY", "“Mutual Aid” is Survival Work",
        "The Intersection of Mutual Aid and the WPS Agenda", "From Regional Aspirations to Local Commitments",
    ]


def test_offsets_reproduce_the_text_and_never_overlap(built):
    for doc_id, segs in built.segments.groupby("doc_id"):
        clean = built.clean[doc_id]
        last_end = 0
        for row in segs.itertuples():
            assert clean[row.start:row.end] == row.text
            assert row.start >= last_end
            last_end = row.end
        assert list(segs["seg_id"]) == list(range(1, len(segs) + 1))


def test_items_exclude_the_bullet(built):
    items = built.segments.query("kind == 'item'")["text"]
    assert items.iloc[0].startswith("Share key results")
    assert not any(t.startswith("•") for t in items)


def test_punkt_keeps_abbreviations_and_initials():
    tok = segment.sentence_tokenizer(["u.n", "dr", "e.g"])
    text = "The U.N. Security Council met. Dr. Lim spoke, e.g. on WPS. S. Rajaratnam School replied."
    assert tok.tokenize(text) == [
        "The U.N. Security Council met.", "Dr. Lim spoke, e.g. on WPS.", "S. Rajaratnam School replied.",
    ]


def test_heading_max_words_parameter():
    words = segment.ClauseWords(frozenset(), frozenset(), frozenset())
    tok = segment.sentence_tokenizer()
    text = "A short title line\n\nBody sentence one. Body sentence two.\n"
    assert [s["kind"] for s in segment.segment(text, words, tok, heading_max_words=15)] == ["heading", "sentence", "sentence"]
    assert [s["kind"] for s in segment.segment(text, words, tok, heading_max_words=3)] == ["sentence", "sentence", "sentence"]


def test_unlisted_ing_opener_is_preambular_and_acronym_is_not_a_clause():
    words = segment.ClauseWords(frozenset(), frozenset({"COMMIT"}), frozenset())
    assert segment.classify_paragraph("ACCEPTING the invitation of Malaysia;", words) == ("clause", "preambular")
    assert segment.classify_paragraph("ASEAN leaders adopted the plan in 2022.", words) is None
    assert segment.classify_paragraph("COMMIT to the plan;", words) == ("clause", "operative")


def test_clause_word_file_errors_name_the_problem(tmp_path):
    path = tmp_path / "clauses.yaml"
    path.write_text("preambular: [NOTING]\noperative: [NOTING]\nadoption: [ADOPTED]\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="NOTING is listed as both preambular and operative"):
        segment.load_clause_words(path)
    path.write_text("preambular: [noting]\noperative: [URGE]\nadoption: [ADOPTED]\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="'preambular' must be a list of upper-case words"):
        segment.load_clause_words(path)
