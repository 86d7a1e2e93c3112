"""pipeline.progress: throttled, silent for small corpora, never in a notebook's streams."""

from __future__ import annotations

import io

from pipeline import progress
from pipeline.progress import Progress, track


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_a_log_gets_a_line_per_10_percent_at_most_every_interval():
    clock, out = Clock(), io.StringIO()
    p = Progress(1000, "corpus", stream=out, clock=clock, interval=2.0)
    for i in range(1000):
        clock.t += 0.01  # 10 s in all: 1000 items at 10 ms
        p.update()
    p.close()
    lines = out.getvalue().splitlines()
    # 10 % = 100 items = 1 s < 2 s interval, so every other 10 % step: 20 %, 40 %, ... 100 %, then the total.
    assert lines[0] == "corpus: 200/1,000 documents (20%), 2 s elapsed, about 8 s left"
    assert lines[1] == "corpus: 400/1,000 documents (40%), 4 s elapsed, about 6 s left"
    assert lines[-1] == "corpus: 1,000 documents in 10 s"
    assert len(lines) == 6


def test_small_corpora_are_silent():
    out = io.StringIO()
    with Progress(199, "corpus", stream=out, interval=0) as p:
        for _ in range(199):
            p.update()
    assert out.getvalue() == ""


def test_target_from_the_environment(tmp_path, monkeypatch):
    log = tmp_path / "progress.log"
    monkeypatch.setenv(progress.ENV, str(log))
    items = list(track(range(300), "textstats", interval=0))
    assert items == list(range(300))
    text = log.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("textstats: 30/300 documents (10%)")
    assert text.splitlines()[-1].startswith("textstats: 300 documents in ")
    monkeypatch.setenv(progress.ENV, "off")
    assert Progress(300, "x").stream is None


def test_runner_target_is_this_process_stderr():
    assert progress.runner_target() in (f"/proc/{__import__('os').getpid()}/fd/2", "/dev/tty", "off")
