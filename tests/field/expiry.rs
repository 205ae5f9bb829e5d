//! A prepared store expires (issue 11): 24 h after its last departure
//! starts, a fully synced store's personal data goes at the next open and
//! the user is told why; one with entries the server has not seen is kept,
//! with a warning. The laptop's clock is the test clock.

use super::*;
use chrono::Duration;
use std::sync::Arc;
use tourdesk::booking::CheckInRequest;
use tourdesk::field::{EXPIRES_AFTER, Expiry, TestClock, sync};

/// The store at `laptop`'s path opened again by a laptop whose clock is `ahead`.
async fn reopen_ahead(laptop: &mut Laptop, device: &str, ahead: Duration) {
    let path = laptop.dir.store();
    let clock = TestClock::off_by(ahead);
    laptop.store = FieldStore::open_with_clock(&path, device, Arc::new(clock))
        .await
        .expect("reopen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_synced_store_is_wiped_a_day_after_its_departure_and_an_unsynced_one_only_warns() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    // departs in an hour: a day and two hours from now it is past its time
    let dep = departure(&db, &manager, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 2, "Olga Expiring").await;
    assert_eq!(EXPIRES_AFTER, Duration::hours(24));
    let late = EXPIRES_AFTER + Duration::hours(2);

    // one laptop checks in offline and never syncs: kept, with a warning
    let mut unsynced = Laptop::new(&db, "unsynced-laptop").await;
    unsynced.prepare(&[dep], None).await;
    unsynced
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    reopen_ahead(&mut unsynced, "unsynced-laptop", late).await;
    match unsynced.store.expiry() {
        Some(e @ Expiry::Overdue { pending: 1, .. }) => {
            assert!(e.describe().contains("field sync"), "{}", e.describe());
        }
        other => panic!("kept with a warning: {other:?}"),
    }
    assert!(unsynced.store.has_departure(dep));
    assert!(
        unsynced.store.unlock(&unsynced.pin).await.unwrap().is_some(),
        "still opens"
    );
    assert_eq!(unsynced.store.pending(), 1);

    // the other laptop synced everything: the same open wipes it
    let mut synced = Laptop::new(&db, "synced-laptop").await;
    synced.prepare(&[dep], None).await;
    synced
        .store
        .check_in(&CheckInRequest::scan(&tickets[2].code, Some(dep)), None)
        .await
        .unwrap();
    sync(&mut synced.store, &synced.core, |_| {}).await.unwrap();
    // a day after the prepare is not yet past its time
    reopen_ahead(&mut synced, "synced-laptop", Duration::hours(20)).await;
    assert!(synced.store.expiry().is_none());
    assert!(synced.store.has_departure(dep));
    reopen_ahead(&mut synced, "synced-laptop", late).await;
    let e = synced.store.expiry().cloned().expect("expired");
    assert!(matches!(e, Expiry::Wiped { .. }), "{e:?}");
    let said = e.describe();
    assert!(said.contains("expired") && said.contains("field prepare"), "{said}");
    assert!(!synced.store.has_departure(dep));
    assert!(synced.store.prepared_at().is_none());
    assert!(synced.store.keyholders().is_empty());
    assert!(
        synced.store.unlock(&synced.pin).await.unwrap().is_none(),
        "no wrap left for any PIN"
    );
    let status = synced.store.status(false).await.unwrap();
    assert!(status.expiry.is_some(), "status says why");
    // nothing personal, nor a wrap, left in the tables
    drop(synced.store);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", synced.dir.store().display()))
        .await
        .unwrap();
    for table in ["wraps", "bookings", "participants", "staff", "journal"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
}
