"""Dispersion: Gries' (2008) example corpus worked by hand, a brute-force check of the sparse sums, the real corpus."""

from __future__ import annotations

import math
import random
from collections import Counter

import pandas as pd
import pytest

from pipeline.dispersion import DISPERSION_COLUMNS, dispersion_table

# Gries (2008: 406), the example corpus of five parts (9, 10, 10, 10 and 11 words; 50 in all)
GRIES = ["b a m n i b e u p", "b a s a t b e w q n", "b c a g a b e s t a", "b a g h a b e a a t", "b a h a a b e a x a t"]


def long_counts(parts: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(doc, term, n) for doc, ws in parts.items() for term, n in sorted(Counter(ws).items())]
    return pd.DataFrame(rows, columns=["doc_id", "term", "count"])


@pytest.fixture(scope="module")
def gries():
    parts = {f"p{i}": p.split() for i, p in enumerate(GRIES, start=1)}
    assert [len(p) for p in parts.values()] == [9, 10, 10, 10, 11]
    return dispersion_table(long_counts(parts)).set_index("term")


def test_gries_example_a(gries):
    a = gries.loc["a"]
    # v = (1, 2, 3, 4, 5), f = 15; s = (9, 10, 10, 10, 11) / 50 = (.18, .2, .2, .2, .22)
    # DP = .5 * (|1/15 - .18| + |2/15 - .2| + |3/15 - .2| + |4/15 - .2| + |5/15 - .22|)
    #    = .5 * (.113333 + .066667 + 0 + .066667 + .113333) = .5 * .36 = .18
    assert (a.frequency, a.docs_using, a.n_docs) == (15, 5, 5)
    assert a.dp == pytest.approx(0.18, abs=1e-12)
    # DP_norm = DP / (1 - min s) = .18 / .82 = .219512
    assert a.dp_norm == pytest.approx(0.18 / 0.82, abs=1e-12)
    assert round(a.dp_norm, 4) == 0.2195
    # Juilland's D on the rates p = (1/9, 2/10, 3/10, 4/10, 5/11):
    #   mean = (.111111 + .2 + .3 + .4 + .454545) / 5 = .293131
    #   deviations (-.182020, -.093131, .006869, .106869, .161414), squared and averaged: .015865
    #   population sd = sqrt(.015865) = .125958; V = sd / mean = .429699
    #   D = 1 - V / sqrt(5 - 1) = 1 - .429699 / 2 = .785150
    p = [1 / 9, 2 / 10, 3 / 10, 4 / 10, 5 / 11]
    mean = sum(p) / 5
    sd = math.sqrt(sum((x - mean) ** 2 for x in p) / 5)
    assert a.juilland_d == pytest.approx(1 - (sd / mean) / 2, abs=1e-12)
    assert a.juilland_d == pytest.approx(0.785150, abs=1e-6)


def test_gries_example_b_even_and_m_in_one_part(gries):
    b = gries.loc["b"]
    # b occurs twice in every part: v/f = .2 each; |.2 - .18| + 0 + 0 + 0 + |.2 - .22| = .04 -> DP = .02
    assert b.dp == pytest.approx(0.02, abs=1e-12)
    assert b.dp_norm == pytest.approx(0.02 / 0.82, abs=1e-12)
    # rates (2/9, .2, .2, .2, 2/11): mean .200808, sd .012815 -> V = .063818, D = 1 - .063818 / 2 = .968091
    assert b.juilland_d == pytest.approx(0.968091, abs=1e-6)
    m = gries.loc["m"]
    # m: once, in part 1 only. DP = .5 * (|1 - .18| + .2 + .2 + .2 + .22) = .82, the most a term can have here,
    # so DP_norm = .82 / .82 = 1. Rates (1/9, 0, 0, 0, 0): mean 1/45, sd 2/45, V = 2 -> D = 1 - 2/2 = 0.
    assert (m.frequency, m.docs_using) == (1, 1)
    assert m.dp == pytest.approx(0.82, abs=1e-12)
    assert m.dp_norm == pytest.approx(1.0, abs=1e-12)
    assert m.juilland_d == pytest.approx(0.0, abs=1e-12)


def brute_force(parts: dict[str, list[str]], term: str) -> tuple[float, float, float]:
    """DP, DP_norm and D straight from the formulas, visiting every part (zeros too)."""
    sizes = {d: len(ws) for d, ws in parts.items() if ws}
    total = sum(sizes.values())
    v = {d: parts[d].count(term) for d in sizes}
    f = sum(v.values())
    s = {d: sizes[d] / total for d in sizes}
    dp = 0.5 * sum(abs(v[d] / f - s[d]) for d in sizes)
    n = len(sizes)
    p = [v[d] / sizes[d] for d in sizes]
    mean = sum(p) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in p) / n)
    return dp, dp / (1 - min(s.values())), 1 - (sd / mean) / math.sqrt(n - 1)


