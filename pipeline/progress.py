"""Progress of long loops, shown in the terminal and never in a notebook.

A stage runs inside a Jupyter kernel started by papermill, and whatever the
kernel writes to stdout or stderr becomes part of the executed notebook (a
hashed output that must stay byte-identical from run to run). So progress is
written to where :envvar:`ASEANWPS_PROGRESS` points, never to the kernel's
own streams:

* ``ASEANWPS_PROGRESS`` unset, outside a Jupyter kernel (a script, the
  benchmark, a test): progress goes to ``sys.stderr``;
* unset, inside a kernel (JupyterLab, papermill): silent;
* ``ASEANWPS_PROGRESS=off`` (or empty): silent;
* ``ASEANWPS_PROGRESS=<path>``: appended to that file, e.g. ``/dev/tty`` or
  the runner's own stderr, ``/proc/<pid>/fd/2`` (see :func:`runner_target`,
  which ``python -m pipeline.run`` puts in the kernel's environment).

Small corpora (fewer than ``min_total`` items, 200 by default) are silent.
On a terminal one line is rewritten in place at most every ``interval``
seconds (2 by default); to a file or pipe (a CI log) a line is written only
at each further 10 % of the work and at most every ``interval`` seconds, so a
log gets about ten lines per loop. Example (a terminal)::

    corpus: 2,400/5,000 documents (48%), 21 s elapsed, about 23 s left
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Iterable, Iterator, TypeVar

ENV = "ASEANWPS_PROGRESS"
MIN_TOTAL = 200
INTERVAL = 2.0

T = TypeVar("T")


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (whose streams end up in the notebook)."""
    return "ipykernel" in sys.modules and type(sys.stdout).__module__.startswith("ipykernel")


def runner_target() -> str:
    """Where a stage's kernel should write progress: the calling process's stderr.

    Linux exposes a process's open files as ``/proc/<pid>/fd/<n>``; the kernel,
    a child process of the same user, can open the runner's stderr by that name
    whether it is a terminal, a pipe or a log file. Elsewhere: ``/dev/tty`` if
    the runner has a terminal, else ``off``.
    """
    fd2 = f"/proc/{os.getpid()}/fd/2"
    if os.path.exists(fd2):
        return fd2
    try:
        if sys.stderr.isatty():
            return "/dev/tty"
    except (AttributeError, ValueError):
        pass
    return "off"


def _open_target() -> IO[str] | None:
    target = os.environ.get(ENV)
    if target is None:
        return None if _in_kernel() else sys.stderr
    if target.strip().lower() in ("", "off", "0", "no", "false"):
        return None
    try:
        return open(target, "a", encoding="utf-8", buffering=1)
    except OSError:
        return None


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    m, s = divmod(seconds, 60)
    if m < 60:
        return f"{m} min {s:02d} s"
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min"


class Progress:
    """Count items done in a loop of known length and report, throttled.

    >>> p = Progress(10, "corpus")          # fewer than 200 items: silent
    >>> p.stream is None
    True
    >>> p.update(); p.close()
    >>> p.done
    1
    """

    def __init__(
        self,
        total: int,
        label: str,
        unit: str = "documents",
        min_total: int = MIN_TOTAL,
        interval: float = INTERVAL,
        stream: IO[str] | None = None,
        clock=time.monotonic,
    ):
        self.total, self.label, self.unit = int(total), label, unit
        self.interval, self.clock = interval, clock
        self.done = 0
        self.start = self.last = clock()
        self._owned = False
        if total < min_total:
            self.stream = None
        elif stream is not None:
            self.stream = stream
        else:
            self.stream = _open_target()
            self._owned = self.stream is not None and self.stream not in (sys.stderr, sys.stdout)
        try:
            self.tty = bool(self.stream is not None and self.stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        self._next_step = 0.1  # for logs: report at each further 10 %
        self._written = False

    def line(self, now: float | None = None) -> str:
        """The progress line as it stands."""
        now = self.clock() if now is None else now
        elapsed = now - self.start
        pct = 100.0 * self.done / self.total if self.total else 100.0
        text = f"{self.label}: {self.done:,}/{self.total:,} {self.unit} ({pct:.0f}%), {_duration(elapsed)} elapsed"
        if 0 < self.done < self.total:
            text += f", about {_duration(elapsed * (self.total - self.done) / self.done)} left"
        return text

    def _write(self, text: str, final: bool = False) -> None:
        try:
            if self.tty:
                self.stream.write("\r\x1b[K" + text + ("\n" if final else ""))
            else:
                self.stream.write(text + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = None
        self._written = True

    def update(self, n: int = 1) -> None:
        """Mark ``n`` more items done; report if it is time."""
        self.done += n
        if self.stream is None:
            return
        now = self.clock()
        if now - self.last < self.interval:
            return
        if not self.tty:
            fraction = self.done / self.total if self.total else 1.0
            if fraction < self._next_step:
                return
            self._next_step = (int(fraction * 10) + 1) / 10
        self.last = now
        self._write(self.line(now))

    def close(self) -> None:
        """Report the total time (only if something was reported) and release the stream."""
        if self.stream is not None and self._written:
            self._write(f"{self.label}: {self.done:,} {self.unit} in {_duration(self.clock() - self.start)}", final=True)
        if self._owned and self.stream is not None:
            try:
                self.stream.close()
            except OSError:
                pass
        self.stream = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def track(items: Iterable[T], label: str, total: int | None = None, unit: str = "documents", **kw) -> Iterator[T]:
    """Iterate over ``items`` reporting progress (``total`` defaults to ``len(items)``).

    >>> list(track([1, 2, 3], "demo"))
    [1, 2, 3]
    """
    if total is None:
        total = len(items)  # type: ignore[arg-type]
    with Progress(total, label, unit, **kw) as p:
        for item in items:
            yield item
            p.update()
