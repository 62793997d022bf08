#!/usr/bin/env bash
# Runs every Go fuzz target in the repository for a short time each.
# Usage: scripts/fuzz.sh [duration]   (default 10s)
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-10s}"
status=0
while IFS= read -r file; do
  pkg="./$(dirname "$file")"
  for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)' "$file" | awk '{print $2}'); do
    case " ${FUZZ_SKIP:-} " in *" $target "*) echo "fuzz: skipping $target (FUZZ_SKIP)"; continue ;; esac
    echo "fuzz: $pkg $target for $time"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" || status=1
  done
done < <(grep -rl --include='*_test.go' -E '^func Fuzz' . | sort)
exit $status
