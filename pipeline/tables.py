"""Output tables: their field metadata, validation and stable writing.

Each stage module declares ``TABLES``, a list of :class:`Table`. The same
metadata validates what a stage writes (:func:`write_table`) and renders
the data dictionary (``python -m pipeline.datadict``), so the documentation
cannot drift from the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import PipelineError
from .files import atomic_write_text  # noqa: F401  (re-exported: the stages write through tables)

#: Floats are written with 6 significant digits: stable across runs and
#: platforms, and more precision than any statistic here warrants.
FLOAT_FORMAT = "%.6g"

_DTYPES = {"str", "int", "float", "bool"}


@dataclass(frozen=True)
class Field:
    name: str
    dtype: str  # str | int | float | bool
    description: str

    def __post_init__(self):
        if self.dtype not in _DTYPES:
            raise ValueError(f"field {self.name}: dtype must be one of {_DTYPES}")


@dataclass(frozen=True)
class Table:
    """A CSV output: file name under ``data/processed/``, meaning, fields, sort key."""

    file: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


def conform(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Check ``df`` has exactly ``table``'s columns and types; return it ordered and sorted."""
    missing = [c for c in table.columns if c not in df.columns]
    extra = [c for c in df.columns if c not in table.columns]
    if missing or extra:
        raise ValueError(f"{table.file}: columns differ from the schema (missing {missing}, unexpected {extra})")
    df = df[table.columns].copy()
    for f in table.fields:
        col = df[f.name]
        if f.dtype == "int":
            if col.isna().any():
                raise ValueError(f"{table.file}: {f.name} has missing values")
            df[f.name] = col.astype("int64")
        elif f.dtype == "float":
            df[f.name] = col.astype("float64")
        elif f.dtype == "bool":
            df[f.name] = col.astype(bool)
        else:
            df[f.name] = col.fillna("").astype(str)
    if table.key:
        df = df.sort_values(list(table.key), kind="mergesort").reset_index(drop=True)
    return df


def to_csv_text(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def write_table(df: pd.DataFrame, table: Table, directory: Path | str) -> Path:
    """Validate ``df`` against ``table`` and write it atomically as CSV."""
    return atomic_write_text(Path(directory) / table.file, to_csv_text(conform(df, table)))


def read_table(table: Table, directory: Path | str) -> pd.DataFrame:
    """Read a table written by :func:`write_table`, with its declared types."""
    path = Path(directory) / table.file
    if not path.is_file():
        raise PipelineError(f"{path} is missing: run `dvc repro` to build it.")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for f in table.fields:
        if f.dtype == "int":
            df[f.name] = df[f.name].astype("int64")
        elif f.dtype == "float":
            df[f.name] = pd.to_numeric(df[f.name].replace("", float("nan")))
        elif f.dtype == "bool":
            df[f.name] = df[f.name].map({"True": True, "False": False})
    return df


def render_markdown(tables: list[Table]) -> str:
    """The data dictionary section for ``tables``, in Markdown."""
    out = []
    for t in tables:
        out.append(f"### `data/processed/{t.file}`\n\n{t.description}\n")
        if t.key:
            out.append(f"Rows sorted by: {', '.join(f'`{k}`' for k in t.key)}.\n")
        out.append("| column | type | meaning |\n|---|---|---|")
        for f in t.fields:
            out.append(f"| `{f.name}` | {f.dtype} | {f.description} |")
        out.append("")
    return "\n".join(out)


# -- tables for papers: LaTeX (booktabs) and Markdown -------------------------

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters.

    >>> latex_escape("UNSCR_1325 & 50% of $")
    'UNSCR\\\\_1325 \\\\& 50\\\\% of \\\\$'
    """
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def format_cell(value, digits: int = 3) -> str:
    """A stable text form for a table cell: fixed decimals, scientific for tiny values.

    >>> [format_cell(v) for v in (3, 2.0, -12.34567, 0.0000123, 0.0, "ASEAN")]
    ['3', '2.000', '-12.346', '1.23e-05', '0.000', 'ASEAN']
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return str(int(value))
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f"):
        value = float(value)
        if value != value:  # NaN
            return ""
        if value != 0 and abs(value) < 10 ** -digits:
            return f"{value:.2e}"
        return f"{value:.{digits}f}"
    return str(value)


def _numeric(series: pd.Series) -> bool:
    return series.dtype.kind in "iuf"


def render_latex(df: pd.DataFrame, caption: str, label: str, digits: int = 3) -> str:
    """A booktabs ``table`` environment, ready to ``\\input`` into a paper."""
    align = "".join("r" if _numeric(df[c]) else "l" for c in df.columns)
    lines = [
        "% Generated by the ASEAN WPS reader pipeline; do not edit by hand.",
        "% Needs \\usepackage{booktabs} in the preamble.",
        "\\begin{table}[htbp]",
        "\\centering",
        f"\\caption{{{latex_escape(caption)}}}",
        f"\\label{{tab:{label}}}",
        f"\\begin{{tabular}}{{{align}}}",
        "\\toprule",
        " & ".join(latex_escape(str(c)) for c in df.columns) + " \\\\",
        "\\midrule",
    ]
    for row in df.itertuples(index=False):
        lines.append(" & ".join(latex_escape(format_cell(v, digits)) for v in row) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}", ""]
    return "\n".join(lines)


def render_markdown_table(df: pd.DataFrame, caption: str, digits: int = 3) -> str:
    """A pipe table with its caption above, for Markdown documents and pandoc."""
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    head = "| " + " | ".join(esc(str(c)) for c in df.columns) + " |"
    rule = "|" + "|".join("---:" if _numeric(df[c]) else "---" for c in df.columns) + "|"
    body = ["| " + " | ".join(esc(format_cell(v, digits)) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([f"Table: {caption}", "", head, rule, *body, ""])


def write_paper_table(df: pd.DataFrame, name: str, caption: str, directory: Path | str, digits: int = 3) -> list[Path]:
    """Write ``name.tex`` (booktabs) and ``name.md`` for a key table; return the paths."""
    directory = Path(directory)
    return [
        atomic_write_text(directory / f"{name}.tex", render_latex(df, caption, name.replace("_", "-"), digits)),
        atomic_write_text(directory / f"{name}.md", render_markdown_table(df, caption, digits)),
    ]
