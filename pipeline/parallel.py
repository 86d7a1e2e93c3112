"""Map a function over chunks of documents on every core, with results in input order.

The actors stage reads each document independently before it joins them (an acronym defined in
one document is resolved in the others afterwards), so the per-document work can run on the
machine's cores. Workers are forked: the function and the data it reads are inherited, not
pickled, and only the results travel back. The output is the same as :func:`map` in one process,
in the same order, whatever the number of workers; below ``min_items`` items, or where fork is
unavailable, it is :func:`map`.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The function the forked workers run (set just before the pool forks, so it is inherited).
_job: Callable | None = None


def _run(chunk):
    return [_job(x) for x in chunk]


def workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunked_map(fn: Callable[[T], R], items: Sequence[T], min_items: int = 64, chunks_per_worker: int = 8) -> list[R]:
    """``[fn(x) for x in items]``, on every core when there are at least ``min_items`` items.

    >>> chunked_map(lambda x: x * x, range(200))[:5]
    [0, 1, 4, 9, 16]
    """
    global _job
    n = workers()
    if len(items) < min_items or n < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(x) for x in items]
    size = max(1, -(-len(items) // (n * chunks_per_worker)))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    _job = fn
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            parts = pool.map(_run, chunks, chunksize=1)
    finally:
        _job = None
    return [r for part in parts for r in part]
