"""Grouped keyness: each group against the rest, and chosen pairs of groups against each other.

Groups come from :func:`pipeline.groups.assign_groups` (a manifest column, a
year, a decade or a named period). For a comparison of a *target* (a group) with
a *reference* (the other groups pooled, or one other group), each term gets the
2x2 table of :mod:`pipeline.keyness` built from the two sides' totals::

                 target    reference
    term           a           b
    other words    c           d        c = target words - a, d = reference words - b

and its signed G2, signed chi2, Log Ratio and p (:func:`pipeline.keyness.keyness_arrays`),
with the two figures that make a keyword trustworthy beside them:

* ``docs_target``: how many of the target's documents use the term (of
  ``n_docs_target``, in :func:`comparison_summary`);
* the term's dispersion across the target's documents (:mod:`pipeline.dispersion`:
  DP, DP_norm, Juilland's D), so that a keyword carried by one document's quirk
  shows as such (``dp_norm`` near 1, ``docs_target`` 1).

Optionally, a bootstrap over documents gives a confidence interval for Log Ratio:
each replicate draws, within every group, as many documents as the group has,
with replacement (seeded), and recomputes the Log Ratio; the interval is the
replicates' percentiles. It measures how much the keyword depends on which
documents happen to be in the corpus, which G2's p (that counts words as
independent draws) cannot. Only the strongest keywords of each comparison get
one (``bootstrap_top_n`` each way), and none when a side has fewer than two
documents (resampling one document always returns it).

Which words count
-----------------
As in :func:`pipeline.keyness.keyness_table` (so that a grouping by genre
reproduces its ``genre:`` rows): stopwords given in ``stop`` are removed before
the totals are taken, documents without a group are left out of both sides,
``min_count`` applies to the terms' totals over the grouped documents, and a term
absent from the target is listed (a negative keyword) only if at least
``min_expected`` occurrences were expected there.

Memory follows the text: the counts stay a long table of non-zero cells; the
group x term counts are a grouped sum of it; only vectors of one vocabulary's
length are ever dense (never documents x terms, nor groups x terms; the
bootstrap holds groups x the few terms it resamples).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .dispersion import dispersion_by_key
from .groups import group_order
from .keyness import keyness_arrays

REST = "rest"
VS_REST = "group_vs_rest"
PAIR = "pair"

#: Columns of the table :func:`grouped_keyness` returns.
KEYNESS_COLUMNS = [
    "comparison", "target", "reference", "term", "n_target", "n_reference", "g2", "chi2", "log_ratio", "p",
    "docs_target", "docs_reference", "dp", "dp_norm", "juilland_d", "log_ratio_low", "log_ratio_high",
]

#: Columns of the table :func:`comparison_summary` returns.
SUMMARY_COLUMNS = ["comparison", "target", "reference", "n_docs_target", "n_docs_reference", "words_target",
                   "words_reference"]


class _Counts:
    """The grouped documents' counts as codes, and every per-group and per-term total."""

    def __init__(self, counts: pd.DataFrame, assignment: pd.DataFrame, min_count: int, stop: frozenset[str],
                 cells: bool = True):
        # codes first, so that every later step is integer arithmetic on the non-zero cells
        doc, docs = pd.factorize(counts["doc_id"].astype(str).to_numpy(dtype=object), sort=True)
        term, terms = pd.factorize(counts["term"].to_numpy(dtype=object), sort=True)
        terms = np.asarray(terms, dtype=object)
        count = counts["count"].to_numpy(dtype=np.int64)
        group_of = dict(zip(assignment["doc_id"].astype(str), assignment["group"]))
        doc_group = np.asarray([group_of.get(d, "") for d in docs], dtype=object)
        keep = (count > 0) & (doc_group != "")[doc]
        if stop:
            keep &= ~np.isin(terms, list(stop))[term]
        if min_count > 1:
            keep &= (np.bincount(term[keep], weights=count[keep], minlength=len(terms)) >= min_count)[term]
        doc, term, count = doc[keep], term[keep], count[keep]
        used_docs, doc = np.unique(doc, return_inverse=True)     # recode: only the kept cells' documents and terms
        used_terms, term = np.unique(term, return_inverse=True)
        self.docs, self.terms = np.asarray(docs, dtype=object)[used_docs], terms[used_terms]
        self.doc, self.term, self.count = doc.astype(np.int64), term.astype(np.int64), count
        present = set(doc_group[used_docs])
        self.order = [g for g in group_order(assignment) if g in present]
        gindex = {g: i for i, g in enumerate(self.order)}
        self.n_groups = G = len(self.order)
        self.V = V = len(self.terms)
        self.dgroup = np.asarray([gindex[g] for g in doc_group[used_docs]], dtype=np.int64)  # each document's group
        self.dsize = np.bincount(self.doc, weights=self.count, minlength=len(self.docs))
        self.g_words = np.bincount(self.dgroup, weights=self.dsize, minlength=G)
        self.g_docs = np.bincount(self.dgroup, minlength=G)
        self.N = float(self.g_words.sum())
        self.t_total = np.bincount(self.term, weights=self.count, minlength=V)
        self.t_docs = np.bincount(self.term, minlength=V)
        if not cells:  # totals only (comparison_summary)
            return
        # the (group, term) cells, sorted by group then term
        cg = self.dgroup[self.doc]
        key, uniq = pd.factorize(cg * max(V, 1) + self.term, sort=True)
        share = self.dsize / self.g_words[self.dgroup]
        g_min = np.ones(G)
        np.minimum.at(g_min, self.dgroup, share)
        disp = dispersion_by_key(key, self.count, self.dsize[self.doc], self.g_words[cg], self.g_docs[cg],
                                 g_min[cg], len(uniq))
        self.k_group = uniq // max(V, 1)
        self.k_term = uniq % max(V, 1)
        self.k_count = disp["frequency"]
        self.k_docs = disp["docs_using"]
        self.k_disp = {k: disp[k] for k in ("dp", "dp_norm", "juilland_d")}
        self.k_start = np.searchsorted(self.k_group, np.arange(G + 1))

    def dense(self, g: int) -> dict[str, np.ndarray]:
        """Group ``g``'s counts, document counts and dispersion as vectors over the vocabulary."""
        lo, hi = self.k_start[g], self.k_start[g + 1]
        t = self.k_term[lo:hi]
        out = {"count": np.zeros(self.V), "docs": np.zeros(self.V, dtype=np.int64)}
        out["count"][t] = self.k_count[lo:hi]
        out["docs"][t] = self.k_docs[lo:hi]
        for k, v in self.k_disp.items():
            out[k] = np.full(self.V, np.nan)
            out[k][t] = v[lo:hi]
        return out


