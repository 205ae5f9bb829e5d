//! Exactly once: 10,000 entries synced twice, and a sync killed half-way.

use super::*;
use sqlx::sqlite::SqlitePoolOptions;
use tourdesk::booking::CheckInRequest;
use tourdesk::domain::ParticipantId;

/// A departure with `bookings` × 10 participants, prepared on a laptop that
/// then checks everyone in offline by hand (one journal entry each).
async fn journal_of(db: &TestDb, bookings: usize, device: &str) -> (Laptop, DepartureId, usize) {
    let manager = db.manager().await;
    let dep = departure(db, &manager, (bookings * 10) as u32).await;
    for i in 0..bookings {
        manager
            .book(&common::request(dep, 10, 0, &format!("Group {i}")))
            .await
            .expect("book");
    }
    let mut laptop = Laptop::new(db, device).await;
    laptop.prepare(&[dep], None).await;
    let ids: Vec<ParticipantId> = laptop
        .store
        .manifest(dep)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.participant_id.server().expect("prepared: the server's"))
        .collect();
    for id in &ids {
        let v = laptop
            .store
            .check_in(&CheckInRequest::participant(*id, Some(dep)), None)
            .await
            .unwrap();
        assert!(v.verdict.is_admitted());
    }
    (laptop, dep, ids.len())
}

/// Forgets, in the laptop's file, that anything was synced: what a process
/// killed between the server's commit and its own bookkeeping leaves behind.
async fn forget_synced(path: &std::path::Path) {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("update journal set synced_at = null, outcome = null")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_entries_synced_twice_are_ten_thousand_check_ins() {
    let db = TestDb::new().await;
    let (mut laptop, dep, n) = journal_of(&db, 1000, "laptop-10k").await;
    assert_eq!(n, 10_000);
    assert_eq!(laptop.store.pending(), 10_000);
    let mut seen = Vec::new();
    let first = tourdesk::field::sync(&mut laptop.store, &laptop.core, |p| seen.push(p.done))
        .await
        .unwrap();
    assert_eq!(first.applied, 10_000);
    assert!(
        seen.len() > 2 && seen.windows(2).all(|w| w[0] <= w[1]),
        "progress moves: {seen:?}"
    );
    assert_eq!(accepted(&db, dep).await, 10_000);

    let path = laptop.dir.store();
    drop(laptop.store);
    forget_synced(&path).await;
    laptop.store = FieldStore::open(&path, "laptop-10k").await.unwrap();
    laptop
        .store
        .unlock(&laptop.pin)
        .await
        .unwrap()
        .expect("the guide's PIN opens it");
    assert_eq!(laptop.store.pending(), 10_000);
    let second = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(second.applied, 0);
    assert_eq!(second.already_applied, 10_000);
    assert_eq!(accepted(&db, dep).await, 10_000);
    assert_eq!(
        count(&db, "select count(*) from scan_events where departure_id = $1", dep.0).await,
        10_000
    );
    assert_eq!(
        count(&db, "select count(*) from check_ins where departure_id = $1", dep.0).await,
        10_000,
        "no duplicates either"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_half_way_and_run_again_applies_every_entry_once() {
    let db = TestDb::new().await;
    let (laptop, dep, n) = journal_of(&db, 400, "laptop-kill").await;
    let path = laptop.dir.store();
    drop(laptop.store);
    let sync = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"));
        c.args(["field", "sync", "--json", "--store"])
            .arg(&path)
            .env("DATABASE_URL", &db.url)
            .env("TOURDESK_DATA_DIR", &laptop.dir.0)
            // the journal is sealed: the PIN of whom it was prepared for opens it
            .env("TOURDESK_PIN", &laptop.pin)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        c
    };
    // kill it once the server has some of the entries but not all
    let mut child = sync().spawn().expect("start sync");
    let started = std::time::Instant::now();
    loop {
        let done = accepted(&db, dep).await;
        if done > 0 {
            break;
        }
        assert!(started.elapsed().as_secs() < 60, "the sync never started");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let partial = accepted(&db, dep).await;
    assert!(partial > 0 && partial < n as i64, "killed half-way: {partial} of {n}");

    let out = sync().output().expect("sync again");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["pending"], 0, "{report}");
    assert_eq!(accepted(&db, dep).await, n as i64);
    assert_eq!(
        count(&db, "select count(*) from scan_events where departure_id = $1", dep.0).await,
        n as i64
    );
    // what the killed run had sent but not marked is counted as applied before
    let applied = report["applied"].as_i64().unwrap() + report["already_applied"].as_i64().unwrap();
    assert!(
        applied as usize <= n && applied as i64 >= n as i64 - partial,
        "{report}"
    );
    let store = FieldStore::open(&path, "x").await.unwrap();
    assert_eq!(store.pending(), 0);
}
