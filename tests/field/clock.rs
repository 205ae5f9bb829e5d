//! A laptop whose clock is wrong (issue 11, "Clocks"): prepare measures it
//! against the server's and refuses beyond 5 minutes; offline verdicts use
//! the server's time kept by the boot clock, whatever the wall clock is set
//! to since; "today" is the server's; a sync flags impossible times.
//! The laptop's wall clock is injected (`TestClock`), and through the binary
//! with TOURDESK_TEST_CLOCK_OFFSET.

use super::*;
use chrono::{Duration, Utc};
use std::sync::Arc;
use tourdesk::booking::{CheckInRequest, Verdict};
use tourdesk::domain::ErrorCode;
use tourdesk::field::{FieldError, OfflineSale, TestClock, TimeSource, sync, todays_departures};

/// A laptop whose wall clock is `offset` off (ahead when positive).
async fn laptop_off_by(db: &TestDb, device: &str, offset: Duration) -> (Laptop, TestClock) {
    let clock = TestClock::off_by(offset);
    let dir = TempDir::new();
    let store = FieldStore::open_with_clock(&dir.store(), device, Arc::new(clock.clone()))
        .await
        .expect("open store");
    (Laptop::with_store(db, device, store, dir).await, clock)
}

fn close(a: chrono::DateTime<Utc>, b: chrono::DateTime<Utc>) -> bool {
    (a - b).abs() < Duration::seconds(20)
}

#[tokio::test]
async fn prepare_refuses_a_laptop_a_day_or_five_hours_off_with_clock_skew() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 2, 10).await;
    for (offset, says) in [
        (Duration::days(1), "1 day 0 h 0 min ahead of the server's"),
        (Duration::days(-1), "1 day 0 h 0 min behind the server's"),
        (Duration::hours(5), "5 h 0 min ahead of the server's"),
        (Duration::hours(-5), "5 h 0 min behind the server's"),
        (Duration::minutes(-6), "6 min 0 s behind the server's"),
    ] {
        let (mut laptop, _) = laptop_off_by(&db, &format!("skewed {offset}"), offset).await;
        let holders = laptop.holders().await;
        let e = prepare(&mut laptop.store, &laptop.core, &[dep], Some(2), &holders)
            .await
            .expect_err("a wrong clock is refused");
        assert_eq!(e.code(), ErrorCode::ClockSkew, "{e}");
        let text = e.to_string();
        assert!(text.contains(says), "{text}");
        assert!(
            text.contains("timedatectl set-ntp true") && text.contains("prepare again"),
            "{text}"
        );
        assert!(matches!(e, FieldError::ClockSkew { skew_ms, .. } if (skew_ms > 0) == (offset > Duration::zero())));
        // nothing was taken along, no seats leased
        assert!(laptop.store.prepared_at().is_none());
        assert!(laptop.store.departures().is_empty());
    }
    assert_eq!(db.counters(dep).await, (10, 0, 0), "no allotment was leased");
}

