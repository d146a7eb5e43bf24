# standoff: `make demo` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p demo
	$(BIN)/standoff check --pack golan $$($(BIN)/python -c "import standoff; print(standoff.load_pack('golan').examples[0])") -o demo/verdicts.json --show 12
	$(BIN)/standoff map demo/verdicts.json --pack golan -o demo/map.html
	$(BIN)/standoff report demo/verdicts.json --pack golan -o demo/report.html
	@echo "demo: wrote demo/verdicts.json, demo/map.html and demo/report.html (they work offline)"

test: $(STAMP)
	$(BIN)/ruff check $(wildcard src tests benchmarks)
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

clean:
	rm -rf $(VENV) demo build
