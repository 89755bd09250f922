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

.PHONY: brief test test-fast lint bench schema setup clean help
.DEFAULT_GOAL := help

help:
	@echo "make brief   build outputs/<slug>.pdf and .docx for every seeds/*.yaml (sets up on first run)"
	@echo "make test    ruff + pytest"
	@echo "make test-fast  ruff + the fast tier (no PDF rendering, no subprocesses)"
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
# rebuilds a brief only when what made its outputs differs (--changed: the build manifest in
# outputs/ records the brief's and its files' hashes, the brand, the options and the code), so a
# new BRAND=, dropping it, or an edition built by hand into outputs/ is rebuilt. One recipe:
# `make -j` is safe.
brief: $(STAMP)
	@mkdir -p outputs
	@$(BIN)/reportgen build --changed --format pdf,docx,html $(if $(strip $(BRAND)),--brand "$(BRAND)") $(SEEDS)
	@echo "Briefs are in outputs/."

# The real clients the tests check against (LibreOffice, Chromium): installed once, for tests only.
TEST_STAMP := $(VENV)/.test-clients

$(TEST_STAMP): scripts/test-deps.sh $(STAMP)
	@bash scripts/test-deps.sh
	@touch $@

test: $(STAMP) $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

# The fast tier: tests/tiers.py leaves out tests that render PDFs or start processes, and
# makes any such call fail under --fast so a misfiled test cannot slow the tier unnoticed.
test-fast: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q --fast

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/bench.py

schema: $(STAMP)
	$(BIN)/reportgen schema --out schema/brief.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find outputs -mindepth 1 ! -name .gitkeep -delete
