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
RUN_ENV = SECURE_COOKIES=0 KUULU_BASE_URL=http://127.0.0.1:$(PORT)

run: install
	$(RUN_ENV) $(PY) manage.py compile_catalogues
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo "Starting the task worker and the site at http://127.0.0.1:$(PORT)/ (Ctrl-C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(RUN_ENV) $(PY) manage.py db_worker --no-reload & \
	  $(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(PY) manage.py db_worker

test: install-dev
	DEBUG=1 $(PY) manage.py compile_catalogues
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

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
