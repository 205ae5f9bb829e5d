#!/usr/bin/env bash
# The delivery worker's throughput: N messages queued in the outbox (plain
# e-mails, no attachments) delivered by two `tourdesk notify run --once`
# workers at once to a local SMTP server (tests/notify/smtp_sink.py on
# Debian's python3-aiosmtpd, which writes each message it receives to disk);
# messages per second, and duplicates (a Message-ID received more than once).
#
# usage: bench/notify.sh [MESSAGES] [BIN]   (default: 10000; target/release/tourdesk,
#        built here unless BIN names another build, e.g. target/debug/tourdesk)
# Needs PostgreSQL on 127.0.0.1:5432 as postgres; it changes no setting.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
bin=${2:-target/release/tourdesk}
base=postgres://postgres@127.0.0.1:5432
db=tourdesk_bench_notify
url="$base/$db"
port=2587
work=$(mktemp -d)
export PGOPTIONS="-c client_min_messages=warning"
[ "$bin" != target/release/tourdesk ] || cargo build --release -q

psql "$base/postgres" -qc "drop database if exists $db with (force)" -c "create database $db"
DATABASE_URL=$url "$bin" migrate >/dev/null
psql "$url" -qc "insert into notification_outbox (channel, recipient, kind, body)
                 select 'email', 'guest' || i || '@example.com', 'other', 'Message ' || i
                   from generate_series(1, $n) i"
/usr/bin/python3 tests/notify/smtp_sink.py --port $port --out "$work/received.jsonl" >"$work/sink.log" 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do grep -q READY "$work/sink.log" && break; sleep 0.2; done

start=$(date +%s.%N)
workers=()
for w in 1 2; do
  DATABASE_URL=$url TOURDESK_DATA_DIR=$work TOURDESK_SMTP_URL=smtp://127.0.0.1:$port \
    "$bin" notify run --once --json >"$work/worker$w.json" &
  workers+=($!)
done
wait "${workers[@]}"
end=$(date +%s.%N)
python3 - "$work" "$n" "$start" "$end" <<'PY'
import json, sys, collections
work, n, start, end = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
ids = collections.Counter(json.loads(l)["message_id"] for l in open(work + "/received.jsonl"))
sent = [json.load(open(f"{work}/worker{w}.json"))["sent"] for w in (1, 2)]
dups = sum(c - 1 for c in ids.values())
print(f"{n} messages, 2 workers: {end - start:.1f} s, {n / (end - start):.0f} messages/s; "
      f"worker shares {sent[0]} + {sent[1]}; received {len(ids)} distinct, {dups} duplicate(s)")
PY
psql "$base/postgres" -qc "drop database $db with (force)"
