# make run · make test · make bench · make lint
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: serve nginx run test test-pg bench eval-minutes lint install chromium messages demo screenshots

install: .venv/.stamp node_modules/.stamp

.venv/.stamp: pyproject.toml
	$(PYTHON) -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	.venv/bin/pip install -q -e '.[dev]'
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium for the browser tests (Playwright drives /usr/bin/chromium; nothing is downloaded).
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

# Debian's nginx and redis-server for `make serve` (and the production smoke run).
nginx:
	@command -v nginx >/dev/null && command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx redis-server >/dev/null; }

# The production mode on this machine: nginx, 2 gunicorn instances, 2 task workers on Redis, PostgreSQL
# at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hamafza). See "In production" in the README.
serve: install nginx
	deploy/serve.sh

# The Persian translations are committed compiled; this refreshes the catalogue (see hamafza/locale/README.md).
messages: install
	$(PY) manage.py makemessages -l fa --ignore=node_modules --ignore=.venv --ignore=var --ignore=bench --ignore=tests --ignore=hamafza/reports --ignore=hamafza/atlas/locale
	$(PY) hamafza/locale/fill.py
	$(PY) manage.py compilemessages -l fa --ignore=node_modules --ignore=.venv

demo: install
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py load_atlas_demo
	$(PY) manage.py load_participation_demo
	$(PY) manage.py load_goals_demo
	$(PY) manage.py load_assembly_demo
	$(PY) manage.py load_counseling_demo

run: demo
	@$(PY) manage.py db_worker --interval 2 --no-reload > var/worker.log 2>&1 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

test: install chromium
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

# The same suite on PostgreSQL (DATABASE_URL must point at a server where the user may create databases).
test-pg: install chromium
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

# Re-takes the README's screenshots with the browser tests.
screenshots: install chromium
	SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -q -m browser

bench: install
	$(PY) -m bench
	$(PY) -m bench.minutes
	$(PY) -m bench.atlas_hotspots
	$(PY) -m bench.atlas_ranking
	$(PY) -m bench.atlas_map
	$(PY) -m bench.atlas_import
	$(PY) -m bench.matching
	$(PY) -m bench.participation_matching
	$(PY) -m bench.assembly_voting
	$(PY) -m bench.report_pdf
	$(PY) -m bench.counseling

# Scores the minutes reader on the development corpus (resolution P/R/F1, responsible F1, dates, speed).
eval-minutes: install
	$(PY) -m hamafza.minutes.evaluate tests/data/minutes-dev tests/data/minutes tests/data/minutes-real

lint: install
	.venv/bin/ruff check hamafza tests bench
	.venv/bin/ruff format --check hamafza tests bench
	.venv/bin/mypy hamafza/lib hamafza/*/services.py hamafza/*/services/
