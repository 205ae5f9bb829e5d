//! Changing a booking after the sale: the contact, a participant's details
//! and kind, adding and removing people — each with its errors, its audit
//! rows, an idempotent retry, the counters equal to the rows and the money
//! equal to the ledger.

use super::*;
use common::assert_party;
use tourdesk::booking::{BookingChanged, ContactChange, ParticipantChange};
use tourdesk::domain::{BookingChangeKind, ParticipantId};

fn adult(name: &str) -> ParticipantInput {
    ParticipantInput {
        name: name.into(),
        kind: ParticipantKind::Adult,
        ..ParticipantInput::default()
    }
}

fn unpaid() -> Payment {
    Payment {
        method: PaymentMethod::Unpaid,
        reference: String::new(),
    }
}

fn money(c: &BookingChanged) -> (i64, i64, i64, i64, PaymentStatus) {
    (
        c.total_minor,
        c.paid_minor,
        c.refunded_minor,
        c.balance_minor,
        c.payment_status,
    )
}

/// The start of most tests here: a desk clerk's booking of `adults`
/// adults (paid in cash, "Anna Petrova") on a departure of `capacity` seats
/// 100 h ahead.
struct Sold {
    db: TestDb,
    desk: Core,
    dep: DepartureId,
    b: tourdesk::booking::Booking,
}

async fn sold(capacity: u32, adults: u32) -> Sold {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let dep = db.departure(&manager, 100, capacity).await;
    let b = desk.book(&request(dep, adults, 0, "Anna Petrova")).await.unwrap();
    Sold { db, desk, dep, b }
}

