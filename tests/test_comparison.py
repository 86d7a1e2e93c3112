"""Grouped keyness: the four-cell formula from the group totals, dispersion beside it, the bootstrap, the real corpus."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from pipeline.comparison import (KEYNESS_COLUMNS, SUMMARY_COLUMNS, comparison_summary, grouped_comparison,
                                 grouped_keyness)
from pipeline.dispersion import dispersion_table
from pipeline.groups import assign_groups
from pipeline.tokens import load_stopwords

from pipeline.keyness import keyness_table
from pipeline.params import TextstatsParams

#: The keyness settings the textstats stage runs with by default.
KEYNESS = {"min_count": TextstatsParams().keyness_min_count, "min_expected": TextstatsParams().keyness_min_expected}


def four_cell(a: float, b: float, nt: float, nr: float) -> dict[str, float]:
    """G2, Log Ratio and p of one term from its 2x2 table, written out cell by cell (independent of pipeline.keyness)."""
    n = nt + nr
    observed = [a, b, nt - a, nr - b]
    expected = [(a + b) * nt / n, (a + b) * nr / n, (n - a - b) * nt / n, (n - a - b) * nr / n]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o > 0)
    sign = -1 if a / nt < b / nr else 1
    lr = math.log2((max(a, 0.5) if a else 0.5) / nt / ((b if b else 0.5) / nr))
    return {"g2": sign * g2, "log_ratio": lr, "p": math.erfc(math.sqrt(g2 / 2))}


def counts_of(docs: dict[str, str]) -> pd.DataFrame:
    rows = [(d, t, n) for d, text in docs.items() for t, n in sorted(Counter(text.split()).items())]
    return pd.DataFrame(rows, columns=["doc_id", "term", "count"])


#            group x                                 group y                      group z
TINY = {"x1": "peace peace peace war", "x2": "peace aid aid aid aid", "y1": "war war war war war peace",
        "z1": "aid aid war war"}
GROUPS = {"x1": "x", "x2": "x", "y1": "y", "z1": "z"}


@pytest.fixture(scope="module")
def tiny():
    documents = pd.DataFrame({"doc_id": list(GROUPS), "date": ["2020"] * 4, "track": list(GROUPS.values())})
    assignment = assign_groups(documents, "track")
    return counts_of(TINY), assignment


def row(k, target, term, reference="rest"):
    hit = k[(k.target == target) & (k.reference == reference) & (k.term == term)]
    assert len(hit) == 1, (target, reference, term)
    return hit.iloc[0]


def test_group_against_the_rest_by_hand(tiny):
    counts, assignment = tiny
    k = grouped_keyness(counts, assignment)
    assert list(k.columns) == KEYNESS_COLUMNS
    # totals: x 4 + 5 = 9 words, y 6, z 4; N = 19. "peace": 3 + 1 in x, 1 in y, 0 in z.
    peace = row(k, "x", "peace")
    assert (peace.n_target, peace.n_reference, peace.docs_target, peace.docs_reference) == (4, 1, 2, 1)
    # Log Ratio = log2((4/9) / (1/10)) = log2(4.4444) = 2.152003
    assert peace.log_ratio == pytest.approx(2.152003, abs=1e-6)
    # G2 from the four cells: O = (4, 1, 5, 9), E = (5*9/19, 5*10/19, 14*9/19, 14*10/19) = (2.368, 2.632, 6.632, 7.368)
    # 2 * (4 ln(4/2.368) + 1 ln(1/2.632) + 5 ln(5/6.632) + 9 ln(9/7.368)) = 2 * (2.0971 - .9676 - 1.4124 + 1.7996) = 3.0333
    assert peace.g2 == pytest.approx(3.033, abs=1e-3)
    expect = four_cell(4, 1, 9, 10)
    assert (peace.g2, peace.log_ratio, peace.p) == pytest.approx((expect["g2"], expect["log_ratio"], expect["p"]), rel=1e-12)
    assert peace.comparison == "group_vs_rest" and peace.reference == "rest"
    # every row of every comparison agrees with the four cells built from its group's totals
    totals = {"x": 9, "y": 6, "z": 4}
    for r in k.itertuples():
        e = four_cell(r.n_target, r.n_reference, totals[r.target], 19 - totals[r.target])
        assert (r.g2, r.log_ratio, r.p) == pytest.approx((e["g2"], e["log_ratio"], e["p"]), rel=1e-9, abs=1e-12)
    # rows sorted by comparison (groups in order) and term
    assert k["target"].tolist() == sorted(k["target"].tolist())
    assert k[k.target == "x"]["term"].tolist() == ["aid", "peace", "war"]


def test_a_term_absent_from_the_target_is_listed_when_expected(tiny):
    counts, assignment = tiny
    # "aid" is not in y: at y's share of the words (6/19) 6 * 6/19 = 1.89 were expected there
    aid = row(grouped_keyness(counts, assignment), "y", "aid")
    assert (aid.n_target, aid.n_reference, aid.docs_target, aid.docs_reference) == (0, 6, 0, 2)
    assert aid.g2 < 0 and aid.log_ratio == pytest.approx(math.log2((0.5 / 6) / (6 / 13)))
    assert math.isnan(aid.dp) and math.isnan(aid.dp_norm)
    k2 = grouped_keyness(counts, assignment, min_expected=2.0)
    assert k2[(k2.target == "y") & (k2.term == "aid")].empty
    # min_count applies to the grouped documents' totals: "peace" 5, "aid" 6, "war" 8
    assert set(grouped_keyness(counts, assignment, min_count=6)["term"]) == {"aid", "war"}


def test_pairs_use_the_two_groups_totals_only(tiny):
    counts, assignment = tiny
    k = grouped_keyness(counts, assignment, pairs=[("y", "x")], rest=False)
    assert set(k["comparison"]) == {"pair"} and set(k["reference"]) == {"x"}
    war = row(k, "y", "war", reference="x")
    # "war": 5 of y's 6 words against 1 of x's 9; z plays no part
    assert (war.n_target, war.n_reference, war.docs_target, war.docs_reference) == (5, 1, 1, 1)
    e = four_cell(5, 1, 6, 9)
    assert (war.g2, war.log_ratio, war.p) == pytest.approx((e["g2"], e["log_ratio"], e["p"]), rel=1e-12)
    assert war.log_ratio == pytest.approx(math.log2((5 / 6) / (1 / 9)))
    s = comparison_summary(counts, assignment, pairs=[("y", "x")])
    assert list(s.columns) == SUMMARY_COLUMNS
    assert s.values.tolist() == [
        ["group_vs_rest", "x", "rest", 2, 2, 9, 10], ["group_vs_rest", "y", "rest", 1, 3, 6, 13],
        ["group_vs_rest", "z", "rest", 1, 3, 4, 15], ["pair", "y", "x", 1, 2, 6, 9]]
    both = grouped_comparison(counts, assignment, pairs=[("y", "x")])   # one pass, the same two tables
    pd.testing.assert_frame_equal(both[0], grouped_keyness(counts, assignment, pairs=[("y", "x")]))
    pd.testing.assert_frame_equal(both[1], s)


def test_dispersion_columns_are_the_targets(tiny):
    counts, assignment = tiny
    k = grouped_keyness(counts, assignment)
    d = dispersion_table(counts, groups=assignment).set_index(["group", "term"])
    peace = row(k, "x", "peace")
    # x1 4 words (peace 3), x2 5 words (peace 1): s = (4/9, 5/9), v/f = (3/4, 1/4)
    # DP = .5 * (|.75 - .4444| + |.25 - .5556|) = .305556; DP_norm = .305556 / (1 - 4/9) = .55
    assert peace.dp == pytest.approx(0.5 * (abs(0.75 - 4 / 9) + abs(0.25 - 5 / 9)))
    assert peace.dp_norm == pytest.approx(0.55)
    for r in k[k.n_target > 0].itertuples():
        ref = d.loc[(r.target, r.term)]
        assert (r.dp, r.docs_target) == (pytest.approx(ref.dp), ref.docs_using)


def test_stopwords_leave_the_totals(tiny):
    counts, assignment = tiny
    k = grouped_keyness(counts, assignment, stop=frozenset({"war"}))
    assert "war" not in set(k["term"])
    peace = row(k, "x", "peace")
    # without "war": x 8 words, y 1, z 2 -> log2((4/8) / (1/3))
    assert peace.log_ratio == pytest.approx(math.log2((4 / 8) / (1 / 3)))


def test_documents_without_a_group_are_in_neither_side(tiny):
    counts, assignment = tiny
    a = assignment.copy()
    a.loc[a.doc_id == "z1", ["group", "order", "note"]] = ["", 0, "its track is empty"]
    k = grouped_keyness(counts, a)
    assert set(k["target"]) == {"x", "y"}
    war = row(k, "y", "war")
    assert (war.n_target, war.n_reference) == (5, 1)      # z1's two "war" are nowhere
    assert grouped_keyness(counts, a[a.group == "x"]).empty  # one group: no "rest" to compare with


def test_bootstrap_interval_worked_by_hand():
    # Target t: d1 "peace" 1 of 10 words, d2 3 of 10. Reference r: two identical documents, 1 of 10.
    # A replicate draws two of t's documents: (d1, d1) gives Log Ratio log2(.1/.1) = 0, (d2, d2) log2(.3/.1) = 1.585,
    # a mixed draw log2(.2/.1) = 1 (also the estimate). Each pure draw has probability 1/4, so the 2.5th and
    # 97.5th percentiles of 2,000 replicates are 0 and log2(3).
    docs = {"d1": "peace " + "w " * 9, "d2": "peace " * 3 + "w " * 7, "r1": "peace " + "w " * 9, "r2": "peace " + "w " * 9}
    documents = pd.DataFrame({"doc_id": list(docs), "date": "2020", "side": ["t", "t", "r", "r"]})
    k = grouped_keyness(counts_of(docs), assign_groups(documents, "side"), bootstrap=2000, seed=7)
    peace = row(k, "t", "peace")
    assert peace.log_ratio == pytest.approx(1.0)
    assert (peace.log_ratio_low, peace.log_ratio_high) == pytest.approx((0.0, math.log2(3)))
    # the reference side is made of identical documents: its own interval does not move
    r = row(k, "r", "peace")
    assert r.log_ratio == pytest.approx(-1.0)
    assert (r.log_ratio_low, r.log_ratio_high) == pytest.approx((-math.log2(3), 0.0))


def test_bootstrap_is_seeded_limited_to_the_strongest_and_skips_single_documents(tiny):
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(30)]
    docs = {f"{g}{i}": " ".join(rng.choice(vocab[: 10 + 10 * j], size=60)) for j, g in enumerate("abc") for i in range(6)}
    documents = pd.DataFrame({"doc_id": list(docs), "date": "2020", "g": [d[0] for d in docs]})
    counts, assignment = counts_of(docs), assign_groups(documents, "g")
    k1 = grouped_keyness(counts, assignment, pairs=[("c", "a")], bootstrap=200, bootstrap_top_n=3, seed=11)
    k2 = grouped_keyness(counts, assignment, pairs=[("c", "a")], bootstrap=200, bootstrap_top_n=3, seed=11)
    k3 = grouped_keyness(counts, assignment, pairs=[("c", "a")], bootstrap=200, bootstrap_top_n=3, seed=12)
    pd.testing.assert_frame_equal(k1, k2)
    assert not k1["log_ratio_low"].equals(k3["log_ratio_low"])
    done = k1.dropna(subset=["log_ratio_low"])
    # 3 highest and 3 lowest G2 of each of the four comparisons
    assert done.groupby(["comparison", "target", "reference"]).size().tolist() == [6, 6, 6, 6]
    top = k1[(k1.target == "a") & (k1.reference == "rest")].sort_values(["g2", "term"], ascending=[False, True])
    assert top["log_ratio_low"].notna().tolist()[:3] == [True, True, True]
    assert (done.log_ratio_low <= done.log_ratio_high).all()
    # a one-document group cannot be resampled: no interval
    counts_t, assignment_t = tiny
    kt = grouped_keyness(counts_t, assignment_t, bootstrap=50)
    assert kt[kt.target != "x"]["log_ratio_low"].isna().all()
    assert kt[kt.target == "x"]["log_ratio_low"].notna().any()


# ---------------------------------------------------------------- the real corpus

ADMM, EVENT, RSIS = "admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"
PERIODS = {"Jan-Oct 2025": "2025-01/2025-10", "Nov-Dec 2025": "2025-11/2025-12"}


@pytest.fixture(scope="module")
def real(built, real_term_counts, repo_paths):
    stop = load_stopwords(repo_paths.root / "config" / "stopwords.txt")
    return built.documents, real_term_counts, stop


def test_real_grouping_by_genre_reproduces_the_genre_rows_of_keyness(real):
    documents, counts, stop = real
    grouped = grouped_keyness(counts, assign_groups(documents, "genre"), stop=stop)
    genres = {g: list(sub.doc_id) for g, sub in documents.groupby("genre")}
    ungrouped = keyness_table(counts, {f"genre:{g}": ds for g, ds in genres.items()}, stop=stop, **KEYNESS)
    ungrouped["target"] = ungrouped["target"].str.removeprefix("genre:")
    cols = ["target", "term", "n_target", "n_reference"]
    merged = grouped.merge(ungrouped, on=cols, how="outer", suffixes=("", "_u"), indicator=True)
    assert (merged["_merge"] == "both").all() and len(merged) == len(grouped) == len(ungrouped)
    for stat in ("g2", "chi2", "log_ratio", "p"):
        np.testing.assert_allclose(merged[stat], merged[f"{stat}_u"], rtol=1e-12, atol=1e-300)


def test_real_grouping_by_document_reproduces_the_document_rows_of_keyness(real):
    documents, counts, stop = real
    grouped = grouped_keyness(counts, assign_groups(documents, "doc_id"), stop=stop)
    ungrouped = keyness_table(counts, {d: [d] for d in sorted(documents.doc_id)}, stop=stop, **KEYNESS)
    cols = ["target", "term", "n_target", "n_reference"]
    merged = grouped.merge(ungrouped, on=cols, how="outer", suffixes=("", "_u"), indicator=True)
    assert (merged["_merge"] == "both").all() and len(merged) == len(grouped) == len(ungrouped) > 1000
    np.testing.assert_allclose(merged["g2"], merged["g2_u"], rtol=1e-12)
    # one document per group: every keyword sits in one document, DP is 0 and DP_norm undefined
    used = grouped[grouped.n_target > 0]
    assert (used.docs_target == 1).all() and (used.dp == 0).all() and used.dp_norm.isna().all()


def test_real_women_commentary_against_the_rest_from_the_totals(real):
    documents, counts, stop = real
    k = grouped_keyness(counts, assign_groups(documents, "genre"), stop=stop)
    s = comparison_summary(counts, assign_groups(documents, "genre"), stop=stop).set_index("target")
    women = row(k, "commentary", "women")
    # "women" as a term: 23 in the commentary, 3 on the event page, 0 in the statement (tests/test_textstats.py)
    assert (women.n_target, women.n_reference, women.docs_target, women.docs_reference) == (23, 3, 1, 1)
    nt, nr = s.at["commentary", "words_target"], s.at["commentary", "words_reference"]
    kept = counts[~counts.term.isin(stop)]
    assert nt == kept[kept.doc_id == RSIS]["count"].sum() and nt + nr == kept["count"].sum()
    e = four_cell(23, 3, nt, nr)
    assert (women.g2, women.log_ratio, women.p) == pytest.approx((e["g2"], e["log_ratio"], e["p"]), rel=1e-12)
    assert women.g2 > 10 and women.p < 0.001


def test_real_pair_of_periods_leaves_the_year_only_commentary_out(real):
    documents, counts, stop = real
    assignment = assign_groups(documents, "period", PERIODS)
    k = grouped_keyness(counts, assignment, pairs=[("Nov-Dec 2025", "Jan-Oct 2025")], rest=False, stop=stop)
    assert set(zip(k.target, k.reference)) == {("Nov-Dec 2025", "Jan-Oct 2025")}
    women = row(k, "Nov-Dec 2025", "women", reference="Jan-Oct 2025")
    # the statement (November) never says "women"; the event page (September) says it 3 times
    assert (women.n_target, women.n_reference) == (0, 3)
    kept = counts[~counts.term.isin(stop)]
    nt, nr = kept[kept.doc_id == ADMM]["count"].sum(), kept[kept.doc_id == EVENT]["count"].sum()
    e = four_cell(0, 3, nt, nr)
    assert (women.g2, women.log_ratio) == pytest.approx((e["g2"], e["log_ratio"]), rel=1e-12)
    assert "mutual_aid" not in set(k.term)                  # only the commentary, left out, says it
