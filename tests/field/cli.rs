//! `tourdesk checkin` and `tourdesk field` as a guide uses them: the database
//! goes away mid-session, scans go on offline, and come back by themselves.

use super::*;
use common::proxy::Proxy;
use serde_json::Value;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// The guide the store is sealed for (`field prepare --also`), and their PIN.
const GUIDE: &str = "Cli Guide";
const PIN: &str = "73920518";

fn tourdesk(dir: &TempDir, url: &str) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"));
    c.env("DATABASE_URL", url)
        .env("TOURDESK_DATA_DIR", &dir.0)
        .env("TOURDESK_FIELD_STORE", dir.store())
        // the owner connects without a PIN; the sealed store opens with the guide's
        .env("TOURDESK_PIN", PIN)
        .env("TOURDESK_ALSO_PINS", PIN);
    c
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkin_answers_offline_when_the_database_is_unreachable_and_field_sync_sends_it() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff(GUIDE, Role::Guide, PIN).await.unwrap();
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 2, "Vera Offline").await;
    let dir = TempDir::new();
    let prepared = tourdesk(&dir, &db.url)
        .args([
            "field",
            "prepare",
            "--json",
            "--also",
            GUIDE,
            "--departure",
            &dep.to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        prepared.status.success(),
        "{}",
        String::from_utf8_lossy(&prepared.stderr)
    );
    assert_eq!(json_of(&prepared)["participants"], 2);

    // nothing listens on port 1: the database is "gone"
    let gone = "postgres://postgres@127.0.0.1:1/nowhere";
    let out = tourdesk(&dir, gone)
        .args(["checkin", "--json", "--departure", &dep.to_string(), &tickets[1].code])
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["verdict"], "admitted");
    assert_eq!(v["offline"], true);
    assert_eq!(v["pending"], 1);
    let text = tourdesk(&dir, gone)
        .args(["checkin", "--departure", &dep.to_string(), &tickets[1].code])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(
        text.contains("ALREADY CHECKED IN") && text.contains("OFFLINE"),
        "{text}"
    );

    let status = json_of(
        &tourdesk(&dir, gone)
            .args(["field", "status", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(status["online"], false);
    assert_eq!(status["pending"], 2);

    let synced = tourdesk(&dir, &db.url)
        .args(["field", "sync", "--json"])
        .output()
        .unwrap();
    let r = json_of(&synced);
    assert_eq!(r["applied"], 2, "{r}");
    assert_eq!(accepted(&db, dep).await, 1);
    let status = json_of(
        &tourdesk(&dir, &db.url)
            .args(["field", "status", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        (status["online"].clone(), status["pending"].clone()),
        (Value::from(true), Value::from(0))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scanner_loop_keeps_checking_in_when_the_database_disappears_and_syncs_when_it_returns() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff(GUIDE, Role::Guide, PIN).await.unwrap();
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 4, "Scanner Family").await;
    let dir = TempDir::new();
    let prepared = tourdesk(&dir, &db.url)
        .args(["field", "prepare", "--also", GUIDE, "--departure", &dep.to_string()])
        .output()
        .unwrap();
    assert!(prepared.status.success());

    let proxy = Proxy::start(&db.url).await;
    let mut child = tokio::process::Command::from(tourdesk(&dir, &proxy.url(&db.url)))
        .args(["checkin", "-", "--json", "--departure", &dep.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut scan = async |code: &str| -> Value {
        stdin.write_all(format!("{code}\n").as_bytes()).await.unwrap();
        let line = tokio::time::timeout(std::time::Duration::from_secs(20), lines.next_line())
            .await
            .expect("a verdict in time")
            .unwrap()
            .expect("a line");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    };

    let v = scan(&tickets[1].code).await;
    assert_eq!(
        (v["verdict"].as_str(), v.get("offline")),
        (Some("admitted"), None),
        "online: {v}"
    );
    proxy.cut();
    let started = std::time::Instant::now();
    let v = scan(&tickets[2].code).await;
    assert_eq!(
        (v["verdict"].as_str(), &v["offline"]),
        (Some("admitted"), &Value::from(true)),
        "{v}"
    );
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "the guide does not wait: {:?}",
        started.elapsed()
    );
    let v = scan(&tickets[3].code).await;
    assert_eq!(v["offline"], true);
    assert_eq!(v["pending"], 2);
    // an offline scan of someone already in, online before the cut
    let v = scan(&tickets[1].code).await;
    assert_eq!(
        v["verdict"], "already_checked_in",
        "the laptop remembers online check-ins: {v}"
    );
    assert_eq!(accepted(&db, dep).await, 1);

    proxy.mend();
    tokio::time::sleep(tourdesk::field::RETRY_AFTER).await;
    let v = scan(&tickets[4].code).await;
    assert_eq!(v["verdict"], "admitted");
    assert!(v.get("offline").is_none(), "online again: {v}");
    assert_eq!(accepted(&db, dep).await, 4, "the offline scans were synced first");
    drop(stdin);
    let status = child.wait().await.unwrap();
    assert_eq!(status.code(), Some(1), "one scan was refused (already in)");
    let status = json_of(
        &tourdesk(&dir, &db.url)
            .args(["field", "status", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(status["pending"], 0);
}
