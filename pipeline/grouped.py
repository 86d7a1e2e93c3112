"""The grouped analyses of the textstats and network stages, from the ``groups`` section of params.yaml.

Two groupings of the documents are used (:func:`assignments`):

* the *comparison* grouping, ``groups.by`` (a manifest column, ``year``,
  ``decade`` or ``period``): grouped keyness (each group against the rest, and
  the pairs of ``groups.pairs``), the comparison summary and the reference
  keyness of each group; past ``textstats.figure_max_docs`` documents the
  per-document figures show these groups;
* the *time* grouping, ``groups.time_by`` (``year``, ``decade`` or the named
  ``period`` s): the trends of terms, dictionary categories and actors, and
  the actor network of each period.

The statistics live in their own modules (:mod:`pipeline.groups`,
:mod:`pipeline.comparison`, :mod:`pipeline.dispersion`,
:mod:`pipeline.reference`, :mod:`pipeline.trends`,
:mod:`pipeline.backbone`); this module only composes them with the stage's
settings, so that every default comes from :mod:`pipeline.params`. Everything
here is pure (DataFrames in, DataFrames out).

A grouping that cannot be made (a column the manifest does not have, a pair
naming a group that does not exist) stops the stage with one message naming the
key of params.yaml and the fix, every problem at once (:func:`check`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import networkx as nx
import pandas as pd

from .backbone import period_actor_changes, period_edges, period_graphs, period_summary
from .comparison import grouped_comparison
from .errors import PipelineError
from .groups import DATE_GROUPINGS, assign_groups, group_order, resolve_pairs
from .params import GroupsParams, NetworkParams, TextstatsParams
from .reference import reference_keyness
from .schema import GROUP_ASSIGNMENT
from .trends import actor_trends, category_trends, resolve_terms, term_trends

COMPARISON, TIME = "comparison", "time"

#: The tables of each stage that this module makes.
TEXT_TABLES = ("group_assignment", "group_keyness", "group_comparisons", "reference_keyness", "trends")
NETWORK_TABLES = ("actor_trends", "period_networks", "period_actors", "period_edges")

#: Columns of the documents table that are not groupings a scholar would choose (one value per document, or sizes).
NOT_GROUPINGS = ("doc_id", "file", "title", "date", "source", "notes", "sha256", "include", "reason",
                 "allow_cleaning", "n_chars", "n_tokens", "n_segments", "n_removed_lines", "chars_raw",
                 "chars_clean", "removed_share", "top_rule")


def _periods(g: GroupsParams, by: str):
    return dict(g.periods) if by == "period" else None


def check(documents: pd.DataFrame, g: GroupsParams) -> None:
    """Stop with every problem of the groupings at once, each naming its key in params.yaml and the fix."""
    found = []
    if g.by and g.by not in DATE_GROUPINGS and g.by not in documents.columns:
        columns = [c for c in documents.columns if c not in NOT_GROUPINGS]
        found.append(
            f"params.yaml: groups.by is {g.by!r}, which is neither a column of data/raw/manifest.csv nor one of "
            f"{', '.join(DATE_GROUPINGS)}. Fix: add a column {g.by!r} to the manifest (one value per document), "
            f"or group by one of {', '.join(columns + list(DATE_GROUPINGS))}.")
    elif g.by:
        order = group_order(assign_groups(documents, g.by, _periods(g, g.by)))
        try:
            resolve_pairs(g.pairs, order, source="params.yaml: groups.pairs")
        except PipelineError as exc:
            found.append(f"{exc} Fix: name two of the groups of groups.by = {g.by}.")
    if found:
        raise PipelineError(found[0] if len(found) == 1 else
                            f"params.yaml has {len(found)} problems with groups:\n" + "\n".join(f"  - {x}" for x in found))


def assignments(documents: pd.DataFrame, g: GroupsParams) -> dict[str, pd.DataFrame | None]:
    """``{"comparison": assignment by groups.by (None if empty), "time": assignment by groups.time_by}``.

    The time assignment is None for a documents table without a ``date`` column.
    """
    check(documents, g)
    out: dict[str, pd.DataFrame | None] = {COMPARISON: None}
    if g.by:
        out[COMPARISON] = assign_groups(documents, g.by, _periods(g, g.by))
    # a documents table without dates (a test's, or a caller's own) has no periods: no trends, no period networks
    out[TIME] = assign_groups(documents, g.time_by, _periods(g, g.time_by)) if "date" in documents else None
    return out


def assignment_table(assigned: Mapping[str, pd.DataFrame | None], g: GroupsParams) -> pd.DataFrame:
    """The ``group_assignment`` table: each grouping's rows, named by the grouping (one set if both are the same)."""
    frames = []
    for kind, by in ((COMPARISON, g.by), (TIME, g.time_by)):
        a = assigned.get(kind)
        if a is None or (kind == TIME and by == g.by):
            continue
        frames.append(a.assign(grouping=by))
    if not frames:
        return pd.DataFrame(columns=GROUP_ASSIGNMENT.columns)
    return pd.concat(frames, ignore_index=True)[GROUP_ASSIGNMENT.columns]


def _time_periods(g: GroupsParams):
    return _periods(g, g.time_by)


# ---------------------------------------------------------------- textstats


