# reportgen: two commands on a fresh machine.
#   make brief   set up (system packages, virtual environment) and build every seeds/*.yaml
#   make test    lint and run the test suite
# Options: make brief BRAND=brands/example-policy-institute   (build with a brand folder)

PYTHON ?= python3
VENV   := .venv
SHELL  := bash
.SHELLFLAGS := -o pipefail -ec
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BRAND  ?=

SEEDS   := $(wildcard seeds/*.yaml)

.PHONY: brief test lint bench schema setup clean help
.DEFAULT_GOAL := help

help:
	@echo "make brief   build outputs/<slug>.pdf and .docx for every seeds/*.yaml (sets up on first run)"
	@echo "make test    ruff + pytest"
	@echo "make bench   timing and memory benchmark"
	@echo "make schema  regenerate schema/brief.schema.json"

setup: $(STAMP)

# System packages first (WeasyPrint's libraries, fonts, poppler), then the Python environment.
$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	@echo "Installing reportgen and its Python dependencies into $(VENV)/ ..."
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	@$(BIN)/python -c "import reportgen.cli, weasyprint, docx, pytest, pypdf, aiosmtpd" && test -x $(BIN)/ruff \
	  || { echo "Python set-up failed; see the messages above." >&2; exit 1; }
	@touch $@

# One `reportgen build` for all briefs, so they render in parallel (-j: one worker per CPU). It
# rebuilds a brief only when its YAML, the files it uses, the brand, the templates or the code
# changed (--changed). outputs/.brand records the BRAND of the last good run: switching BRAND
# (or dropping it), or a new environment, rebuilds every brief. One recipe: `make -j` is safe.
BRAND_STAMP := outputs/.brand

brief: $(STAMP)
	@mkdir -p outputs
	@if echo '$(strip $(BRAND))' | cmp -s - $(BRAND_STAMP) && [ $(BRAND_STAMP) -nt $(STAMP) ]; \
	  then changed=--changed; else changed=; fi; \
	  $(BIN)/reportgen build --format pdf,docx,html $$changed $(if $(strip $(BRAND)),--brand "$(BRAND)") $(SEEDS)
	@echo '$(strip $(BRAND))' > $(BRAND_STAMP)
	@echo "Briefs are in outputs/."

# The real clients the tests check against (LibreOffice, Chromium): installed once, for tests only.
TEST_STAMP := $(VENV)/.test-clients

$(TEST_STAMP): scripts/test-deps.sh $(STAMP)
	@bash scripts/test-deps.sh
	@touch $@

test: $(STAMP) $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/bench.py

schema: $(STAMP)
	$(BIN)/reportgen schema --out schema/brief.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find outputs -mindepth 1 ! -name .gitkeep -delete
