#!/usr/bin/env bash
# Builds the npm package into pkg/: a size-optimised wasm32 release build, wasm-bindgen's web
# target, `wasm-opt -Oz` from the npm package binaryen, then package.json and the entry files.
# Ends by assembling www/dist/ (the demo page, the widget and the browser build), which the worker
# serves as its static assets, so that the worker, its tests and the widget tests share one build.
set -euo pipefail
cd "$(dirname "$0")/.."

crate=zoom_summary_doctor
target_dir=${CARGO_TARGET_DIR:-target}

cargo build --release --target wasm32-unknown-unknown

rm -rf pkg
wasm-bindgen --target web --out-dir pkg "$target_dir/wasm32-unknown-unknown/release/$crate.wasm"

# These are the features rustc enables by default for wasm32-unknown-unknown, and wasm-opt rejects
# the module unless they are enabled. Node 20, workerd and current browsers all support them.
node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-multivalue \
  "pkg/${crate}_bg.wasm" -o "pkg/${crate}_bg.wasm"

node scripts/write-package.mjs
node scripts/build-site.mjs
