#!/usr/bin/env bash
# The kiosk: frame times (render + diff + escape codes) at 200×50 with 10,000
# departures and a 500-person manifest, then the real release binary in a
# pseudo-terminal on the demo operator: idle CPU over 60 s on two panes, and
# resident memory. No pg-ceiling here: nothing measured waits on PostgreSQL.
#
# usage: bench/kiosk.sh [RUNS] [IDLE_SECONDS]     (default: 3 runs, 60 s)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
idle=${2:-60}
base=postgres://postgres@127.0.0.1:5432
cargo build --release -q
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(date -u +%F)"
echo
echo "| run | scenario | frames | p50 ms | p99 ms | max ms | bytes/frame |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for r in $(seq "$runs"); do
  out=$(target/release/tourdesk bench frames --json --width 200 --height 50 --departures 10000 --manifest 500 --frames 2000)
  python3 - "$r" "$out" <<'PY'
import json, sys
run, r = sys.argv[1], json.loads(sys.argv[2])
for s in r["scenarios"]:
    print(f"| {run} | {s['scenario']} | {s['frames']} | {s['p50_ms']} | {s['p99_ms']} | {s['max_ms']} | {s['bytes_per_frame']} |")
print(f"| {run} | peak RSS of the benchmark, all of it loaded: {r['peak_rss_mb']} MB | | | | | |")
PY
done

psql "$base/postgres" -qc "drop database if exists tourdesk_bench_kiosk with (force)"
DATABASE_URL="$base/tourdesk_bench_kiosk" target/release/tourdesk demo >/dev/null
echo
echo "| pane (manager, 200×50) | idle s | CPU s | % of a core | bytes drawn while idle | RSS MB | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for pane in 1 5; do
  out=$(python3 bench/kiosk_idle.py target/release/tourdesk "$base/tourdesk_bench_kiosk" "$idle" "$pane" 3333)
  python3 - "$pane" "$out" <<'PY'
import json, sys
pane, r = sys.argv[1], json.loads(sys.argv[2])
name = {"1": "Departures", "5": "Check-in"}[pane]
print(f"| {name} | {r['idle_seconds']} | {r['cpu_seconds']} | {r['cpu_percent_of_a_core']} | {r['bytes_drawn_while_idle']} | {r['rss_mb']} | {r['peak_rss_mb']} |")
PY
done
