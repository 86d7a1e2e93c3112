"""Trends: how often chosen terms, dictionary categories and actors occur in each period.

Voyant's Trends view, per group of documents (usually a period from
:func:`pipeline.groups.assign_groups`: a year, a decade or a named period).
For an item and a period, the rate is pooled over the period's documents::

    per_1k = 1000 * (occurrences in the period's documents) / (words of the period's documents)

with the counts it comes from beside it (documents and words in the period, the
occurrences, and how many of the period's documents have the item), so a rate
resting on one short document is visible as such. Every item gets a row for
every period, zeros included; a period without documents (a named period the
corpus has nothing for) gets ``n_docs`` 0 and a NaN rate.

*Words* are whatever sizes the caller passes, one per document: the project
passes ``documents.n_tokens`` (the tokens of the cleaned text), the same for
every kind of item, so that the rates of a term, a category and an actor in a
period share one denominator. (``term_frequencies.per_1k`` is per 1,000
*terms* of a document, where a multiword expression counts once; the two agree
when no multiword expression occurs.)
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import PipelineError
from .groups import group_members, group_order
from .tokens import TermMaker, phrase_words

#: Columns of every table this module returns.
TREND_COLUMNS = ["kind", "item", "group", "order", "n_docs", "n_words", "count", "docs_using", "per_1k"]


def trend_table(counts: pd.DataFrame, assignment: pd.DataFrame, words: Mapping[str, int] | pd.Series,
                items: Sequence[str], kind: str, periods=None) -> pd.DataFrame:
    """Rate per 1,000 words of each item in each group.

    Parameters
    ----------
    counts : ``doc_id, item, count``: occurrences of an item in a document (non-zero rows only
        are needed; several rows of one document and item are added up).
    assignment : each document's group (:func:`pipeline.groups.assign_groups`).
    words : each document's size in words, by doc_id (every grouped document, those
        without any item too).
    items : the items, in the order wanted (an item with no occurrence gets zeros).
    kind : what the items are (``term``, ``category``, ``actor``), written in every row.
    periods : the named periods, so that a period holding no document is listed too.

    Returns
    -------
    DataFrame, items in the given order, each with its groups in group order:

    * ``kind``: ``term``, ``category`` or ``actor``;
    * ``item``: the term as written in the parameters, ``dictionary:category``, or the actor id;
    * ``group``: the period (or group);
    * ``order``: the group's place (1 = earliest);
    * ``n_docs``: documents in the group;
    * ``n_words``: their words (the denominator);
    * ``count``: occurrences of the item in them;
    * ``docs_using``: how many of them have the item at least once;
    * ``per_1k``: ``1000 * count / n_words`` (NaN for a group without words).

    Examples
    --------
    Two periods; "aid" occurs 3 + 1 times in the first period's 200 + 300 words and
    never in the second's 400: 1000 * 4 / 500 = 8 per 1,000 words, then 0.

    >>> assignment = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["p1", "p1", "p2"], "order": [1, 1, 2]})
    >>> counts = pd.DataFrame({"doc_id": ["a", "b"], "item": ["aid", "aid"], "count": [3, 1]})
    >>> t = trend_table(counts, assignment, {"a": 200, "b": 300, "c": 400}, ["aid"], "term")
    >>> t[["group", "n_docs", "n_words", "count", "docs_using", "per_1k"]].values.tolist()
    [['p1', 2, 500, 4, 2, 8.0], ['p2', 1, 400, 0, 0, 0.0]]
    """
    words = words.copy() if isinstance(words, pd.Series) else pd.Series(dict(words), dtype="int64")
    words.index = words.index.astype(str)
    order = group_order(assignment, periods)
    members = group_members(assignment)
    group_of = {d: g for g, ds in members.items() for d in ds}
    items = list(dict.fromkeys(items))
    c = counts[["doc_id", "item", "count"]]
    c = c[c["item"].isin(items) & (c["count"] > 0)]
    c = c.assign(group=c["doc_id"].astype(str).map(group_of)).dropna(subset=["group"])
    per_doc = c.groupby(["item", "group", "doc_id"], sort=False)["count"].sum().reset_index()
    agg = per_doc.groupby(["item", "group"], sort=False).agg(count=("count", "sum"), docs_using=("doc_id", "size"))
    rows = []
    sizes = {g: (len(members.get(g, [])), int(words.reindex(members.get(g, [])).fillna(0).sum())) for g in order}
    for item in items:
        for i, g in enumerate(order, start=1):
            n_docs, n_words = sizes[g]
            n, used = (int(agg.at[(item, g), "count"]), int(agg.at[(item, g), "docs_using"])) \
                if (item, g) in agg.index else (0, 0)
            rows.append((kind, item, g, i, n_docs, n_words, n, used, 1000.0 * n / n_words if n_words else np.nan))
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


def resolve_terms(terms: Iterable[str], mwes: Sequence[str] = (), stem: bool = False,
                  source: str = "trend terms") -> dict[str, str]:
    """``{term as written: term as counted}``: lower-cased, multiword expressions joined, stemmed if asked.

    A phrase that is not one term (not among the multiword expressions ``mwes``)
    cannot be read off the term counts, and is refused with the fix.

    >>> resolve_terms(["ASEAN", "Mutual aid"], mwes=["mutual aid"])
    {'ASEAN': 'asean', 'Mutual aid': 'mutual_aid'}
    """
    maker = TermMaker(mwes, stem=stem)
    out = {}
    for t in terms:
        got = maker.terms(list(phrase_words(t)))
        if len(got) != 1:
            raise PipelineError(
                f"{source}: {t!r} is not one term; add it to textstats.mwes to count it as one, or list its words.")
        out[t] = got[0]
    return out


def term_trends(term_frequencies: pd.DataFrame, assignment: pd.DataFrame, words, terms: Mapping[str, str] | Sequence[str],
                periods=None) -> pd.DataFrame:
    """Trends of terms from ``term_frequencies`` (``doc_id, term, count``).

    ``terms`` maps each term as the scholar wrote it (the ``item`` of the table) to
    the term as counted (see :func:`resolve_terms`); a plain list is taken as
    terms already in counted form. Columns as :func:`trend_table`, kind ``term``.
    """
    mapping = dict(terms) if isinstance(terms, Mapping) else {t: t for t in terms}
    label_of: dict[str, list[str]] = {}
    for label, term in mapping.items():
        label_of.setdefault(term, []).append(label)
    tf = term_frequencies[term_frequencies["term"].isin(label_of)]
    rows = [(d, label, c) for d, t, c in tf[["doc_id", "term", "count"]].itertuples(index=False) for label in label_of[t]]
    counts = pd.DataFrame(rows, columns=["doc_id", "item", "count"])
    return trend_table(counts, assignment, words, list(mapping), "term", periods)


def category_trends(dictionary_scores: pd.DataFrame, assignment: pd.DataFrame, words,
                    categories: Sequence[str] | None = None, periods=None) -> pd.DataFrame:
    """Trends of dictionary categories from ``dictionary_scores`` (``dictionary, category, doc_id, count``).

    Items are named ``dictionary:category``; ``categories`` chooses some (default:
    all, sorted). An unknown name is refused, naming those that exist. Columns as
    :func:`trend_table`, kind ``category``.
    """
    ds = dictionary_scores
    names = (ds["dictionary"].astype(str) + ":" + ds["category"].astype(str))
    known = sorted(set(names))
    chosen = known if categories is None else list(categories)
    unknown = [c for c in chosen if c not in set(known)]
    if unknown:
        raise PipelineError(f"trend categories: {unknown[0]!r} is not a dictionary category; "
                            f"write dictionary:category, one of {', '.join(known)}.")
    counts = pd.DataFrame({"doc_id": ds["doc_id"], "item": names, "count": ds["count"]})
    return trend_table(counts, assignment, words, chosen, "category", periods)


def actor_trends(mentions: pd.DataFrame, assignment: pd.DataFrame, words, actors: Sequence[str] | None = None,
                 periods=None) -> pd.DataFrame:
    """Trends of actors' mentions.

    ``mentions`` is ``actor_mentions`` (one row per mention: ``doc_id, actor_id``)
    or ``document_actors`` (``doc_id, actor_id, mentions``). ``actors`` chooses
    some ids (default: all mentioned, sorted). Columns as :func:`trend_table`,
    kind ``actor``; ``count`` is mentions.
    """
    if "mentions" in mentions:
        counts = mentions[["doc_id", "actor_id", "mentions"]].set_axis(["doc_id", "item", "count"], axis=1)
    else:
        counts = mentions.groupby(["doc_id", "actor_id"], sort=True).size().reset_index(name="count")
        counts.columns = ["doc_id", "item", "count"]
    chosen = sorted(set(counts["item"])) if actors is None else list(actors)
    return trend_table(counts, assignment, words, chosen, "actor", periods)
