//! (c) One idempotency key sent by many tasks at once.

use super::*;
use tourdesk::domain::ErrorCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_retries_of_one_key_make_one_booking() {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 10).await;
    let kiosks = kiosks(&db, 4).await;
    let req = request(dep, 2, 1, "Impatient customer");
    let start = Arc::new(Barrier::new(20));
    let tries: Vec<_> = (0..20)
        .map(|i| {
            let core = kiosks[i % kiosks.len()].clone();
            let req = req.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                core.book(&req).await
            })
        })
        .collect();
    let mut numbers = HashSet::new();
    let mut fresh = 0;
    for t in tries {
        let b = t
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("retry failed: {} {e}", e.code()));
        numbers.insert(b.booking_number.clone());
        assert_eq!(b.participants.len(), 3);
        if !b.replayed {
            fresh += 1;
        }
    }
    assert_eq!(numbers.len(), 1, "one booking number for one key: {numbers:?}");
    assert_eq!(fresh, 1, "exactly one try made the booking, the rest replayed it");
    assert_eq!(db.counters(dep).await, (10, 3, 0), "seats counted once");
    let (bookings, participants, audits): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from bookings), (select count(*) from participants),
                (select count(*) from audit_log where action = 'booking.created')",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((bookings, participants, audits), (1, 3, 1));
    db.assert_consistent(dep).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_key_sent_concurrently_with_two_different_parties_books_one_of_them() {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 10).await;
    let kiosks = kiosks(&db, 4).await;
    let key = Uuid::now_v7();
    let start = Arc::new(Barrier::new(20));
    let tries: Vec<_> = (0..20)
        .map(|i| {
            let core = kiosks[i % kiosks.len()].clone();
            let mut req = request(dep, if i % 2 == 0 { 1 } else { 2 }, 0, "Two screens");
            req.key = key;
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                (req.party.adults(), core.book(&req).await)
            })
        })
        .collect();
    let mut ok = Vec::new();
    let mut conflicts = Vec::new();
    for t in tries {
        match t.await.unwrap() {
            (adults, Ok(b)) => ok.push((adults, b.booking_number, b.replayed)),
            (adults, Err(BookingError::IdempotencyConflict { booking_number })) => {
                conflicts.push((adults, booking_number))
            }
            (_, Err(e)) => panic!("unexpected {} {e}", e.code()),
        }
    }
    assert_eq!(ok.len(), 10, "the party that won is answered for all its tries");
    assert_eq!(conflicts.len(), 10, "the other party's tries are conflicts");
    let winner = ok[0].0;
    assert!(ok.iter().all(|(a, n, _)| *a == winner && *n == ok[0].1));
    assert!(conflicts.iter().all(|(a, n)| *a != winner && *n == ok[0].1));
    assert_eq!(ok.iter().filter(|(_, _, replayed)| !replayed).count(), 1);
    assert_eq!(db.counters(dep).await, (10, winner as i32, 0));
    db.assert_consistent(dep).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retried_holds_and_waitlist_joins_count_once() {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 6).await;
    let kiosks = kiosks(&db, 4).await;

    // ten tries of one hold at once: one hold, its seats held once
    let key = Uuid::now_v7();
    let start = Arc::new(Barrier::new(10));
    let tries: Vec<_> = (0..10)
        .map(|i| {
            let core = kiosks[i % kiosks.len()].clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                core.hold_with_key(dep, party(2, 1), None, key).await
            })
        })
        .collect();
    let mut holds = HashSet::new();
    let mut fresh = 0;
    for t in tries {
        let h = t
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("hold retry: {} {e}", e.code()));
        holds.insert(h.hold_id);
        fresh += usize::from(!h.replayed);
    }
    assert_eq!((holds.len(), fresh), (1, 1));
    assert_eq!(db.counters(dep).await, (6, 0, 3));
    // the same key for another party is a different request
    let other = manager.hold_with_key(dep, party(1, 0), None, key).await;
    assert_eq!(
        other.map(|h| h.hold_id).unwrap_err().code(),
        ErrorCode::IdempotencyConflict
    );

    // fill the rest, then queue: retries of one join make one entry, even
    // after seats free up
    manager.book(&request(dep, 3, 0, "Rest")).await.unwrap();
    let key = Uuid::now_v7();
    let (entry, position) = manager
        .waitlist_join_with_key(dep, party(2, 0), "Waiting", "", "", key)
        .await
        .unwrap();
    assert_eq!(position, 1);
    let hold = holds.into_iter().next().unwrap();
    manager.release_hold(hold).await.unwrap();
    let again = manager
        .waitlist_join_with_key(dep, party(2, 0), "Waiting", "", "", key)
        .await
        .unwrap();
    assert_eq!(again, (entry, 1));
    let other = manager
        .waitlist_join_with_key(dep, party(3, 0), "Waiting", "", "", key)
        .await;
    assert_eq!(other.unwrap_err().code(), ErrorCode::IdempotencyConflict);
    let entries: i64 = sqlx::query_scalar("select count(*) from waitlist_entries")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(entries, 1);
    db.assert_consistent(dep).await;
}
