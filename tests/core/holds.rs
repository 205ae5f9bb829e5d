//! Availability, holds: TTL bounds, refusals, extending, releasing.

use super::*;

#[tokio::test]
async fn availability_counts_booked_live_holds_and_free_seats() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;

    let a = core.availability(dep).await.unwrap();
    assert_eq!((a.capacity, a.booked, a.held, a.free, a.waitlist), (10, 0, 0, 10, 0));
    assert_eq!(a.status, DepartureStatus::Scheduled);

    core.hold(dep, party(2, 1), None).await.unwrap();
    core.book(&request(dep, 3, 0, "Анна Петрова")).await.unwrap();
    let a = core.availability(dep).await.unwrap();
    assert_eq!((a.booked, a.held, a.free), (3, 3, 4));

    // the listing agrees with availability
    let listed = core
        .list_departures(Utc::now(), Utc::now() + Duration::days(3))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].id, listed[0].booked, listed[0].held, listed[0].free),
        (dep, 3, 3, 4)
    );
    assert_eq!(listed[0].tour, "Avachinsky volcano");
    // and the window is honoured
    assert!(
        core.list_departures(Utc::now() + Duration::days(3), Utc::now() + Duration::days(9))
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(code(core.availability(DepartureId(999_999)).await), "NOT_FOUND");
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn hold_ttl_is_5_to_30_minutes_and_the_hold_is_audited() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;

    for bad in [0, 4, 31, 120] {
        assert_eq!(
            code(core.hold(dep, party(1, 0), Some(bad)).await),
            "INVALID_INPUT",
            "ttl {bad}"
        );
    }
    assert_eq!(db.counters(dep).await, (10, 0, 0), "a refused hold takes no seats");

    let short = core.hold(dep, party(1, 0), Some(5)).await.unwrap();
    assert!(close_to(short.expires_at, Utc::now() + Duration::minutes(5)));
    let long = core.hold(dep, party(2, 0), Some(30)).await.unwrap();
    assert!(close_to(long.expires_at, Utc::now() + Duration::minutes(30)));
    let default = core.hold(dep, party(1, 1), None).await.unwrap();
    assert!(close_to(default.expires_at, Utc::now() + Duration::minutes(15)));
    assert_eq!(db.counters(dep).await, (10, 0, 5));

    let rows = audit(&db.pool, "hold.created").await;
    assert_eq!(rows.len(), 3);
    for (row, hold) in rows.iter().zip([&short, &long, &default]) {
        assert_eq!(row.device_id, Some(core.actor().device.0));
        assert_eq!(row.departure_id, Some(dep.0));
        assert_eq!(row.details["hold_id"], hold.hold_id.0);
    }
    assert_eq!(rows[2].details["adults"], 1);
    assert_eq!(rows[2].details["children"], 1);
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn hold_refusals_name_the_reason() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 5).await;

    core.hold(dep, party(3, 0), None).await.unwrap();
    match core.hold(dep, party(2, 1), None).await {
        Err(BookingError::SoldOut { requested, free }) => assert_eq!((requested, free), (3, 2)),
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
    // the refused hold left nothing behind
    assert_eq!(db.counters(dep).await, (5, 0, 3));
    assert_eq!(
        scalar_i64(&db.pool, "select count(*) from holds where departure_id = $1", dep.0).await,
        1
    );

    assert_eq!(
        code(core.hold(DepartureId(424_242), party(1, 0), None).await),
        "NOT_FOUND"
    );

    // the departure left an hour ago (tests may arrange with SQL)
    let started = db.departure(&core, 30, 5).await;
    sqlx::query("update departures set starts_at = now() - interval '1 hour' where id = $1")
        .bind(started.0)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(code(core.hold(started, party(1, 0), None).await), "SALES_CLOSED");
    assert_eq!(code(core.book(&request(started, 1, 0, "Late")).await), "SALES_CLOSED");
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn extend_pushes_expiry_up_to_two_hours_after_the_hold_was_made() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;
    let hold = core.hold(dep, party(2, 0), Some(10)).await.unwrap();

    let to = core.extend_hold(hold.hold_id, Some(30)).await.unwrap();
    assert!(to > hold.expires_at);
    assert!(close_to(to, Utc::now() + Duration::minutes(30)));
    let row = one_audit(&db.pool, "hold.extended", &core).await;
    assert_eq!(row.details["hold_id"], hold.hold_id.0);
    assert_eq!(
        code(core.extend_hold(hold.hold_id, Some(45)).await),
        "INVALID_INPUT",
        "the TTL bounds apply to extending too"
    );

    // made 1 h 45 min ago and about to run out: extending stops at 2 h in all
    sqlx::query(
        "update holds set created_at = now() - interval '105 minutes', expires_at = now() + interval '5 minutes'
          where id = $1",
    )
    .bind(hold.hold_id.0)
    .execute(&db.pool)
    .await
    .unwrap();
    let capped = core.extend_hold(hold.hold_id, Some(30)).await.unwrap();
    assert!(
        close_to(capped, Utc::now() + Duration::minutes(15)),
        "capped at created_at + 2 h, got {capped}"
    );
    match core.extend_hold(hold.hold_id, Some(30)).await {
        Err(BookingError::HoldLimit { hold: h, max_minutes }) => {
            assert_eq!((h, max_minutes), (hold.hold_id.0, 120));
        }
        other => panic!("expected HOLD_LIMIT, got {other:?}"),
    }
    // the refused extension changed nothing
    let expires: DateTime<Utc> = sqlx::query_scalar("select expires_at from holds where id = $1")
        .bind(hold.hold_id.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(expires, capped);

    core.release_hold(hold.hold_id).await.unwrap();
    assert_eq!(code(core.extend_hold(hold.hold_id, None).await), "HOLD_NOT_ACTIVE");
    assert_eq!(code(core.extend_hold(HoldId(987_654), None).await), "NOT_FOUND");

    let other = core.hold(dep, party(1, 0), None).await.unwrap();
    db.expire_holds(dep).await;
    assert_eq!(code(core.extend_hold(other.hold_id, None).await), "HOLD_EXPIRED");
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn release_gives_the_seats_back_once() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 4).await;
    let hold = core.hold(dep, party(2, 1), None).await.unwrap();
    assert_eq!(core.availability(dep).await.unwrap().free, 1);

    assert_eq!(core.release_hold(hold.hold_id).await.unwrap(), HoldStatus::Released);
    let a = core.availability(dep).await.unwrap();
    assert_eq!((a.held, a.free), (0, 4));
    assert_eq!(db.counters(dep).await, (4, 0, 0));
    assert_eq!(hold_status(&db.pool, hold.hold_id).await, "released");

    // twice is harmless: nothing more comes back
    assert_eq!(core.release_hold(hold.hold_id).await.unwrap(), HoldStatus::Released);
    assert_eq!(db.counters(dep).await, (4, 0, 0));
    let row = one_audit(&db.pool, "hold.released", &core).await;
    assert_eq!(row.details["seats"], 3);

    // the seats are really free: all four can be booked
    core.book(&request(dep, 4, 0, "Группа")).await.unwrap();
    assert_eq!(code(core.release_hold(HoldId(55_555)).await), "NOT_FOUND");
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn releasing_a_hold_past_its_time_records_it_as_expired() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 4).await;
    let hold = core.hold(dep, party(2, 0), None).await.unwrap();
    db.expire_holds(dep).await;
    assert_eq!(core.release_hold(hold.hold_id).await.unwrap(), HoldStatus::Expired);
    assert_eq!(core.release_hold(hold.hold_id).await.unwrap(), HoldStatus::Expired);
    assert!(audit(&db.pool, "hold.released").await.is_empty());
    assert_eq!(db.counters(dep).await, (4, 0, 0));
    db.assert_consistent(dep).await;
}
