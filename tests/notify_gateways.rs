//! SMS and Telegram through HTTP gateways: `tourdesk notify run` (the real
//! binary) against a local server speaking SMS.ru's and Telegram's
//! documented formats (tests/notify/gateways.rs) — each message once with
//! its outbox id as the Idempotency-Key, a busy gateway (503) retried then
//! sent, a refusal (Telegram 400, SMS.ru 207) dead at once with the
//! gateway's words in `notify status`, a channel without a gateway left
//! pending with the reason, and a worker SIGKILLed mid-batch.

mod common;
#[path = "notify/gateways.rs"]
mod gateways;

use common::{TempDir, TestDb};
use gateways::{Gateways, TOKEN};
use serde_json::Value;
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;
use tourdesk::booking::{Core, OutboxStatus};
use tourdesk::domain::DepartureId;

/// The worker binary with both HTTP gateways at `gw` and no SMTP server.
fn worker(db: &TestDb, data: &TempDir, gw: &Gateways, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tourdesk"));
    cmd.args(["notify", "run"])
        .args(args)
        .arg("--json")
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &data.0)
        .env("TOURDESK_SMS_URL", gw.url())
        .env("TOURDESK_SMS_TOKEN", TOKEN)
        .env("TOURDESK_TELEGRAM_URL", gw.url())
        .env("TOURDESK_TELEGRAM_TOKEN", TOKEN);
    for var in [
        "TOURDESK_SMTP_URL",
        "TOURDESK_PIN",
        "TOURDESK_KEY_FILE",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn run_json(mut cmd: Command) -> Value {
    let out = cmd.output().expect("run tourdesk");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// `notify status` as a person reads it, on a machine without gateways.
fn status_text(db: &TestDb, data: &TempDir) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tourdesk"))
        .args(["notify", "status"])
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &data.0)
        .env_remove("TOURDESK_SMTP_URL")
        .env_remove("TOURDESK_SMS_URL")
        .env_remove("TOURDESK_SMS_TOKEN")
        .env_remove("TOURDESK_TELEGRAM_TOKEN")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A booking whose contact is only the phone `phone` (its confirmation
/// queues one SMS), or only an e-mail address.
async fn booking(core: &Core, dep: DepartureId, phone: &str, email: &str) -> String {
    let mut r = common::request(dep, 1, 0, "Guest");
    r.contact_phone = phone.into();
    r.contact_email = email.into();
    core.book(&r).await.expect("book").booking_number
}

/// Queues a Telegram message to `chat` about booking `number`: nothing in
/// the core writes a chat id yet, so the test writes the row as the core
/// would.
async fn telegram_row(db: &TestDb, number: &str, chat: &str) -> i64 {
    sqlx::query_scalar(
        "insert into notification_outbox (booking_id, channel, recipient, kind, body)
         select id, 'telegram', $2, 'booking_confirmed', 'Booking confirmed' from bookings where booking_number = $1
         returning id",
    )
    .bind(number)
    .bind(chat)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn outbox(db: &TestDb, channel: &str, status: &str) -> Vec<(i64, String)> {
    sqlx::query_as("select id, message_id from notification_outbox where channel = $1 and status = $2 order by id")
        .bind(channel)
        .bind(status)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn sms_and_telegram_are_delivered_once_each_and_email_without_a_gateway_waits_saying_why() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let gw = Gateways::start(&[]);
    let first = booking(&core, dep, "+7 (999) 000-00-01", "").await;
    booking(&core, dep, "+7 999 000 00 02", "").await;
    booking(&core, dep, "", "anna@example.com").await;
    telegram_row(&db, &first, "1001").await;
    telegram_row(&db, &first, "@kamchatka_tours").await;
    let data = TempDir::new();

    let v = run_json(worker(&db, &data, &gw, &["--once"]));
    assert_eq!((v["sent"].as_i64(), v["dead"].as_i64()), (Some(4), Some(0)), "{v}");
    assert_eq!(v["channels"], serde_json::json!(["sms", "telegram"]), "{v}");

    let got = gw.delivered();
    let mut by_gateway: Vec<(&str, &str)> = got.iter().map(|r| (r.gateway.as_str(), r.recipient.as_str())).collect();
    by_gateway.sort();
    assert_eq!(
        by_gateway,
        [
            ("sms", "79990000001"),
            ("sms", "79990000002"),
            ("telegram", "1001"),
            ("telegram", "@kamchatka_tours"),
        ]
    );
    // the rendered confirmation, with its booking number
    let to_first = got.iter().find(|r| r.recipient == "79990000001").unwrap();
    assert!(to_first.text.contains(&first), "{}", to_first.text);
    // each request carries its row's stable message id, and every sent row was sent once
    let mut sent = outbox(&db, "sms", "sent").await;
    sent.extend(outbox(&db, "telegram", "sent").await);
    assert_eq!(sent.len(), 4);
    let keys: HashMap<&str, usize> = got.iter().fold(HashMap::new(), |mut m, r| {
        *m.entry(r.idempotency_key.as_str()).or_default() += 1;
        m
    });
    for (_, id) in &sent {
        assert_eq!(keys.get(id.as_str()), Some(&1), "{id} once: {keys:?}");
    }

    // e-mail has no gateway on this worker: it was not claimed and waits, saying why
    assert_eq!(outbox(&db, "email", "pending").await.len(), 1);
    let attempts: i32 = sqlx::query_scalar("select attempts from notification_outbox where channel = 'email'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(attempts, 0, "never claimed");
    let text = status_text(&db, &data);
    assert!(
        text.contains("email: 1 pending, no gateway configured here: a worker needs TOURDESK_SMTP_URL"),
        "{text}"
    );
    // nothing more to send: a second run claims nothing
    let v = run_json(worker(&db, &data, &gw, &["--once"]));
    assert_eq!(v["claimed"], 0, "{v}");
    assert_eq!(gw.delivered().len(), 4);
}

#[tokio::test]
async fn a_busy_gateway_is_retried_then_sent_and_a_refusal_is_dead_at_once_with_the_gateways_words() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let gw = Gateways::start(&[
        "--busy",
        "79990000001:1",
        "--busy",
        "1001:1",
        "--reject",
        "79990000002",
        "--reject",
        "1002",
    ]);
    let number = booking(&core, dep, "+79990000001", "").await;
    booking(&core, dep, "+79990000002", "").await;
    telegram_row(&db, &number, "1001").await;
    telegram_row(&db, &number, "1002").await;
    let data = TempDir::new();
    let args = ["--once", "--max-attempts", "3", "--backoff-secs", "1"];

    let v = run_json(worker(&db, &data, &gw, &args));
    assert_eq!(
        (v["sent"].as_i64(), v["retrying"].as_i64(), v["dead"].as_i64()),
        (Some(0), Some(2), Some(2)),
        "{v}"
    );
    let s = core.notify_status(20, 20).await.unwrap();
    let row = |who: &str| s.messages.iter().find(|m| m.recipient == who).unwrap().clone();
    // the refusals: dead after one attempt, the gateway's own words kept
    let (sms, tg) = (row("+79990000002"), row("1002"));
    assert_eq!(
        (sms.status, sms.attempts, tg.status, tg.attempts),
        (OutboxStatus::Dead, 1, OutboxStatus::Dead, 1)
    );
    assert!(sms.last_error.contains("SMS.ru 207"), "{}", sms.last_error);
    assert_eq!(tg.last_error, "HTTP 400: Telegram: Bad Request: chat not found");
    // the 503s: pending again after a backoff
    let busy = row("1001");
    assert_eq!((busy.status, busy.attempts), (OutboxStatus::Pending, 1));
    assert!(busy.last_error.starts_with("HTTP 503"), "{}", busy.last_error);
    assert!(busy.next_attempt_at > chrono::Utc::now(), "backed off");

    tokio::time::sleep(Duration::from_millis(1200)).await;
    let v = run_json(worker(&db, &data, &gw, &args));
    assert_eq!((v["sent"].as_i64(), v["dead"].as_i64()), (Some(2), Some(0)), "{v}");
    let s = core.notify_status(20, 20).await.unwrap();
    assert_eq!((s.pending, s.sent, s.dead), (0, 2, 2));
    let mut delivered: Vec<String> = gw.delivered().into_iter().map(|r| r.recipient).collect();
    delivered.sort();
    assert_eq!(delivered, ["1001", "79990000001"], "once each, after the 503");
    let answered: Vec<(String, u16)> = gw.requests().into_iter().map(|r| (r.recipient, r.status)).collect();
    assert_eq!(answered.iter().filter(|(_, s)| *s == 503).count(), 2, "{answered:?}");

    let text = status_text(&db, &data);
    assert!(text.contains("0 pending, 2 sent, 2 dead"), "{text}");
    assert!(
        text.contains("DEAD") && text.contains("last error: HTTP 400: Telegram: Bad Request: chat not found"),
        "{text}"
    );
    assert!(text.contains("last error: SMS.ru 207"), "{text}");
}

#[tokio::test]
async fn a_wrong_token_is_dead_and_says_so_without_showing_the_token() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let gw = Gateways::start(&[]);
    let number = booking(&core, dep, "", "").await;
    telegram_row(&db, &number, "1001").await;
    let data = TempDir::new();
    let mut cmd = worker(&db, &data, &gw, &["--once"]);
    cmd.env("TOURDESK_TELEGRAM_TOKEN", "999:wrong-secret");
    let v = run_json(cmd);
    assert_eq!(v["dead"], 1, "{v}");
    let s = core.notify_status(20, 20).await.unwrap();
    assert_eq!(s.messages[0].last_error, "HTTP 401: Telegram: Unauthorized");
    assert!(!status_text(&db, &data).contains("wrong-secret"));
}

#[tokio::test]
async fn a_worker_killed_mid_batch_leaves_every_sms_sent_and_a_resend_recognisable() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 100).await;
    // 150 ms a request: the worker is mid-batch when it is killed
    let gw = Gateways::start(&["--delay-ms", "150"]);
    for i in 0..20 {
        booking(&core, dep, &format!("+7999100{i:04}"), "").await;
    }
    let data = TempDir::new();
    let mut first = worker(&db, &data, &gw, &["--once", "--batch", "10", "--lease-secs", "10"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    gw.wait_for(3, Duration::from_secs(30));
    first.kill().expect("SIGKILL the worker");
    first.wait().unwrap();
    let before = gw.delivered().len();
    assert!((3..20).contains(&before), "killed mid-run: {before} of 20 sent");

    // the dead worker's claim holds its batch until the lease ends
    tokio::time::sleep(Duration::from_secs(11)).await;
    let v = run_json(worker(&db, &data, &gw, &["--once"]));
    let sent = outbox(&db, "sms", "sent").await;
    assert_eq!(sent.len(), 20, "{v}");
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in gw.delivered() {
        *seen.entry(r.idempotency_key).or_default() += 1;
    }
    assert!(sent.iter().all(|(_, id)| seen.contains_key(id)), "every SMS sent");
    assert_eq!(seen.len(), 20);
    // at most the one in flight went twice, under the same key
    let duplicates: usize = seen.values().map(|n| n - 1).sum();
    eprintln!("SIGKILL mid-batch: {before} sent before the kill, {duplicates} duplicate(s)");
    assert!(duplicates <= 1, "{seen:?}");
}
