# shopscore: two commands on a fresh Debian machine with Rust — `make run`, `make test`.
# Every build setting and tool version lives in wasm-pack.toml (read by scripts/config.py);
# nothing is repeated here.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

CONFIG      = python3 scripts/config.py get
CHROMEDRIVER = $(shell $(CONFIG) tools.chromedriver)

.PHONY: run build bundle tools test test-native test-unit test-wasm test-e2e sizes bench clean-web help

help:
	@echo "make run     install what is missing, build, serve the page (demo shop) on a local port"
	@echo "make build   install what is missing, build www/pkg and dist/shopscore.html"
	@echo "make test    every test layer: native, wasm in headless Chromium, release build, e2e"
	@echo "make sizes   compare wasm-opt levels on the real code"
	@echo "make bench   speed and memory figures side by side (SHOPSCORE_BENCH_ORDERS=\"100000 1000000\")"

tools:
	scripts/install-tools.sh

build: tools
	python3 scripts/build.py

# Re-bundle after a change in www/ only (the wasm is not rebuilt).
bundle:
	python3 scripts/build.py --bundle

run: build
	node scripts/serve.mjs

test: tools
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory test-native; \
	$(MAKE) --no-print-directory test-unit; \
	$(MAKE) --no-print-directory test-wasm; \
	python3 scripts/build.py; \
	$(MAKE) --no-print-directory test-e2e; \
	echo "make test: all layers passed in $$(( $$(date +%s) - start )) s"

test-native:
	cargo test --locked

# Unit tests of the page's own modules (node's test runner; the browser ones use the system Chromium).
test-unit:
	node --test tests/unit/

# #[wasm_bindgen_test] tests (tests/wasm/bindings.rs, compiled into the lib's test module).
test-wasm:
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --mode no-install --lib

# Runs against the SHIPPED dist/shopscore.html (file://) and the served www/: build first.
test-e2e:
	node --test tests/e2e/

sizes: tools
	python3 scripts/sizes.py

# Figures, not tests: a generated shop of N main orders through the native pipeline and, on
# the same files, through the page's worker in headless Chromium beside PapaParse and SheetJS;
# the page's size and load time. Prints a table, the ratios and the goals with their figures.
bench: tools
	scripts/bench.sh

clean-web:
	rm -rf www/pkg dist
