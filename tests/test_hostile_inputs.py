"""Hostile inputs beyond tests/test_inputs.py, through the real stage commands in a copy of the repo.

Accepted, with the same results as a clean file: a UTF-8 byte-order mark, CRLF (and
CR) line ends, a 5 MB document on one line, stray HTML tags and entities in a text
(removed by audited rules in config/cleaning.yaml).
Refused with one message naming the file or entry and the fix, exit code 1, data/raw/
untouched and no output left behind: a whole HTML page saved as .txt, dictionary and
gazetteer files with errors, a notebook cell that raises.

Decision on Latin-1 / Windows-1252 files (tested in tests/test_inputs.py): they are
refused with the exact `iconv -f WINDOWS-1252 -t UTF-8 ...` command, never decoded by
guesswork, since a wrong guess would silently change letters of the record.
"""

from __future__ import annotations

import json
import shutil
import time

import pandas as pd
import pytest

from conftest import REPO, assert_refused, assert_stage_refuses, copy_repo, run_stage, tree_digest
from test_inputs import add_document

from pipeline import cleaning, dictionaries, gazetteer
from pipeline.errors import PipelineError

RSIS_RAW = "002_662b168da935d435.txt"
ADMM_RAW = "001_cde87152616d8758.txt"
RSIS, ADMM = "rsis_wps_mutual_aid_2025", "admm_plus_joint_statement_2025"


def clean_of(root, doc_id: str) -> str:
    return (root / "data/processed/clean" / f"{doc_id}.txt").read_text(encoding="utf-8")


def rows_of(root, table: str, doc_id: str) -> pd.DataFrame:
    df = pd.read_csv(root / "data/processed" / table, keep_default_na=False)
    return df[df.doc_id == doc_id].drop(columns="doc_id").reset_index(drop=True)


# ----------------------------------------------------------------- accepted


def test_bom_and_crlf_give_the_same_results_as_plain_lf(repo_copy):
    raw = repo_copy / "data/raw"
    rsis = (raw / RSIS_RAW).read_bytes()
    admm = (raw / ADMM_RAW).read_bytes()
    assert b"\r" not in rsis + admm and not rsis.startswith(b"\xef\xbb\xbf")
    add_document(repo_copy, "bom.txt", b"\xef\xbb\xbf" + rsis, doc_id="bom_copy")
    add_document(repo_copy, "crlf.txt", admm.replace(b"\n", b"\r\n"), doc_id="crlf_copy")
    add_document(repo_copy, "cr.txt", admm.replace(b"\n", b"\r"), doc_id="cr_copy")
    add_document(repo_copy, "bomcrlf.txt", b"\xef\xbb\xbf" + rsis.replace(b"\n", b"\r\n"), doc_id="bomcrlf_copy")
    raw_before = tree_digest(raw)

    proc = run_stage(repo_copy, "corpus")

    assert proc.returncode == 0, proc.stderr
    assert tree_digest(raw) == raw_before
    for copy, original in [("bom_copy", RSIS), ("bomcrlf_copy", RSIS), ("crlf_copy", ADMM), ("cr_copy", ADMM)]:
        assert clean_of(repo_copy, copy) == clean_of(repo_copy, original), copy
        assert "\r" not in clean_of(repo_copy, copy) and "\ufeff" not in clean_of(repo_copy, copy)
        for table in ("segments.csv", "cleaning_audit.csv"):
            pd.testing.assert_frame_equal(rows_of(repo_copy, table, copy), rows_of(repo_copy, table, original))
        docs = pd.read_csv(repo_copy / "data/processed/documents.csv", keep_default_na=False).set_index("doc_id")
        same = ["n_chars", "n_tokens", "n_segments", "n_removed_lines"]
        assert docs.loc[copy, same].tolist() == docs.loc[original, same].tolist()
        assert docs.loc[copy, "sha256"] != docs.loc[original, "sha256"]  # the raw bytes differ, and say so


