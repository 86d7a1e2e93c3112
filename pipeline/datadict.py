"""Render the data dictionary and the parameter reference from the schemas.

``python -m pipeline.datadict`` writes ``docs/data_dictionary.md`` (every
output table and column, from :mod:`pipeline.schema` through the stage
registry) and ``docs/parameters.md`` (every key of ``params.yaml``, from
the sections of :mod:`pipeline.params`). A test fails when either file is out of date.
"""

from __future__ import annotations

import sys

from . import params as params_mod
from .config import paths as project_paths
from .schema import FIGURE_MANIFEST
from .stages import STAGES
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


#: Outputs of the network stage that are not tables.
NETWORK_EXPORTS = """\
### `data/processed/network.graphml` and `data/processed/network.gexf`

The whole network for Gephi, Cytoscape and igraph (plain GraphML and GEXF 1.2 with typed
attributes): every mentioned actor and instrument is a node, every row of
`actor_edges.csv` an edge (ids `e1`, `e2`, ... in that table's order; two nodes can be
joined by edges of several kinds: tell Gephi not to merge parallel edges on import).
Node attributes: `label` and `name` (canonical name), `type`, `iso3`, `groups` (joined by
';'), `mentions`, `documents`, `degree`, `weighted_degree`, `betweenness`, `eigenvector`,
`community` (as in `actors.csv`; instruments have 0 for the co-mention measures).
Edge attributes: `kind`, `weight` (float) and `documents`.
"""


STATEMENTS_EXPORTS = """\
### `data/processed/commitment_network.{graphml,gexf}`, `commitment_actors.*`, `commitment_concepts.*`

The two-mode actor x concept network of `commitment_edges.csv` (Discourse Network Analyzer's affiliation
network) and its two one-mode projections, for Gephi, Cytoscape and igraph (typed attributes, no missing
values, no dates in the GEXF header). Nodes of the two-mode network: `label`, `mode` (`actor` or
`concept`), `bipartite` (0 actors, 1 concepts), `type` (actor type, `instrument` or `category`),
`n_clauses` and `n_documents`; edges: every column of `commitment_edges.csv` except the two ids, and
`weight` (= `n_clauses`, a float). In `commitment_actors.*` two actors are joined by the concepts both
commit to (`weight` = `n_concepts`, `concepts` lists them); in `commitment_concepts.*` two concepts by the
actors committing to both (`weight` = `n_actors`, `actors`).
"""

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
    parts = [DICTIONARY_INTRO]
    for stage in STAGES:
        if not stage.tables:
            continue
        if stage.name != "corpus":
            parts.append(f"## {stage.name.capitalize()} stage (`notebooks/{stage.notebook}`)\n")
        parts.append(render_markdown(list(stage.tables)))
        if stage.name == "network":
            parts.append(NETWORK_EXPORTS.rstrip() + "\n")
        if stage.name == "statements":
            parts.append(STATEMENTS_EXPORTS.rstrip() + "\n")
    manifest = render_markdown([FIGURE_MANIFEST]).replace("`data/processed/manifest.csv`", "`figures/manifest.csv`")
    parts.append(REPORT_OUTPUTS.format(manifest=manifest.split("\n", 2)[2]))
    return "\n".join(parts).rstrip() + "\n"


def render_parameters() -> str:
    parts = [PARAMS_INTRO]
    for section in params_mod.SECTIONS:
        own = [s for s in STAGES if s.name == section]
        readers = [s.name for s in STAGES if s.name != section and any(e.split(".")[0] == section for e in s.params)]
        where = f"`notebooks/{own[0].notebook}`" if own else "shared by the stages that draw figures"
        if own and readers:
            where += f"; also read by {', '.join(readers)}"
        parts.append(f"## `{section}` ({where})\n")
        parts.append("| key | type | default | meaning |\n|---|---|---|---|")
        for key, p in params_mod.specs(section).items():
            allowed = ""
            if p.choices:
                allowed = f" One of: {', '.join(f'`{c}`' for c in p.choices)}."
            if p.minimum is not None or p.maximum is not None:
                lo = "" if p.minimum is None else f"at least {p.minimum}"
                hi = "" if p.maximum is None else f"at most {p.maximum}"
                allowed += f" {' and '.join(x for x in (lo, hi) if x).capitalize()}."
            parts.append(f"| `{section}.{key}` | {p.type.__name__} | `{p.default!r}` | {p.help}{allowed} |")
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