def test_sparse_sums_agree_with_the_formulas_over_every_part():
    rng = random.Random(13)
    vocab = [f"w{i}" for i in range(40)]
    parts = {f"doc{i:02d}": [rng.choice(vocab[: rng.randint(3, 40)]) for _ in range(rng.randint(5, 80))]
             for i in range(25)}
    table = dispersion_table(long_counts(parts)).set_index("term")
    assert sorted(table.index) == sorted({w for ws in parts.values() for w in ws})
    for term in table.index:
        dp, dp_norm, d = brute_force(parts, term)
        row = table.loc[term]
        assert row.dp == pytest.approx(dp, abs=1e-12), term
        assert row.dp_norm == pytest.approx(dp_norm, abs=1e-12), term
        assert row.juilland_d == pytest.approx(max(d, 0.0), abs=1e-9), term
        assert row.docs_using == sum(term in ws for ws in parts.values())


def test_groups_sizes_and_a_document_without_the_term():
    counts = pd.DataFrame({"doc_id": ["x1", "x2", "y1", "y1"], "term": ["peace", "peace", "peace", "war"],
                           "count": [2, 2, 1, 3]})
    # x3 has 4 words but none counted here: it is still a part of group x
    sizes = {"x1": 4, "x2": 4, "x3": 8, "y1": 4}
    groups = {"x1": "x", "x2": "x", "x3": "x", "y1": "y"}
    t = dispersion_table(counts, sizes, groups)
    assert list(t.columns) == DISPERSION_COLUMNS
    assert t[["group", "term", "frequency", "docs_using", "n_docs"]].values.tolist() == [
        ["x", "peace", 4, 2, 3], ["y", "peace", 1, 1, 1], ["y", "war", 3, 1, 1]]
    x = t.iloc[0]
    # s = (4, 4, 8) / 16 = (.25, .25, .5); v/f = (.5, .5, 0): DP = .5 * (.25 + .25 + .5) = .5; DP_norm = .5 / .75
    assert x.dp == pytest.approx(0.5) and x.dp_norm == pytest.approx(0.5 / 0.75)
    # rates (.5, .5, 0): mean 1/3, sd sqrt(2)/6 -> V = sqrt(2)/2, D = 1 - (sqrt(2)/2) / sqrt(2) = .5
    assert x.juilland_d == pytest.approx(0.5)
    # a group of one document: DP is 0 (all of it where all the words are); DP_norm and D undefined
    y = t.iloc[1]
    assert y.dp == 0 and math.isnan(y.dp_norm) and math.isnan(y.juilland_d)


def test_documents_without_a_group_are_left_out():
    counts = pd.DataFrame({"doc_id": ["a", "b", "c"], "term": ["t", "t", "t"], "count": [1, 1, 5]})
    assignment = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["g", "g", ""], "order": [1, 1, 0]})
    t = dispersion_table(counts, groups=assignment)
    assert t[["group", "frequency", "n_docs", "dp"]].values.tolist() == [["g", 2, 2, 0.0]]


# ---------------------------------------------------------------- the real corpus

ADMM, EVENT, RSIS = "admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"


@pytest.fixture(scope="module")
def real(built, real_term_counts, repo_paths):
    counts = real_term_counts
    return counts, dispersion_table(counts).set_index("term")


def test_real_mutual_aid_sits_in_one_document(real):
    counts, t = real
    size = counts.groupby("doc_id")["count"].sum()
    s = size / size.sum()
    row = t.loc["mutual_aid"]
    # 16 "mutual aid" in the commentary, none elsewhere: DP = .5 * ((1 - s_rsis) + s_admm + s_event) = 1 - s_rsis,
    # the most DP can be for it, and DP_norm = (1 - s_rsis) / (1 - min s) = 1 only if the commentary were the smallest.
    assert (row.frequency, row.docs_using, row.n_docs) == (16, 1, 3)
    assert row.dp == pytest.approx(1 - s[RSIS])
    assert row.dp_norm == pytest.approx((1 - s[RSIS]) / (1 - s.min()))
    assert row.juilland_d == pytest.approx(0.0, abs=1e-12)
    # "asean": 27 on the event page, 23 in the statement, 7 in the commentary (read off the cleaned texts:
    # "ASEAN" and "ASEAN's" as words, not "ASEAN-led"); in all three, but a third of it out of proportion
    asean = t.loc["asean"]
    v = counts[counts.term == "asean"].set_index("doc_id")["count"]
    assert v.to_dict() == {ADMM: 23, EVENT: 27, RSIS: 7} and asean.docs_using == 3
    assert asean.dp == pytest.approx(0.5 * sum(abs(v[d] / 57 - s[d]) for d in s.index))
    assert round(asean.dp, 6) == 0.32118 and asean.dp < row.dp
