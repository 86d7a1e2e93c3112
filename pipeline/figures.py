"""One figure style and deterministic, print-ready saving.

Every figure of the project is drawn under :func:`style` and written by
:func:`save_figure`, which strips the dates matplotlib would put in PDF and
SVG metadata, so that a rerun gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

import matplotlib

matplotlib.use("Agg")  # headless and deterministic; notebooks still display inline
import matplotlib.pyplot as plt  # noqa: E402

from .config import find_root  # noqa: E402
from .params import FIGURE_FORMATS  # noqa: E402

STYLE_FILE = Path(__file__).with_name("wps.mplstyle")

#: Journal column widths in inches (Elsevier/Springer: 90 mm and 190 mm).
ONE_COLUMN_IN = 3.54
TWO_COLUMN_IN = 7.48

FORMATS = FIGURE_FORMATS

#: A4 at print size (8.27 x 11.69 in): no figure may be taller than the page less room for its caption.
A4_IN = (8.27, 11.69)
PAGE_HEIGHT_IN = 10.5


def page_height(height_in: float) -> float:
    """``height_in``, at most :data:`PAGE_HEIGHT_IN`: a figure fits one printed page."""
    return round(min(float(height_in), PAGE_HEIGHT_IN), 3)


def largest_groups(sizes: "dict[str, int]", order: "list[str]", limit: int) -> "list[str]":
    """At most ``limit`` of the groups in ``order``: the largest (by ``sizes``; ties by order), kept in order.

    >>> largest_groups({"a": 1, "b": 5, "c": 3}, ["a", "b", "c"], 2)
    ['b', 'c']
    """
    if len(order) <= limit:
        return list(order)
    rank = sorted(order, key=lambda g: (-sizes.get(g, 0), order.index(g)))[:limit]
    return [g for g in order if g in set(rank)]

#: Okabe-Ito palette, the style's colour cycle, for categorical colours.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None},
    "svg": {"Date": None},
    "png": {"Software": None},
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Draw inside ``with style():`` to use the project's figure style."""
    with plt.style.context(str(STYLE_FILE)):
        yield


def wrap_titles(fig: "matplotlib.figure.Figure") -> "matplotlib.figure.Figure":
    """Wrap each axes title (and the suptitle) that is wider than the room it has.

    Titles are written for two-column figures; at one-column width
    (``figure.width_in: 3.54``) they would run off the page. A title that
    fits is left exactly as it is.
    """
    import textwrap

    renderer = fig.canvas.get_renderer()
    fig_px = fig.bbox.width

    def fit(text_obj, room_px: float) -> None:
        width = text_obj.get_window_extent(renderer).width
        if width <= room_px or not text_obj.get_text():
            return
        lines = text_obj.get_text().split("\n")
        longest = max(len(line) for line in lines)
        per_line = max(12, int(longest * room_px / width))
        text_obj.set_text("\n".join(textwrap.fill(line, per_line) for line in lines))

    for ax in fig.axes:
        # A title may overhang its axes a little, never the figure.
        fit(ax.title, min(ax.get_position().width * fig_px * 1.15, fig_px * 0.98))
    sup = getattr(fig, "_suptitle", None)
    if sup is not None:
        fit(sup, fig_px * 0.98)
    return fig


def figsize(width_in: float, aspect: float = 0.7) -> tuple[float, float]:
    """A (width, height) pair in inches for a figure ``aspect`` times as tall as wide."""
    return (width_in, round(width_in * aspect, 3))


def freeze_layout(fig: "matplotlib.figure.Figure") -> "matplotlib.figure.Figure":
    """Lay ``fig`` out once and keep that layout for every later drawing.

    Each ``savefig`` (and a notebook's display) would otherwise rerun the
    constrained layout, which is most of what saving a figure costs.
    """
    if fig.get_layout_engine() is not None:
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
    return fig


def _write(fig: "matplotlib.figure.Figure", target: Path, fmt: str, dpi: int) -> Path:
    """One file of a figure, written to a temporary name and renamed into place."""
    if fmt not in _METADATA:
        raise ValueError(f"unknown figure format {fmt!r}; use one of {', '.join(FORMATS)}")
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.{fmt}")
    # Print settings hold whatever style the figure was drawn under: TrueType fonts, fixed SVG ids.
    # The explicit None metadata keeps dates (SOURCE_DATE_EPOCH too) out of PDF and SVG.
    with plt.rc_context({"svg.hashsalt": "asean-wps", "pdf.fonttype": 42, "ps.fonttype": 42}):
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    os.replace(tmp, target)
    return target


def _write_all(jobs: list[tuple["matplotlib.figure.Figure", Path, str]], dpi: int) -> None:
    """Write every (figure, file, format) job, on two processes where the machine has two cores.

    A stage draws its figures in one process; the files of one figure do not depend on those of
    another, and the other core is idle while DVC runs one stage at a time. The child process is a
    fork holding the drawn figures: it writes every second job and exits; a failure there fails
    the stage like one here.
    """
    if len(jobs) < 4 or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        for fig, target, fmt in jobs:
            _write(fig, target, fmt, dpi)
        return
    pid = os.fork()
    if pid == 0:  # the child: every second job, then leave without running the parent's exit handlers
        code = 0
        try:
            for fig, target, fmt in jobs[1::2]:
                _write(fig, target, fmt, dpi)
        except BaseException:  # noqa: BLE001 - reported through the exit status
            code = 1
        os._exit(code)
    try:
        for fig, target, fmt in jobs[0::2]:
            _write(fig, target, fmt, dpi)
    finally:
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        failed = ", ".join(t.name for _, t, _ in jobs[1::2])
        raise RuntimeError(f"writing figure files failed in the helper process (one of: {failed})")


