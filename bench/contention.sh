#!/usr/bin/env bash
# Booking throughput on one hot departure: tourdesk's core and the old NOWAIT
# design, each beside pgbench's one-row UPDATE ceiling measured in the same run
# at the same client count. Prints one JSON object per line, then a Markdown table.
#
# usage: bench/contention.sh [SECONDS] [CLIENTS...]     (default: 8 s; 1 16 64 256)
# Needs PostgreSQL on 127.0.0.1:5432 (role postgres) with max_connections >= 300.
# When it is lower the script raises it to 400 for its own run only: it
# restarts the local cluster, and on exit (done, failed or interrupted) puts
# back what postgresql.auto.conf said before (the value, or no entry) and
# restarts again. Both restarts cut every other client of that cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
shift $(( $# >= 1 ? 1 : 0 ))
clients=("$@"); [ ${#clients[@]} -gt 0 ] || clients=(1 16 64 256)
base=postgres://postgres@127.0.0.1:5432
ceiling=../shared/bench/pg-ceiling

restart_cluster() {
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main restart
  until pg_isready -q -h 127.0.0.1 -p 5432; do sleep 0.2; done
}

# what ALTER SYSTEM had set before (empty: nothing, the config file's value holds)
restore_max_connections() {
  if [ -n "$auto_before" ]; then
    psql "$base/postgres" -qc "alter system set max_connections = $auto_before"
  else
    psql "$base/postgres" -qc "alter system reset max_connections"
  fi
  restart_cluster
  echo "max_connections back to $(psql "$base/postgres" -Atc "show max_connections")" >&2
}

max=$(psql "$base/postgres" -Atc "show max_connections")
if [ "$max" -lt 300 ]; then
  auto_before=$(psql "$base/postgres" -Atc "select setting from pg_file_settings
      where name = 'max_connections' and sourcefile like '%postgresql.auto.conf' order by seqno desc limit 1")
  echo "raising max_connections from $max to 400 for this run (restarts the local cluster; restored on exit)" >&2
  trap restore_max_connections EXIT
  trap 'exit 130' INT TERM  # through the EXIT trap
  psql "$base/postgres" -qc "alter system set max_connections = 400"
  restart_cluster
fi
psql "$base/postgres" -qc "drop database if exists tourdesk_bench with (force)" -c "create database tourdesk_bench" \
  -c "comment on database tourdesk_bench is 'tourdesk bench'"  # tourdesk bench runs only on a marked database
url="$base/tourdesk_bench"
cargo build --release -q
bin=target/release/tourdesk

rows=()
for c in "${clients[@]}"; do
  ceil=$("$ceiling" "$url" "$secs" "$c")
  # the core as shipped: pool of 2 connections, 2 bookings per departure in flight
  core=$("$bin" bench contention --json --database-url "$url" --clients "$c" --seconds "$secs" --strategy core)
  # the core with one connection per client and no in-process gate, as pgbench runs
  wide=$("$bin" bench contention --json --database-url "$url" --clients "$c" --seconds "$secs" --strategy core \
         --pool "$c" --in-flight 0)
  nowait=$("$bin" bench contention --json --database-url "$url" --clients "$c" --seconds "$secs" --strategy nowait \
         --pool "$c")
  echo "$ceil"; echo "$core"; echo "$wide"; echo "$nowait"
  rows+=("$(python3 - "$ceil" "$core" "$wide" "$nowait" <<'PY'
import json, sys
ceil = json.loads(sys.argv[1])["ceiling"][0]
core, wide, nowait = (json.loads(a) for a in sys.argv[2:5])
t = ceil["tps"]
print(f"| {ceil['clients']} | {t:.0f} | {core['bookings_per_sec']:.0f} | **{core['bookings_per_sec']/t:.2f}** "
      f"| {core['p50_ms']} / {core['p99_ms']} | {wide['bookings_per_sec']:.0f} | {wide['bookings_per_sec']/t:.2f} "
      f"| {core['oversold'] + wide['oversold']} | {core['false_sold_out'] + wide['false_sold_out']} "
      f"| {core['other_errors'] + wide['other_errors']} "
      f"| {nowait['bookings_per_sec']:.0f} | {nowait['false_sold_out']} of {nowait['attempts']} |")
PY
)")
done
echo
echo "| clients | pgbench ceiling tps | core bookings/s | core ÷ ceiling | core p50 / p99 ms | core, pool = clients, no gate | ÷ ceiling | oversold | false sold-out | other errors | NOWAIT bookings/s | NOWAIT false sold-out |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
