# The README's two commands are `make run` and `make test`; CI runs `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test venv lock services lint layers typecheck format browsers bench clean

# The venv installs the pinned versions of requirements.lock, then the project itself without
# resolving again. pyproject.toml stays the source of truth: tests/test_lockfile.py fails when
# the lock no longer satisfies its dependency list; `make lock` regenerates it.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $$(command -v $(PYTHON) || command -v python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet -e . --no-deps
	touch $(STAMP)

venv: $(STAMP)

# Regenerates requirements.lock: `pip freeze` of a fresh venv holding `.[dev]` (newest versions
# pyproject.toml allows). Audit it where the advisory database is reachable:
# `pip-audit -r requirements.lock --no-deps --strict`.
LOCK_VENV := var/lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$$(command -v $(PYTHON) || command -v python3) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet -e ".[dev]"
	{ echo "# Pinned dependencies of pyproject.toml's [project] and [dev] lists: \`make lock\`."; \
	  $(LOCK_VENV)/bin/pip freeze --exclude-editable; } > requirements.lock
	rm -rf $(LOCK_VENV)

# Debian packages the portal needs: Pango for WeasyPrint, poppler for PDF text in tests,
# Chromium for the browser tests.
system-packages:
	@bash scripts/ensure-system-packages.sh

services:
	@bash scripts/ensure-services.sh

# Runs the portal with demo data on the embedded default (SQLite + filesystem broker).
# `make run PORT=8001` serves on another port (SITE_URL follows it).
PORT ?= 8000
run: $(STAMP)
	@bash scripts/ensure-system-packages.sh --runtime-only
	@echo "Preparing the demo database (var/cor_portal.sqlite3)…"
	@DJANGO_SETTINGS_MODULE=cor_portal.settings.local $(BIN)/python manage.py migrate --noinput -v 0
	@DJANGO_SETTINGS_MODULE=cor_portal.settings.local SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py seed_demo
	@DJANGO_SETTINGS_MODULE=cor_portal.settings.local $(BIN)/python manage.py collectstatic --noinput -v 0
	@PORT=$(PORT) bash scripts/run-local.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The layering of README "Design": platform below domain, domain apps downward only
# (import-linter contracts in pyproject.toml, [tool.importlinter]).
layers: $(STAMP)
	$(BIN)/lint-imports

# mypy with django-stubs over the platform, the rule modules and the services
# (pyproject.toml, [tool.mypy]).
typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Runs the whole suite against real PostgreSQL and Redis (installed and started if missing).
test: $(STAMP)
	@bash scripts/ensure-system-packages.sh
	@bash scripts/ensure-services.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/bandit -c pyproject.toml -r . --severity-level medium --quiet
	DJANGO_SETTINGS_MODULE=cor_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	bash scripts/check-compose.sh
	DJANGO_SETTINGS_MODULE=cor_portal.settings.test $(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# Every benchmark of bench/ in one table (README "Benchmarks"); not part of `make test`.
# `make bench BENCH_ARGS="--quick"`, or --repeat, --duration, --upload-mb, --upload-rate, …
bench: $(STAMP)
	@bash scripts/ensure-services.sh
	@bash scripts/ensure-system-packages.sh --bench
	$(BIN)/python bench/harness.py $(BENCH_ARGS)

clean:
	rm -rf var/cor_portal.sqlite3 var/celery-broker var/celery-processed var/celery-results
