"""Groups of documents to compare: a manifest column, or a period derived from the date.

A *grouping* names how documents are put together for comparison:

* any column of the documents table (``genre``, ``publisher``, or a scholar's own
  manifest column such as ``track`` or ``chair``): one group per distinct value,
  in alphabetical order;
* ``year``: one group per calendar year of ``date`` (``"2025"``);
* ``decade``: one group per decade (``"2020s"`` = 2020-2029);
* ``period``: the named periods given as ranges (:func:`parse_periods`), in
  chronological order.

Dates are ISO 8601 at the precision known (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``), and a date stands for the whole span it names: ``2025`` is
1 January to 31 December 2025, ``2025-11`` the whole of November. A document
belongs to the period that holds its whole span. So a document dated only
``2022`` falls in ``2017-2022`` or ``2022-2025`` without doubt, but not in
``2022-11/2025`` when another period ends in October 2022: its span
overlaps both, and it is *not assigned*, with a note saying why. A document
outside every named period is not assigned either; nothing is guessed. The
assignment table says, for each document, its group or why it has none
(:func:`unassigned_message` turns that into one sentence for the notebook).

Everything here is pure: DataFrames and plain data in, DataFrames out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from .errors import PipelineError

#: Groupings derived from ``date`` rather than read from a column.
DATE_GROUPINGS = ("year", "decade", "period")

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEARS = re.compile(r"(\d{4})\s*-\s*(\d{4})")

#: Columns of the table :func:`assign_groups` returns.
ASSIGNMENT_COLUMNS = ["doc_id", "date", "group", "order", "note"]


@dataclass(frozen=True)
class Period:
    """A named period: every day from ``start`` to ``end``, both included."""

    label: str
    start: dt.date
    end: dt.date

    def holds(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= first and last <= self.end

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and first <= self.end


def date_span(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO 8601 date of any precision stands for.

    >>> date_span("2024")
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> date_span("2024-02")                  # a leap year: February has 29 days
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> date_span("2024-07-27")
    (datetime.date(2024, 7, 27), datetime.date(2024, 7, 27))
    """
    m = _DATE.fullmatch(str(value).strip())
    if not m:
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    d = dt.date(year, month, day)
    return d, d


def _range(text: str) -> tuple[dt.date, dt.date]:
    text = str(text).strip()
    m = _YEARS.fullmatch(text)
    if m:  # "2017-2021": whole years, both included
        return date_span(m.group(1))[0], date_span(m.group(2))[1]
    if "/" in text:  # ISO 8601 interval "2022-11/2025": start of the first to the end of the second
        first, _, last = text.partition("/")
        return date_span(first.strip())[0], date_span(last.strip())[1]
    return date_span(text)  # one year, month or day


def parse_periods(spec: Mapping[str, str] | Sequence[str], source: str = "periods") -> list[Period]:
    """Named periods from ``{label: range}`` (or a list of ranges, each its own label), sorted by start.

    A range is ``"2017-2021"`` (whole years, both included), one year ``"2022"``,
    one month ``"2022-11"``, or an ISO 8601 interval ``"2022-11/2025"`` or
    ``"2022-11-13/2025-06-30"`` (from the first day of its start to the last day
    of its end). Periods may leave gaps between them but may not overlap: a
    document would belong to two groups. Errors name ``source``.

    >>> [(p.label, str(p.start), str(p.end)) for p in parse_periods({"RPA": "2022-2025", "before": "2017-2021"})]
    [('before', '2017-01-01', '2021-12-31'), ('RPA', '2022-01-01', '2025-12-31')]
    >>> [(p.label, str(p.end)) for p in parse_periods(["2022-11/2023"])]
    [('2022-11/2023', '2023-12-31')]
    """
    items = list(spec.items()) if isinstance(spec, Mapping) else [(str(r), r) for r in spec]
    if not items:
        raise PipelineError(f"{source}: no periods are given; name at least one, e.g. {{'2017-2021': '2017-2021'}}.")
    periods = []
    for label, text in items:
        label = str(label).strip()
        if not label:
            raise PipelineError(f"{source}: a period has an empty name.")
        try:
            start, end = _range(text)
        except ValueError:
            raise PipelineError(
                f"{source}: period {label!r} is {text!r}, which is not a range; write years as '2017-2021', "
                "or an ISO 8601 interval such as '2022-11/2025' or '2022-11-13/2025-06-30'.") from None
        if end < start:
            raise PipelineError(f"{source}: period {label!r} ({text}) ends before it starts.")
        periods.append(Period(label, start, end))
    labels = [p.label for p in periods]
    dup = sorted({x for x in labels if labels.count(x) > 1})
    if dup:
        raise PipelineError(f"{source}: the period name {dup[0]!r} is used twice.")
    periods.sort(key=lambda p: (p.start, p.end))
    for a, b in zip(periods, periods[1:]):
        if b.start <= a.end:
            raise PipelineError(
                f"{source}: periods {a.label!r} ({a.start} to {a.end}) and {b.label!r} ({b.start} to {b.end}) "
                "overlap; a document would belong to both. Make them disjoint.")
    return periods


