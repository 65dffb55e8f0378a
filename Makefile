# Everyday commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per CPU; `make test PYTEST_WORKERS=0` runs in this process.
PYTEST_WORKERS ?= auto

.PHONY: install setup run serve serve-production email-worker test lint check format bench loadtest clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/application.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build:css

## install: the virtualenv, Python and front-end dependencies, the compiled stylesheet
install: $(VENV)/.installed node_modules/.installed static/css/application.css

## setup: migrate, and load the seed and demo users into an empty database (never over data in use)
setup: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed

## run: set up the SQLite database (seed data and demo users the first time), then serve on http://127.0.0.1:8000
run: setup
	$(MAKE) serve

# Links in the emails it sends point at the address it runs on, unless SITE_URL says otherwise.
serve:
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

## serve-production: collect the static files, migrate, then gunicorn under tracker.settings.production
# Needs SECRET_KEY, SITE_URL, ALLOWED_HOSTS and DATABASE_URL in the environment (docs/operations.md).
GUNICORN_WORKERS ?= 3
serve-production: install
	DJANGO_SETTINGS_MODULE=tracker.settings.production $(PY) manage.py collectstatic --no-input
	DJANGO_SETTINGS_MODULE=tracker.settings.production $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=tracker.settings.production $(VENV)/bin/gunicorn tracker.wsgi \
		--bind $(HOST):$(PORT) --workers $(GUNICORN_WORKERS)

## email-worker: send queued email every 10 seconds until stopped (one or more beside the app servers)
email-worker: install
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-tracker.settings.production} $(PY) manage.py send_queued_email --loop

## test: the whole test suite in parallel (SQLite by default; set DATABASE_URL for PostgreSQL)
# --dist load deals tests out one by one; on two CPUs it beat whole modules per worker (loadfile,
# loadscope), whose few long appendix modules leave one worker idle at the end.
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist load

## lint: ruff, formatting and missing migrations
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=tracker.settings.test $(PY) manage.py makemigrations --check --dry-run

## check: what CI runs: lint, then the tests (set DATABASE_URL for PostgreSQL)
check: lint test

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: page speed, query and memory figures on PostgreSQL at sizes s, m and l (docs/performance.md)
# A fresh database bench_<size> per size (BENCH_DATABASE_URL); `make bench BENCH_SIZES=s` is quick.
BENCH_SIZES ?= s,m,l
bench: install
	BENCH_SIZES=$(BENCH_SIZES) $(PY) bench/run.py

## loadtest: 60 s of officers signing in, reading and saving updates against gunicorn on PostgreSQL
# LOADTEST_SECONDS, LOADTEST_USERS (8), LOADTEST_WORKERS (3), LOADTEST_DATABASE_URL (recreated).
loadtest: install
	$(PY) bench/loadtest.py

clean:
	rm -rf $(VENV) node_modules staticfiles static/css/application.css