def save_figure(
    fig: "matplotlib.figure.Figure",
    name: str,
    outdir: Path | str,
    formats: Iterable[str] = FORMATS,
    dpi: int = 300,
    caption: str = "",
    sources: Iterable[Path | str] = (),
) -> list[Path]:
    """Write ``fig`` as ``outdir/name.<fmt>`` for each format and return the paths.

    Each file is written to a temporary name and renamed into place, so a
    failure never leaves a half-written figure behind. Beside the figure,
    ``name.json`` records its provenance: the caption, the files, and the
    SHA-256 of each data file in ``sources`` it was drawn from. The stage
    runner adds the notebook and parameters (see :mod:`pipeline.run`).
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    freeze_layout(fig)
    written = [_write(fig, outdir / f"{name}.{fmt}", fmt, dpi) for fmt in formats]
    write_provenance(outdir / f"{name}.json", name, caption, written, sources)
    return written


def save_figures(
    draw: "Callable[[str], matplotlib.figure.Figure]",
    captions: dict[str, str],
    sources: dict[str, Iterable[str]],
    outdir: Path | str,
    formats: Iterable[str] = FORMATS,
    dpi: int = 300,
    processed: Path | str | None = None,
    drawn: dict | None = None,
) -> dict[str, list[Path]]:
    """Draw and save a stage's figures, one per name in ``captions``; return ``{name: [paths]}``.

    ``draw(name)`` returns the figure; ``sources[name]`` lists the tables (file
    names under ``processed``) it is drawn from, whose hashes go into its
    provenance record. ``drawn``, if given, receives each figure by name, so
    that a notebook can display the figure it saved instead of drawing it again.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    figs = {}
    with style():
        for name in captions:
            figs[name] = freeze_layout(draw(name))
        _write_all([(figs[name], outdir / f"{name}.{fmt}", fmt) for name in captions for fmt in formats], dpi)
    out = {}
    for name, caption in captions.items():
        out[name] = [outdir / f"{name}.{fmt}" for fmt in formats]
        files = [Path(processed) / f for f in sources[name]] if processed else []
        write_provenance(outdir / f"{name}.json", name, caption, out[name], files)
    if drawn is not None:
        drawn.update(figs)
    return out


#: Pixels per inch of a figure displayed in a notebook (matplotlib's figure.dpi in the style).
DISPLAY_PPI = 100


class SavedFigure:
    """A figure as its stage saved it, for a notebook to display: the PNG file, shown at the figure's width.

    Displaying it costs reading a file, where drawing the figure again costs its layout and
    rendering; and what the reader sees is exactly the published file.
    """

    def __init__(self, png: Path | str, width_in: float):
        self.png, self.width_in = Path(png), width_in

    def _repr_png_(self):
        return self.png.read_bytes(), {"width": round(self.width_in * DISPLAY_PPI)}

    def __repr__(self) -> str:
        return f"SavedFigure({self.png.name!r})"


def saved_figure(folder: Path | str | None, name: str, settings, width_in: float | None = None) -> SavedFigure | None:
    """The saved PNG of figure ``name`` in ``folder``, if one was written with these figure ``settings``.

    ``None`` (draw it instead) when no folder is known, the PNG format is not written, another
    width is asked for, or the file is missing.
    """
    if folder is None or "png" not in settings.formats or width_in not in (None, settings.width_in):
        return None
    png = Path(folder) / f"{name}.png"
    return SavedFigure(png, settings.width_in) if png.is_file() else None


def draw_figure(name: str, results, width_in: float | None, makers: Callable[[float], dict],
                names: Iterable[str]) -> "matplotlib.figure.Figure":
    """One figure of a stage by ``name``, in the project style, closed to pyplot (the Figure still displays).

    At the width the stage saved it (``width_in`` None or ``results.figure.width_in``), the figure the
    stage drew (``results.drawn``); otherwise ``makers(width)[name]()`` draws it anew. ``makers`` builds the
    stage's ``{name: drawing function}`` for a width; ``names`` are the stage's figure names.
    """
    if width_in in (None, results.figure.width_in) and name in results.drawn:
        return results.drawn[name]  # the figure the stage saved, as its files show it
    names = tuple(names)
    if name not in names:
        raise ValueError(f"unknown figure {name!r}; figures are: {', '.join(names)}")
    with style():
        fig = wrap_titles(makers(width_in or results.figure.width_in)[name]())
    plt.close(fig)  # keep pyplot's list of open figures empty
    return fig


def show_figure(name: str, results, width_in: float | None, draw: Callable):
    """What a notebook displays for figure ``name``: the PNG the stage saved when the results know their figures
    folder and the width is the saved one (:func:`saved_figure`), else ``draw(name, results, width_in)``."""
    saved = saved_figure(results.figure_dir, name, results.figure, width_in)
    return saved if saved is not None else draw(name, results, width_in)


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def write_provenance(target: Path, name: str, caption: str, files: list[Path], sources) -> Path:
    """The figure's sidecar record: what it shows and exactly which data made it."""
    root = find_root()
    record = {
        "figure": name,
        "caption": caption,
        "files": [_rel(f, root) for f in files],
        "sources": [
            {"path": _rel(Path(s), root), "sha256": hashlib.sha256(Path(s).read_bytes()).hexdigest()}
            for s in sorted({Path(s) for s in sources}, key=lambda p: _rel(p, root))
        ],
    }
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target