def _precision(value: str) -> str:
    return {1: "year", 2: "month", 3: "day"}[len(str(value).strip().split("-"))]


def _period_of(value: str, periods: Sequence[Period]) -> tuple[str, str]:
    """(label, "") for the period holding the whole span of ``value``, else ("", why not)."""
    first, last = date_span(value)
    touching = [p for p in periods if p.overlaps(first, last)]
    if len(touching) == 1 and touching[0].holds(first, last):
        return touching[0].label, ""
    if not touching:
        return "", f"date {value} is outside every period"
    names = " and ".join(repr(p.label) for p in touching)
    return "", (f"date {value} (known to the {_precision(value)}) is not inside one period: it overlaps {names}; "
                "give a fuller date in the manifest or move a period's boundary")


def _decade(year: int) -> str:
    return f"{year // 10 * 10}s"


def assign_groups(documents: pd.DataFrame, by: str, periods: Mapping[str, str] | Sequence[str] | None = None) -> pd.DataFrame:
    """The group of every document, or why it has none.

    Parameters
    ----------
    documents : the documents table (``doc_id``, ``date`` and the manifest columns).
    by : a column of ``documents``, or ``"year"``, ``"decade"`` or ``"period"``
        (see the module docstring). A column that happens to be called ``year``,
        ``decade`` or ``period`` is refused as ambiguous.
    periods : the named periods, for ``by="period"`` (see :func:`parse_periods`).

    Returns
    -------
    DataFrame, one row per document, sorted by ``doc_id``:

    * ``doc_id``: document identifier;
    * ``date``: its date as in the manifest;
    * ``group``: its group (a column value, ``"2025"``, ``"2020s"`` or a period's
      name); empty if it has none;
    * ``order``: the group's place among the groups (1 = first: the earliest period,
      or the first value alphabetically); 0 if the document has no group;
    * ``note``: why the document has no group (outside every period, a date that
      overlaps two periods, an empty value); empty if it has one.

    Examples
    --------
    Periods 2017-2021 and 2022-2025; a document known only to the year 2022 falls
    in the second, one of 2016 in neither:

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2019-03-08", "2022", "2016"]})
    >>> assign_groups(docs, "period", {"early": "2017-2021", "late": "2022-2025"})[["doc_id", "group", "order", "note"]].values.tolist()
    [['a', 'early', 1, ''], ['b', 'late', 2, ''], ['c', '', 0, 'date 2016 is outside every period']]
    >>> assign_groups(docs, "decade")["group"].tolist()
    ['2010s', '2020s', '2010s']
    """
    if "doc_id" not in documents:
        raise PipelineError("the documents table has no doc_id column.")
    docs = documents.sort_values("doc_id", kind="mergesort")
    ids = [str(d) for d in docs["doc_id"]]
    dates = [str(d) for d in docs["date"]] if "date" in docs else [""] * len(ids)
    groups: list[str]
    notes: list[str]
    if by in DATE_GROUPINGS:
        if by in documents.columns:
            raise PipelineError(
                f"the documents have a column called {by!r}, and {by!r} also names a grouping by date; "
                "rename the column in the manifest.")
        if "date" not in docs:
            raise PipelineError(f"grouping by {by} needs a date column in the documents table.")
        if by == "period":
            if periods is None:
                raise PipelineError("grouping by period needs named periods (e.g. {'2017-2021': '2017-2021'}).")
            plist = parse_periods(periods)
            pairs = [_period_of(d, plist) for d in dates]
            groups, notes = [g for g, _ in pairs], [n for _, n in pairs]
            rank = {p.label: i for i, p in enumerate(plist, start=1)}
        else:
            years = [date_span(d)[0].year for d in dates]
            groups = [str(y) if by == "year" else _decade(y) for y in years]
            notes = [""] * len(ids)
            rank = {g: i for i, g in enumerate(sorted(set(groups), key=lambda g: int(g.rstrip("s"))), start=1)}
    else:
        if by not in documents.columns:
            known = ", ".join(c for c in documents.columns if c != "doc_id")
            raise PipelineError(
                f"cannot group documents by {by!r}: the documents table has no such column "
                f"(it has {known}; or use year, decade or period).")
        values = ["" if pd.isna(v) else str(v).strip() for v in docs[by]]
        groups = values
        notes = ["" if v else f"its {by} is empty" for v in values]
        rank = {g: i for i, g in enumerate(sorted({v for v in values if v}), start=1)}
    order = [rank.get(g, 0) if g else 0 for g in groups]
    return pd.DataFrame({"doc_id": ids, "date": dates, "group": groups, "order": order, "note": notes},
                        columns=ASSIGNMENT_COLUMNS)


