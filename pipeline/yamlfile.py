"""Reading the project's YAML files (rules, gazetteer, dictionaries, parameters) with one
kind of message for every way a hand-edited file can be wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import PipelineError


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML ``text``; a syntax error names ``source``, the line and column.

    >>> parse_yaml("a: [1, 2]", "x.yaml")
    {'a': [1, 2]}
    >>> parse_yaml("a: [1, 2", "x.yaml")
    Traceback (most recent call last):
    ...
    pipeline.errors.PipelineError: x.yaml: is not valid YAML at line 1, column 9 (expected ',' or ']', but got '<stream end>'). Fix: correct the syntax there (indentation, a missing colon, or quote a value containing ': ').
    """
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PipelineError(
            f"{source}: is not valid YAML{at} ({getattr(exc, 'problem', None) or exc}). "
            "Fix: correct the syntax there (indentation, a missing colon, or quote a value containing ': ')."
        ) from None


def read_yaml(path: Path | str, source: str | None = None, missing: str | None = None) -> Any:
    """Read and parse a YAML file; ``source`` names it in messages, ``missing`` says what to do if absent."""
    path = Path(path)
    source = source or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PipelineError(f"{source}: {missing or f'not found. Fix: restore it with `git checkout -- {source}`.'}") \
            from None
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{source}: is not UTF-8 ({exc.reason} at byte {exc.start}). Fix: save the file as UTF-8.") \
            from None
    return parse_yaml(text, source)
