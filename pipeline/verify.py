"""Check that a clean rerun reproduces the published outputs: ``make verify``.

Copies the repository (the files git tracks, as they are now) into a
temporary folder, runs the whole pipeline there from clean with the real
``dvc repro``, and compares the hash of every output with the one recorded
in the committed ``dvc.lock``. Prints one line per output and a summary
("N of N outputs reproduced byte for byte"); when some differ, says why
they may (edited inputs, different package versions). Exits 1 if any differ.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import yaml

from .config import find_root


def lock_entries(lock: dict, kind: str) -> dict[str, str]:
    """``path -> md5`` for every ``outs`` or ``deps`` entry of a parsed dvc.lock."""
    out = {}
    for stage in (lock or {}).get("stages", {}).values():
        for entry in stage.get(kind, []):
            out[entry["path"]] = entry.get("md5", "")
    return out


def git(root: Path, *args: str, env=None) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout


def committed_lock(root: Path) -> dict:
    """dvc.lock as committed at HEAD (falls back to the working copy outside git)."""
    try:
        return yaml.safe_load(git(root, "show", "HEAD:dvc.lock"))
    except (subprocess.CalledProcessError, FileNotFoundError):
        return yaml.safe_load((root / "dvc.lock").read_text(encoding="utf-8"))


def copy_tracked(root: Path, dest: Path, untracked: bool = False) -> Path:
    """Copy the files git tracks (with ``untracked``, also those it would track) into a new repository."""
    extra = ("--others", "--exclude-standard") if untracked else ()
    files = git(root, "ls-files", "--cached", *extra, "-z").split("\0")
    for rel in sorted(files):
        if rel and (root / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, dest / rel)
    env = {**os.environ, "GIT_AUTHOR_NAME": "verify", "GIT_AUTHOR_EMAIL": "verify@localhost",
           "GIT_COMMITTER_NAME": "verify", "GIT_COMMITTER_EMAIL": "verify@localhost"}
    git(dest, "init", "-q")
    git(dest, "add", "-A", env=env)
    git(dest, "commit", "-q", "-m", "verify", env=env)
    return dest


def package_drift(requirements: Path) -> list[str]:
    """Installed packages whose version differs from the pin in requirements.txt."""
    drift = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" not in line:
            continue
        name, pinned = line.split("==", 1)
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != pinned:
            drift.append(f"{name} {installed} (pinned {pinned})")
    return drift


def compare(published: dict, rerun: dict) -> tuple[list[tuple[str, bool]], list[str]]:
    """Per output: (path, reproduced?); and the inputs whose hash differs from the published run."""
    old_outs, new_outs = lock_entries(published, "outs"), lock_entries(rerun, "outs")
    results = [(path, new_outs.get(path) == md5) for path, md5 in sorted(old_outs.items())]
    old_deps, new_deps = lock_entries(published, "deps"), lock_entries(rerun, "deps")
    edited = sorted(p for p, md5 in old_deps.items() if p in new_deps and new_deps[p] != md5)
    return results, edited


def report(results, edited, drift) -> str:
    n_ok = sum(ok for _, ok in results)
    lines = [f"{'reproduced' if ok else 'DIFFERS   '}  {path}" for path, ok in results]
    if n_ok == len(results):
        lines.append(f"{n_ok} of {len(results)} outputs reproduced byte for byte.")
        return "\n".join(lines)
    lines.append(f"{n_ok} of {len(results)} outputs reproduced byte for byte; "
                 f"{len(results) - n_ok} differ from the committed dvc.lock.")
    if edited:
        lines.append("Inputs that differ from those of the published run (edited inputs give different outputs): "
                     + ", ".join(edited))
    if drift:
        lines.append("Installed packages that differ from requirements.txt (rerun `make distclean && make`): "
                     + "; ".join(drift[:10]) + (" ..." if len(drift) > 10 else ""))
    if not edited and not drift:
        lines.append("Inputs and packages match: the difference comes from the code or the platform "
                     "(a different CPU or OS can change the last bits of floats and PNG rendering).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.verify", description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and print where it is")
    args = parser.parse_args(argv)
    root = find_root()
    published = committed_lock(root)
    tmp = Path(tempfile.mkdtemp(prefix="asean-wps-verify-"))
    try:
        copy_tracked(root, tmp)
        print(f"Rerunning the pipeline from clean in {tmp} ...", flush=True)
        env = {**os.environ, "DVC_NO_ANALYTICS": "1",
               "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
        env.pop("ASEANWPS_ROOT", None)
        dvc = shutil.which("dvc", path=env["PATH"]) or "dvc"
        proc = subprocess.run([dvc, "repro", "--force"], cwd=tmp, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:], sep="\n", file=sys.stderr)
            print("error: the pipeline failed during the rerun (see above); nothing was compared.", file=sys.stderr)
            return 1
        rerun = yaml.safe_load((tmp / "dvc.lock").read_text(encoding="utf-8"))
        results, edited = compare(published, rerun)
        print(report(results, edited, package_drift(root / "requirements.txt")))
        return 0 if all(ok for _, ok in results) else 1
    finally:
        if args.keep:
            print(f"kept the rerun in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
