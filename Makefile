# Quick start: `make site` then `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.7 prints a notice about MkDocs 2.0 on every build; it is not about this project.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the sitemap's dates are the last commit's, not the build's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

# The site generator: mkdocs, or ProperDocs (the maintained MkDocs 1.6 fork) with `make site ENGINE=properdocs`.
ENGINE ?= mkdocs
# The exact versions CI tested, with their hashes (`make lock` refreshes it from pyproject.toml).
LOCK   := requirements.lock

.PHONY: venv lock convert site serve test lint browser clean

# The venv is made anew whenever the lock changes, so it holds exactly the locked packages.
$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0] + ": run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

# uv resolves pyproject.toml (dev extras included) for every platform; versions already locked are kept
# unless you ask for newer ones (make lock LOCK_FLAGS=--upgrade). Run `make venv` and `make test` after it before committing the new lock.
lock:
	$(PYTHON) -m venv build/lock-tool
	build/lock-tool/bin/pip install --quiet uv
	build/lock-tool/bin/uv pip compile pyproject.toml --quiet --extra dev --generate-hashes --universal \
	  --python-version 3.11.5 --custom-compile-command "make lock" $(LOCK_FLAGS) -o $(LOCK)

convert: venv
	$(BIN)/python -m build_scripts convert --report build/conversion-report.json

site: convert
	$(BIN)/$(ENGINE) build --strict

# mkdocs serve that also watches sources/ (manifest.yaml included) and converts a changed source
# again, incrementally (plugins/archive/live.py). ARGS are passed on, e.g. ARGS="-a 0.0.0.0:8000".
serve: convert
	$(BIN)/python -m plugins.archive.live $(ARGS)

# Browser tests drive Debian's Chromium through Playwright; install it when missing and we may.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: browser tests will be skipped (apt-get install chromium)"; fi; }

test: venv browser
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check build_scripts plugins tests bench

clean:
	rm -rf site .pytest_cache
