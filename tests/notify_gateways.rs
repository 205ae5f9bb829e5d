//! SMS and Telegram through HTTP gateways: `tourdesk notify run` (the real
//! binary) against a local server speaking SMS.ru's and Telegram's
//! documented formats (tests/notify/gateways.rs) — each message once with
//! its outbox id as the Idempotency-Key, a busy gateway (503) retried then
//! sent, a refusal (Telegram 400, SMS.ru 207) dead at once with the
//! gateway's words in `notify status`, a channel without a gateway left
//! pending with the reason, and a worker SIGKILLed mid-batch. And the
//! Telegram deep link: a confirmation carries it, the customer's `/start`
//! links the chat once (however many workers see the update), later
//! changes go to the chat, an unknown token links nothing.

mod common;
#[path = "notify/gateways.rs"]
mod gateways;
#[path = "notify/worker.rs"]
mod worker_cmd;

use common::{TempDir, TestDb};
use gateways::{Gateways, TOKEN};
use serde_json::Value;
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;
use tourdesk::booking::{Core, OutboxStatus};
use tourdesk::domain::DepartureId;
use tourdesk::domain::refund::CancelReason;
use worker_cmd::run_json;

/// The bot's username the deep links name.
const BOT: &str = "tourdesk_test_bot";

/// The worker binary with both HTTP gateways at `gw` and no SMTP server.
fn worker(db: &TestDb, data: &TempDir, gw: &Gateways, args: &[&str]) -> Command {
    let mut cmd = worker_cmd::worker(db, data, args);
    cmd.env("TOURDESK_SMS_URL", gw.url())
        .env("TOURDESK_SMS_TOKEN", TOKEN)
        .env("TOURDESK_TELEGRAM_URL", gw.url())
        .env("TOURDESK_TELEGRAM_TOKEN", TOKEN);
    for var in [
        "TOURDESK_SMTP_URL",
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

/// A worker that also names the bot (TOURDESK_TELEGRAM_BOT), run once.
fn run_with_bot(db: &TestDb, data: &TempDir, gw: &Gateways) -> Value {
    let mut cmd = worker(db, data, gw, &["--once"]);
    cmd.env("TOURDESK_TELEGRAM_BOT", BOT);
    run_json(cmd)
}

async fn scalar(db: &TestDb, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&db.pool).await.unwrap()
}

/// The start token of booking `number` from the deep link in its SMS.
fn token_in(gw: &Gateways, number: &str) -> String {
    let link = format!("https://t.me/{BOT}?start=");
    let sms = gw
        .delivered()
        .into_iter()
        .find(|r| r.gateway == "sms" && r.text.contains(number))
        .expect("the confirmation by SMS");
    let after = sms
        .text
        .split(&link)
        .nth(1)
        .unwrap_or_else(|| panic!("no link in {}", sms.text));
    after.split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn a_customer_who_starts_the_bot_from_the_confirmation_gets_later_changes_in_telegram() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let gw = Gateways::start(&[]);
    let number = booking(&core, dep, "+7 999 000 00 05", "").await;
    let data = TempDir::new();

    run_with_bot(&db, &data, &gw);
    let token = token_in(&gw, &number);
    let stored: String = sqlx::query_scalar("select telegram_token from bookings where booking_number = $1")
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(token, stored, "the booking's own random token");
    assert!(token.len() >= 20 && !token.contains(&number), "{token}");

    gw.send_to_bot(700, 5001, &format!("/start {token}"), "ru");
    let v = run_with_bot(&db, &data, &gw);
    assert_eq!(v["sent"], 1, "the reply, in the same run: {v}");
    let chat: String = sqlx::query_scalar("select telegram_chat from bookings where booking_number = $1")
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(chat, "5001");
    let replies: Vec<_> = gw.delivered().into_iter().filter(|r| r.gateway == "telegram").collect();
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0].recipient, "5001");
    // the booking has no language of its own: the sender's Telegram one
    assert!(
        replies[0].text.contains(&number) && replies[0].text.contains("Здравствуйте"),
        "{}",
        replies[0].text
    );
    let audited = scalar(
        &db,
        "select count(*) from audit_log where action = 'booking.telegram_linked'",
    )
    .await;
    assert_eq!(audited, 1);
    // the offset moved past the update: the next poll asks from 701
    assert_eq!(gw.polls().last().map(|p| p.0), Some(701), "{:?}", gw.polls());

    // a later change now goes to the chat too, and no link any more
    core.cancel(&number, CancelReason::Customer, "").await.unwrap();
    let v = run_with_bot(&db, &data, &gw);
    assert_eq!(v["sent"], 2, "SMS and Telegram: {v}");
    let to_chat: Vec<_> = gw
        .delivered()
        .into_iter()
        .filter(|r| r.gateway == "telegram" && r.recipient == "5001")
        .collect();
    assert_eq!(to_chat.len(), 2, "{to_chat:?}");
    assert!(to_chat[1].text.contains(&number), "{}", to_chat[1].text);
}

