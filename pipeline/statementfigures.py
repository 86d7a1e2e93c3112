"""Figures of the ``statements`` stage, drawn in the project style.

Every function takes a :class:`pipeline.statements.Results` and returns a
matplotlib figure; :func:`draw_all` draws and saves them all through
:func:`pipeline.figures.save_figures`. Names (``figures/statements/<name>.<fmt>``):

- ``statements_reuse_shares``: for each document, in date order, the share of
  its units carried over verbatim, edited or new
- ``statements_lineage``: one clause through the years (parameter
  ``lineage_clause``), each version with its redline against the one before
- ``statements_commitment_levels``: the share of each commitment level per document
- ``statements_actor_concepts``: the two-mode actor x concept network, edges
  coloured by level
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .figures import FORMATS, PALETTE, TWO_COLUMN_IN, draw_figure, save_figures, show_figure

if TYPE_CHECKING:  # for annotations only: the statements stage imports this module to draw
    from .statements import Results

FIGURE_NAMES = ("statements_reuse_shares", "statements_lineage", "statements_commitment_levels",
                "statements_actor_concepts")

CAPTIONS = {
    "statements_reuse_shares": "For each document with clauses, sentences or items, in date order: the share of "
                               "its units carried over verbatim from an earlier document, carried over with edits, "
                               "or new (no earlier unit at or above the edited threshold). Documents of the same "
                               "day are not each other's antecedents.",
    "statements_lineage": "The lineage of one unit (parameter statements.lineage_clause; by default the one with the "
                          "longest chain of antecedents): each version, oldest first, with its label, similarity to "
                          "the version before, and its redline ([-deleted-]{+added+}).",
    "statements_commitment_levels": "The strength of commitment: for each document, the share of its rated units "
                                    "(operative clauses; prose sentences with a commitment predicate) at each level "
                                    "of the scale in config/commitment.yaml.",
    "statements_actor_concepts": "Who commits to what: the two-mode network of committing actors (left) and the "
                                 "concepts their commitments name (right: instruments, actors, dictionary "
                                 "categories); line colour = strongest level, width = clauses.",
}

#: Tables (under data/processed/) each figure is drawn from, for its provenance record.
SOURCES = {
    "statements_reuse_shares": ("reuse_shares.csv", "documents.csv"),
    "statements_lineage": ("clause_reuse.csv", "segments.csv"),
    "statements_commitment_levels": ("commitment_shares.csv", "documents.csv"),
    "statements_actor_concepts": ("commitment_links.csv", "commitment_edges.csv"),
}

#: Reuse labels: carried over (blue), edited (orange), new (green) -- Okabe-Ito.
LABEL_COLOURS = {"verbatim": PALETTE[0], "edited": PALETTE[1], "new": PALETTE[2]}
#: Commitment levels, strongest darkest (Okabe-Ito blue, sky blue, orange, yellow; grey for none).
LEVEL_COLOURS = {"binding": "#0072B2", "action": "#56B4E9", "endorsement": "#E69F00", "acknowledgement": "#F0E442",
                 "none": "#999999"}
#: Concept node colours by concept type.
CONCEPT_COLOURS = {"instrument": "#44AA99", "event": "#DDCC77", "actor": "#CC79A7", "category": "#882255"}


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _empty(ax, message: str):
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def _doc_label(results: Results, doc_id: str, date: str, width: int = 46) -> str:
    return f"{_short(results.titles.get(doc_id) or doc_id, width)} ({date})"


def _label_chars(width_in: float) -> int:
    """Characters of a document's title beside a bar: about a third of the figure's width."""
    return max(12, int(width_in * 6))


def reuse_shares_figure(results: Results, width_in: float = TWO_COLUMN_IN):
    """Stacked bars: the share of each document's units that is verbatim, edited or new, earliest at the top."""
    sh = results["reuse_shares"]
    sh = sh[sh["n_units"] > 0].tail(results.params.figure_max_docs)
    n = len(sh)
    fig, ax = plt.subplots(figsize=(width_in, max(2.0, 0.28 * n + 1.5)))
    if not n:
        _empty(ax, "no clauses, sentences or items to compare")
        return fig
    y = np.arange(n)[::-1]
    left = np.zeros(n)
    for lab in ("verbatim", "edited", "new"):
        vals = sh[f"share_{lab}"].to_numpy()
        ax.barh(y, vals, left=left, color=LABEL_COLOURS[lab], label=lab, height=0.7)
        left += vals
    for yy, units in zip(y, sh["n_units"]):
        ax.text(1.01, yy, f"{units}", va="center", ha="left", fontsize=6)
    ax.set_yticks(y, [_doc_label(results, d, t, _label_chars(width_in)) for d, t in zip(sh["doc_id"], sh["date"])])
    ax.set_xlim(0, 1.06)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel("Share of the document's units (their number at the right)" if width_in >= 5 else
                  "Share of units")
    handles, labs = ax.get_legend_handles_labels()
    fig.legend(handles, labs, loc="outside lower center", ncol=3, frameon=False)
    shown = "" if len(sh) == (results["reuse_shares"]["n_units"] > 0).sum() else f", the latest {n}"
    fig.suptitle(f"What each document carries over, edits and adds (in date order{shown})")
    return fig