#[tokio::test]
async fn a_laptop_three_minutes_fast_prepares_and_keeps_the_servers_time_when_its_clock_is_set() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = db.departure(&manager, 1, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 3, "Anna Clock").await;
    let (mut laptop, clock) = laptop_off_by(&db, "fast laptop", Duration::minutes(3)).await;
    let holders = laptop.holders().await;
    let r = prepare(&mut laptop.store, &laptop.core, &[dep], None, &holders)
        .await
        .expect("3 minutes off is fine");
    assert!(
        (r.clock.skew() - Duration::minutes(3)).abs() < Duration::seconds(5),
        "{:?}",
        r.clock
    );

    // offline, the entry carries the server's time, not the laptop's (3 min ahead)
    let first = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(first.verdict.name(), "admitted", "{:?}", first.verdict);
    assert!(close(first.occurred_at, Utc::now()), "{}", first.occurred_at);
    assert!(first.occurred_at < Utc::now() + Duration::minutes(1));

    // someone sets the laptop a day ahead: today's ticket is still today's
    clock.set_offset(Duration::days(1));
    let ahead = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[2].code, Some(dep)), None)
        .await
        .unwrap();
    assert!(
        matches!(ahead.verdict, Verdict::Admitted { .. }),
        "a valid ticket for today is admitted, not 'not today': {:?}",
        ahead.verdict
    );
    assert!(close(ahead.occurred_at, Utc::now()), "{}", ahead.occurred_at);
    let status = laptop.store.status(false).await.unwrap();
    let w = status.clock_warning.expect("the jump is recorded");
    assert!(
        (w.jump_ms - Duration::minutes(1440 - 3).num_milliseconds()).abs() < 20_000,
        "{w:?}"
    );
    assert_eq!(status.now.source, TimeSource::BootClock);
    // and five hours behind
    clock.set_offset(Duration::hours(-5));
    let behind = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[3].code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(behind.verdict.name(), "admitted", "{:?}", behind.verdict);
    assert!(close(behind.occurred_at, Utc::now()));
    let w = laptop.store.status(false).await.unwrap().clock_warning.unwrap();
    assert!(w.jump_ms < -Duration::hours(5).num_milliseconds() + 20_000, "{w:?}");

    // the server takes the three with their corrected times, and flags none
    let report = sync(&mut laptop.store, &laptop.core, |_| {}).await.unwrap();
    assert_eq!(report.applied, 3, "{report:?}");
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(accepted(&db, dep).await, 3);
    let times: Vec<chrono::DateTime<Utc>> =
        sqlx::query_scalar("select occurred_at from check_ins where departure_id = $1")
            .bind(dep.0)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert!(times.iter().all(|t| close(*t, Utc::now())), "{times:?}");
}

#[tokio::test]
async fn after_a_reboot_the_laptop_falls_back_to_its_corrected_wall_clock_never_before_the_last_entry() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = db.departure(&manager, 1, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 2, "Boris Reboot").await;
    let (mut laptop, clock) = laptop_off_by(&db, "rebooted laptop", Duration::minutes(-2)).await;
    laptop.prepare(&[dep], None).await;
    let first = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    // rebooted with the clock two hours back: the boot clock of before is gone
    clock.reboot();
    clock.set_offset(Duration::hours(-2));
    let now = laptop.store.now();
    assert_eq!(now.source, TimeSource::LastEntry);
    assert_eq!(now.at, first.occurred_at);
    let second = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[2].code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(second.verdict.name(), "admitted", "{:?}", second.verdict);
    assert!(second.occurred_at >= first.occurred_at);
    assert!(laptop.store.status(false).await.unwrap().clock_warning.is_some());
    // the same clock, re-opened after the reboot without a jump: the offset measured at prepare corrects it
    clock.set_offset(Duration::minutes(-2));
    let path = laptop.store.path().to_path_buf();
    drop(laptop.store);
    let store = FieldStore::open_with_clock(&path, "rebooted laptop", Arc::new(clock.clone()))
        .await
        .unwrap();
    let now = store.now();
    assert_eq!(now.source, TimeSource::CorrectedWall);
    assert!(close(now.at, Utc::now()), "{now:?}");
}

#[tokio::test]
async fn prepare_with_no_departure_named_takes_the_servers_today() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let soon = db.departure(&manager, 1, 10).await;
    let tomorrow = db.departure(&manager, 25, 10).await;
    let server_now: chrono::DateTime<Utc> = sqlx::query_scalar("select now()").fetch_one(&db.pool).await.unwrap();
    let tz = chrono_tz::Asia::Kamchatka;
    let today = server_now.with_timezone(&tz).date_naive();
    let mut expected = Vec::new();
    for (id, hours) in [(soon, 1), (tomorrow, 25)] {
        if (server_now + Duration::hours(hours)).with_timezone(&tz).date_naive() == today {
            expected.push(id);
        }
    }
    assert!(!expected.contains(&tomorrow));
    assert_eq!(todays_departures(&manager, server_now).await.unwrap(), expected);
    // a laptop 4 minutes behind (allowed) asks for "today": the server's
    let (mut laptop, _) = laptop_off_by(&db, "today laptop", Duration::minutes(-4)).await;
    let holders = laptop.holders().await;
    match prepare(&mut laptop.store, &laptop.core, &[], None, &holders).await {
        Ok(r) => assert_eq!(r.departures, expected),
        // within the last hour of the server's day nothing is left today
        Err(e) => assert!(expected.is_empty() && e.code() == ErrorCode::InvalidInput, "{e}"),
    }
}