def group_order(assignment: pd.DataFrame, periods: Mapping[str, str] | Sequence[str] | None = None) -> list[str]:
    """The groups in order; with ``periods``, every named period, even one holding no document.

    >>> a = pd.DataFrame({"doc_id": ["x", "y"], "group": ["late", "early"], "order": [2, 1]})
    >>> group_order(a)
    ['early', 'late']
    >>> group_order(a, {"early": "2017-2021", "gap": "2022", "late": "2023-2025"})
    ['early', 'gap', 'late']
    """
    if periods is not None:
        return [p.label for p in parse_periods(periods)]
    seen = assignment[assignment["group"] != ""][["group", "order"]].drop_duplicates()
    return [g for g, _ in sorted(zip(seen["group"], seen["order"]), key=lambda x: (x[1], x[0]))]


def group_members(assignment: pd.DataFrame) -> dict[str, list[str]]:
    """``{group: sorted doc_ids}`` in group order (documents without a group left out).

    This is the ``groups`` mapping that :func:`pipeline.keyness.keyness_table` takes.

    >>> a = pd.DataFrame({"doc_id": ["x", "y", "z"], "group": ["b", "a", ""], "order": [2, 1, 0]})
    >>> group_members(a)
    {'a': ['y'], 'b': ['x']}
    """
    out: dict[str, list[str]] = {g: [] for g in group_order(assignment)}
    for doc, g in zip(assignment["doc_id"], assignment["group"]):
        if g:
            out[g].append(doc)
    return {g: sorted(ds) for g, ds in out.items()}


def unassigned(assignment: pd.DataFrame) -> pd.DataFrame:
    """The rows of the documents that have no group (``doc_id, date, note``)."""
    return assignment.loc[assignment["group"] == "", ["doc_id", "date", "note"]].reset_index(drop=True)


