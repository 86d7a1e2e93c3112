"""Figures of the ``textstats`` stage, drawn from its tables in the project's one style.

Each function takes the tables it needs and returns a matplotlib Figure;
:func:`draw_all` draws and saves every one through
:func:`pipeline.figures.save_figure`. Names (``figures/textstats/<name>.<fmt>``):

- ``textstats_top_terms``: the most frequent terms of each document (per 1,000 terms)
- ``textstats_keyness``: positive and negative keywords of each document (signed G2, with Log Ratio)
- ``textstats_dispersion``: where the configured terms occur in each document (x-ray plot)
- ``textstats_dictionary_heatmap``: dictionary categories per document (per 1,000 words)
- ``textstats_clause_verbs``: the opening words of preambular and operative clauses
- ``textstats_group_keyness``: keywords of each group (groups.by) against the rest and of each pair, with the
  documents of the group using each keyword and its dispersion
- ``textstats_trends``: the chosen terms and dictionary categories per period, one line per item
- ``textstats_reference_keyness``: what sets the corpus apart from general English (wordfreq)

Every figure fits one A4 page at print size: past ``textstats.figure_max_docs``
documents the per-document figures show the groups of ``groups.by`` instead
(:func:`panels`), a figure's height is capped (:func:`pipeline.figures.page_height`)
by showing fewer bars, and each caption (:func:`captions`) says what was
aggregated or left out.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from dataclasses import dataclass, field

from .figures import (PAGE_HEIGHT_IN, PALETTE, TWO_COLUMN_IN, draw_figure, figsize, largest_groups, page_height,
                      save_figures, show_figure)
from .groups import group_order

FIGURE_NAMES = (
    "textstats_top_terms",
    "textstats_keyness",
    "textstats_dispersion",
    "textstats_dictionary_heatmap",
    "textstats_clause_verbs",
    "textstats_group_keyness",
    "textstats_trends",
    "textstats_reference_keyness",
)

#: Captions for the figure manifest, written for a reader who has not seen the code.
CAPTIONS = {
    "textstats_top_terms": "The most frequent terms of each document, per 1,000 terms (stopwords removed; "
    "multiword expressions such as 'mutual aid' count as one term).",
    "textstats_keyness": "Keywords of each document against all the others pooled: signed log-likelihood G2 "
    "(negative = used less than in the rest of the corpus), each bar labelled with G2 and Hardie's Log Ratio.",
    "textstats_dispersion": "Lexical dispersion (x-ray plot): where each configured term occurs along each "
    "document, from its start (0) to its end (1).",
    "textstats_dictionary_heatmap": "Dictionary categories per document, per 1,000 words: the four pillars of "
    "UNSCR 1325 and traditional versus human security framings.",
    "textstats_clause_verbs": "Opening words of the preambular and operative clauses of the joint statements, "
    "by count.",
    "textstats_group_keyness": "Keywords of each group (groups.by) against the other groups pooled, and of each "
    "chosen pair of groups: signed G2, each bar labelled with Log Ratio, the documents of the group that use the "
    "keyword (k/n) and its dispersion across them (DP_norm: 0 = even, 1 = in one document).",
    "textstats_trends": "Trends: rate per 1,000 words of the chosen terms and dictionary categories in each period "
    "(groups.time_by), pooled over the period's documents; one line per item.",
    "textstats_reference_keyness": "What sets the corpus apart from general English: the terms with the highest "
    "Log Ratio against a word-frequency list (reference named in the title), with their rates per 1,000 words.",
}

#: The tables each figure is drawn from (files in data/processed/).
SOURCES = {
    "textstats_top_terms": ("term_frequencies.csv", "documents.csv", "group_assignment.csv"),
    "textstats_keyness": ("keyness.csv", "documents.csv", "group_assignment.csv", "group_keyness.csv"),
    "textstats_dispersion": ("dispersion.csv", "group_assignment.csv"),
    "textstats_dictionary_heatmap": ("dictionary_scores.csv", "group_assignment.csv"),
    "textstats_clause_verbs": ("clause_verbs.csv",),
    "textstats_group_keyness": ("group_keyness.csv", "group_comparisons.csv"),
    "textstats_trends": ("trends.csv",),
    "textstats_reference_keyness": ("reference_keyness.csv",),
}

#: Figures drawn per document, or per group past textstats.figure_max_docs documents.
PER_DOCUMENT = ("textstats_top_terms", "textstats_keyness", "textstats_dispersion", "textstats_dictionary_heatmap")

POSITIVE, NEGATIVE = PALETTE[0], PALETTE[3]


def _label(term: str) -> str:
    return term.replace("_", " ")


def _panel_title(doc_id: str, titles: dict | None, width: int = 45) -> str:
    title = (titles or {}).get(doc_id) or doc_id
    return "\n".join(textwrap.wrap(title, width)[:2])


def _empty(ax, message: str):
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_axis_off()


def _grid(n: int, ncols: int):
    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    return nrows, ncols


def top_terms_figure(top: pd.DataFrame, doc_ids: Sequence[str], n: int = 15, width_in: float = TWO_COLUMN_IN, titles: dict | None = None,
                     unit: str = "document"):
    """Horizontal bars of the ``n`` most frequent terms of each document, per 1,000 terms."""
    doc_ids = list(doc_ids) or [""]
    nrows, ncols = _grid(len(doc_ids), 3)
    n = max(3, min(n, int((PAGE_HEIGHT_IN / nrows - 0.9) / 0.16)))  # fewer bars rather than more than a page
    height = page_height(max(2.2, 0.16 * n + 0.9) * nrows)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width_in, height), squeeze=False)
    for ax, doc_id in zip(axes.flat, doc_ids):
        sub = top[top["doc_id"] == doc_id].sort_values(["count", "term"], ascending=[False, True], kind="mergesort").head(n)
        if sub.empty:
            _empty(ax, "no terms")
            continue
        y = np.arange(len(sub))[::-1]
        ax.barh(y, sub["per_1k"], color=POSITIVE)
        ax.set_yticks(y, [_label(t) for t in sub["term"]])
        ax.set_xlabel("Occurrences per 1,000 terms")
        ax.set_title(_panel_title(doc_id, titles, 30), fontsize=7.5)
    for ax in list(axes.flat)[len(doc_ids):]:
        ax.set_axis_off()
    fig.suptitle(f"Most frequent terms in each {unit} (top {n}, stopwords removed)")
    return fig


def keyness_figure(keyness: pd.DataFrame, doc_ids: Sequence[str], n: int = 10, width_in: float = TWO_COLUMN_IN, titles: dict | None = None,
                   unit: str = "document", reference: str = "the rest of the corpus", n_docs: dict | None = None,
                   suptitle: str | None = None):
    """Diverging bars of signed G2: the ``n`` most over- and under-used terms of each document (or group).

    ``doc_ids`` are the panels' targets (``keyness.target``; a pair's panel is named ``"a vs b"``,
    with rows whose ``target`` vs ``reference`` match). With ``n_docs`` (documents per target)
    and a table holding ``docs_target`` and ``dp_norm``, each bar says how many of the target's
    documents use the keyword and how evenly (DP_norm).
    """
    doc_ids = list(doc_ids) or [""]
    nrows, ncols = _grid(len(doc_ids), 1 if len(doc_ids) == 1 else 2 if len(doc_ids) <= 4 else 3)
    n = max(2, min(n, int((PAGE_HEIGHT_IN / nrows - 1.0) / 0.34)))  # fewer bars rather than more than a page
    fig, axes = plt.subplots(nrows, ncols, figsize=(width_in, page_height((0.17 * 2 * n + 1.0) * nrows)), squeeze=False)
    detail = n_docs is not None and {"docs_target", "dp_norm"} <= set(keyness.columns)
    for ax, doc_id in zip(axes.flat, doc_ids):
        if " vs " in doc_id and "reference" in keyness.columns:
            t, _, r = doc_id.partition(" vs ")
            sub = keyness[(keyness["target"] == t) & (keyness["reference"] == r)]
        else:
            sub = keyness[keyness["target"] == doc_id]
            if "reference" in keyness.columns:
                sub = sub[sub["reference"] == "rest"]
        pos = sub[sub["g2"] > 0].sort_values(["g2", "term"], ascending=[False, True], kind="mergesort").head(n)
        neg = sub[sub["g2"] < 0].sort_values(["g2", "term"], ascending=[True, True], kind="mergesort").head(n)
        both = pd.concat([pos, neg.iloc[::-1]])
        if both.empty:
            _empty(ax, "no keywords")
            continue
        y = np.arange(len(both))[::-1]
        colors = [POSITIVE if g > 0 else NEGATIVE for g in both["g2"]]
        ax.barh(y, both["g2"], color=colors)
        ax.set_yticks(y, [_label(t) for t in both["term"]])
        ax.axvline(0, color="black", linewidth=0.6)
        lim = float(both["g2"].abs().max()) * 2.3
        ax.set_xlim(-lim, lim)
        total = (n_docs or {}).get(doc_id.partition(" vs ")[0], 0)
        for k, (yy, row) in enumerate(zip(y, both.itertuples(index=False))):
            g2, lr = row.g2, row.log_ratio
            if detail:
                text = f"LR {lr:+.1f} | {row.docs_target}/{total}" + (
                    f" DP {row.dp_norm:.2f}" if row.dp_norm == row.dp_norm and ncols < 3 else "")
            else:
                text = f"G2 {g2:.1f} | LR {lr:+.1f}" if ncols < 3 else f"LR {lr:+.1f}"
            ax.text(g2 + (0.02 * lim if g2 > 0 else -0.02 * lim), yy, text,
                    va="center", ha="left" if g2 > 0 else "right", fontsize=5.5 if ncols < 3 else 5)
        ax.set_xlabel("Signed G2 (+ over-used, − under-used)" if ncols == 3 else
                      "Signed G2 (+ over-used, − under-used vs the rest)")
        ax.set_title(_panel_title(doc_id, titles, 44 if ncols < 3 else 30), fontsize=7.5)
    for ax in list(axes.flat)[len(doc_ids):]:
        ax.set_axis_off()
    fig.suptitle(suptitle or f"Keywords of each {unit} against {reference} (LR = Hardie's Log Ratio)")
    return fig


def dispersion_figure(dispersion: pd.DataFrame, doc_ids: Sequence[str], terms: Sequence[str], width_in: float = TWO_COLUMN_IN,
                      labels: dict | None = None, unit: str = "document"):
    """Lexical dispersion (x-ray) plot: one panel per term, one row per document (or group: ``doc_id`` holds the group)."""
    terms = list(terms) or [""]
    doc_ids = list(doc_ids)
    per_row = min(0.17, max(0.05, ((PAGE_HEIGHT_IN - 0.6) / len(terms) - 0.35) / max(1, len(doc_ids))))
    row_h = per_row * max(1, len(doc_ids)) + 0.35
    fig, axes = plt.subplots(len(terms), 1, figsize=(width_in, page_height(row_h * len(terms) + 0.6)), sharex=True,
                             squeeze=False)
    for ax, term in zip(axes[:, 0], terms):
        sub = dispersion[dispersion["term"] == term]
        for k, doc_id in enumerate(doc_ids):
            pos = sub.loc[sub["doc_id"] == doc_id, "position"]
            yk = len(doc_ids) - 1 - k
            ax.vlines(pos, yk - 0.38, yk + 0.38, color=PALETTE[0], linewidth=0.8)
        ax.set_ylim(-0.6, len(doc_ids) - 0.4)
        ax.set_yticks(range(len(doc_ids))[::-1], [(labels or {}).get(d, d) for d in doc_ids],
                      fontsize=6 if per_row >= 0.12 else 5)
        ax.set_title(f"“{term}” ({len(sub)} occurrences)", fontsize=8, loc="left")
        ax.set_xlim(0, 1)
    axes[-1, 0].set_xlabel("Relative position in the document (0 = start, 1 = end)")
    fig.suptitle(f"Where the terms occur in each {unit} (lexical dispersion)")
    return fig


def dictionary_heatmap(scores: pd.DataFrame, doc_ids: Sequence[str], width_in: float = TWO_COLUMN_IN,
                       labels: dict | None = None, unit: str = "document"):
    """Documents (or groups: ``doc_id`` holds the group) x dictionary categories, by matches per 1,000 words."""
    if scores.empty:
        fig, ax = plt.subplots(figsize=figsize(width_in, 0.3))
        _empty(ax, "No dictionary configured (textstats.dictionaries)")
        return fig
    cols = scores[["dictionary", "category"]].drop_duplicates().sort_values(["dictionary", "category"]).itertuples(index=False)
    cols = list(cols)
    doc_ids = list(doc_ids)
    grid = np.zeros((len(doc_ids), len(cols)))
    lookup = scores.set_index(["dictionary", "category", "doc_id"])["per_1k"]
    for i, d in enumerate(doc_ids):
        for j, (dic, cat) in enumerate(cols):
            grid[i, j] = lookup.get((dic, cat, d), np.nan)
    fig, ax = plt.subplots(figsize=(width_in, page_height(0.35 * len(doc_ids) + 2.0)))
    im = ax.imshow(grid, aspect="auto", cmap="cividis")
    vmax = np.nanmax(grid) if np.isfinite(grid).any() else 1
    for i in range(len(doc_ids)):
        for j in range(len(cols)):
            v = grid[i, j]
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=7, color="black" if v > 0.5 * vmax else "white")
    ax.set_xticks(range(len(cols)), [f"{cat.replace('_', ' ')}\n({dic.replace('_', ' ')})" for dic, cat in cols], rotation=30, ha="right", fontsize=6.5)
    ax.set_yticks(range(len(doc_ids)), [(labels or {}).get(d, d) for d in doc_ids], fontsize=6.5)
    ax.set_xlabel("Dictionary category")
    ax.set_ylabel(unit.capitalize())
    fig.colorbar(im, ax=ax, label="Matches per 1,000 words", shrink=0.8)
    ax.set_title(f"Dictionary categories in each {unit} (matches per 1,000 words)")
    return fig


def clause_verbs_figure(verbs: pd.DataFrame, width_in: float = TWO_COLUMN_IN):
    """Bars of clause-opening words, coloured by clause type, summed over documents."""
    if verbs.empty:
        fig, ax = plt.subplots(figsize=figsize(width_in, 0.3))
        _empty(ax, "No preambular or operative clauses in the corpus")
        return fig
    agg = verbs.groupby(["clause_type", "word"], as_index=False)["count"].sum()
    order = {"preambular": 0, "operative": 1}
    agg["o"] = agg["clause_type"].map(order)
    agg = agg.sort_values(["o", "count", "word"], ascending=[True, False, True], kind="mergesort")
    fig, ax = plt.subplots(figsize=(width_in, 0.16 * len(agg) + 1.0))
    y = np.arange(len(agg))[::-1]
    colors = [PALETTE[1] if t == "preambular" else PALETTE[2] for t in agg["clause_type"]]
    ax.barh(y, agg["count"], color=colors)
    ax.set_yticks(y, agg["word"], fontsize=6.5)
    ax.set_xlabel("Number of clauses opening with the word")
    ax.xaxis.get_major_locator().set_params(integer=True)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=PALETTE[1], label="preambular (context, recalls)"),
                       Patch(color=PALETTE[2], label="operative (commitments)")], loc="lower right")
    n_docs = verbs["doc_id"].nunique()
    ax.set_title(f"Opening words of preambular and operative clauses ({n_docs} document{'s' if n_docs != 1 else ''})")
    return fig



# ---------------------------------------------------------------- groups instead of documents, at scale


@dataclass
class Panels:
    """What the per-document figures show: documents, or past ``figure_max_docs`` the groups of ``groups.by``."""

    unit: str                      # "document" or "group"
    ids: list[str]                 # the panels (doc_ids or group names), in order
    labels: dict = field(default_factory=dict)   # panel -> its label
    group_of: dict = field(default_factory=dict)  # doc_id -> group (groups only)
    n_docs: dict = field(default_factory=dict)    # group -> documents
    note: str = ""                 # what was aggregated or left out, for the caption


def panels(results) -> Panels:
    """The panels of the per-document figures (see the module docstring)."""
    p, g = results.params, results.groups
    doc_ids = sorted(results["doc_stats"]["doc_id"])
    limit = p.figure_max_docs
    if len(doc_ids) <= limit:
        return Panels("document", doc_ids, {d: d for d in doc_ids})
    a = results["group_assignment"]
    a = a[(a["grouping"] == g.by) & a["doc_id"].isin(set(doc_ids))] if g.by else a.iloc[0:0]
    order = group_order(a) if len(a) else []
    if not order:
        return Panels("document", doc_ids[:limit], {d: d for d in doc_ids[:limit]},
                      note=f"The first {limit} of {len(doc_ids):,} documents (by doc_id) are shown "
                      "(textstats.figure_max_docs); set groups.by to show groups instead.")
    group_of = {d: grp for d, grp in zip(a["doc_id"], a["group"]) if grp}
    sizes = {grp: 0 for grp in order}
    for grp in group_of.values():
        sizes[grp] += 1
    shown = largest_groups(sizes, order, limit)
    note = (f"{len(doc_ids):,} documents are more than textstats.figure_max_docs ({limit}), so each panel or row "
            f"is a group of groups.by = {g.by} (its documents pooled)")
    if len(shown) < len(order):
        note += f"; the {len(shown)} largest of {len(order)} groups are shown"
    left = len(doc_ids) - len(group_of)
    if left:
        note += f"; {left:,} documents without a group are left out"
    return Panels("group", shown, {grp: f"{grp} ({sizes[grp]:,} docs)" for grp in shown}, group_of, sizes,
                  note + ".")


def _pooled(table: pd.DataFrame, group_of: dict, keys: list[str], count: str = "count") -> pd.DataFrame:
    """``table``'s counts added up over each group's documents (``doc_id`` replaced by the group)."""
    t = table[table["doc_id"].isin(set(group_of))].copy()
    t["doc_id"] = t["doc_id"].map(group_of)
    return t.groupby(["doc_id", *keys], as_index=False, sort=True)[count].sum()


def _group_words(results, column: str, group_of: dict) -> pd.Series:
    stats = results["doc_stats"]
    stats = stats[stats["doc_id"].isin(set(group_of))]
    return stats.groupby(stats["doc_id"].map(group_of))[column].sum()


def group_top_terms(results, pn: Panels) -> pd.DataFrame:
    """The top-terms table pooled by group: ``doc_id`` (the group), term, count, per_1k (per 1,000 terms of the group)."""
    t = _pooled(results.top_terms, pn.group_of, ["term"])
    t["per_1k"] = 1000.0 * t["count"] / t["doc_id"].map(_group_words(results, "n_terms", pn.group_of))
    return t


def group_dictionary_scores(results, pn: Panels) -> pd.DataFrame:
    """Dictionary scores pooled by group: ``per_1k`` = 1000 x matches / tokens of the group's documents."""
    t = _pooled(results["dictionary_scores"], pn.group_of, ["dictionary", "category"])
    t["per_1k"] = 1000.0 * t["count"] / t["doc_id"].map(_group_words(results, "n_tokens", pn.group_of))
    return t


