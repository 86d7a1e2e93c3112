"""The pipeline's outputs read back for the reader notebooks, and the queries the explorers answer.

:func:`load` reads what the stages wrote (it never recomputes a stage);
the query functions (:func:`concordance`, :func:`actor_counts`,
:func:`actor_passages`, :func:`ego_neighbours`, :func:`dispersion`,
:func:`dispersion_summary`, :func:`top_keywords`) are pure and take plain
tables, so they are tested without widgets. :mod:`pipeline.explore` draws
the widgets around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import pandas as pd

from . import corpus, network, textstats
from .concordance import dispersion_table, kwic_table
from .config import Paths, paths as project_paths
from .params import Params, load as load_params
from .schema import ACTOR_MENTIONS, TERM_FREQUENCIES
from .tables import read_table
from .tokens import TermMaker, load_stopwords, phrase_words, words
from .units import Doc, build_docs


CONCORDANCE_COLUMNS = ["doc_id", "seg_id", "kind", "clause_type", "left", "keyword", "right"]
ALL_DOCUMENTS = "(all documents)"


@dataclass
class ExploreData:
    """What the explorers read: the corpus, and the actors stage's and network stage's results.

    ``network`` is a :class:`pipeline.network.Results` (needed for ego
    networks); ``mentions``, ``actors`` and ``network`` may be ``None`` when
    only the text explorers are used.
    """

    docs: list[Doc]
    segments: pd.DataFrame
    documents: pd.DataFrame
    term_frequencies: pd.DataFrame | None = None
    mentions: pd.DataFrame | None = None
    actors: pd.DataFrame | None = None
    network: Any = None
    params: Params = field(default_factory=Params)
    stopwords: frozenset[str] = frozenset()

    @property
    def doc_ids(self) -> list[str]:
        return [d.doc_id for d in self.docs]

    @property
    def titles(self) -> dict[str, str]:
        if "title" not in self.documents:
            return {}
        return dict(zip(self.documents["doc_id"], self.documents["title"]))

    @classmethod
    def from_tables(cls, texts: Mapping[str, str], segments: pd.DataFrame, documents: pd.DataFrame | None = None,
                    **kwargs) -> "ExploreData":
        """Build from plain inputs (cleaned texts by doc_id, the segments table, the documents table)."""
        if documents is None:
            documents = pd.DataFrame({"doc_id": sorted(texts)})
        return cls(build_docs(texts, segments, TermMaker()), segments, documents, **kwargs)



def load(paths: Paths | None = None) -> ExploreData:
    """Read the pipeline's outputs (run ``make`` first): the corpus, the mentions and the network.

    Nothing is recomputed: the network is read back from the network stage's
    tables (:func:`pipeline.network.read_results`). A missing output stops
    with one message naming the file and the command that builds it.
    """
    P = paths or project_paths()
    key = _fingerprint(P)
    if _LOADED.get("key") != key:
        p = load_params(P.params)
        documents = corpus.load_documents(P)
        segments = corpus.load_segments(P)
        texts = corpus.load_clean_texts(P)
        net = network.read_results(P, p)
        stopwords = load_stopwords(P.root / p.textstats.stopwords_file)
        _LOADED.update(key=key, data=ExploreData.from_tables(
            texts, segments, documents, term_frequencies=read_table(TERM_FREQUENCIES, P.processed),
            mentions=read_table(ACTOR_MENTIONS, P.processed), actors=net.actors, network=net, params=p,
            stopwords=stopwords))
    return _LOADED["data"]


#: The last :func:`load` of this process, and the fingerprint of what it read: the report runs the
#: reader notebooks one after another in one kernel, and reading and tokenising a large corpus
#: is most of a reader notebook's time. Any change to the outputs or to params.yaml reads anew.
_LOADED: dict = {}


def _fingerprint(P: Paths) -> tuple:
    """Name, size and modification time of every file :func:`load` may read."""
    files = [P.params, *sorted(f for f in P.processed.rglob("*") if f.is_file()), *sorted(P.config.rglob("*.txt"))]
    return (str(P.root),) + tuple((str(f), *((st.st_size, st.st_mtime_ns) if (st := _stat(f)) else ())) for f in files)


def _stat(path):
    try:
        return path.stat()
    except OSError:
        return None


def concordance(data: ExploreData, query: str, window: int = 5, doc_id: str | None = None) -> pd.DataFrame:
    """Keyword-in-context lines of ``query`` (a word or phrase; case and punctuation between words ignored).

    One row per occurrence, in document order: ``doc_id, seg_id, kind,
    clause_type, left, keyword, right``. ``left`` and ``right`` hold
    ``window`` tokens either side; ``keyword`` is the text as written.
    ``doc_id`` limits the search to one document. A query with no word
    gives no rows.

    >>> d = ExploreData.from_tables({"a": "Peace and security. Women build peace."}, None)
    >>> concordance(d, "PEACE", window=1)[["left", "keyword", "right"]].values.tolist()
    [['', 'Peace', 'and'], ['build', 'peace', '']]
    """
    if window < 0:
        raise ValueError("window must be 0 or more tokens")
    if not phrase_words(query or ""):
        return pd.DataFrame(columns=CONCORDANCE_COLUMNS)
    docs = [d for d in data.docs if doc_id in (None, "", ALL_DOCUMENTS, d.doc_id)]
    k = kwic_table(docs, [query], window)
    seg = _segment_info(data.segments)
    k = k.merge(seg, on=["doc_id", "seg_id"], how="left")
    k[["kind", "clause_type"]] = k[["kind", "clause_type"]].fillna("")
    k = k.sort_values(["doc_id", "start"], kind="mergesort")
    return k[CONCORDANCE_COLUMNS].reset_index(drop=True)



def _segment_info(segments: pd.DataFrame | None) -> pd.DataFrame:
    if segments is None or not len(segments):
        return pd.DataFrame({"doc_id": pd.Series(dtype=str), "seg_id": pd.Series(dtype="int64"),
                             "kind": pd.Series(dtype=str), "clause_type": pd.Series(dtype=str)})
    return segments[["doc_id", "seg_id", "kind", "clause_type"]].astype({"seg_id": "int64"})



def concordance_summary(lines: pd.DataFrame, query: str) -> str:
    """One sentence: how many lines, in how many documents.

    >>> concordance_summary(pd.DataFrame({"doc_id": ["a", "a", "b"]}), "peace")
    '“peace”: 3 occurrences in 2 documents.'
    """
    n, k = len(lines), lines["doc_id"].nunique() if len(lines) else 0
    return f"“{query}”: {n} occurrence{'s' * (n != 1)} in {k} document{'s' * (k != 1)}."



def actor_choices(actors: pd.DataFrame) -> list[tuple[str, str]]:
    """Dropdown options ``(label, actor_id)``, most-mentioned first (ties by id).

    >>> actor_choices(pd.DataFrame({"actor_id": ["b", "a"], "name": ["B", "A"], "mentions": [1, 1]}))
    [('A (1 mention)', 'a'), ('B (1 mention)', 'b')]
    """
    a = actors.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="mergesort")
    return [(f"{n} ({m} mention{'s' * (m != 1)})", i) for i, n, m in zip(a["actor_id"], a["name"], a["mentions"])]



def actor_counts(mentions: pd.DataFrame, actor_id: str, doc_ids: Sequence[str]) -> pd.DataFrame:
    """Mentions of ``actor_id`` in each document of ``doc_ids`` (0 where it is not named).

    Columns ``doc_id, mentions, segments`` (segments = sentences or clauses naming it).
    """
    m = mentions[mentions["actor_id"] == actor_id]
    g = m.groupby("doc_id")
    out = pd.DataFrame({"doc_id": list(doc_ids)})
    out["mentions"] = out["doc_id"].map(g.size()).fillna(0).astype("int64")
    out["segments"] = out["doc_id"].map(g["seg_id"].nunique()).fillna(0).astype("int64")
    return out



def actor_passages(mentions: pd.DataFrame, segments: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """The sentences and clauses naming ``actor_id``: one row per segment, in document order.

    Columns ``doc_id, seg_id, kind, clause_type, mentions, surfaces, text``
    (``surfaces``: the names as written there, ``; ``-joined).
    """
    m = mentions[mentions["actor_id"] == actor_id]
    cols = ["doc_id", "seg_id", "kind", "clause_type", "mentions", "surfaces", "text"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    g = m.groupby(["doc_id", "seg_id"], sort=True)
    per = pd.DataFrame({
        "mentions": g.size(),
        "surfaces": g["surface"].agg(lambda s: "; ".join(sorted(set(s)))),
    }).reset_index()
    seg = segments[["doc_id", "seg_id", "kind", "clause_type", "text"]].astype({"seg_id": "int64"})
    out = per.merge(seg, on=["doc_id", "seg_id"], how="left").fillna({"kind": "", "clause_type": "", "text": ""})
    return out[cols].sort_values(["doc_id", "seg_id"], kind="mergesort").reset_index(drop=True)



def ego_neighbours(G, actor_id: str, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The actors co-mentioned with ``actor_id`` in the co-mention graph ``G``, strongest tie first.

    Columns ``actor_id, name, type, weight, documents`` (weight = shared
    units; documents = documents where they share one). Unknown or isolated
    actors give no rows.
    """
    cols = ["actor_id", "name", "type", "weight", "documents"]
    if actor_id not in G:
        return pd.DataFrame(columns=cols)
    info = actors.set_index("actor_id") if actors is not None else None
    rows = []
    for n in G[actor_id]:
        d = G[actor_id][n]
        name = info.at[n, "name"] if info is not None and n in info.index else n
        typ = info.at[n, "type"] if info is not None and n in info.index else ""
        rows.append((n, name, typ, int(d.get("weight", 1)), int(d.get("documents", 0))))
    rows.sort(key=lambda r: (-r[3], -r[4], r[0]))
    return pd.DataFrame(rows, columns=cols)