def unassigned_message(assignment: pd.DataFrame, by: str, limit: int = 10) -> str:
    """One sentence for the notebook naming the documents left out of the grouped comparisons ('' if none).

    >>> a = pd.DataFrame({"doc_id": ["c"], "date": ["2016"], "group": [""], "order": [0],
    ...                   "note": ["date 2016 is outside every period"]})
    >>> unassigned_message(a, "period")
    '1 of 1 documents has no period and is left out of the grouped comparisons: c (date 2016 is outside every period).'
    """
    left = unassigned(assignment)
    if left.empty:
        return ""
    n = len(left)
    shown = [f"{d} ({note})" for d, note in zip(left["doc_id"], left["note"])][:limit]
    more = f", and {n - limit} more" if n > limit else ""
    verb = "has" if n == 1 else "have"
    return (f"{n} of {len(assignment)} documents {verb} no {by} and {'is' if n == 1 else 'are'} left out of the "
            f"grouped comparisons: {'; '.join(shown)}{more}.")


#: Columns of the table :func:`group_sizes` returns.
GROUP_SIZE_COLUMNS = ["group", "order", "n_docs", "n_words"]


def group_sizes(assignment: pd.DataFrame, words: Mapping[str, int] | pd.Series,
                groups: Iterable[str] | None = None) -> pd.DataFrame:
    """Documents and words per group, in group order.

    ``words`` gives each document's size (e.g. ``documents.n_tokens``, indexed by
    doc_id). With ``groups`` (e.g. :func:`group_order` with the periods), groups
    that hold no document are listed with zeros.

    Returns a DataFrame with ``group`` (name), ``order`` (1 = first),
    ``n_docs`` (documents in the group) and ``n_words`` (their words).

    >>> a = pd.DataFrame({"doc_id": ["x", "y", "z"], "group": ["b", "a", "a"], "order": [2, 1, 1]})
    >>> group_sizes(a, {"x": 10, "y": 5, "z": 7}).values.tolist()
    [['a', 1, 2, 12], ['b', 2, 1, 10]]
    """
    words = pd.Series(words, dtype="int64") if not isinstance(words, pd.Series) else words
    names = list(groups) if groups is not None else group_order(assignment)
    members = group_members(assignment)
    rows = []
    for i, g in enumerate(names, start=1):
        ds = members.get(g, [])
        rows.append((g, i, len(ds), int(words.reindex(ds).fillna(0).sum()) if ds else 0))
    return pd.DataFrame(rows, columns=GROUP_SIZE_COLUMNS)


def consecutive_pairs(order: Sequence[str]) -> list[tuple[str, str]]:
    """Each group against the one before it: ``[(later, earlier), ...]``.

    >>> consecutive_pairs(["2017-2021", "2022-2025", "2026-2030"])
    [('2022-2025', '2017-2021'), ('2026-2030', '2022-2025')]
    """
    return [(b, a) for a, b in zip(order, order[1:])]


def resolve_pairs(spec: Iterable[Any], order: Sequence[str], source: str = "pairs") -> list[tuple[str, str]]:
    """Pairs of groups to compare, each ``(target, reference)``, checked against the groups that exist.

    ``spec`` holds ``[target, reference]`` lists (or ``"target vs reference"``
    strings) and the word ``"previous"``, which stands for every group against the
    one before it (:func:`consecutive_pairs`). Duplicates are dropped, order kept.

    >>> resolve_pairs(["previous", ["c", "a"]], ["a", "b", "c"])
    [('b', 'a'), ('c', 'b'), ('c', 'a')]
    """
    known = list(order)
    out: list[tuple[str, str]] = []
    for item in spec:
        if isinstance(item, str) and item.strip() == "previous":
            pairs = consecutive_pairs(known)
        elif isinstance(item, str) and " vs " in item:
            t, _, r = item.partition(" vs ")
            pairs = [(t.strip(), r.strip())]
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            pairs = [(str(item[0]), str(item[1]))]
        else:
            raise PipelineError(f"{source}: {item!r} is not a pair; write [target, reference], "
                                "'target vs reference' or 'previous'.")
        for t, r in pairs:
            for g in (t, r):
                if g not in known:
                    raise PipelineError(f"{source}: there is no group {g!r}; the groups are {', '.join(known)}.")
            if t == r:
                raise PipelineError(f"{source}: {t!r} is compared with itself.")
            if (t, r) not in out:
                out.append((t, r))
    return out
