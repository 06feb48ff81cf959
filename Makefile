# coopdash — `make run` serves the dashboard with the sample data, `make test` runs every check and test.
# Both set up what they need first: a virtual environment, the offline assets, and Debian's
# chromium and CJK fonts (chart images) plus, for the tests, chromium-driver, postgresql, nginx,
# redis-server (the tests start their own PostgreSQL, nginx and Redis in a temporary directory) and
# libreoffice-impress-nogui (a second reader of the report's PowerPoint deck).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
SAMPLE := data/sample_cooperation.xlsx
ASSETS := dashboard/web/assets/topojson/world_110m.json dashboard/web/assets/vendor/bootstrap.min.css
DEBIAN_RUN_PACKAGES  := fonts-noto-cjk chromium
DEBIAN_TEST_PACKAGES := $(DEBIAN_RUN_PACKAGES) chromium-driver postgresql nginx redis-server libreoffice-impress-nogui
LINTED := dashboard tests scripts benchmarks
# pytest-xdist: one worker per core; each module's tests stay on one worker, in order, which starts its servers once.
# (One more worker than the cores was tried: faster on a quiet machine, 10-12 min in fresh clones on a busy one.)
TEST_WORKERS ?= auto

.PHONY: run test check bench screenshots install install-test assets debian sample clean

run: install assets
	@$(MAKE) --no-print-directory debian PACKAGES="$(DEBIAN_RUN_PACKAGES)" OPTIONAL=1
	$(BIN)/coopdash import $(SAMPLE) --only-if-empty
	$(BIN)/coopdash user demo
	$(BIN)/coopdash serve --host $(HOST) --port $(PORT)

test: install-test assets
	@$(MAKE) --no-print-directory debian PACKAGES="$(DEBIAN_TEST_PACKAGES)"
	@$(MAKE) --no-print-directory check
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope

# Static checks, before the tests: ruff's lint and format, mypy's types (configured in pyproject.toml).
check: install-test
	$(BIN)/ruff check $(LINTED)
	@$(BIN)/ruff format --check $(LINTED) || { echo "ruff format: run  $(BIN)/ruff format $(LINTED)"; exit 1; }
	$(BIN)/mypy

# Speed and memory against baselines measured in the same run (see benchmarks/README.md).
# load_bench.py starts its own PostgreSQL server, from Debian's postgresql package.
bench: install-test assets  # the test extra holds the benchmarks' baselines (polars)
	@$(MAKE) --no-print-directory debian PACKAGES="postgresql"
	$(BIN)/python benchmarks/import_bench.py; status=$$?; \
	$(BIN)/python benchmarks/cli_bench.py || status=1; \
	$(BIN)/python benchmarks/dashboard_bench.py || status=1; \
	$(BIN)/python benchmarks/export_bench.py || status=1; \
	$(BIN)/python benchmarks/hostile_load_bench.py || status=1; \
	$(BIN)/python benchmarks/load_bench.py || status=1; \
	$(BIN)/python benchmarks/floor_bench.py || status=1; exit $$status

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "coopdash needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

assets: $(ASSETS)
$(ASSETS): scripts/fetch_assets.sh
	scripts/fetch_assets.sh

# Debian packages: Chromium (browser tests, chart images), its driver (tests), CJK fonts
# (Chinese in images), PostgreSQL (tests, load benchmark), LibreOffice Impress (tests: the report deck). Installed with apt-get when missing; OPTIONAL=1 only warns if it can't.
debian:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing Debian packages: $$missing"; \
		if ! { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; }; then \
			if [ -n "$(OPTIONAL)" ]; then echo "warning: could not install $$missing (chart images need them)"; \
			else exit 1; fi; \
		fi; \
	fi

# docs/screenshots/: every page in English and Chinese, from the real app on the sample data.
screenshots: install-test assets
	@$(MAKE) --no-print-directory debian PACKAGES="$(DEBIAN_TEST_PACKAGES)"
	$(BIN)/python scripts/screenshots.py

sample: install
	$(BIN)/python scripts/make_sample.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache dashboard/web/assets/topojson dashboard/web/assets/vendor