async fn ledger_rows(pool: &PgPool, booking_number: &str) -> Vec<(String, i64)> {
    sqlx::query_as(
        "select l.kind, l.amount_minor from ledger l join bookings b on b.id = l.booking_id
          where b.booking_number = $1 order by l.id",
    )
    .bind(booking_number)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_contact_is_changed_normalised_audited_and_replayed() {
    let Sold { db, desk, b, .. } = sold(10, 2).await;

    let change = ContactChange {
        name: Some("Anna Sidorova".into()),
        phone: Some("8 914 123-45-67".into()),
        email: Some(" Anna@Mail.RU ".into()),
    };
    let key = Uuid::now_v7();
    let c = desk.change_contact(&b.booking_number, &change, key).await.unwrap();
    assert_eq!(c.change, BookingChangeKind::Contact);
    assert_eq!((c.participant_id, c.price_change_minor, c.refund_minor), (None, 0, 0));
    assert_eq!(money(&c), (1_500_000, 1_500_000, 0, 0, PaymentStatus::Paid));
    assert!(!c.replayed);
    let (name, phone, email): (String, String, String) =
        sqlx::query_as("select contact_name, contact_phone, contact_email from bookings where booking_number = $1")
            .bind(&b.booking_number)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), phone.as_str(), email.as_str()),
        ("Anna Sidorova", "+79141234567", "anna@mail.ru")
    );
    let row = one_audit(&db.pool, "booking.changed", &desk).await;
    assert_eq!(row.details["fields"], serde_json::json!(["name", "phone", "email"]));
    assert_eq!(row.booking_id, Some(b.booking_id.0));

    // a retry: the first answer, nothing done twice
    let again = desk.change_contact(&b.booking_number, &change, key).await.unwrap();
    assert!(again.replayed);
    assert_eq!(
        BookingChanged {
            replayed: false,
            ..again
        },
        c
    );
    assert_eq!(audit(&db.pool, "booking.changed").await.len(), 1);
    // the same key for another request is a conflict
    let other = ContactChange {
        phone: Some("+7 914 000 00 00".into()),
        ..ContactChange::default()
    };
    assert_eq!(
        code(desk.change_contact(&b.booking_number, &other, key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    // clearing the e-mail; the name cannot be cleared; nothing to change is said
    let cleared = ContactChange {
        email: Some(String::new()),
        ..ContactChange::default()
    };
    desk.change_contact(&b.booking_number, &cleared, Uuid::now_v7())
        .await
        .unwrap();
    let blank = ContactChange {
        name: Some("  ".into()),
        ..ContactChange::default()
    };
    assert_eq!(
        code(desk.change_contact(&b.booking_number, &blank, Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(
            desk.change_contact(&b.booking_number, &ContactChange::default(), Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(desk.change_contact("TD-NOSUCH", &other, Uuid::now_v7()).await),
        "NOT_FOUND"
    );
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-1").await;
    assert_eq!(
        code(guide.change_contact(&b.booking_number, &other, Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    // a cancelled booking is not changed
    desk.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(
        code(desk.change_contact(&b.booking_number, &other, Uuid::now_v7()).await),
        "BOOKING_CANCELLED"
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_participant_s_details_and_kind_change_and_the_price_follows() {
    let Sold { db, desk, dep, b } = sold(10, 2).await;
    let second = b.participants[1].id;

    let details = ParticipantChange {
        name: Some("Masha Petrova".into()),
        medical_notes: Some("asthma: inhaler in the backpack".into()),
        dietary: Some("vegetarian".into()),
        ..ParticipantChange::default()
    };
    let c = desk
        .change_participant(&b.booking_number, second, &details, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(
        (c.change, c.participant_id),
        (BookingChangeKind::Participant, Some(second))
    );
    assert_eq!(c.price_change_minor, 0);
    let (name, medical, dietary): (String, String, String) =
        sqlx::query_as("select name, medical_notes, dietary from participants where id = $1")
            .bind(second.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), medical.as_str(), dietary.as_str()),
        ("Masha Petrova", "asthma: inhaler in the backpack", "vegetarian")
    );
    let row = one_audit(&db.pool, "participant.changed", &desk).await;
    assert_eq!(
        row.details["fields"],
        serde_json::json!(["name", "medical_notes", "dietary"])
    );

    // adult -> child: cheaper; what was paid beyond goes back in full
    let to_child = ParticipantChange {
        kind: Some(ParticipantKind::Child),
        ..ParticipantChange::default()
    };
    let key = Uuid::now_v7();
    let c = desk
        .change_participant(&b.booking_number, second, &to_child, key)
        .await
        .unwrap();
    let diff = ADULT_PRICE - CHILD_PRICE;
    assert_eq!((c.adults, c.children), (1, 1));
    assert_eq!(
        (c.price_change_minor, c.refund_minor, c.refund_percent),
        (-diff, diff, Some(100))
    );
    // the total keeps what was paid; the refund row gives the difference back
    assert_eq!(
        money(&c),
        (1_500_000, 1_500_000, diff, 0, PaymentStatus::PartiallyRefunded)
    );
    assert_eq!(
        ledger_rows(&db.pool, &b.booking_number).await,
        [("payment".to_string(), 1_500_000), ("refund".to_string(), diff)]
    );
    assert_party(&db.pool, &b.booking_number).await;
    let again = desk
        .change_participant(&b.booking_number, second, &to_child, key)
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(ledger_rows(&db.pool, &b.booking_number).await.len(), 2, "refunded once");

    // child -> adult again: the difference is due again
    let to_adult = ParticipantChange {
        kind: Some(ParticipantKind::Adult),
        ..ParticipantChange::default()
    };
    let c = desk
        .change_participant(&b.booking_number, second, &to_adult, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!((c.price_change_minor, c.refund_minor), (diff, 0));
    assert_eq!(c.balance_minor, diff, "{c:?}");
    assert_party(&db.pool, &b.booking_number).await;
    desk.pay(
        &b.booking_number,
        diff,
        tourdesk::domain::PaymentMethod::Cash,
        "",
        Uuid::now_v7(),
    )
    .await
    .unwrap();

    // one adult stays: the only adult of a party with a child cannot become a child
    let first = b.participants[0].id;
    desk.change_participant(&b.booking_number, second, &to_child, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(
        code(
            desk.change_participant(&b.booking_number, first, &to_child, Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    // a participant of another booking is not this booking's
    let other = desk.book(&request(dep, 1, 0, "Other")).await.unwrap();
    assert_eq!(
        code(
            desk.change_participant(&b.booking_number, other.participants[0].id, &details, Uuid::now_v7())
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        code(
            desk.change_participant(&b.booking_number, second, &ParticipantChange::default(), Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    assert_party(&db.pool, &b.booking_number).await;
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn adding_a_person_takes_a_seat_or_nothing_changes() {
    let Sold { db, desk, dep, b } = sold(4, 2).await;

    // paid at once in cash: the added price is a payment row
    let key = Uuid::now_v7();
    let c = desk
        .add_person(&b.booking_number, &adult("Ivan Petrov"), &cash(), key)
        .await
        .unwrap();
    assert_eq!(c.change, BookingChangeKind::AddPerson);
    assert_eq!((c.adults, c.children), (3, 0));
    assert_eq!((c.price_change_minor, c.charged_minor), (ADULT_PRICE, ADULT_PRICE));
    assert_eq!(money(&c), (2_250_000, 2_250_000, 0, 0, PaymentStatus::Paid));
    assert_eq!(db.counters(dep).await, (4, 3, 0));
    let added = c.participant_id.unwrap();
    let row = one_audit(&db.pool, "participant.added", &desk).await;
    assert_eq!(row.details["participant_id"], added.0);
    assert_eq!(
        audit(&db.pool, "payment.taken").await.len(),
        2,
        "the sale's and the added person's"
    );
    // a retry: no second seat, no second payment
    let again = desk
        .add_person(&b.booking_number, &adult("Ivan Petrov"), &cash(), key)
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.participant_id, Some(added));
    assert_eq!(db.counters(dep).await, (4, 3, 0));
    assert_eq!(
        code(
            desk.add_person(&b.booking_number, &adult("Someone Else"), &cash(), key)
                .await
        ),
        "IDEMPOTENCY_CONFLICT"
    );

    // unpaid: the child's price becomes the balance
    let child = ParticipantInput {
        name: "Masha Petrova".into(),
        kind: ParticipantKind::Child,
        equipment: "size 32 boots".into(),
        ..ParticipantInput::default()
    };
    let c = desk
        .add_person(&b.booking_number, &child, &unpaid(), Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!((c.adults, c.children, c.charged_minor), (3, 1, 0));
    assert_eq!(
        money(&c),
        (2_700_000, 2_250_000, 0, CHILD_PRICE, PaymentStatus::PartiallyPaid)
    );
    assert_eq!(db.counters(dep).await, (4, 4, 0));

    // full: SOLD_OUT, and nothing changed
    let before = desk.booking(&b.booking_number).await.unwrap();
    match desk
        .add_person(&b.booking_number, &adult("One Too Many"), &cash(), Uuid::now_v7())
        .await
    {
        Err(BookingError::SoldOut { requested, free }) => assert_eq!((requested, free), (1, 0)),
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
    let after = desk.booking(&b.booking_number).await.unwrap();
    assert_eq!(
        (after.total_minor, after.participants.len()),
        (before.total_minor, before.participants.len())
    );
    assert_eq!(db.counters(dep).await, (4, 4, 0));

    // a card needs its slip; a guide may not add
    assert_eq!(
        code(
            desk.add_person(
                &b.booking_number,
                &adult("X"),
                &Payment {
                    method: PaymentMethod::Card,
                    reference: String::new()
                },
                Uuid::now_v7()
            )
            .await
        ),
        "INVALID_INPUT"
    );
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-1").await;
    assert_eq!(
        code(
            guide
                .add_person(&b.booking_number, &adult("X"), &cash(), Uuid::now_v7())
                .await
        ),
        "FORBIDDEN"
    );
    assert_party(&db.pool, &b.booking_number).await;
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn removing_a_person_refunds_by_the_tier_and_offers_the_seat_to_the_waitlist() {
    let Sold { db, desk, dep, b } = sold(3, 3).await;
    let (entry, _) = desk
        .waitlist_join(dep, party(1, 0), "Waiting Wanda", "", "")
        .await
        .unwrap();

    let gone = b.participants[2].id;
    let key = Uuid::now_v7();
    let c = desk.remove_person(&b.booking_number, gone, key).await.unwrap();
    assert_eq!(
        (c.change, c.participant_id),
        (BookingChangeKind::RemovePerson, Some(gone))
    );
    assert_eq!((c.adults, c.children), (2, 0));
    // 100 h before: the customer tier gives 90 % of the seat's price back
    assert_eq!((c.refund_percent, c.refund_minor), (Some(90), 675_000));
    assert_eq!(c.price_change_minor, -ADULT_PRICE);
    assert_eq!(
        money(&c),
        (2_250_000, 2_250_000, 675_000, 0, PaymentStatus::PartiallyRefunded)
    );
    // the seat went to the waitlist first: an offer holds it
    assert_eq!(c.waitlist_offers, 1);
    assert_eq!(db.counters(dep).await, (3, 2, 1));
    let status: String = sqlx::query_scalar("select status from waitlist_entries where id = $1")
        .bind(entry.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "offered");
    let row = one_audit(&db.pool, "participant.removed", &desk).await;
    assert_eq!(
        (
            row.details["refund_percent"].as_i64(),
            row.details["refund_minor"].as_i64()
        ),
        (Some(90), Some(675_000))
    );
    let refund = one_audit(&db.pool, "refund.given", &desk).await;
    assert_eq!(refund.details["amount_minor"], 675_000);
    let kept: i64 = sqlx::query_scalar("select count(*) from removed_participants where participant_id = $1")
        .bind(gone.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(kept, 1, "the removed person's row is kept");
    assert!(
        desk.booking(&b.booking_number)
            .await
            .unwrap()
            .participants
            .iter()
            .all(|p| p.id != gone)
    );

    // a retry: the first answer; the seat and the money moved once
    let again = desk.remove_person(&b.booking_number, gone, key).await.unwrap();
    assert!(again.replayed);
    assert_eq!(
        BookingChanged {
            replayed: false,
            ..again
        },
        c
    );
    assert_eq!(db.counters(dep).await, (3, 2, 1));
    assert_eq!(ledger_rows(&db.pool, &b.booking_number).await.len(), 2);
    assert_eq!(
        code(desk.remove_person(&b.booking_number, gone, Uuid::now_v7()).await),
        "NOT_FOUND"
    );

    // a second removal: 90 % of that seat too, never the first one's again
    let c = desk
        .remove_person(&b.booking_number, b.participants[1].id, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(c.refund_minor, 675_000);
    assert_eq!(
        money(&c),
        (2_250_000, 2_250_000, 1_350_000, 0, PaymentStatus::PartiallyRefunded)
    );
    // the card (`booking show`) lists both: who, when, by whom, what went back
    let card = desk.booking_card(&b.booking_number).await.unwrap();
    let removed: Vec<_> = card
        .removed
        .iter()
        .map(|r| {
            (
                r.participant_id,
                r.name.as_str(),
                r.kind,
                r.staff_name.as_str(),
                r.device_name.as_str(),
                r.refund_percent,
                r.refund_minor,
            )
        })
        .collect();
    assert_eq!(
        removed,
        [2, 1].map(|i| {
            let p = &b.participants[i];
            (p.id, p.name.as_str(), p.kind, "Desk Clerk", "desk-1", 90, 675_000)
        })
    );
    assert!(card.removed[0].removed_at <= card.removed[1].removed_at);
    assert!(
        card.participants
            .iter()
            .all(|p| card.removed.iter().all(|r| r.participant_id != p.id))
    );
    // the last person: that is a cancellation
    match desk
        .remove_person(&b.booking_number, b.participants[0].id, Uuid::now_v7())
        .await
    {
        Err(e @ BookingError::LastPerson { .. }) => {
            assert_eq!(e.code().as_str(), "LAST_PERSON");
            assert!(e.to_string().contains("cancel"), "{e}");
        }
        other => panic!("expected LAST_PERSON, got {other:?}"),
    }
    // a guide may not remove
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-1").await;
    assert_eq!(
        code(
            guide
                .remove_person(&b.booking_number, b.participants[0].id, Uuid::now_v7())
                .await
        ),
        "FORBIDDEN"
    );
    assert_party(&db.pool, &b.booking_number).await;
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn an_unpaid_booking_gets_nothing_back_and_a_checked_in_person_stays_until_undone() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let (dep, starts) = super::checkin::departure_at_ten(&manager, "Avachinsky volcano", 2, 10).await;
    let fam = manager.book(&super::checkin::family(dep)).await.unwrap();
    assert_eq!(fam.total_minor, 2 * ADULT_PRICE + CHILD_PRICE);
    let (anna, ivan, masha) = (
        ParticipantId(fam.participants[0].id.0),
        ParticipantId(fam.participants[1].id.0),
        ParticipantId(fam.participants[2].id.0),
    );
    let mut req = tourdesk::booking::CheckInRequest::participant(ivan, Some(dep));
    req.occurred_at = starts - Duration::minutes(15);
    req.at = Some(req.occurred_at);
    manager.check_in(&req).await.unwrap();

    assert_eq!(
        code(manager.remove_person(&fam.booking_number, ivan, Uuid::now_v7()).await),
        "ALREADY_CHECKED_IN"
    );
    assert_eq!(db.counters(dep).await.1, 3, "nothing changed");
    manager.undo_check_in(ivan, "wrong person").await.unwrap();
    let c = manager
        .remove_person(&fam.booking_number, ivan, Uuid::now_v7())
        .await
        .unwrap();
    // unpaid: no refund, the balance only shrinks
    assert_eq!(c.refund_minor, 0);
    assert_eq!(
        money(&c),
        (
            ADULT_PRICE + CHILD_PRICE,
            0,
            0,
            ADULT_PRICE + CHILD_PRICE,
            PaymentStatus::Unpaid
        )
    );
    let history: Value = sqlx::query_scalar("select check_ins from removed_participants where participant_id = $1")
        .bind(ivan.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        history[0]["status"], "undone",
        "the undone check-in is kept with the row"
    );
    // the last adult of a party with a child cannot go
    assert_eq!(
        code(manager.remove_person(&fam.booking_number, anna, Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    manager
        .remove_person(&fam.booking_number, masha, Uuid::now_v7())
        .await
        .unwrap();
    assert_party(&db.pool, &fam.booking_number).await;
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}
