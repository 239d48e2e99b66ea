# SafeMekong developer commands. `make demo` runs the hub with a demo world; `make test` runs
# lint, type check and the whole test suite. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: demo test install install-dev lint typecheck bench clean browser web-messages ui-screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.core
	$(PIP) -e '.[dev,sharing,evidence]'
	touch $@

# The web pages' npm libraries (package-lock.json), copied into safemekong/web/static/vendor/.
# Without npm the pages still run, without htmx and the link chart.
WEB_VENDOR := safemekong/web/static/vendor/.built
$(WEB_VENDOR): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && npm run --silent build && touch $@; \
	else echo "npm not found: the web pages run without htmx and the link chart"; fi

# Chromium and the CJK, Thai, Burmese and Khmer fonts for the browser tests (as root, from
# Debian's packages), only when one is missing; without chromium the browser tests skip and say why.
BROWSER_PACKAGES := chromium chromium-driver fonts-wqy-microhei fonts-tlwg-loma-otf \
	fonts-sil-padauk fonts-khmeros
browser:
	@dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q \
		$(BROWSER_PACKAGES); } || echo "could not install chromium: the browser tests will be skipped"

install: $(VENV)/.core $(WEB_VENDOR)

install-dev: $(VENV)/.dev $(WEB_VENDOR) browser

# The screenshots docs/ui.md shows: the browser tests take them, tests/web/screenshots.py copies
# the main pages into docs/ui/.
ui-screenshots: install-dev
	$(BIN)/pytest -q tests/web/test_browser*.py
	$(BIN)/python -m tests.web.screenshots

# Extract the pages' messages and merge them into each language's catalogue (then translate).
web-messages: install-dev
	$(BIN)/pybabel -q extract -F safemekong/web/babel.cfg -k N_ -k sentence --no-location \
		--project SafeMekong --sort-output -o safemekong/web/translations/messages.pot \
		safemekong/web safemekong/detect/verdict.py
	$(BIN)/pybabel -q update -i safemekong/web/translations/messages.pot \
		-d safemekong/web/translations --no-fuzzy-matching

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
