# VICTOR Seminars: the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
PIP       := $(PY) -m pip --disable-pip-version-check --quiet
MANAGE    := $(PY) manage.py
HOST      ?= 127.0.0.1
PORT      ?= 8000
PYTEST_ARGS ?=
LOCALES   := sl el ro
I18N_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests --ignore=bench

.PHONY: help run test faults prod bench install install-dev messages translations migrate lint lock clean

help:
	@echo "make run    - set up .venv, migrate, load demo data, serve http://$(HOST):$(PORT) (SQLite)"
	@echo "make test   - set up .venv with test tools and run the whole suite"
	@echo "make faults - fault, production-run and scale-out tests (throwaway PostgreSQL cluster, root)"
	@echo "make prod   - production on one machine: gunicorn, task workers, periodic runner (PostgreSQL)"
	@echo "make bench  - benchmark: data set, gunicorn + wrk, one table with targets (bench/README.md)"
	@echo "make lint   - ruff"
	@echo "make messages - refresh locale/*/django.po from the sources"
	@echo "make lock   - re-resolve constraints.txt from pyproject.toml (a deliberate upgrade)"

# Python 3.12+: pyenv's choice from .python-version first, then python3.13/python3.12 on PATH.
$(PY):
	@py=""; \
	for candidate in "$$(command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null)" python3.13 python3.12 python3; do \
	  [ -n "$$candidate" ] || continue; \
	  command -v "$$candidate" >/dev/null 2>&1 || continue; \
	  if "$$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then py="$$candidate"; break; fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "error: VICTOR Seminars needs Python 3.12 or 3.13 (Django 6.1 refuses older ones)." >&2; \
	  echo "       Install python3.13 (or use pyenv with .python-version) and run make again." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$("$$py" -c 'import sys; print(sys.executable, sys.version.split()[0])')"; \
	"$$py" -m venv $(VENV)

$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "error: msgfmt not found: install GNU gettext (apt-get install gettext)" >&2; exit 1; }
	@$(MANAGE) compilemessages $(I18N_IGNORE) -v 0

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) createcachetable

run: translations migrate
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

# Browser journeys run in their own pytest process: Playwright's event loop makes
# Django keep database connections per context, which would hide the test
# database's saved rows from the journeys if other tests had opened it first.
# SKIP_BROWSER=1 leaves them out (CI runs them once, on SQLite).
# The HTML and accessibility checks (vnu-jar, axe-core) come from npm; --ignore-scripts
# keeps vnu-jar from fetching a Java runtime (the machine's Java runs it).
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found: install Node.js (apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

test: $(VENV)/.installed-dev translations node_modules/.package-lock.json
	$(PY) -m pytest -m "not browser and not faults" $(PYTEST_ARGS)
ifneq ($(SKIP_BROWSER),1)
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)
endif

# Fault tests, then the production-run and scale-out tests (tests/scale): the app's
# processes (gunicorn, db_worker, the periodic runner, an SMTP sink) against a
# throwaway PostgreSQL cluster on port 5433 that they create and drop (needs root),
# each directory in a pytest process of its own (each creates the cluster once).
faults: $(VENV)/.installed-dev translations
	$(PY) -m pytest -m faults tests/faults $(PYTEST_ARGS)
	$(PY) -m pytest -m faults tests/scale $(PYTEST_ARGS)

# Production on one machine: gunicorn, task workers, the periodic runner (see README).
prod: $(VENV)/.installed translations
	bin/prod

# Benchmark (never a test, not in CI); wrk from Debian, else the Python load
# generator. BENCH_ARGS, e.g. --duration 5.
bench: $(VENV)/.installed-dev translations
	$(PY) bench/all.py $(BENCH_ARGS)

# Style (ruff) and architecture: the import-linter contracts of .importlinter (ARCHITECTURE.md).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

messages: $(VENV)/.installed
	$(MANAGE) makemessages $(addprefix -l ,$(LOCALES)) $(I18N_IGNORE) --no-obsolete --add-location=file

lock:
	rm -rf .lock-venv && $$(command -v python3.13 || command -v python3.12) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Exact versions that make installs with (pip install -c constraints.txt)."; echo "# Regenerate deliberately with make lock; ranges live in pyproject.toml."; .lock-venv/bin/pip freeze --exclude-editable; } > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) staticfiles node_modules
