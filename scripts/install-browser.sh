#!/usr/bin/env bash
# Make the browsers of the browser tests available: Chromium (tests/e2e), and Firefox and
# WebKit too (tests/cross, `make test-engines`).
# As root on Debian: Debian's packages, because Playwright cannot download its own
# browsers on every machine: chromium; firefox-esr (driven by npm's puppeteer-core over
# WebDriver BiDi); webkit2gtk-driver (WebKitWebDriver and MiniBrowser, driven by Selenium)
# with xvfb for its display. Elsewhere (e.g. a GitHub runner): Playwright's own browsers.
set -euo pipefail
playwright=${1:-.venv/bin/playwright}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || missing+=(xvfb)
if [ ${#missing[@]} = 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
browsers=(firefox webkit)
[ -x /usr/bin/chromium ] || browsers=(chromium "${browsers[@]}")
echo "Installing Playwright's ${browsers[*]} for the browser tests"
if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  "$playwright" install --with-deps "${browsers[@]}"   # e.g. a GitHub Actions runner
else
  "$playwright" install "${browsers[@]}"
fi