def _frame(kind: str, target: str, reference: str, cn: _Counts, rows: np.ndarray, a, b, nt, nr, docs_a, docs_b,
           disp: dict[str, np.ndarray]) -> pd.DataFrame:
    stats = keyness_arrays(a, b, nt, nr)
    n = len(rows)
    return pd.DataFrame({
        "comparison": kind, "target": target, "reference": reference, "term": cn.terms[rows],
        "n_target": a.astype(np.int64), "n_reference": b.astype(np.int64), **stats,
        "docs_target": docs_a.astype(np.int64), "docs_reference": docs_b.astype(np.int64),
        **disp, "log_ratio_low": np.full(n, np.nan), "log_ratio_high": np.full(n, np.nan),
    }, columns=KEYNESS_COLUMNS)


def _comparisons(cn: _Counts, pairs: Sequence[tuple[str, str]], rest: bool):
    index = {g: i for i, g in enumerate(cn.order)}
    out = []
    if rest and cn.n_groups > 1:
        out += [(VS_REST, g, REST, index[g], -1) for g in cn.order]
    out += [(PAIR, t, r, index[t], index[r]) for t, r in pairs if t in index and r in index]
    return out


def grouped_keyness(
    counts: pd.DataFrame,
    assignment: pd.DataFrame,
    pairs: Sequence[tuple[str, str]] = (),
    rest: bool = True,
    min_count: int = 1,
    stop: frozenset[str] = frozenset(),
    min_expected: float = 1.0,
    bootstrap: int = 0,
    ci: float = 0.95,
    bootstrap_top_n: int = 20,
    seed: int = 42,
) -> pd.DataFrame:
    """Keyness of every term for each group against the rest, and for each chosen pair of groups.

    Parameters
    ----------
    counts : ``doc_id, term, count`` (``term_frequencies``), one row per document and term.
    assignment : each document's group (:func:`pipeline.groups.assign_groups`).
    pairs : ``(target, reference)`` pairs of groups (:func:`pipeline.groups.resolve_pairs`);
        a pair naming a group without documents is skipped.
    rest : compare each group with all the other groups pooled (needs two groups or more).
    min_count, stop, min_expected : which terms and rows (see the module docstring).
    bootstrap : replicates of the bootstrap over documents (0 = none).
    ci : the confidence level of its interval (0.95: the 2.5th and 97.5th percentiles).
    bootstrap_top_n : the interval is computed for this many of the highest and of
        the lowest G2 of each comparison.
    seed : the bootstrap's seed.

    Returns
    -------
    DataFrame sorted by comparison (the groups against the rest in group order,
    then the pairs as given) and term:

    * ``comparison``: ``group_vs_rest`` or ``pair``;
    * ``target``: the group whose keywords these are;
    * ``reference``: ``rest`` (the other groups pooled) or the other group of the pair;
    * ``term``: the term;
    * ``n_target``, ``n_reference``: its occurrences in the target and in the reference;
    * ``g2``: log-likelihood G2 of the 2x2 table, negative if under-used in the target;
    * ``chi2``: Pearson's chi-square of the same table, signed like g2;
    * ``log_ratio``: Hardie's Log Ratio, log2 of the ratio of the relative frequencies (zero counts as 0.5);
    * ``p``: p-value of |g2|, chi-square with 1 df;
    * ``docs_target``, ``docs_reference``: documents of the target and of the reference using the term;
    * ``dp``, ``dp_norm``, ``juilland_d``: the term's dispersion across the target's documents
      (:mod:`pipeline.dispersion`); NaN where the target lacks the term (and DP_norm and D
      for a target of one document);
    * ``log_ratio_low``, ``log_ratio_high``: bootstrap confidence interval of log_ratio at
      level ``ci``; NaN where not computed.

    Examples
    --------
    Three documents in two groups; "peace" is 2 of group x's 4 words and 1 of group y's 6:

    >>> counts = pd.DataFrame({"doc_id": ["1", "1", "2", "3", "3"], "term": ["peace", "war", "peace", "peace", "war"],
    ...                        "count": [1, 2, 1, 1, 5]})
    >>> assignment = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["x", "x", "y"], "order": [1, 1, 2]})
    >>> k = grouped_keyness(counts, assignment)
    >>> row = k[(k.target == "x") & (k.term == "peace")].iloc[0]
    >>> int(row.n_target), int(row.n_reference), int(row.docs_target), float(row.log_ratio)  # log2((2/4) / (1/6))
    (2, 1, 2, 1.584962500721156)
    """
    return grouped_comparison(counts, assignment, pairs, rest, min_count, stop, min_expected, bootstrap, ci,
                              bootstrap_top_n, seed)[0]


