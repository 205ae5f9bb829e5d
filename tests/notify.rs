//! Notifications that leave the building: `tourdesk notify run` (the real
//! binary) delivering the outbox to a real SMTP server (tests/notify/sink.rs)
//! — once each, with two workers at once, after a worker is SIGKILLed
//! mid-batch, and dead after its last attempt when the server refuses.

mod common;
#[path = "notify/kinds.rs"]
mod kinds;
#[path = "notify/sink.rs"]
mod sink;
#[path = "notify/worker.rs"]
mod worker_cmd;

use common::{TempDir, TestDb};
use serde_json::Value;
use sink::SmtpSink;
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;
use tourdesk::booking::{Core, OutboxStatus};
use tourdesk::domain::refund::CancelReason;
use tourdesk::domain::{DepartureId, NotifyChannel, Role};
use worker_cmd::run_json;

/// The worker binary against `db` as its owner (a manager's session), with
/// a data directory of its own (no signing key unless one is put there).
fn worker(db: &TestDb, data: &TempDir, sink: &SmtpSink, args: &[&str]) -> Command {
    let mut cmd = worker_cmd::worker(db, data, args);
    cmd.env("TOURDESK_SMTP_URL", sink.url());
    cmd
}

/// `n` bookings of one person each with an e-mail address made from `who`
/// and the number: each queues its confirmation.
async fn bookings(core: &Core, dep: DepartureId, n: usize, who: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    for i in 0..n {
        let mut r = common::request(dep, 1, 0, &format!("Guest {i}"));
        r.contact_email = format!("{who}{i}@example.com");
        numbers.push(core.book(&r).await.expect("book").booking_number);
    }
    numbers
}

/// Message-ID → how many times the server received it.
fn counted(sink: &SmtpSink) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for m in sink.received() {
        *seen.entry(m.message_id).or_default() += 1;
    }
    seen
}

