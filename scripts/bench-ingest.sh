#!/usr/bin/env bash
# Times `lanes ingest` of a generated Jira CSV export against DuckDB's own
# read_csv loading the same file into a table of a fresh on-disk database,
# then the unchanged re-ingest, for each size given (tickets; default
# 1000000). Results are in docs/performance.md.
#
# Usage: scripts/bench-ingest.sh [rows...]      e.g. scripts/bench-ingest.sh 1000000 3000000 10000000
#
# Environment:
#   BENCH_DIR=dir            keep the generated files there (default: a temp dir removed at exit)
#   BENCH_REPEAT=n           run each load n times and keep the fastest (default 1); the peak
#                            memory shown is the largest seen
#   LANES_BENCH_SKIP_BUILD=1 use bin/lanes as built instead of running `make build`
#   LANES_CONFIG=file        pass --config file to lanes (e.g. to set warehouse.memory_limit)
#   BENCH_FLOOR=1            also time DuckDB alone loading the file in the shapes of
#                            `benchgen duckdb-load -shape` (typed columns, then the raw record
#                            as JSON text, then as JSON): what a load keeping the tickets
#                            contract costs with no checks at all (docs/performance.md)
#
# Columns: wall-clock seconds (s), CPU seconds, user plus system, over all
# threads (cpu), peak resident memory (MiB); ratio is lanes over DuckDB
# wall time; reingest is the unchanged second ingest, as a share of the first.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(1000000)
fi
repeat="${BENCH_REPEAT:-1}"

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
lanes=("$PWD/bin/lanes" --progress never)
if [ -n "${LANES_CONFIG:-}" ]; then
  lanes+=(--config "$LANES_CONFIG")
fi

# best DB CMD...: removes the database file DB, runs CMD (which writes it)
# and repeats $repeat times; prints "wall rss_kib cpu" of the fastest run,
# with the largest rss seen.
best() {
  local db=$1 w r c bw="" br=0 bc=""
  shift
  for _ in $(seq "$repeat"); do
    rm -f "$db" "$db.wal"
    read -r w r c < <("$dir/benchgen" measure -- "$@" 2>>"$dir/log.txt")
    if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w bc=$c; fi
    if [ "$r" -gt "$br" ]; then br=$r; fi
  done
  echo "$bw $br $bc"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); $(go version | cut -d' ' -f3); best of $repeat" >&2
printf '%-9s %-6s | %-8s %-8s %-6s | %-8s %-8s %-6s %-6s | %-8s %-6s\n' \
  rows MB duck_s duck_cpu MiB lanes_s lanes_cpu MiB ratio reingest pct
for n in "${sizes[@]}"; do
  csv="$dir/jira-$n.csv"
  [ -s "$csv" ] || "$dir/benchgen" gen -rows "$n" -out "$csv"
  bytes=$(stat -c %s "$csv")
  db_duck="$dir/duck-$n.duckdb"
  db_lanes="$dir/lanes-$n.duckdb"
  sync
  read -r duck_s duck_kib duck_cpu < <(best "$db_duck" "$dir/benchgen" duckdb-load -db "$db_duck" "$csv")
  read -r lanes_s lanes_kib lanes_cpu < <(best "$db_lanes" "${lanes[@]}" --db "$db_lanes" ingest --source jira_csv "$csv")
  # The unchanged re-ingest runs against the database the last load left.
  read -r again_s _ _ < <("$dir/benchgen" measure -- "${lanes[@]}" --db "$db_lanes" ingest --source jira_csv "$csv" 2>>"$dir/log.txt")
  printf '%-9s %-6s | %-8s %-8s %-6s | %-8s %-8s %-6s %-6s | %-8s %-6s\n' \
    "$n" "$((bytes / 1000000))" "$duck_s" "$duck_cpu" "$(mib "$duck_kib")" "$lanes_s" "$lanes_cpu" "$(mib "$lanes_kib")" \
    "$(ratio "$lanes_s" "$duck_s")x" "$again_s" "$(awk -v a="$again_s" -v b="$lanes_s" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
  if [ "${BENCH_FLOOR:-}" = 1 ]; then
    for shape in typed typed-raw typed-raw-json; do
      read -r s _ c < <(best "$db_duck" "$dir/benchgen" duckdb-load -db "$db_duck" -shape "$shape" "$csv")
      printf '  floor %-15s %-8s s %-8s cpu  %sx DuckDB\n' "$shape" "$s" "$c" "$(ratio "$s" "$duck_s")"
    done
  fi
  rm -f "$db_duck" "$db_duck.wal" "$db_lanes" "$db_lanes.wal"
done
echo "log (row counts, lanes summaries): $dir/log.txt" >&2
