"""The project's own consistency: parameters, notebooks, environment files, generated docs."""

from __future__ import annotations

import ast
import json
import re

import pytest
import yaml

from pipeline import datadict, params, stages
from pipeline.errors import PipelineError
from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_params_yaml_is_valid():
    # Any valid params.yaml: a scholar's experiment there must not break the test suite.
    assert isinstance(params.load(REPO / "params.yaml"), params.Params)


def test_defaults_live_in_the_schema_only():
    p = params.Params()
    assert p.textstats.mattr_window == 50 and p.figure.dpi == 300 and p.corpus.extra_abbreviations == []
    assert params.defaults()["network"]["seed"] == 42
    assert "gazetteer" not in params.defaults()["network"]  # the network reads actors.gazetteer


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
    with pytest.raises(PipelineError, match=r"unknown section 'figuers' \(nearest valid name: figure\)"):
        params.validate({**good, "figuers": {}})


def test_a_typo_names_the_key_and_its_nearest_valid_name_and_every_problem_is_reported():
    good = params.defaults()
    bad = {**good, "corpus": {**good["corpus"], "colour_sheme": "viridis"},
           "textstats": {**good["textstats"], "mattr_windw": 30}, "figure": {**good["figure"], "dpi": "high"}}
    with pytest.raises(PipelineError) as err:
        params.validate(bad)
    lines = str(err.value).splitlines()
    assert lines[0] == "params.yaml has 3 problems:"
    assert "unknown parameter corpus.colour_sheme (nearest valid name: corpus.max_removed_share)" in lines[1]
    assert "unknown parameter textstats.mattr_windw (nearest valid name: textstats.mattr_window)" in lines[2]
    assert lines[3] == "  - params.yaml: figure.dpi must be an integer, got 'high'. Fix the value (default: 300)."


def test_a_driver_takes_part_of_a_section_and_fills_in_the_defaults():
    p = params.resolve({"textstats": {"stem": True}})
    assert p.textstats.stem is True and p.textstats.mattr_window == 50 and p.network == params.NetworkParams()
    with pytest.raises(PipelineError, match=r"textstats.stem must be true or false, got 'yes'"):
        params.resolve({"textstats": {"stem": "yes"}})


def test_dvc_yaml_is_generated_from_the_stage_registry():
    assert (REPO / "dvc.yaml").read_text(encoding="utf-8") == stages.render_dvc_yaml(REPO), "run `make dvc-yaml`"
    spec = yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert list(spec) == [s.name for s in stages.STAGES]
    assert spec["textstats"]["cmd"] == "python -m pipeline.run textstats notebooks/02_textstats.ipynb"
    # a stage lists exactly the keys it reads: the network reads the actors' gazetteer, not a copy of it
    assert "actors.gazetteer" in spec["network"]["params"]
    assert not any(k.startswith("actors.") and k != "actors.gazetteer" for k in spec["network"]["params"])
    assert sorted(spec["corpus"]["params"]) == ["corpus.extra_abbreviations", "corpus.heading_max_words",
                                                "corpus.max_removed_line_words", "corpus.max_removed_share"]
    # every stage runs after the parameter check, whose output does not change while params.yaml is valid
    assert all(params.CHECK_OUTPUT in spec[s]["deps"] for s in spec if s != "check_params")


def test_every_stage_lists_every_module_it_imports():
    spec = yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))
    assert stages.missing_code_deps(spec, REPO) == []
    # textstats imports pipeline/corpus.py inside its driver chain: removing the entry is caught
    deps = spec["stages"]["textstats"]["deps"]
    deps.remove("pipeline/corpus.py")
    assert stages.missing_code_deps(spec, REPO) == ["textstats: pipeline/corpus.py is imported but not in its deps"]


def test_the_runner_knows_every_user_error_by_name():
    import importlib
    import pkgutil

    import pipeline
    from pipeline import errors

    for info in pkgutil.iter_modules(pipeline.__path__):
        importlib.import_module(f"pipeline.{info.name}")

    def subclasses(cls):
        return {cls} | {s for c in cls.__subclasses__() for s in subclasses(c)}

    assert {c.__name__ for c in subclasses(errors.PipelineError)} == errors.USER_ERRORS


def test_imports_inside_functions_count(tmp_path):
    (tmp_path / "m.py").write_text("import os\nfrom . import corpus\n\ndef f():\n    from .network import run\n"
                                   "    from pipeline import actors\n    import pipeline.textstats\n")
    assert stages.module_imports(tmp_path / "m.py") == {"corpus", "network", "actors", "textstats"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean_with_a_kernel_and_parameters(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, f"{path.name} has outputs"
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
    ids = [c["id"] for c in nb["cells"]]
    assert len(set(ids)) == len(ids), f"{path.name} has repeated cell ids"


def code_of(path) -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")


@pytest.mark.parametrize("stage", [s for s in stages.STAGES if s.notebook], ids=lambda s: s.name)
def test_a_stage_notebook_is_one_driver_call(stage):
    path = REPO / "notebooks" / stage.notebook
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    tree = ast.parse("".join(cell["source"]))
    assigned = {t.id: ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) for t in n.targets}
    assert assigned == {params.NOTEBOOK_VARIABLE: None}  # papermill injects the stage's keys; None reads params.yaml
    calls = re.findall(r"\b(\w+)\.run\(P, params\)", code_of(path))
    assert calls == [stage.driver.__name__.split(".")[-1]], "the notebook calls its stage's driver once"
    # the notebook computes, it does not define logic
    assert not re.search(r"^\s*(def|class) ", code_of(path), re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_prose_quotes_no_corpus_size(path):
    """Numbers that change with the data are computed in a cell, never typed into the prose."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    # ("two documents are joined by ..." speaks of a pair, not of the corpus)
    sizes = r"\b(?:three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:short\s+)?(?:documents|texts)\b|the other two\b"
    for typed in re.findall(sizes, prose, re.I):
        pytest.fail(f"{path.name} types a corpus size into its prose: {typed!r}")
    assert not re.search(r"window of \d+ terms", prose)


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
