# medlink: `make run` processes corpus/ into outputs/, `make test` runs the tests.
# Both create the virtual environment and build the lexicon when needed.
# The distribution's interpreter when it can make a venv (Debian's python3.11 runs the
# pipeline with about a quarter less CPU than a plain source build such as pyenv's
# default: BENCHMARKS.md), else the first python3.11 on PATH. `make PYTHON=...` overrides.
SYSTEM_PYTHON = /usr/bin/python3.11
PYTHON ?= $(shell $(SYSTEM_PYTHON) -c "import ensurepip, venv" 2>/dev/null && echo $(SYSTEM_PYTHON) || echo python3.11)
VENV ?= .venv
BIN = $(VENV)/bin
EXTRAS = test,postgres,parquet,dask,train

.PHONY: setup resources run test lint format clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[$(EXTRAS)]'
	$(BIN)/python -c "import spacy, scispacy, medspacy, pandas, py3langid, floret"
	touch $@

resources: setup
	$(BIN)/medlink resources build

run: resources
	$(BIN)/medlink run corpus --out outputs

test: resources
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests

format: setup
	$(BIN)/ruff format pipeline tests
	$(BIN)/ruff check --fix pipeline tests

clean:
	rm -rf $(VENV) outputs/*.jsonl .pytest_cache
