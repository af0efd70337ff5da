#!/usr/bin/env bash
# Runs every test suite in order and stops at the first failure: native cargo test, the
# wasm-bindgen tests in Node and in headless Chromium, the package build, the installed-package
# and README tests, then tests/worker and tests/widget when they exist. Ends with one line that
# adds up the counts of every runner: "total: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# wrangler and Miniflare would otherwise send metrics and fetch request.cf data from the internet.
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
step_number=0

# Adds up cargo's "test result: … N passed; M failed" and node's "# pass N" / "ℹ fail N" lines.
print_total() {
  cat "$log_dir"/*.log 2>/dev/null | awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) passed += $i; if ($(i+1) ~ /^failed/) failed += $i } }
    /^(# |ℹ )pass [0-9]+$/ { passed += $NF }
    /^(# |ℹ )fail [0-9]+$/ { failed += $NF }
    END { printf "total: %d passed, %d failed\n", passed, failed }
  '
}

run_step() {
  local name=$1
  shift
  step_number=$((step_number + 1))
  echo
  echo "=== [$step_number] $name"
  if ! "$@" 2>&1 | tee "$log_dir/$step_number.log"; then
    echo
    echo "=== FAILED: $name"
    print_total
    exit 1
  fi
}

run_step "native tests (cargo test)" cargo test
run_step "wasm-bindgen tests in Node" cargo test --target wasm32-unknown-unknown --test wasm
run_step "wasm-bindgen tests in headless Chromium" \
  env WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" \
  cargo test --target wasm32-unknown-unknown --test wasm
run_step "build pkg/" scripts/build-pkg.sh
run_step "installed package and README examples" scripts/test-installed.sh

# Suites that other parts of the project add. Each one runs against the pkg/ built above.
for suite in worker widget; do
  shopt -s nullglob
  files=(tests/"$suite"/*.test.mjs)
  shopt -u nullglob
  if (( ${#files[@]} > 0 )); then
    run_step "tests/$suite" node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
  fi
done

echo
print_total
