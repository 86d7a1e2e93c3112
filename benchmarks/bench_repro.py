"""A clean ``dvc repro`` of the shipped corpus against its floor, measured side by side.

The floor of a stage is what any papermill stage costs before it does any work: a fresh
``python -m papermill`` process running a notebook that only imports pandas, matplotlib,
networkx and nltk (process start, papermill, a kernel, the imports). The pipeline's floor is
that, once for each stage of the original pipeline (corpus, textstats, actors, network,
report). This script

1. copies the repository as a fresh clone would have it into a scratch folder,
2. measures the floor notebook ``--repeat`` times and takes the median,
3. runs the real ``dvc repro`` from clean there ``--repeat`` times (each in a new copy), with
   every stage's command timed (``bench_scale.py --time-stage``), and takes the median,
4. prints each stage's time, the total, and the ratio total / floor (target: at most 1.5).

The check_params stage and DVC's own work count in the total but add nothing to the floor.

Usage::

    python benchmarks/bench_repro.py              # --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

from bench_scale import TIMINGS_ENV, wrap_stage_commands  # noqa: E402

#: The stages whose floor the target counts (those of the pipeline before check_params).
FLOOR_STAGES = ("corpus", "textstats", "actors", "network", "statements", "report")


def env_for(root: Path, timings: Path | None = None) -> dict:
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "DVC_NO_ANALYTICS": "1"}
    env.pop("ASEANWPS_ROOT", None)
    if timings:
        env[TIMINGS_ENV] = str(timings)
    return env


def floor_seconds(folder: Path) -> float:
    """One papermill run, in a fresh process, of a notebook that only imports the core packages."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import pandas, matplotlib.pyplot, networkx, nltk")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src, out = folder / "floor.ipynb", folder / "floor.out.ipynb"
    nbformat.write(nb, src)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "papermill", str(src), str(out), "-k", "python3", "--no-progress-bar"],
                   check=True, capture_output=True, env=env_for(folder))
    return time.perf_counter() - t0


def clean_run(root: Path) -> dict:
    """``dvc repro`` in a fresh copy at ``root``: total seconds and seconds per stage."""
    from conftest import copy_repo

    copy_repo(root)
    wrap_stage_commands(root)
    timings = root / "timings.jsonl"
    t0 = time.perf_counter()
    proc = subprocess.run([os.path.join(Path(sys.executable).parent, "dvc"), "repro"], cwd=root,
                          env=env_for(root, timings), capture_output=True, text=True)
    total = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"dvc repro failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    stages = {json.loads(x)["stage"]: json.loads(x)["seconds"] for x in timings.read_text().splitlines()}
    return {"total": total, "stages": stages}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement; medians are reported")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aseanwps-repro-") as tmp:
        base = Path(tmp)
        floors, runs = [], []
        for i in range(args.repeat):  # interleaved, so that both see the same machine load
            floors.append(floor_seconds(base))
            runs.append(clean_run(base / f"run{i}"))
    floor = statistics.median(floors)
    total = statistics.median(r["total"] for r in runs)
    names = list(runs[0]["stages"])
    print(f"floor: papermill run of an import-only notebook, median of {args.repeat}: {floor:.2f} s "
          f"(runs: {', '.join(f'{f:.2f}' for f in floors)})")
    print(f"{'stage':<14} {'seconds':>8} {'x floor':>8}")
    for name in names:
        t = statistics.median(r["stages"][name] for r in runs)
        print(f"{name:<14} {t:>8.2f} {t / floor:>8.2f}")
    pipeline_floor = floor * len(FLOOR_STAGES)
    totals = ", ".join(f"{r['total']:.1f}" for r in runs)
    print(f"{'dvc repro':<14} {total:>8.2f}   (DVC's own work included; runs: {totals})")
    print(f"clean run / floor ({len(FLOOR_STAGES)} stages x {floor:.2f} s = {pipeline_floor:.1f} s): "
          f"{total / pipeline_floor:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
