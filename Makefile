# coopdash — `make run` serves the dashboard with the sample data, `make test` runs every test.
# Both set up what they need first: a virtual environment, the offline assets and, for the
# tests, Debian's chromium and chromium-driver.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
SAMPLE := data/sample_cooperation.xlsx
ASSETS := dashboard/assets/topojson/world_110m.json dashboard/assets/vendor/bootstrap.min.css
DEBIAN_TEST_PACKAGES := chromium chromium-driver fonts-noto-cjk

.PHONY: run test bench screenshots install install-test assets system-deps sample clean

run: install assets
	$(BIN)/coopdash import $(SAMPLE) --only-if-empty
	$(BIN)/coopdash serve --host $(HOST) --port $(PORT)

test: install-test assets system-deps
	$(BIN)/pytest

# Speed and memory against baselines measured in the same run (see benchmarks/README.md).
bench: install assets
	$(BIN)/python benchmarks/import_bench.py; status=$$?; \
	$(BIN)/python benchmarks/dashboard_bench.py || status=1; exit $$status

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

# Browser tests need Debian's chromium and chromium-driver; images need CJK fonts.
system-deps:
	@missing=$$(for p in $(DEBIAN_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

# docs/screenshots/: every page in English and Chinese, from the real app on the sample data.
screenshots: install assets system-deps
	$(BIN)/python scripts/screenshots.py

sample: install
	$(BIN)/python scripts/make_sample.py

clean:
	rm -rf $(VENV) instance .pytest_cache dashboard/assets/topojson dashboard/assets/vendor
