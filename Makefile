# The two commands of the README: `make run` and `make test`.
# Everything else here is a convenience for developers.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install: a second `make run` skips pip entirely.
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PIP := $(BIN)/python -m pip install --disable-pip-version-check
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=build --ignore=node_modules

.DEFAULT_GOAL := help
.PHONY: help install lock audit run test lint format messages superuser services elasticsearch clean distclean

help:  ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP)  ## Create .venv and install the project with its dev tools

# The versions come from requirements.lock (hashes checked), the project itself
# from this directory; `make lock` updates the lock after pyproject.toml changes.
$(STAMP): pyproject.toml setup.py requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $(PYTHON))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

lock:  ## Pin every dependency (with hashes) in requirements.lock, with pip-tools
	test -x var/pip-tools/bin/pip-compile || \
		{ $(PYTHON) -m venv var/pip-tools && var/pip-tools/bin/pip install pip-tools; }
	var/pip-tools/bin/pip-compile --quiet --extra=dev --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-find-links --output-file=requirements.lock pyproject.toml

# --strict: a dependency whose advisories cannot be read fails the audit, rather
# than being skipped under "No known vulnerabilities found".
audit:  ## Check requirements.lock against PyPI's vulnerability data, with pip-audit
	test -x var/pip-audit/bin/pip-audit || \
		{ $(PYTHON) -m venv var/pip-audit && var/pip-audit/bin/pip install pip-audit; }
	var/pip-audit/bin/pip-audit --strict --vulnerability-service pypi --disable-pip \
		--requirement requirements.lock

# The local server runs with DEBUG on; nothing else in this file does. Its address
# (RTES_HOST, RTES_PORT) is also the base of every link in the e-mails it sends.
RTES_HOST ?= 127.0.0.1
RTES_PORT ?= 8000
run: export DJANGO_DEBUG = true
run: export RTES_HOST := $(RTES_HOST)
run: export RTES_PORT := $(RTES_PORT)
run: export WAGTAILADMIN_BASE_URL ?= http://$(RTES_HOST):$(RTES_PORT)
run: $(STAMP)  ## Set up the demo and run the site on http://127.0.0.1:8000 (RTES_PORT=…) with a Celery worker
	@# The .mo files are committed; compiling only refreshes them when msgfmt exists.
	@if command -v msgfmt >/dev/null && ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; \
		then $(MANAGE) compilemessages $(I18N_IGNORE) --verbosity=0; fi
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Site: http://$(RTES_HOST):$(RTES_PORT)/  admin: http://$(RTES_HOST):$(RTES_PORT)/admin/  mails: var/mail/"
	$(BIN)/python bin/run

test: $(STAMP)  ## Lint, then run the test suite (PostgreSQL when DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: export DJANGO_DEBUG = true
messages: $(STAMP)  ## Update locale/*.po from the code, then compile them
	$(MANAGE) makemessages -l fr -l en $(I18N_IGNORE)
	$(MANAGE) compilemessages $(I18N_IGNORE)

superuser: export DJANGO_DEBUG = true
superuser: $(STAMP)  ## Create an admin account in the local database
	$(MANAGE) migrate --noinput
	$(MANAGE) createsuperuser

services: $(STAMP)  ## Install (as root) and start PostgreSQL, Redis, Chromium and Elasticsearch
	bin/services start

elasticsearch: $(STAMP)  ## Start only the local Elasticsearch node (127.0.0.1:9200)
	bin/services start elasticsearch

clean:  ## Remove local data (database, queue, mails, media) and caches
	rm -rf var/ build/ dist/ .pytest_cache/ .ruff_cache/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean  ## Also remove the virtualenv
	rm -rf $(VENV)
