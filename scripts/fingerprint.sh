#!/usr/bin/env bash
# Print a SHA-256 per output of a fixed set of builds, plus the wording of every bad-input error,
# so a refactor can be proven not to change bytes or messages: run before and after, then diff.
#   scripts/fingerprint.sh > before.txt; (change code); scripts/fingerprint.sh > after.txt
set -uo pipefail
cd "$(dirname "$0")/.."
RG=${RG:-$PWD/.venv/bin/reportgen}  # e.g. RG="env PYTHONPATH=<other checkout>/src python -m reportgen"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for brand in "" brands/*/; do
  for variant in none pdf/ua-1 pdf/a-3b pdf/a-2b pdf/a-3a; do
    out="$tmp/$(basename "${brand:-house}")-${variant//\//_}"
    $RG build -q --out "$out" --pdf-variant "$variant" ${brand:+--brand "$brand"} seeds/*.yaml
    (cd "$out" && sha256sum -- * | sed "s|  |  $(basename "$out")/|")
  done
done
# The bad-input corpus is mostly generated (one-line edits of the valid fixture): write it out
# under the same relative names, so the messages read tests/bad/<case>.yaml as before.
.venv/bin/python tests/brief/bad_corpus.py "$tmp/corpus/tests/bad"
for f in "$tmp"/corpus/tests/bad/*.yaml; do
  rel=${f#"$tmp/corpus/"}
  echo "== $rel"; (cd "$tmp/corpus" && $RG validate "$rel" 2>&1); echo "exit $?"
done
for d in brands/*/; do echo "== brand check $d"; $RG brand check "$d" 2>&1; echo "exit $?"; done
