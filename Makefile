# Set-up is part of each target: a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8765

.PHONY: crawl test demo check bench clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## browser: a Chromium for client-rendered listings (Debian's package; Playwright's
## own download cannot reach its servers from every machine)
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
	  || if [ "$$(id -u)" = 0 ]; then echo "installing Debian's chromium"; apt-get update -qq \
	       && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	     else echo "no Chromium: run 'sudo apt-get install chromium' (needed for client-rendered sections)"; fi

## crawl: one locked run on the live site with the embedded defaults; feed and log under out/
##        (pass options with ARGS, e.g. make crawl ARGS="--sections politics --max-pages 2")
crawl: $(VENV)/.runtime browser
	$(BIN)/python -m newscrawl crawl $(ARGS)

## test: the whole test suite (unit and end-to-end against the local replica)
test: $(VENV)/.dev browser
	$(BIN)/python -m pytest

## demo: an offline crawl of the local replica into demo.jsonl
demo: $(VENV)/.runtime
	$(BIN)/python -m newscrawl.demo --port $(PORT) --out demo.jsonl

## check: spider contracts (scrapy check) against the local replica
check: $(VENV)/.runtime
	$(BIN)/python -m newscrawl.demo --port $(PORT) --check

## bench: every benchmark, about 10 minutes (figures go into the README with machine and date)
bench: $(VENV)/.dev browser
	$(BIN)/python benchmarks/crawl_throughput.py
	$(BIN)/python benchmarks/dedupe_quality.py
	$(BIN)/python benchmarks/browser_cost.py
	$(BIN)/python benchmarks/dedupe_scale.py
	$(BIN)/python benchmarks/distributed.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
