# Set up, run and test the platform. `make run` and `make test` are all a new
# machine needs; see README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup install system-deps messages catalogues test bench lint format clean

# The site starts with DEBUG off unless told otherwise; the development targets
# tell it. `make run` is a demo: the second factor is optional there, so that a
# visitor can sign in as hr or admin with the password alone.
run setup messages catalogues: export DEBUG = 1
run: export OTP_REQUIRED = 0

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ — demo users: learner, trainer, reviewer, hr, admin"
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py rekey_learner_accounts -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py ensure_certificate_keys -v0
	$(PY) manage.py load_curriculum
	$(PY) manage.py seed_demo

system-deps:
	./scripts/system-deps.sh

install: system-deps $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

catalogues: $(STAMP)
	./scripts/update-catalogues.sh

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=$(VENV) -v0

test: install messages
	./scripts/system-deps.sh --test
	$(PY) -m pytest -n 2

bench: install messages
	./scripts/system-deps.sh --bench
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/check_sizes.py

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
