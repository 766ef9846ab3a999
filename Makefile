# The two commands of the README: `make run` and `make test`. Both are safe and fast to repeat.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
TOOLS := .tools
NODE_TOOLS := $(TOOLS)/.installed-$(shell sha256sum tools/package.json 2>/dev/null | cut -c1-12)
RUNTIME_STAMP := $(VENV)/.runtime-$(shell sha256sum pyproject.toml | cut -c1-12)
TEST_STAMP := $(VENV)/.test-$(shell sha256sum pyproject.toml | cut -c1-12)
CHROMIUM ?= $(or $(CHROMIUM_PATH),/usr/bin/chromium)
export CHROMIUM_PATH := $(CHROMIUM)

.PHONY: run install migrate seed test test-unit test-integration test-e2e test-postgres bench chromium node-tools lint clean messages

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; \
	  else echo "Python's venv module is missing: sudo apt-get install -y python3-venv"; exit 1; fi; \
	  $(PYTHON) -m venv $(VENV); }

$(RUNTIME_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e .
	rm -f $(VENV)/.runtime-* && touch $@

$(TEST_STAMP): pyproject.toml $(RUNTIME_STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -e ".[test]"
	rm -f $(VENV)/.test-* && touch $@

install: $(RUNTIME_STAMP)

migrate: install
	PORTAL_ENV=$${PORTAL_ENV:-development} $(PY) -m server migrate

seed: migrate
	PORTAL_ENV=$${PORTAL_ENV:-development} $(PY) -m server seed

## make run: the portal on SQLite with demo tenants, on http://127.0.0.1:$(PORT)
run: seed
	@echo "Familienportal: http://127.0.0.1:$(PORT)/  (demo password: see README)"
	PORTAL_ENV=$${PORTAL_ENV:-development} $(PY) -m server serve --port $(PORT)

# Debian packages the browser tests need: chromium (Playwright cannot download its own here) and npm.
chromium:
	@missing=""; [ -x "$(CHROMIUM)" ] || missing="chromium"; command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages for the browser tests:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "Missing for the browser tests:$$missing. Install once with: sudo apt-get install -y$$missing"; \
	  echo "(or point CHROMIUM_PATH at a Chromium/Chrome binary)"; exit 1; \
	fi

$(NODE_TOOLS): tools/package.json | chromium
	mkdir -p $(TOOLS)
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error --package-lock=false \
	  $$(node -e 'const d=require("./tools/package.json").dependencies;console.log(Object.entries(d).map(([k,v])=>k+"@"+v).join(" "))')
	rm -f $(TOOLS)/.installed-* && touch $@

node-tools: $(NODE_TOOLS)

## make test: unit and integration tests (SQLite; PostgreSQL too when TEST_POSTGRES_URL is set), then e2e
# The browser tests mostly wait (on the browser, the server, timers): three workers, each with its own
# portal, mail sink and Chromium, take about half the time of one.
E2E_WORKERS ?= 3

test: $(TEST_STAMP) chromium node-tools
	$(PY) -m pytest tests -q
	$(PY) -m pytest e2e -q -n $(E2E_WORKERS)

test-unit: $(TEST_STAMP)
	$(PY) -m pytest tests/unit -q

test-integration: $(TEST_STAMP)
	$(PY) -m pytest tests/integration -q

test-e2e: $(TEST_STAMP) chromium node-tools
	$(PY) -m pytest e2e -q -n $(E2E_WORKERS)

# Integration tests against PostgreSQL: each run creates and drops its own database.
test-postgres: $(TEST_STAMP)
	TEST_POSTGRES_URL=$${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres} $(PY) -m pytest tests/integration -q

## make bench: every benchmark under tests/bench, one "name: value unit" line per figure
bench: $(TEST_STAMP) chromium node-tools
	$(PY) -m tests.bench

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check server tests e2e migrations piccolo_conf.py

messages: $(RUNTIME_STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location -o server/locale/messages.pot .

clean:
	rm -rf $(VENV) $(TOOLS) var
