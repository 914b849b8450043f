# 东莞优品 portal: developer and CI entry points.
#
#   make install    .venv + Python dependencies (skipped when pyproject.toml is unchanged)
#                   and the Debian packages the portal needs at run time
#   make run        migrate, demo data, Celery worker+beat, runserver on http://127.0.0.1:8000/
#   make test       throw-away PostgreSQL + Redis (scripts/services.sh), then pytest
#   make lint       ruff, ruff format, makemigrations --check, mypy
#   make messages   compile locale/*.po
#   make bench      bench/run.py and bench/applications.py (figures, no assertions)
#   make clean      remove var/ (SQLite database, Celery queue, mail, private files)
#
# Every recipe runs as one bash script with errexit/nounset/pipefail (.ONESHELL + .SHELLFLAGS),
# so a failing command fails the target.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The interpreter used to create .venv: python3.11, or python3 when that is a 3.11.
# Evaluated lazily (only when .venv has to be created); override with `make PYTHON=...`.
PYTHON ?= $(shell if python3.11 -c 'import sys' >/dev/null 2>&1; then echo python3.11; \
	elif python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; \
	then echo python3; else echo python3.11; fi)

VENV := .venv
PY := $(VENV)/bin/python
INSTALL_STAMP := $(VENV)/.dgyp-install-stamp

# Debian packages needed to run the portal (msgfmt, WeasyPrint's libraries, CJK fonts for PDFs)...
RUN_DEBS := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
# ...and, in addition, to run the test suite (services + the browser Playwright drives).
TEST_DEBS := postgresql redis-server chromium
# `install` ensures $(DEBS); `make test` widens it so that one `apt-get update` covers both sets.
DEBS := $(RUN_DEBS)
test: DEBS := $(RUN_DEBS) $(TEST_DEBS)

# Installs, with apt-get, those of the given Debian packages that are not installed.
# apt-get update runs once, and only when something is missing.
define ensure_debs
missing=""
for pkg in $(1); do
	case "$$(dpkg -s "$$pkg" 2>/dev/null || true)" in
		*"Status: install ok installed"*) ;;
		*) missing="$$missing $$pkg" ;;
	esac
done
if [ -n "$$missing" ]; then
	echo "==> installing Debian packages:$$missing"
	sudo=""
	if [ "$$(id -u)" -ne 0 ]; then sudo="sudo"; fi
	export DEBIAN_FRONTEND=noninteractive
	$$sudo apt-get update -qq
	$$sudo apt-get install -y -qq --no-install-recommends $$missing
fi
endef

.PHONY: help install messages run test lint bench clean

help:
	@sed -n '3,10s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

