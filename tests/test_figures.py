"""Figures: one style, print-ready formats, byte-identical saves, provenance records."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import matplotlib.pyplot as plt
import pytest

from pipeline import figures


def draw():
    with figures.style():
        fig, ax = plt.subplots(figsize=figures.figsize(figures.ONE_COLUMN_IN))
        ax.bar(["WPS", "ADMM-Plus", "ARF"], [3, 5, 2])
        ax.set_title("Mentions")
        ax.set_ylabel("count")
    return fig


@pytest.fixture
def saved(tmp_path, monkeypatch):
    monkeypatch.setenv("ASEANWPS_ROOT", str(tmp_path))
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    fig = draw()
    paths = figures.save_figure(fig, "demo", tmp_path / "figures" / "demo_stage", caption="A demo.", sources=[data])
    plt.close(fig)
    return tmp_path, paths


def test_every_format_written_under_a_stable_name(saved):
    root, paths = saved
    assert [p.relative_to(root).as_posix() for p in paths] == [
        "figures/demo_stage/demo.pdf", "figures/demo_stage/demo.svg", "figures/demo_stage/demo.png"]
    assert paths[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list((root / "figures/demo_stage").glob(".*tmp*")), "temporary files left behind"


def test_pdf_embeds_truetype_fonts_and_no_dates(saved):
    pdf = saved[1][0].read_bytes()
    # Type 42: the TrueType font program embedded (/FontFile2), as a CID-keyed TrueType font
    assert b"/FontFile2" in pdf and (b"/CIDFontType2" in pdf or b"/TrueType" in pdf)
    assert b"/Type3" not in pdf
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", str(saved[1][0])], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows and all("TrueType" in r and " yes " in r for r in rows), out  # "CID TrueType ... emb yes"


def test_svg_has_no_date(saved):
    svg = saved[1][1].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert "DejaVu" not in svg or "<path" in svg  # text drawn as paths: no font needed to view it


def test_png_at_the_requested_dpi(tmp_path, monkeypatch):
    monkeypatch.setenv("ASEANWPS_ROOT", str(tmp_path))
    fig = draw()
    png = figures.save_figure(fig, "d", tmp_path, formats=["png"], dpi=150)[0].read_bytes()
    plt.close(fig)
    # IHDR width: 3.54 in x 150 dpi = 531 px
    assert int.from_bytes(png[16:20], "big") == 531


def test_saving_twice_gives_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("ASEANWPS_ROOT", str(tmp_path))
    digests = []
    for run in ("a", "b"):
        fig = draw()
        paths = figures.save_figure(fig, "same", tmp_path / run)
        plt.close(fig)
        digests.append([p.read_bytes() for p in paths])
    assert digests[0] == digests[1]


def test_provenance_record_names_caption_files_and_data_hashes(saved):
    root, _ = saved
    record = json.loads((root / "figures/demo_stage/demo.json").read_text(encoding="utf-8"))
    assert record == {
        "caption": "A demo.",
        "figure": "demo",
        "files": ["figures/demo_stage/demo.pdf", "figures/demo_stage/demo.svg", "figures/demo_stage/demo.png"],
        "sources": [{"path": "data.csv", "sha256": hashlib.sha256(b"a,b\n1,2\n").hexdigest()}],
    }


def test_style_uses_the_colour_blind_safe_palette():
    with figures.style():
        cycle = [c["color"].upper().lstrip("#") for c in plt.rcParams["axes.prop_cycle"]]
        assert plt.rcParams["pdf.fonttype"] == 42
    assert ["#" + c for c in cycle] == [p.upper() for p in figures.PALETTE]


def test_unknown_format_is_refused(tmp_path):
    fig = draw()
    with pytest.raises(ValueError, match="unknown figure format 'jpg'"):
        figures.save_figure(fig, "x", tmp_path, formats=["jpg"])
    plt.close(fig)


def test_titles_wrap_only_when_they_do_not_fit():
    long = "Opening words of preambular and operative clauses of every joint statement in the corpus"
    with figures.style():
        wide, ax_w = plt.subplots(figsize=figures.figsize(figures.TWO_COLUMN_IN))
        ax_w.set_title("Short title")
        narrow, ax_n = plt.subplots(figsize=figures.figsize(figures.ONE_COLUMN_IN))
        ax_n.set_title(long)
    figures.wrap_titles(wide)
    figures.wrap_titles(narrow)
    assert ax_w.get_title() == "Short title"
    assert "\n" in ax_n.get_title() and ax_n.get_title().replace("\n", " ") == long
    renderer = narrow.canvas.get_renderer()
    assert ax_n.title.get_window_extent(renderer).width <= narrow.bbox.width
    plt.close(wide)
    plt.close(narrow)
