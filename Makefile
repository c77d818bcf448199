# The README's two commands are `make run` and `make test`; CI runs `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test venv services lint layers typecheck format browsers bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $$(command -v $(PYTHON) || command -v python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

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
	DJANGO_SETTINGS_MODULE=cor_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	bash scripts/check-compose.sh
	DJANGO_SETTINGS_MODULE=cor_portal.settings.test $(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

bench: $(STAMP)
	@bash scripts/ensure-services.sh
	DJANGO_SETTINGS_MODULE=cor_portal.settings.test $(BIN)/python bench/sweep_deadlines.py

clean:
	rm -rf var/cor_portal.sqlite3 var/celery-broker var/celery-processed var/celery-results