#[tokio::test]
async fn sync_flags_entries_whose_time_is_impossible_as_clock_conflicts() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = db.departure(&manager, 1, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 3, "Clara Times").await;
    let (mut laptop, _) = laptop_off_by(&db, "laptop with --at", Duration::zero()).await;
    laptop.prepare(&[dep], Some(4)).await;
    let prepared = laptop.store.prepared_at().unwrap();

    // a check-in stamped a day ahead (an explicit time: the laptop trusts it, the server does not)
    let mut future = CheckInRequest::scan(&tickets[1].code, Some(dep));
    future.at = Some(Utc::now() + Duration::days(1));
    laptop.store.check_in(&future, None).await.unwrap();
    // one stamped before the laptop was prepared
    let mut early = CheckInRequest::scan(&tickets[2].code, Some(dep));
    early.at = Some(prepared - Duration::hours(2));
    laptop.store.check_in(&early, None).await.unwrap();
    // a walk-in sold "a day ago", before the allotment existed
    let mut sale = OfflineSale::new(dep, common::party(1, 0), "Yesterday Walker");
    sale.occurred_at = Some(Utc::now() - Duration::days(1));
    laptop.store.sell(&sale, None).await.unwrap();
    // and one honest scan
    let honest = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[3].code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(honest.verdict.name(), "admitted");

    let report = sync(&mut laptop.store, &laptop.core, |_| {}).await.unwrap();
    let clock: Vec<&ClockConflict> = (report.conflicts.iter())
        .filter_map(|c| match &c.details {
            ConflictDetails::Clock(d) => Some(d.as_ref()),
            _ => None,
        })
        .collect();
    let problems: Vec<ClockProblem> = clock.iter().map(|c| c.problem).collect();
    assert_eq!(
        problems,
        [
            ClockProblem::InTheFuture,
            ClockProblem::BeforePrepare,
            ClockProblem::BeforePrepare
        ],
        "{clock:?}"
    );
    assert_eq!(clock[0].entry_event_id, future.event_id);
    assert_eq!(clock[0].entry_kind, EntryKind::CheckIn);
    assert_eq!(clock[2].entry_kind, EntryKind::Sale);
    assert!(clock[0].off_by_seconds > 0, "in the future: {:?}", clock[0]);
    assert!(
        (report.conflicts.iter())
            .filter(|c| c.kind() == Some(ConflictKind::Clock))
            .all(|c| c.device == "laptop with --at")
    );
    // still applied or refused as without the flag: the sale is booked, the honest scan admitted
    let sold: i64 = sqlx::query_scalar("select count(*) from bookings where contact_name = 'Yesterday Walker'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(sold, 1);
    // on the server, for the desk; on the laptop, for `field conflicts` offline
    let server = manager.field_conflicts(false).await.unwrap();
    assert_eq!(
        server.iter().filter(|c| c.kind() == Some(ConflictKind::Clock)).count(),
        3
    );
    let local = laptop.store.conflicts().await.unwrap();
    assert_eq!(local.iter().filter(|c| c.clock.is_some()).count(), 3);

    // long after the departure: a departure that left 30 hours ago, scanned now
    let late = db.departure(&manager, 3, 10).await;
    let (_, late_tickets) = booked(&manager, &key, late, 1, "Lena Late").await;
    laptop.prepare(&[late], None).await;
    sqlx::query("update departures set starts_at = now() - interval '30 hours' where id = $1")
        .bind(late.0)
        .execute(&db.pool)
        .await
        .unwrap();
    let mut scan = CheckInRequest::scan(&late_tickets[0].code, Some(late));
    scan.at = Some(Utc::now());
    laptop.store.check_in(&scan, None).await.unwrap();
    let report = sync(&mut laptop.store, &laptop.core, |_| {}).await.unwrap();
    let flagged: Vec<_> = report
        .conflicts
        .iter()
        .filter(|c| c.kind() == Some(ConflictKind::Clock))
        .collect();
    assert_eq!(flagged.len(), 1, "{:?}", report.conflicts);
    let ConflictDetails::Clock(d) = &flagged[0].details else {
        panic!("{flagged:?}")
    };
    assert_eq!(
        (d.problem, d.entry_kind),
        (ClockProblem::AfterDeparture, EntryKind::CheckIn)
    );
}

