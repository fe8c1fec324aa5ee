# sendplan: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1 DEMO_MODE=1
# Two workers: the suite runs in about half the time on a 2-core machine.
PYTEST_ARGS ?= -n 2

.PHONY: run test install install-test migrate demo lint bench bench-load clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "sendplan needs Python 3.12 or newer (Django 6); $(PYTHON) is " + sys.version.split()[0] + ". Install python3.12 or run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo

# The worker publishes packs and sends the 07:00 reminder emails (printed to the console in
# development); stopping the server (Ctrl+C) stops it too.
run: demo
	@$(DEV_ENV) $(BIN)/python manage.py send_reminders --schedule >/dev/null
	$(DEV_ENV) $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-test
	@scripts/system-packages.sh
	$(BIN)/pytest $(PYTEST_ARGS)

# mypy checks the paths listed under [tool.mypy] in pyproject.toml.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# The benchmarks in bench/ (bench/README.md) at small sizes, about a minute in all; for the sizes of
# bench/README.md's figures empty a script's arguments, e.g. `make bench BENCH_DASHBOARD=`. Each script
# uses its own throwaway SQLite file under /tmp: DATABASE_URL is unset, so no other database is touched.
# Every script runs even if an earlier one exits 1 (a page failed, the pack's goal was not met); the
# target then fails at the end.
BENCH_DASHBOARD ?= --actions 500 --periods 4 --requests 20
BENCH_EXCEL ?= --actions 500 --runs 3
BENCH_PACK ?= --actions 100 --periods 4 --runs 1
BENCH_IMPORT ?= --actions 500 --periods 4
bench: install
	@scripts/system-packages.sh
	@status=0; \
	for run in "dashboard.py $(BENCH_DASHBOARD)" "excel.py $(BENCH_EXCEL)" "pack.py $(BENCH_PACK)" \
	           "import_plan.py $(BENCH_IMPORT)"; do \
	  echo "== bench/$$run"; \
	  env -u DATABASE_URL $(BIN)/python bench/$$run || status=1; \
	  echo; \
	done; \
	exit $$status

# bench/load.py (bench/README.md): gunicorn on a PostgreSQL database of its own (on 127.0.0.1:5432,
# trust authentication, started here when it is not running) under 10, 40 and 100 users at once, about
# 7 minutes at full size. Other arguments through BENCH_LOAD, e.g. a quick look in about 2 minutes:
# make bench-load BENCH_LOAD="--actions 500 --periods 4 --levels 10 --duration 15"
# or as production runs with a shared cache: make bench-load BENCH_LOAD="--cache-url redis://127.0.0.1:6379/14"
BENCH_LOAD ?=
bench-load: install
	@scripts/system-packages.sh
	@pg_isready -h 127.0.0.1 -p 5432 -q || \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -n 1)" main start
	$(BIN)/python bench/load.py $(BENCH_LOAD)

clean:
	rm -rf $(VENV) var staticfiles
