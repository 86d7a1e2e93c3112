"""Interactive explorers for students in JupyterLab (``notebooks/05_explore.ipynb``).

Three explorers, each a function returning an ipywidgets widget:

- :func:`concordance_explorer`: type a word or phrase, read every occurrence
  in context (keyword in context, KWIC), with its document, segment and
  clause type;
- :func:`actor_explorer`: pick an actor, see its ego network, its mentions
  per document and the sentences or clauses that name it;
- :func:`dispersion_explorer`: pick a term, see where it falls in each
  document (a lexical dispersion plot).

The logic is in pure functions (:func:`concordance`, :func:`actor_counts`,
:func:`actor_passages`, :func:`ego_neighbours`, :func:`dispersion`,
:func:`dispersion_summary`) that take plain tables and are tested without
widgets. Nothing here writes a file: the explorers read what the pipeline
wrote to ``data/processed/`` (:func:`load`).

Where no widget can run (papermill, nbconvert's HTML, GitHub's viewer), an
explorer displays its current result (the default) as plain HTML instead:
see :class:`Explorer`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import pandas as pd

from .config import Paths, paths as project_paths
from .errors import PipelineError
from .textstats import Doc, build_docs, dispersion_table, kwic_table
from .tokens import TermMaker, phrase_words, words

CONCORDANCE_COLUMNS = ["doc_id", "seg_id", "kind", "clause_type", "left", "keyword", "right"]
ALL_DOCUMENTS = "(all documents)"
UNIT_WORDS = {"segment": "sentence or clause", "paragraph": "paragraph", "document": "document"}


# ---------------------------------------------------------------- data


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
    params: dict[str, dict] = field(default_factory=dict)
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
    """Read the pipeline's outputs (run ``make`` first) and rebuild the co-mention network.

    A missing output stops with one message naming the file and the command
    that builds it.
    """
    from . import corpus, network
    from .actors import ACTOR_MENTIONS
    from .gazetteer import load_gazetteer
    from .params import load as load_params
    from .tables import read_table
    from .textstats import TERM_FREQUENCIES
    from .tokens import load_stopwords

    P = paths or project_paths()
    params = load_params(P.params)
    documents = corpus.load_documents(P)
    segments = corpus.load_segments(P)
    texts = corpus.load_clean_texts(P)
    mentions = read_table(ACTOR_MENTIONS, P.processed)
    actors = read_table(network.ACTORS, P.processed)
    tf = read_table(TERM_FREQUENCIES, P.processed)
    net_params = params.get("network", {})
    gaz_file = net_params.get("gazetteer", network.PARAMS["gazetteer"].default)
    gazetteer = load_gazetteer(P.root / gaz_file)
    results = network.compute(mentions, segments, gazetteer, net_params, documents)
    stop_file = params.get("textstats", {}).get("stopwords_file")
    stopwords = load_stopwords(P.root / stop_file) if stop_file else frozenset()
    return ExploreData.from_tables(texts, segments, documents, term_frequencies=tf, mentions=mentions,
                                   actors=actors, network=results, params=params, stopwords=stopwords)


# ---------------------------------------------------------------- concordance


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


# ---------------------------------------------------------------- actors


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


# ---------------------------------------------------------------- dispersion


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
    >>> d.params = {"textstats": {"figure_max_docs": 2}}
    >>> plotted_documents(d, dispersion(d, ["peace"]))
    ['a', 'b']
    """
    limit = data.params.get("textstats", {}).get("figure_max_docs", 12)
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


# ---------------------------------------------------------------- display


def _figure_html(fig, dpi: int = 100) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    b64 = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="figure" src="data:image/png;base64,{b64}"/>'


def _html(item) -> str:
    if isinstance(item, str):
        return f"<p>{html.escape(item)}</p>"
    if isinstance(item, (pd.DataFrame, pd.io.formats.style.Styler)):
        return item.to_html()
    if hasattr(item, "savefig"):
        return _figure_html(item)
    return f"<pre>{html.escape(repr(item))}</pre>"


def _text(item) -> str:
    if isinstance(item, pd.DataFrame):
        return item.to_string(max_rows=20, max_colwidth=60)
    if isinstance(item, pd.io.formats.style.Styler):
        return item.data.to_string(max_rows=20, max_colwidth=60)
    if hasattr(item, "savefig"):
        return "<figure>"
    return str(item)


