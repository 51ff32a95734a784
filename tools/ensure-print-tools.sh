#!/usr/bin/env bash
# Make sure what `make pdf` and its test need besides chromium is installed: fonts that
# cover Japanese (Debian's fonts-noto-cjk; without them chromium prints 大澤傑 as empty
# boxes) and poppler-utils (pdftotext, pdffonts, pdfimages: the test reads the PDF with
# them). On Debian as root, install Debian's packages; elsewhere say what to install.
# Like tools/ensure-chromium.sh, it never downloads anything but Debian packages.
set -euo pipefail
have_fonts() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ja family 2>/dev/null)" ]; }
have_poppler() { command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 \
  && command -v pdfimages >/dev/null 2>&1; }
if have_fonts && have_poppler; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's fonts-noto-cjk and poppler-utils for make pdf..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig poppler-utils >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
  exit 0
fi
cat >&2 <<'MSG'
make pdf needs fonts with Japanese glyphs and poppler's PDF tools.
  Debian/Ubuntu:  sudo apt-get install fonts-noto-cjk poppler-utils
  Other systems:  install Noto Sans/Serif CJK (or any font with Japanese) and poppler.
MSG
exit 1
