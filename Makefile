# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCES := img_crm tests scripts

.PHONY: run test soak lint typecheck screenshots qt-libs clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "img-crm needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV). On Debian/Ubuntu run: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,dev]'
	@touch $@ $(VENV)/.run-deps

## run: create the venv, install, start the app
run: $(VENV)/.run-deps qt-libs
	$(BIN)/img-crm

## test: install the test tools, then ruff, mypy and pytest
test: $(VENV)/.test-deps lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

## soak: the slow runs by hand: 200 SIGKILLs, 10,000 fuzz cases per importer
soak: $(VENV)/.test-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m slow -p no:cacheprovider

lint: $(VENV)/.test-deps
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

typecheck: $(VENV)/.test-deps
	$(BIN)/mypy

# Qt's wheels do not bundle the X11/xcb libraries; say exactly what to install.
qt-libs:
	@missing="$$(sh scripts/qt-system-libs.sh display)"; \
	if [ -n "$$missing" ]; then \
	  echo "Qt needs system libraries this machine lacks. Install them with:"; \
	  echo "  sudo apt-get install $$missing"; \
	  exit 1; \
	fi

## screenshots: redraw the README screenshots under Xvfb (needs xvfb-run)
screenshots: $(VENV)/.run-deps
	xvfb-run -a -s "-screen 0 1400x900x24" $(BIN)/python scripts/screenshots.py docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