install:
	@if ! $(PY) -c 'import sys' >/dev/null 2>&1; then
		if ! $(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
			echo "install: '$(PYTHON)' is not a Python 3.11; run 'make PYTHON=/path/to/python3.11 install'" >&2
			exit 1
		fi
		echo "==> creating $(VENV) with $(PYTHON)"
		$(PYTHON) -m venv --clear $(VENV)
	fi
	want=$$(sha256sum pyproject.toml | cut -d' ' -f1)
	have=$$(cat $(INSTALL_STAMP) 2>/dev/null || true)
	if [ "$$want" != "$$have" ]; then
		echo "==> pip install -e '.[dev]'"
		$(PY) -m pip install -q -e '.[dev]'
		echo "$$want" >$(INSTALL_STAMP)
	fi
	$(call ensure_debs,$(DEBS))

# compilemessages refuses to run when it finds no locale directory at all: skip it when there is
# nothing to compile.
messages: install
	@if [ -n "$$(find . \( -path ./.venv -o -path ./var -o -path ./.git -o -path ./node_modules \) -prune \
			-o -path '*/LC_MESSAGES/*.po' -print -quit)" ]; then
		$(PY) manage.py compilemessages --ignore=.venv --ignore=var
	else
		echo "messages: no .po files, nothing to compile"
	fi

# runserver and the worker are both children of this script. Started with `&` they ignore SIGINT
# (bash does that to background jobs), so Ctrl-C reaches only this script: its trap sends SIGTERM
# to both and waits for them. The same happens when runserver exits by itself or make gets
# SIGTERM. runserver keeps the terminal (stdout and, through fd 3, stdin: breakpoint() works).
run: install messages
	@export DJANGO_SETTINGS_MODULE=dgyp.settings.dev
	mkdir -p var/celery/queue var/celery/processed var/celery/results var/mail var/private
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	worker_log=var/celery/worker.log
	worker=""
	server=""
	stop_process() {  # pid, name, seconds to wait before SIGKILL
		local pid=$$1 name=$$2 waited=0
		[ -n "$$pid" ] || return 0
		if kill -0 "$$pid" 2>/dev/null; then
			echo "run: stopping $$name (pid $$pid)"
			kill -TERM "$$pid" 2>/dev/null || true
			while kill -0 "$$pid" 2>/dev/null && [ "$$waited" -lt "$$(( $$3 * 10 ))" ]; do
				sleep 0.1
				waited=$$((waited + 1))
			done
			if kill -0 "$$pid" 2>/dev/null; then
				echo "run: $$name did not stop within $$3 s, killing it" >&2
				kill -KILL "$$pid" 2>/dev/null || true
			fi
		fi
		wait "$$pid" 2>/dev/null || true
	}
	cleanup() {
		trap "" INT TERM
		stop_process "$$server" runserver 10
		stop_process "$$worker" "celery worker" 60
	}
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP
	$(VENV)/bin/celery -A dgyp worker -B --loglevel=INFO --concurrency=1 \
		--schedule var/celery/beat-schedule >"$$worker_log" 2>&1 &
	worker=$$!
	echo
	echo "  ================================================================"
	echo "   东莞优品 portal      http://127.0.0.1:8000/"
	echo "   Demo users: one per role (samr, enterprise, ...); password: see README"
	echo "   Celery worker + beat log: $$worker_log"
	echo "   Stop with Ctrl-C"
	echo "  ================================================================"
	echo
	exec 3<&0
	$(PY) manage.py runserver 127.0.0.1:8000 <&3 &
	server=$$!
	status=0
	wait "$$server" || status=$$?
	server=""
	echo "run: runserver exited with status $$status"
	exit "$$status"

test: install messages
	@$(call ensure_debs,$(RUN_DEBS) $(TEST_DEBS))
	trap 'bash scripts/services.sh stop || echo "test: WARNING: scripts/services.sh stop failed" >&2' EXIT
	bash scripts/services.sh start
	source /tmp/dgyp-test-services.env
	export DGYP_BROWSER=/usr/bin/chromium
	# Two passes: the ordinary tests in parallel, then the transactional ones (browser, real
	# locks, a Celery worker) serially, since their teardown flushes every table.
	status=0
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup -p no:cacheprovider -m "not transactional" || status=$$?
	serial=0
	$(VENV)/bin/pytest -q -p no:cacheprovider -m transactional || serial=$$?
	for s in "$$status" "$$serial"; do
		if [ "$$s" -eq 5 ]; then
			echo "test: FAILED: a pytest pass collected no tests (exit status 5)" >&2
		fi
	done
	if [ "$$status" -eq 0 ]; then status=$$serial; fi
	exit "$$status"

lint: install
	@status=0
	step() {
		echo "==> $$*"
		if ! "$$@"; then
			echo "lint: FAILED: $$*" >&2
			status=1
		fi
	}
	step $(VENV)/bin/ruff check .
	step $(VENV)/bin/ruff format --check .
	step env DJANGO_SETTINGS_MODULE=dgyp.settings.test $(PY) manage.py makemigrations --check --dry-run
	step $(VENV)/bin/mypy .
	exit "$$status"

bench: install
	@$(PY) bench/run.py
	$(PY) bench/applications.py

clean:
	rm -rf var
