#!/usr/bin/env bash
# Shared-resource sales throughput (issue 14): buyers racing to book 1 seat on
# N departures of N different tours at the same hour, all served by one
# resource with plenty of seats (10,000, the most a resource may have), so
# every sale locks the one resource row: the hot spot is the resource, not a
# departure. Measured beside pgbench's one-row UPDATE ceiling
# (../shared/bench/pg-ceiling) and the plain one-departure core bookings
# (`bench contention`, as bench/contention.sh), same run, same client counts.
# Then the correctness runs: one slot, fewer seats than the buyers want —
# sold must equal the resource's seats across the departures, none oversold.
# Prints one JSON object per line, then Markdown tables.
#
# usage: bench/shared_resource.sh [SECONDS] [CLIENTS...]     (default: 5 s; 1 4 16 48)
#        BIN=target/debug/tourdesk bench/shared_resource.sh …  (a binary built before; default: a release build)
# Needs PostgreSQL on 127.0.0.1:5432 (role postgres) with max_connections above
# the largest client count plus room for others; it never changes the server's
# settings (the cluster may be shared), it refuses instead. Uses its own
# database, tourdesk_bench_shared (dropped and made again).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
shift $(( $# >= 1 ? 1 : 0 ))
clients=("$@"); [ ${#clients[@]} -gt 0 ] || clients=(1 4 16 48)
base=postgres://postgres@127.0.0.1:5432
# ../shared beside the main checkout; ../../shared from a worktree in /work/wt/NAME
ceiling=${CEILING:-../shared/bench/pg-ceiling}
[ -x "$ceiling" ] || ceiling=../../shared/bench/pg-ceiling

max=$(psql "$base/postgres" -Atc "show max_connections")
most=$(printf '%s\n' "${clients[@]}" | sort -n | tail -1)
if [ "$max" -lt $(( most + 20 )) ]; then
  echo "max_connections is $max: pgbench at $most clients needs $most of them and others use the server;" \
       "use fewer clients (e.g. 1 4 16 48 on 100). This script never changes the server's settings." >&2
  exit 2
fi
psql "$base/postgres" -qc "drop database if exists tourdesk_bench_shared with (force)" \
  -c "create database tourdesk_bench_shared" \
  -c "comment on database tourdesk_bench_shared is 'tourdesk bench'"  # tourdesk bench runs only on a marked database
url="$base/tourdesk_bench_shared"
if [ -z "${BIN:-}" ]; then
  cargo build --release -q
  BIN=target/release/tourdesk
fi
bench() { "$BIN" bench contention --json --database-url "$url" "$@"; }

echo "load at start: $(uptime)" >&2
rows=()
for c in "${clients[@]}"; do
  ceil=$("$ceiling" "$url" "$secs" "$c")
  one=$(bench --clients "$c" --seconds "$secs")
  two=$(bench --clients "$c" --seconds "$secs" --shared 2)
  four=$(bench --clients "$c" --seconds "$secs" --shared 4)
  echo "$ceil"; echo "$one"; echo "$two"; echo "$four"
  rows+=("$(python3 - "$ceil" "$one" "$two" "$four" <<'PY'
import json, sys
ceil = json.loads(sys.argv[1])["ceiling"][0]
one, two, four = (json.loads(a) for a in sys.argv[2:5])
t, o = ceil["tps"], one["bookings_per_sec"]
cells = [str(ceil["clients"]), f"{t:.0f}", f"{o:.0f}", f"{o/t:.2f}", f"{one['p50_ms']} / {one['p99_ms']}"]
for r in (two, four):
    b = r["bookings_per_sec"]
    cells += [f"{b:.0f}", f"**{b/t:.2f}**", f"{b/o:.2f}", f"{r['p50_ms']} / {r['p99_ms']}"]
runs = (one, two, four)
cells += [str(sum(r["oversold"] for r in runs)), str(sum(r["false_sold_out"] for r in runs)),
          str(sum(r["other_errors"] for r in runs)), " + ".join(str(len(r["sold_by_slot"])) for r in (two, four))]
print("| " + " | ".join(cells) + " |")
PY
)")
done

# correctness: demand far above the seats, one slot: the run ends when the resource is full
checks=()
for spec in "2 6" "4 500"; do
  set -- $spec
  r=$(bench --clients "$most" --seconds 120 --shared "$1" --resource-seats "$2" --slots 1)
  echo "$r"
  checks+=("$(python3 - "$r" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
sold = sum(r["sold_by_slot"])
print(f"| {r['shared']} | {r['resource_seats']} | {r['clients']} | {r['attempts']} | {sold} | "
      f"{'yes' if sold == r['resource_seats'] else 'NO'} | {r['oversold']} | {r['false_sold_out']} | "
      f"{r['other_errors']} | {r['seconds']} |")
PY
)")
done
echo "load at end: $(uptime)" >&2

echo
echo "| clients | pgbench ceiling tps | one departure bookings/s | ÷ ceiling | p50 / p99 ms | 2 departures, 1 resource: bookings/s | ÷ ceiling | ÷ one departure | p50 / p99 ms | 4 departures, 1 resource: bookings/s | ÷ ceiling | ÷ one departure | p50 / p99 ms | oversold | false sold-out | other errors | slots (days) reached, 2 + 4 |"
echo "|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "| departures | resource seats | clients | attempts | sold | sold = seats | oversold | false sold-out | other errors | s |"
echo "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"
printf '%s\n' "${checks[@]}"
