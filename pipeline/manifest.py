"""Check the manifest and the raw files it lists, reporting every problem of a run at once.

A scholar's corpus arrives with several bad files at a time (an empty file, a binary one,
an impossible date). Stopping at the first means one run per bad file, so every check
here *collects* :class:`Problem` records instead of raising, and :func:`render` turns
them into one message, grouped by kind and counted, each with its fix::

    3 problems in data/raw/manifest.csv:
    empty file (1):
      data/raw/a.txt (doc_id 'a'): the file is empty (only white space). Fix: ...
    invalid date (1):
      data/raw/manifest.csv line 4 (doc_id 'b'): date '2025-13-01' is not a valid ...
    ...

After ``limit`` problems it counts the rest and names a file that lists them all
(:func:`problems_csv` writes it). :class:`InputProblems` is the exception that carries them.

Manifest columns (``data/raw/manifest.csv``):

* required: ``doc_id,file,title,date,publisher,genre,source``;
* optional: ``notes``; ``include`` (``yes`` by default; ``no`` keeps the file in
  ``data/raw/`` but out of the analysis); ``reason`` (why a document is excluded:
  required when ``include`` is ``no``); ``allow_cleaning`` (names of cleaning rules
  allowed to exceed the retention bounds for this document, separated by ``;``,
  see :func:`pipeline.cleaning.check_retention`).

What still applies to an **excluded** row (``include`` = ``no``): it must have a valid,
unique ``doc_id``, a ``file`` naming a ``.txt`` file directly in ``data/raw/`` that exists
and is named by no other row, and a ``reason``. Its other fields may be empty (a scholar
setting a bad file aside may not know its date), but a value that is given is checked
(a date must be ISO 8601, a genre must be known), since the row is still listed in
``documents.csv``. The file's *content* is not checked (not decoded, not cleaned): an
empty, binary or HTML file is exactly what one sets aside. ``allow_cleaning`` is ignored.

Every function here is pure (text, bytes and names in, rows and problems out), except
:func:`raw_file_names` and :func:`write_problems`, the I/O edges.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PipelineError

REQUIRED_COLUMNS = ("doc_id", "file", "title", "date", "publisher", "genre", "source")
OPTIONAL_COLUMNS = ("notes", "include", "reason", "allow_cleaning")
#: The fields an excluded row must still fill in.
REQUIRED_WHEN_EXCLUDED = ("doc_id", "file", "reason")
#: Spellings accepted in the ``include`` column (any case); empty means yes.
INCLUDE_VALUES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}

_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: Markers of a whole HTML page rather than a text: a doctype, or an <html>, <head> or <body> tag.
_HTML_PAGE = re.compile(r"<!DOCTYPE\s+html|<(?:html|head|body)(?:\s[^<>]{0,500})?>", re.IGNORECASE)
_INVISIBLE_OR_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_RULE_LIST = re.compile(r"[;,\s]+")

#: Problems shown in full by :func:`render`; the rest are counted and listed in a file.
RENDER_LIMIT = 20


# -- problems ---------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is and how to fix it.

    ``file`` is the file to change (``data/raw/manifest.csv`` for a row's fields, the raw
    ``.txt`` for its content); ``line`` is a line of that file (1-based) when known;
    ``kind`` is a short label that groups problems of the same sort in :func:`render`.

    >>> p = Problem("data/raw/manifest.csv", "date '2025-13-01' is not a valid ISO 8601 date",
    ...             "write YYYY, YYYY-MM or YYYY-MM-DD", line=4, doc_id="b", kind="invalid date")
    >>> str(p)
    "data/raw/manifest.csv line 4 (doc_id 'b'): date '2025-13-01' is not a valid ISO 8601 date. Fix: write YYYY, YYYY-MM or YYYY-MM-DD."
    """

    file: str
    what: str
    fix: str
    line: int | None = None
    doc_id: str | None = None
    kind: str = "problem"

    @property
    def where(self) -> str:
        out = self.file
        if self.line is not None:
            out += f" line {self.line}"
        if self.doc_id:
            out += f" (doc_id '{self.doc_id}')"
        return out

    def __str__(self) -> str:
        fix = self.fix.rstrip()
        return f"{self.where}: {self.what}. Fix: {fix}{'' if fix.endswith(('.', '?', '!')) else '.'}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def render(problems: Iterable[Problem], source: str = "data/raw/manifest.csv", limit: int = RENDER_LIMIT,
           listing: str | None = None) -> str:
    """One message for all ``problems``: grouped by kind (in order of first appearance), counted, each with its fix.

    A single problem is one line (``str(problem)``). Several start with a headline,
    ``"N problems in <source>:"``, then each kind with its count and its problems, at
    most ``limit`` problems in all (every kind shows at least its first); the rest are
    counted, with ``listing``, the path of a file that lists them all, if given.

    >>> ps = [Problem("data/raw/a.txt", "the file is empty", "add its text", doc_id="a", kind="empty file"),
    ...       Problem("data/raw/manifest.csv", "date 'x' is not a valid ISO 8601 date", "write YYYY",
    ...               line=3, doc_id="b", kind="invalid date"),
    ...       Problem("data/raw/c.txt", "the file is empty", "add its text", doc_id="c", kind="empty file")]
    >>> print(render(ps))
    3 problems in data/raw/manifest.csv:
    empty file (2):
      data/raw/a.txt (doc_id 'a'): the file is empty. Fix: add its text.
      data/raw/c.txt (doc_id 'c'): the file is empty. Fix: add its text.
    invalid date (1):
      data/raw/manifest.csv line 3 (doc_id 'b'): date 'x' is not a valid ISO 8601 date. Fix: write YYYY.
    >>> print(render(ps, limit=2, listing="reports/corpus_problems.csv"))
    3 problems in data/raw/manifest.csv:
    empty file (2):
      data/raw/a.txt (doc_id 'a'): the file is empty. Fix: add its text.
      ... and 1 more empty file
    invalid date (1):
      data/raw/manifest.csv line 3 (doc_id 'b'): date 'x' is not a valid ISO 8601 date. Fix: write YYYY.
    1 more problem is not shown; all 3 are listed in reports/corpus_problems.csv.
    """
    problems = list(problems)
    if not problems:
        return f"no problems in {source}"
    if len(problems) == 1:
        return str(problems[0])
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.kind, []).append(p)
    # Every kind shows its first problem; the remaining room goes to kinds in order.
    room = max(limit, 1) - min(len(groups), max(limit, 1))
    shown_per_group = {}
    for kind, members in groups.items():
        extra = min(len(members) - 1, room)
        room -= extra
        shown_per_group[kind] = 1 + extra
    lines = [f"{_plural(len(problems), 'problem')} in {source}:"]
    shown = 0
    for k, (kind, members) in enumerate(groups.items()):
        n_show = shown_per_group[kind] if k < max(limit, 1) else 0
        lines.append(f"{kind} ({len(members):,}):")
        lines += [f"  {p}" for p in members[:n_show]]
        if len(members) > n_show:
            lines.append(f"  ... and {len(members) - n_show:,} more {kind}")
        shown += n_show
    hidden = len(problems) - shown
    if hidden:
        verb = "is" if hidden == 1 else "are"
        tail = f"; all {len(problems):,} are listed in {listing}." if listing else "."
        lines.append(f"{_plural(hidden, 'more problem')} {verb} not shown{tail}")
    return "\n".join(lines)


