"""Dispersion of terms across the documents of a group: Gries' DP, DP normalised, Juilland's D.

A keyword can be frequent in a group because every document of the group uses
it, or because one document repeats it. Dispersion tells the two apart. The
*parts* are the group's documents, of sizes (in words) ``l_1 .. l_n``; a term
occurs ``v_i`` times in part ``i`` and ``f = sum(v_i)`` times in all.

* **DP**, deviation of proportions (Gries 2008): with ``s_i = l_i / sum(l)``
  (the share of the group's words in part ``i``: the share of the term we
  would expect there) and ``v_i / f`` (the share we observe),
  ``DP = 0.5 * sum_i |v_i / f - s_i|``. 0 = the term is spread exactly in
  proportion to the parts' sizes; towards 1 = all in one small part.
* **DP_norm** (Lijffijt & Gries 2012): ``DP / (1 - min_i s_i)``, which runs
  from 0 to 1 whatever the number and sizes of the parts. Undefined (NaN) for a
  group of one document.
* **Juilland's D** (Juilland & Chang-Rodríguez 1964, for parts of unequal size as in
  Gries 2008): with ``p_i = v_i / l_i`` (the term's rate in part ``i``),
  ``V = sd(p) / mean(p)`` (population standard deviation, over all ``n`` parts) and
  ``D = 1 - V / sqrt(n - 1)``. 1 = perfectly even, 0 = all in one part; note
  that D runs the other way from DP. Undefined (NaN) for one document.

Memory follows the text: the input is the long table of non-zero counts
(``doc_id, term, count``), as ``term_frequencies.csv`` holds it; a part where
the term is absent adds ``s_i`` to DP's sum and 0 to D's sums, so only the
non-zero cells are visited (never a documents x terms matrix). Every measure is
vectorised over terms and groups at once.

References: Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
*International Journal of Corpus Linguistics* 13(4), 403-437. Lijffijt, J. &
Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and adjusted
frequencies in corpora". *IJCL* 17(1), 147-149.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

#: Columns of the table :func:`dispersion_table` returns.
DISPERSION_COLUMNS = ["group", "term", "frequency", "docs_using", "n_docs", "dp", "dp_norm", "juilland_d"]


def _as_series(mapping, name: str) -> pd.Series:
    if mapping is None:
        return None
    if isinstance(mapping, pd.DataFrame):  # an assignment table: doc_id, group
        s = pd.Series(mapping["group"].to_numpy(), index=mapping["doc_id"].astype(str).to_numpy())
        return s[s != ""]
    s = mapping.copy() if isinstance(mapping, pd.Series) else pd.Series(dict(mapping), dtype=object)
    s.index = s.index.astype(str)
    if name == "group":
        s = s[s.astype(str) != ""].astype(str)
    return s.rename(name)


def dispersion_by_key(key: np.ndarray, count: np.ndarray, part_size: np.ndarray, group_words: np.ndarray,
                      group_parts: np.ndarray, group_min_share: np.ndarray, n_keys: int) -> dict[str, np.ndarray]:
    """DP, DP_norm and Juilland's D for ``n_keys`` (group, term) keys from their non-zero cells.

    Every argument but ``n_keys`` has one entry per non-zero cell (a document in
    which the term occurs): ``key`` the cell's (group, term) code in
    ``0..n_keys-1``, ``count`` the term's occurrences in the document,
    ``part_size`` the document's words, and ``group_words``, ``group_parts``,
    ``group_min_share`` the group's words, documents and smallest document
    share ``min_i s_i``. Returns arrays of length ``n_keys``: ``frequency``,
    ``docs_using``, ``dp``, ``dp_norm``, ``juilland_d``.
    """
    count = count.astype(float)
    freq = np.bincount(key, weights=count, minlength=n_keys)
    docs = np.bincount(key, minlength=n_keys)
    s = part_size / group_words                              # expected share of the part
    v = count / freq[key]                                    # observed share of the term
    p = count / part_size                                    # the term's rate in the part
    sum_abs = np.bincount(key, weights=np.abs(v - s), minlength=n_keys)
    sum_s = np.bincount(key, weights=s, minlength=n_keys)
    sum_p = np.bincount(key, weights=p, minlength=n_keys)
    sum_p2 = np.bincount(key, weights=p * p, minlength=n_keys)
    # per key, the group's constants (all the key's cells share one group)
    n = np.zeros(n_keys)
    n[key] = group_parts
    smin = np.ones(n_keys)
    smin[key] = group_min_share
    # parts without the term: |0 - s_i| = s_i, and together they hold 1 - sum_s of the words
    dp = np.clip(0.5 * (sum_abs + np.maximum(1.0 - sum_s, 0.0)), 0.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dp_norm = np.where(n > 1, np.clip(dp / (1.0 - smin), 0.0, 1.0), np.nan)
        mean = sum_p / n
        sd = np.sqrt(np.maximum(sum_p2 / n - mean * mean, 0.0))
        d = np.where(n > 1, np.clip(1.0 - (sd / mean) / np.sqrt(n - 1), 0.0, 1.0), np.nan)
    return {"frequency": freq, "docs_using": docs, "dp": dp, "dp_norm": dp_norm, "juilland_d": d}


def dispersion_table(counts: pd.DataFrame, sizes: Mapping[str, int] | pd.Series | None = None,
                     groups: Mapping[str, str] | pd.Series | pd.DataFrame | None = None) -> pd.DataFrame:
    """Dispersion of every term across the documents of each group (or of the whole corpus).

    Parameters
    ----------
    counts : the long table of counts, ``doc_id, term, count`` (``term_frequencies``);
        one row per document and term that occurs in it.
    sizes : each document's size in words, by doc_id (default: the sum of its
        counts). A document of size 0 is no part.
    groups : each document's group, by doc_id, or an assignment table
        (:func:`pipeline.groups.assign_groups`); documents without a group are
        left out. Default: every document in one group, ``"corpus"``.

    Returns
    -------
    DataFrame, one row per group and term occurring in the group, sorted by group
    (in the order given, else alphabetical) and term:

    * ``group``: the group (``"corpus"`` without ``groups``);
    * ``term``: the term;
    * ``frequency``: occurrences in the group's documents;
    * ``docs_using``: documents of the group in which it occurs (range);
    * ``n_docs``: documents in the group (the parts);
    * ``dp``: Gries' DP (0 = spread in proportion to the documents' sizes, towards 1 = in one document);
    * ``dp_norm``: DP / (1 - the smallest document's share), 0 to 1; NaN for one document;
    * ``juilland_d``: Juilland's D (1 = even, 0 = in one document); NaN for one document.

    Examples
    --------
    Gries' (2008) example corpus: five parts of 9, 10, 10, 10 and 11 words in which
    ``a`` occurs 1, 2, 3, 4 and 5 times (15 in all)::

        s = (.18, .2, .2, .2, .22)        v/f = (1, 2, 3, 4, 5) / 15
        DP = .5 * (|.0667-.18| + |.1333-.2| + |.2-.2| + |.2667-.2| + |.3333-.22|)
           = .5 * (.1133 + .0667 + 0 + .0667 + .1133) = .18
        DP_norm = .18 / (1 - .18) = .2195

    >>> counts = pd.DataFrame({"doc_id": list("12345"), "term": ["a"] * 5, "count": [1, 2, 3, 4, 5]})
    >>> sizes = {"1": 9, "2": 10, "3": 10, "4": 10, "5": 11}
    >>> row = dispersion_table(counts, sizes).iloc[0]
    >>> [round(float(row[k]), 4) for k in ("dp", "dp_norm", "juilland_d")]
    [0.18, 0.2195, 0.7852]
    """
    c = counts[["doc_id", "term", "count"]]
    c = c[c["count"] > 0]
    doc_ids = c["doc_id"].astype(str)
    size = _as_series(sizes, "size")
    if size is None:
        size = c.groupby(doc_ids, sort=True)["count"].sum()
    size = size[size > 0].astype(float)
    grp = _as_series(groups, "group")
    if grp is None:
        grp = pd.Series("corpus", index=size.index)
        names = ["corpus"]
    else:
        seen = list(dict.fromkeys(grp.tolist())) if isinstance(groups, pd.DataFrame) else sorted(set(grp))
        if isinstance(groups, pd.DataFrame) and "order" in groups:
            seen = (groups[groups["group"] != ""].drop_duplicates("group")
                    .sort_values(["order", "group"], kind="mergesort")["group"].tolist())
        names = seen
    grp = grp[grp.index.isin(size.index)]
    code_of_group = {g: i for i, g in enumerate(names)}
    part_group = grp.map(code_of_group).astype("int64")
    part_size = size.reindex(part_group.index)
    n_groups = len(names)
    g_words = np.bincount(part_group.to_numpy(), weights=part_size.to_numpy(), minlength=n_groups)
    g_parts = np.bincount(part_group.to_numpy(), minlength=n_groups)
    share = part_size.to_numpy() / g_words[part_group.to_numpy()]
    g_min = np.ones(n_groups)
    np.minimum.at(g_min, part_group.to_numpy(), share)

    inside = doc_ids.isin(part_group.index).to_numpy()
    c, doc_ids = c[inside], doc_ids[inside]
    gcode = part_group.reindex(doc_ids).to_numpy()
    tcode, terms = pd.factorize(c["term"], sort=True)
    n_terms = len(terms)
    key_raw = gcode.astype(np.int64) * max(n_terms, 1) + tcode
    key, uniq = pd.factorize(key_raw, sort=True)
    out = dispersion_by_key(key, c["count"].to_numpy(), part_size.reindex(doc_ids).to_numpy(),
                            g_words[gcode], g_parts[gcode], g_min[gcode], len(uniq))
    kg, kt = uniq // max(n_terms, 1), uniq % max(n_terms, 1)
    table = pd.DataFrame({
        "group": np.asarray(names, dtype=object)[kg] if len(uniq) else np.array([], dtype=object),
        "term": np.asarray(terms, dtype=object)[kt] if len(uniq) else np.array([], dtype=object),
        "frequency": out["frequency"].astype(np.int64),
        "docs_using": out["docs_using"].astype(np.int64),
        "n_docs": g_parts[kg].astype(np.int64),
        "dp": out["dp"], "dp_norm": out["dp_norm"], "juilland_d": out["juilland_d"],
    }, columns=DISPERSION_COLUMNS)
    return table.reset_index(drop=True)
