#!/usr/bin/env bash
# Runs every Go fuzz target (func FuzzX in a _test.go file) for a short time each, one after
# the other: `make fuzz` (CI) — the parsers of sync payloads, CSV imports and chat messages.
# Prints how many inputs each target ran, and fails when a target ran none (a fuzzer that
# never got past its setup proves nothing).
# Usage: internal/scripts/fuzz.sh [FUZZTIME]   (default 10s per target)
#        FUZZ_WORKERS=N (default 1: one worker explores more than two fighting for a busy CPU)
set -euo pipefail
cd "$(dirname "$0")/../.."
fuzztime="${1:-10s}"
workers="${FUZZ_WORKERS:-1}"
n=0
summary=""
failed=0
while IFS=: read -r file line; do
  name=$(sed -n "${line}p" "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/')
  pkg="./$(dirname "$file")"
  echo "== $pkg $name ($fuzztime)"
  log=$(mktemp)
  status=0
  go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -parallel "$workers" "$pkg" 2>&1 | tee "$log" || status=$?
  # go test reports "fuzz: elapsed: 10s, execs: 12345 (1234/sec), new interesting: …": the last count is the total.
  execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
  # Go's fuzzer can report "context deadline exceeded" when -fuzztime runs out while it
  # waits on its worker (a toolchain race, not a finding). A real failure always writes
  # its input under testdata/fuzz; only a failure without one and with that message is
  # taken as the time running out.
  if [ "$status" -ne 0 ] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written to' "$log"; then
    echo "fuzz: $name stopped at the deadline without a failing input (Go fuzzer race): not a finding"
    status=0
  fi
  rm -f "$log"
  execs="${execs:-0}"
  line_out=$(printf '%-28s %-18s %10s executions' "$pkg" "$name" "$execs")
  if [ "$status" -ne 0 ]; then
    line_out="$line_out  FAILED"
    failed=1
  elif [ "$execs" -eq 0 ]; then
    line_out="$line_out  NO EXECUTIONS"
    failed=1
  fi
  summary="$summary$line_out"$'\n'
  n=$((n + 1))
done < <(grep -n '^func Fuzz' $(git ls-files '*_test.go') | cut -d: -f1,2 | sort)
echo
echo "fuzz summary ($fuzztime each):"
printf '%s' "$summary"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: a target failed or ran no input" >&2
  exit 1
fi
echo "fuzz: $n targets passed"
