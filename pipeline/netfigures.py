"""Figures of the ``network`` stage, drawn in the project style.

Every function takes a :class:`pipeline.network.Results` and returns a
matplotlib figure; :func:`draw_all` draws and saves them all through
:func:`pipeline.figures.save_figure`. Layouts are seeded, so a rerun gives
the same picture.

- ``network_comention``: the co-mention network (node size = weighted
  degree, colour = type, labels for the top actors placed so they do not
  overlap)
- ``network_ego``: the ego network of one actor (parameter ``ego_actor``)
- ``network_actor_heatmap``: document x actor mention counts
- ``network_centrality``: actors ranked by each measure
- ``network_periods``: the co-mention network of each period (groups.time_by), small multiples with the same
  position for the same actor in every panel
- ``network_actor_trends``: mentions per 1,000 words of the chosen actors per period, one line per actor

The co-mention figures draw the network's backbone (``network.backbone``:
:mod:`pipeline.backbone`) and say in their title how many edges and labels
were left out; past ``textstats.figure_max_docs`` documents the heatmap's
columns are the groups of ``groups.by``. Every figure fits one A4 page.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .backbone import backbone as backbone_of, union_graph
from .figures import (FORMATS, PAGE_HEIGHT_IN, TWO_COLUMN_IN, draw_figure, figsize, largest_groups, page_height,
                      save_figures, show_figure, style)
from .groups import group_order
from .textfigures import trends_figure
from .gazetteer import TYPES
from .errors import PipelineError

if TYPE_CHECKING:  # for annotations only: the network stage imports this module to draw
    from .network import Results

#: One colour per entity type: Okabe-Ito first, then Paul Tol's wine, grey, teal and sand.
TYPE_COLOURS = {
    "state": "#0072B2",
    "state_group": "#56B4E9",
    "regional_organisation": "#E69F00",
    "organisation_body": "#F0E442",
    "un_body": "#009E73",
    "government_agency": "#CC79A7",
    "civil_society": "#D55E00",
    "research_institute": "#882255",
    "military": "#000000",
    "person": "#999999",
    "instrument": "#44AA99",
    "event": "#DDCC77",
}

FIGURE_NAMES = ("network_comention", "network_ego", "network_actor_heatmap", "network_centrality", "network_periods",
                "network_actor_trends")

CAPTIONS = {
    "network_comention": "Actor co-mention network: two actors are joined when mentioned in the same unit "
                         "(segment by default); line width = shared units, node size = weighted degree, colour = "
                         "actor type. Actors never mentioned with another are drawn in the row beneath.",
    "network_ego": "Ego network of one actor (parameter ego_actor): the actors mentioned in the same unit as it, "
                   "and the co-mention ties among them.",
    "network_actor_heatmap": "Mentions of the most-mentioned actors in each document (gazetteer names and the "
                             "names the recogniser discovered, in the cleaned texts).",
    "network_centrality": "Actors ranked by degree, weighted degree, betweenness and eigenvector centrality in the "
                          "co-mention network; bar colour = actor type.",
    "network_periods": "The co-mention network of each period (groups.time_by), one panel per period, each actor at "
                       "the same position in every panel (one layout of all periods together); node size = weighted "
                       "degree in the period, colour = actor type; the panel title counts the actors that entered "
                       "(+) and left (-) since the period before.",
    "network_actor_trends": "Trends of actors: mentions per 1,000 words in each period (groups.time_by), pooled over "
                            "the period's documents; one line per actor.",
}

#: Tables (under data/processed/) each figure is drawn from, for its provenance record.
SOURCES = {
    "network_comention": ("actors.csv", "actor_edges.csv"),
    "network_ego": ("actors.csv", "actor_edges.csv"),
    "network_actor_heatmap": ("actors.csv", "document_actors.csv"),
    "network_centrality": ("actors.csv",),
    "network_periods": ("period_networks.csv", "period_edges.csv", "actors.csv"),
    "network_actor_trends": ("actor_trends.csv",),
}

# label offsets (points), tried in order: above, below, right, left, then diagonals
_OFFSETS = [(0, 1, "center", "bottom"), (0, -1, "center", "top"), (1, 0, "left", "center"), (-1, 0, "right", "center"),
            (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"), (1, -1, "left", "top"), (-1, -1, "right", "top")]


def _short(name: str, width: int = 28) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def induced(G: nx.Graph, nodes) -> nx.Graph:
    """The subgraph of ``G`` on ``nodes`` as a new graph with sorted nodes and edges.

    networkx's subgraph views iterate a *set* of nodes when the subset is
    small, so their order (and a seeded layout computed on them) would
    change with Python's hash seed from one run to the next.
    """
    H = nx.Graph()
    H.add_nodes_from((n, G.nodes[n]) for n in sorted(nodes))
    keep = set(nodes)
    edges = sorted((min(u, v), max(u, v), d) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    H.add_edges_from(edges)
    return H


def layout(G: nx.Graph, *, seed: int) -> dict:
    """A seeded spring layout of the largest component, the others in a row beneath it.

    Unconnected actors would otherwise push the main component into a
    corner. Weights pull co-mentioned actors together.
    """
    if len(G) == 0:
        return {}
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    main = induced(G, comps[0])
    if len(main) > 25:
        # a large network: Kamada-Kawai (graph distances, no randomness) spreads the hubs that a spring
        # layout piles into the centre, so their labels find room
        pos = nx.kamada_kawai_layout(main, weight=None)
    elif len(main) > 1:
        pos = nx.spring_layout(main, seed=seed, weight="weight", k=1.6 / np.sqrt(len(main)), iterations=200)
    else:
        pos = {comps[0][0]: np.zeros(2)}
    rest = comps[1:]
    if rest:
        xs = np.linspace(-1.0, 1.0, len(rest) + 2)[1:-1] if len(rest) > 1 else np.array([0.0])
        for x, comp in zip(xs, rest):
            sub = induced(G, comp)
            small = nx.spring_layout(sub, seed=seed, scale=0.08) if len(comp) > 1 else {comp[0]: np.zeros(2)}
            for n, xy in small.items():
                pos[n] = np.array([x, -1.35]) + xy
    return {n: np.asarray(pos[n]) for n in sorted(pos)}


def place_labels(ax, pos: dict, labels: dict, radii_pt: dict, fontsize: float = 6.0) -> list[str]:
    """Greedily add labels that overlap neither each other, nor another node, nor the axes' edge; return the
    nodes labelled.

    Each label is tried above, below, right and left of its node, then on the
    diagonals, then the same further out; the first position whose box
    overlaps no label already placed and no other node wins; a label that fits
    nowhere is left out (the figure's note counts them).
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    placed = []
    done = []
    frame = ax.get_window_extent(renderer)
    px = fig.dpi / 72.0
    # every node's disc in display units: a label may cover its own node's edge, never another node
    discs = {n: (*ax.transData.transform(pos[n]), radii_pt.get(n, 3.0) * px) for n in pos}

    def hits_a_node(box, own) -> bool:
        for n, (x, y, r) in discs.items():
            if n != own and box.x0 - r < x < box.x1 + r and box.y0 - r < y < box.y1 + r:
                cx, cy = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
                if (cx - x) ** 2 + (cy - y) ** 2 < r * r:
                    return True
        return False

    for node, text in labels.items():
        r = radii_pt.get(node, 3.0) + 1.5
        for far, (dx, dy, ha, va) in [(f, o) for f in (1.0, 2.2) for o in _OFFSETS]:
            t = ax.annotate(text, xy=pos[node], xytext=(dx * r * far, dy * r * far), textcoords="offset points",
                            ha=ha, va=va, fontsize=fontsize, zorder=5,
                            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.75))
            box = t.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(b) for b in placed) and not hits_a_node(box, node):
                placed.append(box)
                done.append(node)
                break
            t.remove()
    return done


