# Field Mentor — `make run` serves the demo, `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_STAMP := $(VENV)/.installed
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 5000
## test processes (pytest-xdist); measured on the 2-core CI machine, README "Testing"
TEST_WORKERS ?= 2

.PHONY: run test test-sqlite test-postgres test-long deps browser translations bench clean

$(PIP_STAMP): requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

NPM_STAMP := node_modules/.package-lock.json
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm >/dev/null)
	npm ci --no-audit --no-fund --loglevel=error

deps: $(PIP_STAMP) $(NPM_STAMP)

translations: deps
	$(BIN)/flask --app app translate compile

browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@test -x /usr/bin/WebKitWebDriver -a -x /usr/bin/Xvfb || (apt-get update -qq && apt-get install -y -qq webkit2gtk-driver xvfb >/dev/null)

## run: the app with demo data on SQLite (instance/fieldmentor.db) at http://$(HOST):$(PORT)
run: $(PIP_STAMP)
	$(BIN)/flask --app app translate compile
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app demo load
	@echo "Field Mentor: http://$(HOST):$(PORT)/  (coordinator pages: http://$(HOST):$(PORT)/review)"
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

## test: the whole suite on SQLite, then on PostgreSQL
test: deps translations browser test-sqlite test-postgres

test-sqlite:
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## browser tests run on SQLite only, unless marked both_engines (their outcome depends on the engine)
test-postgres:
	TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "not e2e or both_engines" $(PYTEST_ARGS)

## test-long: the sync fault-injection test with 1,000 seeds, the crash test (the server SIGKILLed
## mid-batch 15 times) and the sync properties with hypothesis's "long" profile (1,000 random examples
## per entity), on SQLite and PostgreSQL
test-long: deps translations
	FM_LONG=1 $(BIN)/python -m pytest -q tests/sync/test_fault_injection.py tests/sync/test_crash.py
	FM_LONG=1 TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q tests/sync/test_fault_injection.py tests/sync/test_crash.py
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/sync/test_properties.py
	HYPOTHESIS_PROFILE=long TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q tests/sync/test_properties.py

bench: deps translations
	$(BIN)/python bench/sync_bench.py
	$(BIN)/python bench/pwa_bench.py

.PHONY: bench-dashboard
## bench-dashboard: 1M attendance rows, dashboard and coordinator pages p50/p95 on SQLite and PostgreSQL
bench-dashboard: deps translations
	$(BIN)/python bench/dashboard_bench.py --pg-url $(PG_URL)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts node_modules
