# SafeMekong developer commands. `make demo` runs the hub with a demo world; `make test` runs
# lint, type check and the whole test suite. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: demo test install install-dev lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.core
	$(PIP) -e '.[dev,sharing,evidence]'
	touch $@

install: $(VENV)/.core

install-dev: $(VENV)/.dev

demo: install
	$(BIN)/safemekong serve --demo

lint: install-dev
	$(BIN)/ruff check safemekong tests bench tools
	$(BIN)/ruff format --check safemekong tests bench tools

typecheck: install-dev
	$(BIN)/mypy safemekong

test: lint typecheck
	$(BIN)/pytest -n 2 -q

# The foundation's benchmarks, then each capability's (bench/run_<capability>.py); each writes
# its own section of docs/benchmarks.md.
bench: install-dev
	$(BIN)/python -m bench.run
	for module in $(basename $(notdir $(wildcard bench/run_*.py))); do \
		$(BIN)/python -m bench.$$module || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
