#!/usr/bin/env bash
# Make sure a chromium for the browser tests is installed: on Debian as root,
# install Debian's package; elsewhere say what to install. Never downloads a
# browser build of its own (playwright drives this one).
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] && [ -x "${CHROMIUM}" ]; then
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
The browser tests need Chromium at /usr/bin/chromium (or set CHROMIUM=/path/to/chromium).
  Debian/Ubuntu:  sudo apt-get install chromium
  Other systems:  install Chromium or Chrome and point CHROMIUM at its binary.
MSG
exit 1
