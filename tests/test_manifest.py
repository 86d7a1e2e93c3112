"""Manifest and raw-file checks: every problem of a run reported at once, grouped and counted,
each with its fix; the include / reason / allow_cleaning columns. All pure: no repository copy."""

from __future__ import annotations

import csv
import io

import pytest

from pipeline import cleaning, manifest
from pipeline.errors import PipelineError
from pipeline.manifest import Problem

HEADER = "doc_id,file,title,date,publisher,genre,source,notes"
GENRES = {"commentary", "news_article", "speech"}
GOOD = b"ASEAN ministers met in Kuala Lumpur.\n"


def row(doc_id, date="2025-05-01", genre="commentary", **extra):
    return f"{doc_id},{doc_id}.txt,A title,{date},RSIS,{genre},web,"


def check(text: str, files: dict[str, bytes], rule_names=None) -> manifest.Checked:
    return manifest.check_corpus(text, files, files.__getitem__, GENRES, rule_names)


# -- every problem at once ---------------------------------------------------------


def test_three_bad_rows_give_one_message_listing_all_three():
    text = "\n".join([HEADER, row("good"), row("empty"), row("blob"), row("late", date="2025-13-01")]) + "\n"
    files = {"good.txt": GOOD, "empty.txt": b"  \n\n", "blob.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
             "late.txt": GOOD}
    checked = check(text, files)
    assert [(p.kind, p.doc_id) for p in checked.problems] == [
        ("invalid date", "late"), ("empty file", "empty"), ("binary file", "blob")]
    assert manifest.render(checked.problems) == "\n".join([
        "3 problems in data/raw/manifest.csv:",
        "invalid date (1):",
        "  data/raw/manifest.csv line 5 (doc_id 'late'): date '2025-13-01' is not a valid ISO 8601 date. "
        "Fix: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-01).",
        "empty file (1):",
        "  data/raw/empty.txt (doc_id 'empty'): the file is empty (only white space). Fix: add the document's "
        "text, or set include to no on its manifest row and give the reason.",
        "binary file (1):",
        "  data/raw/blob.txt (doc_id 'blob'): the file looks binary (it contains NUL bytes), not text. Fix: save "
        "the document as plain UTF-8 text (.txt), or set include to no on its manifest row and give the reason.",
    ])
    assert sorted(checked.texts) == ["good", "late"]  # what could be read was read


def test_many_problems_are_counted_past_a_readable_number_and_listed_in_a_file(tmp_path):
    ids = [f"news_{i:02d}" for i in range(47)]
    text = "\n".join([HEADER, *map(row, ids), row("pod"), "stray_row_without_enough_fields"]) + "\n"
    files = {f"{i}.txt": b"\n" for i in ids} | {"pod.txt": GOOD, "stray.txt": GOOD}
    problems = check(text, files).problems
    assert len(problems) == 49  # 47 empty files, a short row, a file with no row
    listing = tmp_path / "corpus_problems.csv"
    message = manifest.render(problems, limit=10, listing=str(listing))
    lines = message.splitlines()
    assert lines[0] == "49 problems in data/raw/manifest.csv:"
    assert [line for line in lines if not line.startswith("  ")] == [
        "49 problems in data/raw/manifest.csv:",
        "wrong number of fields (1):", "file with no row (1):", "empty file (47):",
        f"39 more problems are not shown; all 49 are listed in {listing}.",
    ]
    assert "  ... and 39 more empty file" in lines
    assert sum(line.startswith("  data/raw/") for line in lines) == 10
    manifest.write_problems(problems, listing)
    rows = list(csv.DictReader(io.StringIO(listing.read_text(encoding="utf-8"))))
    assert len(rows) == 49 and list(rows[0]) == list(manifest.PROBLEM_COLUMNS)
    assert rows[0]["kind"] == "wrong number of fields" and rows[0]["line"] == "50"


def test_input_problems_is_a_pipeline_error_whose_message_is_the_rendering():
    problems = [Problem("data/raw/a.txt", "the file is empty", "add its text", doc_id="a", kind="empty file")]
    err = manifest.InputProblems(problems)
    assert isinstance(err, PipelineError) and err.problems == problems
    assert str(err) == "data/raw/a.txt (doc_id 'a'): the file is empty. Fix: add its text."  # one problem: one line


