//! Roles, the audit trail, live occupancy notifications.

use super::*;

#[tokio::test]
async fn roles_limit_what_each_person_may_do() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 10).await;
    let booked = manager.book(&request(dep, 1, 0, "Someone")).await.unwrap();
    let guide = db.core_as(Role::Guide, "Gleb the guide", "field-1").await;
    let desk = db.core_as(Role::Desk, "Dasha at the desk", "kiosk-1").await;
    let audit_before = last_audit_id(&db.pool).await;

    assert_eq!(code(guide.hold(dep, party(1, 0), None).await), "FORBIDDEN");
    assert_eq!(code(guide.book(&request(dep, 1, 0, "Nope")).await), "FORBIDDEN");
    assert_eq!(
        code(guide.cancel(&booked.booking_number, CancelReason::Customer, "").await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(guide.waitlist_join(dep, party(1, 0), "Nope", "", "").await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(desk.set_weather(dep, WeatherStatus::Danger, "").await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(desk.cancel_departure(dep, CancelReason::Weather, "").await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(desk.cancel(&booked.booking_number, CancelReason::Weather, "").await),
        "FORBIDDEN",
        "a full weather refund is the manager's call"
    );
    assert_eq!(
        code(desk.stats(Utc::now(), Utc::now() + Duration::days(1)).await),
        "FORBIDDEN"
    );
    assert_eq!(code(desk.upsert_staff("Eve", Role::Manager, "1234").await), "FORBIDDEN");

    // nothing was written by the refused calls
    assert_eq!(last_audit_id(&db.pool).await, audit_before);
    assert_eq!(db.counters(dep).await, (10, 1, 0));
    assert_eq!(core_status(&db.pool, dep).await, ("scheduled".into(), "ok".into()));
    assert_eq!(
        manager.booking(&booked.booking_number).await.unwrap().status,
        BookingStatus::Confirmed
    );

    // a guide reads; the desk sells and cancels, audited as itself
    assert_eq!(guide.availability(dep).await.unwrap().booked, 1);
    let hold = desk.hold(dep, party(1, 0), None).await.unwrap();
    let mut req = request(dep, 1, 0, "Desk customer");
    req.hold = Some(hold.hold_id);
    let b = desk.book(&req).await.unwrap();
    desk.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let (source, staff, device): (String, Option<i64>, Option<i64>) =
        sqlx::query_as("select source, staff_id, device_id from bookings where id = $1")
            .bind(b.booking_id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(source, "desk");
    assert_eq!(staff, desk.actor().staff.map(|s| s.0));
    assert_eq!(device, Some(desk.actor().device.0));
    one_audit(&db.pool, "hold.created", &desk).await;
    let created = audit(&db.pool, "booking.created").await;
    assert_eq!(created.last().unwrap().device_id, Some(desk.actor().device.0));
    one_audit(&db.pool, "booking.cancelled", &desk).await;
}

async fn core_status(pool: &PgPool, dep: DepartureId) -> (String, String) {
    sqlx::query_as("select status, weather_status from departures where id = $1")
        .bind(dep.0)
        .fetch_one(pool)
        .await
        .unwrap()
}

type Staff = Option<i64>;
type Device = Option<i64>;
type Booked = Option<i64>;

#[tokio::test]
async fn every_mutation_writes_an_audit_row_naming_the_actor() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dasha", "kiosk-7").await;
    let dep = db.departure(&manager, 48, 3).await;
    let start = last_audit_id(&db.pool).await;

    let hold = desk.hold(dep, party(1, 0), None).await.unwrap();
    desk.extend_hold(hold.hold_id, Some(20)).await.unwrap();
    desk.release_hold(hold.hold_id).await.unwrap();
    let b = desk.book(&request(dep, 3, 0, "Full house")).await.unwrap();
    let (entry, _) = desk.waitlist_join(dep, party(1, 0), "Queue", "", "").await.unwrap();
    desk.waitlist_leave(entry).await.unwrap();
    desk.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let b2 = desk.book(&request(dep, 1, 0, "Second")).await.unwrap();
    manager.set_weather(dep, WeatherStatus::Danger, "Storm").await.unwrap();
    manager
        .cancel_departure(dep, CancelReason::Weather, "Storm")
        .await
        .unwrap();
    desk.rebook_resolve(
        &b2.booking_number,
        tourdesk::booking::Resolution::Refund,
        Uuid::now_v7(),
    )
    .await
    .unwrap();

    let rows: Vec<(String, Staff, Device, Booked)> =
        sqlx::query_as("select action, staff_id, device_id, booking_id from audit_log where id > $1 order by id")
            .bind(start)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let d = Some(desk.actor().device.0);
    let s = desk.actor().staff.map(|s| s.0);
    let m = Some(manager.actor().device.0);
    let expected: Vec<(&str, Staff, Device, Booked)> = vec![
        ("hold.created", s, d, None),
        ("hold.extended", s, d, None),
        ("hold.released", s, d, None),
        ("booking.created", s, d, Some(b.booking_id.0)),
        // every payment and refund is a ledger row with its own audit row
        ("payment.taken", s, d, Some(b.booking_id.0)),
        ("waitlist.joined", s, d, None),
        ("waitlist.left", s, d, None),
        ("refund.given", s, d, Some(b.booking_id.0)),
        ("booking.cancelled", s, d, Some(b.booking_id.0)),
        ("booking.created", s, d, Some(b2.booking_id.0)),
        ("payment.taken", s, d, Some(b2.booking_id.0)),
        ("weather.set", None, m, None),
        // weather: the party is to rebook (money kept) until the desk resolves it
        ("rebook.opened", None, m, Some(b2.booking_id.0)),
        ("departure.cancelled", None, m, None),
        ("rebook.refunded", s, d, Some(b2.booking_id.0)),
        ("refund.given", s, d, Some(b2.booking_id.0)),
        ("booking.cancelled", s, d, Some(b2.booking_id.0)),
    ];
    let got: Vec<(&str, Staff, Device, Booked)> =
        rows.iter().map(|(a, st, dv, bk)| (a.as_str(), *st, *dv, *bk)).collect();
    assert_eq!(got, expected);
    // when: in order of the mutations
    let times: Vec<DateTime<Utc>> = sqlx::query_scalar("select at from audit_log where id > $1 order by id")
        .bind(start)
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}

async fn next(listener: &mut sqlx::postgres::PgListener) -> String {
    tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv())
        .await
        .expect("no notification within 5 s")
        .unwrap()
        .payload()
        .to_string()
}

#[tokio::test]
async fn kiosks_are_told_when_a_departure_changes() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let quiet = db.departure(&core, 72, 2).await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&db.pool).await.unwrap();
    listener.listen("departure_changed").await.unwrap();

    let b = core.book(&request(dep, 2, 0, "Sale")).await.unwrap();
    assert_eq!(next(&mut listener).await, dep.0.to_string());
    core.set_weather(quiet, WeatherStatus::Watch, "wind").await.unwrap();
    assert_eq!(next(&mut listener).await, quiet.0.to_string());
    // a refused sale changes nothing and tells nobody
    assert_eq!(code(core.book(&request(dep, 1, 0, "Refused")).await), "SOLD_OUT");
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(
        next(&mut listener).await,
        dep.0.to_string(),
        "the cancellation, not the refusal, is the next change"
    );
    let stray = tokio::time::timeout(std::time::Duration::from_millis(300), listener.recv()).await;
    assert!(stray.is_err(), "unexpected notification: {stray:?}");
}
