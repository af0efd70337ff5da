#!/usr/bin/env bash
# Installs the pinned Node dev tooling (wasm-opt, wrangler, playwright-core, axe-core, jwt-decode, typescript)
# with `npm ci`, only when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
