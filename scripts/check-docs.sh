#!/usr/bin/env bash
# Fails when docs/reference (the construct reference generated from the TSDoc by typedoc) is not
# what `npm run docs` would write now: regenerate it and commit it with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx --no-install typedoc --logLevel Warn --out "$tmp/reference" >/dev/null
if ! diff -r "$tmp/reference" docs/reference >"$tmp/diff"; then
  echo "docs/reference is out of date with the TSDoc: run 'npm run docs' and commit docs/reference" >&2
  head -40 "$tmp/diff" >&2
  exit 1
fi
echo "docs/reference is current"
