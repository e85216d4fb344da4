# The README's two commands: `make briefing` and `make test`. Each sets up what it needs
# (a .venv with the pinned dependencies, Debian packages such as fonts-noto-cjk) and does
# no installing when nothing changed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The tests run in two processes (pytest-xdist), a test file's tests in one of them: most tests
# use one core, and the session's renders (conftest: rendered_once) are made once for both.
PYTEST := $(BIN)/pytest -n 2 --dist loadfile

.PHONY: briefing test check bench lint format strip lock system-deps system-deps-test clean help
.DEFAULT_GOAL := help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

briefing: $(INSTALLED) system-deps  ## render every period under data/raw into reports/ (unchanged ones are skipped)
	$(BIN)/briefing batch

# The fault tests (batches killed and interrupted, then timed to stop) run after the rest, alone:
# beside another test process their stopping times depend on its load.
test: lint system-deps-test  ## lint and type check, then the whole test suite
	$(PYTEST) -m "not faults"
	$(BIN)/pytest -m faults

check: lint  ## while working: lint, type check and the tests not marked slow, browser or faults
	BRIEFING_NARRATIVE_EXAMPLES=10 $(PYTEST) -m "not slow and not browser and not faults"

lint: $(INSTALLED)  ## ruff format check, ruff lint, mypy type check of lib/
	$(BIN)/ruff format --check lib tests notebooks scripts
	$(BIN)/ruff check lib tests notebooks scripts
	$(BIN)/mypy

format: $(INSTALLED)  ## format the code with ruff
	$(BIN)/ruff format lib tests notebooks scripts
	$(BIN)/ruff check --fix lib tests notebooks scripts

strip: $(INSTALLED)  ## before committing notebooks: strip their outputs, approve the report notebooks
	$(BIN)/jupyter nbconvert --clear-output --inplace --log-level=WARN notebooks/*.ipynb
	$(BIN)/briefing notebooks approve

$(INSTALLED): pyproject.toml requirements.lock
	@test -x $(BIN)/python || scripts/bootstrap-venv.sh $(PYTHON) $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

lock:  ## re-resolve the pinned dependencies of pyproject.toml into requirements.lock (installed --no-deps: the lock is the whole set)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[dev,cluster]'
	# rfc3987-syntax (and its lark) come with jsonschema[format-nongpl] and build ~35 parsers
	# on import: 1.7 s in every kernel that imports altair, for IRI formats nothing here uses.
	.lock-venv/bin/pip freeze --exclude industry-briefing | grep -vE '^(rfc3987-syntax|lark)==' > requirements.lock
	rm -rf .lock-venv

system-deps:
	@scripts/system-deps.sh

system-deps-test:
	@scripts/system-deps.sh test

clean:  ## remove the venv, the warehouse and rendered reports (never data/raw)
	rm -rf $(VENV) data/warehouse.duckdb reports/*/ reports/index.html

bench: $(INSTALLED) system-deps  ## the figures of issue 13: plain loop vs batch, month vs floor, large month, province on Dask, peak memory
	$(BIN)/python scripts/bench.py