def _show(item) -> None:
    from IPython.display import HTML, display

    if isinstance(item, str):
        display(HTML(f"<b>{html.escape(item)}</b>"))
    else:
        display(item)


def _styler(df: pd.DataFrame):
    """``df.style`` with an id derived from the data: pandas would pick a random one,
    and the rendered notebook (and HTML report) would change from run to run."""
    digest = hashlib.sha1(df.to_csv(index=False).encode("utf-8")).hexdigest()[:10]
    return df.style.set_uuid(f"t{digest}").hide(axis="index")


def table(df: pd.DataFrame, left: Sequence[str] = ()):
    """A table for display: no index, the ``left`` columns (long texts) aligned left."""
    st = _styler(df)
    cols = [c for c in left if c in df.columns]
    return st.set_properties(subset=cols, **{"text-align": "left"}) if cols else st


def kwic_styler(lines: pd.DataFrame, max_rows: int = 200):
    """A concordance as a table that reads like one: left context right-aligned, keyword in bold."""
    view = lines.head(max_rows)
    return (_styler(view)
            .set_properties(subset=["left"], **{"text-align": "right"})
            .set_properties(subset=["keyword"], **{"font-weight": "bold", "text-align": "center", "white-space": "nowrap"})
            .set_properties(subset=["right", "doc_id", "kind", "clause_type"], **{"text-align": "left"}))


def _widgets():
    import ipywidgets

    return ipywidgets


def _explorer_class():
    w = _widgets()

    class Explorer(w.VBox):
        """Controls above an output area.

        In JupyterLab it is a live widget: changing a control redraws the
        output. Elsewhere (papermill, nbconvert's HTML, GitHub), frontends
        that cannot run widgets show the ``text/html`` this object also
        offers: the result for its values when it was displayed.
        """

        def __init__(self, controls: list, render: Callable[[], list], title: str = ""):
            self.output = w.Output()
            children = ([w.HTML(f"<b>{html.escape(title)}</b>")] if title else []) + [w.HBox(controls), self.output]
            super().__init__(children)
            self._render = render
            self.items: list = []
            for c in controls:
                if hasattr(c, "value"):
                    c.observe(self.refresh, names="value")
            self.refresh()

        def refresh(self, *_):
            """Recompute and redraw the result for the controls' current values."""
            import matplotlib.pyplot as plt

            for item in self.items:
                if hasattr(item, "savefig"):
                    plt.close(item)
            try:
                self.items = self._render()
            except PipelineError as exc:
                self.items = [str(exc)]
            self.output.clear_output(wait=True)
            with self.output:
                for item in self.items:
                    _show(item)

        def _repr_mimebundle_(self, **kwargs):
            data = super()._repr_mimebundle_(**kwargs)
            if isinstance(data, tuple):
                data = data[0]
            data = dict(data)
            data["text/html"] = "\n".join(_html(x) for x in self.items)
            data["text/plain"] = "\n\n".join(_text(x) for x in self.items)
            return data

    return Explorer


def concordance_explorer(data: ExploreData, query: str = "women", window: int = 5, max_rows: int = 200):
    """A search box over the corpus: type a word or phrase, press Enter, read every occurrence in context."""
    w = _widgets()
    box = w.Text(value=query, description="Word or phrase", placeholder="e.g. mutual aid", continuous_update=False,
                 style={"description_width": "initial"}, layout=w.Layout(width="22em"))
    win = w.IntSlider(value=window, min=1, max=20, description="Window (tokens)", continuous_update=False,
                      style={"description_width": "initial"})
    doc = w.Dropdown(options=[ALL_DOCUMENTS, *data.doc_ids], value=ALL_DOCUMENTS, description="Document")

    def render():
        lines = concordance(data, box.value, win.value, doc.value)
        items = [concordance_summary(lines, box.value) + (f" The first {max_rows} are shown." if len(lines) > max_rows else "")]
        if len(lines):
            items.append(kwic_styler(lines, max_rows))
        return items

    return _explorer_class()([box, win, doc], render, title="Concordance (keyword in context)")


