"""One figure style and deterministic, print-ready saving.

Every figure of the project is drawn under :func:`style` and written by
:func:`save_figure`, which strips the dates matplotlib would put in PDF and
SVG metadata, so that a rerun gives the same bytes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterable, Iterator

import matplotlib

matplotlib.use("Agg")  # headless and deterministic; notebooks still display inline
import matplotlib.pyplot as plt  # noqa: E402

STYLE_FILE = Path(__file__).with_name("wps.mplstyle")

#: Journal column widths in inches (Elsevier/Springer: 90 mm and 190 mm).
ONE_COLUMN_IN = 3.54
TWO_COLUMN_IN = 7.48

FORMATS = ("pdf", "svg", "png")

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


def figsize(width_in: float, aspect: float = 0.7) -> tuple[float, float]:
    """A (width, height) pair in inches for a figure ``aspect`` times as tall as wide."""
    return (width_in, round(width_in * aspect, 3))


def save_figure(
    fig: "matplotlib.figure.Figure",
    name: str,
    outdir: Path | str,
    formats: Iterable[str] = FORMATS,
    dpi: int = 300,
) -> list[Path]:
    """Write ``fig`` as ``outdir/name.<fmt>`` for each format and return the paths.

    Each file is written to a temporary name and renamed into place, so a
    failure never leaves a half-written figure behind.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    # SOURCE_DATE_EPOCH would otherwise leak a date into PDF/SVG if set
    # by the caller; the explicit None metadata below removes it entirely.
    for fmt in formats:
        if fmt not in _METADATA:
            raise ValueError(f"unknown figure format {fmt!r}; use one of {', '.join(FORMATS)}")
        target = outdir / f"{name}.{fmt}"
        tmp = outdir / f".{name}.{os.getpid()}.tmp.{fmt}"
        with plt.rc_context({"svg.hashsalt": "asean-wps"}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
        os.replace(tmp, target)
        written.append(target)
    return written
