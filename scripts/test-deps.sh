#!/usr/bin/env bash
# The real clients the full test suite checks against, installed once by `make test`:
# LibreOffice (opens a DOCX as Word would; its Python-UNO bridge edits one with change tracking
# on) and Debian's Chromium (the web edition, driven by Playwright, checked with axe-core).
# Installs them when it can (root, or passwordless sudo); otherwise prints the exact command.
set -euo pipefail

packages=(libreoffice-writer-nogui python3-uno chromium fonts-dejavu-core)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "the full test suite needs these Debian/Ubuntu packages (or your system's equivalents): ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "the full test suite needs system packages that are not installed. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing test clients: ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
