"""The schema of ``params.yaml``: one typed section per stage, the only source of defaults.

Each section is a frozen dataclass whose fields carry their type, default,
meaning and allowed values. :func:`load` reads ``params.yaml`` and checks all
of it at once (unknown keys with the nearest valid name, wrong types,
out-of-range values), because papermill itself only warns about unknown
names. ``python -m pipeline.params`` is the pipeline's first DVC stage: it
depends on the whole file, so every ``dvc repro`` validates it, and its
output does not change while the file is valid, so a valid edit reruns only
the stages that read the changed key.

Notebooks receive their stage's section and, if they draw, the shared
``figure`` section, in one shape: ``params = {"textstats": {...}, "figure": {...}}``
(:func:`select`). A stage driver accepts that mapping (or
a part of it: missing keys take their defaults) through :func:`resolve`.

>>> p = resolve({"corpus": {"heading_max_words": 10}})
>>> p.corpus.heading_max_words, p.corpus.extra_abbreviations, p.figure.dpi
(10, [], 300)
"""

from __future__ import annotations

import dataclasses
import difflib
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import PipelineError
from .files import atomic_write_text
from .yamlfile import read_yaml

_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false", list: "a list",
               dict: "a mapping (name: value)"}

#: Papermill's name for the one variable a stage notebook's parameters cell defines.
NOTEBOOK_VARIABLE = "params"


def param(default: Any, help: str, *, minimum: float | None = None, maximum: float | None = None,
          choices: tuple | None = None):
    """A field of a section: its default, meaning and bounds (the type is the annotation)."""
    meta = {"help": help, "minimum": minimum, "maximum": maximum, "choices": choices}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Spec:
    """One key of a section, as the validator and the parameter reference see it."""

    name: str
    type: type
    item_type: type | None
    default: Any
    help: str
    minimum: float | None
    maximum: float | None
    choices: tuple | None

    def problem(self, where: str, value: Any) -> str | None:
        """What is wrong with ``value`` (``None`` if it fits)."""
        if not _is(value, self.type):
            return (f"params.yaml: {where} must be {_TYPE_NAMES.get(self.type, self.type.__name__)}, "
                    f"got {value!r}. Fix the value (default: {self.default!r}).")
        if self.type is dict:
            for k, v in value.items():
                if isinstance(v, (list, dict)) or v is None:
                    return (f"params.yaml: every value of {where} must be a single value (a string such as "
                            f"'2017-2021'), got {k!r}: {v!r}.")
            return None
        if self.type is list:
            for item in value:
                if self.item_type is not None and not _is(item, self.item_type):
                    return (f"params.yaml: every item of {where} must be "
                            f"{_TYPE_NAMES.get(self.item_type, self.item_type.__name__)}, got {item!r}.")
                if self.choices is not None and item not in self.choices:
                    return f"params.yaml: {where} has {item!r}; allowed: {', '.join(map(str, self.choices))}."
            return None
        if self.choices is not None and value not in self.choices:
            return f"params.yaml: {where} is {value!r}; allowed: {', '.join(map(str, self.choices))}."
        if self.minimum is not None and value < self.minimum:
            return f"params.yaml: {where} is {value!r}; it must be at least {self.minimum}."
        if self.maximum is not None and value > self.maximum:
            return f"params.yaml: {where} is {value!r}; it must be at most {self.maximum}."
        return None


def _is(value: Any, kind: type) -> bool:
    if isinstance(value, bool) and kind is not bool:
        return False
    if kind is float:
        return isinstance(value, (int, float))
    return isinstance(value, kind)