PROBLEM_COLUMNS = ("kind", "file", "line", "doc_id", "what", "fix")


def problems_csv(problems: Iterable[Problem]) -> str:
    """Every problem as CSV text (columns :data:`PROBLEM_COLUMNS`), for the file that :func:`render` names.

    >>> print(problems_csv([Problem("data/raw/a.txt", "the file is empty", "add its text", doc_id="a",
    ...                             kind="empty file")]), end="")
    kind,file,line,doc_id,what,fix
    empty file,data/raw/a.txt,,a,the file is empty,add its text
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PROBLEM_COLUMNS)
    for p in problems:
        writer.writerow([p.kind, p.file, "" if p.line is None else p.line, p.doc_id or "", p.what, p.fix])
    return out.getvalue()


def write_problems(problems: Iterable[Problem], path: Path | str) -> Path:
    """Write :func:`problems_csv` to ``path`` (never inside ``data/raw/``); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(problems_csv(problems), encoding="utf-8")
    return path


class InputProblems(PipelineError):
    """All the problems of a run, as one :class:`~pipeline.errors.PipelineError` whose message is :func:`render`."""

    def __init__(self, problems: Iterable[Problem], source: str = "data/raw/manifest.csv",
                 limit: int = RENDER_LIMIT, listing: str | None = None):
        self.problems = list(problems)
        self.source = source
        super().__init__(render(self.problems, source, limit, listing))


