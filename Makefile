# Quick start: `make site` builds the sample site into site/, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test check lint clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/showcase build

serve: $(STAMP)
	$(BIN)/showcase serve

check: $(STAMP)
	$(BIN)/showcase check

test: $(STAMP)
	$(BIN)/ruff check generator tests assets benchmarks
	$(BIN)/python -m pytest

clean:
	rm -rf site .cache
