"""End to end: the real `dvc repro`, running the real notebooks through papermill,
on a fresh copy of the repository."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest

from conftest import REPO, dvc, lock_records_params, params_at_defaults, run, tree_digest

pytestmark = pytest.mark.slow


def ran_stages(proc) -> list[str]:
    """Stages DVC ran, or restored from its run cache (same parameters seen before)."""
    return re.findall(r"(?:Running stage|Stage) '([^']+)'(?::| is cached)", proc.stdout)


@pytest.fixture(scope="module")
def built_repo(tmp_path_factory):
    from conftest import copy_repo

    root = copy_repo(tmp_path_factory.mktemp("e2e") / "repo")
    raw_before = tree_digest(root / "data/raw")
    proc = dvc(root, "repro")
    return root, proc, raw_before


def product_digest(root):
    """sha256 of every product: processed data, figures, tables, executed notebooks, HTML report."""
    return {f"{top}/{k}": v for top in ("data/processed", "figures", "reports")
            for k, v in tree_digest(root / top).items()}


@pytest.fixture(scope="module")
def first_run_digest(built_repo):
    return product_digest(built_repo[0])


def test_repro_from_clean_builds_the_corpus_outputs(built_repo):
    root, proc, raw_before = built_repo
    assert "corpus" in ran_stages(proc)
    docs = pd.read_csv(root / "data/processed/documents.csv")
    assert list(docs["doc_id"]) == ["admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"]
    assert list(docs["n_segments"]) == [25, 17, 47]
    segs = pd.read_csv(root / "data/processed/segments.csv", keep_default_na=False)
    assert len(segs) == 89
    for doc_id in docs["doc_id"]:
        assert (root / "data/processed/clean" / f"{doc_id}.txt").is_file()
    assert (root / "reports/executed/01_corpus.ipynb").is_file()
    assert tree_digest(root / "data/raw") == raw_before, "the pipeline wrote into data/raw/"


def test_built_figures_are_print_ready(built_repo):
    """Every PDF the pipeline draws embeds TrueType fonts and carries no date."""
    pdfs = sorted((built_repo[0] / "figures").glob("*/*.pdf"))
    assert len(pdfs) >= 9
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert b"/FontFile2" in data and b"/Type3" not in data, pdf.name
        assert b"/CreationDate" not in data, pdf.name


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links += [v for k, v in attrs if k in ("href", "src") and v and not v.startswith(("#", "data:"))]


def test_built_report_links_resolve_and_manifest_lists_every_figure(built_repo):
    root = built_repo[0]
    html_dir = root / "reports/html"
    pages = sorted(html_dir.glob("*.html"))
    assert [p.name for p in pages] == ["00_overview.html", "01_corpus.html", "02_textstats.html", "03_actors.html",
                                       "04_network.html", "05_explore.html", "06_statements.html", "index.html"]
    for page in pages:
        parser = _Links()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        for link in parser.links:
            if link.startswith(("http://", "https://", "mailto:")):
                continue
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page.name} -> {link}"
        assert not re.search(r'<script[^>]+src="(https?:)?//', text), f"{page.name} loads a script from the web"
    manifest = (root / "figures/manifest.csv").read_text(encoding="utf-8")
    from pipeline import netfigures, statementfigures, textfigures

    assert manifest.count("\n") == 1 + len(list((root / "figures").glob("*/*.json"))) == 1 + len(
        textfigures.FIGURE_NAMES) + len(netfigures.FIGURE_NAMES) + len(statementfigures.FIGURE_NAMES) == 19
    assert manifest.count(",statements,notebooks/06_statements.ipynb,") == 4


def test_rerun_reproduces_the_committed_lock_byte_for_byte(built_repo):
    root, _, _ = built_repo
    if not (params_at_defaults() and lock_records_params()):
        pytest.skip("params.yaml holds an experiment; test_verify_reports_every_output_reproduced checks that run")
    # dvc.lock records the hash of every output; a clean run must give the published hashes.
    assert (root / "dvc.lock").read_text() == (REPO / "dvc.lock").read_text()


def test_two_clean_runs_give_identical_bytes_everywhere(first_run_digest, tmp_path):
    from conftest import copy_repo

    other = copy_repo(tmp_path / "second")
    dvc(other, "repro")
    second = product_digest(other)
    assert sorted(second) == sorted(first_run_digest)
    differ = sorted(k for k in second if second[k] != first_run_digest[k])
    assert differ == []
    assert any(k.endswith(".pdf") for k in second) and any(k.endswith(".html") for k in second)


def test_figure_parameter_reruns_only_the_drawing_stages(built_repo, first_run_digest):
    root, _, _ = built_repo
    params = root / "params.yaml"
    original = params.read_text(encoding="utf-8")
    try:
        params.write_text(original.replace("  dpi: 300", "  dpi: 150"), encoding="utf-8")
        # check_params runs on every edit of params.yaml; its output does not change, so only what reads
        # the edited key reruns after it
        drawing = ["check_params", "network", "report", "statements", "textstats"]
        assert sorted(ran_stages(dvc(root, "repro"))) == drawing
        params.write_text(original.replace("ego_actor: asean", "ego_actor: admm_plus"), encoding="utf-8")
        assert sorted(ran_stages(dvc(root, "repro"))) == drawing
        params.write_text(original, encoding="utf-8")
        assert sorted(ran_stages(dvc(root, "repro"))) == ["check_params", "network", "report"]
    finally:
        params.write_text(original, encoding="utf-8")
    assert product_digest(root) == first_run_digest  # back to the published bytes


def test_second_repro_runs_nothing(built_repo):
    root, _, _ = built_repo
    proc = dvc(root, "repro")
    assert ran_stages(proc) == []
    assert "Data and pipelines are up to date" in proc.stdout


def test_parameter_change_reruns_only_what_reads_it(built_repo):
    root, _, _ = built_repo
    params = root / "params.yaml"
    original = params.read_text(encoding="utf-8")
    try:
        params.write_text(original.replace("heading_max_words: 15", "heading_max_words: 3"), encoding="utf-8")
        proc = dvc(root, "repro")
        assert ran_stages(proc)[:2] == ["check_params", "corpus"]
        segs = pd.read_csv(root / "data/processed/segments.csv", keep_default_na=False)
        # With at most 3 words, only "SYNOPSIS", "COMMENTARY" and "1 November 2025" stay headings.
        assert sorted(segs.query("kind == 'heading'")["text"]) == ["1 November 2025", "COMMENTARY", "SYNOPSIS"]
    finally:
        params.write_text(original, encoding="utf-8")
        dvc(root, "repro")


def test_a_new_document_flows_through(built_repo):
    root, _, _ = built_repo
    (root / "data/raw/new_statement.txt").write_text(
        "Chairman's Statement\n\nRECOGNISING the role of women in peace processes;\n\n"
        "WE HEREBY COMMIT TO:\n\nENHANCE the participation of women in the ADMM-Plus;\n", encoding="utf-8")
    with open(root / "data/raw/manifest.csv", "a", encoding="utf-8") as fh:
        fh.write("new_statement_2026,new_statement.txt,A test statement,2026-01,ASEAN,chairman_statement,Test,\n")
    proc = dvc(root, "repro")
    assert "corpus" in ran_stages(proc)
    docs = pd.read_csv(root / "data/processed/documents.csv")
    assert "new_statement_2026" in set(docs["doc_id"])
    segs = pd.read_csv(root / "data/processed/segments.csv", keep_default_na=False)
    new = segs[segs["doc_id"] == "new_statement_2026"]
    assert list(zip(new["kind"], new["clause_type"])) == [
        ("heading", ""), ("clause", "preambular"), ("clause", "chapeau"), ("clause", "operative")]


def test_a_typo_in_params_yaml_fails_every_repro_naming_the_key(built_repo):
    root, _, _ = built_repo
    params = root / "params.yaml"
    original = params.read_text(encoding="utf-8")
    try:
        params.write_text(original.replace("corpus:\n", "corpus:\n  colour_sheme: viridis\n"), encoding="utf-8")
        for cmd in (["repro"], ["repro", "corpus"]):
            proc = dvc(root, *cmd, check=False)
            assert proc.returncode != 0
            assert "unknown parameter corpus.colour_sheme (nearest valid name: corpus.max_removed_share)" in proc.stderr
            assert ran_stages(proc) == ["check_params"]
    finally:
        params.write_text(original, encoding="utf-8")
    proc = dvc(root, "repro")
    assert ran_stages(proc) == ["check_params"]  # valid again: its output is unchanged, nothing else reruns


def test_a_code_change_reruns_the_stages_that_import_it(built_repo):
    root, _, _ = built_repo
    dvc(root, "repro")  # settle whatever an earlier test left
    module = root / "pipeline/frequencies.py"
    original = module.read_text(encoding="utf-8")
    try:
        module.write_text(original + "\n# a comment changes the file's hash\n", encoding="utf-8")
        # textstats imports it, and so does the report (its reader notebooks read textstats' outputs);
        # the corpus, actors and network stages do not
        assert sorted(ran_stages(dvc(root, "repro"))) == ["report", "textstats"]
    finally:
        module.write_text(original, encoding="utf-8")
        dvc(root, "repro")


@pytest.fixture
def published_copy(tmp_path):
    """A copy with params.yaml exactly as in the checkout: what `make verify` checks."""
    from conftest import copy_repo

    return copy_repo(tmp_path / "repo", default_params=False)


def test_verify_reports_every_output_reproduced(published_copy):
    if not lock_records_params():
        pytest.skip("params.yaml was edited after dvc.lock was written: run `make`, then this test checks the new run")
    repo_copy = published_copy
    proc = run([sys.executable, "-m", "pipeline.verify"], repo_copy, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    n = len(re.findall(r"^reproduced  ", proc.stdout, flags=re.M))
    assert n >= 5
    assert f"{n} of {n} outputs reproduced byte for byte." in proc.stdout


def test_verify_names_the_outputs_that_differ_and_the_edited_input(published_copy):
    repo_copy = published_copy
    doc = repo_copy / "data/raw/000_2f47a615efcaa864.txt"
    doc.write_bytes(doc.read_bytes() + b"\n\nAn added closing sentence.\n")
    proc = run([sys.executable, "-m", "pipeline.verify"], repo_copy, check=False)
    assert proc.returncode == 1
    assert "DIFFERS     data/processed/documents.csv" in proc.stdout
    assert "Inputs that differ from those of the published run" in proc.stdout
    assert "data/raw" in proc.stdout.splitlines()[-2] + proc.stdout.splitlines()[-1]
