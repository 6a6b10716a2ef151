# Kuulu: the two commands users need are `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run worker test lint install install-dev messages bench bench-deliberation clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The demo runs as production would (DEBUG off, translated error pages, static files by
# WhiteNoise), except that cookies are not marked Secure because it is served over plain http.
# The secret key is made once into var/secret_key by settings when SECRET_KEY is unset.
# /metrics answers this machine only. The site is served by gunicorn (the production server) with
# WEB_WORKERS processes; TASK_WORKER is the background task worker (one variable, so that another
# worker command can take its place).
# KUULU_REQUIRE_2FA=0: the demo's admin, coordinator and manager sign in with the password alone
# (production requires two-factor sign-in of them; anyone may still turn it on from the profile).
RUN_ENV = SECURE_COOKIES=0 KUULU_BASE_URL=http://127.0.0.1:$(PORT) METRICS_ALLOWED_IPS=127.0.0.1,::1 \
	KUULU_REQUIRE_2FA=0
WEB_WORKERS ?= 3
WEB_THREADS ?= 1
TASK_WORKER ?= $(PY) manage.py worker --no-reload
GUNICORN = $(VENV)/bin/gunicorn kuulu.wsgi --config python:kuulu.core.gunicorn_conf \
	--bind 127.0.0.1:$(PORT) --workers $(WEB_WORKERS) --threads $(WEB_THREADS)

run: install
	$(RUN_ENV) $(PY) manage.py compile_catalogues
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo "Starting the task worker and the site at http://127.0.0.1:$(PORT)/ (gunicorn, $(WEB_WORKERS) workers; Ctrl-C stops both)"
	@trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	  $(RUN_ENV) $(TASK_WORKER) & \
	  $(RUN_ENV) $(GUNICORN)

worker: install
	$(TASK_WORKER)

# The suite runs in PYTEST_WORKERS processes (pytest-xdist; `auto`: one per CPU, 0: in this
# process), each with its own test database; idle processes take over waiting tests (worksteal).
PYTEST_WORKERS ?= auto
test: install-dev tests/oidc/node_modules/.installed
	DEBUG=1 $(PY) manage.py compile_catalogues
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The real OpenID Connect provider (node-oidc-provider, pinned by its lock file) that the identity
# tests start in a process of their own.
tests/oidc/node_modules/.installed: tests/oidc/package-lock.json
	npm ci --prefix tests/oidc --no-audit --no-fund --silent
	touch $@

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Refresh the catalogues after changing user-facing strings (needs GNU gettext's xgettext).
messages: install
	cd kuulu && DEBUG=1 ../$(PY) ../manage.py makemessages --no-obsolete -l fi -l sv -l en --no-location

bench: install-dev
	$(PY) bench/front_page.py

.venv-bench/.installed: requirements-bench.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r requirements-bench.txt
	touch $@

bench-deliberation: install .venv-bench/.installed
	$(PY) bench/deliberation.py

clean:
	rm -rf $(VENV) var
