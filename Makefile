# The two commands: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 5000
export FLASK_APP := wsgi
# Mermaid draws the lifecycle diagram in the browser; only its one bundled file is kept.
MERMAID_VERSION := 11.17.2
MERMAID := committee/static/vendor/mermaid.min.js
# The GOV.UK Design System (govuk-frontend, locked in package-lock.json): the stylesheet is
# compiled from committee/static/scss with the council's font; the script is copied as built.
GOVUK := committee/static/vendor/govuk
GOVUK_ASSETS := $(GOVUK)/app.css $(GOVUK)/govuk-frontend.min.js

# Debian packages the service needs: WeasyPrint renders agenda packs with Pango and HarfBuzz.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
SYSTEM_READY := $(VENV)/.system-packages
# The browser tests drive Debian's Chromium with Playwright; no browser is ever downloaded.
TEST_SYSTEM_PACKAGES := chromium
TEST_SYSTEM_READY := $(VENV)/.test-system-packages
# The benchmarks drive gunicorn with wrk, as a load of calendar clients would.
BENCH_SYSTEM_PACKAGES := wrk
BENCH_SYSTEM_READY := $(VENV)/.bench-system-packages

.PHONY: run test setup lint bench clean lock
# A recipe that fails (a Sass error) leaves no half-written file behind to look up to date.
.DELETE_ON_ERROR:

# The scheduler runs beside the development server and stops with it.
run: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	@echo "Serving http://127.0.0.1:$(PORT) with the scheduler beside it; Ctrl-C stops both."
	@$(BIN)/flask scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --port $(PORT)

test: setup node_modules/.package-lock.json $(TEST_SYSTEM_READY)
	$(BIN)/pytest

# From npm: GOV.UK Frontend and Sass for the pages; for the tests, Mozilla's ical.js
# (Thunderbird's parser) reads the calendar feeds and axe-core checks the pages.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the pages' look and the tests: install Node.js"; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $@

setup: $(INSTALLED) $(MERMAID) $(SYSTEM_READY) $(GOVUK_ASSETS)

$(GOVUK)/app.css: $(wildcard committee/static/scss/*.scss) node_modules/.package-lock.json
	@mkdir -p $(dir $@)
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
		--quiet-deps committee/static/scss/app.scss $@

$(GOVUK)/govuk-frontend.min.js: node_modules/.package-lock.json
	@mkdir -p $(dir $@)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

# Installs what is missing with apt-get (as root), or says what to install and stops.
define apt_install
	@missing=$$(for package in $(1); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || echo $$package; \
	done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing $$missing (apt-get)"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
				|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }; \
		else \
			echo "Install these packages first ($(2)): $$missing"; exit 1; \
		fi; \
	fi
	@touch $@
endef

$(SYSTEM_READY): Makefile | $(BIN)/python
	$(call apt_install,$(SYSTEM_PACKAGES),the agenda pack needs them)

$(TEST_SYSTEM_READY): Makefile | $(BIN)/python
	$(call apt_install,$(TEST_SYSTEM_PACKAGES),the browser tests need them)

$(BENCH_SYSTEM_READY): Makefile | $(BIN)/python
	$(call apt_install,$(BENCH_SYSTEM_PACKAGES),the benchmarks need them)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed: run make with PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The dependencies exactly as locked (versions and hashes), then the project itself.
$(INSTALLED): requirements.lock pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# After changing the dependencies in pyproject.toml: write requirements.lock again.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

# Without npm (or the registry) the lifecycle page shows the diagram as text: not fatal.
$(MERMAID):
	@mkdir -p $(dir $@) .cache
	@if command -v npm >/dev/null 2>&1 \
		&& (cd .cache && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null 2>&1) \
		&& tar -xzOf .cache/mermaid-$(MERMAID_VERSION).tgz package/dist/mermaid.min.js > $@.part; then \
		mv $@.part $@; \
	else \
		rm -f $@.part; echo "Note: could not fetch Mermaid with npm; the lifecycle diagram will show as text."; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup $(BENCH_SYSTEM_READY)
	@for script in benchmarks/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info .cache $(MERMAID) $(GOVUK) node_modules
