"""Run one stage's notebook through papermill: ``python -m pipeline.run STAGE NOTEBOOK``.

This is the command of every notebook stage in ``dvc.yaml`` (generated from
:mod:`pipeline.stages`). It

1. validates all of ``params.yaml`` against the schema (papermill itself
   only warns about unknown parameters),
2. executes the notebook with ``params``: the keys of ``params.yaml`` that the
   stage's entry in ``dvc.yaml`` lists, as ``{section: {key: value}}``,
3. normalises the executed notebook (timestamps, durations, absolute paths)
   so that a rerun gives the same bytes, and keeps it in ``reports/executed/``,
4. on failure prints one message (a problem with the inputs in the driver's
   own words; any other error with the notebook cell it came from), removes
   the stage's outputs so no later stage can read a half-written product, and
   exits non-zero.

It imports no stage module: the notebook's kernel does the work, and this
process stays light (it runs once per stage).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# jsonschema (through nbformat) builds a Lark grammar for IRI formats at import, 1.5 s of
# every stage; nbformat never checks that format, so the optional module is left out here.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
import yaml  # noqa: E402

from . import params as params_mod  # noqa: E402
from . import progress  # noqa: E402
from .config import Paths, paths as project_paths  # noqa: E402
from .errors import USER_ERRORS, PipelineError  # noqa: E402
from .files import atomic_write_text  # noqa: E402

KERNEL = "python3"
_VOLATILE_CELL_KEYS = ("start_time", "end_time", "duration")


def stage_entry(paths: Paths, stage: str) -> dict:
    """The stage's entry in ``dvc.yaml``."""
    spec = yaml.safe_load((paths.root / "dvc.yaml").read_text(encoding="utf-8"))
    return spec.get("stages", {}).get(stage, {})


def stage_outputs(paths: Paths, stage: str) -> list[Path]:
    """The ``outs`` that ``dvc.yaml`` declares for ``stage``."""
    outs = stage_entry(paths, stage).get("outs", [])
    return [paths.root / (o if isinstance(o, str) else next(iter(o))) for o in outs]


def remove_outputs(outs: list[Path]) -> None:
    for out in outs:
        if out.is_dir():
            shutil.rmtree(out)
        elif out.exists():
            out.unlink()