# Every single-problem case of tests/test_inputs.py, found by the pure checks.
CASES = {
    "missing file": (HEADER + "\nghost,ghost.txt,Ghost,2025,ASEAN,commentary,Test,\n", {},
                     "data/raw/manifest.csv line 2 (doc_id 'ghost'): file data/raw/ghost.txt does not exist. "
                     "Fix: copy it there or correct the name."),
    "file with no row": (HEADER + "\n" + row("a") + "\n", {"a.txt": GOOD, "stray.txt": GOOD},
                         "data/raw/manifest.csv: data/raw/stray.txt has no row. Fix: add a row "
                         "(doc_id,file,title,date,publisher,genre,source) or move the file out of data/raw/."),
    "duplicate doc_id": (HEADER + "\n" + row("a") + "\na,b.txt,B,2025,X,commentary,web,\n",
                         {"a.txt": GOOD, "b.txt": GOOD},
                         "data/raw/manifest.csv line 3: doc_id 'a' is already used on line 2. "
                         "Fix: give each document its own doc_id."),
    "not utf-8": (HEADER + "\n" + row("latin") + "\n", {"latin.txt": "Café society.\n".encode("cp1252")},
                  "data/raw/latin.txt (doc_id 'latin'): the file is not UTF-8 (byte 0xe9 at position 3). Fix: "
                  "re-encode it, e.g. `iconv -f WINDOWS-1252 -t UTF-8 data/raw/latin.txt > data/raw/latin.txt.utf8 "
                  "&& mv data/raw/latin.txt.utf8 data/raw/latin.txt`."),
    "missing column": (HEADER.replace("publisher,", "") + "\na,a.txt,A,2025,commentary,web,\n", {"a.txt": GOOD},
                       "data/raw/manifest.csv line 1: column 'publisher' is missing. Fix: restore the header: it "
                       "must include doc_id,file,title,date,publisher,genre,source,notes (optional: include,reason,"
                       "allow_cleaning)."),
    "unknown genre": (HEADER + "\n" + row("blog", genre="blogpost") + "\n", {"blog.txt": GOOD},
                      "data/raw/manifest.csv line 2 (doc_id 'blog'): genre 'blogpost' is unknown. Fix: use one of "
                      "commentary, news_article, speech, or add it to config/genres.yaml."),
    "whole html page": (HEADER + "\n" + row("page") + "\n", {"page.txt": b"<!DOCTYPE html>\n<html><body>x</body></html>"},
                        "data/raw/page.txt (doc_id 'page'): the file is an HTML page (it contains '<!DOCTYPE html'), "
                        "not the page's text. Fix: save the text instead: open the page in a browser and use File > "
                        "Save Page As > Text"),
    "bad doc_id": (HEADER + "\nno spaces,a.txt,A,2025,X,commentary,web,\n", {"a.txt": GOOD},
                   "data/raw/manifest.csv line 2 (doc_id 'no spaces'): doc_id 'no spaces' has characters other than "
                   "letters, digits"),
    "empty field": (HEADER + "\na,a.txt,,2025,X,commentary,web,\n", {"a.txt": GOOD},
                    "data/raw/manifest.csv line 2 (doc_id 'a'): 'title' is empty. Fix: fill it in, or set include to "
                    "no and give the reason."),
    "file in a folder": (HEADER + "\na,sub/a.txt,A,2025,X,commentary,web,\n", {},
                         "data/raw/manifest.csv line 2 (doc_id 'a'): file 'sub/a.txt' is not the name of a .txt file "
                         "directly in data/raw/."),
    "wrong number of fields": (HEADER + "\na,a.txt,A, with comma,2025,X,commentary,web,\n", {"a.txt": GOOD},
                               "data/raw/manifest.csv line 2: the row has 9 fields but the header has 8. Fix: quote "
                               "values that contain commas"),
    "no documents": (HEADER + "\n", {}, "data/raw/manifest.csv: the manifest lists no documents."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_input_is_named_with_its_fix(case):
    text, files, message = CASES[case]
    [problem] = check(text, files).problems  # one problem, and nothing that follows from it
    assert manifest.render([problem]).startswith(message), str(problem)


def test_the_real_manifest_has_no_problems(repo_paths):
    raw = repo_paths.raw
    rules = cleaning.load_rules(repo_paths.config / "cleaning.yaml")
    genres = set(__import__("yaml").safe_load((repo_paths.config / "genres.yaml").read_text(encoding="utf-8")))
    checked = manifest.check_corpus(repo_paths.manifest.read_text(encoding="utf-8-sig"), manifest.raw_file_names(raw),
                                    lambda n: (raw / n).read_bytes(), genres, rules.names)
    assert checked.problems == []
    assert [r["doc_id"] for r in checked.included] == [
        "asean_wps_summit_2025", "admm_plus_joint_statement_2025", "rsis_wps_mutual_aid_2025"]
    assert all(r["include"] == "yes" and r["reason"] == "" and r["_allow"] == frozenset() for r in checked.rows)
    assert checked.excluded == []


def test_the_header_reports_every_missing_column_and_a_misspelt_one():
    text = "doc_id,file,title,date,genre,inclde\na,a.txt,A,2025,commentary,no\n"
    problems = check(text, {"a.txt": GOOD}).problems
    assert [(p.kind, p.what) for p in problems[:3]] == [
        ("missing column", "column 'publisher' is missing"),
        ("missing column", "column 'source' is missing"),
        ("misspelt column", "column 'inclde' is not one the pipeline reads"),
    ]
    assert problems[2].fix.startswith("did you mean 'include'?")


def test_a_column_name_lost_from_the_header_is_one_problem_not_one_per_row():
    text = HEADER.replace("publisher,", "") + "\n" + "\n".join(row(f"d{i}") for i in range(3)) + "\n"
    [problem] = check(text, {f"d{i}.txt": GOOD for i in range(3)}).problems
    assert problem.what == "column 'publisher' is missing from the header, though 3 of 3 rows have a value for it"


def test_bom_and_crlf_are_accepted():
    text, problems = manifest.decode_document(b"\xef\xbb\xbfLine one.\r\nLine two.\r", "a.txt")
    assert (text, problems) == ("Line one.\r\nLine two.\r", [])


def test_a_file_of_invisible_characters_is_empty():
    _, [problem] = manifest.decode_document("\u200b\ufeff \n".encode("utf-8"), "a.txt")
    assert problem.kind == "empty file"


# -- setting documents aside -------------------------------------------------------

ASIDE = HEADER + ",include,reason"


def test_an_excluded_document_stays_listed_but_its_content_is_not_checked():
    text = "\n".join([ASIDE, row("good") + ",,", "pod,pod.txt,,,,,,,no,only a podcast advertisement",
                      "blob,blob.txt,A PNG,,,,,,No,a picture saved as .txt"]) + "\n"
    files = {"good.txt": GOOD, "pod.txt": b"Subscribe to our podcast\n", "blob.txt": b"\x00\x01"}
    checked = check(text, files)
    assert checked.problems == []
    assert [r["doc_id"] for r in checked.included] == ["good"]
    assert [(r["doc_id"], r["include"], r["reason"]) for r in checked.excluded] == [
        ("pod", "no", "only a podcast advertisement"), ("blob", "no", "a picture saved as .txt")]
    assert sorted(checked.texts) == ["good"]                    # excluded texts are not decoded
    assert sorted(checked.sha256) == ["blob", "good", "pod"]    # but recorded


@pytest.mark.parametrize("case, line, kind, what", [
    ("no reason", "pod,pod.txt,,,,,,,no,", "empty field", "'reason' is empty"),
    ("file missing", "gone,gone.txt,,,,,,,no,lost", "missing file", "file data/raw/gone.txt does not exist"),
    ("bad date given", "pod,pod.txt,,2025-02-30,,,,,no,ad", "invalid date", "date '2025-02-30' is not a valid"),
    ("unknown genre given", "pod,pod.txt,,,,blog,,,no,ad", "unknown genre", "genre 'blog' is unknown"),
    ("include unreadable", "pod,pod.txt,P,2025,X,commentary,web,,maybe,", "invalid include value",
     "include 'maybe' is neither yes nor no"),
])
def test_what_still_applies_to_an_excluded_row(case, line, kind, what):
    text = "\n".join([ASIDE, row("good") + ",,", line]) + "\n"
    files = {"good.txt": GOOD} | ({"pod.txt": GOOD} if "pod.txt" in line else {})
    problems = check(text, files).problems
    assert [(p.kind, p.what[:len(what)]) for p in problems] == [(kind, what)], case


def test_every_document_excluded_is_a_problem_and_a_file_set_aside_still_needs_its_row():
    text = ASIDE + "\n" + "a,a.txt,,,,,,,no,duplicate of b\n"
    problems = check(text, {"a.txt": GOOD, "b.txt": GOOD}).problems
    assert [p.kind for p in problems] == ["no documents", "file with no row"]


def test_an_exclusion_without_a_reason_column_says_to_add_one():
    text = HEADER + ",include\n" + row("good") + ",\npod,pod.txt,,,,,,,no\n"
    [problem] = check(text, {"good.txt": GOOD, "pod.txt": GOOD}).problems
    assert problem.what == "the row sets include to no but the manifest has no 'reason' column"


# -- allowances ----------------------------------------------------------------------


def test_allow_cleaning_names_known_rules_and_is_read_per_document():
    rules = ("page_header", "back_matter", "sharing_blurb")
    text = HEADER + ",allow_cleaning\n" + row("a") + ",page_header; back_matter\n" + row("b") + ",page_heder\n"
    checked = check(text, {"a.txt": GOOD, "b.txt": GOOD}, rule_names=rules)
    assert checked.allow == {"a": frozenset({"page_header", "back_matter"}), "b": frozenset({"page_heder"})}
    [problem] = checked.problems
    assert (problem.kind, problem.doc_id) == ("unknown cleaning rule", "b")
    assert problem.fix.startswith("did you mean 'page_header'?")


def test_render_of_no_problems_and_of_many_kinds_beyond_the_limit():
    assert manifest.render([]) == "no problems in data/raw/manifest.csv"
    problems = [Problem("data/raw/manifest.csv", f"problem {i}", "fix", kind=f"kind {i}") for i in range(4)]
    out = manifest.render(problems, limit=2, listing="x.csv").splitlines()
    assert out == [
        "4 problems in data/raw/manifest.csv:",
        "kind 0 (1):", "  data/raw/manifest.csv: problem 0. Fix: fix.",
        "kind 1 (1):", "  data/raw/manifest.csv: problem 1. Fix: fix.",
        "kind 2 (1):", "  ... and 1 more kind 2",
        "kind 3 (1):", "  ... and 1 more kind 3",
        "2 more problems are not shown; all 4 are listed in x.csv.",
    ]