def lineage_figure(results: Results, width_in: float = TWO_COLUMN_IN):
    """One unit through the years: a block per version with its date, document, label, score and redline."""
    lin = results.lineage
    max_steps = results.params.figure_lineage_steps
    rows, skipped = lin, 0
    if len(lin) > max_steps:  # the first appearance and the latest versions
        skipped = len(lin) - max_steps
        rows = lin.iloc[[0, *range(len(lin) - max_steps + 1, len(lin))]]
    chars = max(40, int(width_in * 15.5))
    blocks = []
    for r in rows.itertuples(index=False):
        lines = textwrap.wrap(r.redline if r.redline else r.text, chars) or [""]
        if len(lines) > 6:
            lines = lines[:5] + ["…"]
        how = "first appearance" if r.label == "new" else f"{r.label}, similarity {r.score:.2f}"
        head = f"{r.date} · {_short(results.titles.get(r.doc_id) or r.doc_id, 60)} (segment {r.seg_id}) · {how}"
        blocks.append((head, lines, r.label))
    head_pt, line_pt, gap_pt, title_pt = 10.0, 7.2, 8.0, 24.0
    body_pt = sum(head_pt + line_pt * len(b[1]) + gap_pt for b in blocks) + (line_pt + gap_pt if skipped else 0)
    height = max(1.0, (title_pt + body_pt + 6) / 72)
    fig = plt.figure(figsize=(width_in, height))
    fig.set_layout_engine("none")  # blocks are placed in points from the top
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    if not blocks:
        _empty(ax, "no unit to follow")
        return fig
    unit = results.lineage_unit
    n = len(lin)
    ax.annotate(f"The lineage of {unit[0]}, segment {unit[1]} ({n} version{'s' if n != 1 else ''})",
                xy=(0.5, 1), xycoords="axes fraction", xytext=(0, -6), textcoords="offset points", ha="center",
                va="top", fontsize=9)
    y = title_pt
    for i, (head, lines, label) in enumerate(blocks):
        if skipped and i == 1:
            ax.annotate(f"… {skipped} earlier version{'s' if skipped != 1 else ''} not shown …", xy=(0, 1),
                        xycoords="axes fraction", xytext=(14, -y), textcoords="offset points", va="top",
                        fontsize=6, style="italic")
            y += line_pt + gap_pt
        block_pt = head_pt + line_pt * len(lines)
        ax.add_patch(plt.Rectangle((0.008, 1 - (y + block_pt) / 72 / height), 0.004, block_pt / 72 / height,
                                   color=LABEL_COLOURS.get(label, "#777777"), transform=ax.transAxes))
        ax.annotate(head, xy=(0, 1), xycoords="axes fraction", xytext=(14, -y), textcoords="offset points",
                    va="top", fontsize=6.5, fontweight="bold")
        ax.annotate("\n".join(lines), xy=(0, 1), xycoords="axes fraction", xytext=(14, -(y + head_pt)),
                    textcoords="offset points", va="top", fontsize=6, family="DejaVu Sans Mono", linespacing=1.0)
        y += block_pt + gap_pt
    return fig


