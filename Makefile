# Every target that needs tools depends on the venv stamp, so `make test` and
# `make demo` work on a machine with nothing but python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: install generate check-generated lint format typecheck test pytest demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(PY) -m codegen

check-generated: $(STAMP)
	$(PY) -m codegen --check

lint: $(STAMP)
	$(BIN)/ruff check sdk codegen tests
	$(BIN)/ruff format --check sdk codegen tests

format: $(STAMP)
	$(BIN)/ruff check --fix sdk codegen tests
	$(BIN)/ruff format sdk codegen tests

typecheck: $(STAMP)
	$(BIN)/mypy sdk/taskpoll codegen

pytest: $(STAMP)
	$(PY) -m pytest -q

test: install check-generated lint typecheck pytest

demo: $(STAMP)
	$(PY) -m taskpoll.testing.demo

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
