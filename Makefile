# Abitare: the README's commands. Everything installs into .venv/ and node_modules/.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ABITARE := $(BIN)/abitare
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist); each worker has its own test database.
# PYTEST_ARGS="-n 0" runs it in one process, e.g. to debug with -x or --pdb.
PYTEST_ARGS ?= -n auto

.PHONY: run install test test-quick test-deps test-only lint bench messages schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
	$(BIN)/python scripts/compile_messages.py
	$(ABITARE) collectstatic --noinput -v0

## make run: install, migrate, load the demo territory when empty, serve with a task worker.
run: install
	$(ABITARE) migrate --noinput -v0
	$(ABITARE) demo --if-empty
	@echo
	@echo "Abitare is starting on http://$(HOST):$(PORT)/  (Ctrl-C stops the server, the worker and the scheduler)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(ABITARE) db_worker --interval 1 & \
	  $(ABITARE) scheduler & \
	  $(ABITARE) runserver $(HOST):$(PORT)

## make test: install what the tests need (Debian's chromium included) and run the whole suite.
test: install test-deps test-only

test-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v xgettext >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium (browser tests) and gettext (the translation check)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext fonts-dejavu-core >/dev/null) \
	  || (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext fonts-dejavu-core >/dev/null); \
	fi

test-only:
	$(BIN)/pytest $(PYTEST_ARGS)

## make test-quick: the suite without the browser tests and the slow walks, while you work.
test-quick: install
	$(BIN)/pytest $(PYTEST_ARGS) -m "not e2e and not slow"

## make lint: ruff, ruff format, mypy --strict, djlint, import-linter, migrations, OpenAPI schema, translations.
lint: install test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djlint abitare --lint
	$(BIN)/lint-imports
	$(ABITARE) makemigrations --check --dry-run -v1
	$(ABITARE) spectacular --lang en --file var/openapi.check.yaml --validate --fail-on-warn
	diff -u docs/openapi.yaml var/openapi.check.yaml
	$(BIN)/python scripts/check_translations.py

## make schema: regenerate the committed OpenAPI schema.
schema: install
	$(ABITARE) spectacular --lang en --file docs/openapi.yaml --validate --fail-on-warn

## make messages: refresh the Italian catalogue from the code and templates.
messages: install
	$(ABITARE) makemessages -l it --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var --no-obsolete
	$(BIN)/python scripts/compile_messages.py

## make bench [ONLY=name]: run the benchmarks under bench/ and print BENCH lines.
bench: install
	$(BIN)/python -m bench $(if $(ONLY),--only $(ONLY),)

clean:
	rm -rf $(VENV) node_modules staticfiles var/openapi.check.yaml
