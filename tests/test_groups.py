"""Groups and periods: dates of every precision, boundaries, refusals, and the real corpus's three dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.errors import PipelineError
from pipeline.groups import (assign_groups, consecutive_pairs, date_span, group_members, group_order, group_sizes,
                             parse_periods, resolve_pairs, unassigned, unassigned_message)

D = dt.date


def docs(dates, **columns):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(1, len(dates) + 1)], "date": dates, **columns})


# ---------------------------------------------------------------- dates and periods


def test_date_span_of_each_precision():
    assert date_span("2023") == (D(2023, 1, 1), D(2023, 12, 31))
    assert date_span("2023-02") == (D(2023, 2, 1), D(2023, 2, 28))   # not a leap year
    assert date_span("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))   # a leap year
    assert date_span("2023-04") == (D(2023, 4, 1), D(2023, 4, 30))
    assert date_span("2023-12-31") == (D(2023, 12, 31), D(2023, 12, 31))
    for bad in ("23", "2023/04", "April 2023", "2023-13", ""):
        with pytest.raises(ValueError):
            date_span(bad)


def test_parse_periods_ranges_and_order():
    ps = parse_periods({"late": "2022-2025", "early": "2017-2021", "one year": "2026", "a month": "2027-03",
                        "interval": "2028-07-14/2029-06"})
    assert [(p.label, p.start, p.end) for p in ps] == [
        ("early", D(2017, 1, 1), D(2021, 12, 31)),       # both years included
        ("late", D(2022, 1, 1), D(2025, 12, 31)),
        ("one year", D(2026, 1, 1), D(2026, 12, 31)),
        ("a month", D(2027, 3, 1), D(2027, 3, 31)),
        ("interval", D(2028, 7, 14), D(2029, 6, 30)),     # from its first day to the last day of June
    ]
    assert [p.label for p in parse_periods(["2022-2025", "2017-2021"])] == ["2017-2021", "2022-2025"]


@pytest.mark.parametrize("spec, message", [
    ({"a": "2017-2022", "b": "2022-2025"}, "periods 'a' (2017-01-01 to 2022-12-31) and 'b' (2022-01-01 to 2025-12-31) overlap"),
    ({"a": "2021-2017"}, "period 'a' (2021-2017) ends before it starts"),
    ({"a": "from 2017"}, "period 'a' is 'from 2017', which is not a range"),
    ({"a": "2017-2018", "": "2019"}, "a period has an empty name"),
    ({}, "no periods are given"),
])
def test_parse_periods_refuses_with_a_message(spec, message):
    with pytest.raises(PipelineError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_periods(spec)


def test_period_boundaries_are_inclusive_for_every_precision():
    periods = {"early": "2017-2021", "late": "2022-2025"}
    d = docs(["2017", "2021-12-31", "2021-12", "2022-01-01", "2022", "2025-12-31", "2016-12-31", "2026-01"])
    a = assign_groups(d, "period", periods)
    assert a["group"].tolist() == ["early", "early", "early", "late", "late", "late", "", ""]
    assert a["order"].tolist() == [1, 1, 1, 2, 2, 2, 0, 0]
    assert a["note"].tolist()[-2:] == ["date 2016-12-31 is outside every period", "date 2026-01 is outside every period"]


def test_a_year_only_date_that_straddles_two_periods_is_not_guessed():
    # The RPA was adopted in November 2022: periods with a month boundary.
    periods = {"before RPA": "2017/2022-10", "after RPA": "2022-11/2025"}
    d = docs(["2022", "2022-10", "2022-11", "2022-10-31", "2022-11-01"])
    a = assign_groups(d, "period", periods)
    assert a["group"].tolist() == ["", "before RPA", "after RPA", "before RPA", "after RPA"]
    assert a["note"].iat[0] == ("date 2022 (known to the year) is not inside one period: it overlaps 'before RPA' "
                                "and 'after RPA'; give a fuller date in the manifest or move a period's boundary")


def test_a_date_partly_inside_a_single_period_is_not_guessed():
    a = assign_groups(docs(["2022", "2022-06"]), "period", {"H1": "2022-01/2022-06"})
    assert a["group"].tolist() == ["", "H1"]
    assert a["note"].iat[0].startswith("date 2022 (known to the year) is not inside one period: it overlaps 'H1'")


def test_year_and_decade_groupings_in_chronological_order():
    d = docs(["2019-12-31", "2020", "2009-05", "2010-01-01", "2020-02"])
    years = assign_groups(d, "year")
    assert years["group"].tolist() == ["2019", "2020", "2009", "2010", "2020"]
    assert group_order(years) == ["2009", "2010", "2019", "2020"]
    decades = assign_groups(d, "decade")
    assert decades["group"].tolist() == ["2010s", "2020s", "2000s", "2010s", "2020s"]
    assert decades["order"].tolist() == [2, 3, 1, 2, 3]
    assert (decades["note"] == "").all()


def test_grouping_by_a_scholars_own_column():
    d = docs(["2020", "2021", "2022", "2023"], track=["wps", "defence", "", "wps"])
    a = assign_groups(d, "track")
    assert list(a.columns) == ["doc_id", "date", "group", "order", "note"]
    assert a["group"].tolist() == ["wps", "defence", "", "wps"]
    assert a["order"].tolist() == [2, 1, 0, 2]                  # alphabetical: defence, wps
    assert a["note"].iat[2] == "its track is empty"
    assert group_members(a) == {"defence": ["d2"], "wps": ["d1", "d4"]}
    assert unassigned(a)["doc_id"].tolist() == ["d3"]


def test_rows_sorted_by_doc_id_whatever_the_input_order():
    d = pd.DataFrame({"doc_id": ["b", "c", "a"], "date": ["2021", "2019", "2020"], "genre": ["x", "y", "x"]})
    a = assign_groups(d, "genre")
    assert a["doc_id"].tolist() == ["a", "b", "c"] and a["group"].tolist() == ["x", "x", "y"]


def test_refusals_name_the_problem():
    d = docs(["2020"], genre=["commentary"])
    with pytest.raises(PipelineError, match=r"cannot group documents by 'track': .* \(it has date, genre; or use year, decade or period\)"):
        assign_groups(d, "track")
    with pytest.raises(PipelineError, match="needs named periods"):
        assign_groups(d, "period")
    with pytest.raises(PipelineError, match="a column called 'year'"):
        assign_groups(docs(["2020"], year=["2020"]), "year")


def test_unassigned_message_lists_the_documents():
    a = assign_groups(docs(["2016", "2018", "2030"]), "period", {"2017-2021": "2017-2021"})
    assert unassigned_message(a, "period") == (
        "2 of 3 documents have no period and are left out of the grouped comparisons: "
        "d1 (date 2016 is outside every period); d3 (date 2030 is outside every period).")
    assert unassigned_message(assign_groups(docs(["2018"]), "year"), "year") == ""
    many = assign_groups(docs(["2016"] * 12), "period", {"p": "2017-2021"})
    assert unassigned_message(many, "period", limit=2).endswith("d1 (date 2016 is outside every period); d10 (date 2016 is outside every period), and 10 more.")  # doc_id order: d1, d10, d11, ..., d2


def test_group_sizes_list_empty_named_periods():
    periods = {"a": "2017-2019", "b": "2020", "c": "2021-2022"}
    a = assign_groups(docs(["2018", "2019-05", "2022-01-03"]), "period", periods)
    sizes = group_sizes(a, pd.Series({"d1": 100, "d2": 250, "d3": 40}), groups=group_order(a, periods))
    assert sizes.values.tolist() == [["a", 1, 2, 350], ["b", 2, 0, 0], ["c", 3, 1, 40]]
    assert group_order(a) == ["a", "c"]                       # without the periods: the groups that have documents


def test_pairs_previous_and_chosen():
    order = ["2017-2021", "2022-2025", "2026-2030"]
    assert consecutive_pairs(order) == [("2022-2025", "2017-2021"), ("2026-2030", "2022-2025")]
    assert consecutive_pairs(order[:1]) == []
    assert resolve_pairs(["2026-2030 vs 2017-2021", "previous", ["2022-2025", "2017-2021"]], order) == [
        ("2026-2030", "2017-2021"), ("2022-2025", "2017-2021"), ("2026-2030", "2022-2025")]
    with pytest.raises(PipelineError, match="there is no group 'wps'; the groups are 2017-2021, 2022-2025, 2026-2030"):
        resolve_pairs([["wps", "2017-2021"]], order)
    with pytest.raises(PipelineError, match="compared with itself"):
        resolve_pairs([["2017-2021", "2017-2021"]], order)
    with pytest.raises(PipelineError, match="is not a pair"):
        resolve_pairs([["a", "b", "c"]], order)


# ---------------------------------------------------------------- the real corpus

ADMM, EVENT, RSIS = "admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"


@pytest.fixture(scope="module")
def documents(built):
    return built.documents


def test_real_dates_of_three_precisions(documents):
    # manifest: the event page 2025-09-09, the statement 2025-11-01, the commentary only "2025"
    assert dict(zip(documents.doc_id, documents.date)) == {EVENT: "2025-09-09", ADMM: "2025-11-01", RSIS: "2025"}
    assert assign_groups(documents, "year")["group"].tolist() == ["2025", "2025", "2025"]
    assert assign_groups(documents, "decade")["group"].tolist() == ["2020s", "2020s", "2020s"]
    a = assign_groups(documents, "period", {"Jan-Oct 2025": "2025-01/2025-10", "Nov-Dec 2025": "2025-11/2025-12"})
    got = dict(zip(a.doc_id, a.group))
    assert got == {ADMM: "Nov-Dec 2025", EVENT: "Jan-Oct 2025", RSIS: ""}   # the commentary's year spans both
    assert unassigned_message(a, "period").startswith(
        f"1 of 3 documents has no period and is left out of the grouped comparisons: {RSIS} (date 2025 (known to the year)")
    assert group_members(assign_groups(documents, "genre")) == {"commentary": [RSIS], "event_page": [EVENT],
                                                                "joint_statement": [ADMM]}
