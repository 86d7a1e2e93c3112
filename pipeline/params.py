"""The schema of ``params.yaml`` and its validation.

Each stage module declares ``PARAMS``: a dict of :class:`Param` describing
the keys it reads. ``params.yaml`` has one section per stage; every key is
checked (unknown keys, wrong types, out-of-range values) before any
notebook runs, because papermill itself only warns about unknown names.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from .errors import PipelineError
from .yamlfile import read_yaml

#: Stage name -> module that declares its ``PARAMS`` (and notebook).
STAGE_MODULES: dict[str, str] = {
    "corpus": "pipeline.corpus",
    "textstats": "pipeline.textstats",
    "actors": "pipeline.actors",
    "network": "pipeline.network",
}

#: Sections shared by several stages -> module that declares their ``PARAMS``.
#: A stage that uses one names it in its module's ``SHARED_PARAMS``.
SHARED_SECTIONS: dict[str, str] = {
    "figure": "pipeline.figures",
}


def sections() -> dict[str, str]:
    """Every section of params.yaml -> the module declaring it, in file order."""
    return {**STAGE_MODULES, **SHARED_SECTIONS}

_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false", list: "a list"}


@dataclass(frozen=True)
class Param:
    """One parameter: its type, default, meaning and allowed values."""

    type: type
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple | None = None
    item_type: type | None = None  # for lists
    extra: dict = field(default_factory=dict)

    def check(self, where: str, value: Any) -> Any:
        """Return ``value`` if it fits, else raise a :class:`PipelineError` naming ``where``."""
        ok_type = isinstance(value, self.type) and not (self.type is not bool and isinstance(value, bool))
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            ok_type, value = True, float(value)
        if not ok_type:
            raise PipelineError(
                f"params.yaml: {where} must be {_TYPE_NAMES.get(self.type, self.type.__name__)}, "
                f"got {value!r}. Fix the value (default: {self.default!r})."
            )
        if self.type is list and self.item_type is not None:
            for item in value:
                if not isinstance(item, self.item_type) or isinstance(item, bool) and self.item_type is not bool:
                    raise PipelineError(
                        f"params.yaml: every item of {where} must be "
                        f"{_TYPE_NAMES.get(self.item_type, self.item_type.__name__)}, got {item!r}."
                    )
                if self.choices is not None and item not in self.choices:
                    raise PipelineError(
                        f"params.yaml: {where} has {item!r}; allowed: {', '.join(map(str, self.choices))}."
                    )
        elif self.choices is not None and value not in self.choices:
            raise PipelineError(
                f"params.yaml: {where} is {value!r}; allowed: {', '.join(map(str, self.choices))}."
            )
        if self.minimum is not None and value < self.minimum:
            raise PipelineError(f"params.yaml: {where} is {value!r}; it must be at least {self.minimum}.")
        if self.maximum is not None and value > self.maximum:
            raise PipelineError(f"params.yaml: {where} is {value!r}; it must be at most {self.maximum}.")
        return value


def stage_schema(section: str) -> dict[str, Param]:
    """The ``PARAMS`` declared for a section (a stage or a shared section)."""
    if section not in sections():
        raise PipelineError(f"unknown section {section!r}; sections are: {', '.join(sections())}.")
    return importlib.import_module(sections()[section]).PARAMS


def defaults() -> dict[str, dict[str, Any]]:
    """Every stage's default parameters, as ``params.yaml`` would hold them."""
    return {name: {k: p.default for k, p in stage_schema(name).items()} for name in sections()}


def validate(raw: Any) -> dict[str, dict[str, Any]]:
    """Check a parsed ``params.yaml`` against the schema; return it with floats coerced."""
    if not isinstance(raw, dict):
        raise PipelineError("params.yaml must be a mapping of stage names to their parameters.")
    unknown = sorted(set(raw) - set(sections()))
    if unknown:
        raise PipelineError(
            f"params.yaml: unknown section {unknown[0]!r}; sections are: {', '.join(sections())}. "
            "Remove it or correct its name."
        )
    out: dict[str, dict[str, Any]] = {}
    for stage in sections():
        schema = stage_schema(stage)
        section = raw.get(stage)
        if section is None:
            raise PipelineError(f"params.yaml: section {stage!r} is missing; restore it (see README).")
        if not isinstance(section, dict):
            raise PipelineError(f"params.yaml: {stage} must be a mapping of parameter names to values.")
        for key in sorted(section):
            if key not in schema:
                raise PipelineError(
                    f"params.yaml: unknown parameter {stage}.{key}; "
                    f"{stage} takes: {', '.join(sorted(schema))}. Remove it or correct its name."
                )
        out[stage] = {}
        for key, spec in schema.items():
            if key not in section:
                raise PipelineError(
                    f"params.yaml: {stage}.{key} is missing; add it (default: {spec.default!r})."
                )
            out[stage][key] = spec.check(f"{stage}.{key}", section[key])
    for name in sections():  # checks across keys or sections, declared by the modules
        check = getattr(importlib.import_module(sections()[name]), "check_params", None)
        if check is not None:
            check(out)
    return out


def load(path: Path | str) -> dict[str, dict[str, Any]]:
    """Read and validate ``params.yaml``."""
    raw = read_yaml(path, "params.yaml", "not found. Fix: run from the project folder, or restore it from git.")
    return validate(raw)
