# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCES := img_crm tests scripts packaging bench

.PHONY: run test test-dates bench soak hooks lint typecheck screenshots qt-libs package package-test package-deps clean

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
## (`make test TODAY=2027-03-01` runs it as if today were that day)
test: $(VENV)/.test-deps lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest $(if $(TODAY),--today $(TODAY))

# Days that catch date bugs, each in a time zone that makes it harder: a year's
# end, the end of February and the day after, New York's spring and autumn
# clock changes, a leap day (in Auckland, where 10:00 is still yesterday in UTC).
TEST_DATES := 2026-12-31@Asia/Kolkata 2027-02-28@Africa/Lagos 2027-03-01@Asia/Kolkata \
  2027-03-14@America/New_York 2027-11-07@America/New_York 2028-02-29@Pacific/Auckland

## test-dates: the date-sensitive tests (marked "dated") with today set to each of TEST_DATES
test-dates: $(VENV)/.test-deps
	@failed=""; for entry in $(TEST_DATES); do \
	  day=$${entry%@*}; zone=$${entry#*@}; \
	  echo "test-dates: today is $$day in $$zone"; \
	  TZ=$$zone QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider \
	    -m "dated and not slow and not package" --today $$day || failed="$$failed $$day"; \
	done; \
	if [ -n "$$failed" ]; then echo "test-dates: failed on$$failed"; exit 1; fi

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

## hooks: run ruff, the format check and the architecture test before each commit
hooks: $(VENV)/.test-deps
	$(BIN)/pre-commit install

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
