"""Sharing computed results through a DVC remote, for real, with a local-directory remote.

A team member runs the pipeline and pushes its outputs; a colleague clones the
repository afresh, pulls, and has every output back without running any stage.
This is the recipe of the README's "Sharing results through a DVC remote".
"""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import copy_repo, dvc, tree_digest, tool_env

pytestmark = pytest.mark.slow

OUTPUT_DIRS = ("data/processed", "figures", "reports/executed", "reports/tables")


def git(root, *args: str) -> subprocess.CompletedProcess:
    env = {**tool_env(root), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)


def outputs(root) -> dict[str, str]:
    out = {}
    for rel in OUTPUT_DIRS:
        if (root / rel).is_dir():
            out.update({f"{rel}/{k}": v for k, v in tree_digest(root / rel).items() if not k.endswith(".gitignore")})
    return out


def test_push_then_pull_into_a_fresh_clone_restores_every_output(tmp_path):
    origin = copy_repo(tmp_path / "origin")
    remote = tmp_path / "remote"

    # 1. Compute, record, and share.
    dvc(origin, "repro")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "--allow-empty", "-m", "results")
    dvc(origin, "remote", "add", "-d", "shared", str(remote))
    git(origin, "add", ".dvc/config")
    git(origin, "commit", "-q", "-m", "share results through a DVC remote")
    pushed = dvc(origin, "push")
    assert remote.is_dir() and any(remote.rglob("*")), pushed.stdout
    produced = outputs(origin)
    assert "data/processed/documents.csv" in produced and any(k.startswith("figures/") for k in produced)

    # 2. A colleague clones afresh: no outputs, no cache.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert outputs(clone) == {}
    assert not (clone / ".dvc/cache").exists()
    assert "shared" in dvc(clone, "remote", "list").stdout

    # 3. Pull: every output is back, byte for byte, and nothing needs to run.
    pulled = dvc(clone, "pull")
    assert outputs(clone) == produced, pulled.stdout + pulled.stderr
    status = dvc(clone, "status")
    assert "Data and pipelines are up to date" in status.stdout, status.stdout
    repro = dvc(clone, "repro")
    assert re.findall(r"Running stage '([^']+)'", repro.stdout) == [], repro.stdout
    assert "Data and pipelines are up to date" in repro.stdout


def test_pull_without_a_remote_says_how_to_configure_one(tmp_path):
    root = copy_repo(tmp_path / "repo")
    proc = dvc(root, "pull", check=False)
    assert proc.returncode != 0
    assert "No remote provided and no default remote set." in proc.stderr, proc.stderr
