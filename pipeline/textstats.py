"""The ``textstats`` stage: frequencies, keyness, collocations, KWIC, dispersion,
lexical diversity, readability, dictionaries and clause verbs.

:func:`run` is the stage's driver, the one call of the notebook
``notebooks/02_textstats.ipynb``: :func:`load_inputs` reads the corpus
stage's outputs and the configuration files, :func:`compute` composes the
statistics (pure: plain data in, DataFrames out; each statistic lives in its
own module), and the driver writes the tables, the figures
(:mod:`pipeline.textfigures`) and the tables for papers.

Words, terms and units
----------------------
*Words* are the project's tokens lower-cased (:func:`pipeline.tokens.words`);
*terms* are words with the configured multiword expressions joined
(``mutual_aid``) and, if ``stem`` is on, Snowball-stemmed. Frequencies,
n-grams, keyness, collocations and lexical diversity count terms; the
vocabulary density, readability, dictionaries, KWIC and dispersion work on
words. Every statistic works segment by segment (a sentence, list item,
heading or diplomatic clause from ``segments.csv``), so no n-gram, MWE or
collocation runs across two segments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from . import corpus, grouped, textfigures
from . import dictionaries as dicts
from .collocations import collocation_table
from .concordance import dispersion_table, kwic_table
from .config import Paths
from .errors import PipelineError
from .frequencies import clause_verbs, doc_stats, stop_terms, term_frequencies, top_ngrams
from .keyness import keyness_groups, keyness_table
from .params import FigureParams, GroupsParams, Params, TextstatsParams, resolve, section
from .schema import TEXTSTATS_TABLES, by_name
from .tables import conform, write_paper_table, write_table
from .tokens import TermMaker, load_stopwords
from .units import build_docs

TABLES = by_name(TEXTSTATS_TABLES)


# ---------------------------------------------------------------- inputs


@dataclass
class Inputs:
    """What the stage reads: cleaned texts, segments, documents, stopwords, dictionaries."""

    texts: dict[str, str]
    segments: pd.DataFrame
    documents: pd.DataFrame
    stopwords: frozenset[str]
    dictionaries: list[dicts.Dictionary]


def _resolve(root: Path, name: str) -> Path:
    p = Path(name)
    return p if p.is_absolute() else root / p


def load_inputs(paths: Paths, params: TextstatsParams) -> Inputs:
    """Read the corpus stage's outputs and the stopword and dictionary files."""
    documents = corpus.with_attributes(corpus.load_documents(paths), corpus.load_attributes(paths))
    segments = corpus.load_segments(paths)
    texts = corpus.load_clean_texts(paths)
    stop = load_stopwords(_resolve(paths.root, params.stopwords_file), params.stopwords_file)
    dictionaries = [dicts.load_dictionary(_resolve(paths.root, f), f) for f in params.dictionaries]
    ids = [d.id for d in dictionaries]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise PipelineError(f"params.yaml: textstats.dictionaries names two files called {dup[0]}.yaml; rename one.")
    return Inputs(texts, segments, documents, stop, dictionaries)


# ---------------------------------------------------------------- the stage


@dataclass
class Results:
    """Every table of the stage (sorted as written), plus what the figures need."""

    tables: dict[str, pd.DataFrame]
    titles: dict[str, str] = field(default_factory=dict)
    top_terms: pd.DataFrame | None = None  # doc_id, term, count, per_1k without stopwords (if configured)
    params: TextstatsParams = field(default_factory=TextstatsParams)
    figure: FigureParams = field(default_factory=FigureParams)
    groups: GroupsParams = field(default_factory=GroupsParams)
    #: The figures the stage saved, by name (filled by :func:`pipeline.textfigures.draw_all`), and their folder.
    drawn: dict = field(default_factory=dict)
    figure_dir: Path | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def compute(
    texts: Mapping[str, str],
    segments: pd.DataFrame | None,
    documents: pd.DataFrame | None,
    params: TextstatsParams | Mapping | None = None,
    stopwords: frozenset[str] = frozenset(),
    dictionaries: Sequence[dicts.Dictionary] = (),
    groups: GroupsParams | Mapping | None = None,
) -> Results:
    """All the stage's tables from plain inputs (no files read or written).

    ``params`` is the ``textstats`` section, or a mapping of some of its keys
    (the others take their defaults); ``groups`` likewise the ``groups`` section,
    for the grouped comparisons, reference keyness and trends (:mod:`pipeline.grouped`).
    """
    p = section("textstats", params)
    g = section("groups", groups)
    maker = TermMaker(p.mwes, stem=p.stem)
    docs = build_docs(texts, segments, maker)
    stop = stop_terms(frozenset(stopwords), maker)
    use = set(p.stopwords_for)
    bare = documents is None
    if bare:
        documents = pd.DataFrame({"doc_id": sorted(texts)})
    tf = term_frequencies(docs)
    tables = {
        "doc_stats": doc_stats(docs, p.mattr_window),
        "term_frequencies": tf,
        "ngrams": top_ngrams(docs, p.ngram_sizes, p.ngram_top_n, p.ngram_min_count, stop if "ngrams" in use else frozenset()),
        "keyness": keyness_table(tf, keyness_groups(documents, [d.doc_id for d in docs]),
                                 min_count=p.keyness_min_count, stop=stop if "keyness" in use else frozenset(),
                                 min_expected=p.keyness_min_expected),
        "collocations": collocation_table(docs, p.collocation_window, p.collocation_min_freq, stop if "collocations" in use else frozenset()),
        "kwic": kwic_table(docs, p.kwic_terms, p.kwic_window),
        "dispersion": dispersion_table(docs, p.dispersion_terms),
        "dictionary_scores": dicts.dictionary_table(docs, dictionaries),
        "clause_verbs": clause_verbs(docs),
    }
    if not bare:  # without a documents table (no manifest: no dates, no groups) the grouped tables stay empty
        words = tables["doc_stats"].set_index("doc_id")["n_tokens"]
        tables.update(grouped.text_tables(tf, tables["dictionary_scores"], words, documents, stop, p, g,
                                          keyness_stop="keyness" in use))
    tables.update({name: None for name in grouped.TEXT_TABLES if name not in tables})
    tables = {name: conform(df if df is not None else pd.DataFrame(columns=TABLES[name].columns), TABLES[name])
              for name, df in tables.items()}
    top = tf[~tf["term"].isin(stop)] if "top_terms" in use else tf
    titles = dict(zip(documents["doc_id"], documents["title"])) if "title" in documents else {}
    return Results(tables, titles, top.reset_index(drop=True), p, groups=g)


