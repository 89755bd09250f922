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
CODE    := $(shell find src templates -type f ! -name '*.pyc' ! -path '*/__pycache__/*' 2>/dev/null)
# Files briefs read beside them (bibliographies, archives): a change rebuilds the briefs.
SEED_FILES := $(shell find seeds -mindepth 2 -type f 2>/dev/null)
OUTPUTS := $(foreach s,$(SEEDS),outputs/$(basename $(notdir $(s))).pdf outputs/$(basename $(notdir $(s))).docx)

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

# Rebuild a brief only when its YAML, the templates, the code or the brand changed. The brand
# in use is recorded in outputs/.brand, so switching BRAND (or dropping it) rebuilds too.
BRAND_STAMP := outputs/.brand
BRAND_FILES := $(if $(strip $(BRAND)),$(shell find "$(BRAND)" -type f 2>/dev/null))

brief: $(STAMP) $(OUTPUTS)
	@echo "Briefs are in outputs/."

$(BRAND_STAMP): FORCE
	@mkdir -p outputs
	@echo '$(strip $(BRAND))' | cmp -s - $@ || echo '$(strip $(BRAND))' > $@

outputs/%.pdf outputs/%.docx: seeds/%.yaml $(SEED_FILES) $(CODE) $(STAMP) $(BRAND_STAMP) $(BRAND_FILES)
	@$(BIN)/reportgen build $(if $(strip $(BRAND)),--brand "$(BRAND)") $<

.PHONY: FORCE
FORCE:

test: $(STAMP)
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
