# Build, test, demo and benchmark entry points. Each target installs the tools it needs first
# (scripts/ensure-*.sh), and skips every install that is already done.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
# wrangler and Miniflare would otherwise send metrics and fetch request.cf data from the internet;
# every target runs only on 127.0.0.1.
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false
export WRANGLER_HIDE_BANNER := true

.PHONY: pkg test demo demo-tokens bench tools browser-tools clean

## pkg: build the npm package into pkg/ and the site the worker serves into www/dist/
pkg: tools
	scripts/build-pkg.sh

## test: run every test suite in order (see scripts/test-all.sh)
test: tools browser-tools
	scripts/test-all.sh

## demo: run the emulator and the worker on 127.0.0.1 and print the demo page and curl lines
## (scripts/demo.sh); Ctrl-C stops both
demo:
	scripts/demo.sh

## demo-tokens: build pkg/ and print the report of each example token at a fixed clock
demo-tokens: pkg
	node scripts/demo.mjs

## bench: build pkg/, print size and timings, write bench/RESULTS.md
bench: pkg
	node bench/run.mjs

tools:
	scripts/ensure-rust.sh
	scripts/ensure-npm.sh

browser-tools:
	scripts/ensure-chromium.sh

clean:
	rm -rf target pkg www/dist node_modules