#[tokio::test]
async fn an_update_seen_twice_links_once_and_replies_once_and_a_bad_token_links_nothing() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let gw = Gateways::start(&[]);
    let number = booking(&core, dep, "+7 999 000 00 06", "").await;
    let data = TempDir::new();
    run_with_bot(&db, &data, &gw);
    let token = token_in(&gw, &number);
    gw.send_to_bot(900, 6001, &format!("/start {token}"), "en");
    gw.send_to_bot(901, 6002, "/start not-a-token-of-ours", "en");
    gw.send_to_bot(902, 6003, "hello?", "ru");

    // two workers at once: one polls (the other finds the poll held)
    let a = worker(&db, &data, &gw, &["--once"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let b = worker(&db, &data, &gw, &["--once"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    for w in [a, b] {
        assert!(w.wait_with_output().unwrap().status.success());
    }
    // a restart before the offset was stored: the poll is free again and
    // the offset is back where it was, so the same three updates come again
    sqlx::query("update telegram_poll set next_offset = 0, polled_by = null, polled_until = null")
        .execute(&db.pool)
        .await
        .unwrap();
    run_with_bot(&db, &data, &gw);
    // what each getUpdates asked and got: (offset, update ids)
    eprintln!("polls, two workers then a restart: {:?}", gw.polls());
    let polled: Vec<i64> = gw.polls().into_iter().flat_map(|(_, ids)| ids).collect();
    assert!(
        polled.iter().filter(|id| **id == 900).count() >= 2,
        "the update was read twice: {:?}",
        gw.polls()
    );

    let linked = scalar(
        &db,
        "select count(*) from audit_log where action = 'booking.telegram_linked'",
    )
    .await;
    assert_eq!(linked, 1, "linked once");
    let to = |chat: &str| -> Vec<String> {
        gw.delivered()
            .into_iter()
            .filter(|r| r.gateway == "telegram" && r.recipient == chat)
            .map(|r| r.text)
            .collect()
    };
    let replies = to("6001");
    assert_eq!(replies.len(), 1, "replied once: {replies:?}");
    assert!(replies[0].contains(&number), "{}", replies[0]);
    // the bad token and the stray text: a polite reply each, in the sender's language, nothing linked
    let bad = to("6002");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(
        bad[0].contains("Sorry, this link does not lead to a booking"),
        "{}",
        bad[0]
    );
    let stray = to("6003");
    assert_eq!(stray.len(), 1, "{stray:?}");
    assert!(stray[0].contains("Извините"), "{}", stray[0]);
    let chats = scalar(&db, "select count(*) from bookings where telegram_chat <> ''").await;
    assert_eq!(chats, 1, "only the good token linked");
    let refused = scalar(
        &db,
        "select count(*) from audit_log where action = 'telegram.not_linked'",
    )
    .await;
    assert_eq!(refused, 2);
}
