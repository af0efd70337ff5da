#!/usr/bin/env bash
# Installs the Rust tools the wasm build needs, each only when it is missing or differs:
# the wasm32-unknown-unknown target and wasm-bindgen-cli at the wasm-bindgen version in Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

wanted=$(scripts/locked-version.sh wasm-bindgen)
installed=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [[ "$installed" != "$wanted" ]]; then
  echo "installing wasm-bindgen-cli $wanted (found: ${installed:-none})"
  # NOTE: no --locked, because the CLI's own lockfile names a transitive crate version that the
  # registry mirror of this project's machines lacks. The CLI still matches the crate: both are $wanted.
  cargo install wasm-bindgen-cli --version "$wanted" --force
fi
