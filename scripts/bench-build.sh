#!/usr/bin/env bash
# Times `lanes build` on generated tickets with history, against the ingest
# of the same data, for each size given (tickets; default 1000000). For each
# size it writes (or reuses, from BENCH_DIR) the Jira CSV export of
# scripts/bench-ingest.sh and the event log of the same tickets (benchgen
# events: about 4.5 events per ticket, in files of 500k tickets), ingests
# both into a fresh warehouse, then builds every model. Results are in
# docs/performance.md, "Build".
#
# Usage: scripts/bench-build.sh [rows...]      e.g. scripts/bench-build.sh 1000000 10000000
#
# Environment:
#   BENCH_DIR=dir            keep the generated files there (default: a temp dir removed at exit);
#                            the warehouse is removed after each size unless BENCH_KEEP_DB=1
#   LANES_BENCH_SKIP_BUILD=1 use bin/lanes as built instead of running `make build`
#   LANES_BIN=file           run this lanes binary instead of bin/lanes (implies no `make build`)
#
# The configuration is BENCH_DIR/lanes.yaml, written here: the default
# configuration plus the teams the generated groups belong to (IT Service
# Desk, Desktop Support and Identity are IT; Platform and SRE engineering)
# and the source that reads the event log as history of the Jira tickets.
# It sets no warehouse.memory_limit, so each command runs under its own
# default cap.
#
# Columns: wall-clock seconds (s), CPU seconds, user plus system, over all
# threads (cpu), peak resident memory (MiB) of the tickets ingest, the
# events ingest (one command per file: the times are summed, the memory is
# the largest) and the build; ratio is build over ingest (tickets plus
# events) wall time. Per-model build times (lanes -v build) go to BENCH_DIR/log.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(1000000)
fi

if [ "${LANES_BENCH_SKIP_BUILD:-}" != 1 ] && [ -z "${LANES_BIN:-}" ]; then
  make build >&2
fi
if [ -n "${BENCH_DIR:-}" ]; then
  dir="$BENCH_DIR"
  mkdir -p "$dir"
else
  dir="$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench.XXXXXX")"
  trap 'rm -rf "$dir"' EXIT
fi
dir="$(cd "$dir" && pwd)"
go build -o "$dir/benchgen" ./scripts/benchgen

cat >"$dir/lanes.yaml" <<'EOF'
# Written by scripts/bench-build.sh: the teams of the generated groups, and
# the event logs (events-N/, one folder per size) read as the history of the
# Jira tickets of the same size (source "jira", as the Jira CSV's).
teams:
  - name: IT Service Desk
    class: it
    hourly_cost: 55
    groups: ['service desk', 'desktop support']
  - name: Identity
    class: it
    hourly_cost: 60
    groups: ['identity']
  - name: Platform
    class: engineering
    hourly_cost: 95
    groups: ['platform']
    people: ['^(li\.wei|ken\.ito)$']
  - name: SRE
    class: engineering
    hourly_cost: 100
    groups: ['sre']
    people: ['^raj\.patel$']
sources:
  - name: jira
    path: .
    format: eventlog_csv
EOF
# The Jira CSV is read with --source jira_csv, which overrides the source's
# format; both get the source name jira, so the events attach to the tickets.
lanes=("${LANES_BIN:-$PWD/bin/lanes}" --progress never --config "$dir/lanes.yaml")

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); $(go version | cut -d' ' -f3)" >&2
printf '%-9s %-9s | %-7s %-7s %-5s | %-7s %-7s %-5s | %-7s %-7s %-5s | %-6s\n' \
  rows events tix_s tix_cpu MiB ev_s ev_cpu MiB build_s b_cpu MiB ratio
for n in "${sizes[@]}"; do
  csv="$dir/jira-$n.csv"
  evdir="$dir/events-$n"
  [ -s "$csv" ] || "$dir/benchgen" gen -rows "$n" -out "$csv"
  if [ ! -s "$evdir/events-0000.csv" ]; then
    rm -rf "$evdir"
    "$dir/benchgen" events -rows "$n" -dir "$evdir"
  fi
  events=$(cat "$evdir"/events-*.csv | wc -l)
  events=$((events - $(ls "$evdir"/events-*.csv | wc -l)))
  db="$dir/lanes-$n.duckdb"
  rm -rf "$db" "$db.wal" "$db.tmp"
  sync
  echo "== $n tickets" >>"$dir/log.txt"
  read -r t_s t_kib t_cpu < <("$dir/benchgen" measure -- "${lanes[@]}" --db "$db" ingest --source jira_csv "$csv" 2>>"$dir/log.txt")
  # One command per events file, timed and summed, as in the figures
  # recorded before one command could take them all (docs/performance.md,
  # "One run of many large files").
  e_s=0 e_kib=0 e_cpu=0
  for f in "$evdir"/events-*.csv; do
    read -r s kib cpu < <("$dir/benchgen" measure -- "${lanes[@]}" --db "$db" ingest "$f" 2>>"$dir/log.txt")
    e_s=$(awk -v a="$e_s" -v b="$s" 'BEGIN { printf "%.3f", a + b }')
    e_cpu=$(awk -v a="$e_cpu" -v b="$cpu" 'BEGIN { printf "%.3f", a + b }')
    if [ "$kib" -gt "$e_kib" ]; then e_kib=$kib; fi
  done
  sync
  read -r b_s b_kib b_cpu < <("$dir/benchgen" measure -- "${lanes[@]}" -v --db "$db" build 2>>"$dir/log.txt")
  printf '%-9s %-9s | %-7s %-7s %-5s | %-7s %-7s %-5s | %-7s %-7s %-5s | %-6s\n' \
    "$n" "$events" "$t_s" "$t_cpu" "$(mib "$t_kib")" "$e_s" "$e_cpu" "$(mib "$e_kib")" "$b_s" "$b_cpu" "$(mib "$b_kib")" \
    "$(awk -v b="$b_s" -v t="$t_s" -v e="$e_s" 'BEGIN { printf "%.2fx", b / (t + e) }')"
  if [ "${BENCH_KEEP_DB:-}" != 1 ]; then
    rm -rf "$db" "$db.wal" "$db.tmp"
  fi
done
echo "log (ingest summaries, per-model build times): $dir/log.txt" >&2
