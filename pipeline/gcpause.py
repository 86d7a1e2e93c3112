"""Pausing Python's cyclic garbage collector around allocation-heavy passes that create no cycles.

The recogniser and the clause-reuse search make hundreds of thousands of small tuples, lists
and dicts; reference counting frees them all, while the cyclic collector would walk the
growing heap again and again (a third of the reuse search's time at 5,000 statements,
``benchmarks/bench_reuse.py``), as :mod:`timeit` also avoids.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, restoring its state after.

    >>> with paused():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