def _draw_network(ax, G: nx.Graph, pos: dict, types: dict, sizes: dict, focus: str | None = None) -> dict:
    """Edges, then nodes coloured by type; returns node radii in points (for labels)."""
    if G.number_of_edges():
        w = np.array([d.get("weight", 1) for _, _, d in G.edges(data=True)], dtype=float)
        widths = 0.3 + 2.2 * w / w.max()
        nx.draw_networkx_edges(G, pos, ax=ax, width=widths, edge_color="#9a9a9a", alpha=0.55)
    nodes = sorted(G)
    node_sizes = [sizes[n] for n in nodes]
    colours = [TYPE_COLOURS.get(types[n], "#777777") for n in nodes]
    edgecolors = ["#000000" if n == focus else "white" for n in nodes]
    linewidths = [1.6 if n == focus else 0.5 for n in nodes]
    nx.draw_networkx_nodes(G, pos, nodelist=nodes, ax=ax, node_size=node_sizes, node_color=colours,
                           edgecolors=edgecolors, linewidths=linewidths)
    ax.set_axis_off()
    ax.margins(0.08)
    return {n: float(np.sqrt(s / np.pi)) for n, s in zip(nodes, node_sizes)}


def _type_legend(fig, types_present: Iterable[str], ncol: int = 4) -> None:
    handles = [Line2D([], [], marker="o", linestyle="", markersize=5, markerfacecolor=TYPE_COLOURS[t],
                      markeredgecolor="white", label=TYPES[t]) for t in TYPES if t in set(types_present)]
    fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False, handletextpad=0.3, columnspacing=1.0)


