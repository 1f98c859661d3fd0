# Contract Calculator. `make serve` and `make test` are all a fresh machine needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: help serve build site offline bench check test test-unit test-e2e test-engines lint vendor browser venv clean

help: ## Show the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

serve: build ## Build the site and serve it on http://localhost:8000
	$(PYTHON) scripts/serve.py --port $(PORT) --root dist

build: offline ## Build exactly what is published into dist/: the site and the offline file

site: venv vendor ## Build the site into dist/ (runtime, prerendered page, service worker, snapshot)
	$(PY) scripts/build.py
	$(PY) scripts/build_snapshot.py

offline: site ## Build the self-contained offline file dist/contract-calculator.html
	$(PY) scripts/build_offline.py

bench: venv build browser ## Start-up figures: our page against a bare PyScript page; data sizes
	$(PY) bench/data_size.py
	$(PY) bench/run.py --site dist
	$(PY) bench/engines.py --site dist

check: lint ## The quick loop, no npm, no browser: lint, then unit tests with few Hypothesis examples
	CONTRACTCALC_CHECK=1 $(PY) -m pytest tests/unit py scripts/formulas.py -q -p no:playwright

test: lint test-unit test-e2e test-engines ## Install what is needed; run lint, unit and browser tests

test-unit: venv vendor ## Unit tests, doctests and properties on CPython (the runtime vendored for its pin checks)
	$(PY) -m pytest tests/unit py scripts/formulas.py -p no:playwright

test-e2e: venv build browser ## Browser tests against the built site served on localhost
	$(PY) -m pytest tests/e2e

test-engines: venv build browser ## The page in Chromium, Firefox and WebKit: outputs, errors, offline
	$(PY) -m pytest tests/cross -p no:playwright

lint: venv ## ruff and mypy
	$(PY) -m ruff check py tests scripts bench
	$(PY) -m ruff format --check py tests scripts bench
	$(PY) -m mypy

venv: $(VENV)/.installed ## Python tools, pinned in pyproject.toml

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==26.3
	$(PY) -m pip install --quiet --disable-pip-version-check --group dev
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

vendor: node_modules/.installed ## Copy the pinned PyScript and Pyodide into static/vendor and verify them
	$(PYTHON) scripts/vendor.py

browser: venv ## Chromium, Firefox, WebKit: Debian's packages as root, else Playwright's
	scripts/install-browser.sh $(VENV)/bin/playwright

clean: ## Remove everything the build and the tests made
	rm -rf $(VENV) node_modules static/vendor dist .pytest_cache .ruff_cache .mypy_cache .hypothesis
