"""Shared fixtures: the real repository, and throw-away copies of it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import shutil

import pytest
import yaml

from pipeline import actors, config, corpus, network, params, statements, textstats
from pipeline.params import Params
from pipeline.verify import copy_tracked

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_paths() -> config.Paths:
    """Paths of the real checkout (inputs only are read from it)."""
    return config.paths(REPO)


#: The parameters the tests read exact values with: the schema's defaults, whatever params.yaml
#: holds, so that a scholar's experiment in params.yaml never breaks the suite.
DEFAULTS = Params()


@pytest.fixture(scope="session")
def inputs_root(tmp_path_factory) -> config.Paths:
    """A scratch project root holding the real corpus and configuration (what the drivers read)."""
    root = tmp_path_factory.mktemp("inputs")
    for folder in ("data/raw", "config"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copyfile(REPO / "dvc.yaml", root / "dvc.yaml")
    (root / "params.yaml").write_text(yaml.safe_dump(params.defaults(), sort_keys=False), encoding="utf-8")
    return config.paths(root)


# The real corpus through the real stage drivers, once per test session, in the scratch root.
@pytest.fixture(scope="session")
def built_corpus(inputs_root):
    return corpus.run(inputs_root, DEFAULTS)


@pytest.fixture(scope="session")
def built(built_corpus):
    """The built corpus under the short name the tests of the comparison modules use."""
    return built_corpus


@pytest.fixture(scope="session")
def built_textstats(inputs_root, built_corpus):
    return textstats.run(inputs_root, DEFAULTS)


@pytest.fixture(scope="session")
def built_actors(inputs_root, built_corpus):
    return actors.run(inputs_root, DEFAULTS)


@pytest.fixture(scope="session")
def built_network(inputs_root, built_actors):
    return network.run(inputs_root, DEFAULTS)


@pytest.fixture(scope="session")
def built_statements(inputs_root, built_actors):
    return statements.run(inputs_root, DEFAULTS)


@pytest.fixture(scope="session")
def real_term_counts(built_textstats):
    """``doc_id, term, count`` of the real corpus: the textstats stage's term frequencies."""
    return built_textstats["term_frequencies"][["doc_id", "term", "count"]].copy()


def copy_repo(dest: Path, default_params: bool = True) -> Path:
    """Copy the checkout as a fresh clone would have it (plus files not yet committed), as a git repository.

    If params.yaml holds a scholar's experiment, the copy gets the schema's defaults instead
    (``default_params``), so that tests that read exact values off the built outputs still hold;
    a params.yaml at its defaults is copied byte for byte, so the copy's dvc.lock can be compared
    with the committed one.
    """
    root = copy_tracked(REPO, dest, untracked=True)
    if default_params and not params_at_defaults():
        (root / "params.yaml").write_text(yaml.safe_dump(params.defaults(), sort_keys=False), encoding="utf-8")
    return root


def params_at_defaults() -> bool:
    """Whether the checkout's params.yaml holds the schema's defaults (the published run's parameters)."""
    return params.load(REPO / "params.yaml").as_dict() == params.defaults()


def lock_records_params() -> bool:
    """Whether dvc.lock was written for the params.yaml beside it (false after an edit not yet run by `make`)."""
    lock = yaml.safe_load((REPO / "dvc.lock").read_text(encoding="utf-8"))
    deps = lock["stages"]["check_params"]["deps"]
    recorded = next(d["md5"] for d in deps if d["path"] == "params.yaml")
    return hashlib.md5((REPO / "params.yaml").read_bytes()).hexdigest() == recorded


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    return copy_repo(tmp_path / "repo")


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder``, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def tool_env(root: Path) -> dict[str, str]:
    """Environment for running the project's commands inside ``root``."""
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "DVC_NO_ANALYTICS": "1",
           "PYTHONPATH": str(root)}
    env.pop("ASEANWPS_ROOT", None)
    return env


def run(cmd: list[str], root: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``cmd`` in ``root`` with the project's environment; return the completed process."""
    proc = subprocess.run(cmd, cwd=root, env=tool_env(root), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def dvc(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run([str(Path(sys.executable).parent / "dvc"), *args], root, check=check)


def run_stage(root: Path, stage: str) -> subprocess.CompletedProcess:
    """The real stage command, as ``dvc.yaml`` gives it, in ``root``."""
    import yaml

    cmd = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8"))["stages"][stage]["cmd"].split()
    return run([sys.executable, *cmd[1:]], root, check=False)


def assert_refused(proc: subprocess.CompletedProcess, message: str) -> None:
    """Exit 1 and one clear message (containing ``message``), no traceback."""
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert message in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") <= 2, proc.stderr
    assert "Traceback" not in proc.stderr


def assert_stage_refuses(root: Path, break_it, message: str, stage: str = "corpus") -> subprocess.CompletedProcess:
    """Break the copy at ``root``, run ``stage``: refused clearly, data/raw untouched, no stale output left."""
    break_it(root)
    raw_before = tree_digest(root / "data/raw")
    stale = root / "data/processed/documents.csv" if stage == "corpus" else None
    if stale is not None:
        stale.parent.mkdir(parents=True, exist_ok=True)
        stale.write_text("left from an earlier run\n", encoding="utf-8")
    proc = run_stage(root, stage)
    assert_refused(proc, message)
    assert tree_digest(root / "data/raw") == raw_before, "data/raw/ was changed"
    if stale is not None:
        assert not stale.exists(), "a stale output was left for later stages to read"
    return proc