def _relative(path: Path | str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def normalise_notebook(nb: "nbformat.NotebookNode", root: Path, output_path: Path) -> "nbformat.NotebookNode":
    """Drop what changes from run to run: timings, absolute or temporary paths, cell and widget ids."""
    pm = nb.metadata.get("papermill", {})
    for key in (*_VOLATILE_CELL_KEYS, "environment_variables"):
        pm.pop(key, None)
    if pm.get("input_path"):
        pm["input_path"] = _relative(pm["input_path"], root)
    if "output_path" in pm:
        pm["output_path"] = _relative(output_path, root)
    nb.metadata.pop("widgets", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"  # papermill gives its injected cell a random id
        cell.metadata.pop("execution", None)
        cpm = cell.metadata.get("papermill", {})
        for key in _VOLATILE_CELL_KEYS:
            cpm.pop(key, None)
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and "application/vnd.jupyter.widget-view+json" in data:
                del data["application/vnd.jupyter.widget-view+json"]
    return nb


def record_provenance(outs: list[Path], stage: str, notebook: str, parameters: dict) -> None:
    """Add the notebook and parameters to each figure's sidecar (written by ``save_figure``)."""
    for out in outs:
        if not out.is_dir() or out.parent.name != "figures":
            continue
        for sidecar in sorted(out.glob("*.json")):
            record = json.loads(sidecar.read_text(encoding="utf-8"))
            record.update(stage=stage, notebook=f"notebooks/{notebook}", parameters=parameters)
            atomic_write_text(sidecar, json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def describe_cell(executed: Path, index: int) -> str:
    """Name a cell of an executed notebook as its author sees it in ``notebooks/``.

    Papermill inserts a cell of injected parameters, so the executed
    notebook's cell ``index`` is one further down than in the source.

    >>> import nbformat.v4 as v4, tempfile, os
    >>> nb = v4.new_notebook(cells=[v4.new_markdown_cell("# T"), v4.new_code_cell("x = 1"),
    ...     v4.new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]}), v4.new_code_cell("1/0  # boom")])
    >>> path = os.path.join(tempfile.mkdtemp(), "n.ipynb"); nbformat.write(nb, path)
    >>> describe_cell(path, 3)
    'cell 3 (counting from 1), which starts `1/0  # boom`'
    """
    try:
        nb = nbformat.read(str(executed), as_version=4)
    except (OSError, ValueError):
        return f"cell {index}"
    # Papermill also puts an error banner at the top of a failed notebook; the index ignores it.
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    if not 0 <= index < len(cells):
        return f"cell {index}"
    cell = cells[index]
    injected = [i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])]
    number = index + 1 - sum(1 for i in injected if i < index)
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    return f"cell {number} (counting from 1), which starts `{first[:80]}`"


def _kernel_manager_class():
    """A kernel manager that encrypts the (local) kernel channels when it can.

    ipykernel warns on every start when its ZMQ sockets run over TCP without
    CurveZMQ keys; asking jupyter_client to provision them silences that noise.
    """
    import zmq
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class KernelManager(AsyncKernelManager):
        @default("transport_encryption")
        def _transport_encryption_default(self):
            return "auto" if zmq.has("curve") else "disabled"

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # The kernel process's own log lines ("KeyboardInterrupt caught in kernel") would
            # precede our one-line message; cell output still reaches the notebook, and
            # progress goes to the runner's stderr by path (pipeline.progress).
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return KernelManager


def run_stage(stage: str, notebook_path: str, paths: Paths) -> Path:
    """Execute ``stage``'s notebook; return the executed copy. Raises PipelineError on failure."""
    import papermill as pm  # imported here: slow, and not needed for --help

    name = Path(notebook_path).name
    notebook = paths.root / notebook_path
    target = paths.executed / name
    target.parent.mkdir(parents=True, exist_ok=True)
    outs = stage_outputs(paths, stage)
    # Fail fast, before a kernel starts, with the parameters' own message; whatever the
    # stage made before is removed so that nothing downstream reads it as current.
    try:
        all_params = params_mod.load(paths.params)
    except PipelineError:
        remove_outputs(outs)
        raise
    selected = params_mod.select(all_params, stage_entry(paths, stage).get("params", []))
    parameters = {params_mod.NOTEBOOK_VARIABLE: selected}
    # Long stages report progress on this process's stderr, never into the notebook.
    os.environ.setdefault(progress.ENV, progress.runner_target())
    with tempfile.TemporaryDirectory(prefix=f"{stage}-", dir=target.parent) as tmp:
        tmp_out = Path(tmp) / name
        try:
            pm.execute_notebook(
                str(notebook),
                str(tmp_out),
                parameters=parameters,
                kernel_name=KERNEL,
                cwd=str(paths.root),
                progress_bar=False,
                log_output=False,
                kernel_manager_class=_kernel_manager_class(),
            )
        except pm.PapermillExecutionError as exc:
            remove_outputs(outs)
            failed = target.with_suffix(".failed.ipynb")
            if tmp_out.exists():
                shutil.copyfile(tmp_out, failed)
            where = describe_cell(tmp_out, exc.cell_index)
            kept = failed.relative_to(paths.root)
            if exc.ename in USER_ERRORS:  # a problem with the inputs, in the driver's words
                raise PipelineError(f"{exc.evalue}\n(stage '{stage}' stopped before writing anything; its earlier "
                                    "outputs were removed)") from None
            raise PipelineError(
                f"stage '{stage}' failed in {notebook_path}, {where}: {exc.ename}: {exc.evalue}\n"
                f"The executed notebook, with the full traceback, is {kept}"
            ) from None
        except BaseException:
            remove_outputs(outs)
            raise
        record_provenance(outs, stage, name, selected)
        nb = normalise_notebook(nbformat.read(tmp_out, as_version=4), paths.root, target)
        nbformat.write(nb, str(tmp_out))
        os.replace(tmp_out, target)
    stale = target.with_suffix(".failed.ipynb")
    if stale.exists():
        stale.unlink()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", help="the stage's name in dvc.yaml")
    parser.add_argument("notebook", help="its notebook, relative to the project root")
    args = parser.parse_args(argv)
    paths = project_paths()
    try:
        if not stage_entry(paths, args.stage):
            raise PipelineError(f"dvc.yaml has no stage {args.stage!r}; run `make dvc-yaml` to regenerate it.")
        out = run_stage(args.stage, args.notebook, paths)
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.stage}: done; executed notebook in {out.relative_to(paths.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
