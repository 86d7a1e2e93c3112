"""Trends per period: worked by hand, and the real corpus against a recount from the cleaned texts."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from pipeline.errors import PipelineError
from pipeline.groups import assign_groups
from pipeline.tokens import DEFAULT_MWES
from pipeline.trends import (TREND_COLUMNS, actor_trends, category_trends, resolve_terms, term_trends,
                             trend_table)

PERIODS = {"2017-2021": "2017-2021", "2022": "2022", "2023-2025": "2023-2025"}


@pytest.fixture(scope="module")
def tiny():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "date": ["2018", "2021-06", "2024-01-02", "2016"]})
    assignment = assign_groups(documents, "period", PERIODS)   # d (2016) is in no period
    tf = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "d"], "term": ["mutual_aid", "peace", "peace", "peace", "peace"],
                       "count": [2, 5, 1, 4, 9]})
    return assignment, tf, {"a": 100, "b": 300, "c": 50, "d": 1000}


def test_term_trends_by_hand(tiny):
    assignment, tf, sizes = tiny
    t = term_trends(tf, assignment, sizes, {"peace": "peace", "mutual aid": "mutual_aid"}, periods=PERIODS)
    assert list(t.columns) == TREND_COLUMNS
    peace = t[t.item == "peace"]
    # 2017-2021: a (100 words, 5) and b (300 words, 1): 1000 * 6 / 400 = 15 per 1,000
    # 2022: no document; 2023-2025: c (50 words, 4): 80 per 1,000; d (2016) counts nowhere
    assert peace[["group", "order", "n_docs", "n_words", "count", "docs_using"]].values.tolist() == [
        ["2017-2021", 1, 2, 400, 6, 2], ["2022", 2, 0, 0, 0, 0], ["2023-2025", 3, 1, 50, 4, 1]]
    assert peace["per_1k"].iat[0] == 15.0 and math.isnan(peace["per_1k"].iat[1]) and peace["per_1k"].iat[2] == 80.0
    aid = t[t.item == "mutual aid"]
    assert aid["count"].tolist() == [2, 0, 0] and aid["per_1k"].iat[0] == 5.0 and aid["per_1k"].iat[2] == 0.0
    assert t["item"].tolist() == ["peace"] * 3 + ["mutual aid"] * 3 and set(t["kind"]) == {"term"}
    # without the periods, only the periods that have documents
    assert term_trends(tf, assignment, sizes, ["peace"])["group"].tolist() == ["2017-2021", "2023-2025"]


def test_resolve_terms_as_the_counts_write_them():
    assert resolve_terms(["Women", "mutual aid", "Women, Peace and Security"], mwes=DEFAULT_MWES) == {
        "Women": "women", "mutual aid": "mutual_aid", "Women, Peace and Security": "women_peace_and_security"}
    assert resolve_terms(["partners"], stem=True) == {"partners": "partner"}
    with pytest.raises(PipelineError, match="'peace and security' is not one term; add it to textstats.mwes"):
        resolve_terms(["peace and security"], mwes=DEFAULT_MWES)


def test_category_and_actor_trends(tiny):
    assignment, _, sizes = tiny
    scores = pd.DataFrame({"dictionary": ["unscr1325_pillars"] * 3 + ["security_framings"],
                           "category": ["participation", "participation", "prevention", "human_security"],
                           "doc_id": ["a", "c", "b", "a"], "count": [3, 1, 0, 2]})
    c = category_trends(scores, assignment, sizes, ["unscr1325_pillars:participation"])
    assert c[["item", "group", "count", "per_1k"]].values.tolist() == [
        ["unscr1325_pillars:participation", "2017-2021", 3, 7.5], ["unscr1325_pillars:participation", "2023-2025", 1, 20.0]]
    assert sorted(set(category_trends(scores, assignment, sizes)["item"])) == [
        "security_framings:human_security", "unscr1325_pillars:participation", "unscr1325_pillars:prevention"]
    with pytest.raises(PipelineError, match="'pillars:participation' is not a dictionary category"):
        category_trends(scores, assignment, sizes, ["pillars:participation"])
    # one row per mention (actor_mentions) or counts per document (document_actors): the same trend
    mentions = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "d"], "actor_id": ["asean", "asean", "asean", "un", "un"]})
    per_doc = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "actor_id": ["asean", "asean", "un", "un"], "mentions": [2, 1, 1, 1]})
    m1, m2 = actor_trends(mentions, assignment, sizes), actor_trends(per_doc, assignment, sizes)
    pd.testing.assert_frame_equal(m1, m2)
    assert m1[["item", "group", "count", "docs_using", "per_1k"]].values.tolist() == [
        ["asean", "2017-2021", 3, 2, 7.5], ["asean", "2023-2025", 0, 0, 0.0],
        ["un", "2017-2021", 0, 0, 0.0], ["un", "2023-2025", 1, 1, 20.0]]


def test_trend_table_adds_up_repeated_rows_and_ignores_other_items(tiny):
    assignment, _, sizes = tiny
    counts = pd.DataFrame({"doc_id": ["a", "a", "b"], "item": ["x", "x", "y"], "count": [1, 2, 7]})
    t = trend_table(counts, assignment, sizes, ["x"], "term")
    assert t[["count", "docs_using"]].values.tolist() == [[3, 1], [0, 0]]


# ---------------------------------------------------------------- the real corpus

ADMM, EVENT, RSIS = "admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"
REAL_PERIODS = {"Jan-Oct 2025": "2025-01/2025-10", "Nov-Dec 2025": "2025-11/2025-12"}


@pytest.fixture(scope="module")
def real(built, real_term_counts, repo_paths):
    return built, real_term_counts


def recount(text: str, pattern: str) -> int:
    return len(re.findall(pattern, text))


def test_real_trends_agree_with_a_recount_of_the_cleaned_texts(real):
    built, tf = real
    documents, texts = built.documents, built.clean
    sizes = documents.set_index("doc_id")["n_tokens"]
    terms = resolve_terms(["ASEAN", "mutual aid", "women"], mwes=DEFAULT_MWES)
    for by, periods in (("year", None), ("period", REAL_PERIODS)):
        assignment = assign_groups(documents, by, periods)
        t = term_trends(tf, assignment, sizes, terms, periods)
        groups = dict(zip(assignment.doc_id, assignment.group))
        for r in t.itertuples():
            members = [d for d, g in groups.items() if g == r.group]
            # recount with plain regular expressions on the cleaned texts
            if r.item == "ASEAN":     # "ASEAN" and "ASEAN's" as words; "ASEAN-led" is another word
                n = sum(recount(texts[d], r"(?<![\w’'-])ASEAN(?:['’]s)?(?![\w’'-])") for d in members)
            elif r.item == "mutual aid":
                n = sum(recount(texts[d], r"(?i)(?<![\w-])mutual\s+aid(?![\w-])") for d in members)
            else:                     # "women" as a word, less those inside "Women, Peace and Security"
                n = sum(recount(texts[d], r"(?i)(?<![\w’'-])women(?:['’]s)?(?![\w’'-])")
                        - recount(texts[d], r"(?i)women,?\s+peace,?\s+and\s+security") for d in members)
            assert (r.count, r.n_docs, r.n_words) == (n, len(members), int(sizes[members].sum())), (by, r)
            assert f"{r.per_1k:.6g}" == f"{1000 * n / r.n_words:.6g}"


def test_real_trend_values(real):
    built, tf = real
    documents = built.documents
    sizes = documents.set_index("doc_id")["n_tokens"]
    t = term_trends(tf, assign_groups(documents, "period", REAL_PERIODS), sizes,
                    resolve_terms(["ASEAN", "women"], mwes=DEFAULT_MWES), REAL_PERIODS)
    got = {(r.item, r.group): (r.n_docs, r.n_words, r.count, round(r.per_1k, 4)) for r in t.itertuples()}
    # event page (September, 520 tokens): ASEAN 27, women 3; statement (November, 838 tokens): 23 and 0;
    # the commentary, dated only 2025, is in neither period
    assert got == {("ASEAN", "Jan-Oct 2025"): (1, 520, 27, 51.9231), ("ASEAN", "Nov-Dec 2025"): (1, 838, 23, 27.4463),
                   ("women", "Jan-Oct 2025"): (1, 520, 3, 5.7692), ("women", "Nov-Dec 2025"): (1, 838, 0, 0.0)}
    year = term_trends(tf, assign_groups(documents, "year"), sizes, {"ASEAN": "asean"})
    assert year[["group", "n_docs", "n_words", "count"]].values.tolist() == [["2025", 3, 2459, 57]]
    assert year["per_1k"].iat[0] == pytest.approx(1000 * 57 / 2459)
