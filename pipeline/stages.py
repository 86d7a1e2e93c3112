"""The stage registry: every stage of the pipeline, what it reads and writes, and ``dvc.yaml`` made from it.

Each stage is a driver module with ``run(paths, params)``, called once by its
notebook (which papermill executes) or, for the report, by the module's own
``main``. The registry imports the drivers by name, so what the pipeline is
made of is what this module's imports say; the data dictionary, the parameter
reference and ``dvc.yaml`` are all derived from it.

A stage's code dependencies are not listed by hand: they are the pipeline
modules its driver and its notebooks import, directly or inside a function,
followed transitively (:func:`code_deps`), plus those of the runner. So a
change to ``pipeline/corpus.py`` reruns every stage that imports it, and
only those. ``python -m pipeline.stages`` writes ``dvc.yaml``; a test fails
when the file differs from what the registry says.
"""

from __future__ import annotations

import ast
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from . import actors, corpus, network, params, report, statements, textstats
from .files import atomic_write_text
from .graphio import EXPORTS
from .schema import ACTORS_TABLES, CORPUS_TABLES, NETWORK_TABLES, STATEMENTS_TABLES, TEXTSTATS_TABLES, Table

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE = PACKAGE_DIR.name

#: Files beside the code that a module reads (its imports cannot say so).
MODULE_DATA = {"figures": ("pipeline/wps.mplstyle",)}


@dataclass(frozen=True)
class Stage:
    name: str
    driver: ModuleType
    #: The notebook papermill runs (under notebooks/); ``None`` for a stage run by its module's ``main``.
    notebook: str | None
    #: Keys of params.yaml the stage reads: a whole section ("corpus") or one key ("actors.gazetteer").
    params: tuple[str, ...]
    #: Data and configuration files or folders it reads (relative to the root).
    inputs: tuple[str, ...]
    #: The tables it writes (declared in :mod:`pipeline.schema`), under data/processed/.
    tables: tuple[Table, ...]
    #: What else it writes: folders, exports.
    other_outputs: tuple[str, ...]
    #: Other notebooks it executes (the report renders the reader notebooks).
    reader_notebooks: tuple[str, ...] = ()

    @property
    def outputs(self) -> tuple[str, ...]:
        tables = tuple(f"data/processed/{t.file}" for t in self.tables)
        if self.name == "corpus":  # the cleaned texts first, as the story reads
            return (*self.other_outputs, *tables)
        return (*tables, *self.other_outputs)

    @property
    def command(self) -> str:
        if self.notebook is None:
            return f"python -m {self.driver.__name__}"
        return f"python -m {PACKAGE}.run {self.name} notebooks/{self.notebook}"

    @property
    def executed(self) -> str | None:
        return f"reports/executed/{self.notebook}" if self.notebook else None


PROCESSED = "data/processed"
CHECK = params.CHECK_OUTPUT

#: The stages in the order of the story (and of ``dvc.yaml``).
STAGES: tuple[Stage, ...] = (
    Stage("check_params", params, None, (), ("params.yaml",), (), (CHECK,)),
    Stage("corpus", corpus, "01_corpus.ipynb", ("corpus",),
          ("data/raw", "config/cleaning.yaml", "config/clauses.yaml", "config/abbreviations.txt", "config/genres.yaml"),
          tuple(CORPUS_TABLES), ("data/processed/clean",)),
    Stage("textstats", textstats, "02_textstats.ipynb", ("textstats", "groups", "figure"),
          ("config/stopwords.txt", "config/dictionaries", "data/processed/clean", "data/processed/documents.csv",
           "data/processed/segments.csv", "data/processed/document_attributes.csv"),
          tuple(TEXTSTATS_TABLES), ("figures/textstats", "reports/tables/textstats")),
    Stage("actors", actors, "03_actors.ipynb", ("actors",),
          ("config/gazetteer.yaml", "config/recogniser.yaml", "data/gold/seeds.yaml", "data/processed/clean",
           "data/processed/documents.csv", "data/processed/segments.csv"),
          tuple(ACTORS_TABLES), ()),
    Stage("network", network, "04_network.ipynb",
          ("network", "actors.gazetteer", "groups", "textstats.figure_max_docs", "figure"),
          ("config/gazetteer.yaml", "data/processed/actor_entities.csv", "data/processed/actor_mentions.csv",
           "data/processed/documents.csv", "data/processed/segments.csv", "data/processed/document_attributes.csv"),
          tuple(NETWORK_TABLES), tuple(f"data/processed/{f}" for f in EXPORTS) + ("figures/network", "reports/tables/network")),
    Stage("statements", statements, "06_statements.ipynb", ("statements", "actors.gazetteer", "textstats.dictionaries",
                                                             "figure"),
          ("config/gazetteer.yaml", "config/commitment.yaml", "config/dictionaries", "data/processed/actor_entities.csv",
           "data/processed/actor_mentions.csv", "data/processed/documents.csv", "data/processed/segments.csv"),
          tuple(STATEMENTS_TABLES), tuple(f"data/processed/{f}" for f in statements.EXPORT_FILES)
          + ("figures/statements", "reports/tables/statements")),
    Stage("report", report, None, (),
          (PROCESSED, "figures/textstats", "figures/network", "reports/tables/textstats", "reports/tables/network",
           "reports/executed/01_corpus.ipynb", "reports/executed/02_textstats.ipynb",
           "reports/executed/03_actors.ipynb", "reports/executed/04_network.ipynb",
           "figures/statements", "reports/tables/statements", "reports/executed/06_statements.ipynb"),
          (), ("figures/manifest.csv", "figures/README.md", "reports/html"),
          reader_notebooks=report.READER_NOTEBOOKS),
)

