#!/usr/bin/env bash
# Make a Chromium available to the browser tests.
# Debian's package (/usr/bin/chromium) where we are root on a Debian-like box, because
# Playwright cannot download its own browsers on every machine; elsewhere Playwright's.
set -euo pipefail
playwright=${1:-.venv/bin/playwright}

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Installing Playwright's Chromium for the browser tests"
if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  "$playwright" install --with-deps chromium   # e.g. a GitHub Actions runner
else
  "$playwright" install chromium
fi