def dispersion(data: ExploreData, terms: Sequence[str]) -> pd.DataFrame:
    """Positions of each term (word or phrase) in each document: ``doc_id, term, token_index, position, seg_id``.

    ``position`` is the token index divided by the document's number of
    tokens: 0 at the start, near 1 at the end.

    >>> d = ExploreData.from_tables({"a": "peace one two peace"}, None)
    >>> dispersion(d, ["peace"])["position"].tolist()
    [0.0, 0.75]
    """
    terms = [t for t in terms if phrase_words(t)]
    return dispersion_table(data.docs, terms).sort_values(["term", "doc_id", "token_index"], kind="mergesort") \
        .reset_index(drop=True)



def plotted_documents(data: ExploreData, positions: pd.DataFrame) -> list[str]:
    """The documents a dispersion plot has room for (``textstats.figure_max_docs``, 12 by default).

    With more documents than that, those where the term occurs most are drawn, in doc_id order.

    >>> d = ExploreData.from_tables({"a": "peace", "b": "peace peace", "c": "war"}, None)
    >>> from pipeline.params import resolve
    >>> d.params = resolve({"textstats": {"figure_max_docs": 2}})
    >>> plotted_documents(d, dispersion(d, ["peace"]))
    ['a', 'b']
    """
    limit = data.params.textstats.figure_max_docs
    if len(data.doc_ids) <= limit:
        return list(data.doc_ids)
    hits = positions["doc_id"].value_counts()
    ranked = sorted(data.doc_ids, key=lambda d: (-int(hits.get(d, 0)), d))
    return sorted(ranked[:limit])



