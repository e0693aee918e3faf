#!/usr/bin/env bash
# The end-to-end tests drive the system Chromium (Playwright cannot download browsers here).
# Finds it (CHROME_PATH, else /usr/bin/chromium); when missing, installs Debian's package if we
# are root, otherwise says what to run.
set -euo pipefail
chrome="${CHROME_PATH:-/usr/bin/chromium}"
if [ -x "$chrome" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $chrome not found; installing Debian's chromium package" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$chrome" ] && exit 0
fi
echo "ensure-chromium: no Chromium at $chrome. Install it (Debian: sudo apt-get install -y chromium) or set CHROME_PATH to a Chromium binary." >&2
exit 1
