"""Keyness on a 2x2 table: signed G2, signed chi2, Hardie's Log Ratio and p.

For a term, a target (one document or genre) and a reference (the rest,
pooled), the table is::

                 target    reference
    term           a           b
    other words    c           d        c = target total - a, d = reference total - b

* **G2** (log-likelihood, Dunning 1993; Rayson & Garside 2000):
  ``2 * sum(O * ln(O / E))`` over the four cells, ``E`` from the margins,
  ``0 * ln 0 = 0``, no continuity correction.
* **chi2** (Pearson, no Yates correction): ``N (ad - bc)^2 / ((a+b)(c+d)(a+c)(b+d))``.
* Both are **signed**: negative when the term is relatively rarer in the target
  (a negative keyword), as quanteda's ``textstat_keyness`` reports them.
* **log_ratio** (Hardie 2014): ``log2((a / target total) / (b / reference total))``,
  with 0.5 put in place of a zero count; 1 means twice as frequent in the target.
* **p**: the chance of a ``|G2|`` at least this large if the term were used at the same
  rate in both, from the chi-square distribution with 1 degree of freedom:
  ``P(X > x) = erfc(sqrt(x / 2))``.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from .schema import KEYNESS


def chi2_sf_1df(x):
    """Survival function of the chi-square distribution with 1 df: ``erfc(sqrt(x/2))``.

    >>> round(chi2_sf_1df(3.841459), 6)   # the 5% critical value
    0.05
    """
    if np.ndim(x) == 0:
        return math.erfc(math.sqrt(max(float(x), 0.0) / 2.0))
    x = np.maximum(np.asarray(x, dtype=float), 0.0)
    # math.erfc on each distinct value only: keyness tables repeat the same
    # (a, b) cells, hence the same G2, many times.
    values, inverse = np.unique(x.ravel(), return_inverse=True)
    sf = np.array([math.erfc(math.sqrt(v / 2.0)) for v in values], dtype=float)
    return sf[inverse].reshape(x.shape)


def keyness_arrays(a, b, target_total, reference_total):
    """Vectorised keyness for arrays of ``a`` (target counts) and ``b`` (reference counts).

    Returns a dict of arrays: ``g2``, ``chi2``, ``log_ratio``, ``p``.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    nt = float(target_total)
    nr = float(reference_total)
    c = nt - a
    d = nr - b
    n = nt + nr
    row1 = a + b
    row2 = c + d
    obs = (a, b, c, d)
    exp = (row1 * nt / n, row1 * nr / n, row2 * nt / n, row2 * nr / n)
    g2 = np.zeros_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e in zip(obs, exp):
            g2 += np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / np.where(e > 0, e, 1.0)), 0.0)
        g2 = 2.0 * g2
        g2 = np.maximum(g2, 0.0)  # rounding can leave a tiny negative
        denom = row1 * row2 * nt * nr
        chi2 = np.where(denom > 0, n * (a * d - b * c) ** 2 / np.where(denom > 0, denom, 1.0), 0.0)
        rate_t = np.where(a > 0, a, 0.5) / nt
        rate_r = np.where(b > 0, b, 0.5) / nr
        log_ratio = np.log2(rate_t / rate_r)
    p = chi2_sf_1df(g2)
    sign = np.where(a / nt < b / nr, -1.0, 1.0)
    return {"g2": sign * g2, "chi2": sign * chi2, "log_ratio": log_ratio, "p": p}


def keyness(a: int, b: int, target_total: int, reference_total: int) -> dict[str, float]:
    """Keyness statistics of one term (see the module docstring).

    >>> k = keyness(a=10, b=20, target_total=1000, reference_total=4000)
    >>> round(k["g2"], 4), round(k["chi2"], 4), k["log_ratio"]
    (2.9438, 3.3535, 1.0)
    """
    out = keyness_arrays([a], [b], target_total, reference_total)
    return {k: float(v[0]) for k, v in out.items()}


def keyness_table(
    counts: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    *,
    min_count: int,
    stop: frozenset[str] = frozenset(),
    min_expected: float,
) -> pd.DataFrame:
    """Keyness of the terms of each target group of documents against the rest.

    ``counts`` has columns ``doc_id, term, count``; ``groups`` maps a target
    name to its doc_ids. A target whose reference is empty is skipped.

    Every term used in the target is listed. A term *absent* from the target
    is listed (a negative keyword) when the target would have held at least
    ``min_expected`` occurrences at the corpus rate: "women" missing from a
    defence statement is a finding; a word used once elsewhere and missing
    from a 500-word page is what chance predicts. This keeps the table to
    about two rows per target token (``min_expected=0`` lists every term for
    every target, which for thousands of documents is documents x vocabulary).
    """
    if stop:
        counts = counts[~counts["term"].isin(stop)]
    # One sparse term x document matrix built from codes (no pivot: memory follows the non-zero
    # counts, not documents x vocabulary), and for each target the reference counts as the corpus
    # total minus the target's own: O(targets x terms), where summing the other documents'
    # columns for every target would be O(documents^2 x terms).
    term_codes, terms = pd.factorize(counts["term"], sort=True)
    doc_codes, doc_ids = pd.factorize(counts["doc_id"], sort=True)
    matrix = sparse.csr_matrix((counts["count"].to_numpy(dtype=np.int64), (term_codes, doc_codes)),
                               shape=(len(terms), len(doc_ids)), dtype=np.int64)  # repeated pairs are summed
    keep = np.asarray(matrix.sum(axis=1)).ravel() >= min_count
    matrix, terms = matrix[keep].tocsc(), np.asarray(terms, dtype=object)[keep]
    total = np.asarray(matrix.sum(axis=1)).ravel()
    column = {d: i for i, d in enumerate(doc_ids)}
    frames = []
    for target, members in groups.items():
        inside = sorted({column[d] for d in members if d in column})
        if not inside or len(inside) == len(doc_ids):
            continue
        a = np.zeros(len(terms), dtype=np.int64)
        if len(inside) == 1:  # one document: its column's non-zero entries
            lo, hi = matrix.indptr[inside[0]], matrix.indptr[inside[0] + 1]
            a[matrix.indices[lo:hi]] = matrix.data[lo:hi]
        else:
            a += np.asarray(matrix[:, inside].sum(axis=1)).ravel()
        b = total - a
        nt, nr = a.sum(), b.sum()
        if nt == 0 or nr == 0:
            continue
        rows = (a > 0) | ((a + b) * (nt / (nt + nr)) >= min_expected)
        a, b = a[rows], b[rows]
        stats = keyness_arrays(a, b, nt, nr)
        frames.append(pd.DataFrame({"target": target, "term": terms[rows], "n_target": a, "n_reference": b, **stats}))
    if not frames:
        return pd.DataFrame(columns=KEYNESS.columns)
    return pd.concat(frames, ignore_index=True)[KEYNESS.columns]



def keyness_groups(documents: pd.DataFrame, doc_ids: Sequence[str]) -> dict[str, list[str]]:
    """Targets: each document, then each genre as 'genre:<genre>'."""
    groups: dict[str, list[str]] = {d: [d] for d in doc_ids}
    if "genre" in documents:
        for genre, sub in documents.groupby("genre", sort=True):
            members = [d for d in sub["doc_id"] if d in set(doc_ids)]
            if members:
                groups[f"genre:{genre}"] = members
    return groups
