"""The figure manifest and the static HTML report."""

from __future__ import annotations

import json
import re

import pytest

from pipeline import report
from pipeline.errors import PipelineError

RECORD = {
    "figure": "textstats_keyness", "stage": "textstats", "notebook": "notebooks/02_textstats.ipynb",
    "caption": "Keywords & more.", "files": ["figures/textstats/textstats_keyness.pdf",
                                            "figures/textstats/textstats_keyness.png"],
    "parameters": {"figure_dpi": 300, "kwic_terms": ["women"]},
    "sources": [{"path": "data/processed/keyness.csv", "sha256": "ab" * 32}],
}


def test_manifest_row_holds_notebook_parameters_and_data_hashes():
    df = report.manifest_table([RECORD])
    row = df.iloc[0].to_dict()
    assert row == {
        "figure": "textstats_keyness", "stage": "textstats", "notebook": "notebooks/02_textstats.ipynb",
        "caption": "Keywords & more.",
        "files": "figures/textstats/textstats_keyness.pdf;figures/textstats/textstats_keyness.png",
        "parameters": '{"figure_dpi":300,"kwic_terms":["women"]}',
        "sources": "data/processed/keyness.csv@" + "ab" * 32,
    }


def test_manifest_page_links_files_relative_to_figures():
    md = report.manifest_markdown([RECORD])
    assert "[PDF](textstats/textstats_keyness.pdf)" in md
    assert "`data/processed/keyness.csv` (sha256 `abababababab…`)" in md
    assert "`figure_dpi=300`" in md and '`kwic_terms=["women"]`' in md


def test_index_escapes_text_and_links_everything():
    page = report.index_html([("02_textstats.html", "02 · Text <stats>")], [RECORD], ["reports/tables/t/x.tex"])
    assert "02 · Text &lt;stats&gt;" in page and "Keywords &amp; more." in page
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert "02_textstats.html" in hrefs
    assert "../../figures/textstats/textstats_keyness.png" in hrefs
    assert "../../reports/tables/t/x.tex" in hrefs
    assert not any(h.startswith("http") for h in hrefs), "the report must work offline"


def test_broken_provenance_record_is_named(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "f.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"f.json is not valid JSON"):
        report.read_provenance(tmp_path)
    (tmp_path / "s" / "f.json").write_text(json.dumps({"figure": "f"}), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"f.json lacks stage, notebook, caption"):
        report.read_provenance(tmp_path)