def _node_sizes(values: dict, smallest: float = 18.0, largest: float = 420.0) -> dict:
    top = max(values.values(), default=0) or 1
    return {n: smallest + (largest - smallest) * np.sqrt(v / top) for n, v in values.items()}


def drawn_actors(results: Results, limit: int | None = None) -> list[str]:
    """The actors the network figures draw: at most ``network.figure_max_actors``, by weighted degree, then
    mentions, then id."""
    a = results.actors
    limit = results.params.figure_max_actors if limit is None else limit
    if len(a) <= limit:
        return sorted(a["actor_id"])
    top = a.sort_values(["weighted_degree", "mentions", "actor_id"], ascending=[False, False, True], kind="mergesort")
    return sorted(top["actor_id"].head(limit))


def comention_figure(results: Results, width_in: float = TWO_COLUMN_IN, label_top_n: int | None = None, seed: int | None = None):
    """The actor co-mention network."""
    p = results.params
    label_top_n = p.label_top_n if label_top_n is None else label_top_n
    seed = p.seed if seed is None else seed
    G = results.comention
    a = results.actors.set_index("actor_id")
    shown = drawn_actors(results)
    with style():
        fig = plt.figure(figsize=figsize(width_in, 0.78))
        fig.set_layout_engine("none")  # labels are placed by hand: no layout engine may move the axes
        ax = fig.add_axes([0.01, 0.14, 0.98, 0.79])
        S = induced(G, shown)
        B = backbone_of(S, p.backbone, p.backbone_alpha, p.backbone_k)
        pos = layout(B, seed=seed)
        radii = _draw_network(ax, B, pos, a["type"].to_dict(), _node_sizes(a.loc[shown, "weighted_degree"].to_dict()))
        top = a.loc[shown].sort_values(["weighted_degree", "mentions"], ascending=False,
                                       kind="mergesort").index[:label_top_n]
        done = place_labels(ax, pos, {n: _short(a.at[n, "name"], 24) for n in top}, radii)
        ax.set_title(f"Actors mentioned together (unit: {p.unit}; node size = weighted degree)")
        among = (f"the {len(shown)} of {len(G):,} actors of highest weighted degree drawn; " if len(shown) < len(G)
                 else "")
        note = (f"{backbone_note(S, B, p)}; {among}{len(done)} of {len(shown)} labelled (highest weighted degree), "
                f"{len(shown) - len(done)} not.")
        fig.text(0.5, 0.105, "\n".join(textwrap.wrap(note, int(width_in * 19))), ha="center", va="bottom",
                 fontsize=6.5)
        _type_legend(fig, a["type"])
    return fig


