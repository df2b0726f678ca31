# Chợ Phiên. `make run` serves the demo marketplace; `make test` runs every check and test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: install run serve demo check test test-sqlite test-browser test-postgres fuzz-api lock messages clean

$(VENV)/.installed: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_orders
	$(PY) manage.py load_demo_batches
	$(PY) manage.py collectstatic --noinput --verbosity 0

# `make run HOST=0.0.0.0 PORT=8080` serves the local network; the links on labels and in messages
# (SITE_URL) follow the address served unless SITE_URL is given (scripts/serve --print-env shows them).
run: demo serve

serve:
	./scripts/serve

check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/check_licenses.py  # every runtime dependency's licence can ship under AGPL-3.0-or-later
	$(VENV)/bin/mypy chophien config
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check

test: check test-sqlite test-browser test-postgres fuzz-api

test-sqlite: install
	DATABASE_URL= $(VENV)/bin/pytest -q -m "not browser"

# Browser tests in their own run: their transactional database (a live server) flushes tables.
test-browser: install
	DATABASE_URL= $(VENV)/bin/pytest -q -m browser

# The second pass: everything but the browser tests, on the local PostgreSQL.
test-postgres: install
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -m "not browser"

# schemathesis over the whole API from its OpenAPI document, anonymous and as a seller, on SQLite and
# on PostgreSQL (a database of its own on PG_URL's server, production settings): 4 runs of FUZZ_SECONDS.
# Fails on a 5xx, an answer outside the document, or a server log of bad input reaching the database.
FUZZ_SECONDS ?= 45
fuzz-api: install
	$(PY) scripts/fuzz_api.py --seconds $(FUZZ_SECONDS) --postgres-url $(PG_URL)

lock:
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe -o requirements.lock requirements.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe -o requirements-dev.lock requirements-dev.in

messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles --ignore=media --ignore=test-artifacts
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3* media staticfiles