/// `tourdesk` with the laptop's wall clock shifted by `offset`.
fn tourdesk_off_by(dir: &TempDir, url: &str, offset: &str) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_tourdesk"));
    c.env("DATABASE_URL", url)
        .env("TOURDESK_DATA_DIR", &dir.0)
        .env("TOURDESK_FIELD_STORE", dir.store())
        .env(tourdesk::field::TEST_OFFSET_VAR, offset)
        // the store is sealed for this guide (made by the test)
        .env("TOURDESK_PIN", BINARY_PIN)
        .env("TOURDESK_ALSO_PINS", BINARY_PIN);
    c
}

const BINARY_GUIDE: &str = "Binary Guide";
const BINARY_PIN: &str = "64028173";

fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_refuses_a_skewed_laptop_and_admits_on_the_servers_time() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = db.departure(&manager, 1, 10).await;
    manager
        .upsert_staff(BINARY_GUIDE, Role::Guide, BINARY_PIN)
        .await
        .unwrap();
    let (_, tickets) = booked(&manager, &key, dep, 2, "Dina Binary").await;
    let dir = TempDir::new();
    for offset in ["+1d", "-5h"] {
        let out = tourdesk_off_by(&dir, &db.url, offset)
            .args([
                "field",
                "prepare",
                "--json",
                "--also",
                BINARY_GUIDE,
                "--departure",
                &dep.to_string(),
            ])
            .output()
            .unwrap();
        let v = json_of(&out);
        assert_eq!(out.status.code(), Some(1), "{v}");
        assert_eq!(v["error"]["code"], "CLOCK_SKEW", "{v}");
        let says = if offset == "+1d" {
            "1 day 0 h 0 min ahead of the server's"
        } else {
            "5 h 0 min behind the server's"
        };
        assert!(v["error"]["message"].as_str().unwrap().contains(says), "{v}");
    }
    // 3 minutes fast: prepared, "today" being the server's
    let out = tourdesk_off_by(&dir, &db.url, "+3m")
        .args(["field", "prepare", "--json", "--also", BINARY_GUIDE])
        .output()
        .unwrap();
    let v = json_of(&out);
    let server_now: chrono::DateTime<Utc> = sqlx::query_scalar("select now()").fetch_one(&db.pool).await.unwrap();
    let tz = chrono_tz::Asia::Kamchatka;
    if (server_now + Duration::minutes(55)).with_timezone(&tz).date_naive()
        != server_now.with_timezone(&tz).date_naive()
    {
        eprintln!("the departure is tomorrow on the server: nothing to prepare today");
        return;
    }
    assert!(out.status.success(), "{v}");
    assert_eq!(v["departures"], serde_json::json!([dep.0]), "{v}");
    assert!((v["clock"]["skew_ms"].as_i64().unwrap() - 180_000).abs() < 5_000, "{v}");
    // offline, then the laptop's clock set a day ahead: still today's ticket, on the server's time
    let gone = "postgres://postgres@127.0.0.1:1/nowhere";
    let out = tourdesk_off_by(&dir, gone, "+1d")
        .args(["checkin", "--json", "--departure", &dep.to_string(), &tickets[1].code])
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(v["verdict"], "admitted", "{v}");
    assert_eq!(v["offline"], true, "{v}");
    let at: chrono::DateTime<Utc> = v["occurred_at"].as_str().unwrap().parse().unwrap();
    assert!(close(at, Utc::now()), "{v}");
    let status = tourdesk_off_by(&dir, gone, "+1d")
        .args(["field", "status"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("WARNING: the laptop's clock was set forward by 23 h 57 min"),
        "{text}"
    );
}