def ego_figure(results: Results, actor: str | None = None, width_in: float = TWO_COLUMN_IN, seed: int | None = None):
    """The ego network of ``actor``: the actor, its co-mentioned neighbours and their ties."""
    p = results.params
    actor = p.ego_actor if actor is None else actor
    seed = p.seed if seed is None else seed
    check_ego_actor(results, actor)
    E = induced(results.comention, nx.ego_graph(results.comention, actor, radius=1).nodes)
    a = results.actors.set_index("actor_id")
    with style():
        fig = plt.figure(figsize=figsize(width_in, 0.7))
        fig.set_layout_engine("none")  # labels are placed by hand: no layout engine may move the axes
        ax = fig.add_axes([0.01, 0.13, 0.98, 0.79])
        pos = layout(E, seed=seed)
        wd = {n: E.degree(n, weight="weight") for n in E}
        radii = _draw_network(ax, E, pos, a["type"].to_dict(), _node_sizes(wd), focus=actor)
        order = sorted(E, key=lambda n: (n != actor, -wd[n], n))
        place_labels(ax, pos, {n: _short(a.at[n, "name"], 24) for n in order}, radii)
        ax.set_title(f"Ego network of {a.at[actor, 'name']}: {E.number_of_nodes() - 1} actors mentioned with it "
                     f"(unit: {p.unit})")
        _type_legend(fig, [a.at[n, "type"] for n in E])
    return fig


#: Documents (columns) the heatmap shows at most: beyond that a column per document is unreadable.
HEATMAP_MAX_DOCS = 30


def heatmap_figure(results: Results, width_in: float = TWO_COLUMN_IN, top_n: int | None = None,
                   max_docs: int = HEATMAP_MAX_DOCS):
    """Mentions of the most-mentioned actors (rows) in each document (columns).

    With more than ``max_docs`` documents, the ``max_docs`` that mention the
    shown actors most are drawn (in doc_id order) and the title says so.
    """
    top_n = results.params.heatmap_top_n if top_n is None else top_n
    a = results.actors.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="mergesort").head(top_n)
    da = results.tables["document_actors"]
    all_docs = sorted(set(da["doc_id"]) | set(results.titles))
    counts = da.pivot_table(index="actor_id", columns="doc_id", values="mentions", aggfunc="sum", fill_value=0)
    counts = counts.reindex(index=list(a["actor_id"]), columns=all_docs, fill_value=0)
    docs = all_docs
    grouped_cols = _heatmap_groups(results, all_docs)
    if grouped_cols is not None:  # past textstats.figure_max_docs: one column per group, its documents' mentions added
        group_of, labels = grouped_cols
        counts = counts.T.groupby(pd.Series(group_of)).sum().T
        docs = [g for g in labels if g in counts.columns]
        counts = counts.reindex(columns=docs, fill_value=0)
        all_docs = docs
    if len(all_docs) > max_docs:
        totals = counts.sum(axis=0)
        ranked = sorted(all_docs, key=lambda d: (-int(totals[d]), d))
        docs = sorted(ranked[:max_docs])
        counts = counts[docs]
    m = counts.to_numpy()
    with style():
        height = 0.55 + 0.16 * len(a) + 0.3
        fig, ax = plt.subplots(figsize=(min(width_in, 1.9 + 1.3 * len(docs)), page_height(height)))
        im = ax.imshow(m, aspect="auto", cmap="cividis")
        ax.set_yticks(range(len(a)), [_short(n, 34) for n in a["name"]])
        names = grouped_cols[1] if grouped_cols is not None else {}
        ax.set_xticks(range(len(docs)), ["\n".join(textwrap.wrap(names.get(d, d).replace("_", " "), 16)) for d in docs],
                      fontsize=6, rotation=90 if len(docs) > 12 else 0)
        ax.tick_params(length=0)
        for s in ax.spines.values():
            s.set_visible(False)
        cut = m.max() / 2 if m.size else 0
        for (i, j), v in np.ndenumerate(m):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=6, color="black" if v > cut else "white")
        shown = "" if len(docs) == len(all_docs) else f"; the {len(docs)} of {len(all_docs):,} documents naming them most"
        unit = "document"
        if grouped_cols is not None:
            unit, shown = "group", f"; {len(results.titles or group_of):,} documents pooled into groups of " \
                f"groups.by"
        ax.set_title(f"Mentions per {unit} (top {len(a)} actors{shown})")
        fig.colorbar(im, ax=ax, shrink=0.6, label="mentions")
    return fig


