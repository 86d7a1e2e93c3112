"""Every path the project uses, derived from one root.

The root is the nearest folder, from the working directory upwards, that
holds both ``dvc.yaml`` and ``params.yaml``: DVC runs stages from there,
JupyterLab starts kernels in ``notebooks/``, and a test may run a copy of
the repository in a temporary folder. Nothing here touches the disk at
import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT_MARKERS = ("dvc.yaml", "params.yaml")


def find_root(start: Path | str | None = None) -> Path:
    """Return the project root above ``start`` (default: the working directory).

    ``ASEANWPS_ROOT`` in the environment overrides the search.
    """
    env = os.environ.get("ASEANWPS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if all((folder / m).is_file() for m in ROOT_MARKERS):
            return folder
    # Fall back to the checkout this package lives in.
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    root: Path

    # inputs (never written by code)
    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.csv"

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def params(self) -> Path:
        return self.root / "params.yaml"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    # products
    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def clean(self) -> Path:
        return self.processed / "clean"

    @property
    def figures(self) -> Path:
        return self.root / "figures"

    @property
    def tables(self) -> Path:
        """LaTeX and Markdown renderings of the key tables."""
        return self.root / "reports" / "tables"

    @property
    def executed(self) -> Path:
        """Executed notebooks, kept for reading (never in ``notebooks/``)."""
        return self.root / "reports" / "executed"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def processed_file(self, name: str) -> Path:
        return self.processed / name


def paths(root: Path | str | None = None) -> Paths:
    """The project's paths, rooted at ``root`` or at :func:`find_root`."""
    return Paths(Path(root).resolve() if root else find_root())