def _coerce(spec: Spec, value: Any) -> Any:
    if spec.type is float:
        return float(value)
    if spec.type is list:
        return [float(v) for v in value] if spec.item_type is float else list(value)
    if spec.type is dict:  # YAML reads 2022 as a number and 2022-11-13 as a date: keep them as written
        return {str(k): str(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- the sections

DEFAULT_TERMS = ["women", "security", "peace", "partners", "mutual aid", "ASEAN"]
STOPWORD_USES = ("top_terms", "ngrams", "keyness", "collocations")
FIGURE_FORMATS = ("pdf", "svg", "png")
NETWORK_UNITS = ("segment", "paragraph", "document")


@dataclass(frozen=True)
class CorpusParams:
    extra_abbreviations: list[str] = param(
        [], "Abbreviations (lower case, no final full stop) that never end a sentence, on top of "
        "config/abbreviations.txt.")
    heading_max_words: int = param(
        15, "A paragraph without closing punctuation and at most this many words is a heading.", minimum=1)
    max_removed_share: float = param(
        0.10, "The retention guard: a cleaning rule may remove at most this share of a document's characters "
        "(a rule may state its own bound in config/cleaning.yaml; a document's allow_cleaning cell lifts it).",
        minimum=0.0, maximum=1.0)
    max_removed_line_words: int = param(
        40, "The retention guard: a rule that removes lines by their position (a header block, a footer, a "
        "repeated title) may not remove a line of this many words or more.", minimum=1)


@dataclass(frozen=True)
class TextstatsParams:
    mwes: list[str] = param(
        ["women, peace and security", "mutual aid", "gotong royong", "confidence-building measures"],
        "Multiword expressions counted as one term (joined with '_').")
    stopwords_file: str = param("config/stopwords.txt", "Stopword list, relative to the project root.")
    stopwords_for: list[str] = param(list(STOPWORD_USES), "Statistics that leave stopwords out.",
                                     choices=STOPWORD_USES)
    stem: bool = param(False, "Snowball-stem single-word terms (English).")
    mattr_window: int = param(50, "Window, in terms, of the moving-average type-token ratio.", minimum=2)
    ngram_sizes: list[int] = param([1, 2, 3], "n-gram lengths for the top n-gram table.", choices=(1, 2, 3, 4, 5))
    ngram_top_n: int = param(20, "How many top n-grams to keep per document (and for the corpus) and length.",
                             minimum=1)
    ngram_min_count: int = param(2, "An n-gram must occur at least this often to be listed.", minimum=1)
    keyness_min_count: int = param(1, "Keyness only for terms occurring at least this often in the corpus.",
                                   minimum=1)
    keyness_min_expected: float = param(
        1.0, "A term absent from a target is listed (as a negative keyword) only if at least this many "
        "occurrences were expected there at the corpus rate; 0 lists every term for every target (a table of "
        "documents x vocabulary, large for big corpora).", minimum=0.0)
    collocation_window: int = param(2, "Window of the bigram finder: 2 = adjacent words only.", minimum=2, maximum=10)
    collocation_min_freq: int = param(2, "A pair must co-occur at least this often to be scored.", minimum=1)
    kwic_terms: list[str] = param(list(DEFAULT_TERMS), "Words and phrases to show in context (case ignored).")
    kwic_window: int = param(5, "Words of context shown on each side of a keyword.", minimum=1, maximum=50)
    dispersion_terms: list[str] = param(list(DEFAULT_TERMS),
                                        "Words and phrases whose positions the dispersion plot shows.")
    dictionaries: list[str] = param(
        ["config/dictionaries/unscr1325_pillars.yaml", "config/dictionaries/security_framings.yaml"],
        "Dictionary files (YAML), relative to the project root.")
    figure_top_n: int = param(15, "Terms per document in the top-terms figure.", minimum=1, maximum=50)
    figure_keyness_n: int = param(10, "Positive and negative keywords per document in the keyness figure.",
                                  minimum=1, maximum=30)
    figure_max_docs: int = param(12, "At most this many documents in a multi-panel figure (the first by doc_id); "
                                 "past it the per-document figures show the groups (groups.by) instead, and the "
                                 "network stage's heatmap aggregates to groups.", minimum=1)
    keyness_bootstrap: int = param(
        0, "Grouped keyness: replicates of a bootstrap over documents giving a confidence interval for Log Ratio "
        "(0 = none).", minimum=0, maximum=10000)
    keyness_bootstrap_ci: float = param(0.95, "Grouped keyness: confidence level of the bootstrap interval.",
                                        minimum=0.5, maximum=0.999)
    keyness_bootstrap_top_n: int = param(
        20, "Grouped keyness: the bootstrap interval is computed for this many of the strongest positive and of "
        "the strongest negative keywords of each comparison.", minimum=1)
    keyness_bootstrap_seed: int = param(42, "Seed of the keyness bootstrap.", minimum=0)
    reference_wordlist: str = param(
        "large", "Keyness against general English: wordfreq's word list (shipped with the package, nothing "
        "downloaded); none = no reference keyness.", choices=("large", "small", "best", "none"))
    reference_min_count: int = param(
        2, "Keyness against general English: list a term only if it occurs at least this often in the target.",
        minimum=1)
    trend_terms: list[str] = param(list(DEFAULT_TERMS), "Trends: words and phrases whose rate per 1,000 words is "
                                   "given for each period (groups.time_by); a phrase must be a multiword expression.")
    trend_categories: list[str] = param(
        [], "Trends: dictionary categories (dictionary:category) whose rate is given for each period; empty = all.")


#: Link kinds along which the network may fold discovered entities (network.fold_discovered).
FOLD_KINDS = ("part_of", "instance_of", "located_in")


@dataclass(frozen=True)
class ActorsParams:
    gazetteer: str = param("config/gazetteer.yaml",
                           "The gazetteer of actors and instruments (YAML), relative to the project root; the "
                           "network stage reads the same file.")
    candidate_min_count: int = param(1, "List an unknown name or acronym only if it occurs at least this often.",
                                     minimum=1)
    candidate_acronym_max_letters: int = param(
        5, "An upper-case word longer than this is taken as shouting (RECOGNISING), not an acronym, unless it is "
        "defined in brackets somewhere, as in (SEANWFZ).", minimum=2, maximum=12)
    candidate_skip_headings: bool = param(True, "Leave headings (title-case lines) out of the unknown-name search.")
    context_chars: int = param(60, "Characters of context on each side of a candidate's example.",
                               minimum=10, maximum=300)
    recogniser: str = param(
        "config/recogniser.yaml", "Word lists of the recogniser, which finds the actors, instruments, events and "
        "persons the gazetteer lacks (relative to the project root); empty = gazetteer names only.")
    roles: bool = param(True, "A gazetteer mention of an office (\"Chair of ASEAN\", \"UN Secretary-General\") "
                        "counts as a mention of the organisation inside it: titles are not names.")
    generic: bool = param(True, "Drop a gazetteer mention written as a lower-case description (\"women's groups\"), "
                          "except state groups and militaries (\"dialogue partners\", \"the Myanmar military\").")


@dataclass(frozen=True)
class NetworkParams:
    unit: str = param("segment", "Two actors are co-mentioned when they appear in the same segment, paragraph or "
                      "document.", choices=NETWORK_UNITS)
    seed: int = param(42, "Seed of the Louvain communities and of the figure layouts.", minimum=0)
    resolution: float = param(1.0, "Louvain resolution: above 1 gives more, smaller communities.",
                              minimum=0.01, maximum=10.0)
    ego_actor: str = param("asean", "Id of the actor whose ego network is drawn (actors.csv: a gazetteer or a "
                           "discovered id).")
    fold_discovered: list[str] = param(
        [], "Fold a discovered entity into the entity it is linked to by these kinds: part_of (a body into its "
        "organisation), instance_of (one meeting into its series), located_in (a body of a state into the state). "
        "Followed until a gazetteer entry; empty keeps every body apart.", choices=FOLD_KINDS)
    figure_max_actors: int = param(
        60, "The network figures draw at most this many actors, those of highest weighted degree (the tables and "
        "exports keep every actor); the figure's note says how many were left out.", minimum=5, maximum=500)
    label_top_n: int = param(15, "Label this many actors (by weighted degree) in the co-mention figure.",
                             minimum=0, maximum=100)
    heatmap_top_n: int = param(25, "Actors (by mentions) in the document x actor heatmap.", minimum=1, maximum=100)
    ranking_top_n: int = param(15, "Actors per measure in the centrality ranking chart.", minimum=1, maximum=60)
    document_top_k: int = param(
        10, "In the document projection, keep for each document only the edges to its k most similar documents "
        "(by Jaccard); 0 keeps every pair. Bounds the table at scale: a widely named actor such as ASEAN would "
        "otherwise join every pair of documents.", minimum=0)
    backbone: str = param(
        "top_k", "The co-mention figures draw the network's backbone: top_k (each actor's k heaviest edges), "
        "disparity (the disparity filter of Serrano et al. 2009) or none (every edge).",
        choices=("top_k", "disparity", "none"))
    backbone_alpha: float = param(0.05, "Significance level of the disparity filter (backbone: disparity).",
                                  minimum=0.0001, maximum=1.0)
    backbone_k: int = param(3, "Edges kept per actor by the top_k backbone.", minimum=1, maximum=50)
    trend_actors: list[str] = param([], "Trends: actors (gazetteer ids) whose mentions per 1,000 words are given for "
                                    "each period (groups.time_by); empty = the trend_top_n most mentioned.")
    trend_top_n: int = param(8, "Trends: actors drawn when trend_actors is empty.", minimum=1, maximum=20)
    period_label_top_n: int = param(6, "Actors labelled in each panel of the period networks figure.",
                                    minimum=0, maximum=30)


TIME_GROUPINGS = ("year", "decade", "period")


@dataclass(frozen=True)
class GroupsParams:
    by: str = param(
        "genre", "How documents are grouped for the grouped comparisons (keyness of each group against the rest "
        "and between pairs): a column of data/raw/manifest.csv (genre, publisher, or your own such as track or "
        "chair), or year, decade or period (from date); empty = no grouped comparisons.")
    periods: dict = param(
        {}, "Named periods, name: range, for grouping by period: '2017-2021' (whole years), '2022' or an ISO "
        "8601 interval such as '2022-11/2025'. A document belongs to the period that holds its whole date "
        "(a date known only to the year may fall in none).")
    time_by: str = param("year", "The periods of the trends and of the period networks: year, decade or period "
                         "(the named periods).", choices=TIME_GROUPINGS)
    rest: bool = param(True, "Compare each group with all the other groups pooled.")
    pairs: list[str] = param(
        [], "Pairs of groups compared with each other: 'target vs reference', or previous (each group against "
        "the one before it).")

    @staticmethod
    def problems(values: dict) -> list[str]:
        """What is wrong across the keys (the periods, the pairs' spelling); every problem at once."""
        from .groups import DATE_GROUPINGS, parse_periods

        out = []
        if values["periods"]:
            try:
                parse_periods(values["periods"], source="params.yaml: groups.periods")
            except PipelineError as exc:
                out.append(f"{exc} Fix groups.periods.")
        for key in ("by", "time_by"):
            if values[key] == "period" and not values["periods"]:
                out.append(f"params.yaml: groups.{key} is period but groups.periods names none. Fix: add named "
                           "periods, e.g. periods: {2017-2021: 2017-2021, 2022-2025: 2022-2025}, or group by year "
                           "or decade.")
        for item in values["pairs"]:
            if item.strip() != "previous" and " vs " not in item:
                out.append(f"params.yaml: groups.pairs has {item!r}, which is not a pair. Fix: write "
                           "'target vs reference' (two groups' names) or previous.")
        if values["pairs"] and not values["by"]:
            out.append("params.yaml: groups.pairs is given but groups.by is empty. Fix: name a grouping "
                       f"(a manifest column or one of {', '.join(DATE_GROUPINGS)}) or remove the pairs.")
        return out


REUSE_KINDS = ("clause", "sentence", "item", "heading")


@dataclass(frozen=True)
class StatementsParams:
    kinds: list[str] = param(
        ["clause", "sentence", "item"], "Segment kinds compared for reuse: statement clauses, prose sentences, list "
        "items (headings are left out by default).", choices=REUSE_KINDS)
    verbatim_threshold: float = param(
        1.0, "A unit whose similarity with its closest earlier antecedent (2 x words kept in order / words of both) "
        "is at least this is `verbatim` (1.0: the same words in the same order; case and edge punctuation ignored).",
        minimum=0.0, maximum=1.0)
    edited_threshold: float = param(
        0.6, "At least this (and below verbatim_threshold) is `edited`; lower is `new`. 0.6 keeps about 60 % of the "
        "words in order: a 30-word clause with up to about 12 words replaced.", minimum=0.0, maximum=1.0)
    shingle_words: int = param(
        2, "Words per shingle of the MinHash signatures that propose candidate antecedents: 2 keeps a clause with "
        "one word in three changed findable; 3 proposes fewer candidates.", minimum=1, maximum=10)
    num_perm: int = param(128, "MinHash permutations (more: a finer similarity estimate, slower).",
                          minimum=2, maximum=1024)
    lsh_threshold: float = param(
        0.3, "Shingle Jaccard similarity around which the LSH index proposes a candidate: lower finds more heavily "
        "rewritten clauses and scores more unrelated candidates (the search grows faster than the corpus).",
        minimum=0.01, maximum=0.99)
    seed: int = param(1, "Seed of the MinHash permutations.", minimum=0)
    scale: str = param("config/commitment.yaml",
                       "The commitment scale (levels, verbs, modals, negation, issuer cues), relative to the project "
                       "root.")
    lineage_clause: str = param(
        "", "The unit whose lineage is drawn, as doc_id:seg_id (e.g. admm_plus_joint_statement_2025:23); empty: "
        "the unit with the longest chain of antecedents (ties: more edits, a clause, the latest).")
    figure_max_docs: int = param(40, "At most this many documents (the latest) in the reuse and commitment figures.",
                                 minimum=1, maximum=500)
    figure_lineage_steps: int = param(
        10, "At most this many steps of the lineage figure (the first appearance and the latest ones).",
        minimum=2, maximum=50)
    figure_max_concepts: int = param(
        30, "At most this many concepts (by clauses) in the actor x concept network figure.", minimum=1, maximum=200)
    table_top_n: int = param(20, "Rows of the actor x concept table for papers (strongest edges by clauses).",
                             minimum=1)


@dataclass(frozen=True)
class FigureParams:
    formats: list[str] = param(list(FIGURE_FORMATS), "File formats written for every figure.", choices=FIGURE_FORMATS)
    dpi: int = param(300, "Resolution of PNG files (dots per inch); PDF and SVG are vector.", minimum=72, maximum=1200)
    width_in: float = param(7.48, "Width in inches of every figure: 7.48 spans two journal columns (190 mm), "
                            "3.54 one column (90 mm); titles wrap to fit.", minimum=2.0, maximum=12.0)


#: Every section of params.yaml, in file order.
SECTIONS: dict[str, type] = {
    "corpus": CorpusParams,
    "textstats": TextstatsParams,
    "actors": ActorsParams,
    "network": NetworkParams,
    "statements": StatementsParams,
    "groups": GroupsParams,
    "figure": FigureParams,
}


def specs(section: str) -> dict[str, Spec]:
    """The keys of a section with their types, defaults and bounds."""
    cls = SECTIONS[section]
    hints = typing.get_type_hints(cls)
    out = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        origin = typing.get_origin(hint)
        kind, item = (list, typing.get_args(hint)[0]) if origin is list else (dict, None) if origin is dict else (hint, None)
        default = f.default_factory() if f.default is dataclasses.MISSING else f.default
        out[f.name] = Spec(f.name, kind, item, default, **f.metadata)
    return out


@dataclass(frozen=True)
class Params:
    """All of params.yaml, validated: ``p.textstats.mattr_window``."""

    corpus: CorpusParams = field(default_factory=CorpusParams)
    textstats: TextstatsParams = field(default_factory=TextstatsParams)
    actors: ActorsParams = field(default_factory=ActorsParams)
    network: NetworkParams = field(default_factory=NetworkParams)
    statements: StatementsParams = field(default_factory=StatementsParams)
    groups: GroupsParams = field(default_factory=GroupsParams)
    figure: FigureParams = field(default_factory=FigureParams)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {name: dataclasses.asdict(getattr(self, name)) for name in SECTIONS}



def select(p: Params, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The values of ``keys`` ("section.key"), nested as ``{section: {key: value}}``.

    >>> select(Params(), ["corpus.heading_max_words", "figure.dpi"])
    {'corpus': {'heading_max_words': 15}, 'figure': {'dpi': 300}}
    """
    full = p.as_dict()
    out: dict[str, dict[str, Any]] = {}
    for name in keys:
        section, key = name.split(".", 1)
        out.setdefault(section, {})[key] = full[section][key]
    return out


def defaults() -> dict[str, dict[str, Any]]:
    """Every section's defaults, as ``params.yaml`` would hold them."""
    return Params().as_dict()


def _nearest(key: str, section: str) -> str:
    """The valid name closest to a misspelt ``key``: in its own section, or a close one elsewhere.

    >>> _nearest("mattr_windw", "textstats"), _nearest("dpi", "network")
    ('textstats.mattr_window', 'figure.dpi')
    """
    own = list(specs(section))
    close = difflib.get_close_matches(key, own, n=1, cutoff=0.5)
    if close:
        return f"{section}.{close[0]}"
    elsewhere = {k: f"{s}.{k}" for s in SECTIONS if s != section for k in specs(s)}
    close = difflib.get_close_matches(key, list(elsewhere), n=1, cutoff=0.6)
    if close:
        return elsewhere[close[0]]
    return f"{section}.{difflib.get_close_matches(key, own, n=1, cutoff=0.0)[0]}"


def problems(raw: Any, complete: bool = True) -> list[str]:
    """Every problem of a parsed ``params.yaml`` (or, with ``complete=False``, a partial one)."""
    if not isinstance(raw, dict):
        return ["params.yaml must be a mapping of stage names to their parameters."]
    out = []
    for name in raw:
        if name not in SECTIONS:
            near = difflib.get_close_matches(str(name), list(SECTIONS), n=1, cutoff=0.0)
            out.append(f"params.yaml: unknown section {name!r} (nearest valid name: {near[0]}); sections are: "
                       f"{', '.join(SECTIONS)}. Remove it or correct its name.")
    for name in SECTIONS:
        section = raw.get(name)
        if section is None:
            if complete:
                out.append(f"params.yaml: section {name!r} is missing; restore it (see README).")
            continue
        if not isinstance(section, dict):
            out.append(f"params.yaml: {name} must be a mapping of parameter names to values.")
            continue
        schema = specs(name)
        for key in sorted(section, key=str):
            if key not in schema:
                out.append(f"params.yaml: unknown parameter {name}.{key} (nearest valid name: {_nearest(str(key), name)}); "
                           f"{name} takes: {', '.join(sorted(schema))}. Remove it or correct its name.")
        for key, spec in schema.items():
            if key not in section:
                if complete:
                    out.append(f"params.yaml: {name}.{key} is missing; add it (default: {spec.default!r}).")
                continue
            problem = spec.problem(f"{name}.{key}", section[key])
            if problem:
                out.append(problem)
        check = getattr(SECTIONS[name], "problems", None)  # checks across a section's keys
        if check is not None and not any(f"params.yaml: {name}." in o for o in out):
            known = {k: _coerce(schema[k], section[k]) for k in schema if k in section}
            out += check({**{k: s.default for k, s in schema.items()}, **known})
    return out


def _raise(found: list[str]) -> None:
    if len(found) == 1:
        raise PipelineError(found[0])
    raise PipelineError(f"params.yaml has {len(found)} problems:\n" + "\n".join(f"  - {p}" for p in found))


def _build(raw: Mapping[str, Any]) -> Params:
    sections = {}
    for name, cls in SECTIONS.items():
        given = raw.get(name) or {}
        schema = specs(name)
        sections[name] = cls(**{k: _coerce(schema[k], v) for k, v in given.items()})
    return Params(**sections)


def validate(raw: Any) -> Params:
    """Check a parsed ``params.yaml`` (every key of every section must be there); return it typed."""
    found = problems(raw)
    if found:
        _raise(found)
    return _build(raw)


def resolve(given: Params | Mapping[str, Any] | None = None, path: Path | str | None = None) -> Params:
    """The parameters a stage driver runs with.

    ``given`` may be a :class:`Params`, or a mapping of sections in which any
    key may be left out (it takes its default); ``None`` reads ``path`` (the
    project's ``params.yaml``), so that a notebook run by hand uses what
    ``dvc repro`` uses.
    """
    if isinstance(given, Params):
        return given
    if given is None:
        if path is None:
            raise ValueError("resolve() needs the parameters or the path of params.yaml")
        return load(path)
    found = problems(dict(given), complete=False)
    if found:
        _raise(found)
    return _build(given)


def section(name: str, given: Any = None) -> Any:
    """One section, typed: ``given`` as it is if already typed, else a mapping of some keys over the defaults."""
    if isinstance(given, SECTIONS[name]):
        return given
    return getattr(resolve({name: dict(given or {})}), name)


def load(path: Path | str) -> Params:
    """Read and validate ``params.yaml``; every problem is reported at once."""
    raw = read_yaml(path, "params.yaml", "not found. Fix: run from the project folder, or restore it from git.")
    return validate(raw)


#: The check stage's output: the same bytes whenever params.yaml is valid, so DVC
#: reruns no stage because of it; every stage depends on it, so it runs first.
CHECK_OUTPUT = "data/processed/params_checked.txt"
CHECK_TEXT = "params.yaml is valid (checked by `python -m pipeline.params`).\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m pipeline.params [PARAMS.yaml]``: the pipeline's first stage."""
    from .config import paths as project_paths

    args = sys.argv[1:] if argv is None else argv
    P = project_paths()
    target = P.root / CHECK_OUTPUT
    try:
        load(Path(args[0]) if args else P.params)
    except PipelineError as exc:
        target.unlink(missing_ok=True)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    atomic_write_text(target, CHECK_TEXT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
