#!/usr/bin/env bash
# Prints the version that Cargo.lock pins for the crate named by $1, or fails when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(awk -v name="$1" '
  $0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }
' Cargo.lock)

if [[ -z "$version" ]]; then
  echo "error: Cargo.lock has no package named $1; run cargo build once to create it" >&2
  exit 1
fi
echo "$version"