MEASURES = (("degree", "Degree (actors co-mentioned)"), ("weighted_degree", "Weighted degree (shared units)"),
            ("betweenness", "Betweenness (bridging)"), ("eigenvector", "Eigenvector (tied to the central)"))


def centrality_figure(results: Results, width_in: float = TWO_COLUMN_IN, top_n: int | None = None,
                      measures: Sequence[tuple[str, str]] = MEASURES):
    """The top actors by each measure, one panel per measure, bars coloured by type."""
    top_n = results.params.ranking_top_n if top_n is None else top_n
    a = results.actors
    with style():
        fig, axes = plt.subplots(2, 2, figsize=figsize(width_in, 0.3 + 0.036 * min(top_n, len(a))))
        for ax, (col, title) in zip(axes.flat, measures):
            top = a.sort_values([col, "actor_id"], ascending=[False, True], kind="mergesort").head(top_n)[::-1]
            ax.barh(range(len(top)), top[col], color=[TYPE_COLOURS[t] for t in top["type"]], height=0.7)
            ax.set_yticks(range(len(top)), [_short(n, 26) for n in top["name"]], fontsize=6)
            ax.set_title(title)
            ax.tick_params(axis="y", length=0)
        _type_legend(fig, a["type"], ncol=6)
        fig.get_layout_engine().set(rect=(0, 0.07, 1, 0.93))
        fig.suptitle("Actors ranked by co-mention network measures")
    return fig



# ---------------------------------------------------------------- at scale and over time (issue 13)


def backbone_note(G: nx.Graph, B: nx.Graph, p) -> str:
    """What the backbone left out, for a title or caption."""
    rule = {"top_k": f"each actor's {p.backbone_k} heaviest edges", "none": "every edge",
            "disparity": f"disparity filter, alpha {p.backbone_alpha:g}"}[p.backbone]
    return f"Backbone ({rule}): {B.number_of_edges():,} of {G.number_of_edges():,} edges drawn"


def _heatmap_groups(results, all_docs: Sequence[str]):
    """``(doc -> group, group -> label)`` when the heatmap must show groups (past figure_max_docs), else None."""
    gr = getattr(results, "grouped", None)
    limit = getattr(results, "figure_max_docs", None)
    if gr is None or gr.assignment is None or limit is None or len(all_docs) <= limit:
        return None
    a = gr.assignment[gr.assignment["group"] != ""]
    if a.empty:
        return None
    group_of = dict(zip(a["doc_id"], a["group"]))
    sizes = a.groupby("group").size().to_dict()
    return group_of, {g: f"{g} ({sizes[g]:,})" for g in group_order(a)}


def period_layout(U: nx.Graph) -> dict:
    """One layout for every period's panel: Kamada-Kawai (deterministic, no seed) of the largest component of
    all periods together, which spreads hubs and periphery more evenly than a spring layout; the other
    components in a row beneath, as :func:`layout` places them."""
    if len(U) == 0:
        return {}
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    main = induced(U, comps[0])
    pos = nx.kamada_kawai_layout(main) if len(main) > 2 else layout(main, seed=0)
    rest = [n for c in comps[1:] for n in c]
    xs = np.linspace(-1.0, 1.0, len(rest) + 2)[1:-1] if len(rest) > 1 else np.array([0.0])
    for x, n in zip(xs, rest):
        pos[n] = np.array([x, -1.25])
    return {n: np.asarray(pos[n]) for n in sorted(pos)}


