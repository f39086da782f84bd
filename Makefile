# jsdsim — every target creates and uses the local virtual environment .venv.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# First Python >= 3.12 found: on PATH, then in pyenv's versions folder.
PYTHON ?= $(shell for p in python3.12 python3.13 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)

.PHONY: demo test quick lint bench bench-sweep baselines figures docs experiments clean venv \
	workshop workshop-figures passrate validation-tables

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: no Python >= 3.12 found (install python3.12)" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The main job: jsdsim compare on Saaba (four plans, 8 replicates, 5,000 residents);
# `jsdsim demo --help` prints the exact compare command. Report in out/demo/report.html.
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
	$(PY) benchmarks/bench_workshop.py
	$(PY) benchmarks/bench_runs.py

workshop: venv
	$(VENV)/bin/jsdsim workshop

# Screenshots of docs/workshop.md, taken by the browser test (needs /usr/bin/chromium).
workshop-figures: venv
	JSDSIM_WORKSHOP_DOCS=1 $(PY) -m pytest tests/app/test_browser.py -q

# The sweep runner's benchmarks (docs/performance.md, "Sweeps"): about 20 minutes.
bench-sweep: venv
	$(PY) benchmarks/bench_sweep.py all --out benchmarks/results/bench_sweep.json

docs: venv
	$(PY) -c "from model.core.params import markdown_table; print(markdown_table(), end='')" > docs/parameters.md

baselines: venv
	$(VENV)/bin/jsdsim baselines --update

figures: venv
	$(VENV)/bin/jsdsim figures --out docs/figures

# The headline experiments of docs/experiments.md: run (resumable) and analyse both, then
# copy their figures and generated summaries into docs/. Re-run after the model changes.
EXPERIMENTS := dialogue_length sensitivity
experiments: venv
	for e in $(EXPERIMENTS); do \
	  $(VENV)/bin/jsdsim sweep experiments/$$e.yaml --out out/sweeps/$$e && \
	  $(VENV)/bin/jsdsim analyze out/sweeps/$$e --out out/analysis/$$e || exit 1; \
	  cp out/analysis/$$e/summary.md docs/experiments/$$e.md; \
	done
	cp out/analysis/dialogue_length/effect_saaba_jsd-length_months_last_year.png docs/figures/experiments_length_effect_last_year.png
	cp out/analysis/dialogue_length/effect_saaba_jsd-length_months_year_2.png docs/figures/experiments_length_effect_year_2.png
	cp out/analysis/dialogue_length/response_saaba_jsd-length_months_last_year.png docs/figures/experiments_length_response_last_year.png
	cp out/analysis/sensitivity/sensitivity_saaba_dialogue_12m_effect.png docs/figures/experiments_sensitivity_effect.png
	cp out/analysis/sensitivity/shares_saaba.png docs/figures/experiments_sensitivity_shares.png

# Validation modules under 20 fresh master seeds (hours on two cores: run in the background).
passrate: venv
	$(PY) -m model.validation.passrate --seeds 20 --out passrate.csv --doc docs/validation.md

# The tables of docs/validation.md (effects vs evidence, dose-response, one-at-a-time).
validation-tables: venv
	$(PY) -m model.validation.report effects dose --replicates 8
	$(PY) -m model.validation.report oat --replicates 4

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