BY_NAME = {s.name: s for s in STAGES}


# ---------------------------------------------------------------- code dependencies


def module_imports(path: Path) -> set[str]:
    """The pipeline modules a file imports anywhere in it (inside functions too), by module name.

    >>> sorted(module_imports(PACKAGE_DIR / "actors.py"))[:3]
    ['candidates', 'config', 'corpus']
    """
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    else:
        source = path.read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1 or base == PACKAGE:  # from . import x / from pipeline import x
                targets = [base] if node.level == 1 and base else [a.name for a in node.names]
            elif base.startswith(PACKAGE + "."):
                targets = [base.split(".", 1)[1]]
            else:
                continue
            found.update(t.split(".")[0] for t in targets)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith(PACKAGE + "."))
    return {m for m in found if (PACKAGE_DIR / f"{m}.py").is_file()}


def closure(modules: set[str]) -> set[str]:
    """``modules`` and every pipeline module they import, transitively."""
    seen: set[str] = set()
    todo = sorted(modules)
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo += sorted(module_imports(PACKAGE_DIR / f"{m}.py") - seen)
    return seen


def code_deps(stage: Stage, root: Path) -> list[str]:
    """Every code file whose change can change the stage's outputs, relative to the root."""
    start = {stage.driver.__name__.split(".")[-1]}
    for nb in filter(None, (stage.notebook, *stage.reader_notebooks)):
        start |= module_imports(root / "notebooks" / nb)
    if stage.notebook:
        start.add("run")  # the runner: parameters, papermill, normalising the executed notebook
    modules = closure(start)
    files = {f"{PACKAGE}/{m}.py" for m in modules} | {f"{PACKAGE}/__init__.py"}
    files |= {f for m in modules for f in MODULE_DATA.get(m, ())}
    return sorted(files)


def param_keys(stage: Stage) -> list[str]:
    """The ``params`` entries of the stage in ``dvc.yaml``: one per key it reads."""
    keys = []
    for entry in stage.params:
        section, _, key = entry.partition(".")
        keys += [f"{section}.{key}"] if key else [f"{section}.{k}" for k in params.specs(section)]
    return keys


def missing_code_deps(spec: dict, root: Path) -> list[str]:
    """Every code file a stage imports that its entry in ``spec`` (a parsed ``dvc.yaml``) does not list."""
    found = []
    for s in STAGES:
        listed = set(spec.get("stages", {}).get(s.name, {}).get("deps", []))
        found += [f"{s.name}: {f} is imported but not in its deps" for f in code_deps(s, root) if f not in listed]
    return found


# ---------------------------------------------------------------- dvc.yaml

HEADER = """\
# Generated from the stage registry (pipeline/stages.py) by `make dvc-yaml`; do not edit by hand.
# Each stage runs one driver: through its notebook (papermill) or, for check_params and report, directly.
# Code deps are the pipeline modules the stage imports; `params` lists only the keys it reads,
# so a change reruns only what needs it. check_params validates all of params.yaml on every repro.
"""


def dvc_spec(root: Path) -> dict:
    stages = {}
    for s in STAGES:
        deps = []
        if s.notebook:
            deps.append(f"notebooks/{s.notebook}")
        deps += [f"notebooks/{nb}" for nb in s.reader_notebooks]
        deps += code_deps(s, root)
        deps += list(s.inputs)
        if s.name != "check_params":
            deps.append(CHECK)
        entry: dict = {"cmd": s.command, "deps": deps}
        if s.params:
            entry["params"] = param_keys(s)
        entry["outs"] = list(s.outputs) + ([s.executed] if s.executed else [])
        stages[s.name] = entry
    return {"stages": stages}


def render_dvc_yaml(root: Path) -> str:
    import yaml

    return HEADER + yaml.safe_dump(dvc_spec(root), sort_keys=False, width=120)


def main() -> int:
    from .config import paths as project_paths

    root = project_paths().root
    atomic_write_text(root / "dvc.yaml", render_dvc_yaml(root))
    print("wrote dvc.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