def _panel_grid(n: int) -> tuple[int, int]:
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    return int(np.ceil(n / ncols)), ncols


def periods_figure(results: Results, width_in: float = TWO_COLUMN_IN, seed: int | None = None):
    """Small multiples: each period's co-mention backbone, every actor at one position across the panels."""
    p = results.params
    seed = p.seed if seed is None else seed
    gr = results.grouped
    graphs = gr.graphs if gr is not None else {}
    with style():
        if not any(len(G) for G in graphs.values()):
            fig, ax = plt.subplots(figsize=figsize(width_in, 0.3))
            ax.text(0.5, 0.5, "No period networks: the documents have no dates or no co-mentions", ha="center",
                    va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return fig
        limit = getattr(results, "figure_max_docs", 12)
        ids = largest_groups({k: int(G.graph.get("n_docs", 0)) for k, G in graphs.items()}, list(graphs), limit)
        shown = drawn_actors(results)  # the same actors in every panel, as in the co-mention figure
        backbones = {k: backbone_of(induced(graphs[k], [n for n in shown if n in graphs[k]]), p.backbone,
                                    p.backbone_alpha, p.backbone_k) for k in ids}
        pos = period_layout(union_graph(backbones))
        nrows, ncols = _panel_grid(len(ids))
        panel_h = min(width_in / ncols * 0.9, (PAGE_HEIGHT_IN - 0.8) / nrows)
        fig = plt.figure(figsize=(width_in, page_height(panel_h * nrows + 0.8)))
        fig.set_layout_engine("none")  # labels are placed by hand
        ents = results.gazetteer.entries
        summary = results.tables["period_networks"].set_index("period")
        top, bottom = 1 - 0.45 / fig.get_figheight(), 0.45 / fig.get_figheight()
        cell_h, cell_w = (top - bottom) / nrows, 1.0 / ncols
        types_seen = set()
        for i, k in enumerate(ids):
            r, c = divmod(i, ncols)
            ax = fig.add_axes([c * cell_w + 0.01, top - (r + 1) * cell_h + 0.01, cell_w - 0.02, cell_h - 0.05])
            B = backbones[k]
            wd = {n: graphs[k].degree(n, weight="weight") for n in B}
            types = {n: ents[n].type for n in B}
            types_seen |= set(types.values())
            radii = _draw_network(ax, B, {n: pos[n] for n in B}, types, _node_sizes(wd, 8.0, 160.0)) if len(B) else {}
            xs = np.array([xy for xy in pos.values()])
            ax.set_xlim(xs[:, 0].min() - 0.15, xs[:, 0].max() + 0.15)
            ax.set_ylim(xs[:, 1].min() - 0.15, xs[:, 1].max() + 0.15)
            order = sorted(B, key=lambda n: (-wd[n], n))[: p.period_label_top_n]
            place_labels(ax, pos, {n: _short(ents[n].name, 18) for n in order}, radii, fontsize=5.0)
            row = summary.loc[k] if k in summary.index else None
            extra = "" if row is None else (f"{int(row['n_docs']):,} docs, {int(row['n_actors'])} actors, "
                                            f"+{int(row['entered'])} / -{int(row['left'])}")
            ax.set_title(f"{k}\n{extra}", fontsize=7)
        left = len(graphs) - len(ids)
        more = f"; the {len(ids)} periods with most documents of {len(graphs)} shown" if left else ""
        if len(shown) < len(results.actors):
            more += f"; the {len(shown)} actors of highest weighted degree of {len(results.actors):,}"
        fig.suptitle(f"Co-mention network of each period (by {results_time_by(results)}; same position for the same "
                     f"actor; backbone: {p.backbone}{more})", fontsize=8.5, y=0.995)
        _type_legend(fig, types_seen, ncol=5)
    return fig


def results_time_by(results) -> str:
    """``groups.time_by`` of the results ("periods" if unknown)."""
    gr = results.grouped
    return gr.time_by if gr is not None else "periods"


def actor_trends_figure(results: Results, width_in: float = TWO_COLUMN_IN):
    """Mentions per 1,000 words of the chosen actors in each period, one line per actor."""
    t = results.tables["actor_trends"]
    names = {a: results.gazetteer.entries[a].name for a in set(t["item"]) if a in results.gazetteer.entries}
    with style():
        return trends_figure(t, results_time_by(results), width_in, names,
                             title="Actors over time: mentions per 1,000 words in each period")


def captions(results) -> dict[str, str]:
    """Each figure's caption, with what the backbone, the labels and the groups left out in this run."""
    out = dict(CAPTIONS)
    p = results.params
    if len(results.comention):
        B = backbone_of(results.comention, p.backbone, p.backbone_alpha, p.backbone_k)
        out["network_comention"] += (f" {backbone_note(results.comention, B, p)}; labels for at most "
                                     f"{p.label_top_n} actors (highest weighted degree) that fit without overlapping.")
    grouped_cols = _heatmap_groups(results, sorted(set(results.tables["document_actors"]["doc_id"])
                                                   | set(results.titles)))
    if grouped_cols is not None:
        out["network_actor_heatmap"] += (" Past textstats.figure_max_docs documents, each column is a group of "
                                         "groups.by, its documents' mentions added up.")
    gr = results.grouped
    if gr is not None and len(gr.graphs) > getattr(results, "figure_max_docs", 12):
        out["network_periods"] += (f" Only the {results.figure_max_docs} periods with most documents of "
                                   f"{len(gr.graphs)} are drawn; period_networks.csv holds them all.")
    return out


def check_ego_actor(results: Results, actor: str) -> None:
    """Raise a clear error if ``actor`` cannot have an ego network."""
    if actor not in results.gazetteer.entries:
        raise PipelineError(
            f"params.yaml: network.ego_actor is {actor!r}, which is neither a gazetteer id nor a discovered one. "
            f"Fix: use an id from actors.csv, e.g. {', '.join(results.actors['actor_id'][:5])}."
        )
    if actor not in results.comention:
        raise PipelineError(
            f"params.yaml: network.ego_actor is {actor!r}, which no document mentions "
            "(or it is an instrument). Fix: choose an actor listed in actors.csv."
        )


def show(name: str, results, width_in: float | None = None):
    """What a notebook displays for figure ``name``: the file the stage saved, or the figure drawn anew.

    ``display(show("network_comention", results))`` shows the published PNG when the results
    know their figures folder and the width is the one it was saved at; at another width the
    figure is drawn (:func:`draw`).
    """
    return show_figure(name, results, width_in, draw)


def draw(name: str, results: Results, width_in: float | None = None):
    """Draw one figure (by its name in :data:`FIGURE_NAMES`) and return it, closed to pyplot.

    In a notebook, ``display(draw("network_ego", results))`` shows it once, as wide as
    ``figure.width_in`` (the results' ``figure`` section) unless ``width_in`` is given.
    """
    return draw_figure(name, results, width_in, lambda w: {
        "network_comention": lambda: comention_figure(results, w),
        "network_ego": lambda: ego_figure(results, width_in=w),
        "network_actor_heatmap": lambda: heatmap_figure(results, w),
        "network_centrality": lambda: centrality_figure(results, w),
        "network_periods": lambda: periods_figure(results, w),
        "network_actor_trends": lambda: actor_trends_figure(results, w),
    }, FIGURE_NAMES)


def draw_all(results: Results, outdir: Path | str, formats: Iterable[str] = FORMATS, dpi: int = 300,
             width_in: float = TWO_COLUMN_IN, processed: Path | str | None = None) -> dict[str, list[Path]]:
    """Draw and save every figure; return ``{name: [paths]}``.

    ``processed`` is the folder of the tables drawn from (written first);
    their hashes go into each figure's provenance record.
    """
    caps = captions(results)
    return save_figures(lambda name: draw(name, results, width_in), {n: caps[n] for n in FIGURE_NAMES},
                        SOURCES, outdir, formats, dpi, processed, drawn=results.drawn)
