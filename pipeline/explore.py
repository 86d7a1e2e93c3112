"""Interactive explorers for students in JupyterLab (``notebooks/05_explore.ipynb``): the widgets.

Three explorers, each a function returning an ipywidgets widget:

- :func:`concordance_explorer`: type a word or phrase, read every occurrence
  in context (keyword in context, KWIC), with its document, segment and
  clause type;
- :func:`actor_explorer`: pick an actor, see its ego network, its mentions
  per document and the sentences or clauses that name it;
- :func:`dispersion_explorer`: pick a term, see where it falls in each
  document (a lexical dispersion plot).

What they show comes from :mod:`pipeline.outputs`, which reads what the
pipeline wrote and answers the queries (concordance, actor counts and
passages, ego neighbours, dispersion) as pure functions tested without
widgets. Nothing here writes a file.

Where no widget can run (papermill, nbconvert's HTML, GitHub's viewer), an
explorer displays its current result (the default) as plain HTML instead:
see :class:`Explorer`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
from typing import Callable, Sequence

import pandas as pd

from . import netfigures
from .errors import PipelineError
from .figures import style
from .outputs import (ALL_DOCUMENTS, ExploreData, actor_choices, actor_counts, actor_passages, concordance,
                      concordance_summary, dispersion, dispersion_summary, ego_neighbours, plotted_documents,
                      term_choices)
from .textfigures import dispersion_figure
from .tokens import phrase_words

UNIT_WORDS = {"segment": "sentence or clause", "paragraph": "paragraph", "document": "document"}


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
    if data.actors is None or data.mentions is None or data.network is None:
        raise PipelineError("The actor explorer needs actors.csv and actor_mentions.csv: run `make` first.")
    w = _widgets()
    options = actor_choices(data.actors)
    ids = [i for _, i in options]
    if actor not in ids:
        raise PipelineError(f"actor {actor!r} is not in data/processed/actors.csv; choose an actor_id from it, "
                            f"e.g. {', '.join(ids[:5])}.")
    width_in = width_in or data.params.figure.width_in
    pick = w.Dropdown(options=options, value=actor, description="Actor", layout=w.Layout(width="32em"))

    unit = data.network.params.unit

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
    w = _widgets()
    width_in = width_in or data.params.figure.width_in
    if suggestions is None:
        first = data.params.textstats.dispersion_terms
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


