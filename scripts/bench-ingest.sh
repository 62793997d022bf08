#!/usr/bin/env bash
# Times `lanes ingest` of a generated Jira CSV export against DuckDB's own
# read_csv loading the same file into a fresh on-disk database, then the
# unchanged re-ingest, for each size given (tickets; default 1000000).
#
# Usage: scripts/bench-ingest.sh [rows...]      e.g. scripts/bench-ingest.sh 1000000 3000000
#
# Environment: BENCH_DIR keeps the generated files there (default: a temp
# dir removed at exit); LANES_BENCH_SKIP_BUILD=1 uses bin/lanes as built.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(1000000)
fi

if [ "${LANES_BENCH_SKIP_BUILD:-}" != 1 ]; then
  make build >&2
fi
if [ -n "${BENCH_DIR:-}" ]; then
  dir="$BENCH_DIR"
  mkdir -p "$dir"
else
  dir="$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench.XXXXXX")"
  trap 'rm -rf "$dir"' EXIT
fi
go build -o "$dir/benchgen" ./scripts/benchgen
lanes="$PWD/bin/lanes"

measure() { "$dir/benchgen" measure -- "$@" 2>>"$dir/log.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" >&2
printf '%-9s %-8s | %-9s %-9s | %-9s %-9s %-6s | %-9s %-6s\n' \
  rows MB duckdb_s duck_MiB lanes_s lanes_MiB ratio reingest_s pct
for n in "${sizes[@]}"; do
  csv="$dir/jira-$n.csv"
  [ -s "$csv" ] || "$dir/benchgen" gen -rows "$n" -out "$csv"
  bytes=$(stat -c %s "$csv")
  rm -f "$dir/duck-$n.duckdb" "$dir/duck-$n.duckdb.wal" "$dir/lanes-$n.duckdb" "$dir/lanes-$n.duckdb.wal"
  sync
  read -r duck_s duck_kib < <(measure "$dir/benchgen" duckdb-load -db "$dir/duck-$n.duckdb" "$csv")
  read -r lanes_s lanes_kib < <(measure "$lanes" --db "$dir/lanes-$n.duckdb" --progress never ingest --source jira_csv "$csv")
  read -r again_s _ < <(measure "$lanes" --db "$dir/lanes-$n.duckdb" --progress never ingest --source jira_csv "$csv")
  printf '%-9s %-8s | %-9s %-9s | %-9s %-9s %-6s | %-9s %-6s\n' \
    "$n" "$((bytes / 1000000))" "$duck_s" "$(mib "$duck_kib")" "$lanes_s" "$(mib "$lanes_kib")" \
    "$(ratio "$lanes_s" "$duck_s")x" "$again_s" "$(awk -v a="$again_s" -v b="$lanes_s" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
  rm -f "$dir/duck-$n.duckdb" "$dir/duck-$n.duckdb.wal"
done
echo "log (row counts, lanes summaries): $dir/log.txt" >&2
