# Quick start: `make site` builds the sample site into site/, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test check lint clean setup browser-deps

setup: $(STAMP) browser-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The browser tests (tests/browser/) drive Debian's Chromium, never a downloaded browser, with
# CJK fonts for readable screenshots, and inject axe-core from the npm registry.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

browser-deps: node_modules/.package-lock.json
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		echo "Installing chromium and fonts-noto-cjk with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

site: $(STAMP)
	$(BIN)/showcase build

serve: $(STAMP)
	$(BIN)/showcase serve

check: $(STAMP)
	$(BIN)/showcase check

test: $(STAMP) browser-deps
	$(BIN)/ruff check generator tests tools benchmarks
	$(BIN)/python -m pytest

clean:
	rm -rf site .cache
