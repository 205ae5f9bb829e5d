//! The CLI's JSON contract, driving the real binary against a fresh database.

mod common;

use common::{TempDir, TestDb};
use serde_json::Value;
use std::process::Command;

struct Cli<'a> {
    db: &'a TestDb,
    data_dir: TempDir,
}

/// What one run printed: the exit code and the one JSON object on stdout.
struct Run {
    code: i32,
    json: Value,
    stdout: String,
}

impl<'a> Cli<'a> {
    fn new(db: &'a TestDb) -> Cli<'a> {
        Cli {
            db,
            data_dir: TempDir::new(),
        }
    }

    fn run_with(&self, url: &str, args: &[&str]) -> Run {
        self.run_env(url, None, args)
    }

    /// Runs as the application role (`app_url`) with `TOURDESK_PIN`, as a
    /// member of staff scripts it; `args` should include `--json`.
    fn run_as(&self, app_url: &str, pin: &str, args: &[&str]) -> Run {
        self.run_env(app_url, Some(pin), args)
    }

    fn run_env(&self, url: &str, pin: Option<&str>, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tourdesk"));
        cmd.args(args)
            .env("DATABASE_URL", url)
            .env("TOURDESK_DATA_DIR", &self.data_dir.0)
            .env_remove("TOURDESK_PIN")
            .env_remove("TOURDESK_PRINTER");
        if let Some(pin) = pin {
            cmd.env("TOURDESK_PIN", pin);
        }
        let out = cmd.output().expect("run tourdesk");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let json = if args.contains(&"--json") {
            let lines: Vec<&str> = stdout.lines().collect();
            assert_eq!(
                lines.len(),
                1,
                "--json prints exactly one line; got {stdout:?} for {args:?}"
            );
            serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
        } else {
            Value::Null
        };
        Run {
            code: out.status.code().unwrap_or(-1),
            json,
            stdout,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with(&self.db.url, args)
    }

    /// Runs with --json and expects success.
    fn ok(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let r = self.run(&a);
        assert_eq!(r.code, 0, "{args:?} failed: {}", r.stdout);
        assert!(r.json.get("error").is_none(), "{args:?}: {}", r.json);
        r.json
    }

    /// Runs with --json and expects the error `code` with exit code `exit`.
    fn err(&self, args: &[&str], code: &str, exit: i32) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let r = self.run(&a);
        assert_eq!(r.json["error"]["code"], code, "{args:?}: {}", r.json);
        assert!(r.json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(r.code, exit, "{args:?} exit code");
        r.json
    }

    fn departure(&self, hours_ahead: i64, capacity: u32) -> String {
        let at = (chrono::Utc::now() + chrono::Duration::hours(hours_ahead)).to_rfc3339();
        let cap = capacity.to_string();
        let v = self.ok(&[
            "departure",
            "add",
            "--tour",
            "Avachinsky volcano ascent",
            "--starts-at",
            &at,
            "--capacity",
            &cap,
            "--adult-price",
            "750000",
            "--child-price",
            "450000",
            "--time-zone",
            "Asia/Kamchatka",
        ]);
        v["departure_id"].as_i64().expect("departure_id").to_string()
    }
}

#[tokio::test]
async fn walk_in_sale_through_the_cli() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(100, 5);

    let a = cli.ok(&["availability", &dep]);
    assert_eq!(
        (
            a["capacity"].as_i64(),
            a["booked"].as_i64(),
            a["held"].as_i64(),
            a["free"].as_i64()
        ),
        (Some(5), Some(0), Some(0), Some(5))
    );
    assert_eq!(a["waitlist"], 0);

    let q = cli.ok(&["quote", &dep, "--adults", "2", "--children", "1"]);
    assert_eq!(q["total_minor"], 750_000 * 2 + 450_000);

    let h = cli.ok(&["hold", &dep, "--adults", "2", "--children", "1", "--ttl-minutes", "10"]);
    let hold = h["hold_id"].as_i64().expect("hold_id").to_string();
    assert!(h["expires_at"].as_str().is_some_and(|t| t.ends_with("+12:00")), "{h}");
    assert_eq!(cli.ok(&["availability", &dep])["held"], 3);
    let e = cli.ok(&["extend", &hold, "--ttl-minutes", "20"]);
    assert!(e["expires_at"].as_str().is_some_and(|t| t.ends_with("+12:00")), "{e}");
    assert!(e["expires_at"].as_str() > h["expires_at"].as_str(), "{e} after {h}");

    let b = cli.ok(&[
        "book",
        &dep,
        "--adults",
        "2",
        "--children",
        "1",
        "--name",
        "Анна О'Нил; --",
        "--phone",
        "+79001234567",
        "--hold",
        &hold,
    ]);
    let number = b["booking_number"].as_str().expect("booking_number").to_string();
    assert!(number.starts_with("TD-") && number.len() == 9, "{number}");
    assert_eq!(b["confirmation_code"].as_str().map(str::len), Some(6));
    assert_eq!(b["total_minor"], 1_950_000);
    assert_eq!(b["participants"].as_array().map(Vec::len), Some(3));
    assert_eq!(b["participants"][0]["name"], "Анна О'Нил; --");
    assert_eq!(b["participants"][2]["kind"], "child");
    let a = cli.ok(&["availability", &dep]);
    assert_eq!((a["booked"].as_i64(), a["held"].as_i64()), (Some(3), Some(0)));

    // the booking can be looked up however the clerk types its number
    let shown = cli.ok(&["booking", "show", &number[3..].to_lowercase()]);
    assert_eq!(shown["booking_number"], number.as_str());

    let c = cli.ok(&["cancel", &number]);
    assert_eq!(c["refund_percent"], 90);
    assert_eq!(c["refund_minor"], 1_755_000);
    assert_eq!(cli.ok(&["availability", &dep])["booked"], 0);

    // every mutation above is audited as device "cli", each under the owner
    // session its command opened (the sessions themselves are audited too)
    let unsessioned: i64 =
        sqlx::query_scalar("select count(*) from audit_log where session_id is null and action <> 'device.registered'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(unsessioned, 0, "every audit row names its session");
    let actions: Vec<(String, String)> = sqlx::query_as(
        "select a.action, d.name from audit_log a join devices d on d.id = a.device_id
          where a.action not in ('device.registered', 'session.owner') order by a.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let names: Vec<&str> = actions.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        names,
        [
            "tour.added",
            "departure.added",
            "hold.created",
            "hold.extended",
            "booking.created",
            // the sale's cash and the cancellation's refund, as ledger rows
            "payment.taken",
            "refund.given",
            "booking.cancelled"
        ]
    );
    assert!(actions.iter().all(|(_, device)| device == "cli"), "{actions:?}");
}

#[tokio::test]
async fn idempotency_key_replays_the_first_booking() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(30, 4);
    let key = uuid::Uuid::now_v7().to_string();
    let args = ["book", &dep, "--adults", "1", "--name", "Retry", "--key", &key];
    let first = cli.ok(&args);
    let second = cli.ok(&args);
    assert_eq!(first["booking_number"], second["booking_number"]);
    assert_eq!(first["replayed"], false);
    assert_eq!(second["replayed"], true);
    assert_eq!(cli.ok(&["availability", &dep])["booked"], 1);

    // holds too: a retried hold holds once
    let hold_key = uuid::Uuid::now_v7().to_string();
    let h1 = cli.ok(&["hold", &dep, "--adults", "2", "--key", &hold_key]);
    let h2 = cli.ok(&["hold", &dep, "--adults", "2", "--key", &hold_key]);
    assert_eq!(h1["hold_id"], h2["hold_id"]);
    assert_eq!(
        (h1["replayed"].as_bool(), h2["replayed"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(cli.ok(&["availability", &dep])["held"], 2);
    cli.err(
        &["book", &dep, "--adults", "2", "--name", "Retry", "--key", &key],
        "IDEMPOTENCY_CONFLICT",
        1,
    );
    cli.err(
        &["book", &dep, "--adults", "1", "--name", "X", "--key", "not-a-uuid"],
        "INVALID_INPUT",
        2,
    );
}

#[tokio::test]
async fn errors_have_stable_codes_and_exit_codes() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(10, 2);
    cli.ok(&["book", &dep, "--adults", "2", "--name", "Full"]);
    let e = cli.err(&["book", &dep, "--adults", "1", "--name", "Late"], "SOLD_OUT", 1);
    assert_eq!(e["error"]["free"], 0);
    assert_eq!(e["error"]["requested"], 1);
    cli.err(
        &["hold", &dep, "--adults", "1", "--ttl-minutes", "45"],
        "INVALID_INPUT",
        2,
    );
    cli.err(
        &["book", &dep, "--adults", "0", "--children", "1", "--name", "Kid"],
        "INVALID_PARTY",
        2,
    );
    cli.err(&["availability", "999999"], "NOT_FOUND", 1);
    cli.err(&["cancel", "TD-ZZZZZZ"], "NOT_FOUND", 1);
    cli.err(&["release", "999999"], "NOT_FOUND", 1);
    let e = cli.err(
        &["book", &dep, "--adults", "1", "--name", "X", "--hold", "999999"],
        "NOT_FOUND",
        1,
    );
    assert_eq!(e["error"]["message"], "hold not found");
    cli.err(&["book", &dep, "--adults", "1"], "USAGE", 2);
    cli.err(
        &[
            "departure",
            "add",
            "--tour",
            "X",
            "--starts-at",
            "tomorrow",
            "--capacity",
            "5",
            "--adult-price",
            "1",
        ],
        "INVALID_INPUT",
        2,
    );
    // sold out at the desk: the waitlist takes the party
    let w = cli.ok(&[
        "waitlist", "join", &dep, "--adults", "1", "--name", "Waiting", "--phone", "+7900",
    ]);
    assert_eq!(w["position"], 1);
    let list = cli.ok(&["waitlist", "list", &dep]);
    assert_eq!(list["entries"][0]["name"], "Waiting");
}

#[tokio::test]
async fn waitlist_skip_sends_a_party_to_the_end_and_its_seats_to_the_next() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(10, 2);
    let b = cli.ok(&["book", &dep, "--adults", "2", "--name", "Full"]);
    let first = cli.ok(&["waitlist", "join", &dep, "--adults", "2", "--name", "Not here"]);
    let second = cli.ok(&["waitlist", "join", &dep, "--adults", "2", "--name", "Here"]);
    let (first, second) = (first["entry_id"].to_string(), second["entry_id"].to_string());
    cli.ok(&["cancel", b["booking_number"].as_str().expect("booking_number")]);
    let list = cli.ok(&["waitlist", "list", &dep]);
    assert_eq!(list["entries"][0]["status"], "offered");

    let s = cli.ok(&["waitlist", "skip", &first]);
    assert_eq!(s["status"], "waiting");
    assert_eq!(s["entry_id"].to_string(), first);
    let list = cli.ok(&["waitlist", "list", &dep]);
    let queue: Vec<(String, i64, &str)> = list["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["id"].to_string(),
                e["position"].as_i64().unwrap_or(0),
                e["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(queue, [(second.clone(), 1, "offered"), (first.clone(), 2, "waiting")]);
    // without --json: one line saying where the party went
    let r = cli.run(&["waitlist", "skip", &second]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stdout.trim(),
        format!("Waitlist entry {second} moved to the end of the queue: waiting")
    );
    // the seats went back to "Not here", the only other party that fits
    let list = cli.ok(&["waitlist", "list", &dep]);
    assert_eq!(list["entries"][0]["id"].to_string(), first);
    assert_eq!(list["entries"][0]["status"], "offered");
    cli.ok(&["waitlist", "leave", &second]);
    assert_eq!(cli.ok(&["waitlist", "skip", &second])["status"], "left");
    cli.err(&["waitlist", "skip", "999999"], "NOT_FOUND", 1);
}

#[tokio::test]
async fn unreachable_database_is_one_clear_error() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let r = cli.run_with(
        "postgres://postgres@127.0.0.1:1/nowhere",
        &["availability", "1", "--json"],
    );
    assert_eq!(r.code, 3);
    assert_eq!(r.json["error"]["code"], "DB_UNAVAILABLE");
    let msg = r.json["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("127.0.0.1:1") && msg.contains("DATABASE_URL"), "{msg}");
    // a server that answers but refuses the role says so
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_username("no_such_role_here").unwrap();
    let r = cli.run_with(url.as_str(), &["sweep", "--json"]);
    assert_eq!((r.code, r.json["error"]["code"].as_str()), (3, Some("DB_UNAVAILABLE")));
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("refused"),
        "{}",
        r.json
    );
    // without --json: text on stderr, no panic, no backtrace
    let out = Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .args(["availability", "1"])
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/nowhere")
        .env("TOURDESK_DATA_DIR", &cli.data_dir.0)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error [DB_UNAVAILABLE]"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
}

#[tokio::test]
async fn weather_cancellation_keeps_parties_to_rebook_and_lists_alternatives() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let stormy = cli.departure(20, 6);
    let later = cli.departure(44, 6);
    cli.ok(&["book", &stormy, "--adults", "2", "--name", "A", "--phone", "+7901"]);
    cli.ok(&[
        "book",
        &stormy,
        "--adults",
        "1",
        "--name",
        "B",
        "--email",
        "b@example.com",
    ]);
    let w = cli.ok(&["weather", &stormy, "--status", "watch", "--note", "Wind"]);
    assert_eq!(w["cancelled"], false);
    let w = cli.ok(&["weather", &stormy, "--status", "danger", "--note", "Storm", "--cancel"]);
    // money kept: the two parties are to rebook (tests/cli/rebook.rs resolves them)
    assert_eq!(
        (w["bookings_cancelled"].as_i64(), w["to_rebook"].as_i64()),
        (Some(0), Some(2))
    );
    assert_eq!(w["refund_total_minor"], 0);
    assert!(w["rebook_due_at"].is_string(), "{w}");
    assert_eq!(w["notifications_queued"], 2);
    assert_eq!(w["alternatives"][0]["departure_id"].to_string(), later);
    let a = cli.ok(&["availability", &stormy]);
    assert_eq!((a["status"].as_str(), a["free"].as_i64()), (Some("cancelled"), Some(0)));
    cli.err(
        &["book", &stormy, "--adults", "1", "--name", "C"],
        "DEPARTURE_CANCELLED",
        1,
    );
    // once is enough: a second cancel changes nothing, and a cancel must say danger
    let again = cli.ok(&["weather", &stormy, "--status", "danger", "--cancel"]);
    assert_eq!(again["already_cancelled"], true);
    cli.err(&["weather", &later, "--status", "ok", "--cancel"], "INVALID_INPUT", 2);
    let alerts: Vec<(String, bool)> =
        sqlx::query_as("select status, cancelled from weather_alerts where departure_id = $1 order by id")
            .bind(stormy.parse::<i64>().unwrap())
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(alerts, [("watch".to_string(), false), ("danger".to_string(), true)]);
    let status: String = sqlx::query_scalar("select weather_status from departures where id = $1")
        .bind(stormy.parse::<i64>().unwrap())
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "danger");
    assert_eq!(cli.ok(&["availability", &later])["status"], "scheduled");
}

#[tokio::test]
async fn text_output_is_for_people_and_times_are_local() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    // an operator in Kamchatka: the new departure's zone and the listing's days
    cli.ok(&["time-zone", "Asia/Kamchatka"]);
    let r = cli.run(&[
        "departure",
        "add",
        "--tour",
        "Avacha Bay boat trip",
        "--starts-at",
        "2030-06-01 09:00",
        "--capacity",
        "40",
        "--adult-price",
        "650000",
    ]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("2030-06-01 09:00 +12"), "{}", r.stdout);
    let listed = cli.ok(&["departure", "list", "--from", "2030-06-01", "--days", "1"]);
    assert_eq!(listed["departures"][0]["starts_at"], "2030-06-01T09:00:00+12:00");
    assert_eq!(listed["departures"][0]["tour"], "Avacha Bay boat trip");
    let none = cli.ok(&["departure", "list", "--from", "2030-06-02", "--days", "1"]);
    assert_eq!(none["departures"].as_array().map(Vec::len), Some(0));
    // the departure keeps its zone when the operator's changes (in Berlin it
    // starts on 31 May)
    cli.ok(&["time-zone", "Europe/Berlin"]);
    let listed = cli.ok(&["departure", "list", "--from", "2030-05-31", "--days", "1"]);
    assert_eq!(listed["departures"][0]["starts_at"], "2030-06-01T09:00:00+12:00");
}

