"""Throughput of the textstats tokenise-and-count path against a plain baseline.

Builds a corpus of about 10 MB by recombining the real documents' segments
(seeded), then times, in the same run and on the same text:

- baseline: ``collections.Counter(re.findall(TOKEN_PATTERN, text))``
- ours: ``Counter(TermMaker(mwes).terms(words(text)))``: the project's tokens
  (NLTK's regex engine, possessives dropped), lower-cased, multiword
  expressions joined by NLTK's MWETokenizer, counted.

Run: ``python benchmarks/bench_textstats.py [--mb 10] [--repeat 3]``. The
best of ``--repeat`` runs is reported for each. Target: ours within 3x of the
baseline.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402
from pipeline.tokens import DEFAULT_MWES, TOKEN_PATTERN, TermMaker, words


def build_text(mb: float, seed: int = 2025) -> str:
    """About ``mb`` megabytes (UTF-8) of the real corpus's segments, shuffled with a fixed seed."""
    built = synth.real_corpus()
    pieces = list(built.segments["text"])
    rng = random.Random(seed)
    out, size, target = [], 0, int(mb * 1_000_000)
    while size < target:
        rng.shuffle(pieces)
        for p in pieces:
            out.append(p)
            size += len(p.encode("utf-8")) + 2
            if size >= target:
                break
    return "\n\n".join(out)


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, best reported (default 3)")
    args = ap.parse_args(argv)
    text = build_text(args.mb)
    mb = len(text.encode("utf-8")) / 1e6
    pattern = re.compile(TOKEN_PATTERN)
    maker = TermMaker(DEFAULT_MWES)

    t_base, base = best_of(lambda: Counter(pattern.findall(text)), args.repeat)
    t_ours, ours = best_of(lambda: Counter(maker.terms(words(text))), args.repeat)

    ratio = t_ours / t_base
    print(f"corpus: {mb:.2f} MB, {sum(base.values()):,} baseline tokens, {sum(ours.values()):,} terms")
    print(f"baseline re.findall + Counter : {t_base:6.3f} s  {mb / t_base:7.2f} MB/s")
    print(f"textstats words + MWE + Counter: {t_ours:6.3f} s  {mb / t_ours:7.2f} MB/s")
    print(f"ratio (ours / baseline time)   : {ratio:.2f}x  (target: within 3x) -> {'OK' if ratio <= 3 else 'SLOWER THAN TARGET'}")
    return {"mb": mb, "baseline_s": t_base, "ours_s": t_ours, "ratio": ratio}


if __name__ == "__main__":
    main()
