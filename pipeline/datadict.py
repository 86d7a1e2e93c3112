"""Render the data dictionary and the parameter reference from the schemas.

``python -m pipeline.datadict`` writes ``docs/data_dictionary.md`` (every
output table and column, from each stage's ``TABLES``) and
``docs/parameters.md`` (every key of ``params.yaml``, from each stage's
``PARAMS``). A test fails when either file is out of date.
"""

from __future__ import annotations

import importlib
import sys

from . import params as params_mod
from .config import paths as project_paths
from .tables import atomic_write_text, render_markdown

DICTIONARY_INTRO = """\
# Data dictionary

Every file the pipeline writes, and every column of every table. Generated from the
field metadata in `pipeline/` (the same metadata that validates each table as it is
written) by `make datadict`; do not edit by hand.

All CSV files are UTF-8 with a header row and `\\n` line ends; floats carry six
significant digits; rows are sorted by the key given for each table.

## Corpus stage (`notebooks/01_corpus.ipynb`)

### `data/processed/clean/<doc_id>.txt`

The cleaned text of each document: boilerplate removed (see `cleaning_audit.csv`),
markdown reduced to plain text, white space normalised, one paragraph per block,
blocks separated by one blank line, ending with a newline. Offsets in every table
refer to this text.
"""

PARAMS_INTRO = """\
# Parameters

Every key of `params.yaml`, generated from the schema in `pipeline/` by
`make datadict`; do not edit by hand. Every key is checked before any notebook runs:
an unknown key, a missing key or a value of the wrong type stops the pipeline with a
message naming the key. Change a value, then run `make` (or `dvc repro`): only the
stages that read it, and those downstream, rerun.
"""


def stage_modules():
    return {stage: importlib.import_module(mod) for stage, mod in params_mod.STAGE_MODULES.items()}


REPORT_OUTPUTS = """\
## Report stage (`python -m pipeline.report`)

### `figures/<stage>/<figure>.{{pdf,svg,png}}` and `figures/<stage>/<figure>.json`

Every figure in each format of the `figure.formats` parameter (PDF and SVG with fonts
embedded and no dates, PNG at `figure.dpi`), beside a JSON provenance record: `figure`,
`caption`, `files`, `sources` (each data file's `path` and `sha256`), `stage`, `notebook`
and `parameters` (as the notebook received them).

### `figures/manifest.csv` and `figures/README.md`

The figure manifest: the provenance records of all figures in one table (columns below)
and as a page to read.

{manifest}
### `reports/tables/<stage>/<table>.{{tex,md}}`

Key tables for papers, as a LaTeX `table` with booktabs rules (`\\usepackage{{booktabs}}`)
and as a Markdown pipe table, each with its caption.

### `reports/executed/<notebook>.ipynb` and `reports/html/`

Each stage's notebook as executed by the pipeline (timestamps and temporary paths removed,
so reruns are byte-identical), and the same notebooks as static HTML with `index.html`
linking them, the figures and the tables.
"""


def render_dictionary() -> str:
    from .report import FIGURE_MANIFEST

    parts = [DICTIONARY_INTRO]
    for stage, module in stage_modules().items():
        if stage != "corpus":
            parts.append(f"## {stage.capitalize()} stage (`notebooks/{module.NOTEBOOK}`)\n")
        parts.append(render_markdown(module.TABLES))
        if getattr(module, "OTHER_OUTPUTS", ""):
            parts.append(module.OTHER_OUTPUTS.rstrip() + "\n")
    manifest = render_markdown([FIGURE_MANIFEST]).replace("`data/processed/manifest.csv`", "`figures/manifest.csv`")
    parts.append(REPORT_OUTPUTS.format(manifest=manifest.split("\n", 2)[2]))
    return "\n".join(parts).rstrip() + "\n"


def render_parameters() -> str:
    parts = [PARAMS_INTRO]
    for stage, name in params_mod.sections().items():
        module = importlib.import_module(name)
        where = f"`notebooks/{module.NOTEBOOK}`" if hasattr(module, "NOTEBOOK") else "shared by the stages that draw figures"
        parts.append(f"## `{stage}` ({where})\n")
        parts.append("| key | type | default | meaning |\n|---|---|---|---|")
        for key, p in module.PARAMS.items():
            allowed = ""
            if p.choices:
                allowed = f" One of: {', '.join(f'`{c}`' for c in p.choices)}."
            if p.minimum is not None or p.maximum is not None:
                lo = "" if p.minimum is None else f"at least {p.minimum}"
                hi = "" if p.maximum is None else f"at most {p.maximum}"
                allowed += f" {' and '.join(x for x in (lo, hi) if x).capitalize()}."
            parts.append(f"| `{stage}.{key}` | {p.type.__name__} | `{p.default!r}` | {p.help}{allowed} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def main() -> int:
    P = project_paths()
    atomic_write_text(P.docs / "data_dictionary.md", render_dictionary())
    atomic_write_text(P.docs / "parameters.md", render_parameters())
    print("wrote docs/data_dictionary.md and docs/parameters.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
