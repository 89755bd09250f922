#!/usr/bin/env bash
# Make sure the Debian packages reportgen needs are present: Python's venv module, WeasyPrint's
# libraries (Pango, HarfBuzz subsetting), the house-style fonts (Latin; Noto CJK SC/TC/JP/KR for
# Chinese, Japanese and Korean; Noto Naskh Arabic and Noto Sans Hebrew ... in fonts-noto-core),
# and poppler-utils for the tests.
# Installs them when it can (root, or passwordless sudo); otherwise prints the exact command.
set -euo pipefail

packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
  fontconfig fonts-noto-core fonts-noto-cjk fonts-inter fonts-dejavu-core
  poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian splits venv (and its pip bootstrap) out of python3; a Python of its own (pyenv, a
# container image) usually has both.
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing+=(python3 python3-venv)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "reportgen needs these Debian/Ubuntu packages (or your system's equivalents): ${missing[*]}" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "reportgen needs system packages that are not installed. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  echo "then run make again." >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
# env, not export: sudo resets the environment, and apt must not stop to ask questions.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
