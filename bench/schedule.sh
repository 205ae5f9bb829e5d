#!/usr/bin/env bash
# Generating a season: TOURS schedule rules (each: every day at 07:00 and
# 13:00 for a year, Asia/Kamchatka) applied with a 365-day horizon, one
# `tourdesk schedule apply` per rule, one after another — the wall time of
# the whole season and per rule, then a second apply of every rule (which
# must create nothing). Beside it, pg-ceiling's one-row UPDATE latency in
# the same run, to compare across machines by ratio.
#
# usage: bench/schedule.sh [TOURS] [BIN]   (default: 20; target/release/tourdesk,
#        built here unless BIN names another build, e.g. target/debug/tourdesk)
# Needs PostgreSQL on 127.0.0.1:5432 as postgres; it changes no setting.
set -euo pipefail
cd "$(dirname "$0")/.."
tours=${1:-20}
bin=${2:-target/release/tourdesk}
base=postgres://postgres@127.0.0.1:5432
db=tourdesk_bench_schedule
url="$base/$db"
export PGOPTIONS="-c client_min_messages=warning"
[ "$bin" != target/release/tourdesk ] || cargo build --release -q

psql "$base/postgres" -qc "drop database if exists $db with (force)" -c "create database $db"
DATABASE_URL=$url "$bin" migrate >/dev/null
psql "$url" -qc "insert into tours (name, duration_minutes)
                 select 'Tour ' || i, 240 from generate_series(1, $tours) i"
from=$(date -u +%Y-%m-%d)
to=$(date -u -d "+364 days" +%Y-%m-%d)
rules=()
for i in $(seq 1 "$tours"); do
  rules+=("$(DATABASE_URL=$url "$bin" --json schedule add --tour "Tour $i" --days mon,tue,wed,thu,fri,sat,sun \
    --times 07:00,13:00 --from "$from" --to "$to" --capacity 20 --adult-price 750000 --tz Asia/Kamchatka \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["schedule_id"])')")
done

run() {
  local start end made=0 n
  start=$(date +%s.%N)
  for r in "${rules[@]}"; do
    n=$(DATABASE_URL=$url "$bin" --json schedule apply "$r" --horizon-days 365 \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["created"])')
    made=$((made + n))
  done
  end=$(date +%s.%N)
  python3 -c "s=$end-$start; print(f'$1: {$made} departures made by ${#rules[@]} applies in {s:.1f} s, {s/${#rules[@]}*1000:.0f} ms per rule, {$made/s:.0f} departures/s')"
}
run "first apply"
run "second apply"
psql "$url" -Atc "select count(*) || ' departures in the database' from departures"
psql "$base/postgres" -qc "drop database $db with (force)"
ceiling=$(ls ../shared/bench/pg-ceiling 2>/dev/null || ls /work/shared/bench/pg-ceiling 2>/dev/null || true)
if [ -n "$ceiling" ]; then
  psql "$base/postgres" -qc "drop database if exists tourdesk_bench_ceiling with (force)" -c "create database tourdesk_bench_ceiling"
  "$ceiling" "$base/tourdesk_bench_ceiling" 5 1 | tail -3
  psql "$base/postgres" -qc "drop database tourdesk_bench_ceiling with (force)"
fi
