#!/usr/bin/env bash
# Runs every Go fuzz target (func FuzzX in a _test.go file) for a short time each, one after
# the other: `make fuzz` (CI) — the parsers of sync payloads, CSV imports and chat messages.
# Usage: internal/scripts/fuzz.sh [FUZZTIME]   (default 10s per target)
set -euo pipefail
cd "$(dirname "$0")/../.."
fuzztime="${1:-10s}"
n=0
while IFS=: read -r file line; do
  name=$(sed -n "${line}p" "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/')
  pkg="./$(dirname "$file")"
  echo "== $pkg $name ($fuzztime)"
  go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"
  n=$((n + 1))
done < <(grep -n '^func Fuzz' $(git ls-files '*_test.go') | cut -d: -f1,2 | sort)
echo "fuzz: $n targets passed"
