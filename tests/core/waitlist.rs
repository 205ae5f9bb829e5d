//! The waitlist: joining, offers, accepting, leaving, expiring offers.

use super::*;

#[tokio::test]
async fn waitlist_join_is_refused_while_the_party_fits() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 4).await;
    core.book(&request(dep, 2, 0, "First")).await.unwrap();

    match core.waitlist_join(dep, party(2, 0), "Fits", "", "").await {
        Err(BookingError::SeatsAvailable { free }) => assert_eq!(free, 2),
        other => panic!("expected SEATS_AVAILABLE, got {other:?}"),
    }
    assert_eq!(
        code(core.waitlist_join(dep, party(3, 0), " ", "", "").await),
        "INVALID_INPUT"
    );

    let (entry, position) = core
        .waitlist_join(dep, party(3, 0), "Big family", "+7900", "")
        .await
        .unwrap();
    assert_eq!(position, 1);
    let row = one_audit(&db.pool, "waitlist.joined", &core).await;
    assert_eq!(row.departure_id, Some(dep.0));
    assert_eq!(row.details["entry_id"], entry.0);
    assert_eq!(row.details["name"], "Big family");
    let list = core.waitlist(dep).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].id, list[0].status, list[0].position),
        (entry, WaitlistStatus::Waiting, 1)
    );
    assert_eq!(core.availability(dep).await.unwrap().waitlist, 1);

    // someone is waiting, so a party that fits queues too — and gets the
    // free seats offered at once, since nobody ahead of it can use them
    let (small, position) = core.waitlist_join(dep, party(2, 0), "Couple", "", "").await.unwrap();
    assert_eq!(position, 2);
    assert_eq!(entry_status(&db.pool, small).await, "offered");
    assert_eq!(entry_status(&db.pool, entry).await, "waiting");
    assert_eq!(db.counters(dep).await, (4, 2, 2));

    assert_eq!(
        code(core.waitlist_join(DepartureId(777_777), party(1, 0), "X", "", "").await),
        "NOT_FOUND"
    );
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn cancel_offers_the_seats_to_the_first_party_that_fits_and_accept_books_it() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 4).await;
    let a = core.book(&request(dep, 2, 0, "A")).await.unwrap();
    core.book(&request(dep, 2, 0, "B")).await.unwrap();

    let (w1, _) = core
        .waitlist_join(dep, party(3, 0), "Three", "+79000000001", "")
        .await
        .unwrap();
    let (w2, _) = core
        .waitlist_join(dep, party(1, 1), "Two", "+79000000002", "two@example.com")
        .await
        .unwrap();
    let (w3, p3) = core.waitlist_join(dep, party(1, 0), "One", "", "").await.unwrap();
    assert_eq!(p3, 3);

    core.cancel(&a.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    // 2 seats free: "Three" does not fit, "Two" is next in line and fits
    assert_eq!(entry_status(&db.pool, w1).await, "waiting");
    assert_eq!(entry_status(&db.pool, w2).await, "offered");
    assert_eq!(entry_status(&db.pool, w3).await, "waiting");
    let (hold_id, seats, purpose, status, expires_at): (i64, i32, String, String, DateTime<Utc>) = sqlx::query_as(
        "select h.id, h.seats, h.purpose, h.status, h.expires_at from holds h
           join waitlist_entries w on w.offer_hold_id = h.id where w.id = $1",
    )
    .bind(w2.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        (seats, purpose.as_str(), status.as_str()),
        (2, "waitlist_offer", "active")
    );
    assert!(close_to(expires_at, Utc::now() + Duration::minutes(10)));
    let a_now = core.availability(dep).await.unwrap();
    assert_eq!(
        (a_now.booked, a_now.held, a_now.free),
        (2, 2, 0),
        "the offer holds the seats"
    );
    // a walk-in cannot take the offered seats
    assert_eq!(code(core.book(&request(dep, 1, 0, "Walk-in")).await), "SOLD_OUT");

    let listed = core.waitlist(dep).await.unwrap();
    let offered = listed.iter().find(|e| e.id == w2).unwrap();
    assert_eq!(offered.offer_hold_id, Some(HoldId(hold_id)));
    assert_eq!(offered.offer_expires_at, Some(expires_at));
    let sms: Vec<(String, String, String)> = sqlx::query_as(
        "select channel, recipient, kind from notification_outbox where waitlist_entry_id = $1 order by id",
    )
    .bind(w2.0)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    // to the phone and to the address (migration 0039: offers are e-mailed too)
    assert_eq!(
        sms,
        [
            ("sms".into(), "+79000000002".into(), "waitlist_offer".into()),
            ("email".into(), "two@example.com".into(), "waitlist_offer".into())
        ]
    );
    let offer_audit = one_audit(&db.pool, "waitlist.offered", &core).await;
    assert_eq!(offer_audit.details["hold_id"], hold_id);

    let key = Uuid::now_v7();
    let b = core.waitlist_accept(w2, cash(), key).await.unwrap();
    assert_eq!((b.adults, b.children, b.contact_name.as_str()), (1, 1, "Two"));
    assert_eq!(b.total_minor, ADULT_PRICE + CHILD_PRICE);
    assert_eq!(entry_status(&db.pool, w2).await, "booked");
    assert_eq!(hold_status(&db.pool, HoldId(hold_id)).await, "converted");
    assert_eq!(db.counters(dep).await, (4, 4, 0));
    let (entry_of_booking, phone, email): (Option<i64>, String, String) =
        sqlx::query_as("select waitlist_entry_id, contact_phone, contact_email from bookings where id = $1")
            .bind(b.booking_id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(entry_of_booking, Some(w2.0));
    assert_eq!((phone.as_str(), email.as_str()), ("+79000000002", "two@example.com"));
    // accepting again with the same key is a replay
    let again = core.waitlist_accept(w2, cash(), key).await.unwrap();
    assert!(again.replayed);
    assert_eq!(again.booking_number, b.booking_number);
    // the others still wait, and cannot accept what they were not offered
    assert_eq!(
        code(core.waitlist_accept(w3, cash(), Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    let queue: Vec<WaitlistEntryId> = core.waitlist(dep).await.unwrap().iter().map(|e| e.id).collect();
    assert_eq!(queue, [w1, w3]);
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn an_expired_offer_passes_the_seats_to_the_next_in_line() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (w1, _) = core.waitlist_join(dep, party(2, 0), "First", "", "").await.unwrap();
    let (w2, _) = core.waitlist_join(dep, party(2, 0), "Second", "", "").await.unwrap();
    let (w3, _) = core.waitlist_join(dep, party(1, 0), "Third", "", "").await.unwrap();

    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(entry_status(&db.pool, w1).await, "offered");
    assert_eq!(entry_status(&db.pool, w2).await, "waiting");

    db.expire_holds(dep).await;
    // a dead offer is not shown, and cannot be accepted
    let shown: Vec<WaitlistEntryId> = core.waitlist(dep).await.unwrap().iter().map(|e| e.id).collect();
    assert_eq!(shown, [w2, w3]);
    assert_eq!(
        code(core.waitlist_accept(w1, cash(), Uuid::now_v7()).await),
        "HOLD_EXPIRED"
    );

    let report = core.sweep().await.unwrap();
    assert_eq!((report.expired_seats, report.offers), (2, 1));
    assert_eq!(entry_status(&db.pool, w1).await, "expired");
    assert_eq!(entry_status(&db.pool, w2).await, "offered");
    assert_eq!(entry_status(&db.pool, w3).await, "waiting");
    assert_eq!(
        code(core.waitlist_accept(w1, cash(), Uuid::now_v7()).await),
        "HOLD_EXPIRED"
    );
    assert_eq!(db.counters(dep).await, (2, 0, 2));

    // the second leaves: the seats go on to the third
    assert_eq!(core.waitlist_leave(w2).await.unwrap(), WaitlistStatus::Left);
    assert_eq!(
        core.waitlist_leave(w2).await.unwrap(),
        WaitlistStatus::Left,
        "leaving twice is harmless"
    );
    assert_eq!(entry_status(&db.pool, w3).await, "offered");
    assert_eq!(db.counters(dep).await, (2, 0, 1));
    one_audit(&db.pool, "waitlist.left", &core).await;
    let booked = core.waitlist_accept(w3, cash(), Uuid::now_v7()).await.unwrap();
    assert_eq!(booked.contact_name, "Third");
    assert_eq!(db.counters(dep).await, (2, 1, 0));
    assert!(core.waitlist(dep).await.unwrap().is_empty());
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn releasing_a_hold_offers_its_seats_to_the_waitlist() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 3).await;
    let hold = core.hold(dep, party(3, 0), None).await.unwrap();
    let (w, _) = core
        .waitlist_join(dep, party(2, 0), "Waiting", "+7911", "")
        .await
        .unwrap();
    core.release_hold(hold.hold_id).await.unwrap();
    assert_eq!(entry_status(&db.pool, w).await, "offered");
    assert_eq!(db.counters(dep).await, (3, 0, 2));
    // the one seat nobody waits for can be sold
    core.book(&request(dep, 1, 0, "Walk-in")).await.unwrap();
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn freed_seats_are_offered_counting_dead_holds_as_free() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 4).await;
    core.hold(dep, party(2, 0), None).await.unwrap();
    let b = core.book(&request(dep, 2, 0, "Booked")).await.unwrap();
    let (w, _) = core.waitlist_join(dep, party(4, 0), "Four", "+7912", "").await.unwrap();
    db.expire_holds(dep).await;

    // no sweep: the cancellation frees 2 seats, the dead hold 2 more — 4 for "Four"
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(entry_status(&db.pool, w).await, "offered");
    assert_eq!(db.counters(dep).await, (4, 0, 4));
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_missed_offer_goes_to_the_next_in_line_not_to_a_walk_in() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (w1, _) = core.waitlist_join(dep, party(2, 0), "First", "", "").await.unwrap();
    let (w2, _) = core.waitlist_join(dep, party(2, 0), "Second", "", "").await.unwrap();
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(entry_status(&db.pool, w1).await, "offered");

    // the offer runs out and, before any sweep, a walk-in asks for the seats
    db.expire_holds(dep).await;
    match core.book(&request(dep, 1, 0, "Walk-in")).await {
        Err(BookingError::SoldOut { free, .. }) => assert_eq!(free, 0),
        other => panic!("the walk-in took seats the waitlist was owed: {other:?}"),
    }
    // no sweep needed: the refusal handed the offer on, and what the desk is
    // told agrees with what it sees
    assert_eq!(core.availability(dep).await.unwrap().free, 0);
    assert_eq!(code(core.hold(dep, party(1, 0), None).await), "SOLD_OUT");
    assert_eq!(entry_status(&db.pool, w1).await, "expired");
    assert_eq!(entry_status(&db.pool, w2).await, "offered");
    assert_eq!(db.counters(dep).await, (2, 0, 2));
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn booking_fewer_seats_than_held_offers_the_rest_to_the_waitlist() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 3).await;
    let hold = core.hold(dep, party(3, 0), None).await.unwrap();
    let (w, _) = core.waitlist_join(dep, party(1, 0), "Solo", "", "").await.unwrap();
    let mut req = request(dep, 2, 0, "Smaller party");
    req.hold = Some(hold.hold_id);
    core.book(&req).await.unwrap();
    assert_eq!(entry_status(&db.pool, w).await, "offered");
    assert_eq!(db.counters(dep).await, (3, 2, 1));
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn waitlist_input_is_checked_and_dead_offers_are_not_counted() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let long = "x".repeat(600);
    assert_eq!(
        code(core.waitlist_join(dep, party(1, 0), &long, "", "").await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(core.waitlist_join(dep, party(1, 0), "Bell\u{7}", "", "").await),
        "INVALID_INPUT"
    );
    let (w, _) = core
        .waitlist_join(dep, party(2, 0), "  Trimmed  ", "", "")
        .await
        .unwrap();
    assert_eq!(core.waitlist(dep).await.unwrap()[0].name, "Trimmed");
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(entry_status(&db.pool, w).await, "offered");
    assert_eq!(core.availability(dep).await.unwrap().waitlist, 1);
    db.expire_holds(dep).await;
    // the listing and the count agree: a dead offer is nobody waiting
    assert!(core.waitlist(dep).await.unwrap().is_empty());
    assert_eq!(core.availability(dep).await.unwrap().waitlist, 0);
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_waitlist_offer_cannot_be_stretched_like_a_walk_in_hold() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    core.waitlist_join(dep, party(2, 0), "Next", "", "").await.unwrap();
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let offer = core.waitlist(dep).await.unwrap()[0].offer_hold_id.expect("an offer");
    match core.extend_hold(offer, Some(30)).await {
        Err(BookingError::HoldLimit { max_minutes, .. }) => assert_eq!(max_minutes, 10),
        other => panic!("expected HOLD_LIMIT, got {other:?}"),
    }
    db.assert_ledger().await;
}

#[tokio::test]
async fn joining_and_leaving_the_waitlist_tell_the_other_desks() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let mut listener = sqlx::postgres::PgListener::connect_with(&db.pool).await.unwrap();
    listener.listen("departure_changed").await.unwrap();
    let (entry, _) = core.waitlist_join(dep, party(2, 0), "Waiting", "", "").await.unwrap();
    assert_eq!(told(&mut listener).await, dep.0.to_string(), "join");
    core.waitlist_leave(entry).await.unwrap();
    assert_eq!(told(&mut listener).await, dep.0.to_string(), "leave");
    assert_eq!(db.counters(dep).await, (2, 2, 0), "no seat moved");
    db.assert_ledger().await;
}

async fn told(listener: &mut sqlx::postgres::PgListener) -> String {
    tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv())
        .await
        .expect("no notification within 5 s")
        .unwrap()
        .payload()
        .to_string()
}