def commitment_levels_figure(results: Results, width_in: float = TWO_COLUMN_IN):
    """Stacked bars: the share of each document's commitments at each level, strongest first."""
    cs = results["commitment_shares"]
    docs = results["reuse_shares"][["doc_id", "date", "date_start"]]
    cs = cs.merge(docs, on="doc_id", how="left").sort_values(["date_start", "doc_id"], kind="mergesort")
    cs = cs.tail(results.params.figure_max_docs)
    n = len(cs)
    fig, ax = plt.subplots(figsize=(width_in, max(2.0, 0.28 * n + 1.5)))
    if not n:
        _empty(ax, "no operative clause or commitment predicate found")
        return fig
    scale = results.scale
    y = np.arange(n)[::-1]
    left = np.zeros(n)
    for lv in scale.levels:  # strongest first, none last
        vals = cs[f"share_{lv}"].to_numpy()
        ax.barh(y, vals, left=left, color=LEVEL_COLOURS.get(lv, "#777777"), height=0.7,
                label=f"{scale.levels[lv].label} ({scale.rank(lv)})")
        left += vals
    for yy, k in zip(y, cs["n_commitments"]):
        ax.text(1.01, yy, f"{k}", va="center", ha="left", fontsize=6)
    ax.set_yticks(y, [_doc_label(results, d, t, _label_chars(width_in))
                      for d, t in zip(cs["doc_id"], cs["date"].fillna(""))])
    ax.set_xlim(0, 1.06)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel("Share of the document's rated units (their number at the right)" if width_in >= 5 else
                  "Share of rated units")
    handles, labs = ax.get_legend_handles_labels()
    fig.legend(handles, labs, loc="outside lower center", ncol=3 if width_in >= 5 else 2, frameon=False,
               fontsize=6)
    fig.suptitle("How strongly each document commits (the level of each rated unit's verb)")
    return fig