#[tokio::test]
async fn the_check_in_window_is_read_and_set_on_the_server() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let v = cli.ok(&["checkin-window"]);
    assert_eq!(
        (v["check_in_window_minutes"].as_u64(), v["changed"].is_null()),
        (Some(180), true)
    );
    let v = cli.ok(&["checkin-window", "120"]);
    assert_eq!(
        (v["check_in_window_minutes"].as_u64(), v["changed"].as_bool()),
        (Some(120), Some(true))
    );
    let r = cli.run(&["checkin-window"]);
    assert!(
        r.stdout.contains("Check-in opens 120 minutes before the start."),
        "{}",
        r.stdout
    );
    // more than a day, and a window of the caller's own, are refused before anything is sent
    assert_ne!(cli.run(&["checkin-window", "1441"]).code, 0);
    let dep = cli.departure(48, 10);
    assert_ne!(
        cli.run(&[
            "checkin",
            "--participant",
            "1",
            "--departure",
            &dep,
            "--window-minutes",
            "1440"
        ])
        .code,
        0
    );
    assert_eq!(cli.ok(&["checkin-window"])["check_in_window_minutes"], 120);
}

#[path = "cli/audit.rs"]
mod audit;
#[path = "cli/bench_guard.rs"]
mod bench_guard;
#[path = "cli/calendar.rs"]
mod calendar;
#[path = "cli/change.rs"]
mod change;
#[path = "cli/currency.rs"]
mod currency;
#[path = "cli/find.rs"]
mod find;
#[path = "cli/inputs.rs"]
mod inputs;
#[path = "cli/money.rs"]
mod money;
#[path = "cli/moves.rs"]
mod moves;
#[path = "cli/pickups.rs"]
mod pickups;
#[path = "cli/printing.rs"]
mod printing;
#[path = "cli/rebook.rs"]
mod rebook;
#[path = "cli/resources.rs"]
mod resources;
#[path = "cli/rollcall.rs"]
mod rollcall;
#[path = "cli/schedules.rs"]
mod schedules;
#[path = "cli/shifts.rs"]
mod shifts;
#[path = "cli/staff.rs"]
mod staff;
#[path = "cli/tickets.rs"]
mod tickets;
#[path = "cli/time_zone.rs"]
mod time_zone;
