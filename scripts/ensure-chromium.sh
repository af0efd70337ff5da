#!/usr/bin/env bash
# Installs Debian's Chromium and chromedriver through apt when either is missing. The browser
# tests use these two binaries only: no test downloads a browser build of its own.
set -euo pipefail

if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi

sudo=""
if [[ "$(id -u)" != 0 ]]; then
  sudo="sudo"
fi
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
