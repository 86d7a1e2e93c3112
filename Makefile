# ASEAN WPS reader: every command a user needs. `make help` lists them.
# The first use of any target creates .venv/ from the pinned requirements.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Stages call `python -m pipeline.run`: make the environment's python the one on PATH.
export PATH := $(abspath $(BIN)):$(PATH)
# No telemetry or update checks: the pipeline runs offline.
export DVC_NO_ANALYTICS := 1
# The project's Jupyter settings (config/jupyter/): no news or update checks in JupyterLab, which runs offline.
export JUPYTER_CONFIG_PATH := $(CURDIR)/config/jupyter

.DEFAULT_GOAL := all
.PHONY: all help setup repro lab report verify evaluate bench-scale bench-repro test test-fast test-slow test-browser bench lock datadict dvc-yaml clean distclean

all: repro ## Set up (first time) and reproduce every table and figure (dvc repro)

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed (found %d.%d); run make PYTHON=python3.11" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

setup: $(STAMP) ## Create .venv with the pinned packages (done automatically by other targets)

repro: $(STAMP) ## Run the pipeline; only stages whose inputs changed rerun
	$(BIN)/dvc repro

lab: repro ## Open JupyterLab at the overview notebook, with the project's kernel (outputs built first)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root,) notebooks/00_overview.ipynb

report: repro ## Build everything, then print where the HTML report and figure manifest are
	@echo "HTML report:     $(CURDIR)/reports/html/index.html"
	@echo "Figure manifest: $(CURDIR)/figures/README.md"

verify: $(STAMP) ## Rerun everything from clean in a scratch copy and compare every output with dvc.lock
	$(BIN)/python -m pipeline.verify

evaluate: repro ## Score the built actor mentions against the hand coding in data/gold/seeds.yaml
	$(BIN)/python -m pipeline.evaluate data/gold/seeds.yaml

test: $(STAMP) ## Run the whole test suite, end-to-end and browser tests included (as CI does)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## Run the quick tests only (skips tests marked slow or browser)
	$(BIN)/python -m pytest -m "not slow and not browser"

test-slow: $(STAMP) ## Run only the end-to-end tests (real dvc repro and papermill)
	$(BIN)/python -m pytest -m slow

test-browser: $(STAMP) ## Run only the browser tests (real JupyterLab in Debian's headless Chromium)
	$(BIN)/python -m pytest -m browser

bench: $(STAMP) ## Run the speed benchmarks (tokenising, actor extraction, reuse search) against same-run baselines
	$(BIN)/python benchmarks/bench_textstats.py
	$(BIN)/python benchmarks/bench_actors.py
	$(BIN)/python benchmarks/bench_reuse.py

bench-repro: $(STAMP) ## A clean dvc repro against the papermill floor of its stages, measured side by side
	$(BIN)/python benchmarks/bench_repro.py

bench-scale: $(STAMP) ## Run the whole pipeline on synthetic corpora of 100, 1,000 and 5,000 documents (~10 min)
	$(BIN)/python benchmarks/bench_scale.py --sizes 100 1000 5000

datadict: $(STAMP) ## Regenerate docs/data_dictionary.md and docs/parameters.md from the schemas
	$(BIN)/python -m pipeline.datadict

dvc-yaml: $(STAMP) ## Regenerate dvc.yaml from the stage registry (pipeline/stages.py), e.g. after adding a stage or an import
	$(BIN)/python -m pipeline.stages

lock: ## Re-pin requirements.txt from requirements.in in a scratch venv; regenerate environment.yml
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet --upgrade "pip>=24"
	.lockenv/bin/python -m pip install --quiet -r requirements.in
	{ sed -n '1,2p' requirements.txt; .lockenv/bin/python -m pip freeze --exclude-editable; } > requirements.txt.new
	mv requirements.txt.new requirements.txt && rm -rf .lockenv
	$(PYTHON) tools/sync_environment.py

clean: ## Delete the pipeline's products (data/processed, figures, reports); raw data is kept
	rm -rf data/processed/* figures/* reports/executed/* reports/tables/* reports/html

distclean: clean ## Also delete the virtual environment
	rm -rf $(VENV)
