# Quick start: `make site` builds the sample site into site/, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site serve test check lint clean setup browser-deps lighthouse bench-search bench-preview

setup: $(TEST_STAMP) browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# What building the site needs, and no more: the tool and its engine.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

# Plus the test tools (pytest, Playwright, ProperDocs, …). Either install keeps the other's
# stamp true: the test extras include everything the site needs.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $(TEST_STAMP)

# The browser tests (tests/browser/) drive Debian's Chromium, never a downloaded browser, with
# CJK fonts for readable screenshots, and inject axe-core from the npm registry. Installing the
# Debian packages takes root or sudo: without them, or when apt-get fails, this says which
# command to run and goes on; the browser tests are then skipped with the same words (under
# CI=true they fail instead).
CHROMIUM     ?= /usr/bin/chromium
APT_PACKAGES := chromium fonts-noto-cjk
APT_COMMAND  := apt-get install -y $(APT_PACKAGES)

browser-deps: node_modules/.package-lock.json
	@if [ ! -x $(CHROMIUM) ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
		else sudo="none"; fi; \
		reason=""; \
		if [ "$$sudo" = none ]; then reason="这里没有 root 权限，也没有 sudo"; \
		elif ! command -v apt-get >/dev/null 2>&1; then reason="这里没有 apt-get"; \
		else \
			echo "Installing $(APT_PACKAGES) with apt-get"; \
			$$sudo apt-get update -qq && \
			$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) || \
			reason="apt-get 没有安装成功"; \
		fi; \
		if [ -n "$$reason" ]; then \
			echo "缺少浏览器测试要用的 Debian 软件包（$(APT_PACKAGES)），$$reason。"; \
			echo "请有 root 权限的人运行：  $(APT_COMMAND)"; \
			echo "装好之前，浏览器测试（tests/browser/）会跳过；设置了 CI=true 时算作失败。"; \
		fi; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; else \
		echo "没有 npm，无障碍测试要用的 axe-core 装不上。请有 root 权限的人运行：  apt-get install -y npm"; \
		echo "装好之前，无障碍测试会跳过；设置了 CI=true 时算作失败。"; fi

site: $(STAMP)
	$(BIN)/showcase build

serve: $(STAMP)
	$(BIN)/showcase serve

check: $(STAMP)
	$(BIN)/showcase check

test: $(TEST_STAMP) browser-deps
	$(BIN)/ruff check generator tests tools benchmarks
	$(BIN)/python -m pytest

# Lighthouse scores and LCP of the sample site (benchmarks/lighthouse.py); not part of the
# tests, so `make test` does not install it.
tools/lighthouse/node_modules/.package-lock.json: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund

lighthouse: $(TEST_STAMP) browser-deps tools/lighthouse/node_modules/.package-lock.json
	$(BIN)/python benchmarks/lighthouse.py --report benchmarks/page-weight.md

# Our search and Pagefind (npm, pinned in tools/pagefind/) side by side on the sample site
# (benchmarks/bench_search.py --pagefind; benchmarks/README.md has the 1,000-village run).
tools/pagefind/node_modules/.package-lock.json: tools/pagefind/package.json tools/pagefind/package-lock.json
	cd tools/pagefind && npm ci --no-audit --no-fund

bench-search: $(TEST_STAMP) browser-deps tools/pagefind/node_modules/.package-lock.json
	$(BIN)/showcase build
	$(BIN)/python benchmarks/bench_search.py sample=site --pagefind

bench-preview: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_preview.py

clean:
	rm -rf site .cache
