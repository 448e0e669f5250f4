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

.PHONY: venv convert site serve test lint browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

convert: venv
	$(BIN)/python -m build_scripts convert --report build/conversion-report.json

site: convert
	$(BIN)/mkdocs build --strict

serve: convert
	$(BIN)/mkdocs serve

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
