# jsdsim — every target creates and uses the local virtual environment .venv.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# First Python >= 3.12 found: on PATH, then in pyenv's versions folder.
PYTHON ?= $(shell for p in python3.12 python3.13 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)

.PHONY: demo test quick lint bench baselines figures docs clean venv passrate validation-tables

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: no Python >= 3.12 found (install python3.12)" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

demo: venv
	$(VENV)/bin/jsdsim demo

# Everything: lint, the architecture contracts and every test, slow ones included (CI).
test: venv
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2 --dist loadfile

# The edit loop: every test not marked slow (about a minute on two cores).
quick: venv
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2 --dist loadfile -m "not slow"

lint: venv
	$(VENV)/bin/ruff check .

bench: venv
	$(PY) benchmarks/bench_core.py

docs: venv
	$(PY) -c "from model.core.params import markdown_table; print(markdown_table(), end='')" > docs/parameters.md

baselines: venv
	$(VENV)/bin/jsdsim baselines --update

figures: venv
	$(VENV)/bin/jsdsim figures --out docs/figures

# Validation modules under 20 fresh master seeds (hours on two cores: run in the background).
passrate: venv
	$(PY) -m model.validation.passrate --seeds 20 --out passrate.csv --doc docs/validation.md

# The tables of docs/validation.md (effects vs evidence, dose-response, one-at-a-time).
validation-tables: venv
	$(PY) -m model.validation.report effects dose --replicates 8
	$(PY) -m model.validation.report oat --replicates 4

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
