# The two commands a newcomer needs: `make demo` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo-output/demo.db

.PHONY: install demo test lint bench clean npm

install: $(VENV)/.installed

# Pinned: constraints.txt holds the exact versions the test suite was last run with.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

# TimelineJS from npm, for the browser test that renders an exported timeline (skipped without it).
npm:
	@if command -v npm >/dev/null 2>&1 && [ -f package.json ]; then \
		[ -d node_modules/@knight-lab/timelinejs ] || npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm or package.json missing: TimelineJS browser test will be skipped"; fi

# Ingest -> annotate -> timeline on the bundled demo corpus; prints the timeline, writes an HTML page.
demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/dateline ingest examples/demo --db $(DEMO_DB)
	$(BIN)/dateline annotate --db $(DEMO_DB)
	$(BIN)/dateline stats --db $(DEMO_DB)
	$(BIN)/dateline timeline "Halvorsen" --db $(DEMO_DB) --dates 12 --sentences 2
	$(BIN)/dateline timeline "Halvorsen" --db $(DEMO_DB) --dates 12 --sentences 2 --format html --out demo-output/timeline.html
	@echo "HTML timeline written to demo-output/timeline.html; browse the store with: $(BIN)/dateline serve --db $(DEMO_DB)"

test: install npm
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) demo-output .pytest_cache .ruff_cache