/// The kiosk's path (the service, as the sold-out screen and the waitlist
/// pane call it): a party of three joins a full departure's waitlist with
/// its counters kept, and accepting the offer answers what the "booked"
/// screen shows — number, code, total, the party.
#[tokio::test]
async fn a_party_of_three_joins_a_full_departure_through_the_service_and_accepts() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let service = tourdesk::service::Service::with_core(Some(core.clone()), None);
    let dep = db.departure(&core, 48, 4).await;
    let first = core.book(&request(dep, 4, 0, "Full")).await.unwrap();

    let key = Uuid::now_v7();
    let (entry, place) = service
        .waitlist_join(dep, party(2, 1), ("Семья Ивановых", "+7 914 000-00-01", ""), key)
        .await
        .unwrap();
    assert_eq!(place, 1);
    // a retry of the same join (the same key) is the same entry
    let again = service
        .waitlist_join(dep, party(2, 1), ("Семья Ивановых", "+7 914 000-00-01", ""), key)
        .await
        .unwrap();
    assert_eq!(again, (entry, 1));
    let queue = service.waitlist(dep).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].adults, queue[0].children),
        (2, 1),
        "the counters reach the core"
    );
    let row = one_audit(&db.pool, "waitlist.joined", &core).await;
    assert_eq!(
        (row.details["adults"].as_i64(), row.details["children"].as_i64()),
        (Some(2), Some(1))
    );

    core.cancel(&first.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(entry_status(&db.pool, entry).await, "offered");
    let booked = service.waitlist_accept(entry, cash(), Uuid::now_v7()).await.unwrap();
    assert_eq!((booked.adults, booked.children), (2, 1));
    assert!(booked.booking_number.starts_with("TD-"));
    assert!(!booked.confirmation_code.is_empty());
    let quoted = service.quote(dep, party(2, 1), Utc::now()).await.unwrap();
    assert_eq!(booked.total_minor, quoted.total_minor);
    assert!(booked.total_minor >= 2 * ADULT_PRICE, "three people priced");
    assert_eq!(booked.contact_name, "Семья Ивановых");
    assert_eq!(entry_status(&db.pool, entry).await, "booked");
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}