# -- the manifest -----------------------------------------------------------

def check_date(value: str) -> bool:
    """True for an ISO 8601 calendar date of the form YYYY, YYYY-MM or YYYY-MM-DD.

    >>> [check_date(d) for d in ("2025", "2025-11", "2025-11-01", "2025-13-01", "1/11/2025")]
    [True, True, True, False, False]
    """
    m = _ISO_DATE.fullmatch(value)
    if not m:
        return False
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def parse_include(value: str) -> bool | None:
    """``True`` or ``False`` for a value of the ``include`` column (empty means yes); ``None`` if unreadable.

    >>> [parse_include(v) for v in ("", "yes", "No", "FALSE", "maybe")]
    [True, True, False, False, None]
    """
    return INCLUDE_VALUES.get(value.strip().lower(), None) if value.strip() else True


def parse_rule_list(value: str) -> frozenset[str]:
    """Rule names of an ``allow_cleaning`` cell: separated by ``;`` (or commas, spaces).

    >>> sorted(parse_rule_list("page_header; back_matter"))
    ['back_matter', 'page_header']
    """
    return frozenset(name for name in _RULE_LIST.split(value.strip()) if name)


def _header_problems(columns: list[str], source: str) -> list[Problem]:
    problems = []
    header = ",".join(REQUIRED_COLUMNS + ("notes",))
    for col in REQUIRED_COLUMNS:
        if col not in columns:
            problems.append(Problem(
                source, f"column '{col}' is missing",
                f"restore the header: it must include {header} (optional: {','.join(OPTIONAL_COLUMNS[1:])})",
                line=1, kind="missing column"))
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    for col in columns:
        if col and col not in known:
            close = difflib.get_close_matches(col, known, n=1, cutoff=0.75)
            if close and close[0] not in columns:
                problems.append(Problem(
                    source, f"column '{col}' is not one the pipeline reads",
                    f"did you mean '{close[0]}'? Rename the column", line=1, kind="misspelt column"))
    seen = set()
    for col in columns:
        if col in seen and col in known:
            problems.append(Problem(source, f"column '{col}' appears twice", "keep one of them", line=1,
                                    kind="duplicate column"))
        seen.add(col)
    return problems


