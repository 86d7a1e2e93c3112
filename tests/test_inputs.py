"""Bad inputs: each gives one clear message and a non-zero exit, leaves data/raw/ untouched
and no output behind. They are run through the real stage command, in a copy of the repo."""

from __future__ import annotations

import pytest

import csv
import io

import pandas as pd

from conftest import assert_stage_refuses, run_stage, tree_digest

MANIFEST_HEADER = "doc_id,file,title,date,publisher,genre,source,notes\n"


def append_row(root, row: str) -> None:
    with open(root / "data/raw/manifest.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write(row + "\n")


def add_document(root, name: str, data: bytes, doc_id: str = "new_doc", date: str = "2025-05-01",
                 genre: str = "commentary") -> None:
    (root / "data/raw" / name).write_bytes(data)
    append_row(root, f"{doc_id},{name},A new document,{date},RSIS,{genre},Test,")


def replace_in_manifest(root, old: str, new: str) -> None:
    path = root / "data/raw/manifest.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


CASES = {
    "missing file": (
        lambda r: append_row(r, "ghost,ghost.txt,Ghost,2025,ASEAN,commentary,Test,"),
        "data/raw/manifest.csv line 5 (doc_id 'ghost'): file data/raw/ghost.txt does not exist",
    ),
    "file with no row": (
        lambda r: (r / "data/raw/stray.txt").write_text("A stray document.\n", encoding="utf-8"),
        "data/raw/manifest.csv: data/raw/stray.txt has no row. Fix: add a row",
    ),
    "duplicate doc_id": (
        lambda r: add_document(r, "dup.txt", b"Some text.\n", doc_id="asean_wps_summit_2025"),
        "line 5: doc_id 'asean_wps_summit_2025' is already used on line 2",
    ),
    "invalid date": (
        lambda r: add_document(r, "late.txt", b"Some text.\n", date="2025-13-01"),
        "data/raw/manifest.csv line 5 (doc_id 'new_doc'): date '2025-13-01' is not a valid ISO 8601 date. "
        "Fix: write YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "empty file": (
        lambda r: add_document(r, "empty.txt", b"  \n\n"),
        "data/raw/empty.txt (doc_id 'new_doc'): the file is empty (only white space). Fix: add the document's "
        "text, or set include to no on its manifest row and give the reason",
    ),
    "not utf-8": (
        lambda r: add_document(r, "latin.txt", "Café society.\n".encode("cp1252")),
        "data/raw/latin.txt (doc_id 'new_doc'): the file is not UTF-8 (byte 0xe9 at position 3). Fix: re-encode "
        "it, e.g. `iconv -f WINDOWS-1252",
    ),
    "binary file": (
        lambda r: add_document(r, "blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "data/raw/blob.txt (doc_id 'new_doc'): the file looks binary (it contains NUL bytes), not text",
    ),
    "missing column": (
        lambda r: replace_in_manifest(r, "publisher,", ""),
        "data/raw/manifest.csv line 1: column 'publisher' is missing from the header",
    ),
    "unknown genre": (
        lambda r: add_document(r, "blog.txt", b"Some text.\n", genre="blogpost"),
        "data/raw/manifest.csv line 5 (doc_id 'new_doc'): genre 'blogpost' is unknown. Fix: use one of "
        "chairman_statement, commentary",
    ),
    "unknown parameter": (
        lambda r: (r / "params.yaml").write_text(
            (r / "params.yaml").read_text(encoding="utf-8").replace("corpus:\n", "corpus:\n  heading_words: 3\n"),
            encoding="utf-8"),
        "params.yaml: unknown parameter corpus.heading_words (nearest valid name: corpus.heading_max_words); "
        "corpus takes: extra_abbreviations, heading_max_words, max_removed_line_words, max_removed_share",
    ),
    "parameter of the wrong type": (
        lambda r: (r / "params.yaml").write_text(
            (r / "params.yaml").read_text(encoding="utf-8").replace("heading_max_words: 15", "heading_max_words: many"),
            encoding="utf-8"),
        "params.yaml: corpus.heading_max_words must be an integer, got 'many'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_clearly(repo_copy, case):
    assert_stage_refuses(repo_copy, *CASES[case])


def rewrite_manifest(root, extra: dict[str, dict[str, str]], rows: list[dict] = ()) -> None:
    """Give the manifest the optional columns include, reason and allow_cleaning, set per doc_id, and add rows."""
    path = root / "data/raw/manifest.csv"
    table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    table += list(rows)
    columns = [*table[0].keys(), "include", "reason", "allow_cleaning"]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", restval="")
    writer.writeheader()
    for row in table:
        writer.writerow({**row, **extra.get(row["doc_id"], {})})
    path.write_text(out.getvalue(), encoding="utf-8")


def test_three_bad_rows_are_reported_in_one_run(repo_copy):
    add_document(repo_copy, "empty.txt", b"  \n", doc_id="empty_doc")
    add_document(repo_copy, "blob.txt", b"\x89PNG\x00\x00", doc_id="blob_doc")
    add_document(repo_copy, "late.txt", b"Some text.\n", doc_id="late_doc", date="2025-13-01")
    raw_before = tree_digest(repo_copy / "data/raw")
    proc = run_stage(repo_copy, "corpus")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == "error: 3 problems in data/raw/manifest.csv:"
    assert sorted(line.split(" (")[0] for line in lines if line.endswith(":") and "(" in line) == [
        "binary file", "empty file", "invalid date"]
    for doc_id in ("empty_doc", "blob_doc", "late_doc"):
        assert sum(f"(doc_id '{doc_id}')" in line for line in lines) == 1, doc_id
    assert tree_digest(repo_copy / "data/raw") == raw_before
    assert not (repo_copy / "data/processed/documents.csv").exists()


GUARDED = b"Subscribe to our newsletter for weekly news on peace and security in ASEAN.\n\nASEAN met.\n"


def test_the_retention_guard_stops_a_rule_that_removes_most_of_a_document_and_the_allowance_lets_it(repo_copy):
    add_document(repo_copy, "brief.txt", GUARDED, doc_id="brief")
    proc = run_stage(repo_copy, "corpus")
    assert proc.returncode == 1
    assert ("data/raw/brief.txt line 1 (doc_id 'brief'): rule sharing_blurb removes 87.5 % of the document "
            "(63 of 72 characters, 1 line), more than the 10 % allowed; the first line it removes is line 1: "
            "'Subscribe to our newsletter") in proc.stderr
    assert "write sharing_blurb in the allow_cleaning column of the row of 'brief'" in proc.stderr
    rewrite_manifest(repo_copy, {"brief": {"allow_cleaning": "sharing_blurb"}})
    proc = run_stage(repo_copy, "corpus")
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_csv(repo_copy / "data/processed/documents.csv", keep_default_na=False).set_index("doc_id")
    assert (docs.at["brief", "chars_raw"], docs.at["brief", "chars_clean"]) == (72, 9)
    assert docs.at["brief", "removed_share"] == 0.875 and docs.at["brief", "top_rule"] == "sharing_blurb"
    assert docs.at["brief", "allow_cleaning"] == "sharing_blurb"


def test_a_document_set_aside_stays_in_data_raw_and_is_listed_with_its_reason(repo_copy):
    (repo_copy / "data/raw/podcast.txt").write_text("Listen to our podcast!\n", encoding="utf-8")
    rewrite_manifest(repo_copy, {"podcast": {"include": "no", "reason": "an advertisement, not an article"}},
                     [{"doc_id": "podcast", "file": "podcast.txt", "title": "", "date": "", "publisher": "",
                       "genre": "", "source": "", "notes": ""}])
    proc = run_stage(repo_copy, "corpus")
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_csv(repo_copy / "data/processed/documents.csv", keep_default_na=False).set_index("doc_id")
    assert list(docs["include"]) == ["yes", "yes", "no", "yes"]
    assert docs.at["podcast", "reason"] == "an advertisement, not an article" and docs.at["podcast", "n_tokens"] == 0
    segs = pd.read_csv(repo_copy / "data/processed/segments.csv", keep_default_na=False)
    assert "podcast" not in set(segs["doc_id"]) and not (repo_copy / "data/processed/clean/podcast.txt").exists()
    assert (repo_copy / "data/raw/podcast.txt").is_file()