def actor_concepts_figure(results: Results, width_in: float = TWO_COLUMN_IN):
    """The two-mode network: actors in a column on the left, concepts on the right, edges coloured by level."""
    B = results.network
    actors = sorted((n for n, m in B.nodes(data="mode") if m == "actor"),
                    key=lambda n: (-B.nodes[n]["n_clauses"], n))
    concepts = sorted((n for n, m in B.nodes(data="mode") if m == "concept"),
                      key=lambda n: (-B.nodes[n]["n_clauses"], n))[: results.params.figure_max_concepts]
    concepts = sorted(concepts, key=lambda n: (n.split(":")[0], -B.nodes[n]["n_clauses"], n))
    rows = max(len(actors), len(concepts), 1)
    fig, ax = plt.subplots(figsize=(width_in, max(2.2, 0.17 * rows + 1.2)))
    ax.set_axis_off()
    if not actors:
        _empty(ax, "no actor commits to a concept")
        return fig

    def column(nodes):
        k = len(nodes)
        return {n: (1.0 - (i + 0.5) / k) if k else 0.5 for i, n in enumerate(nodes)}

    ya, yc = column(actors), column(concepts)
    xa, xc = (0.3, 0.62) if width_in >= 5 else (0.32, 0.5)  # room for the labels either side
    pos = {**{a: (xa, ya[a]) for a in actors}, **{c: (xc, yc[c]) for c in concepts}}
    shown = set(pos)
    edges = [(a, c, d) for a, c, d in B.edges(data=True) if a in shown and c in shown]
    top = max((d["n_clauses"] for *_, d in edges), default=1)
    scale = results.scale
    for a, c, d in sorted(edges, key=lambda e: (scale.rank(e[2]["level"]), e[0], e[1])):
        if B.nodes[a]["mode"] != "actor":
            a, c = c, a
        (x0, y0), (x1, y1) = pos[a], pos[c]
        ax.plot([x0, x1], [y0, y1], color=LEVEL_COLOURS.get(d["level"], "#777777"),
                linewidth=0.6 + 2.4 * d["n_clauses"] / top, alpha=0.8, solid_capstyle="round", zorder=1)
    for a in actors:
        x, yy = pos[a]
        ax.scatter([x], [yy], s=40, color="#000000", zorder=3)
        ax.annotate(f"{_short(B.nodes[a]['label'], max(10, int(width_in * 4.5)))} ({B.nodes[a]['n_clauses']})",
                    xy=(x, yy), xytext=(-5, 0), textcoords="offset points", ha="right", va="center", fontsize=6.5)
    for c in concepts:
        x, yy = pos[c]
        kind = c.split(":")[0]
        ax.scatter([x], [yy], s=22, marker="s", color=CONCEPT_COLOURS.get(kind, "#777777"), zorder=3)
        ax.annotate(_short(concept_label(c, B.nodes[c]["label"]), max(16, int(width_in * 7))), xy=(x, yy),
                    xytext=(5, 0), textcoords="offset points", ha="left", va="center", fontsize=6)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    levels = [lv for lv in scale.levels if any(d["level"] == lv for *_, d in edges)]
    handles = [Line2D([], [], color=LEVEL_COLOURS.get(lv, "#777777"), linewidth=2, label=scale.levels[lv].label)
               for lv in levels]
    handles += [Patch(color=CONCEPT_COLOURS[k], label=f"concept: {k}") for k in CONCEPT_COLOURS
                if any(c.startswith(k + ":") for c in concepts)]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4 if width_in >= 5 else 2,
              frameon=False, fontsize=6)
    n_conc = sum(1 for _, m in B.nodes(data="mode") if m == "concept")
    more = f", the {len(concepts)} named in most clauses" if len(concepts) < n_conc else ""
    ax.set_title(f"Who commits to what: {len(actors)} actors and {n_conc} concepts{more}")
    return fig


def concept_label(concept_id: str, label: str) -> str:
    """A concept's label for the figure: a dictionary category as ``category · dictionary``.

    >>> concept_label("category:security_framings.human_security", "human security (Security framings - ...)")
    'human security · security framings'
    >>> concept_label("instrument:unclos", "United Nations Convention on the Law of the Sea")
    'United Nations Convention on the Law of the Sea'
    """
    kind, _, rest = concept_id.partition(":")
    if kind != "category":
        return label
    dic, _, cat = rest.partition(".")
    return f"{cat.replace('_', ' ')} · {dic.replace('_', ' ')}"


def show(name: str, results: Results, width_in: float | None = None):
    """What a notebook displays for figure ``name``: the file the stage saved, or the figure drawn anew."""
    return show_figure(name, results, width_in, draw)


def draw(name: str, results: Results, width_in: float | None = None):
    """Draw one figure (by its name in :data:`FIGURE_NAMES`) in the project style and return it, closed to pyplot."""
    return draw_figure(name, results, width_in, lambda w: {
        "statements_reuse_shares": lambda: reuse_shares_figure(results, w),
        "statements_lineage": lambda: lineage_figure(results, w),
        "statements_commitment_levels": lambda: commitment_levels_figure(results, w),
        "statements_actor_concepts": lambda: actor_concepts_figure(results, w),
    }, FIGURE_NAMES)


def draw_all(results: Results, outdir: Path | str, formats: Iterable[str] = FORMATS, dpi: int = 300,
             width_in: float = TWO_COLUMN_IN, processed: Path | str | None = None) -> dict[str, list[Path]]:
    """Draw and save every figure; return ``{name: [paths]}`` (``processed``: the tables' folder, for provenance)."""
    return save_figures(lambda name: draw(name, results, width_in), {n: CAPTIONS[n] for n in FIGURE_NAMES},
                        SOURCES, outdir, formats, dpi, processed, drawn=results.drawn)