def dispersion_summary(data: ExploreData, positions: pd.DataFrame, term: str, parts: int = 10) -> pd.DataFrame:
    """Per document: ``doc_id, tokens, count, per_1k, parts_with_term``.

    ``parts_with_term`` cuts the document into ``parts`` equal stretches of
    tokens and counts those holding the term at least once: 10 of 10 means
    spread throughout, 1 of 10 means all in one passage.

    >>> d = ExploreData.from_tables({"a": "peace one two peace"}, None)
    >>> dispersion_summary(d, dispersion(d, ["peace"]), "peace", parts=2).values.tolist()
    [['a', 4, 2, 500.0, 2]]
    """
    rows = []
    sub = positions[positions["term"] == term]
    for d in data.docs:
        n = len(words(d.text))  # the denominator of ``position``
        p = sub.loc[sub["doc_id"] == d.doc_id, "position"]
        count = len(p)
        used = len({min(int(x * parts), parts - 1) for x in p})
        rows.append((d.doc_id, n, count, round(1000.0 * count / n, 3) if n else 0.0, used))
    return pd.DataFrame(rows, columns=["doc_id", "tokens", "count", "per_1k", "parts_with_term"])



def term_choices(term_frequencies: pd.DataFrame | None, stopwords: frozenset[str] = frozenset(),
                 first: Sequence[str] = (), n: int = 40) -> list[str]:
    """Suggestions for the term picker: ``first``, then the corpus's ``n`` most frequent non-stopword terms.

    Multiword terms (``mutual_aid``) are written as phrases (``mutual aid``).

    >>> tf = pd.DataFrame({"term": ["the", "peace", "mutual_aid", "peace"], "count": [9, 2, 3, 2]})
    >>> term_choices(tf, frozenset({"the"}), first=["women"], n=5)
    ['women', 'peace', 'mutual aid']
    """
    out = list(dict.fromkeys(first))
    if term_frequencies is not None and len(term_frequencies):
        totals = term_frequencies.groupby("term")["count"].sum()
        totals = totals[[t not in stopwords and any(c.isalpha() for c in t) for t in totals.index]]
        ranked = sorted(totals.items(), key=lambda x: (-x[1], x[0]))[:n]
        for t, _ in ranked:
            t = t.replace("_", " ")
            if t not in out:
                out.append(t)
    return out



