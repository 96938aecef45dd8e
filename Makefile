# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCES := img_crm tests scripts packaging bench

.PHONY: run test bench soak lint typecheck screenshots qt-libs package package-test package-deps clean

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

$(VENV)/.package-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[package,test]'
	@touch $@

## package: the PyInstaller bundle and dist/img-crm_<version>_amd64.deb (Debian/Ubuntu)
package: $(VENV)/.package-deps package-deps
	$(BIN)/python packaging/make_icons.py
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
	  --workpath build/pyinstaller packaging/img-crm.spec
	$(BIN)/python packaging/linux/build_deb.py

## package-test: build the .deb, validate it, install it, run --self-test, remove it
package-test: package
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m package -p no:cacheprovider tests/packaging

package-deps:
	@missing="$$(sh packaging/linux/build-deps.sh)"; \
	if [ -n "$$missing" ]; then \
	  echo "Building the package needs Debian packages this machine lacks:"; \
	  echo "  sudo apt-get install $$missing"; \
	  exit 1; \
	fi

## bench: stores of 1k, 10k and 100k contacts; every operation against its floor,
## median of 5; prints the table and rewrites docs/PERFORMANCE.md's results (minutes)
bench: $(VENV)/.test-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py --write docs/PERFORMANCE.md

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
