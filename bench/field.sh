#!/usr/bin/env bash
# Offline field mode: scan-to-verdict with the journal row on disk
# (tourdesk bench field), and syncing that journal to the server, beside the
# cheapest committed transaction on the same server in the same run
# (pgbench's one-row UPDATE at 1 client, ../shared/bench/pg-ceiling).
# Prints one JSON object per line, then a Markdown table.
#
# usage: bench/field.sh [PARTICIPANTS] [RUNS]     (default: 10000 participants, all scanned; 3 runs)
# The field store goes to the system's temp folder (TMPDIR): keep it on the disk you mean to measure.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-10000}
runs=${2:-3}
base=postgres://postgres@127.0.0.1:5432
psql "$base/postgres" -qc "drop database if exists tourdesk_bench_field with (force)" \
     -c "create database tourdesk_bench_field" \
     -c "comment on database tourdesk_bench_field is 'tourdesk bench'"  # tourdesk bench runs only on a marked database
url="$base/tourdesk_bench_field"
cargo build --release -q
tmp=${TMPDIR:-/tmp}
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(date -u +%F);" \
     "store folder on $(df --output=source,fstype "$tmp" | tail -1 | tr -s ' ')"
rows=()
for r in $(seq "$runs"); do
  ceil=$(../shared/bench/pg-ceiling "$url" 5 1)
  b=$(target/release/tourdesk bench field --json --database-url "$url" \
        --participants "$participants" --scans "$participants")
  echo "$ceil"; echo "$b"
  rows+=("$(python3 - "$r" "$ceil" "$b" <<'PY'
import json, sys
run, ceil, b = sys.argv[1], json.loads(sys.argv[2])["ceiling"][0], json.loads(sys.argv[3])
u, tps = ceil["latency_ms"], ceil["tps"]
s, d, y = b["scans"], b["disk_commit"], b["sync"]
print(f"| {run} | {u:.3f} | {tps:.0f} | {d['p50_ms']} / {d['p99_ms']} "
      f"| {s['p50_ms']} / {s['p95_ms']} / **{s['p99_ms']}** / {s['max_ms']} | {s['p50_ms']/u:.1f} "
      f"| {b['admitted']} of {s['n']} | **{y['seconds']:.2f}** | {y['entries_per_sec']:.0f} | {y['entries_per_sec']/tps:.2f} "
      f"| {y['conflicts']} / {y['failed']} | {b['resync_applied'] + b['resync_already_applied']} "
      f"| {b['server_accepted']} in {b['server_rows']} rows |")
PY
)")
done
echo
echo "| run | one-row UPDATE ms (pgbench, 1 client) | pgbench tps | bare SQLite commit p50 / p99 ms | offline scan p50 / p95 / p99 / max ms | scan p50 ÷ UPDATE | admitted offline | sync s | entries/s | ÷ pgbench tps | conflicts / failed | re-sync sent | server check-ins |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
