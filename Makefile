# Brightside: `make run` for a demo site, `make test` for every check. See README.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install messages messages-update run migrate demo-data test lint checks pytest clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the requirements

# The Spanish interface: locale/*.po compiled to .mo (generated, not committed) by
# polib, so no GNU gettext is needed to run the site; `make checks` also runs
# gettext's msgfmt --check when it is installed (CI installs it).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

$(CATALOGUES): %.mo: %.po $(STAMP)
	$(BIN)/python -c 'import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@

messages: $(CATALOGUES) ## Compile the translations of the interface (locale/)

messages-update: install ## Add new interface strings to locale/es (needs gettext's xgettext)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemessages -l es \
		--ignore=.venv --ignore=bench --ignore=tests --no-obsolete

migrate: install messages ## Apply database migrations (then refresh planner statistics)
	$(MANAGE) migrate --noinput

demo-data: migrate ## Load the demo pages, taxonomy, programs and admin login
	$(MANAGE) load_initial_data --demo-admin

run: demo-data ## Set up, load demo data and serve http://$(HOST):$(PORT)/
	@echo "Brightside: http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/"
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install ## ruff (lint and format) and djhtml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

checks: install messages ## Django checks, missing migrations, a demo-data smoke run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	@if command -v msgfmt >/dev/null; then for po in $(CATALOGUES:.mo=.po); do msgfmt --check --output-file=/dev/null $$po || exit 1; done; \
	else echo "msgfmt not installed (apt-get install gettext): catalogue check skipped"; fi
	rm -f $(VENV)/smoke.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/$(VENV)/smoke.sqlite3 DJANGO_SETTINGS_MODULE=config.settings.test \
		bash -c '$(BIN)/python manage.py migrate --noinput -v0 && $(BIN)/python manage.py load_initial_data && $(BIN)/python manage.py load_initial_data'
	rm -f $(VENV)/smoke.sqlite3

pytest: install messages ## The test suite (DATABASE_URL picks the database; SQLite by default)
	$(BIN)/pytest -q --durations=15 $(PYTEST_ARGS)

test: lint checks pytest ## Everything CI runs: lint, checks and the whole suite

clean: ## Remove the virtualenv, the dev database and caches
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache
