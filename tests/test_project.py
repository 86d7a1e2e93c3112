"""The project's own consistency: parameters, notebooks, environment files, generated docs."""

from __future__ import annotations

import ast
import json
import re

import pytest
import yaml

from pipeline import datadict, params
from pipeline.errors import PipelineError
from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_params_yaml_is_valid_and_holds_the_schema_defaults():
    loaded = params.load(REPO / "params.yaml")
    assert loaded == params.defaults()


def test_params_validation_messages():
    good = params.defaults()
    bad = {**good, "corpus": {**good["corpus"], "heading_max_words": 0}}
    with pytest.raises(PipelineError, match=r"corpus.heading_max_words is 0; it must be at least 1"):
        params.validate(bad)
    bad = {**good, "corpus": {**good["corpus"], "extra_abbreviations": ["dr", 3]}}
    with pytest.raises(PipelineError, match=r"every item of corpus.extra_abbreviations must be a string, got 3"):
        params.validate(bad)
    bad = {**good, "corpus": {k: v for k, v in good["corpus"].items() if k != "heading_max_words"}}
    with pytest.raises(PipelineError, match=r"corpus.heading_max_words is missing; add it \(default: 15\)"):
        params.validate(bad)
    with pytest.raises(PipelineError, match=r"unknown section 'figuers'"):
        params.validate({**good, "figuers": {}})


def test_dvc_stages_declare_exactly_the_params_they_read():
    stages = yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    for stage, module_name in params.STAGE_MODULES.items():
        module = __import__(module_name, fromlist=["PARAMS"])
        expected = [f"{stage}.{k}" for k in params.stage_schema(stage)]
        for section in getattr(module, "SHARED_PARAMS", ()):
            expected += [f"{section}.{k}" for k in params.stage_schema(section)]
        assert sorted(stages[stage].get("params", [])) == sorted(expected)
        assert stages[stage]["cmd"] == f"python -m pipeline.run {stage}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean_with_a_kernel_and_parameters(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, f"{path.name} has outputs"
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"


def notebook_defaults(path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    tree = ast.parse("".join(cell["source"]))
    return {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets}


@pytest.mark.parametrize("stage", sorted(params.STAGE_MODULES))
def test_notebook_parameter_cell_matches_params_yaml(stage):
    module = __import__(params.STAGE_MODULES[stage], fromlist=["NOTEBOOK"])
    got = notebook_defaults(REPO / "notebooks" / module.NOTEBOOK)
    want = params.load(REPO / "params.yaml")[stage]
    for section in getattr(module, "SHARED_PARAMS", ()):
        want.update({f"{section}_{k}": v for k, v in params.load(REPO / "params.yaml")[section].items()})
    assert got == want


def test_environment_yml_pins_the_same_packages_as_requirements():
    req = [line.strip() for line in (REPO / "requirements.txt").read_text().splitlines()
           if line.strip() and not line.startswith(("#", "-"))]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert sorted(p for p in pip if p != "-e .") == sorted(req)
    assert "-e ." in pip  # repo2docker does not install the package by itself
    # Every top-level package of requirements.in is pinned.
    top = [re.split(r"[\s#]", line)[0].lower() for line in (REPO / "requirements.in").read_text().splitlines()
           if line.strip() and not line.startswith("#")]
    pinned = {r.split("==")[0].lower() for r in req}
    assert set(top) <= pinned


def test_generated_docs_are_up_to_date():
    assert (REPO / "docs/data_dictionary.md").read_text(encoding="utf-8") == datadict.render_dictionary(), \
        "run `make datadict`"
    assert (REPO / "docs/parameters.md").read_text(encoding="utf-8") == datadict.render_parameters(), \
        "run `make datadict`"


def test_raw_corpus_is_the_shared_corpus_unchanged():
    shared = REPO.parent / "shared" / "corpus"
    if not shared.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    for src in sorted(shared.glob("*.txt")) + [shared / "manifest.csv"]:
        assert (REPO / "data/raw" / src.name).read_bytes() == src.read_bytes(), src.name