def grouped_comparison(
    counts: pd.DataFrame,
    assignment: pd.DataFrame,
    pairs: Sequence[tuple[str, str]] = (),
    rest: bool = True,
    min_count: int = 1,
    stop: frozenset[str] = frozenset(),
    min_expected: float = 1.0,
    bootstrap: int = 0,
    ci: float = 0.95,
    bootstrap_top_n: int = 20,
    seed: int = 42,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables at once, from one pass over the counts: ``(grouped_keyness(...), comparison_summary(...))``."""
    cn = _Counts(counts, assignment, min_count, stop)
    return _keyness(cn, pairs, rest, min_expected, bootstrap, ci, bootstrap_top_n, seed), _summary(cn, pairs, rest)


def _keyness(cn: "_Counts", pairs, rest, min_expected, bootstrap, ci, bootstrap_top_n, seed) -> pd.DataFrame:
    frames = []
    for kind, target, reference, g, r in _comparisons(cn, pairs, rest):
        tg = cn.dense(g)
        nt = cn.g_words[g]
        if r < 0:
            nr = cn.N - nt
            b_all = cn.t_total - tg["count"]
            docs_b_all = cn.t_docs - tg["docs"]
        else:
            ref = cn.dense(r)
            nr = cn.g_words[r]
            b_all, docs_b_all = ref["count"], ref["docs"]
        if nt == 0 or nr == 0:
            continue
        a_all = tg["count"]
        expected = (a_all + b_all) * (nt / (nt + nr))
        rows = np.flatnonzero((a_all > 0) | (((a_all + b_all) > 0) & (expected >= min_expected)))
        frames.append(_frame(kind, target, reference, cn, rows, a_all[rows], b_all[rows], nt, nr,
                             tg["docs"][rows], docs_b_all[rows], {k: tg[k][rows] for k in cn.k_disp}))
    if not frames:
        return pd.DataFrame({c: [] for c in KEYNESS_COLUMNS}, columns=KEYNESS_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    if bootstrap > 0:
        _bootstrap(cn, table, bootstrap, ci, bootstrap_top_n, seed)
    return table


def comparison_summary(counts: pd.DataFrame, assignment: pd.DataFrame, pairs: Sequence[tuple[str, str]] = (),
                       rest: bool = True, min_count: int = 1, stop: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The two sides of every comparison :func:`grouped_keyness` makes, with the same arguments.

    Returns a DataFrame, one row per comparison, in the same order:

    * ``comparison``, ``target``, ``reference``: as in :func:`grouped_keyness`;
    * ``n_docs_target``, ``n_docs_reference``: documents on each side;
    * ``words_target``, ``words_reference``: words (terms counted) on each side: the totals
      of the 2x2 tables.

    >>> counts = pd.DataFrame({"doc_id": ["1", "2", "3"], "term": ["a", "a", "b"], "count": [3, 1, 6]})
    >>> assignment = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["x", "x", "y"], "order": [1, 1, 2]})
    >>> comparison_summary(counts, assignment, pairs=[("y", "x")]).values.tolist()
    [['group_vs_rest', 'x', 'rest', 2, 1, 4, 6], ['group_vs_rest', 'y', 'rest', 1, 2, 6, 4], ['pair', 'y', 'x', 1, 2, 6, 4]]
    """
    return _summary(_Counts(counts, assignment, min_count, stop, cells=False), pairs, rest)


def _summary(cn: "_Counts", pairs, rest) -> pd.DataFrame:
    rows = []
    for kind, target, reference, g, r in _comparisons(cn, pairs, rest):
        if r < 0:
            nd_r, w_r = int(cn.g_docs.sum() - cn.g_docs[g]), int(cn.N - cn.g_words[g])
        else:
            nd_r, w_r = int(cn.g_docs[r]), int(cn.g_words[r])
        rows.append((kind, target, reference, int(cn.g_docs[g]), nd_r, int(cn.g_words[g]), w_r))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _bootstrap(cn: _Counts, table: pd.DataFrame, replicates: int, ci: float, top_n: int, seed: int) -> None:
    """Fill ``log_ratio_low`` / ``log_ratio_high`` of the strongest keywords of each comparison, in place."""
    index = {g: i for i, g in enumerate(cn.order)}
    chosen = []
    for _, sub in table.groupby(["comparison", "target", "reference"], sort=False):
        g = index[sub["target"].iat[0]]
        ref = sub["reference"].iat[0]
        r = -1 if sub["comparison"].iat[0] == VS_REST else index[ref]
        n_ref_docs = cn.g_docs.sum() - cn.g_docs[g] if r < 0 else cn.g_docs[r]
        if cn.g_docs[g] < 2 or n_ref_docs < 2:
            continue
        order = sub.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort").index
        chosen += list(order[:top_n]) + [i for i in order[::-1][:top_n] if i not in set(order[:top_n])]
    if not chosen:
        return
    chosen = np.asarray(sorted(set(chosen)))
    sel = table.loc[chosen]
    term_code = {t: i for i, t in enumerate(cn.terms)}
    row_term = np.asarray([term_code[t] for t in sel["term"]])
    sel_terms, row_s = np.unique(row_term, return_inverse=True)
    row_g = np.asarray([index[t] for t in sel["target"]])
    row_r = np.asarray([-1 if k == VS_REST else index[r] for k, r in zip(sel["comparison"], sel["reference"])])
    # the cells of the chosen terms only
    pos = np.full(cn.V, -1)
    pos[sel_terms] = np.arange(len(sel_terms))
    cell = pos[cn.term] >= 0
    e_doc, e_s, e_f = cn.doc[cell], pos[cn.term[cell]], cn.count[cell].astype(float)
    G, S, D = cn.n_groups, len(sel_terms), len(cn.docs)
    slots = np.argsort(cn.dgroup, kind="stable")          # documents laid out group by group
    slot_group = cn.dgroup[slots]
    start = np.searchsorted(slot_group, np.arange(G))
    size = cn.g_docs[slot_group]
    rng = np.random.default_rng(seed)
    lr = np.empty((len(chosen), replicates))
    e_key = cn.dgroup[e_doc] * S + e_s
    for k in range(replicates):
        pick = slots[start[slot_group] + np.floor(rng.random(D) * size).astype(np.int64)]
        w = np.bincount(pick, minlength=D).astype(float)
        words = np.bincount(cn.dgroup, weights=w * cn.dsize, minlength=G)
        A = np.bincount(e_key, weights=w[e_doc] * e_f, minlength=G * S).reshape(G, S)
        a = A[row_g, row_s]
        nt = words[row_g]
        rest = row_r < 0
        b = np.where(rest, A.sum(axis=0)[row_s] - a, A[np.maximum(row_r, 0), row_s])
        nr = np.where(rest, words.sum() - nt, words[np.maximum(row_r, 0)])
        lr[:, k] = np.log2((np.where(a > 0, a, 0.5) / nt) / (np.where(b > 0, b, 0.5) / nr))
    tail = 100.0 * (1.0 - ci) / 2.0
    low, high = np.percentile(lr, [tail, 100.0 - tail], axis=1)
    table.loc[chosen, "log_ratio_low"] = low
    table.loc[chosen, "log_ratio_high"] = high
