#!/usr/bin/env bash
# Check-in at the gate: scan-to-verdict latency (tourdesk bench checkin) beside
# the cheapest possible committed transaction on the same server in the same
# run (pgbench's one-row UPDATE at 1 client, ../shared/bench/pg-ceiling).
#
# usage: bench/checkin.sh [PARTICIPANTS] [RUNS]     (default: 1000 participants, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-1000}
runs=${2:-3}
base=postgres://postgres@127.0.0.1:5432
psql "$base/postgres" -qc "drop database if exists tourdesk_bench_checkin with (force)" \
     -c "create database tourdesk_bench_checkin" \
     -c "comment on database tourdesk_bench_checkin is 'tourdesk bench'"  # tourdesk bench runs only on a marked database
url="$base/tourdesk_bench_checkin"
cargo build --release -q
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(date -u +%F)"
echo "| run | one-row UPDATE ms (pgbench, 1 client) | scan p50 ms | scan p99 ms | p50 ÷ UPDATE | repeat scan p50 / p99 ms | photo decode p50 / p99 ms | photo-to-verdict p50 / p99 ms | admitted | photos unread |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for r in $(seq "$runs"); do
  ceil=$(../shared/bench/pg-ceiling "$url" 5 1)
  b=$(target/release/tourdesk bench checkin --json --database-url "$url" --participants "$participants")
  python3 - "$r" "$ceil" "$b" <<'PY'
import json, sys
run, ceil, b = sys.argv[1], json.loads(sys.argv[2])["ceiling"][0], json.loads(sys.argv[3])
u = ceil["latency_ms"]
f, rep, dec, ph = b["first_scans"], b["repeat_scans"], b["photo_decode"], b["photo_scans"]
print(f"| {run} | {u:.3f} | {f['p50_ms']} | {f['p99_ms']} | {f['p50_ms']/u:.1f} | {rep['p50_ms']} / {rep['p99_ms']} "
      f"| {dec['p50_ms']} / {dec['p99_ms']} | {ph['p50_ms']} / {ph['p99_ms']} | {b['admitted']} of {b['participants']} | {b['photos_unread']} of {dec['n']} |")
PY
done
