"""Bad inputs: each gives one clear message and a non-zero exit, leaves data/raw/ untouched
and no output behind. They are run through the real stage command, in a copy of the repo."""

from __future__ import annotations

import pytest

from conftest import assert_stage_refuses

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
        "data/raw/stray.txt has no row in data/raw/manifest.csv; add a row",
    ),
    "duplicate doc_id": (
        lambda r: add_document(r, "dup.txt", b"Some text.\n", doc_id="asean_wps_summit_2025"),
        "line 5: doc_id 'asean_wps_summit_2025' is already used on line 2",
    ),
    "invalid date": (
        lambda r: add_document(r, "late.txt", b"Some text.\n", date="2025-13-01"),
        "date '2025-13-01' is not a valid ISO 8601 date; write YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "empty file": (
        lambda r: add_document(r, "empty.txt", b"  \n\n"),
        "data/raw/empty.txt is empty; add its text or remove the file and its manifest row",
    ),
    "not utf-8": (
        lambda r: add_document(r, "latin.txt", "Café society.\n".encode("cp1252")),
        "data/raw/latin.txt is not UTF-8 (byte 0xe9 at position 3). Re-encode it, e.g. `iconv -f WINDOWS-1252",
    ),
    "binary file": (
        lambda r: add_document(r, "blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "data/raw/blob.txt looks binary (it contains NUL bytes)",
    ),
    "missing column": (
        lambda r: replace_in_manifest(r, "publisher,", ""),
        "data/raw/manifest.csv: column 'publisher' is missing",
    ),
    "unknown genre": (
        lambda r: add_document(r, "blog.txt", b"Some text.\n", genre="blogpost"),
        "genre 'blogpost' is unknown; use one of chairman_statement, commentary",
    ),
    "unknown parameter": (
        lambda r: (r / "params.yaml").write_text(
            (r / "params.yaml").read_text(encoding="utf-8").replace("corpus:\n", "corpus:\n  heading_words: 3\n"),
            encoding="utf-8"),
        "params.yaml: unknown parameter corpus.heading_words (nearest valid name: corpus.heading_max_words); "
        "corpus takes: extra_abbreviations, heading_max_words",
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
