#!/usr/bin/env bash
# Install the Debian packages the briefings need (and, with `test`, those the tests need),
# only when missing: a second run with nothing missing installs nothing and prints nothing.
# Where apt-get cannot run (not root, not Debian), say exactly what to install and stop.
set -euo pipefail

# fonts-noto-cjk: Chinese in charts (vl-convert uses system fonts) and in the PDF (宋 and 黑,
# the stand-ins of 仿宋, 小标宋 and 黑体); fonts-arphic-ukai: 楷 (the stand-in of 楷体);
# fonts-hanazono: the CJK extensions A and B, so that a rare character of a name never prints
# as a box; fonts-liberation2: Times New Roman's metrics, for figures;
# libpango-1.0-0, libpangoft2-1.0-0: WeasyPrint's text layout (the PDF).
runtime=(fonts-noto-cjk fonts-arphic-ukai fonts-hanazono fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0)
# poppler-utils: pdftotext, pdftoppm, pdfimages, pdffonts (the PDF tests);
# chromium: the browser the Playwright tests drive (no browser is downloaded by pip);
# libreoffice-writer-nogui: soffice, which turns briefing.docx into a PDF to read it back.
test_only=(poppler-utils chromium libreoffice-writer-nogui)

wanted=("${runtime[@]}")
[[ "${1:-}" == "test" ]] && wanted+=("${test_only[@]}")

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${wanted[@]}"; do installed "$pkg" || missing+=("$pkg"); done
else
  # Not Debian: the one thing we can check is a CJK font known to fontconfig.
  if ! fc-list :lang=zh family 2>/dev/null | grep -q .; then
    echo "error: no Chinese (CJK) font found. Install Noto Sans CJK SC (Debian/Ubuntu: fonts-noto-cjk;" >&2
    echo "       Fedora: google-noto-sans-cjk-fonts; macOS: brew install --cask font-noto-sans-cjk)," >&2
    echo "       then run make again." >&2
    exit 1
  fi
  exit 0
fi

[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing system packages: ${missing[*]}" >&2
  echo "       install them as root, then run make again:" >&2
  echo "       sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
