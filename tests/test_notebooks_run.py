"""Every notebook in notebooks/ runs top to bottom as a student would run it in JupyterLab.

In a fresh copy of the repository, after `dvc repro` (what `make` does), each
notebook is executed with its own default parameters (no papermill, no
parameters injected), from the notebooks/ folder as JupyterLab's kernel
would be, and no cell may end in an error.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO, copy_repo, dvc

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def built_repo(tmp_path_factory) -> Path:
    """A copy of the repository after `dvc repro`, made once per test session (shared with test_browser)."""
    root = tmp_path_factory.getbasetemp() / "built-repo"
    marker = root / ".built"
    if not marker.exists():
        copy_repo(root)
        dvc(root, "repro")
        marker.write_text("ok\n")
    return root


def kernel_env(monkeypatch, root: Path) -> None:
    """Kernels started from here import the copy's `pipeline` package and find its root from their folder."""
    monkeypatch.setenv("PYTHONPATH", str(root))
    monkeypatch.delenv("ASEANWPS_ROOT", raising=False)


def errors_of(nb) -> list[str]:
    """Every error output, and every stderr stream carrying a traceback, as 'cell <id>: <message>'."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {cell.id}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr" and "Traceback" in out.text:
                found.append(f"cell {cell.id}: {out.text[-400:]}")
    return found


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return built_repo(tmp_path_factory)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_with_its_defaults(repo, name, monkeypatch):
    kernel_env(monkeypatch, repo)
    folder = repo / "notebooks"
    nb = nbformat.read(folder / name, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{name} is stored with outputs"
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    assert errors_of(nb) == [], f"{name} shows errors"
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip())
    # a notebook that draws shows its figures
    if any(f in c.source for f in ("draw(", "show(", "_figure(") for c in nb.cells if c.cell_type == "code"):
        assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def test_explorers_show_a_static_default_without_a_widget_frontend(repo, monkeypatch):
    """Where no widget can be drawn, each explorer cell still shows its default result as HTML."""
    kernel_env(monkeypatch, repo)
    folder = repo / "notebooks"
    nb = nbformat.read(folder / "05_explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    widgets = [o for c in nb.cells for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]
    assert len(widgets) == 3
    html = [o["data"]["text/html"] for o in widgets]
    assert "“women”: 30 occurrences in 2 documents." in html[0]
    assert "ASEAN: its ego network" in html[1] and "data:image/png;base64," in html[1]
    assert "data:image/png;base64," in html[2] and "rsis_wps_mutual_aid_2025" in html[2]
