"""JupyterLab for real: every notebook opened and run in headless Chromium, and the static report's links.

In a fresh copy of the repository after `dvc repro`, a real JupyterLab server
is started on 127.0.0.1 (a free port, token auth, root = the copy) and
Debian's Chromium, driven by Playwright, opens each notebook, runs all cells
from the Run menu, waits for the kernel to finish, checks that no cell shows
an error, that the figures rendered, and that the explorers respond, and
saves a screenshot of each notebook to reports/screenshots/<name>.png (of
the real checkout; the folder is git-ignored). Then it opens the static
report (reports/html/index.html) with file:// and checks every link.

Needs Chromium: `apt-get install chromium` (Debian); never a browser download.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import REPO
from test_notebooks_run import NOTEBOOKS, built_repo

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "reports" / "screenshots"
#: Notebooks whose cells draw figures: each must show at least one rendered image.
DRAWING = {"00_overview.ipynb", "02_textstats.ipynb", "04_network.ipynb", "05_explore.ipynb",
           "06_statements.ipynb"}
RUN_TIMEOUT_S = 240

# JupyterLab settings for the test: every cell in the page (no virtual scrolling, so all outputs
# can be checked). No news or update checks comes from the project's own config/jupyter/, as a
# student's `make lab` gets it.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
NEWS_PROMPT = "Would you like to get notified about official Jupyter news?"


def _skip_without_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: run `sudo apt-get install chromium` (Debian/Ubuntu) to run the "
                    "browser tests; .ci/run installs it.")
    pytest.importorskip("playwright.sync_api", reason="playwright is missing: run `make setup`")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def lab_server(root: Path, state: Path):
    """A JupyterLab server on 127.0.0.1 rooted at ``root``; yields ``(base_url, token)``. Shut down on exit."""
    token = secrets.token_hex(16)
    port = free_port()
    settings = state / "settings"
    for name, value in LAB_SETTINGS.items():
        f = settings / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root), "JUPYTER_CONFIG_DIR": str(state / "config"),
           "JUPYTER_RUNTIME_DIR": str(state / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"), "JUPYTER_CONFIG_PATH": str(root / "config/jupyter")}
    env.pop("ASEANWPS_ROOT", None)
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--IdentityProvider.token={token}",
           "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}", "--LabApp.extension_manager=readonly",
           "--allow-root"]
    log = open(state / "lab.log", "wb")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"jupyter lab exited ({proc.returncode}):\n{(state / 'lab.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"jupyter lab did not start in 60 s:\n{(state / 'lab.log').read_text()}")
            time.sleep(0.3)
        yield base, token
    finally:
        with contextlib.suppress(Exception):
            req = urllib.request.Request(f"{base}/api/shutdown", method="POST",
                                         headers={"Authorization": f"token {token}"})
            urllib.request.urlopen(req, timeout=10)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(timeout=10)
        log.close()


def shut_down_kernels(base: str, token: str) -> None:
    """Delete every session (and its kernel), as Kernel > Shut Down All Kernels would."""
    headers = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/sessions", headers=headers), timeout=10) as r:
        sessions = json.load(r)
    for s in sessions:
        urllib.request.urlopen(urllib.request.Request(f"{base}/api/sessions/{s['id']}", method="DELETE",
                                                      headers=headers), timeout=10)


@contextlib.contextmanager
def chromium(profile: Path, width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=str(CHROMIUM), headless=True,
                                                   args=CHROMIUM_ARGS, viewport={"width": width, "height": height})
        try:
            yield ctx
        finally:
            ctx.close()


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

_PROMPTS_JS = f"""() => [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt')]
    .map(e => e.textContent.trim())"""

_STATE_JS = f"""() => {{
  const panel = document.querySelector('{PANEL}');
  const outs = [...panel.querySelectorAll('.jp-OutputArea-output')];
  const errors = outs.filter(o => o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr'
                                  && /Traceback|Error/.test(o.textContent))
                     .map(o => o.textContent.slice(0, 500));
  const widgetErrors = outs.filter(o => /Error displaying widget|Failed to load model/.test(o.textContent))
                           .map(o => o.textContent.slice(0, 300));
  const imgs = [...panel.querySelectorAll('.jp-OutputArea-output img')];
  return {{errors, widgetErrors, images: imgs.length, brokenImages: imgs.filter(i => !(i.naturalWidth > 0)).length,
           widgets: panel.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length}};
}}"""


def kernel_idle(page) -> bool:
    return page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").count() > 0


def run_all_cells(page, timeout_s: float = RUN_TIMEOUT_S) -> list[str]:
    """Run > Run All Cells, then wait until every code cell has run and the kernel is idle.

    If no cell has started 15 s after the click (the kernel was still
    connecting), the menu command is given again, at most three times.
    """
    deadline = time.monotonic() + timeout_s
    prompts: list[str] = []
    for _attempt in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        started = time.monotonic() + 15
        while time.monotonic() < started:
            prompts = page.evaluate(_PROMPTS_JS)
            if any(p != "[ ]:" for p in prompts):
                break
            page.wait_for_timeout(250)
        else:
            continue
        break
    while time.monotonic() < deadline:
        prompts = page.evaluate(_PROMPTS_JS)
        if prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts) and kernel_idle(page):
            return prompts
        page.wait_for_timeout(500)
    raise AssertionError(f"cells still running after {timeout_s} s: prompts {prompts}")


def screenshot_notebook(page, target: Path, max_pages: int = 14) -> None:
    """Save the whole notebook as one image: the panel, scrolled a screen at a time and stitched."""
    from PIL import Image

    scroller = page.locator(f"{PANEL} .jp-WindowedPanel-outer").first
    scroller.evaluate("e => { e.scrollTop = 0; }")
    page.wait_for_timeout(300)
    box = scroller.bounding_box()
    total = scroller.evaluate("e => e.scrollHeight")
    step = int(box["height"])
    tiles = []
    tmp = target.with_suffix(".part.png")
    for k in range(max_pages):
        top = scroller.evaluate(f"e => {{ e.scrollTop = {k * step}; return e.scrollTop; }}")
        page.wait_for_timeout(150)
        page.screenshot(path=str(tmp), clip=box)
        tile = Image.open(tmp).convert("RGB")
        tiles.append((top, tile.copy()))
        if k * step + step >= total:
            break
    tmp.unlink(missing_ok=True)
    height = min(total, tiles[-1][0] + step)
    sheet = Image.new("RGB", (tiles[0][1].width, height), "white")
    for top, tile in tiles:
        sheet.paste(tile, (0, top))
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)


def check_explorers(page) -> None:
    """The explorers answer: a new query in the concordance box redraws its result."""
    box = page.locator(f"{PANEL} .jupyter-widgets .widget-text input").first
    box.fill("mutual aid")
    box.press("Enter")
    page.locator(f"{PANEL} .jupyter-widgets").get_by_text("“mutual aid”: 16 occurrences in 1 document.").wait_for(
        timeout=30_000)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    _skip_without_browser()
    return built_repo(tmp_path_factory)


def test_every_notebook_runs_in_jupyterlab(repo, tmp_path):
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    problems = {}
    with lab_server(repo, tmp_path / "lab") as (base, token), chromium(tmp_path / "profile") as ctx:
        page = ctx.new_page()
        for name in NOTEBOOKS:
            page.goto(f"{base}/lab/tree/notebooks/{name}?token={token}")
            page.locator(f"{PANEL} .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
            page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"Idle")).first.wait_for(timeout=60_000)
            run_all_cells(page)
            page.wait_for_timeout(500)  # let images decode
            state = page.evaluate(_STATE_JS)
            if name == "05_explore.ipynb":
                assert state["widgets"] >= 3, "the explorers did not render as widgets"
                check_explorers(page)
            screenshot_notebook(page, SCREENSHOTS / f"{Path(name).stem}.png")
            bad = state["errors"] + state["widgetErrors"]
            if page.get_by_text(NEWS_PROMPT).count():
                bad.append("JupyterLab asks about Jupyter news (config/jupyter/ should switch announcements off)")
            if name in DRAWING and (state["images"] == 0 or state["brokenImages"]):
                bad.append(f"{state['images']} images, {state['brokenImages']} broken")
            if bad:
                problems[name] = bad
            shut_down_kernels(base, token)
            page.goto("about:blank")
    assert problems == {}
    assert sorted(p.name for p in SCREENSHOTS.glob("*.png")) == sorted(f"{Path(n).stem}.png" for n in NOTEBOOKS)


def local_links(html_file: Path) -> list[str]:
    """The relative links (href, src) of an HTML page, without fragments, queries or external URLs."""
    text = html_file.read_text(encoding="utf-8")
    out = []
    for link in re.findall(r'''(?:href|src)\s*=\s*["']([^"']+)["']''', text):
        u = urlparse(link)
        if u.scheme or link.startswith(("#", "//")) or not u.path:
            continue
        out.append(unquote(u.path))
    return sorted(set(out))


def test_report_index_links_resolve(repo, tmp_path):
    index = repo / "reports" / "html" / "index.html"
    if not index.exists():
        pytest.skip("reports/html/index.html is not built by `dvc repro` yet (the report stage is not in dvc.yaml)")
    # every link of the index, and every local link of the pages it links, points at a file
    missing = []
    pages = []
    for link in local_links(index):
        target = (index.parent / link).resolve()
        if not target.exists():
            missing.append(f"index.html -> {link}")
        elif target.suffix == ".html":
            pages.append(target)
    for page_file in pages:
        for link in local_links(page_file):
            if not (page_file.parent / link).resolve().exists():
                missing.append(f"{page_file.name} -> {link}")
    assert missing == [], ("links in the static report lead nowhere (a notebook's link to `./X.ipynb` must become "
                           "`X.html` in the report, and X must be rendered too)")
    assert pages, "the report index links no page"
    # and a browser opens the index and each page from the disk
    with chromium(tmp_path / "profile") as ctx:
        page = ctx.new_page()
        failed = []
        page.on("requestfailed", lambda r: failed.append(r.url) if r.url.startswith("file:") else None)
        page.goto(index.as_uri())
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in sorted({h.split("#")[0] for h in hrefs if h.startswith("file:")}):
            response = page.goto(href)
            assert response is None or response.ok, href
        assert failed == []
