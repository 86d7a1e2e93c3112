"""The corpus stage: validate the manifest, clean and segment every document.

Inputs are ``data/raw/manifest.csv`` and the ``.txt`` files it names, which
are only read. :func:`run` is the stage's driver, the one call of the notebook
``01_corpus.ipynb``: :func:`load_inputs` reads and checks, :func:`build` is
pure (texts and rules in, tables out), :func:`write_outputs` writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pandas as pd

from . import cleaning, segment
from .config import Paths
from .errors import PipelineError
from .yamlfile import read_yaml
from .params import CorpusParams, Params, resolve, section
from .progress import track
from .schema import CLEANING_AUDIT, DOCUMENTS, MANIFEST_COLUMNS, SEGMENTS
from .tables import atomic_write_text, read_table, write_table
from .tokens import count_tokens

REQUIRED_COLUMNS = ("doc_id", "file", "title", "date", "publisher", "genre", "source")
OPTIONAL_COLUMNS = ("notes",)
_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: Markers of a whole HTML page rather than a text: a doctype, or an <html>, <head> or <body> tag.
_HTML_PAGE = re.compile(r"<!DOCTYPE\s+html|<(?:html|head|body)(?:\s[^<>]{0,500})?>", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Inputs:
    """Everything the corpus stage reads, already validated."""

    manifest: list[dict]
    raw_texts: dict[str, str]
    sha256: dict[str, str]
    rules: cleaning.Rules
    clause_words: segment.ClauseWords
    abbreviations: list[str]


# -- validation -------------------------------------------------------------

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


def parse_manifest(text: str, source: str = "manifest.csv") -> list[dict]:
    """Rows of the manifest as dicts (with ``_line``, the row's line number), checked field by field."""
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise PipelineError(
            f"{source}: column '{missing[0]}' is missing. The header must include "
            f"{','.join(REQUIRED_COLUMNS)} (optional: {','.join(OPTIONAL_COLUMNS)})."
        )
    rows, seen = [], {}
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise PipelineError(f"{source} line {line}: wrong number of fields; quote values that contain commas.")
        row = {k: (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        doc_id = row["doc_id"]
        where = f"{source} line {line} (doc_id '{doc_id}')"
        for col in REQUIRED_COLUMNS:
            if not row[col]:
                raise PipelineError(f"{where}: '{col}' is empty; fill it in.")
        if not _DOC_ID.fullmatch(doc_id):
            raise PipelineError(
                f"{where}: doc_id may use only letters, digits, '_', '-' and '.', starting with a letter or digit."
            )
        if doc_id in seen:
            raise PipelineError(
                f"{source} line {line}: doc_id '{doc_id}' is already used on line {seen[doc_id]}; "
                "give each document its own doc_id."
            )
        seen[doc_id] = line
        if not check_date(row["date"]):
            raise PipelineError(
                f"{where}: date '{row['date']}' is not a valid ISO 8601 date; "
                "write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-01)."
            )
        row["_line"] = line
        rows.append(row)
    if not rows:
        raise PipelineError(f"{source} has no documents; add one row per text file in data/raw/.")
    return rows


def check_manifest_files(rows: list[dict], raw_dir: Path, genres: dict, source: str) -> None:
    """Every row names an existing ``.txt`` file of its own and a known genre; every file has a row."""
    files: dict[str, int] = {}
    for row in rows:
        where = f"{source} line {row['_line']} (doc_id '{row['doc_id']}')"
        name = row["file"]
        if Path(name).name != name or not name.endswith(".txt"):
            raise PipelineError(f"{where}: file '{name}' must be the name of a .txt file directly in data/raw/.")
        if name in files:
            raise PipelineError(f"{where}: file '{name}' is already named on line {files[name]}; one row per file.")
        files[name] = row["_line"]
        if not (raw_dir / name).is_file():
            raise PipelineError(f"{where}: file data/raw/{name} does not exist; copy it there or correct the name.")
        if row["genre"] not in genres:
            raise PipelineError(
                f"{where}: genre '{row['genre']}' is unknown; use one of {', '.join(sorted(genres))}, "
                "or add it to config/genres.yaml."
            )
    unlisted = sorted(p.name for p in raw_dir.glob("*.txt") if p.name not in files)
    if unlisted:
        raise PipelineError(
            f"data/raw/{unlisted[0]} has no row in {source}; add a row "
            f"({','.join(REQUIRED_COLUMNS)}) or move the file out of data/raw/."
        )


def decode_document(data: bytes, name: str) -> str:
    """The text of a raw file: UTF-8 (a byte-order mark is allowed), not empty, not binary, not an HTML page.

    Text that is not UTF-8 is refused with the command that re-encodes it
    (``iconv -f WINDOWS-1252 -t UTF-8``) rather than guessed at: a wrong guess
    would silently change letters, and the raw file is the record of what was
    collected. CRLF and CR line ends are accepted (cleaning splits lines on all three).
    """
    where = f"data/raw/{name}"
    if not data.strip():
        raise PipelineError(f"{where} is empty; add its text or remove the file and its manifest row.")
    if b"\x00" in data:
        raise PipelineError(
            f"{where} looks binary (it contains NUL bytes); save the document as plain UTF-8 text (.txt)."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError(
            f"{where} is not UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}). Re-encode it, e.g. "
            f"`iconv -f WINDOWS-1252 -t UTF-8 {where} > {where}.utf8 && mv {where}.utf8 {where}`."
        ) from None
    if not text.strip():
        raise PipelineError(f"{where} has no text; add its text or remove the file and its manifest row.")
    page = _HTML_PAGE.search(text)
    if page:
        raise PipelineError(
            f"{where} is an HTML page (it contains {page.group(0).strip()!r}), not the page's text. Save the text "
            "instead: open the page in a browser and use File > Save Page As > Text, or copy the article's text "
            "into a UTF-8 .txt file. (Stray tags such as <p>, <br> or <em> in a plain text are removed by the "
            "html_* rules of config/cleaning.yaml.)"
        )
    return text


def load_genres(path: Path) -> dict:
    genres = read_yaml(path)
    if not isinstance(genres, dict) or not genres:
        raise PipelineError(f"{path} must map each genre name to a one-line description.")
    return genres


def load_inputs(paths: Paths, params: CorpusParams | Mapping | None = None) -> Inputs:
    """Read and validate everything the stage needs; raises :class:`PipelineError` on the first problem."""
    params = section("corpus", params)
    source = "data/raw/manifest.csv"
    try:
        manifest_text = paths.manifest.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PipelineError(f"{source} not found; it lists the documents (see README, 'Adding a document').")
    except UnicodeDecodeError:
        raise PipelineError(f"{source} is not UTF-8; save it as UTF-8 CSV.")
    rows = parse_manifest(manifest_text, source)
    check_manifest_files(rows, paths.raw, load_genres(paths.config / "genres.yaml"), source)
    raw_texts, sha = {}, {}
    for row in rows:
        data = (paths.raw / row["file"]).read_bytes()
        raw_texts[row["doc_id"]] = decode_document(data, row["file"])
        sha[row["doc_id"]] = hashlib.sha256(data).hexdigest()
    abbreviations = segment.read_abbreviations(paths.config / "abbreviations.txt")
    return Inputs(
        manifest=rows,
        raw_texts=raw_texts,
        sha256=sha,
        rules=cleaning.load_rules(paths.config / "cleaning.yaml"),
        clause_words=segment.load_clause_words(paths.config / "clauses.yaml"),
        abbreviations=sorted(set(abbreviations) | set(params.extra_abbreviations)),
    )


# -- the stage --------------------------------------------------------------

@dataclass(frozen=True)
class Corpus:
    documents: pd.DataFrame
    segments: pd.DataFrame
    audit: pd.DataFrame
    clean: dict[str, str]


def build(inputs: Inputs, params: CorpusParams | Mapping | None = None) -> Corpus:
    """Clean and segment every document; return the stage's tables and texts."""
    params = section("corpus", params)
    tokenizer = segment.sentence_tokenizer(inputs.abbreviations)
    docs, segs, audit, clean = [], [], [], {}
    for row in track(inputs.manifest, "corpus"):
        doc_id = row["doc_id"]
        text, removed = cleaning.clean_text(inputs.raw_texts[doc_id], inputs.rules)
        if not text.strip():
            raise PipelineError(
                f"data/raw/{row['file']}: nothing is left after cleaning. Check the rules in config/cleaning.yaml "
                "against the file (every rule that matched is named in the audit)."
            )
        doc_segments = segment.segment(text, inputs.clause_words, tokenizer, params.heading_max_words)
        clean[doc_id] = text
        audit += [dict(doc_id=doc_id, **r) for r in removed]
        segs += [dict(doc_id=doc_id, **s) for s in doc_segments]
        docs.append(
            {**{name: row.get(name, "") for name in MANIFEST_COLUMNS},
             "n_chars": len(text),
             "n_tokens": count_tokens(text),
             "n_segments": len(doc_segments),
             "n_removed_lines": sum(r["action"] == "remove_line" for r in removed),
             "sha256": inputs.sha256[doc_id]}
        )
    frame = lambda rows, table: pd.DataFrame(rows, columns=table.columns)  # noqa: E731
    return Corpus(frame(docs, DOCUMENTS), frame(segs, SEGMENTS), frame(audit, CLEANING_AUDIT), clean)


def write_outputs(corpus: Corpus, paths: Paths) -> list[Path]:
    """Write the cleaned texts and the three tables; return the paths written."""
    written = [atomic_write_text(paths.clean / f"{doc_id}.txt", text) for doc_id, text in sorted(corpus.clean.items())]
    written += [
        write_table(corpus.documents, DOCUMENTS, paths.processed),
        write_table(corpus.segments, SEGMENTS, paths.processed),
        write_table(corpus.audit, CLEANING_AUDIT, paths.processed),
    ]
    return written


def run(paths: Paths, params: Params | dict | None = None) -> Corpus:
    """The stage: read and check the inputs, clean and segment, write the texts and tables."""
    p = resolve(params, paths.params).corpus
    corpus = build(load_inputs(paths, p), p)
    write_outputs(corpus, paths)
    return corpus


# -- readers for later stages -------------------------------------------------

def load_documents(paths: Paths) -> pd.DataFrame:
    return read_table(DOCUMENTS, paths.processed)


def load_segments(paths: Paths) -> pd.DataFrame:
    return read_table(SEGMENTS, paths.processed)


def load_audit(paths: Paths) -> pd.DataFrame:
    return read_table(CLEANING_AUDIT, paths.processed)


def load_clean_texts(paths: Paths) -> dict[str, str]:
    """Cleaned text of every document, by doc_id, in manifest (doc_id) order."""
    docs = load_documents(paths)
    out = {}
    for doc_id in docs["doc_id"]:
        path = paths.clean / f"{doc_id}.txt"
        if not path.is_file():
            raise PipelineError(f"{path} is missing: run `dvc repro` to rebuild the corpus stage.")
        out[doc_id] = path.read_text(encoding="utf-8")
    return out
