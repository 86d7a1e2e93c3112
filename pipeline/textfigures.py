"""Figures of the ``textstats`` stage, drawn from its tables in the project's one style.

Each function takes the tables it needs and returns a matplotlib Figure;
:func:`draw_all` draws and saves every one through
:func:`pipeline.figures.save_figure`. Names (``figures/textstats/<name>.<fmt>``):

- ``textstats_top_terms``: the most frequent terms of each document (per 1,000 terms)
- ``textstats_keyness``: positive and negative keywords of each document (signed G2, with Log Ratio)
- ``textstats_dispersion``: where the configured terms occur in each document (x-ray plot)
- ``textstats_dictionary_heatmap``: dictionary categories per document (per 1,000 words)
- ``textstats_clause_verbs``: the opening words of preambular and operative clauses
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .figures import saved_figure, PALETTE, TWO_COLUMN_IN, figsize, save_figures, style, wrap_titles

FIGURE_NAMES = (
    "textstats_top_terms",
    "textstats_keyness",
    "textstats_dispersion",
    "textstats_dictionary_heatmap",
    "textstats_clause_verbs",
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
}

#: The tables each figure is drawn from (files in data/processed/).
SOURCES = {
    "textstats_top_terms": ("term_frequencies.csv", "documents.csv"),
    "textstats_keyness": ("keyness.csv", "documents.csv"),
    "textstats_dispersion": ("dispersion.csv",),
    "textstats_dictionary_heatmap": ("dictionary_scores.csv",),
    "textstats_clause_verbs": ("clause_verbs.csv",),
}

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


def top_terms_figure(top: pd.DataFrame, doc_ids: Sequence[str], n: int = 15, width_in: float = TWO_COLUMN_IN, titles: dict | None = None):
    """Horizontal bars of the ``n`` most frequent terms of each document, per 1,000 terms."""
    doc_ids = list(doc_ids) or [""]
    nrows, ncols = _grid(len(doc_ids), 3)
    height = max(2.2, 0.16 * n + 0.9) * nrows
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
    fig.suptitle(f"Most frequent terms in each document (top {n}, stopwords removed)")
    return fig


def keyness_figure(keyness: pd.DataFrame, doc_ids: Sequence[str], n: int = 10, width_in: float = TWO_COLUMN_IN, titles: dict | None = None):
    """Diverging bars of signed G2: the ``n`` most over- and under-used terms of each document."""
    doc_ids = list(doc_ids) or [""]
    nrows, ncols = _grid(len(doc_ids), 2 if len(doc_ids) > 1 else 1)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width_in, (0.17 * 2 * n + 1.0) * nrows), squeeze=False)
    for ax, doc_id in zip(axes.flat, doc_ids):
        sub = keyness[keyness["target"] == doc_id]
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
        for yy, (g2, lr) in zip(y, both[["g2", "log_ratio"]].itertuples(index=False)):
            ax.text(g2 + (0.02 * lim if g2 > 0 else -0.02 * lim), yy, f"G2 {g2:.1f} | LR {lr:+.1f}",
                    va="center", ha="left" if g2 > 0 else "right", fontsize=5.5)
        ax.set_xlabel("Signed G2 (+ over-used, − under-used vs the rest)")
        ax.set_title(_panel_title(doc_id, titles, 44), fontsize=7.5)
    for ax in list(axes.flat)[len(doc_ids):]:
        ax.set_axis_off()
    fig.suptitle("Keywords of each document against the rest of the corpus (LR = Hardie's Log Ratio)")
    return fig


def dispersion_figure(dispersion: pd.DataFrame, doc_ids: Sequence[str], terms: Sequence[str], width_in: float = TWO_COLUMN_IN):
    """Lexical dispersion (x-ray) plot: one panel per term, one row per document."""
    terms = list(terms) or [""]
    doc_ids = list(doc_ids)
    row_h = 0.17 * max(1, len(doc_ids)) + 0.35
    fig, axes = plt.subplots(len(terms), 1, figsize=(width_in, row_h * len(terms) + 0.6), sharex=True, squeeze=False)
    for ax, term in zip(axes[:, 0], terms):
        sub = dispersion[dispersion["term"] == term]
        for k, doc_id in enumerate(doc_ids):
            pos = sub.loc[sub["doc_id"] == doc_id, "position"]
            yk = len(doc_ids) - 1 - k
            ax.vlines(pos, yk - 0.38, yk + 0.38, color=PALETTE[0], linewidth=0.8)
        ax.set_ylim(-0.6, len(doc_ids) - 0.4)
        ax.set_yticks(range(len(doc_ids))[::-1], doc_ids, fontsize=6)
        ax.set_title(f"“{term}” ({len(sub)} occurrences)", fontsize=8, loc="left")
        ax.set_xlim(0, 1)
    axes[-1, 0].set_xlabel("Relative position in the document (0 = start, 1 = end)")
    fig.suptitle("Where the terms occur in each document (lexical dispersion)")
    return fig


def dictionary_heatmap(scores: pd.DataFrame, doc_ids: Sequence[str], width_in: float = TWO_COLUMN_IN):
    """Documents x dictionary categories, coloured and annotated by matches per 1,000 words."""
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
    fig, ax = plt.subplots(figsize=(width_in, 0.35 * len(doc_ids) + 2.0))
    im = ax.imshow(grid, aspect="auto", cmap="cividis")
    vmax = np.nanmax(grid) if np.isfinite(grid).any() else 1
    for i in range(len(doc_ids)):
        for j in range(len(cols)):
            v = grid[i, j]
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=7, color="black" if v > 0.5 * vmax else "white")
    ax.set_xticks(range(len(cols)), [f"{cat.replace('_', ' ')}\n({dic.replace('_', ' ')})" for dic, cat in cols], rotation=30, ha="right", fontsize=6.5)
    ax.set_yticks(range(len(doc_ids)), doc_ids, fontsize=6.5)
    ax.set_xlabel("Dictionary category")
    ax.set_ylabel("Document")
    fig.colorbar(im, ax=ax, label="Matches per 1,000 words", shrink=0.8)
    ax.set_title("Dictionary categories in each document (matches per 1,000 words)")
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


def show(name: str, results, width_in: float | None = None):
    """What a notebook displays for figure ``name``: the file the stage saved, or the figure drawn anew.

    ``display(show("textstats_keyness", results))`` shows the published PNG when the results
    know their figures folder and the width is the one it was saved at; at another width the
    figure is drawn (:func:`draw`).
    """
    saved = saved_figure(results.figure_dir, name, results.figure, width_in)
    return saved if saved is not None else draw(name, results, width_in)


def draw(name: str, results, width_in: float | None = None):
    """Draw one figure of the stage (by its name in :data:`FIGURE_NAMES`) in the project style.

    In a notebook, ``display(draw("textstats_keyness", results))`` shows it, as wide as
    ``figure.width_in`` (the results' ``figure`` section) unless ``width_in`` is given.
    """
    if width_in in (None, results.figure.width_in) and name in results.drawn:
        return results.drawn[name]  # the figure the stage saved, as its files show it
    width_in = width_in or results.figure.width_in
    p = results.params
    doc_ids = sorted(results["doc_stats"]["doc_id"])[: p.figure_max_docs]
    makers = {
        "textstats_top_terms": lambda: top_terms_figure(results.top_terms, doc_ids, p.figure_top_n, width_in, results.titles),
        "textstats_keyness": lambda: keyness_figure(results["keyness"], doc_ids, p.figure_keyness_n, width_in, results.titles),
        "textstats_dispersion": lambda: dispersion_figure(results["dispersion"], doc_ids, p.dispersion_terms, width_in),
        "textstats_dictionary_heatmap": lambda: dictionary_heatmap(results["dictionary_scores"], doc_ids, width_in),
        "textstats_clause_verbs": lambda: clause_verbs_figure(results["clause_verbs"], width_in),
    }
    if name not in makers:
        raise ValueError(f"unknown figure {name!r}; figures are: {', '.join(FIGURE_NAMES)}")
    with style():
        fig = wrap_titles(makers[name]())
    plt.close(fig)  # keep pyplot's list of open figures empty; the Figure object still displays
    return fig


def draw_all(results, outdir: Path | str, formats: Iterable[str] = ("pdf", "svg", "png"), dpi: int = 300,
             width_in: float = TWO_COLUMN_IN, processed: Path | str | None = None) -> dict[str, list[Path]]:
    """Draw and save every figure of the stage; return ``{name: [paths]}``.

    ``processed`` is the folder of the tables drawn from; their hashes go
    into each figure's provenance record.
    """
    return save_figures(lambda name: draw(name, results, width_in), {n: CAPTIONS[n] for n in FIGURE_NAMES},
                        SOURCES, outdir, formats, dpi, processed, drawn=results.drawn)