def actor_explorer(data: ExploreData, actor: str = "asean", width_in: float | None = None, max_passages: int = 50):
    """Pick an actor: its ego network, its mentions per document, and the sentences and clauses naming it."""
    from . import netfigures

    if data.actors is None or data.mentions is None or data.network is None:
        raise PipelineError("The actor explorer needs actors.csv and actor_mentions.csv: run `make` first.")
    w = _widgets()
    options = actor_choices(data.actors)
    ids = [i for _, i in options]
    if actor not in ids:
        raise PipelineError(f"actor {actor!r} is not in data/processed/actors.csv; choose an actor_id from it, "
                            f"e.g. {', '.join(ids[:5])}.")
    width_in = width_in or data.params.get("figure", {}).get("width_in", 7.48)
    pick = w.Dropdown(options=options, value=actor, description="Actor", layout=w.Layout(width="32em"))

    unit = data.network.params["unit"]

    def render():
        a = pick.value
        name = data.actors.set_index("actor_id").at[a, "name"]
        fig = netfigures.ego_figure(data.network, a, width_in=width_in)
        passages = actor_passages(data.mentions, data.segments, a)
        return [
            f"{name}: its ego network (the actors named in the same {UNIT_WORDS.get(unit, unit)})",
            fig,
            "Actors named with it (weight = sentences or clauses shared)",
            table(ego_neighbours(data.network.comention, a, data.actors), ["actor_id", "name", "type"]),
            "Mentions per document",
            table(actor_counts(data.mentions, a, data.doc_ids), ["doc_id"]),
            f"Sentences and clauses naming it ({len(passages)}"
            + (f", first {max_passages} shown)" if len(passages) > max_passages else ")"),
            table(passages.head(max_passages), ["doc_id", "kind", "clause_type", "surfaces", "text"]),
        ]

    return _explorer_class()([pick], render, title="Actor explorer")


def dispersion_explorer(data: ExploreData, term: str = "women", width_in: float | None = None,
                        suggestions: Sequence[str] | None = None):
    """Pick or type a term: where it falls in each document, and how spread out it is."""
    from .figures import style
    from .textfigures import dispersion_figure

    w = _widgets()
    width_in = width_in or data.params.get("figure", {}).get("width_in", 7.48)
    if suggestions is None:
        first = data.params.get("textstats", {}).get("dispersion_terms", [term])
        suggestions = term_choices(data.term_frequencies, data.stopwords, first=first)
    pick = w.Combobox(value=term, options=list(dict.fromkeys([term, *suggestions])), description="Term",
                      placeholder="type a word or phrase", ensure_option=False, continuous_update=False,
                      layout=w.Layout(width="22em"))

    def render():
        t = pick.value.strip()
        if not phrase_words(t):
            return ["Type a word or phrase."]
        pos = dispersion(data, [t])
        with style():
            fig = dispersion_figure(pos, plotted_documents(data, pos), [t], width_in=width_in)
        return [fig, table(dispersion_summary(data, pos, t), ["doc_id"])]

    return _explorer_class()([pick], render, title="Dispersion: where a term occurs")


# ---------------------------------------------------------------- the overview notebook


def load_textstats(paths: Paths | None = None):
    """The textstats stage's tables, read back from ``data/processed/`` as a :class:`pipeline.textstats.Results`.

    :func:`pipeline.textfigures.draw` can then redraw any of the stage's
    figures, with the parameters in ``params.yaml``.
    """
    from . import corpus, textstats
    from .params import load as load_params
    from .tables import read_table
    from .tokens import load_stopwords

    P = paths or project_paths()
    p = {k: spec.default for k, spec in textstats.PARAMS.items()}
    p.update(load_params(P.params).get("textstats", {}))
    tables = {t.file[:-4]: read_table(t, P.processed) for t in textstats.TABLES}
    documents = corpus.load_documents(P)
    tf = tables["term_frequencies"]
    if "top_terms" in p["stopwords_for"]:
        stop = load_stopwords(P.root / p["stopwords_file"])
        tf = tf[~tf["term"].isin(stop)].reset_index(drop=True)
    return textstats.Results(tables, dict(zip(documents["doc_id"], documents["title"])), tf, p)


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
