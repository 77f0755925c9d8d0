# Utförarregistret Nordväst: the commands a newcomer needs (DESIGN.md §6-7).
#   make run    install, migrate, seed the demo data, serve on http://127.0.0.1:5000
#   make test   install, run every test on SQLite, then on PostgreSQL when one answers
#   make test-fast  the everyday subset on SQLite (no fuzzing, schemathesis, browser, faults, races)
#   make test-dates the date-sensitive tests under faketime on four awkward days (checklist T1)
#   make lint   ruff check, then the import layers (lint-imports, DESIGN.md §4)

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
HOST := 127.0.0.1
PORT := 5000
PYTEST_ARGS ?=
OUT := test-output

.PHONY: help install run test test-fast test-dates test-sqlite test-postgres lint bench

help:
	@echo "make run          install, migrate, seed demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test         every test on SQLite, then on PostgreSQL (127.0.0.1:5432) if it answers"
	@echo "make test-fast    the everyday subset on SQLite: no fuzzing, schemathesis, browser, fault or race tests"
	@echo "make test-dates   the date-sensitive tests under faketime on four awkward days (T1)"
	@echo "make lint         ruff check, then the import layers (lint-imports)"
	@echo "make install      only create $(VENV) and install the project"
	@echo "make bench        the benchmarks in tests/bench"

install: $(STAMP)

# Reinstall only when pyproject.toml changed since the last install (or there is no venv).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e '.[test]'
	@touch $@

# The seed command is idempotent and prints the demo logins (DESIGN.md §7). One scheduler
# runs beside the development server (embedded mode); the e-mail digest is off unless
# REGISTRY_DIGEST_ENABLED=true and an SMTP server is configured.
run: install
	$(FLASK) db upgrade
	$(FLASK) registry seed --demo
	@echo
	@echo "Open http://$(HOST):$(PORT) and log in with one of the demo logins above."
	@echo
	@trap 'kill $$scheduler 2>/dev/null || true' EXIT; \
	REGISTRY_DIGEST_ENABLED=$${REGISTRY_DIGEST_ENABLED:-false} $(FLASK) registry scheduler & scheduler=$$!; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# Both runs always happen, so one report shows SQLite and PostgreSQL together.
test: install
	@start=$$(date +%s); status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	echo "make test: $$(( $$(date +%s) - start )) s, $$([ $$status = 0 ] && echo passed || echo FAILED)"; \
	exit $$status

# pytest exits 5 when it collected nothing; any non-zero status fails the target.
test-sqlite: install
	@mkdir -p $(OUT)
	@echo "== pytest on SQLite =="
	@status=0; \
	env -u REGISTRY_TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS) 2>&1 \
	  | tee $(OUT)/pytest-sqlite.log || status=$$?; \
	if [ $$status = 5 ]; then echo "== SQLite run FAILED: pytest collected no tests ==" >&2; fi; \
	exit $$status

# Everyday work: everything but the slow kinds (markers set by path in tests/conftest.py).
FAST := not (fuzz or faults or e2e or schemathesis or concurrency)
test-fast: install
	@mkdir -p $(OUT)
	@start=$$(date +%s); status=0; \
	env -u REGISTRY_TEST_DATABASE_URL $(BIN)/pytest -m "$(FAST)" -p no:cacheprovider $(PYTEST_ARGS) \
	  || status=$$?; \
	echo "make test-fast: $$(( $$(date +%s) - start )) s"; exit $$status

test-dates: install
	bash scripts/test-dates.sh $(PYTEST_ARGS)

test-postgres: install
	@mkdir -p $(OUT)
	bash scripts/test-postgres.sh $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# National scale by default (BENCH_PLACEMENTS=5000 for a quick run); generated data is
# cached under $(OUT)/bench, the table is written to $(OUT)/bench/results.md.
bench: install
	@mkdir -p $(OUT)/bench
	BENCH=1 $(BIN)/pytest tests/bench -p no:cacheprovider -s $(PYTEST_ARGS)
