# The two commands: `make run` (the dashboard on SQLite + the live simulator) and `make test` (the whole
# suite, what CI runs); `make test-fast` is the tier without browser, PostgreSQL, broker or server processes.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast lint services browser install clean bench

run: $(STAMP)
	$(PY) app.py

test: $(STAMP)-test browser services
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

# SQLite and in-process only: no Chromium, no PostgreSQL, no Mosquitto, no app or command in a subprocess.
test-fast: $(STAMP)-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -m "not browser and not postgres and not process and not mqtt and not redis"

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP)-test: pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Debian's chromium + chromium-driver drive the browser tests (dash_duo); selenium cannot fetch drivers here.
# poppler-utils (pdftotext, pdftoppm) read the daily report's PDF back in the tests.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v pdftotext >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver poppler-utils; }

# PostgreSQL, Redis and Mosquitto for the tests that talk to real services (started only when down).
services:
	@bash scripts/services.sh

lint: $(STAMP)-test
	$(VENV)/bin/ruff check .

clean:
	rm -rf var tests/screenshots .pytest_cache
