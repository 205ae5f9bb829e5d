//! Hold expiry with and without the sweeper, and the sweeper itself.

use super::*;

#[tokio::test]
async fn an_expired_hold_frees_its_seats_without_the_sweeper() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 3).await;
    let hold = core.hold(dep, party(3, 0), Some(5)).await.unwrap();
    assert_eq!(code(core.book(&request(dep, 1, 0, "Too early")).await), "SOLD_OUT");
    assert_eq!(core.availability(dep).await.unwrap().free, 0);

    db.expire_holds(dep).await;
    let a = core.availability(dep).await.unwrap();
    assert_eq!((a.held, a.free), (0, 3), "availability counts only live holds");

    // no sweep: the next sale reclaims the dead hold under the lock
    let b = core.book(&request(dep, 3, 0, "Next customer")).await.unwrap();
    assert_eq!(b.status, BookingStatus::Confirmed);
    assert_eq!(db.counters(dep).await, (3, 3, 0));
    assert_eq!(hold_status(&db.pool, hold.hold_id).await, "expired");
    let expired = one_audit(&db.pool, "holds.expired", &core).await;
    assert_eq!(expired.details["seats"], 3);
    assert_eq!(expired.departure_id, Some(dep.0));

    // the dead hold cannot be booked, extended or released back
    let mut from_hold = request(dep, 3, 0, "Original customer");
    from_hold.hold = Some(hold.hold_id);
    assert_eq!(code(core.book(&from_hold).await), "HOLD_EXPIRED");
    assert_eq!(code(core.extend_hold(hold.hold_id, None).await), "HOLD_EXPIRED");
    assert_eq!(core.release_hold(hold.hold_id).await.unwrap(), HoldStatus::Expired);
    assert_eq!(db.counters(dep).await, (3, 3, 0));
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn booking_from_a_hold_that_just_expired_is_refused() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 5).await;
    let hold = core.hold(dep, party(2, 0), None).await.unwrap();
    db.expire_holds(dep).await;
    let mut req = request(dep, 2, 0, "Slow clerk");
    req.hold = Some(hold.hold_id);
    match core.book(&req).await {
        Err(BookingError::HoldExpired { hold: h }) => assert_eq!(h, hold.hold_id.0),
        other => panic!("expected HOLD_EXPIRED, got {other:?}"),
    }
    // nothing of the refused booking remains
    assert_eq!(
        scalar_i64(&db.pool, "select count(*) from bookings where departure_id = $1", dep.0).await,
        0
    );
    assert_eq!(db.counters(dep).await, (5, 0, 2), "not yet reclaimed, but dead");
    assert_eq!(core.availability(dep).await.unwrap().free, 5);
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn sweep_expires_dead_holds_once_even_when_run_concurrently() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let mut deps = Vec::new();
    let mut live = Vec::new();
    for i in 0..6 {
        let dep = db.departure(&core, 24 + i, 10).await;
        core.hold(dep, party(2, 0), None).await.unwrap();
        core.hold(dep, party(1, 1), None).await.unwrap();
        deps.push(dep);
    }
    for dep in &deps {
        db.expire_holds(*dep).await;
        // a live hold made after the expiry stays
        live.push(core.hold(*dep, party(1, 0), None).await.unwrap());
    }

    let sweeper = db.core_as(Role::Desk, "Night clerk", "kiosk-night").await;
    let sweeps: Vec<_> = (0..6)
        .map(|_| {
            let c = sweeper.clone();
            tokio::spawn(async move { c.sweep().await })
        })
        .collect();
    let mut expired = 0;
    for s in sweeps {
        expired += s.await.unwrap().unwrap().expired_seats;
    }
    assert_eq!(expired, 6 * 4, "every dead seat reclaimed exactly once");
    for (dep, hold) in deps.iter().zip(&live) {
        assert_eq!(db.counters(*dep).await, (10, 0, 1));
        assert_eq!(hold_status(&db.pool, hold.hold_id).await, "active");
        db.assert_consistent(*dep).await;
    }
    let again = core.sweep().await.unwrap();
    assert_eq!((again.departures, again.expired_seats, again.offers), (0, 0, 0));
    let rows = audit(&db.pool, "holds.expired").await;
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows.iter().map(|r| r.details["seats"].as_i64().unwrap()).sum::<i64>(),
        24
    );
    for row in &rows {
        assert_eq!(
            row.device_id,
            Some(sweeper.actor().device.0),
            "audited as the sweeping kiosk"
        );
        assert_eq!(row.staff_id, sweeper.actor().staff.map(|s| s.0));
    }
}

#[tokio::test]
async fn sweep_offers_free_seats_to_a_waiting_party() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 4).await;
    core.hold(dep, party(4, 0), None).await.unwrap();
    let (w, _) = core
        .waitlist_join(dep, party(2, 0), "Patient", "+7999", "")
        .await
        .unwrap();
    db.expire_holds(dep).await;
    let report = core.sweep().await.unwrap();
    assert_eq!((report.departures, report.expired_seats, report.offers), (1, 4, 1));
    assert_eq!(entry_status(&db.pool, w).await, "offered");
    assert_eq!(db.counters(dep).await, (4, 0, 2));
    db.assert_consistent(dep).await;
}

/// Regression: booking from a hold checked the hold's expiry, then made room
/// under the lock — which reclaims expired holds, the caller's own included. A
/// hold expiring in between was given back twice (reclaimed, then "converted"),
/// so `held` stopped counting another live hold and the departure was oversold.
/// The window is microseconds in production; a delay injected in front of
/// td_make_room in this test's own database makes it wide and certain.
#[tokio::test]
async fn a_hold_expiring_while_its_booking_makes_room_is_not_given_back_twice() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 5).await;
    core.book(&request(dep, 1, 0, "Warms the price cache")).await.unwrap();
    let mine = core.hold(dep, party(2, 0), None).await.unwrap();
    let other = core.hold(dep, party(2, 0), None).await.unwrap();
    sqlx::raw_sql(
        "alter function td_make_room(bigint, int, int, interval, bigint, bigint) rename to td_make_room_undelayed;
         create function td_make_room(p_departure bigint, p_seats int, p_returning int, p_offer_ttl interval,
                                      p_staff bigint, p_device bigint) returns void
         language plpgsql as $$
         begin
             perform pg_sleep(2);
             perform td_make_room_undelayed(p_departure, p_seats, p_returning, p_offer_ttl, p_staff, p_device);
         end $$;",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("update holds set expires_at = clock_timestamp() + interval '1 second' where id = $1")
        .bind(mine.hold_id.0)
        .execute(&db.pool)
        .await
        .unwrap();
    // 3 seats from a 2-seat hold on a full departure: the slow path, with room to make
    let mut req = request(dep, 3, 0, "Just too late");
    req.hold = Some(mine.hold_id);
    assert_eq!(code(core.book(&req).await), "HOLD_EXPIRED");
    assert_eq!(hold_status(&db.pool, other.hold_id).await, "active");
    let (capacity, booked, held, live) = db.assert_consistent(dep).await;
    assert_eq!((capacity, booked, held, live), (5, 1, 4, 2));
}