def load_textstats(paths: Paths | None = None) -> textstats.Results:
    """The textstats stage's tables, read back from ``data/processed/`` as a :class:`pipeline.textstats.Results`.

    :func:`pipeline.textfigures.draw` can then redraw any of the stage's
    figures, with the parameters in ``params.yaml``.
    """
    P = paths or project_paths()
    full = load_params(P.params)
    p = full.textstats
    tables = {name: read_table(t, P.processed) for name, t in textstats.TABLES.items()}
    documents = corpus.load_documents(P)
    tf = tables["term_frequencies"]
    if "top_terms" in p.stopwords_for:
        stop = load_stopwords(P.root / p.stopwords_file)
        tf = tf[~tf["term"].isin(stop)].reset_index(drop=True)
    return textstats.Results(tables, dict(zip(documents["doc_id"], documents["title"])), tf, p, full.figure,
                             figure_dir=P.figures / "textstats", groups=full.groups)


def top_keywords(keyness: pd.DataFrame, n: int = 8, negative: bool = False) -> pd.DataFrame:
    """The ``n`` most over-used (or, with ``negative``, under-used) terms of each document against the rest.

    Genre targets (``genre:...``) are left out. Sorted by document, then by
    the size of G2.

    >>> k = pd.DataFrame({"target": ["a", "a", "a", "genre:x"], "term": ["p", "q", "r", "p"],
    ...                   "n_target": [3, 1, 0, 3], "n_reference": [0, 1, 4, 0],
    ...                   "g2": [5.0, 0.5, -4.0, 5.0], "log_ratio": [3.0, 0.2, -3.5, 3.0], "p": [0.02, 0.5, 0.04, 0.02]})
    >>> top_keywords(k, 1)["term"].tolist(), top_keywords(k, 1, negative=True)["term"].tolist()
    (['p'], ['r'])
    """
    k = keyness[~keyness["target"].str.startswith("genre:")]
    k = k[k["g2"] < 0] if negative else k[k["g2"] > 0]
    k = k.assign(_size=k["g2"].abs()).sort_values(["target", "_size", "term"], ascending=[True, False, True],
                                                   kind="mergesort")
    cols = ["target", "term", "n_target", "n_reference", "g2", "log_ratio", "p"]
    return k.groupby("target", sort=True).head(n)[cols].reset_index(drop=True)