async fn outbox_ids(db: &TestDb, status: &str) -> Vec<(i64, String)> {
    sqlx::query_as("select id, message_id from notification_outbox where channel = 'email' and status = $1 order by id")
        .bind(status)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_confirmation_and_a_weather_cancellation_are_delivered_once_in_the_customers_language() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let sink = SmtpSink::start("", 0);
    let data = TempDir::new();
    // this machine's signing key, as `keys new` makes it: the confirmation carries tickets
    let key = data.0.join("ticket.key");
    let key_arg = key.display().to_string();
    let mut keys = Command::new(env!("CARGO_BIN_EXE_tourdesk"));
    keys.args(["keys", "new", "--key-file", &key_arg, "--json"])
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &data.0);
    run_json(keys);
    let numbers = bookings(&core, dep, 1, "anna").await;
    let queued = outbox_ids(&db, "pending").await;
    assert_eq!(queued.len(), 1, "the sale queued its confirmation");

    let v = run_json(worker(&db, &data, &sink, &["--once", "--key-file", &key_arg]));
    assert_eq!(
        (v["claimed"].as_i64(), v["sent"].as_i64(), v["dead"].as_i64()),
        (Some(1), Some(1), Some(0)),
        "{v}"
    );
    assert_eq!(v["tickets_attached"], true);
    let got = sink.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.to, vec!["anna0@example.com".to_string()]);
    assert_eq!(m.message_id, queued[0].1);
    assert_eq!(m.message_id, format!("<outbox-{}@tourdesk>", queued[0].0));
    assert!(
        m.subject
            .starts_with(&format!("Booking {} confirmed: Avachinsky volcano, ", numbers[0])),
        "{}",
        m.subject
    );
    assert!(m.text.contains("is confirmed"), "{}", m.text);
    // the tickets as PNGs (the server's count of them) and the departure as an .ics
    let signing = tourdesk::ticket::keys::load(&key).expect("the key file");
    let tickets = core.tickets(&numbers[0], &signing).await.unwrap().len();
    let pngs: Vec<_> = m.attachments.iter().filter(|f| f.content_type == "image/png").collect();
    assert!(
        tickets >= 1 && pngs.len() == tickets,
        "{tickets} tickets: {:?}",
        m.attachments
    );
    for (n, f) in pngs.iter().enumerate() {
        assert_eq!(f.filename, format!("{}-{n}.png", numbers[0]));
        assert!(f.head.starts_with("89504e470d0a1a0a") && f.size > 1000, "a PNG: {f:?}");
    }
    let ics: Vec<_> = m
        .attachments
        .iter()
        .filter(|f| f.content_type == "text/calendar")
        .collect();
    assert_eq!(ics.len(), 1, "{:?}", m.attachments);
    assert_eq!(ics[0].filename, format!("{}.ics", numbers[0]));
    let cal: icalendar::Calendar = ics[0].text.parse().expect("a real iCalendar parser reads it");
    let events: Vec<icalendar::Event> = cal.components.iter().filter_map(|c| c.as_event().cloned()).collect();
    assert_eq!(events.len(), 1, "{}", ics[0].text);
    use icalendar::{Component, EventLike};
    assert_eq!(
        events[0].get_uid(),
        Some(format!("departure-{}@tourdesk", dep.0).as_str())
    );
    assert_eq!(events[0].get_summary(), Some("Avachinsky volcano"));
    assert_eq!(events[0].get_location(), Some("Pier 3"));

    // run again: nothing is due, nothing is sent twice
    let v = run_json(worker(&db, &data, &sink, &["--once"]));
    assert_eq!(v["claimed"], 0, "{v}");
    assert_eq!(sink.received().len(), 1);

    // the operator writes in Russian: the weather cancellation goes in Russian
    sqlx::query("update operator_settings set notify_language = 'ru'")
        .execute(&db.pool)
        .await
        .unwrap();
    core.cancel_departure(dep, CancelReason::Weather, "storm warning")
        .await
        .unwrap();
    let v = run_json(worker(&db, &data, &sink, &["--once"]));
    assert_eq!(v["sent"], 1, "{v}");
    let got = sink.received();
    assert_eq!(got.len(), 2);
    assert!(
        got[1].subject.starts_with("Погода: выезд «Avachinsky volcano»"),
        "{}",
        got[1].subject
    );
    assert!(got[1].text.contains("storm warning"), "{}", got[1].text);

    let s = core.notify_status(20, 20).await.unwrap();
    assert_eq!((s.pending, s.sent, s.dead), (0, 2, 0));
    assert!(
        s.messages
            .iter()
            .all(|m| m.status == OutboxStatus::Sent && m.sent_at.is_some())
    );
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'notify.sent'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn two_workers_at_once_deliver_each_message_exactly_once() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 100).await;
    let sink = SmtpSink::start("", 5);
    bookings(&core, dep, 60, "guest").await;
    // a long queue is counted whole and listed in part, the next due first
    let s = core.notify_status(0, 5).await.unwrap();
    let due: Vec<i64> =
        sqlx::query_scalar("select id from notification_outbox where status = 'pending' order by next_attempt_at, id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert!(due.len() >= 60, "{}", due.len());
    assert_eq!(s.pending, due.len() as i64);
    let listed: Vec<i64> = s.messages.iter().map(|m| m.id).collect();
    assert_eq!(listed, due[..5], "the five next due");
    let (d1, d2) = (TempDir::new(), TempDir::new());
    let a = worker(&db, &d1, &sink, &["--once", "--batch", "4"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let b = worker(&db, &d2, &sink, &["--once", "--batch", "4"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    let sent = |o: &std::process::Output| -> i64 {
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["sent"].as_i64().unwrap()
    };
    let (sa, sb) = (sent(&a), sent(&b));
    assert_eq!(sa + sb, 60);
    assert!(sa > 0 && sb > 0, "both workers took part: {sa} + {sb}");
    let seen = counted(&sink);
    assert_eq!(seen.len(), 60);
    assert!(seen.values().all(|n| *n == 1), "a message received twice: {seen:?}");
    assert_eq!(outbox_ids(&db, "sent").await.len(), 60);
}

#[tokio::test]
async fn a_worker_killed_mid_batch_leaves_every_message_delivered_and_duplicates_recognisable() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 100).await;
    // 150 ms a message: the worker is mid-batch when it is killed
    let sink = SmtpSink::start("", 150);
    bookings(&core, dep, 20, "guest").await;
    let data = TempDir::new();
    let mut first = worker(&db, &data, &sink, &["--once", "--batch", "10", "--lease-secs", "10"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    sink.wait_for(3, Duration::from_secs(30));
    first.kill().expect("SIGKILL the worker"); // Child::kill is SIGKILL on Unix
    first.wait().unwrap();
    let before = sink.received().len();
    assert!((3..20).contains(&before), "killed mid-run: {before} of 20 delivered");

    // its claim holds its batch until the lease ends: then another worker takes over
    tokio::time::sleep(Duration::from_secs(11)).await;
    let v = run_json(worker(&db, &data, &sink, &["--once"]));
    assert_eq!(outbox_ids(&db, "sent").await.len(), 20, "{v}");
    let seen = counted(&sink);
    let expected: Vec<String> = outbox_ids(&db, "sent").await.into_iter().map(|(_, id)| id).collect();
    assert!(
        expected.iter().all(|id| seen.contains_key(id)),
        "every message delivered"
    );
    assert_eq!(seen.len(), 20);
    // a duplicate only where the worker died between the server's "250" and
    // marking the row — at most the one message in flight — and it carries
    // the same Message-ID, so it is recognisable
    let duplicates: usize = seen.values().map(|n| n - 1).sum();
    eprintln!("SIGKILL mid-batch: {before} delivered before the kill, {duplicates} duplicate(s)");
    assert!(duplicates <= 1, "{seen:?}");
}

#[tokio::test]
async fn a_refused_recipient_is_retried_then_dead_with_the_servers_error_in_status() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let sink = SmtpSink::start("nobody", 0);
    bookings(&core, dep, 1, "nobody").await;
    bookings(&core, dep, 1, "anna").await;
    let data = TempDir::new();
    // the first failure waits 1 s, the second 2 s: a run sees one attempt
    let v = run_json(worker(
        &db,
        &data,
        &sink,
        &["--once", "--max-attempts", "3", "--backoff-secs", "1"],
    ));
    assert_eq!(
        (v["sent"].as_i64(), v["retrying"].as_i64(), v["dead"].as_i64()),
        (Some(1), Some(1), Some(0)),
        "{v}"
    );
    let s = core.notify_status(20, 20).await.unwrap();
    let refused = s
        .messages
        .iter()
        .find(|m| m.recipient == "nobody0@example.com")
        .unwrap();
    assert_eq!((refused.status, refused.attempts), (OutboxStatus::Pending, 1));
    assert!(refused.next_attempt_at > chrono::Utc::now(), "backed off");
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(2100)).await;
        run_json(worker(
            &db,
            &data,
            &sink,
            &["--once", "--max-attempts", "3", "--backoff-secs", "1"],
        ));
    }
    let s = core.notify_status(20, 20).await.unwrap();
    assert_eq!((s.pending, s.sent, s.dead), (0, 1, 1));
    let dead = s.messages.iter().find(|m| m.status == OutboxStatus::Dead).unwrap();
    assert_eq!(dead.attempts, 3);
    assert!(
        dead.last_error.contains("550") && dead.last_error.contains("no such mailbox"),
        "{}",
        dead.last_error
    );
    // a dead message is not claimed again
    let v = run_json(worker(&db, &data, &sink, &["--once"]));
    assert_eq!(v["claimed"], 0);

    // and `notify status` shows it with its error, to people and to scripts
    let status = |json: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tourdesk"));
        cmd.args(["notify", "status"])
            .env("DATABASE_URL", &db.url)
            .env("TOURDESK_DATA_DIR", &data.0);
        if json {
            cmd.arg("--json");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let v: Value = serde_json::from_str(status(true).trim()).unwrap();
    assert_eq!(v["dead"], 1);
    let text = status(false);
    assert!(text.contains("0 pending, 1 sent, 1 dead"), "{text}");
    assert!(
        text.contains("DEAD") && text.contains("last error: permanent error (550)"),
        "{text}"
    );
}

#[tokio::test]
async fn only_a_manager_may_claim_or_read_the_queue() {
    let db = TestDb::new().await;
    let desk = db.core_as(Role::Desk, "Dina", "desk-1").await;
    let e = desk.notify_status(5, 5).await.unwrap_err();
    assert_eq!(e.code(), tourdesk::domain::ErrorCode::Forbidden, "{e}");
    let e = desk
        .notify_claim(uuid::Uuid::now_v7(), 5, Duration::from_secs(60), NotifyChannel::ALL)
        .await
        .unwrap_err();
    assert_eq!(e.code(), tourdesk::domain::ErrorCode::Forbidden, "{e}");
    // and the server refuses a desk's session on its own (the client's check is a courtesy)
    let app = db.app_pool(2).await;
    let token = common::api_token(&app, "432187").await;
    for sql in [
        "select api.notify_status($1, 5)",
        "select api.notify_claim($1, gen_random_uuid(), 5, 60)",
    ] {
        let e = sqlx::query(sql).bind(&token).execute(&app).await.unwrap_err();
        assert!(e.to_string().contains("FORBIDDEN"), "{sql}: {e}");
    }
}

/// The kiosk's rules (Role::may) and the server's (td_role_may) agree for
/// every role and action: the staff.role constraint, the enum and the
/// function are changed together.
#[tokio::test]
async fn the_role_table_is_the_same_in_the_kiosk_and_the_server() {
    use tourdesk::domain::Action;
    let db = TestDb::new().await;
    let actions = [
        (Action::Read, "read"),
        (Action::CheckIn, "check_in"),
        (Action::Sell, "sell"),
        (Action::Cancel, "cancel"),
        (Action::Sweep, "sweep"),
        (Action::ManageDepartures, "manage_departures"),
        (Action::Weather, "weather"),
        (Action::Stats, "stats"),
        (Action::ManageKeys, "manage_keys"),
        (Action::Refund, "refund"),
        (Action::ApproveShifts, "approve_shifts"),
        (Action::Notify, "notify"),
    ];
    let roles: Vec<String> = sqlx::query_scalar(
        "select unnest(regexp_matches(pg_get_constraintdef(oid), '''(\\w+)''', 'g'))
           from pg_constraint where conname = 'staff_role_check'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(roles, ["guide", "desk", "manager", "notifier"]);
    for name in &roles {
        let role = Role::parse(name).unwrap_or_else(|| panic!("{name} is not a Role"));
        for (action, word) in actions {
            let server: bool = sqlx::query_scalar("select td_role_may($1, $2)")
                .bind(name)
                .bind(word)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            assert_eq!(role.may(action), server, "{name} {word}");
        }
    }
}

/// The worker's own identity: a notifier's PIN delivers (with tickets) on an
/// application role, and may do nothing else — no sale, no booking read.
#[tokio::test]
async fn a_notifiers_pin_runs_the_worker_and_can_neither_sell_nor_read_bookings() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    core.upsert_staff("Рассылка", Role::Notifier, "444444").await.unwrap();
    let sink = SmtpSink::start("", 0);
    let data = TempDir::new();
    let key = data.0.join("ticket.key");
    let key_arg = key.display().to_string();
    let mut keys = Command::new(env!("CARGO_BIN_EXE_tourdesk"));
    keys.args(["keys", "new", "--key-file", &key_arg, "--json"])
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &data.0);
    run_json(keys);
    let numbers = bookings(&core, dep, 1, "nina").await;

    let mut cmd = worker(&db, &data, &sink, &["--once", "--key-file", &key_arg]);
    cmd.env("DATABASE_URL", db.app_url().await)
        .env("TOURDESK_PIN", "444444");
    let v = run_json(cmd);
    assert_eq!((v["sent"].as_i64(), v["dead"].as_i64()), (Some(1), Some(0)), "{v}");
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert!(
        got[0].attachments.iter().any(|f| f.content_type == "image/png"),
        "the notifier signed the tickets: {:?}",
        got[0].attachments
    );
    let audited: String = sqlx::query_scalar(
        "select st.role from audit_log a join staff st on st.id = a.staff_id
          where a.action = 'notify.sent' order by a.id desc limit 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(audited, "notifier");

    let notifier = tourdesk::booking::Core::login(
        db.pool.clone(),
        "worker-1",
        tourdesk::booking::Source::Cli,
        "444444",
        None,
    )
    .await
    .unwrap();
    assert_eq!(notifier.actor().role, Role::Notifier);
    notifier.notify_status(5, 5).await.expect("its own queue");
    let forbidden = |e: tourdesk::booking::BookingError| {
        assert_eq!(e.code(), tourdesk::domain::ErrorCode::Forbidden, "{e}");
    };
    forbidden(notifier.booking(&numbers[0]).await.unwrap_err());
    forbidden(notifier.book(&common::request(dep, 1, 0, "Eve")).await.unwrap_err());
    // the server refuses on its own too (the client's check is a courtesy)
    let app = db.app_pool(2).await;
    let token = common::api_token(&app, "444444").await;
    let booking_id: i64 = sqlx::query_scalar("select id from bookings where booking_number = $1")
        .bind(&numbers[0])
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let refused = [
        sqlx::query("select * from api.booking($1, $2)")
            .bind(&token)
            .bind(booking_id)
            .execute(&app)
            .await,
        sqlx::query("select * from api.find($1, $2, 5)")
            .bind(&token)
            .bind(&numbers[0])
            .execute(&app)
            .await,
        sqlx::query("select * from api.manifest($1, $2)")
            .bind(&token)
            .bind(dep.0)
            .execute(&app)
            .await,
    ];
    for r in refused {
        let e = r.unwrap_err();
        assert!(e.to_string().contains("FORBIDDEN"), "{e}");
    }
}
