#!/usr/bin/env bash
# Customer search (tourdesk bench search): the latency of one api.find over a
# large operator's history, beside the cheapest possible committed transaction
# on the same server in the same run (pgbench's one-row UPDATE at 1 client,
# ../shared/bench/pg-ceiling). Each run generates its own database.
#
# usage: bench/search.sh [BOOKINGS] [QUERIES] [RUNS]   (default: 200000 bookings, 5000 queries, 1 run)
set -euo pipefail
cd "$(dirname "$0")/.."
bookings=${1:-200000}
queries=${2:-5000}
runs=${3:-1}
base=postgres://postgres@127.0.0.1:5432
url="$base/tourdesk_bench_search"
cargo build --release -q
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | bookings | participants | generate s | one-row UPDATE ms | search p50 ms | p95 ms | p99 ms | max ms | p50 ÷ UPDATE | worst kind by p99 |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for r in $(seq "$runs"); do
  psql "$base/postgres" -qc "drop database if exists tourdesk_bench_search with (force)" \
       -c "create database tourdesk_bench_search" \
       -c "comment on database tourdesk_bench_search is 'tourdesk bench'"  # tourdesk bench runs only on a marked database
  b=$(target/release/tourdesk bench search --json --database-url "$url" --bookings "$bookings" --queries "$queries")
  ceil=$(../shared/bench/pg-ceiling "$url" 5 1)
  echo "$b" > "target/bench-search-run$r.json"
  python3 - "$r" "$ceil" "$b" <<'PY'
import json, sys
run, ceil, b = sys.argv[1], json.loads(sys.argv[2])["ceiling"][0], json.loads(sys.argv[3])
u, o = ceil["latency_ms"], b["overall"]
kind, worst = max(b["kinds"].items(), key=lambda kv: kv[1]["p99_ms"])
print(f"| {run} | {b['bookings']} | {b['participants']} | {b['generate_seconds']} | {u:.3f} | {o['p50_ms']} | {o['p95_ms']} "
      f"| {o['p99_ms']} | {o['max_ms']} | {o['p50_ms']/u:.1f} | {kind}: p99 {worst['p99_ms']} ms |")
PY
done
