//! Booking: straight and from a hold, participants, party rules, SOLD_OUT, idempotency.

use super::*;
use tourdesk::domain::ErrorCode;

#[tokio::test]
async fn book_straight_prices_pays_and_audits() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;

    let mut req = request(dep, 2, 1, "  Анна Петрова ");
    req.contact_phone = "+79001234567".into();
    let b = core.book(&req).await.unwrap();
    assert!(!b.replayed);
    assert_eq!(b.status, BookingStatus::Confirmed);
    assert_eq!((b.adults, b.children), (2, 1));
    assert_eq!(b.contact_name, "Анна Петрова");
    assert_eq!(b.total_minor, 2 * ADULT_PRICE + CHILD_PRICE);
    assert_eq!(b.currency, "RUB");
    assert_eq!(b.payment_status, PaymentStatus::Paid);
    assert_eq!(b.price["total_minor"], b.total_minor);
    assert!(
        b.booking_number.starts_with("TD-") && b.booking_number.len() == 9,
        "{}",
        b.booking_number
    );
    assert_eq!(b.confirmation_code.len(), 6);
    let kinds: Vec<&str> = b.participants.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, ["adult", "adult", "child"], "the database's words");
    assert_eq!(b.participants[0].name, "Анна Петрова");

    let (paid, method, source): (i64, String, String) =
        sqlx::query_as("select paid_minor, payment_method, source from bookings where id = $1")
            .bind(b.booking_id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((paid, method.as_str(), source.as_str()), (b.total_minor, "cash", "cli"));
    assert_eq!(db.counters(dep).await, (10, 3, 0));
    let row = one_audit(&db.pool, "booking.created", &core).await;
    assert_eq!((row.booking_id, row.departure_id), (Some(b.booking_id.0), Some(dep.0)));
    assert_eq!(row.details["booking_number"], b.booking_number.as_str());

    // found again as typed at the desk: lower case, no prefix, spaces
    let suffix = b.booking_number[3..].to_lowercase();
    let found = core.booking(&format!(" {suffix} ")).await.unwrap();
    assert_eq!(found.booking_id, b.booking_id);
    assert_eq!(found.participants.len(), 3);
    assert!(!found.replayed);
    assert_eq!(code(core.booking("TD-ZZZZZZ").await), "NOT_FOUND");

    // unpaid bookings owe everything
    let mut unpaid = request(dep, 1, 0, "Later");
    unpaid.payment.method = PaymentMethod::Unpaid;
    let u = core.book(&unpaid).await.unwrap();
    assert_eq!(u.payment_status, PaymentStatus::Unpaid);
    assert_eq!(
        scalar_i64(
            &db.pool,
            "select paid_minor from bookings where id = $1",
            u.booking_id.0
        )
        .await,
        0
    );
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn book_validates_contact_details() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;

    assert_eq!(code(core.book(&request(dep, 1, 0, "   ")).await), "INVALID_INPUT");
    let mut bad_email = request(dep, 1, 0, "Ivan");
    bad_email.contact_email = "not-an-address".into();
    assert_eq!(code(core.book(&bad_email).await), "INVALID_INPUT");
    let mut control = request(dep, 1, 0, "Ivan\u{7}");
    control.contact_phone = "1".into();
    assert_eq!(code(core.book(&control).await), "INVALID_INPUT");
    assert_eq!(db.counters(dep).await, (10, 0, 0));
    assert_eq!(
        scalar_i64(&db.pool, "select count(*) from bookings where departure_id = $1", dep.0).await,
        0
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn book_from_a_hold_converts_it() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    // the hold takes every seat: booking from it must count its own seats as returned
    let dep = db.departure(&core, 48, 3).await;
    let hold = core.hold(dep, party(2, 1), None).await.unwrap();
    assert_eq!(code(core.book(&request(dep, 1, 0, "Walk-in")).await), "SOLD_OUT");

    let mut req = request(dep, 2, 1, "Ivan Petrov");
    req.hold = Some(hold.hold_id);
    let b = core.book(&req).await.unwrap();
    assert_eq!(db.counters(dep).await, (3, 3, 0), "held seats moved to booked");
    assert_eq!(hold_status(&db.pool, hold.hold_id).await, "converted");
    let hold_of_booking: Option<i64> = sqlx::query_scalar("select hold_id from bookings where id = $1")
        .bind(b.booking_id.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(hold_of_booking, Some(hold.hold_id.0));
    let row = one_audit(&db.pool, "booking.created", &core).await;
    assert_eq!(row.details["hold_id"], hold.hold_id.0);

    // a converted hold cannot be booked again, nor released back
    let mut again = request(dep, 2, 1, "Ivan Petrov");
    again.hold = Some(hold.hold_id);
    assert_eq!(code(core.book(&again).await), "HOLD_NOT_ACTIVE");
    assert_eq!(core.release_hold(hold.hold_id).await.unwrap(), HoldStatus::Converted);
    assert_eq!(db.counters(dep).await, (3, 3, 0));

    // a hold of another departure is not found on this one
    let other = db.departure(&core, 72, 3).await;
    let foreign = core.hold(other, party(1, 0), None).await.unwrap();
    let mut wrong = request(dep, 1, 0, "Wrong");
    wrong.hold = Some(foreign.hold_id);
    assert_eq!(code(core.book(&wrong).await), "NOT_FOUND");
    db.assert_consistent(dep).await;
    db.assert_consistent(other).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn booking_a_bigger_party_than_the_hold_needs_the_extra_seats() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 4).await;
    let hold = core.hold(dep, party(2, 0), None).await.unwrap();
    core.book(&request(dep, 1, 0, "Other")).await.unwrap();

    // 3 seats from a 2-seat hold: 1 more is free, so it fits
    let mut three = request(dep, 3, 0, "Family");
    three.hold = Some(hold.hold_id);
    let b = core.book(&three).await.unwrap();
    assert_eq!(db.counters(dep).await, (4, 4, 0));
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();

    // 4 seats from a 2-seat hold when only 1 more is free: refused, hold kept
    let hold = core.hold(dep, party(2, 0), None).await.unwrap();
    let mut four = request(dep, 4, 0, "Too many");
    four.hold = Some(hold.hold_id);
    match core.book(&four).await {
        Err(BookingError::SoldOut { requested, free }) => assert_eq!((requested, free), (4, 3)),
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
    assert_eq!(hold_status(&db.pool, hold.hold_id).await, "active");
    assert_eq!(db.counters(dep).await, (4, 1, 2));
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn participants_are_stored_verbatim() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;

    let names = [
        "Ёжиков О'Нил; DROP TABLE bookings; --",
        "Zoë \"Zee\" O'Brien",
        "Маша Ёжикова",
    ];
    let mut req = request(dep, 2, 1, "Ёжиков О'Нил; DROP TABLE");
    req.special_requests = "vegetarian lunch; no 'nuts'".into();
    req.participants = vec![
        ParticipantInput {
            name: names[0].into(),
            kind: ParticipantKind::Adult,
            medical_notes: "аллергия на орехи; '); --".into(),
            emergency_contact: "+7 900 000-00-00 (мама)".into(),
            ..Default::default()
        },
        ParticipantInput {
            name: names[1].into(),
            kind: ParticipantKind::Adult,
            dietary: "vegan".into(),
            ..Default::default()
        },
        ParticipantInput {
            name: names[2].into(),
            kind: ParticipantKind::Child,
            equipment: "boots 33".into(),
            ..Default::default()
        },
    ];
    let b = core.book(&req).await.unwrap();
    let out: Vec<(&str, &str)> = b
        .participants
        .iter()
        .map(|p| (p.name.as_str(), p.kind.as_str()))
        .collect();
    assert_eq!(out, [(names[0], "adult"), (names[1], "adult"), (names[2], "child")]);

    let stored: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "select name, kind, medical_notes, emergency_contact, dietary, equipment from participants
          where booking_id = $1 order by position",
    )
    .bind(b.booking_id.0)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(stored[0].0, names[0]);
    assert_eq!(stored[0].2, "аллергия на орехи; '); --");
    assert_eq!(stored[0].3, "+7 900 000-00-00 (мама)");
    assert_eq!(stored[1].0, names[1]);
    assert_eq!(stored[1].4, "vegan");
    assert_eq!((stored[2].0.as_str(), stored[2].1.as_str()), (names[2], "child"));
    assert_eq!(stored[2].5, "boots 33");
    let (contact, special): (String, String) =
        sqlx::query_as("select contact_name, special_requests from bookings where id = $1")
            .bind(b.booking_id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(contact, "Ёжиков О'Нил; DROP TABLE");
    assert_eq!(special, "vegetarian lunch; no 'nuts'");
    // the participant ids returned are the stored ones, in order
    let ids: Vec<i64> = sqlx::query_scalar("select id from participants where booking_id = $1 order by position")
        .bind(b.booking_id.0)
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(ids, b.participants.iter().map(|p| p.id.0).collect::<Vec<_>>());
    // the tables are still there
    assert_eq!(
        scalar_i64(&db.pool, "select count(*) from bookings where departure_id = $1", dep.0).await,
        1
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn participant_list_must_match_the_party() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;
    use ParticipantKind::{Adult, Child};
    let p = |name: &str, kind| ParticipantInput {
        name: name.into(),
        kind,
        ..Default::default()
    };
    // a kind that is neither ("infant") no longer gets this far: a
    // ParticipantInput cannot hold it, and its JSON does not parse
    assert!(serde_json::from_str::<ParticipantInput>(r#"{"name": "B", "kind": "infant"}"#).is_err());
    let cases: Vec<(Party, Vec<ParticipantInput>)> = vec![
        (party(2, 0), vec![p("A", Adult)]),
        (party(1, 1), vec![p("A", Adult), p("B", Adult)]),
        (party(1, 0), vec![p("A", Adult), p("B", Adult)]),
        (party(1, 1), vec![p("A", Child), p("B", Child)]),
        (party(2, 0), vec![p("A", Adult), p("  ", Adult)]),
    ];
    for (party, people) in cases {
        let mut req = BookRequest::new(dep, party, "Contact");
        req.participants = people.clone();
        assert_eq!(code(core.book(&req).await), "INVALID_INPUT", "{party:?} {people:?}");
    }
    assert_eq!(db.counters(dep).await, (10, 0, 0));
    assert_eq!(
        scalar_i64(&db.pool, "select count(*) from bookings where departure_id = $1", dep.0).await,
        0
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn the_largest_party_is_sold_and_no_larger_can_be_asked_for() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 100).await;
    // a Party only comes from Party::new, which refuses what the desk must not sell
    for (a, c) in [(0, 0), (0, 2), (51, 0), (30, 21)] {
        assert!(Party::new(a, c).is_err(), "{a} adults {c} children");
    }
    let b = core.book(&request(dep, 40, 10, "School trip")).await.unwrap();
    assert_eq!((b.adults, b.children, b.participants.len()), (40, 10, 50));
    assert_eq!(db.counters(dep).await, (100, 50, 0));
    db.assert_ledger().await;
}

#[tokio::test]
async fn sold_out_says_how_many_seats_are_free() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 6).await;
    core.book(&request(dep, 3, 1, "First")).await.unwrap();
    match core.book(&request(dep, 2, 1, "Second")).await {
        Err(e @ BookingError::SoldOut { .. }) => {
            assert_eq!(e.code(), ErrorCode::SoldOut);
            assert_eq!(e.details(), serde_json::json!({"requested": 3, "free": 2}));
        }
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
    // exactly the free seats still fit
    core.book(&request(dep, 2, 0, "Third")).await.unwrap();
    match core.book(&request(dep, 1, 0, "Fourth")).await {
        Err(BookingError::SoldOut { requested, free }) => assert_eq!((requested, free), (1, 0)),
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
    assert_eq!(db.counters(dep).await, (6, 6, 0));
    assert_eq!(
        audit(&db.pool, "booking.created").await.len(),
        2,
        "refused bookings leave no audit row"
    );
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn idempotency_key_replays_the_first_booking() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 10).await;
    let req = request(dep, 2, 0, "Retry Man");

    let first = core.book(&req).await.unwrap();
    assert!(!first.replayed);
    let again = core.book(&req).await.unwrap();
    assert!(again.replayed);
    assert_eq!(again.booking_number, first.booking_number);
    assert_eq!(again.booking_id, first.booking_id);
    assert_eq!(again.total_minor, first.total_minor);
    assert_eq!(
        again.participants.iter().map(|p| p.id).collect::<Vec<_>>(),
        first.participants.iter().map(|p| p.id).collect::<Vec<_>>()
    );
    // another kiosk retrying the same request gets the same answer
    let other_kiosk = db.core_as(Role::Desk, "Olga", "kiosk-2").await;
    assert_eq!(
        other_kiosk.book(&req).await.unwrap().booking_number,
        first.booking_number
    );

    assert_eq!(db.counters(dep).await, (10, 2, 0), "seats counted once");
    assert_eq!(
        scalar_i64(&db.pool, "select count(*) from bookings where departure_id = $1", dep.0).await,
        1
    );
    assert_eq!(audit(&db.pool, "booking.created").await.len(), 1);

    // the same key for something else is a conflict, not a second booking
    let mut bigger = req.clone();
    bigger.party = party(3, 0);
    match core.book(&bigger).await {
        Err(BookingError::IdempotencyConflict { booking_number }) => assert_eq!(booking_number, first.booking_number),
        other => panic!("expected IDEMPOTENCY_CONFLICT, got {other:?}"),
    }
    let mut with_child = req.clone();
    with_child.party = party(1, 1);
    assert_eq!(code(core.book(&with_child).await), "IDEMPOTENCY_CONFLICT");
    let elsewhere = db.departure(&core, 72, 10).await;
    let mut moved = req.clone();
    moved.departure = elsewhere;
    assert_eq!(code(core.book(&moved).await), "IDEMPOTENCY_CONFLICT");
    assert_eq!(db.counters(elsewhere).await, (10, 0, 0));

    // a replay after cancelling returns the cancelled booking and takes no seats
    core.cancel(&first.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let late = core.book(&req).await.unwrap();
    assert!(late.replayed);
    assert_eq!(late.status, BookingStatus::Cancelled);
    assert_eq!(db.counters(dep).await, (10, 0, 0));
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}
