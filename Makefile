# Two entry points (see the README): `make run` and `make test`.
# Both create .venv on first use and install everything offline-capable:
# torch is pinned to the CPU build first so nothing pulls a CUDA build.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.llm-installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: setup run test test-fast ingest eval lint bench clean chromium opensearch opensearch-stop

setup: $(STAMP) chromium

# The browser tests (tests/browser/) drive Debian's Chromium through Playwright, which
# cannot download its own browser here. Best effort: apt-get (sudo only when not root);
# without Chromium the browser tests are skipped and say why.
chromium:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
		echo "installing Debian's chromium for the browser tests"; \
		( $$SUDO apt-get install -y --no-install-recommends chromium \
		  || ( $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium ) ) >/dev/null 2>&1 \
		|| echo "chromium not installed: the browser tests will be skipped"; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The local LLM is best-effort: without a C++ compiler (or on failure) answers come
# from the extractive composer, and the app says so.
$(LLM_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[llm]" || echo "local LLM not installed: answers will use the extractive composer"
	touch $(LLM_STAMP)

run: setup $(LLM_STAMP)
	SHOPASSIST_DEMO_MODE=$${SHOPASSIST_DEMO_MODE:-1} $(VENV)/bin/shopassist serve  # demo mode: fictional personas

# The tests run beside a fresh, real OpenSearch node (deploy/opensearch-node/, built from
# Maven Central's jars on first use) on its own port, stopped afterwards.
TEST_NODE := OPENSEARCH_NODE_HOME=$(CURDIR)/.shopassist/opensearch-test OPENSEARCH_NODE_PORT=9250 \
	deploy/opensearch-node/node.sh run

test: setup
	$(VENV)/bin/lint-imports
	$(PY) .ci/check_imports.py
	$(TEST_NODE) $(PY) -m pytest

test-fast: setup
	$(TEST_NODE) $(PY) -m pytest -m "not slow"

# A real OpenSearch node on http://127.0.0.1:9200 for the app (SHOPASSIST_ENGINE=opensearch);
# data under .shopassist/opensearch. `make opensearch-stop` stops it.
opensearch:
	deploy/opensearch-node/node.sh start

opensearch-stop:
	deploy/opensearch-node/node.sh stop

ingest: setup
	$(VENV)/bin/shopassist ingest

eval: setup
	$(VENV)/bin/shopassist eval --json benchmarks/results/eval_dev.json

lint: setup
	$(VENV)/bin/ruff check .

# The peers' packages (LangChain's retrievers, rank_bm25, bm25s, PyStemmer): the `bench` extra.
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

# Latency, ingest and every peer benchmark; each prints its table and writes JSON to benchmarks/results/.
bench: setup $(BENCH_STAMP)
	$(PY) benchmarks/retrieval_latency.py
	$(PY) benchmarks/ingest.py
	$(PY) benchmarks/bm25_peer.py
	$(PY) benchmarks/langchain_peer.py
	$(PY) benchmarks/langchain_retriever.py

clean:
	rm -rf .shopassist .pytest_cache
