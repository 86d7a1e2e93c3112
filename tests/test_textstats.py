"""The textstats stage: tiny texts worked by hand, then exact values read off the real corpus."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline import textstats as ts
from pipeline.collocations import collocations
from pipeline.frequencies import ngram_counts
from pipeline.errors import PipelineError

NO_STOP = {"stopwords_for": []}


def segs(rows):
    return pd.DataFrame(rows, columns=["doc_id", "seg_id", "para_id", "kind", "clause_type", "start", "end", "text"])


def tiny():
    a = "Women build peace. Mutual aid helps women.\n"
    b = "Security needs peace and security.\n"
    segments = segs([
        ("a", 1, 1, "sentence", "", 0, 18, a[0:18]),
        ("a", 2, 1, "sentence", "", 19, 42, a[19:42]),
        ("b", 1, 1, "sentence", "", 0, 34, b[0:34]),
    ])
    documents = pd.DataFrame({"doc_id": ["a", "b"], "genre": ["commentary", "joint_statement"], "title": ["A", "B"]})
    return {"a": a, "b": b}, segments, documents


@pytest.fixture(scope="module")
def small():
    texts, segments, documents = tiny()
    return ts.compute(texts, segments, documents, NO_STOP)


def test_term_frequencies_by_hand(small):
    tf = small["term_frequencies"]
    a = dict(zip(tf.loc[tf.doc_id == "a", "term"], tf.loc[tf.doc_id == "a", "count"]))
    # a's terms: women build peace | mutual_aid helps women  -> 6 terms
    assert a == {"women": 2, "build": 1, "peace": 1, "mutual_aid": 1, "helps": 1}
    row = tf[(tf.doc_id == "a") & (tf.term == "women")].iloc[0]
    assert row["per_1k"] == pytest.approx(1000 * 2 / 6)  # 333.333
    assert list(tf.columns) == ["doc_id", "term", "count", "per_1k"]


def test_doc_stats_by_hand(small):
    d = small["doc_stats"].set_index("doc_id")
    # a: 7 words (women build peace mutual aid helps women), 6 distinct -> density 6/7
    assert d.loc["a", "n_tokens"] == 7 and d.loc["a", "n_types"] == 6
    assert d.loc["a", "vocabulary_density"] == pytest.approx(6 / 7)
    # 6 terms, 5 distinct -> TTR 5/6; shorter than the window of 50, so MATTR = TTR
    assert d.loc["a", "n_terms"] == 6 and d.loc["a", "ttr"] == pytest.approx(5 / 6)
    assert d.loc["a", "mattr"] == pytest.approx(5 / 6)
    # 2 sentences of 3 and 4 words -> mean 3.5
    assert d.loc["a", "n_sentences"] == 2 and d.loc["a", "mean_segment_tokens"] == pytest.approx(3.5)
    # syllables: wo-men 2, build 1, peace 1, mu-tu-al 3, aid 1, helps 1, wo-men 2 = 11
    # Flesch = 206.835 - 1.015 * 7/2 - 84.6 * 11/7 = 206.835 - 3.5525 - 132.942857 = 70.339643
    assert d.loc["a", "n_syllables"] == 11
    assert d.loc["a", "flesch_reading_ease"] == pytest.approx(70.339643, abs=1e-6)


def test_mattr_window_parameter():
    texts, segments, documents = tiny()
    r = ts.compute(texts, segments, documents, {**NO_STOP, "mattr_window": 2})
    # b's terms: security needs peace and security; windows of 2 all have 2 types -> 1.0
    assert r["doc_stats"].set_index("doc_id").loc["b", "mattr"] == pytest.approx(1.0)
    # a's terms: women build peace mutual_aid helps women -> every pair distinct -> 1.0
    r3 = ts.compute(texts, segments, documents, {**NO_STOP, "mattr_window": 5})
    # b: one window of 5 (the whole text): 4 types / 5 = 0.8
    assert r3["doc_stats"].set_index("doc_id").loc["b", "mattr"] == pytest.approx(0.8)


def test_keyness_by_hand(small):
    k = small["keyness"]
    peace = k[(k.target == "a") & (k.term == "peace")].iloc[0]
    # a = 1 of 6 terms in a, b = 1 of 5 terms in b; N = 11.
    # E(a) = 2*6/11 = 1.090909, E(b) = 2*5/11 = 0.909091, E(c) = 9*6/11 = 4.909091, E(d) = 9*5/11 = 4.090909
    # G2 = 2 [1 ln(1/1.090909) + 1 ln(1/0.909091) + 5 ln(5/4.909091) + 4 ln(4/4.090909)]
    #    = 2 [-0.087011 + 0.095310 + 0.091746 - 0.089891] = 0.020306, under-used (1/6 < 1/5): -0.020306
    # chi2 = 11 (1*4 - 1*5)^2 / (2 * 9 * 6 * 5) = 11/540 = 0.020370 -> -0.020370
    # log ratio = log2((1/6) / (1/5)) = log2(5/6) = -0.263034
    assert (peace.n_target, peace.n_reference) == (1, 1)
    assert peace.g2 == pytest.approx(-0.020306, abs=1e-6)
    assert peace.chi2 == pytest.approx(-11 / 540)
    assert peace.log_ratio == pytest.approx(math.log2(5 / 6))
    assert peace.p == pytest.approx(math.erfc(math.sqrt(0.0203061 / 2)), abs=1e-6)
    # a term absent from the target is kept as a negative keyword, 0.5 standing in for the zero:
    sec = k[(k.target == "a") & (k.term == "security")].iloc[0]
    assert (sec.n_target, sec.n_reference) == (0, 2) and sec.g2 < 0
    assert sec.log_ratio == pytest.approx(math.log2((0.5 / 6) / (2 / 5)))
    # targets: each document, and each genre against the rest
    assert sorted(k.target.unique()) == ["a", "b", "genre:commentary", "genre:joint_statement"]
    assert list(k.columns) == ["target", "term", "n_target", "n_reference", "g2", "chi2", "log_ratio", "p"]


def test_collocation_scores_for_one_bigram_by_hand():
    df = collocations([["a", "b", "a", "b", "c"]], window=2, min_freq=1)
    ab = df[(df.w1 == "a") & (df.w2 == "b")].iloc[0]
    # words: a 2, b 2, c 1 (N = 5); pairs: (a,b) 2, (b,a) 1, (b,c) 1
    # PMI = log2(n_ab * N / (n_a * n_b)) = log2(2 * 5 / (2 * 2)) = log2(2.5) = 1.321928
    assert ab["count"] == 2 and ab.pmi == pytest.approx(math.log2(2.5))
    # contingency: n_ab = 2, a without b = 0, b without a = 0, neither = 3
    # expected: 2*2/5 = 0.8, 2*3/5 = 1.2, 3*2/5 = 1.2, 3*3/5 = 1.8
    # LR = 2 [2 ln(2/0.8) + 3 ln(3/1.8)] = 2 [1.832581 + 1.532477] = 6.730117
    assert ab.likelihood_ratio == pytest.approx(6.730117, abs=1e-6)
    assert ab["rank"] == 1


def test_collocations_stay_inside_segments_and_respect_min_freq():
    df = collocations([["x", "y"], ["y", "x"]], window=2, min_freq=1)
    assert sorted(zip(df.w1, df.w2)) == [("x", "y"), ("y", "x")]  # never (y, y) across the boundary
    assert collocations([["x", "y"], ["y", "x"]], window=2, min_freq=2).empty


def test_ngrams_do_not_start_or_end_with_stopwords():
    stop = frozenset({"and", "the"})
    c = ngram_counts([["peace", "and", "security", "the", "region"]], 3, stop)
    # trigrams: "peace and security" and "security the region" are kept (stopwords inside are fine);
    # "and security the" starts (and ends) with a stopword, so it is dropped
    assert dict(c) == {"peace and security": 1, "security the region": 1}


def test_kwic_and_dispersion_by_hand():
    text = "ASEAN’s partners support women. Women lead mutual aid."
    segments = segs([("d", 1, 1, "sentence", "", 0, 31, text[:31]), ("d", 2, 1, "sentence", "", 32, 54, text[32:])])
    r = ts.compute({"d": text}, segments, None, {"kwic_terms": ["women", "mutual aid", "ASEAN"], "kwic_window": 2,
                                                  "dispersion_terms": ["women", "mutual aid"]})
    kw = r["kwic"]
    # tokens: 0 ASEAN 1 partners 2 support 3 women 4 Women 5 lead 6 mutual 7 aid
    assert list(zip(kw.seg_id, kw.left, kw.keyword, kw.right)) == [
        (1, "", "ASEAN", "’s partners support"),
        (1, "partners support", "women", ". Women lead"),
        (2, "support women.", "Women", "lead mutual"),
        (2, "Women lead", "mutual aid", ""),
    ]
    assert all(text[s:e] == k for s, e, k in zip(kw.start, kw.end, kw.keyword))
    disp = r["dispersion"]
    # 8 tokens: women at 3 and 4 -> 3/8, 4/8; mutual aid at 6 -> 6/8
    assert list(zip(disp.term, disp.token_index, disp.position)) == [
        ("mutual aid", 6, 0.75), ("women", 3, 0.375), ("women", 4, 0.5)]


def test_clause_verbs_only_preambular_and_operative():
    text = "RECALLING the past;\nWE HEREBY COMMIT TO:\nCOMMIT to peace;\nRECALLING more;\nADOPTED in Kuala Lumpur.\n"
    spans, pos = [], 0
    for line in text.splitlines():
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    kinds = ["preambular", "chapeau", "operative", "preambular", "adoption"]
    segments = segs([("s", i + 1, i + 1, "clause", k, s, e, text[s:e]) for i, (k, (s, e)) in enumerate(zip(kinds, spans))])
    cv = ts.compute({"s": text}, segments, None, {})["clause_verbs"]
    assert list(zip(cv.clause_type, cv.word, cv["count"])) == [("operative", "COMMIT", 1), ("preambular", "RECALLING", 2)]


def test_bad_parameter_is_one_clear_error():
    texts, segments, documents = tiny()
    with pytest.raises(PipelineError, match="textstats.mattr_window"):
        ts.compute(texts, segments, documents, {"mattr_window": 0})
    with pytest.raises(PipelineError, match="textstats.stopwords_for"):
        ts.compute(texts, segments, documents, {"stopwords_for": ["everything"]})


# ---------------------------------------------------------------- the real corpus

ADMM, EVENT, RSIS = "admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"


@pytest.fixture(scope="module")
def real(built_corpus, built_textstats):
    return built_corpus, built_textstats


def count(tf, doc, term):
    hit = tf[(tf.doc_id == doc) & (tf.term == term)]
    return int(hit["count"].sum())


def test_real_tokens_agree_with_documents_table(real):
    built, r = real
    d = r["doc_stats"].set_index("doc_id")
    for doc_id, n in zip(built.documents.doc_id, built.documents.n_tokens):
        assert d.loc[doc_id, "n_tokens"] == n
    assert dict(d["n_tokens"]) == {ADMM: 838, EVENT: 520, RSIS: 1101}
    assert dict(d["n_clauses"]) == {ADMM: 22, EVENT: 0, RSIS: 0}


def test_real_counts_of_women_read_off_the_texts(real):
    _, r = real
    disp = r["dispersion"]
    # Read off the cleaned texts: "women" as a word (Women, women, women's; not women-led or
    # women-driven, which are words of their own): statement 0, event page 3+1+1 = 5,
    # commentary 4 + 14 + 7 = 25.
    words_women = disp[disp.term == "women"].groupby("doc_id").size().to_dict()
    assert words_women == {EVENT: 5, RSIS: 25}
    # As terms, the two "Women, Peace and Security" of each WPS document are one MWE term each.
    tf = r["term_frequencies"]
    assert [count(tf, d, "women") for d in (ADMM, EVENT, RSIS)] == [0, 3, 23]
    assert [count(tf, d, "women_peace_and_security") for d in (ADMM, EVENT, RSIS)] == [0, 2, 2]
    assert [count(tf, d, "mutual_aid") for d in (ADMM, EVENT, RSIS)] == [0, 0, 16]
    # "security": 16 / 4 / 10 words ("Political-Security" and "insecurity" are other words),
    # minus the two in "Women, Peace and Security" in each WPS document.
    assert [count(tf, d, "security") for d in (ADMM, EVENT, RSIS)] == [16, 2, 8]
    # "ASEAN" in the statement: 19 + 4 "ASEAN’s" (ASEAN-led and ASEAN-driven are other words)
    assert count(tf, ADMM, "asean") == 23


def test_real_keyness_women_is_a_negative_keyword_of_the_statement(real):
    _, r = real
    k = r["keyness"]
    row = k[(k.target == ADMM) & (k.term == "women")].iloc[0]
    assert (row.n_target, row.n_reference) == (0, 26)
    assert row.g2 < 0 and row.chi2 < 0 and row.p < 0.001
    top = k[k.target == ADMM].sort_values("g2", ascending=False).iloc[0]
    assert top.term == "admm-plus"


def test_real_clause_verbs_read_off_the_statement(real):
    _, r = real
    cv = r["clause_verbs"]
    pre = dict(zip(cv[cv.clause_type == "preambular"].word, cv[cv.clause_type == "preambular"]["count"]))
    op = dict(zip(cv[cv.clause_type == "operative"].word, cv[cv.clause_type == "operative"]["count"]))
    assert pre == {"RECOGNISING": 1, "REITERATING": 1, "EMPHASISING": 1, "RECALLING": 2, "REAFFIRMING": 1,
                   "WELCOMING": 1, "COMMENDING": 1, "UNDERSCORING": 1}
    assert op == {"COMMEND": 1, "UPHOLD": 1, "ENHANCE": 1, "FOSTER": 1, "PRIORITISE": 1, "INCREASE": 1,
                  "STRENGTHEN": 1, "REAFFIRM": 1, "CONTINUE": 1, "SUPPORT": 1, "WELCOME": 1}
    assert set(cv.doc_id) == {ADMM}


def test_real_kwic_mutual_aid(real):
    _, r = real
    kw = r["kwic"]
    mutual = kw[kw.term == "mutual aid"]
    assert len(mutual) == 16 and set(mutual.doc_id) == {RSIS}
    # the title line, then the synopsis ("... Women, Peace and Security (WPS) agenda and “mutual aid” are"):
    # five words either side, punctuation between them kept as written
    first, second = mutual.iloc[0], mutual.iloc[1]
    assert (first.seg_id, first.left, first.keyword, first.right) == (
        1, "The WPS Agenda and", "Mutual Aid", ": Transforming Regional Aspirations to Local")
    assert (second.left, second.keyword, second.right) == (
        "and Security (WPS) agenda and “", "mutual aid", "” are two distinct but interlinked")


def test_real_dictionary_scores(real):
    _, r = real
    ds = r["dictionary_scores"].set_index(["dictionary", "category", "doc_id"])
    # The statement's traditional-security words, read off: defence 6 ("Defence Ministers" x3 ... ),
    # and the commentary's relief and recovery dominated by "aid" of "mutual aid".
    rr = ds.loc[("unscr1325_pillars", "relief_and_recovery", RSIS)]
    assert rr["count"] == 38 and rr["matched"].startswith("aid: 20; humanitarian: 7; recovery: 4; relief: 3")
    assert ds.loc[("security_framings", "traditional_security", EVENT), "count"] == 0
    assert ds.loc[("unscr1325_pillars", "participation", EVENT), "per_1k"] == pytest.approx(1000 * 6 / 520)


def test_write_outputs_and_figures(real, tmp_path):
    from pipeline import textfigures
    from pipeline.config import paths as make_paths
    from pipeline.tables import read_table

    _, r = real
    p = make_paths(tmp_path)
    written = ts.write_outputs(r, p)
    assert sorted(f.name for f in written) == sorted(t.file for t in ts.TABLES.values())
    back = read_table(ts.TABLES["keyness"], p.processed)
    assert len(back) == len(r["keyness"])
    figs = textfigures.draw_all(r, p.figures, formats=("png",), dpi=60)
    assert sorted(figs) == sorted(textfigures.FIGURE_NAMES)
    assert all(f[0].stat().st_size > 1000 for f in figs.values())