def one_line_document(megabytes: float = 5.0) -> str:
    """The real documents' segments joined into one line of about ``megabytes`` MB."""
    from pipeline import config, corpus

    built = corpus.build(corpus.load_inputs(config.paths(REPO)))  # the schema's defaults
    text = " ".join(t for t in built.segments["text"] if not t.startswith("• "))
    target = int(megabytes * 1_000_000)
    line = (text + " ") * (target // len(text) + 1)
    return line[:target].rstrip() + ".\n"


@pytest.mark.slow
def test_a_5_mb_document_on_one_line_is_processed(repo_copy):
    big = one_line_document(5.0)
    assert big.count("\n") == 1 and len(big.encode("utf-8")) > 5_000_000
    add_document(repo_copy, "one_line.txt", big.encode("utf-8"), doc_id="one_line")
    raw_before = tree_digest(repo_copy / "data/raw")

    t0 = time.perf_counter()
    proc = run_stage(repo_copy, "corpus")
    seconds = time.perf_counter() - t0

    assert proc.returncode == 0, proc.stderr
    assert tree_digest(repo_copy / "data/raw") == raw_before
    clean = clean_of(repo_copy, "one_line")
    # One paragraph, nothing removed as boilerplate.
    assert clean.count("\n") == 1 and len(clean) > 4_900_000
    segs = pd.read_csv(repo_copy / "data/processed/segments.csv", keep_default_na=False)
    segs = segs[segs.doc_id == "one_line"]
    assert len(segs) > 10_000 and set(segs.para_id) == {1}
    # The segments tile the paragraph: in order, not overlapping, and the text matches the offsets.
    assert (segs.start.to_numpy()[1:] >= segs.end.to_numpy()[:-1]).all()
    sample = segs.iloc[:: max(1, len(segs) // 50)]
    assert all(clean[s:e] == t for s, e, t in zip(sample.start, sample.end, sample.text))
    print(f"5 MB one-line document: corpus stage in {seconds:.1f} s")  # shown with pytest -s


def test_a_long_line_of_street_words_is_cleaned_in_linear_time():
    # The postal_address rule once had ".*" between a street word and a postcode: each
    # "Road" scanned to the end of the line, so a line of n street words took ~n^2 steps
    # (8,000 words: seconds; 200,000 words: hours). Bounded to 120 characters, this is instant.
    rules = cleaning.load_rules(REPO / "config/cleaning.yaml")
    text, audit = cleaning.clean_text("Road " * 200_000 + "\n", rules)
    assert text == ("Road " * 200_000).strip() + "\n" and audit == []
    text, audit = cleaning.clean_text("Jalan Ampang " * 50_000 + "50450\n", rules)
    assert text == "" and audit[0]["rule"] == "postal_address"  # a real address line still goes


def test_stray_html_tags_and_entities_are_removed_and_audited(repo_copy):
    page = (
        "A Note on <em>Gotong Royong</em>\n\n"
        "<p>Mutual aid &amp; WPS are <strong>linked</strong>.<br/>Women lead relief.</p>\n\n"
        "It&#39;s grassroots action <!-- tracking pixel --> in <a href=\"https://example.org/x\">ASEAN</a>.\n"
    )
    add_document(repo_copy, "tags.txt", page.encode("utf-8"), doc_id="tags")
    proc = run_stage(repo_copy, "corpus")
    assert proc.returncode == 0, proc.stderr
    assert clean_of(repo_copy, "tags") == (
        "A Note on Gotong Royong\n\n"
        "Mutual aid & WPS are linked. Women lead relief.\n\n"
        "It's grassroots action in ASEAN.\n"
    )
    audit = rows_of(repo_copy, "cleaning_audit.csv", "tags")
    assert audit[["line", "rule", "text"]].values.tolist() == [
        [1, "html_inline_tag", "<em>"],
        [1, "html_inline_tag", "</em>"],
        [3, "html_block_tag", "<p>"],
        [3, "html_block_tag", "<br/>"],
        [3, "html_block_tag", "</p>"],
        [3, "html_inline_tag", "<strong>"],
        [3, "html_inline_tag", "</strong>"],
        [3, "html_entity_amp", "&amp;"],
        [5, "html_comment", "<!-- tracking pixel -->"],
        [5, "html_inline_tag", '<a href="https://example.org/x">'],
        [5, "html_inline_tag", "</a>"],
        [5, "html_entity_apostrophe", "&#39;"],
    ]


# ----------------------------------------------------------------- refused by the corpus stage


def _break_notebook(root) -> None:
    path = root / "notebooks/01_corpus.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].insert(3, {"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {},
                           "outputs": [], "source": "raise ValueError('a test broke this cell')"})
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


CORPUS_CASES = {
    "whole html page": (
        lambda r: add_document(r, "page.txt", b"<!DOCTYPE html>\n<html lang='en'><head><title>WPS</title></head>\n"
                                              b"<body><p>Women, peace and security.</p></body></html>\n"),
        "data/raw/page.txt (doc_id 'new_doc'): the file is an HTML page (it contains '<!DOCTYPE html'), not the "
        "page's text. Fix: save the text instead: open the page in a browser and use File > Save Page As > Text",
    ),
    "html body without doctype": (
        lambda r: add_document(r, "body.txt", b"<BODY class=\"article\">\nWomen, peace and security.\n</BODY>\n"),
        "data/raw/body.txt (doc_id 'new_doc'): the file is an HTML page (it contains '<BODY class=\"article\">')",
    ),
    "a notebook cell raises": (
        _break_notebook,
        # Inserted at index 3: the 4th cell of the source notebook, as JupyterLab counts
        # (papermill's injected-parameters cell is not counted).
        "stage 'corpus' failed in notebooks/01_corpus.ipynb, cell 4 (counting from 1), which starts "
        "`raise ValueError('a test broke this cell')`: ValueError: a test broke this cell",
    ),
}


@pytest.mark.parametrize("case", sorted(CORPUS_CASES))
def test_corpus_stage_refuses(repo_copy, case):
    proc = assert_stage_refuses(repo_copy, *CORPUS_CASES[case])
    assert not (repo_copy / "reports/executed/01_corpus.ipynb").exists()
    if case == "a notebook cell raises":
        assert "ValueError: a test broke this cell" in proc.stderr
        failed = repo_copy / "reports/executed/01_corpus.failed.ipynb"
        assert failed.is_file() and "a test broke this cell" in failed.read_text(encoding="utf-8")


# ----------------------------------------------------------------- dictionaries and gazetteer


@pytest.fixture(scope="module")
def corpus_built(tmp_path_factory):
    """A repo copy whose corpus stage has run (the input of textstats and actors)."""
    root = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    proc = run_stage(root, "corpus")
    assert proc.returncode == 0, proc.stderr
    return root


def _edit(root, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PILLARS = "config/dictionaries/unscr1325_pillars.yaml"
FRAMINGS = "config/dictionaries/security_framings.yaml"
GAZ = "config/gazetteer.yaml"

DICTIONARY_CASES = {
    "invalid yaml": (
        lambda r: _edit(r, FRAMINGS, "categories:\n", "categories:\n  traditional_security: [military\n"),
        f"{FRAMINGS}: is not valid YAML",
    ),
    "unknown key": (
        lambda r: _edit(r, FRAMINGS, "categories:\n", "categorys: {}\ncategories:\n"),
        f"{FRAMINGS}: unknown key 'categorys'; a dictionary has title, source, categories",
    ),
    "bad category name": (
        lambda r: _edit(r, FRAMINGS, "  traditional_security:\n", "  traditional security:\n"),
        f"{FRAMINGS}: category name 'traditional security' must be letters, digits or '_'",
    ),
    "entry that is not a word": (
        lambda r: _edit(r, FRAMINGS, "    - military\n", "    - \"mili/tary\"\n"),
        f"{FRAMINGS}: category 'traditional_security', entry 'mili/tary': 'mili/tary' is not a word or glob pattern",
    ),
    "missing dictionary file": (
        lambda r: (r / FRAMINGS).unlink(),
        f"{FRAMINGS}: dictionary file not found. Restore it from git or remove it from textstats.dictionaries",
    ),
}

GAZETTEER_CASES = {
    "invalid yaml": (
        lambda r: _edit(r, GAZ, "    name: Cambodia\n", "    name: Cambodia: Kingdom\n"),
        f"{GAZ}: is not valid YAML at line",
    ),
    "duplicate id": (
        lambda r: _edit(r, GAZ, "  - id: cambodia\n", "  - id: brunei\n"),
        "entry 'brunei' (#2): the id is used twice. Fix: give each entry its own id",
    ),
    "alias claimed twice": (
        lambda r: _edit(r, GAZ, "aliases: [Cambodia, Kingdom of Cambodia]", "aliases: [Cambodia, Brunei]"),
        "entry 'cambodia': alias 'Brunei' is also claimed by entry 'brunei'",
    ),
    "unknown type": (
        lambda r: _edit(r, GAZ, "    name: Cambodia\n    type: state\n", "    name: Cambodia\n    type: country\n"),
        "unknown type 'country'. Fix: use one of: state",
    ),
    "missing field": (
        lambda r: _edit(r, GAZ, "    name: Cambodia\n", ""),
        "the field `name` is missing or empty. Fix: add `name:` to this entry",
    ),
}


def _run_broken(corpus_built, tmp_path, stage: str, break_it, message: str, outputs: list[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(corpus_built, root, symlinks=True)
    break_it(root)
    raw_before = tree_digest(root / "data/raw")
    corpus_before = tree_digest(root / "data/processed/clean")
    for rel in outputs:  # stale outputs of an earlier run
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("stale\n", encoding="utf-8")

    proc = run_stage(root, stage)

    assert_refused(proc, message)
    assert tree_digest(root / "data/raw") == raw_before
    assert tree_digest(root / "data/processed/clean") == corpus_before, "another stage's outputs were touched"
    for rel in outputs:
        assert not (root / rel).exists(), f"stale {rel} left behind"


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(DICTIONARY_CASES))
def test_textstats_refuses_a_broken_dictionary(corpus_built, tmp_path, case):
    break_it, message = DICTIONARY_CASES[case]
    _run_broken(corpus_built, tmp_path, "textstats", break_it, message,
                ["data/processed/dictionary_scores.csv", "data/processed/keyness.csv"])


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(GAZETTEER_CASES))
def test_actors_refuses_a_broken_gazetteer(corpus_built, tmp_path, case):
    break_it, message = GAZETTEER_CASES[case]
    _run_broken(corpus_built, tmp_path, "actors", break_it, message, ["data/processed/actor_mentions.csv"])


# The same errors without a kernel, fast: the loaders the stages call.

@pytest.mark.parametrize("case", sorted(DICTIONARY_CASES))
def test_dictionary_loader_names_the_error(tmp_path, case):
    root = tmp_path / "repo"
    (root / "config/dictionaries").mkdir(parents=True)
    shutil.copy(REPO / FRAMINGS, root / FRAMINGS)
    DICTIONARY_CASES[case][0](root)
    with pytest.raises(PipelineError) as err:
        dictionaries.load_dictionary(root / FRAMINGS)
    assert DICTIONARY_CASES[case][1].split(": ", 1)[1] in str(err.value)


@pytest.mark.parametrize("case", sorted(GAZETTEER_CASES))
def test_gazetteer_loader_names_the_error(tmp_path, case):
    root = tmp_path / "repo"
    (root / "config").mkdir(parents=True)
    shutil.copy(REPO / GAZ, root / GAZ)
    GAZETTEER_CASES[case][0](root)
    with pytest.raises(PipelineError) as err:
        gazetteer.load_gazetteer(root / GAZ)
    assert GAZETTEER_CASES[case][1].replace(f"{GAZ}: ", "") in str(err.value)