def group_dispersion(results, pn: Panels) -> pd.DataFrame:
    """The dispersion table with each document's group in place of its doc_id."""
    d = results["dispersion"]
    d = d[d["doc_id"].isin(set(pn.group_of))].copy()
    d["doc_id"] = d["doc_id"].map(pn.group_of)
    return d


def comparison_panels(results, limit: int) -> tuple[list[str], dict, dict, str]:
    """The panels of the group-keyness figure: each group against the rest, then each pair (``"a vs b"``)."""
    s = results["group_comparisons"]
    ids, labels, n_docs = [], {}, {}
    for r in s.itertuples(index=False):
        pid = r.target if r.comparison == "group_vs_rest" else f"{r.target} vs {r.reference}"
        ids.append(pid)
        n_docs[r.target] = r.n_docs_target
        labels[pid] = (f"{r.target} ({r.n_docs_target:,} docs) vs the rest ({r.n_docs_reference:,})"
                       if r.comparison == "group_vs_rest" else
                       f"{r.target} ({r.n_docs_target:,} docs) vs {r.reference} ({r.n_docs_reference:,})")
    note = ""
    if len(ids) > limit:
        note = (f" Only the first {limit} of {len(ids)} comparisons are drawn (textstats.figure_max_docs); "
                "group_keyness.csv holds them all.")
        ids = ids[:limit]
    return ids, labels, n_docs, note