def text_tables(term_frequencies: pd.DataFrame, dictionary_scores: pd.DataFrame, words: pd.Series,
                documents: pd.DataFrame, stop: frozenset[str], p: TextstatsParams, g: GroupsParams,
                keyness_stop: bool = True) -> dict[str, pd.DataFrame]:
    """The textstats stage's grouped tables.

    ``words`` is each document's size in words (doc_id index: ``doc_stats.n_tokens``),
    the denominator of the trends; ``stop`` the stopword terms, left out of the grouped
    and reference keyness when ``keyness_stop`` (``keyness`` in ``textstats.stopwords_for``).
    """
    assigned = assignments(documents, g)
    a_by, a_time = assigned[COMPARISON], assigned[TIME]
    counts = term_frequencies[["doc_id", "term", "count"]]
    kstop = stop if keyness_stop else frozenset()
    tables: dict[str, pd.DataFrame] = {"group_assignment": assignment_table(assigned, g)}
    if a_by is not None:
        pairs = resolve_pairs(g.pairs, group_order(a_by), source="params.yaml: groups.pairs")
        keyness, summary = grouped_comparison(
            counts, a_by, pairs, rest=g.rest, min_count=p.keyness_min_count, stop=kstop,
            min_expected=p.keyness_min_expected, bootstrap=p.keyness_bootstrap, ci=p.keyness_bootstrap_ci,
            bootstrap_top_n=p.keyness_bootstrap_top_n, seed=p.keyness_bootstrap_seed)
    else:
        keyness, summary = None, None
    tables["group_keyness"] = keyness
    tables["group_comparisons"] = summary
    if p.reference_wordlist != "none" and not p.stem:  # stems are not English words: no reference for them
        # the reference's rates are per word of running text: the targets' totals keep the stopwords
        tables["reference_keyness"] = reference_keyness(counts, a_by, corpus=True, stop=kstop,
                                                        min_count=p.reference_min_count, wordlist=p.reference_wordlist)
    else:
        tables["reference_keyness"] = None
    if a_time is None:
        tables["trends"] = None
        return tables
    periods = _time_periods(g)
    terms = resolve_terms(p.trend_terms, p.mwes, p.stem, source="params.yaml: textstats.trend_terms")
    trends = [term_trends(term_frequencies, a_time, words, terms, periods)]
    if not dictionary_scores.empty:
        cats = p.trend_categories or None
        try:
            trends.append(category_trends(dictionary_scores, a_time, words, cats, periods))
        except PipelineError as exc:
            raise PipelineError(f"params.yaml: textstats.trend_categories: {exc}") from None
    tables["trends"] = pd.concat(trends, ignore_index=True)
    return tables


# ---------------------------------------------------------------- network


@dataclass
class PeriodNetworks:
    """The network stage's grouped results: tables, each period's graph, and the assignments."""

    tables: dict[str, pd.DataFrame]
    graphs: dict[str, nx.Graph] = field(default_factory=dict)
    assignment: pd.DataFrame | None = None  # the comparison grouping (groups.by), for figures at scale
    time_assignment: pd.DataFrame | None = None
    time_by: str = "year"  # groups.time_by


def top_actors(mentions: pd.DataFrame, n: int, actor_ids: Sequence[str]) -> list[str]:
    """The ``n`` most mentioned of ``actor_ids`` (ties by id)."""
    counts = mentions[mentions["actor_id"].isin(set(actor_ids))].groupby("actor_id").size()
    return sorted(counts.index, key=lambda a: (-int(counts[a]), a))[:n]


def network_tables(mentions: pd.DataFrame, segments: pd.DataFrame | None, gazetteer, documents: pd.DataFrame,
                   actor_ids: Sequence[str], p: NetworkParams, g: GroupsParams) -> PeriodNetworks:
    """Actor trends and the network of each period (groups.time_by).

    ``documents`` is the documents table with the manifest's own columns
    (:func:`pipeline.corpus.with_attributes`) and ``n_tokens``; ``actor_ids`` the actors
    (not instruments) of the co-mention network, among which the trends' default
    actors are chosen.
    """
    assigned = assignments(documents, g)
    a_time = assigned[TIME]
    if a_time is None:
        return PeriodNetworks({name: None for name in NETWORK_TABLES}, {}, assigned[COMPARISON], None, g.time_by)
    periods = _time_periods(g)
    words = documents.set_index("doc_id")["n_tokens"]
    unknown = [a for a in p.trend_actors if a not in gazetteer.entries]
    if unknown:
        raise PipelineError(f"params.yaml: network.trend_actors names {unknown[0]!r}, which is not a gazetteer id. "
                            "Fix: use ids from actors.csv (actor_id).")
    chosen = list(p.trend_actors) or top_actors(mentions, p.trend_top_n, actor_ids)
    trends = actor_trends(mentions, a_time, words, chosen, periods)
    graphs = period_graphs(mentions, segments, gazetteer, a_time, p.unit, periods)
    tables = {
        "actor_trends": trends,
        "period_networks": period_summary(graphs),
        "period_actors": period_actor_changes(graphs),
        "period_edges": period_edges(graphs),
    }
    return PeriodNetworks(tables, graphs, assigned[COMPARISON], a_time, g.time_by)
