# Two set-up commands for a fresh machine: `make demo` and `make test`.
# Each creates .venv and installs the pinned dependencies by itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the whole package is type-checked on every test run
MYPY_TARGETS := src/foedus

.PHONY: demo test lint typecheck install system-deps clean bench

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need (chromium for the dashboard tests, PostgreSQL 15 for the server
# tests); the script does nothing when they are present.
system-deps:
	@if [ -x scripts/ensure-system-deps.sh ]; then scripts/ensure-system-deps.sh; fi

demo: $(STAMP)
	$(BIN)/foedus report --scenario europe-2025 --out out/europe-2025

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy $(MYPY_TARGETS)

test: $(STAMP) system-deps lint typecheck
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) out
