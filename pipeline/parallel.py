"""Two passes over documents on every core, with results in input order.

The actors stage reads each document independently (its gazetteer names, then the recogniser), then
needs one thing of the whole corpus (a short form defined in one document is a mention in the others)
before it settles each document. Workers are forked: the functions and the data they read are
inherited, not pickled; each worker keeps what its first pass found for its second, and only what
the corpus needs travels back. The output is the same as in one process, in the same order, whatever
the number of workers; below ``min_items`` items, or where fork is unavailable, it runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

def workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _balanced(weights: Sequence[float], n: int) -> list[list[int]]:
    """Indices split into ``n`` groups of nearly equal total weight (heaviest first, each to the lightest
    group), each group in input order.

    >>> _balanced([5, 1, 1, 1, 1, 1], 2)
    [[0], [1, 2, 3, 4, 5]]
    """
    groups: list[list[int]] = [[] for _ in range(n)]
    loads = [0.0] * n
    for i in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        g = min(range(n), key=lambda g: (loads[g], g))
        groups[g].append(i)
        loads[g] += weights[i]
    return [sorted(g) for g in groups if g]


def _two_pass_worker(conn, first, second, items) -> None:
    try:
        kept, public = [], []
        for x in items:
            pub, private = first(x)
            public.append(pub)
            kept.append(private)
        conn.send(("ok", public))
        shared = conn.recv()
        conn.send(("ok", [second(x, private, shared) for x, private in zip(items, kept)]))
    except BaseException as exc:  # the parent re-raises it: a worker never fails silently
        try:
            conn.send(("error", exc))
        except (OSError, EOFError):
            pass  # the parent has stopped listening (another worker failed first)
    finally:
        conn.close()


def two_pass_map(
    first: Callable[[T], tuple[object, object]],
    combine: Callable[[list], object],
    second: Callable[[T, object, object], R],
    items: Sequence[T],
    weights: Sequence[float] | None = None,
    min_items: int = 64,
) -> tuple[list, list[R]]:
    """Two passes over ``items`` on every core, the second needing what the first found in all of them.

    ``first(x)`` gives ``(public, private)``; ``combine(publics)`` (in this process, publics in input order)
    gives ``shared``; ``second(x, private, shared)`` gives the result. Each worker runs both passes over its
    own items, so ``private`` never leaves the worker (it is not pickled: for the actors stage, every
    document's gazetteer mentions and readings). Items are split by ``weights`` (the text's length) into
    groups of nearly equal work. Returns ``(publics, results)`` in input order, the same as one process.

    >>> two_pass_map(lambda x: (x, -x), sum, lambda x, p, s: (x, p, s), [1, 2, 3], min_items=1)
    ([1, 2, 3], [(1, -1, 6), (2, -2, 6), (3, -3, 6)])
    """
    n = min(workers(), len(items))
    if len(items) < min_items or n < 2 or "fork" not in multiprocessing.get_all_start_methods():
        firsts = [first(x) for x in items]
        shared = combine([pub for pub, _ in firsts])
        return [pub for pub, _ in firsts], [second(x, private, shared) for x, (_, private) in zip(items, firsts)]
    groups = _balanced(list(weights) if weights is not None else [1.0] * len(items), n)
    ctx = multiprocessing.get_context("fork")
    conns, procs = [], []
    try:
        for g in groups:
            parent, child = ctx.Pipe()
            p = ctx.Process(target=_two_pass_worker, args=(child, first, second, [items[i] for i in g]), daemon=True)
            p.start()
            child.close()
            conns.append(parent)
            procs.append(p)

        def receive(conn):
            try:
                status, value = conn.recv()
            except EOFError:
                raise RuntimeError("a worker process ended without its results (out of memory?)") from None
            if status == "error":
                raise value
            return value

        publics: list = [None] * len(items)
        for g, conn in zip(groups, conns):
            for i, pub in zip(g, receive(conn)):
                publics[i] = pub
        shared = combine(publics)
        for conn in conns:
            conn.send(shared)
        results: list = [None] * len(items)
        for g, conn in zip(groups, conns):
            for i, r in zip(g, receive(conn)):
                results[i] = r
        return publics, results
    finally:
        for conn in conns:
            conn.close()
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