def group_keyness_figure(results, width_in: float = TWO_COLUMN_IN):
    """Keywords of each group against the rest and of each pair, with documents using them and DP_norm."""
    p, g = results.params, results.groups
    k = results["group_keyness"]
    ids, labels, n_docs, _ = comparison_panels(results, p.figure_max_docs)
    if not ids:
        fig, ax = plt.subplots(figsize=figsize(width_in, 0.3))
        _empty(ax, "No grouped comparison: groups.by is empty or puts every document in one group"
               if not g.by else f"No grouped comparison: groups.by = {g.by} gives fewer than two groups")
        return fig
    return keyness_figure(k, ids, p.figure_keyness_n, width_in, labels, n_docs=n_docs,
                          suptitle=f"Keywords of each group ({g.by}) against the rest, and of each pair "
                          "(LR = Log Ratio; k/n = documents of the group using it; DP = DP_norm)")


def trends_figure(trends: pd.DataFrame, time_by: str, width_in: float = TWO_COLUMN_IN, labels: dict | None = None,
                  title: str | None = None):
    """One panel per kind of item (terms, dictionary categories, actors), one line per item across the periods."""
    kinds = [k for k in ("term", "category", "actor") if k in set(trends["kind"])]
    if not kinds:
        fig, ax = plt.subplots(figsize=figsize(width_in, 0.3))
        _empty(ax, "No trends: the documents have no dates, or no item is chosen")
        return fig
    names = {"term": "Terms", "category": "Dictionary categories", "actor": "Actors (mentions)"}
    periods = trends[["group", "order"]].drop_duplicates().sort_values("order")
    x = np.arange(len(periods))
    fig, axes = plt.subplots(len(kinds), 1, figsize=(width_in, page_height(2.4 * len(kinds) + 0.6)), squeeze=False)
    styles = ["-", "--", ":", "-."]
    for ax, kind in zip(axes[:, 0], kinds):
        sub = trends[trends["kind"] == kind]
        for i, (item, rows) in enumerate(sub.groupby("item", sort=False)):
            rows = rows.sort_values("order")
            label = (labels or {}).get(item, item.replace("_", " "))
            ax.plot(rows["order"] - 1, rows["per_1k"], marker="o", markersize=3, linestyle=styles[(i // 8) % 4],
                    color=PALETTE[i % len(PALETTE)], label=_short_label(label))
        ax.set_ylabel("per 1,000 words")
        ax.set_title(names[kind], loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6)
        step = max(1, math.ceil(len(x) / 16))
        ax.set_xticks(x[::step], [str(g) for g in periods["group"]][::step], rotation=30 if len(x) > 6 else 0,
                      ha="right" if len(x) > 6 else "center")
        ax.set_xlim(-0.5, len(x) - 0.5)
        ax.set_ylim(bottom=0)
    sizes = periods.merge(trends[["group", "n_docs"]].drop_duplicates("group"), on="group")
    axes[-1, 0].set_xlabel(f"Period ({time_by}); documents per period: "
                           f"{int(sizes['n_docs'].min()):,} to {int(sizes['n_docs'].max()):,}")
    fig.suptitle(title or f"Trends per {time_by}: rate per 1,000 words, pooled over each period's documents")
    return fig


def _short_label(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def reference_figure(reference: pd.DataFrame, width_in: float = TWO_COLUMN_IN, n: int = 20):
    """The corpus's terms with the highest Log Ratio against general English, with both rates."""
    sub = reference[(reference["target"] == "corpus") & (reference["match"] != "not listed")]
    if sub.empty:
        fig, ax = plt.subplots(figsize=figsize(width_in, 0.3))
        _empty(ax, "No reference keyness (textstats.reference_wordlist is none, or terms are stemmed)")
        return fig
    top = sub.sort_values(["log_ratio", "term"], ascending=[False, True], kind="mergesort").head(n)
    absent = int(((reference["target"] == "corpus") & (reference["match"] == "not listed")).sum())
    fig, ax = plt.subplots(figsize=(width_in, page_height(0.17 * len(top) + 1.3)))
    y = np.arange(len(top))[::-1]
    ax.barh(y, top["log_ratio"], color=POSITIVE)
    ax.set_yticks(y, [_label(t) for t in top["term"]])
    for yy, r in zip(y, top.itertuples(index=False)):
        ax.text(r.log_ratio, yy, f"  {r.per_1k_target:.2f} vs {r.per_1k_reference:.2g} per 1,000", va="center",
                fontsize=5.5)
    ax.set_xlim(0, float(top["log_ratio"].max()) * 1.45)
    ax.set_xlabel("Log Ratio against general English (1 = twice as frequent)")
    ref = reference["reference"].iat[0]
    ax.set_title(f"The corpus against general English: {ref}\n(top {len(top)} by Log Ratio among listed words; "
                 f"{absent:,} terms not in the list are left out)", fontsize=8)
    return fig


def captions(results) -> dict[str, str]:
    """Each figure's caption, with what was aggregated or left out in this run."""
    out = dict(CAPTIONS)
    pn = panels(results)
    if pn.note:
        for name in PER_DOCUMENT:
            out[name] = out[name].replace("each document", "each group" if pn.unit == "group" else "each document") \
                + " " + pn.note
    if not results["group_comparisons"].empty:
        out["textstats_group_keyness"] += comparison_panels(results, results.params.figure_max_docs)[3]
    ref = results["reference_keyness"]
    if not ref.empty:
        out["textstats_reference_keyness"] += f" Reference: {ref['reference'].iat[0]}."
    return out


def show(name: str, results, width_in: float | None = None):
    """What a notebook displays for figure ``name``: the file the stage saved, or the figure drawn anew.

    ``display(show("textstats_keyness", results))`` shows the published PNG when the results
    know their figures folder and the width is the one it was saved at; at another width the
    figure is drawn (:func:`draw`).
    """
    return show_figure(name, results, width_in, draw)


def draw(name: str, results, width_in: float | None = None):
    """Draw one figure of the stage (by its name in :data:`FIGURE_NAMES`) in the project style.

    In a notebook, ``display(draw("textstats_keyness", results))`` shows it, as wide as
    ``figure.width_in`` (the results' ``figure`` section) unless ``width_in`` is given.
    """
    return draw_figure(name, results, width_in, lambda w: _makers(results, w), FIGURE_NAMES)


def _makers(results, width_in: float) -> dict:
    """The stage's figures at ``width_in``, by name: per document, or past figure_max_docs per group."""
    p = results.params
    pn = panels(results)
    doc_ids = pn.ids
    if pn.unit == "group":  # past figure_max_docs: the groups' documents pooled
        gk = results["group_keyness"]
        makers = {
            "textstats_top_terms": lambda: top_terms_figure(group_top_terms(results, pn), doc_ids, p.figure_top_n,
                                                            width_in, pn.labels, unit="group"),
            "textstats_keyness": lambda: keyness_figure(gk[gk["comparison"] == "group_vs_rest"], doc_ids,
                                                        p.figure_keyness_n, width_in, pn.labels, unit="group",
                                                        reference="the other groups pooled"),
            "textstats_dispersion": lambda: dispersion_figure(group_dispersion(results, pn), doc_ids,
                                                              p.dispersion_terms, width_in, pn.labels, unit="group"),
            "textstats_dictionary_heatmap": lambda: dictionary_heatmap(group_dictionary_scores(results, pn), doc_ids,
                                                                       width_in, pn.labels, unit="group"),
        }
    else:
        makers = {
            "textstats_top_terms": lambda: top_terms_figure(results.top_terms, doc_ids, p.figure_top_n, width_in, results.titles),
            "textstats_keyness": lambda: keyness_figure(results["keyness"], doc_ids, p.figure_keyness_n, width_in, results.titles),
            "textstats_dispersion": lambda: dispersion_figure(results["dispersion"], doc_ids, p.dispersion_terms, width_in),
            "textstats_dictionary_heatmap": lambda: dictionary_heatmap(results["dictionary_scores"], doc_ids, width_in),
        }
    makers.update({
        "textstats_clause_verbs": lambda: clause_verbs_figure(results["clause_verbs"], width_in),
        "textstats_group_keyness": lambda: group_keyness_figure(results, width_in),
        "textstats_trends": lambda: trends_figure(results["trends"], results.groups.time_by, width_in),
        "textstats_reference_keyness": lambda: reference_figure(results["reference_keyness"], width_in),
    })
    return makers


def draw_all(results, outdir: Path | str, formats: Iterable[str] = ("pdf", "svg", "png"), dpi: int = 300,
             width_in: float = TWO_COLUMN_IN, processed: Path | str | None = None) -> dict[str, list[Path]]:
    """Draw and save every figure of the stage; return ``{name: [paths]}``.

    ``processed`` is the folder of the tables drawn from; their hashes go
    into each figure's provenance record.
    """
    caps = captions(results)
    return save_figures(lambda name: draw(name, results, width_in), {n: caps[n] for n in FIGURE_NAMES},
                        SOURCES, outdir, formats, dpi, processed, drawn=results.drawn)