def parse_manifest(text: str, source: str = "data/raw/manifest.csv",
                   rule_names: Iterable[str] | None = None) -> tuple[list[dict], list[Problem]]:
    """Rows of the manifest and every problem found in it (none means all rows are good).

    Each row is a dict of its columns (values stripped; optional columns present, empty
    if absent) plus ``_line`` (its line number), ``_include`` (bool), ``_allow`` (a
    frozenset of rule names from ``allow_cleaning``) and ``_broken`` (the row has the wrong
    number of fields: its values may be misplaced, and it is never analysed). ``include``
    is normalised to ``yes``/``no``. Rows with problems are returned too, so that their
    files are checked in the same run and not reported as having no row.
    ``rule_names``, if given, are the cleaning rules that ``allow_cleaning`` may name.

    >>> text = ("doc_id,file,title,date,publisher,genre,source,include,reason\\n"
    ...         "a,a.txt,A,2025,X,report,web,,\\n"
    ...         "b,b.txt,,2025-13-01,X,report,web,,\\n"
    ...         "c,c.txt,,,,,,no,only an advertisement\\n")
    >>> rows, problems = parse_manifest(text)
    >>> [(r["doc_id"], r["include"]) for r in rows]
    [('a', 'yes'), ('b', 'yes'), ('c', 'no')]
    >>> for p in problems: print(p)
    data/raw/manifest.csv line 3 (doc_id 'b'): 'title' is empty. Fix: fill it in, or set include to no and give the reason.
    data/raw/manifest.csv line 3 (doc_id 'b'): date '2025-13-01' is not a valid ISO 8601 date. Fix: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-01).
    """
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() if isinstance(c, str) else c for c in (reader.fieldnames or [])]
    reader.fieldnames = columns
    problems = _header_problems(columns, source)
    present_required = [c for c in REQUIRED_COLUMNS if c in columns]
    if "doc_id" not in columns or "file" not in columns:
        return [], problems  # rows cannot be told apart; the header problem says what to fix
    rule_names = None if rule_names is None else frozenset(rule_names)
    records = [(reader.line_num, raw) for raw in reader]
    too_long = sum(None in raw for _, raw in records)
    if any(p.kind == "missing column" for p in problems) and too_long * 2 > len(records):
        # The rows still have the column: its name was lost from the header. Their values would
        # all be read one column off, so the header is the one problem to fix first.
        return [], [p if p.kind != "missing column" else Problem(
            p.file, p.what + f" from the header, though {too_long} of {len(records)} rows have a value for it",
            p.fix, line=p.line, kind=p.kind) for p in problems]
    rows: list[dict] = []
    seen_ids: dict[str, int] = {}
    for line, raw in records:
        if None in raw or any(v is None for v in raw.values()):
            n = sum(v is not None for k, v in raw.items() if k is not None) + len(raw.get(None) or [])
            problems.append(Problem(
                source, f"the row has {n} fields but the header has {len(columns)}",
                "quote values that contain commas (\"like, this\") and check for a missing or extra comma",
                line=line, kind="wrong number of fields"))
            # Kept, set aside, so that its file is not also reported as having no row.
            broken = {k: (v or "").strip() if isinstance(v, str) else "" for k, v in raw.items() if k is not None}
            rows.append({**{c: "" for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}, **broken, "include": "no",
                         "_line": line, "_include": False, "_allow": frozenset(), "_broken": True})
            continue
        row = {k: (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        for col in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            row.setdefault(col, "")
        doc_id = row["doc_id"]
        p = lambda what, fix, kind, doc=doc_id: problems.append(  # noqa: E731
            Problem(source, what, fix, line=line, doc_id=doc or None, kind=kind))

        include = parse_include(row["include"])
        if include is None:
            p(f"include '{row['include']}' is neither yes nor no",
              "write yes (or leave it empty) to analyse the document, no to set it aside", "invalid include value")
            include = True
        row["include"] = "yes" if include else "no"
        required = present_required if include else [c for c in REQUIRED_WHEN_EXCLUDED if c in columns]
        for col in required:
            if col == "reason" and "reason" not in columns:
                continue
            if not row[col]:
                if include:
                    p(f"'{col}' is empty", "fill it in, or set include to no and give the reason", "empty field")
                else:
                    p(f"'{col}' is empty", "an excluded document needs its " + (
                        "reason: say why it is set aside (e.g. 'only an advertisement')" if col == "reason"
                        else col), "empty field")
        if not include and "reason" not in columns:
            p("the row sets include to no but the manifest has no 'reason' column",
              "add a column 'reason' and say why the document is set aside", "missing column")
        if doc_id and not _DOC_ID.fullmatch(doc_id):
            p(f"doc_id '{doc_id}' has characters other than letters, digits, '_', '-' and '.'",
              "use only letters, digits, '_', '-' and '.', starting with a letter or digit", "invalid doc_id")
        if doc_id:
            if doc_id in seen_ids:
                p(f"doc_id '{doc_id}' is already used on line {seen_ids[doc_id]}",
                  "give each document its own doc_id", "duplicate doc_id", None)
            else:
                seen_ids[doc_id] = line
        if row["date"] and not check_date(row["date"]):
            p(f"date '{row['date']}' is not a valid ISO 8601 date",
              "write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-01)", "invalid date")
        allow = parse_rule_list(row["allow_cleaning"])
        if include and rule_names is not None:
            for name in sorted(allow - rule_names):
                close = difflib.get_close_matches(name, sorted(rule_names), n=1)
                p(f"allow_cleaning names '{name}', which is not a rule of config/cleaning.yaml",
                  (f"did you mean '{close[0]}'? " if close else "") + "use the rule's name as config/cleaning.yaml "
                  "and data/processed/cleaning_audit.csv spell it", "unknown cleaning rule")
        row["_line"] = line
        row["_include"] = include
        row["_allow"] = allow if include else frozenset()
        row["_broken"] = False
        rows.append(row)
    if any(r["_broken"] for r in rows):
        pass  # the unreadable rows are the problem to fix first; whether any document is left is not known
    elif not rows:
        problems.append(Problem(source, "the manifest lists no documents",
                                "add one row per text file in data/raw/ (see README, 'Adding a document')",
                                kind="no documents"))
    elif not any(r["_include"] for r in rows):
        problems.append(Problem(source, "every document is excluded (include is no on every row)",
                                "set include to yes on at least one row", kind="no documents"))
    return rows, problems


def check_manifest_files(rows: list[dict], present: Iterable[str], genres: Iterable[str],
                         source: str = "data/raw/manifest.csv", raw_dir: str = "data/raw") -> list[Problem]:
    """Every row names a ``.txt`` file of its own that exists and, if given, a known genre; every file has a row.

    ``present`` are the names of the ``.txt`` files in ``data/raw/`` (see :func:`raw_file_names`).
    Excluded rows are checked too: their file must exist and be listed (that is the record).

    >>> rows = [{"doc_id": "a", "file": "a.txt", "genre": "report", "_line": 2},
    ...         {"doc_id": "b", "file": "gone.txt", "genre": "blog", "_line": 3}]
    >>> for p in check_manifest_files(rows, {"a.txt", "stray.txt"}, {"report"}): print(p)
    data/raw/manifest.csv line 3 (doc_id 'b'): file data/raw/gone.txt does not exist. Fix: copy it there or correct the name.
    data/raw/manifest.csv line 3 (doc_id 'b'): genre 'blog' is unknown. Fix: use one of report, or add it to config/genres.yaml.
    data/raw/manifest.csv: data/raw/stray.txt has no row. Fix: add a row (doc_id,file,title,date,publisher,genre,source) or move the file out of data/raw/.
    """
    present = set(present)
    genres = set(genres)
    problems: list[Problem] = []
    files: dict[str, int] = {}
    for row in rows:
        p = lambda what, fix, kind, row=row: problems.append(  # noqa: E731
            Problem(source, what, fix, line=row["_line"], doc_id=row["doc_id"] or None, kind=kind))
        name = row["file"]
        if not name:
            continue  # reported as an empty field
        if Path(name).name != name or not name.endswith(".txt"):
            p(f"file '{name}' is not the name of a .txt file directly in {raw_dir}/",
              f"move the file into {raw_dir}/ as a .txt file and write its name alone", "invalid file name")
            continue
        if name in files:
            p(f"file '{name}' is already named on line {files[name]}", "one row per file", "file named twice")
            continue
        files[name] = row["_line"]
        if name not in present:
            p(f"file {raw_dir}/{name} does not exist", "copy it there or correct the name", "missing file")
        if row.get("genre") and row["genre"] not in genres and not row.get("_broken"):
            p(f"genre '{row['genre']}' is unknown",
              f"use one of {', '.join(sorted(genres))}, or add it to config/genres.yaml", "unknown genre")
    for name in sorted(present - set(files)):
        problems.append(Problem(
            source, f"{raw_dir}/{name} has no row",
            f"add a row ({','.join(REQUIRED_COLUMNS)}) or move the file out of {raw_dir}/", kind="file with no row"))
    return problems


def decode_document(data: bytes, name: str, doc_id: str | None = None,
                    raw_dir: str = "data/raw") -> tuple[str | None, list[Problem]]:
    """The text of a raw file and its problems: UTF-8 (a byte-order mark is allowed), not empty, not binary,
    not an HTML page. Returns ``(text, [])`` or ``(None, [problem])``.

    Text that is not UTF-8 is refused with the command that re-encodes it
    (``iconv -f WINDOWS-1252 -t UTF-8``) rather than guessed at: a wrong guess
    would silently change letters, and the raw file is the record of what was
    collected. CRLF and CR line ends are accepted (cleaning splits lines on all three).

    >>> decode_document(b"\\xef\\xbb\\xbfHu\\xe1\\xba\\xbf.\\r\\n", "a.txt")
    ('Huế.\\r\\n', [])
    >>> print(decode_document(b" \\n\\n", "a.txt", "a")[1][0])
    data/raw/a.txt (doc_id 'a'): the file is empty (only white space). Fix: add the document's text, or set include to no on its manifest row and give the reason.
    """
    where = f"{raw_dir}/{name}"
    aside = "set include to no on its manifest row and give the reason"

    def problem(what: str, fix: str, kind: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, what, fix, doc_id=doc_id, kind=kind)]

    if b"\x00" in data:
        return problem("the file looks binary (it contains NUL bytes), not text",
                       f"save the document as plain UTF-8 text (.txt), or {aside}", "binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return problem(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start})",
            f"re-encode it, e.g. `iconv -f WINDOWS-1252 -t UTF-8 {where} > {where}.utf8 && mv {where}.utf8 {where}`",
            "not UTF-8")
    if not _INVISIBLE_OR_SPACE.sub("", text):
        return problem("the file is empty (only white space)", f"add the document's text, or {aside}", "empty file")
    page = _HTML_PAGE.search(text)
    if page:
        return problem(
            f"the file is an HTML page (it contains {page.group(0).strip()!r}), not the page's text",
            "save the text instead: open the page in a browser and use File > Save Page As > Text, or copy the "
            "article's text into a UTF-8 .txt file (stray tags such as <p> or <em> in a plain text are removed by "
            f"the html_* rules of config/cleaning.yaml); or {aside}", "HTML page")
    return text, []


# -- everything at once -----------------------------------------------------

@dataclass(frozen=True)
class Checked:
    """The outcome of :func:`check_corpus`: rows, texts of included documents, hashes, problems."""

    rows: list[dict]
    texts: dict[str, str]
    sha256: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def included(self) -> list[dict]:
        return [r for r in self.rows if r["_include"]]

    @property
    def excluded(self) -> list[dict]:
        """Rows set aside with ``include`` = no (not the unreadable rows, which are problems)."""
        return [r for r in self.rows if not r["_include"] and not r["_broken"]]

    @property
    def allow(self) -> dict[str, frozenset[str]]:
        """Per included document, the rules allowed to exceed the retention bounds."""
        return {r["doc_id"]: r["_allow"] for r in self.included}


def check_corpus(manifest_text: str, present: Iterable[str], read: Callable[[str], bytes], genres: Iterable[str],
                 rule_names: Iterable[str] | None = None, source: str = "data/raw/manifest.csv",
                 raw_dir: str = "data/raw") -> Checked:
    """Parse the manifest, check every row and file, decode every included document, collecting all problems.

    ``present`` names the ``.txt`` files in ``data/raw/``; ``read(name)`` returns a
    file's bytes (called once per listed file that exists, excluded ones included, for
    their SHA-256). Texts are returned for included documents without problems.

    >>> files = {"a.txt": b"Text.", "b.txt": b"", "c.txt": b"\\x00\\x01"}
    >>> text = ("doc_id,file,title,date,publisher,genre,source,include,reason\\n"
    ...         "a,a.txt,A,2025,X,report,web,,\\nb,b.txt,B,2025-13-01,X,report,web,,\\n"
    ...         "c,c.txt,C,2025,X,report,web,no,a PNG saved as .txt\\n")
    >>> checked = check_corpus(text, files, files.__getitem__, {"report"})
    >>> sorted(checked.texts), [p.kind for p in checked.problems]
    (['a'], ['invalid date', 'empty file'])
    """
    present = set(present)
    rows, problems = parse_manifest(manifest_text, source, rule_names)
    if not rows and problems:
        return Checked([], {}, {}, problems)  # a broken header: every file would look unlisted
    problems += check_manifest_files(rows, present, genres, source, raw_dir)
    texts, sha = {}, {}
    named_twice = {p.line for p in problems if p.kind in ("file named twice", "invalid file name")}
    for row in rows:
        name = row["file"]
        if not name or name not in present or row["_line"] in named_twice:
            continue
        data = read(name)
        sha[row["doc_id"]] = hashlib.sha256(data).hexdigest()
        if not row["_include"]:
            continue
        text, found = decode_document(data, name, row["doc_id"] or None, raw_dir)
        problems += found
        if text is not None:
            texts[row["doc_id"]] = text
    return Checked(rows, texts, sha, problems)


def raw_file_names(raw_dir: Path | str) -> set[str]:
    """Names of the ``.txt`` files directly in ``raw_dir`` (the I/O edge of :func:`check_manifest_files`)."""
    return {p.name for p in Path(raw_dir).glob("*.txt") if p.is_file()}