def write_outputs(results: Results, paths: Paths) -> list[Path]:
    """Write every table to ``data/processed/``; return the paths."""
    return [write_table(df, TABLES[name], paths.processed) for name, df in results.tables.items()]


def paper_tables(results: Results, top_n: int = 10) -> dict[str, tuple[pd.DataFrame, str]]:
    """The stage's key tables for a paper: ``name -> (table, caption)``."""
    stats = results["doc_stats"]
    summary = stats[["doc_id", "n_tokens", "n_types", "vocabulary_density", "mattr", "mean_segment_tokens",
                     "flesch_reading_ease"]].rename(columns={
        "doc_id": "Document", "n_tokens": "Tokens", "n_types": "Types", "vocabulary_density": "Vocab. density",
        "mattr": "MATTR", "mean_segment_tokens": "Tokens/segment", "flesch_reading_ease": "Flesch"})
    k = results["keyness"]
    k = k[~k["target"].str.startswith("genre:") & (k["g2"] > 0)]
    k = k.sort_values(["target", "g2", "term"], ascending=[True, False, True], kind="mergesort")
    keywords = k.groupby("target", sort=True).head(top_n)[["target", "term", "n_target", "n_reference", "g2",
                                                            "log_ratio", "p"]]
    keywords = keywords.rename(columns={"target": "Document", "term": "Term", "n_target": "In document",
                                        "n_reference": "In rest", "g2": "G2", "log_ratio": "Log Ratio"})
    d = results["dictionary_scores"]
    short = {"unscr1325_pillars": "UNSCR 1325", "security_framings": "Security"}
    labels = [f"{short.get(a, a)}: {b.replace('_', ' ')}" for a, b in zip(d["dictionary"], d["category"])]
    dictionary_wide = (d.assign(column=labels)
                       .pivot(index="doc_id", columns="column", values="per_1k")
                       .sort_index(axis=0).sort_index(axis=1).reset_index()
                       .rename(columns={"doc_id": "Document"}))
    dictionary_wide.columns.name = None
    return {
        "dictionary_scores": (dictionary_wide, "Dictionary categories per document, per 1,000 words: the four "
                              "pillars of UNSCR 1325 and traditional versus human security framings "
                              "(config/dictionaries/)."),
        "doc_summary": (summary, "Size, lexical diversity and readability of each document. Vocab. density: "
                        "distinct words / words; MATTR: moving-average type-token ratio; Flesch: reading ease "
                        "(higher is easier)."),
        "top_keywords": (keywords.reset_index(drop=True),
                         f"Top {top_n} keywords of each document against the rest of the corpus: log-likelihood G2 "
                         "and Hardie's Log Ratio (1 = twice as frequent as in the rest)."),
    }


def write_paper_tables(results: Results, directory: Path, top_n: int = 10) -> list[Path]:
    """Write the key tables as LaTeX (booktabs) and Markdown; return the paths."""
    written = []
    for name, (df, caption) in paper_tables(results, top_n).items():
        written += write_paper_table(df, name, caption, directory)
    return written


def run(paths: Paths, params: Params | Mapping | None = None) -> Results:
    """The stage: read the corpus, compute every statistic, write tables, figures and paper tables."""
    p = resolve(params, paths.params)
    inputs = load_inputs(paths, p.textstats)
    results = compute(inputs.texts, inputs.segments, inputs.documents, p.textstats, inputs.stopwords,
                      inputs.dictionaries, p.groups)
    results.figure, results.figure_dir = p.figure, paths.figures / "textstats"
    write_outputs(results, paths)
    textfigures.draw_all(results, paths.figures / "textstats", formats=p.figure.formats, dpi=p.figure.dpi,
                         width_in=p.figure.width_in, processed=paths.processed)
    write_paper_tables(results, paths.tables / "textstats")
    return results
