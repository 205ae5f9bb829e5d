#!/usr/bin/env bash
# What the trust boundary costs on the sales path: 1-seat bookings on one hot
# departure called straight (td_book with a staff id, as before issue 11) and
# through api.book (the session token looked up and the role checked in the
# same call), each beside pgbench's one-row ceiling measured in the same run at
# the same client count. pgbench drives both, so only the database side is
# compared (the Rust core adds the same for both).
#
# usage: bench/session.sh [SECONDS] [CLIENTS...]      (default: 8 s; 1 16 64)
# Needs PostgreSQL on 127.0.0.1:5432 as postgres and pgbench. Fits the default
# max_connections = 100 (at most 64 clients at once); it changes no setting.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
shift $(( $# >= 1 ? 1 : 0 ))
clients=("$@"); [ ${#clients[@]} -gt 0 ] || clients=(1 16 64)
base=postgres://postgres@127.0.0.1:5432
db=tourdesk_bench_session
url="$base/$db"
ceiling=../shared/bench/pg-ceiling
export PGOPTIONS="-c client_min_messages=warning"

psql "$base/postgres" -qc "drop database if exists $db with (force)" -c "create database $db"
cargo build --release -q
bin=target/release/tourdesk
DATABASE_URL=$url "$bin" migrate >/dev/null
DATABASE_URL=$url TOURDESK_NEW_PIN=7364 "$bin" staff add "Bench Desk" --role desk >/dev/null
dep=$(DATABASE_URL=$url "$bin" departure add --json --tour "Bench volcano" --starts-at "2031-06-01 09:00" \
        --capacity 1000000 --adult-price 750000 | python3 -c 'import json,sys; print(json.load(sys.stdin)["departure_id"])')
read -r token staff device < <(psql "$url" -AtF' ' -c \
  "select token, staff_id, device_id from api.login('7364', 'bench-session', 'kiosk')")
read -r rev rules < <(psql "$url" -AtF' ' -c \
  "select d.pricing_rev, s.rules_rev from departures d, pricing_state s where d.id = $dep")

party="null, 1, 0, 'TD-' || upper(substr(md5(random()::text), 1, 12)), 'CONF', 'Bench', '', '', '',
  '[{\"name\": \"Bench\", \"kind\": \"adult\"}]'::jsonb"
direct=$(mktemp); api=$(mktemp); trap 'rm -f "$direct" "$api"' EXIT
echo "select booking_id from td_book(gen_random_uuid(), $dep, $party, '{}'::jsonb, 750000, 'RUB', $rev, $rules,
  'cash', '', 'desk', interval '10 minutes', $staff, $device);" >"$direct"
# api.book prices the sale itself (td_quote); 750000 is the figure it compares
echo "select booking_id from api.book('$token', gen_random_uuid(), $dep, $party, 750000, 'RUB', 'cash', '');" >"$api"

run() { pgbench -n -M prepared -f "$1" -c "$2" -j "$(( $2 < 2 ? 1 : 2 ))" -T "$secs" "$url" 2>&1 \
        | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1; }
echo "| clients | pg-ceiling tx/s | td_book (staff id) b/s | ratio | api.book (session) b/s | ratio | api / td |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for c in "${clients[@]}"; do
  ceil=$("$ceiling" "$url" "$secs" "$c" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ceiling"][0]["tps"])')
  d=$(run "$direct" "$c")
  a=$(run "$api" "$c")
  python3 - "$c" "$ceil" "$d" "$a" <<'PY'
import sys
c, ceil, d, a = sys.argv[1], *map(float, sys.argv[2:])
print(f"| {c} | {ceil:.0f} | {d:.0f} | {d/ceil:.2f} | {a:.0f} | {a/ceil:.2f} | **{a/d:.2f}** |")
PY
done
booked=$(psql "$url" -Atc "select booked from departures where id = $dep")
rows=$(psql "$url" -Atc "select count(*) from bookings")
echo "bookings: $rows rows, departure counter $booked (must agree)"
psql "$base/postgres" -qc "drop database if exists $db with (force)"
