"""The corpus stage: validate the manifest, clean and segment every document.

Inputs are ``data/raw/manifest.csv`` and the ``.txt`` files it names, which
are only read. :func:`run` is the stage's driver, the one call of the notebook
``01_corpus.ipynb``: :func:`load_inputs` reads and checks, :func:`build` is
pure (texts and rules in, tables out), :func:`write_outputs` writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pandas as pd

from . import cleaning, manifest, segment
from .config import Paths
from .errors import PipelineError
from .yamlfile import read_yaml
from .params import CorpusParams, Params, resolve, section
from .progress import track
from .schema import CLEANING_AUDIT, DOCUMENT_ATTRIBUTES, DOCUMENTS, MANIFEST_COLUMNS, SEGMENTS
from .tables import atomic_write_text, read_table, write_table
from .tokens import count_tokens

#: Where the run lists every problem with the inputs when there are more than a message shows
#: (not under data/: raw data is never written, and processed outputs are removed on failure).
PROBLEMS_LISTING = "reports/corpus_problems.csv"
MANIFEST = "data/raw/manifest.csv"


@dataclass(frozen=True)
class Inputs:
    """Everything the corpus stage reads, already validated."""

    manifest: list[dict]  # every row, excluded ones too (``_include`` false), in manifest order
    raw_texts: dict[str, str]  # the included documents' texts
    sha256: dict[str, str]
    rules: cleaning.Rules
    clause_words: segment.ClauseWords
    abbreviations: list[str]

    @property
    def included(self) -> list[dict]:
        return [r for r in self.manifest if r["_include"]]


def raise_problems(problems: list[manifest.Problem], paths: Paths) -> None:
    """Stop with every problem at once; past what one message shows, list them all in a file."""
    listing = paths.root / PROBLEMS_LISTING
    if len(problems) > manifest.RENDER_LIMIT:
        manifest.write_problems(problems, listing)
        raise manifest.InputProblems(problems, MANIFEST, listing=PROBLEMS_LISTING)
    listing.unlink(missing_ok=True)
    raise manifest.InputProblems(problems, MANIFEST)


def load_genres(path: Path) -> dict:
    genres = read_yaml(path)
    if not isinstance(genres, dict) or not genres:
        raise PipelineError(f"{path} must map each genre name to a one-line description.")
    return genres


def load_inputs(paths: Paths, params: CorpusParams | Mapping | None = None) -> Inputs:
    """Read and check everything the stage needs; every problem of the manifest and files is reported at once."""
    params = section("corpus", params)
    try:
        manifest_text = paths.manifest.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PipelineError(f"{MANIFEST} not found; it lists the documents (see README, 'Adding a document').")
    except UnicodeDecodeError:
        raise PipelineError(f"{MANIFEST} is not UTF-8; save it as UTF-8 CSV.")
    rules = cleaning.load_rules(paths.config / "cleaning.yaml")
    checked = manifest.check_corpus(manifest_text, manifest.raw_file_names(paths.raw),
                                    lambda name: (paths.raw / name).read_bytes(),
                                    load_genres(paths.config / "genres.yaml"), rules.names, MANIFEST)
    if checked.problems:
        raise_problems(checked.problems, paths)
    (paths.root / PROBLEMS_LISTING).unlink(missing_ok=True)
    abbreviations = segment.read_abbreviations(paths.config / "abbreviations.txt")
    return Inputs(
        manifest=checked.rows,
        raw_texts=checked.texts,
        sha256=checked.sha256,
        rules=rules,
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
    params: CorpusParams = field(default_factory=CorpusParams)
    #: The manifest's own columns (doc_id, attribute, value): see :func:`attribute_rows`.
    attributes: pd.DataFrame | None = None


def build(inputs: Inputs, params: CorpusParams | Mapping | None = None, paths: Paths | None = None) -> Corpus:
    """Clean and segment every included document; return the stage's tables and texts.

    The retention guard (:func:`pipeline.cleaning.check_retention`) checks what each rule
    removed; every document it stops is reported at once, after all were cleaned.
    Excluded documents are listed in ``documents`` (``include`` = no, with the reason).
    """
    params = section("corpus", params)
    tokenizer = segment.sentence_tokenizer(inputs.abbreviations)
    docs, segs, audit, clean, problems = [], [], [], {}, []
    for row in track(inputs.manifest, "corpus"):
        doc_id = row["doc_id"]
        listed = {name: row.get(name, "") for name in MANIFEST_COLUMNS}
        if not row["_include"]:
            docs.append({**listed, **EXCLUDED_COUNTS, "sha256": inputs.sha256.get(doc_id, ""), "include": "no",
                         "reason": row.get("reason", ""), "allow_cleaning": row.get("allow_cleaning", "")})
            continue
        done = cleaning.clean_document(inputs.raw_texts[doc_id], inputs.rules, doc_id, file=f"data/raw/{row['file']}",
                                       allow=row["_allow"], max_share=params.max_removed_share,
                                       max_line_words=params.max_removed_line_words, manifest=MANIFEST)
        if done.problems:
            problems += done.problems
            continue
        text, kept = done.text, done.retention
        doc_segments = segment.segment(text, inputs.clause_words, tokenizer, params.heading_max_words)
        clean[doc_id] = text
        audit += [dict(doc_id=doc_id, **r) for r in done.audit]
        segs += [dict(doc_id=doc_id, **s) for s in doc_segments]
        docs.append(
            {**listed,
             "n_chars": len(text),
             "n_tokens": count_tokens(text),
             "n_segments": len(doc_segments),
             "n_removed_lines": sum(r["action"] == "remove_line" for r in done.audit),
             "chars_raw": kept.chars_raw,
             "chars_clean": kept.chars_clean,
             "removed_share": kept.removed_share,
             "top_rule": kept.top_rule,
             "sha256": inputs.sha256[doc_id],
             "include": "yes",
             "reason": "",
             "allow_cleaning": ";".join(sorted(row["_allow"]))}
        )
    if problems:
        if paths is None:
            raise manifest.InputProblems(problems, MANIFEST)
        raise_problems(problems, paths)
    frame = lambda rows, table: pd.DataFrame(rows, columns=table.columns)  # noqa: E731
    return Corpus(frame(docs, DOCUMENTS), frame(segs, SEGMENTS), frame(audit, CLEANING_AUDIT), clean, params,
                  frame(attribute_rows(inputs.manifest), DOCUMENT_ATTRIBUTES))


def attribute_rows(rows: list[dict]) -> list[dict]:
    """The manifest's columns beyond the ones the pipeline reads, one row per document and column.

    documents.csv keeps its declared columns; a scholar's own column (``track``, ``chair``)
    goes to ``document_attributes.csv``, from which :func:`with_attributes` joins it back
    for grouping (``groups.by``).

    >>> attribute_rows([{"doc_id": "a", "title": "A", "track": "WPS", "_line": 2}])
    [{'doc_id': 'a', 'attribute': 'track', 'value': 'WPS'}]
    """
    known = set(manifest.REQUIRED_COLUMNS) | set(manifest.OPTIONAL_COLUMNS)
    return [{"doc_id": r["doc_id"], "attribute": k, "value": v} for r in rows for k, v in r.items()
            if isinstance(k, str) and k and not k.startswith("_") and k not in known]


#: The size columns of a document set aside (``include`` = no): nothing was read from it.
EXCLUDED_COUNTS = {"n_chars": 0, "n_tokens": 0, "n_segments": 0, "n_removed_lines": 0, "chars_raw": 0,
                   "chars_clean": 0, "removed_share": 0.0, "top_rule": ""}


def write_outputs(corpus: Corpus, paths: Paths) -> list[Path]:
    """Write the cleaned texts and the three tables; return the paths written."""
    written = [atomic_write_text(paths.clean / f"{doc_id}.txt", text) for doc_id, text in sorted(corpus.clean.items())]
    written += [
        write_table(corpus.documents, DOCUMENTS, paths.processed),
        write_table(corpus.segments, SEGMENTS, paths.processed),
        write_table(corpus.audit, CLEANING_AUDIT, paths.processed),
        write_table(corpus.attributes if corpus.attributes is not None
                    else pd.DataFrame(columns=DOCUMENT_ATTRIBUTES.columns), DOCUMENT_ATTRIBUTES, paths.processed),
    ]
    return written


def run(paths: Paths, params: Params | dict | None = None) -> Corpus:
    """The stage: read and check the inputs, clean and segment, write the texts and tables."""
    p = resolve(params, paths.params).corpus
    corpus = build(load_inputs(paths, p), p, paths)
    write_outputs(corpus, paths)
    return corpus


# -- readers for later stages -------------------------------------------------

def load_documents(paths: Paths, excluded: bool = False) -> pd.DataFrame:
    """The documents table: the documents analysed (``include`` = yes), or with ``excluded`` every row."""
    docs = read_table(DOCUMENTS, paths.processed)
    return docs if excluded else docs[docs["include"] == "yes"].reset_index(drop=True)


def load_attributes(paths: Paths) -> pd.DataFrame:
    """The manifest's own columns, long (``doc_id, attribute, value``)."""
    return read_table(DOCUMENT_ATTRIBUTES, paths.processed)


def with_attributes(documents: pd.DataFrame, attributes: pd.DataFrame | None) -> pd.DataFrame:
    """``documents`` with each of the manifest's own columns joined as a column of its own (empty where not given).

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "genre": ["x", "y"]})
    >>> attrs = pd.DataFrame({"doc_id": ["a"], "attribute": ["track"], "value": ["WPS"]})
    >>> with_attributes(docs, attrs).values.tolist()
    [['a', 'x', 'WPS'], ['b', 'y', '']]
    """
    if attributes is None or attributes.empty:
        return documents
    wide = attributes.pivot(index="doc_id", columns="attribute", values="value")
    wide = wide[[c for c in sorted(wide.columns) if c not in documents.columns]]
    out = documents.join(wide, on="doc_id")
    out[list(wide.columns)] = out[list(wide.columns)].fillna("")
    return out


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
