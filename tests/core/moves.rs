//! Moving a booking to another departure: the party and its details go
//! along, the seats and the money follow the rules (a customer's move is
//! re-priced with the refund tier on what goes back, an operator's or the
//! weather's is free), every refusal changes nothing, a retry with the key
//! answers the first move, and the tickets are reissued for the target.

use super::checkin::{departure_at_ten, family, scan_at};
use super::*;
use tourdesk::booking::{MoveRequest, Moved, NewDeparture, Verdict};
use tourdesk::domain::{ErrorCode, MoveReason, ParticipantId, PaymentMethod};
use tourdesk::ticket::SignedTicket;

/// A departure of `tour` `hours` from now at these prices.
async fn priced(core: &Core, tour: &str, hours: i64, capacity: u32, adult: i64, child: i64) -> DepartureId {
    core.add_departure(&NewDeparture {
        tour: tour.to_string(),
        starts_at: Utc::now() + Duration::hours(hours),
        time_zone: chrono_tz::Asia::Kamchatka,
        capacity,
        adult_price_minor: adult,
        child_price_minor: child,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
    })
    .await
    .expect("add departure")
    .0
}

/// A paid family of 2 adults and a child with their details (family()).
async fn paid_family(core: &Core, dep: DepartureId) -> tourdesk::booking::Booking {
    let mut r = family(dep);
    r.payment = cash();
    core.book(&r).await.unwrap()
}

async fn move_to(core: &Core, number: &str, to: DepartureId, reason: MoveReason) -> Result<Moved, BookingError> {
    core.move_booking(&MoveRequest::new(number, to, reason), Uuid::now_v7())
        .await
}

/// (name, kind, medical notes, departure) of a booking's participants.
async fn people(pool: &PgPool, number: &str) -> Vec<(String, String, String, i64)> {
    sqlx::query_as(
        "select p.name, p.kind, p.medical_notes, p.departure_id from participants p
           join bookings b on b.id = p.booking_id where b.booking_number = $1 order by p.position",
    )
    .bind(number)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_customer_move_to_a_dearer_departure_keeps_the_party_and_charges_the_difference() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let from = db.departure(&manager, 100, 10).await;
    let to = priced(&manager, "Mutnovsky volcano", 200, 4, 900_000, 500_000).await;
    let b = paid_family(&desk, from).await;
    let old_total = 2 * ADULT_PRICE + CHILD_PRICE;
    assert_eq!(b.total_minor, old_total);
    let before = people(&db.pool, &b.booking_number).await;

    // the quote first: what the desk shows, nothing changed
    let request = MoveRequest::new(&b.booking_number, to, MoveReason::Customer);
    let quote = desk.move_quote(&request).await.unwrap();
    let new_total = 2 * 900_000 + 500_000;
    assert_eq!(
        (
            quote.old_total_minor,
            quote.new_total_minor,
            quote.price_difference_minor
        ),
        (old_total, new_total, new_total - old_total)
    );
    assert_eq!((quote.refund_minor, quote.charge_minor), (0, new_total - old_total));
    assert_eq!((quote.free_seats, quote.fits), (4, true));
    assert_eq!(db.counters(from).await, (10, 3, 0));
    assert_eq!(db.counters(to).await, (4, 0, 0));
    assert_eq!(desk.booking(&b.booking_number).await.unwrap().departure_id, from);

    let m = desk.move_booking(&request, Uuid::now_v7()).await.unwrap();
    assert_eq!((m.from_departure_id, m.to_departure_id, m.seats), (from.0, to.0, 3));
    assert_eq!(
        (m.booking_number.as_str(), m.confirmation_code.as_str()),
        (b.booking_number.as_str(), b.confirmation_code.as_str()),
        "the same number and code"
    );
    assert_eq!((m.old_total_minor, m.new_total_minor), (old_total, new_total));
    assert_eq!(
        (m.price_difference_minor, m.charge_minor, m.refund_minor),
        (350_000, 350_000, 0)
    );
    assert_eq!(
        (m.balance_minor, m.payment_status),
        (350_000, PaymentStatus::PartiallyPaid)
    );
    assert_eq!((m.ticket_generation, m.replayed), (2, false));

    let after = desk.booking(&b.booking_number).await.unwrap();
    assert_eq!((after.departure_id, after.total_minor), (to, new_total));
    assert_eq!(after.price["total_minor"], new_total, "the target's breakdown");
    let moved_people = people(&db.pool, &b.booking_number).await;
    assert_eq!(moved_people.len(), 3);
    for (was, is) in before.iter().zip(&moved_people) {
        assert_eq!((&was.0, &was.1, &was.2), (&is.0, &is.1, &is.2), "details kept");
        assert_eq!(is.3, to.0, "participants.departure_id follows");
    }
    assert_eq!(db.counters(from).await, (10, 0, 0));
    assert_eq!(db.counters(to).await, (4, 3, 0));
    db.assert_consistent(from).await;
    db.assert_consistent(to).await;

    let row = one_audit(&db.pool, "booking.moved", &desk).await;
    assert_eq!(row.departure_id, Some(to.0));
    assert_eq!(row.details["from_departure_id"], from.0);
    assert_eq!(row.details["to_departure_id"], to.0);
    assert_eq!(row.details["price_difference_minor"], 350_000);
    assert_eq!(row.details["reason"], "customer");
    // the balance is taken at the desk like any other
    let paid = desk
        .pay(
            &b.booking_number,
            350_000,
            tourdesk::domain::PaymentMethod::Cash,
            "",
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert_eq!((paid.balance_minor, paid.payment_status), (0, PaymentStatus::Paid));
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_customer_move_to_a_cheaper_departure_refunds_by_the_tier_of_the_source() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    // 50 h before the source: the customer tier gives 75 %
    let from = db.departure(&manager, 50, 10).await;
    let to = priced(&manager, "Bay cruise", 300, 10, 500_000, 300_000).await;
    let b = desk.book(&request(from, 2, 0, "Two Adults")).await.unwrap();
    assert_eq!(b.total_minor, 1_500_000);
    let m = move_to(&desk, &b.booking_number, to, MoveReason::Customer)
        .await
        .unwrap();
    // 15 000 paid, 10 000 the new price: 5 000 beyond it, 75 % of that back
    assert_eq!(m.price_difference_minor, -500_000);
    assert_eq!((m.refund_percent, m.refund_minor, m.charge_minor), (75, 375_000, 0));
    assert_eq!(
        m.new_total_minor,
        1_000_000 + 500_000,
        "what was paid beyond the new price stays in the total (its refund is a row)"
    );
    assert_eq!(
        (m.balance_minor, m.payment_status),
        (0, PaymentStatus::PartiallyRefunded)
    );
    let ledger = desk.ledger(&b.booking_number).await.unwrap();
    assert_eq!(ledger.len(), 2);
    assert_eq!(ledger[1].amount_minor, 375_000);
    assert!(
        ledger[1].reason.contains("moved to departure"),
        "{:?}",
        ledger[1].reason
    );
    let after = desk.booking(&b.booking_number).await.unwrap();
    let lines = after.price["lines"].as_array().unwrap();
    assert_eq!(lines.last().unwrap()["kind"], "paid_beyond");
    assert_eq!(lines.last().unwrap()["amount_minor"], 500_000);
    assert_eq!(after.price["total_minor"], 1_500_000);
    assert_eq!(
        after.total_minor - 375_000,
        1_000_000 + 125_000,
        "owed in the end: the price and the fee"
    );

    // unpaid: nothing to refund, the new price is what is due
    let mut r = request(from, 2, 0, "Pays Later");
    r.payment.method = PaymentMethod::Unpaid;
    let u = desk.book(&r).await.unwrap();
    let m = move_to(&desk, &u.booking_number, to, MoveReason::Customer)
        .await
        .unwrap();
    assert_eq!(
        (m.refund_minor, m.new_total_minor, m.balance_minor),
        (0, 1_000_000, 1_000_000)
    );
    db.assert_consistent(from).await;
    db.assert_consistent(to).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_free_move_costs_nothing_and_refunds_the_difference_only_when_told() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let from = db.departure(&manager, 100, 10).await;
    let dearer = priced(&manager, "Mutnovsky volcano", 200, 10, 900_000, 500_000).await;
    let cheaper = priced(&manager, "Bay cruise", 300, 10, 500_000, 300_000).await;
    let b = desk.book(&request(from, 2, 0, "Operator Moved")).await.unwrap();

    // waiving the price off a departure that runs is a manager's
    assert_eq!(
        code(move_to(&desk, &b.booking_number, dearer, MoveReason::Operator).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(
            desk.move_quote(&MoveRequest::new(&b.booking_number, dearer, MoveReason::Weather))
                .await
        ),
        "FORBIDDEN"
    );
    let m = move_to(&manager, &b.booking_number, dearer, MoveReason::Operator)
        .await
        .unwrap();
    assert_eq!(m.price_difference_minor, 300_000, "what the customer is spared");
    assert_eq!((m.new_total_minor, m.charge_minor, m.refund_minor), (1_500_000, 0, 0));
    assert_eq!((m.balance_minor, m.payment_status), (0, PaymentStatus::Paid));

    // cheaper, not told: nothing back, the price kept as paid
    let m = move_to(&manager, &b.booking_number, cheaper, MoveReason::Weather)
        .await
        .unwrap();
    assert_eq!((m.new_total_minor, m.refund_minor, m.refund_percent), (1_500_000, 0, 0));
    // told: all of the difference paid goes back, no tier
    let c = desk.book(&request(from, 2, 0, "Gets It Back")).await.unwrap();
    let mut r = MoveRequest::new(&c.booking_number, cheaper, MoveReason::Operator);
    r.refund_difference = true;
    let m = manager.move_booking(&r, Uuid::now_v7()).await.unwrap();
    assert_eq!(
        (m.refund_percent, m.refund_minor, m.new_total_minor),
        (100, 500_000, 1_500_000)
    );
    assert_eq!(m.balance_minor, 0);
    assert_eq!(m.payment_status, PaymentStatus::PartiallyRefunded);
    for d in [from, dearer, cheaper] {
        db.assert_consistent(d).await;
    }
    db.assert_ledger().await;
}

#[tokio::test]
async fn refusals_say_why_and_change_nothing() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let guide = db.core_as(Role::Guide, "Guide", "field-1").await;
    let from = db.departure(&manager, 100, 10).await;
    let full = db.departure_of(&manager, "Bay cruise", 120, 3).await;
    let b = desk.book(&request(from, 2, 0, "Wants To Move")).await.unwrap();
    desk.book(&request(full, 2, 0, "Almost Full")).await.unwrap();
    let n = b.booking_number.as_str();

    // one seat free: a party of two does not fit (the quote says so too)
    match move_to(&desk, n, full, MoveReason::Customer).await {
        Err(BookingError::SoldOut { requested, free }) => assert_eq!((requested, free), (2, 1)),
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
    let q = desk
        .move_quote(&MoveRequest::new(n, full, MoveReason::Customer))
        .await
        .unwrap();
    assert_eq!((q.fits, q.free_seats), (false, 1));
    assert_eq!(
        code(move_to(&desk, n, from, MoveReason::Customer).await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(move_to(&desk, n, DepartureId(999_999), MoveReason::Customer).await),
        "NOT_FOUND"
    );
    assert_eq!(
        code(move_to(&desk, "TD-ZZZZZZ", full, MoveReason::Customer).await),
        "NOT_FOUND"
    );
    assert_eq!(code(move_to(&guide, n, full, MoveReason::Customer).await), "FORBIDDEN");

    let cancelled = db.departure_of(&manager, "Rafting", 130, 10).await;
    manager
        .cancel_departure(cancelled, CancelReason::Operator, "boat broken")
        .await
        .unwrap();
    assert_eq!(
        code(move_to(&desk, n, cancelled, MoveReason::Customer).await),
        "DEPARTURE_CANCELLED"
    );
    let gone = db.departure_of(&manager, "Geysers", 140, 10).await;
    sqlx::query("update departures set starts_at = now() - interval '1 hour' where id = $1")
        .bind(gone.0)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        code(move_to(&desk, n, gone, MoveReason::Customer).await),
        "SALES_CLOSED"
    );
    let dollars = manager
        .add_departure(&NewDeparture {
            tour: "Bears".into(),
            starts_at: Utc::now() + Duration::hours(150),
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity: 10,
            adult_price_minor: 10_000,
            child_price_minor: 5_000,
            currency: "USD".into(),
            meeting_point: String::new(),
        })
        .await
        .unwrap()
        .0;
    assert_eq!(
        code(move_to(&desk, n, dollars, MoveReason::Customer).await),
        "INVALID_INPUT"
    );

    // nothing changed by any of them
    assert_eq!(desk.booking(n).await.unwrap().departure_id, from);
    assert_eq!(db.counters(from).await, (10, 2, 0));
    assert_eq!(db.counters(full).await, (3, 2, 0));
    assert!(audit(&db.pool, "booking.moved").await.is_empty());

    // a cancelled booking stays where it was
    desk.cancel(n, CancelReason::Customer, "").await.unwrap();
    let other = db.departure_of(&manager, "Lakes", 160, 10).await;
    assert_eq!(
        code(move_to(&desk, n, other, MoveReason::Customer).await),
        "BOOKING_CANCELLED"
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_party_with_anyone_checked_in_moves_only_after_the_undo() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let (from, starts) = departure_at_ten(&manager, "Avachinsky volcano", 2, 10).await;
    let (to, _) = departure_at_ten(&manager, "Mutnovsky volcano", 3, 10).await;
    let b = manager.book(&family(from)).await.unwrap();
    let key = registered_key(&manager).await;
    let tickets = manager.tickets(&b.booking_number, &key).await.unwrap();
    let c = scan_at(&manager, &tickets[1].code, Some(from), starts - Duration::minutes(20)).await;
    assert!(c.verdict.is_admitted(), "{c:?}");
    match move_to(&manager, &b.booking_number, to, MoveReason::Customer).await {
        Err(e @ BookingError::AlreadyCheckedIn { .. }) => {
            assert!(e.to_string().contains("undo the check-in first"), "{e}")
        }
        other => panic!("expected ALREADY_CHECKED_IN, got {other:?}"),
    }
    assert_eq!(db.counters(to).await, (10, 0, 0));
    let first: i64 = sqlx::query_scalar(
        "select p.id from participants p join bookings b on b.id = p.booking_id
          where b.booking_number = $1 order by p.position limit 1",
    )
    .bind(&b.booking_number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    manager
        .undo_check_in(ParticipantId(first), "moving to another day")
        .await
        .unwrap();
    let m = move_to(&manager, &b.booking_number, to, MoveReason::Customer)
        .await
        .unwrap();
    assert_eq!(m.to_departure_id, to.0);
}

#[tokio::test]
async fn old_tickets_answer_reissued_and_the_new_ones_admit_at_the_target() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let (from, from_starts) = departure_at_ten(&manager, "Avachinsky volcano", 2, 10).await;
    let (to, to_starts) = departure_at_ten(&manager, "Mutnovsky volcano", 3, 10).await;
    let b = manager.book(&family(from)).await.unwrap();
    let key = registered_key(&manager).await;
    let old = manager.tickets(&b.booking_number, &key).await.unwrap();
    let m = move_to(&manager, &b.booking_number, to, MoveReason::Customer)
        .await
        .unwrap();
    assert_eq!(m.ticket_generation, 2);
    let new = manager.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(new.len(), old.len());
    for t in &new {
        assert_eq!(SignedTicket::parse(&t.code).unwrap().claims.departure_id, to.0 as u64);
        assert!(old.iter().all(|o| o.code != t.code));
    }
    for (code, dep, at) in [(&old[1].code, from, from_starts), (&old[1].code, to, to_starts)] {
        let c = scan_at(&manager, code, Some(dep), at - Duration::minutes(20)).await;
        assert!(
            matches!(&c.verdict, Verdict::Cancelled { reason, .. } if reason == "reissued"),
            "{c:?}"
        );
    }
    let c = scan_at(&manager, &new[1].code, Some(to), to_starts - Duration::minutes(20)).await;
    assert!(c.verdict.is_admitted(), "{c:?}");
}

#[tokio::test]
async fn a_retry_with_the_key_returns_the_first_move() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let from = db.departure(&manager, 100, 10).await;
    let to = priced(&manager, "Mutnovsky volcano", 200, 10, 900_000, 500_000).await;
    let b = desk.book(&request(from, 2, 0, "Retries")).await.unwrap();
    let request = MoveRequest::new(&b.booking_number, to, MoveReason::Customer);
    let key = Uuid::now_v7();
    let first = desk.move_booking(&request, key).await.unwrap();
    let again = desk.move_booking(&request, key).await.unwrap();
    assert!(again.replayed);
    assert_eq!(
        Moved {
            replayed: false,
            ..again
        },
        first
    );
    assert_eq!(db.counters(from).await, (10, 0, 0));
    assert_eq!(db.counters(to).await, (10, 2, 0));
    assert_eq!(audit(&db.pool, "booking.moved").await.len(), 1);
    // the key for another move is a conflict; a new key moves it back
    let back = MoveRequest::new(&b.booking_number, from, MoveReason::Customer);
    assert_eq!(code(desk.move_booking(&back, key).await), "IDEMPOTENCY_CONFLICT");
    let m = desk.move_booking(&back, Uuid::now_v7()).await.unwrap();
    assert_eq!(
        (m.from_departure_id, m.to_departure_id, m.ticket_generation),
        (to.0, from.0, 3)
    );
    db.assert_consistent(from).await;
    db.assert_consistent(to).await;
    db.assert_ledger().await;
}

#[tokio::test]
async fn freed_seats_go_to_the_source_waitlist_but_not_a_cancelled_ones() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let from = db.departure(&manager, 100, 2).await;
    let to = db.departure_of(&manager, "Bay cruise", 120, 10).await;
    let b = desk.book(&request(from, 2, 0, "Leaves")).await.unwrap();
    let (entry, _) = desk
        .waitlist_join(from, party(1, 0), "Waits", "+79140000001", "")
        .await
        .unwrap();
    let m = move_to(&desk, &b.booking_number, to, MoveReason::Customer)
        .await
        .unwrap();
    assert_eq!(m.waitlist_offers, 1);
    assert_eq!(entry_status(&db.pool, entry).await, "offered");
    assert_eq!(db.counters(from).await, (2, 0, 1));
    db.assert_consistent(from).await;

    // a weather cancellation leaves its parties to rebook (migration 0022):
    // the booking is still on it, its seats still counted there
    let rained = db.departure_of(&manager, "Rafting", 130, 2).await;
    let wet = desk.book(&request(rained, 2, 0, "Rained Off")).await.unwrap();
    let (hoping, _) = desk
        .waitlist_join(rained, party(1, 0), "Still Hoping", "", "")
        .await
        .unwrap();
    manager
        .cancel_departure(rained, CancelReason::Weather, "storm")
        .await
        .unwrap();
    assert_eq!(
        db.counters(rained).await,
        (2, 2, 0),
        "the party to rebook keeps its seats counted"
    );
    assert_eq!(
        code(move_to(&desk, &wet.booking_number, to, MoveReason::Customer).await),
        "INVALID_INPUT",
        "a customer's move off a cancelled departure"
    );
    // the desk rebooks it free of charge: the server knows it is the operator's doing
    let m = move_to(&desk, &wet.booking_number, to, MoveReason::Weather)
        .await
        .unwrap();
    assert_eq!((m.charge_minor, m.refund_minor, m.waitlist_offers), (0, 0, 0));
    assert_eq!(db.counters(rained).await, (2, 0, 0), "its seats leave with it, once");
    let case: String = sqlx::query_scalar("select status from rebookings where booking_id = $1")
        .bind(wet.booking_id.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        case, "moved",
        "the move resolves the case: the sweep will not refund it"
    );
    assert_eq!(
        entry_status(&db.pool, hoping).await,
        "cancelled",
        "the cancellation ended the waitlist, and the move offered it nothing"
    );
    assert_eq!(db.counters(to).await, (10, 4, 0));
    db.assert_consistent(to).await;
    db.assert_ledger().await;
}

/// (total, paid, refunded) of a booking, from its row.
async fn money_of(pool: &PgPool, number: &str) -> (i64, i64, i64) {
    sqlx::query_as("select total_minor, paid_minor, refunded_minor from bookings where booking_number = $1")
        .bind(number)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_chain_of_customer_moves_charges_the_new_price_and_keeps_the_fee_kept() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    // 50 h before the source: the customer tier gives 75 % of what goes back
    let from = db.departure(&manager, 50, 10).await;
    let cheaper = priced(&manager, "Bay cruise", 300, 10, 500_000, 300_000).await;
    let dearer = priced(&manager, "Mutnovsky volcano", 200, 10, 900_000, 500_000).await;
    let same = priced(&manager, "Mutnovsky volcano", 220, 10, 900_000, 500_000).await;
    let b = desk.book(&request(from, 2, 0, "Keeps Moving")).await.unwrap();
    let n = b.booking_number.as_str();
    let paid = 2 * ADULT_PRICE;
    assert_eq!(money_of(&db.pool, n).await, (paid, paid, 0));

    // cheaper: 75 % of what was paid beyond the new price goes back, the
    // rest is the fee; the balance (total less paid) stays nothing
    let m = move_to(&desk, n, cheaper, MoveReason::Customer).await.unwrap();
    let beyond = paid - 2 * 500_000;
    let refund = beyond * 75 / 100;
    let fee = beyond - refund;
    assert_eq!((m.refund_percent, m.refund_minor, m.charge_minor), (75, refund, 0));
    assert_eq!((m.new_total_minor, m.balance_minor), (paid, 0));
    assert_eq!(money_of(&db.pool, n).await, (paid, paid, refund));
    let after = desk.booking(n).await.unwrap();
    let line = after.price["lines"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (line["kind"].as_str(), line["amount_minor"].as_i64()),
        (Some("paid_beyond"), Some(beyond))
    );
    db.assert_ledger().await;

    // dearer: the new price and the fee kept, less what was paid net
    let quote = desk
        .move_quote(&MoveRequest::new(n, dearer, MoveReason::Customer))
        .await
        .unwrap();
    let owed = 2 * 900_000 + fee - (paid - refund);
    assert_eq!(
        quote.price_difference_minor,
        2 * 900_000 - 2 * 500_000,
        "price to price"
    );
    assert_eq!(
        (quote.charge_minor, quote.balance_minor, quote.refund_minor),
        (owed, owed, 0)
    );
    let m = move_to(&desk, n, dearer, MoveReason::Customer).await.unwrap();
    assert_eq!((m.charge_minor, m.balance_minor, m.refund_minor), (owed, owed, 0));
    assert_eq!(m.payment_status, PaymentStatus::PartiallyRefunded);
    assert_eq!(money_of(&db.pool, n).await, (paid + owed, paid, refund));
    db.assert_ledger().await;
    // the balance is taken as any other, and no more than it
    assert_eq!(
        code(desk.pay(n, owed + 1, PaymentMethod::Cash, "", Uuid::now_v7()).await),
        "EXCEEDS_BALANCE"
    );
    let p = desk
        .pay(n, owed, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(p.balance_minor, 0);
    assert_eq!(
        p.paid_minor - p.refunded_minor,
        2 * 900_000 + fee,
        "in the end: the price and the fee kept"
    );
    db.assert_ledger().await;

    // the same price: nothing charged, nothing back, the fee still kept
    let m = move_to(&desk, n, same, MoveReason::Customer).await.unwrap();
    assert_eq!(
        (
            m.price_difference_minor,
            m.charge_minor,
            m.refund_minor,
            m.balance_minor
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(money_of(&db.pool, n).await, (paid + owed, paid + owed, refund));
    let lines = desk.booking(n).await.unwrap().price["lines"].clone();
    let sum: i64 = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount_minor"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, paid + owed, "the lines add up to the total: {lines}");
    for d in [from, cheaper, dearer, same] {
        db.assert_consistent(d).await;
    }
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_move_at_a_price_other_than_the_quoted_one_is_refused_and_changes_nothing() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let from = db.departure(&manager, 100, 10).await;
    let to = priced(&manager, "Mutnovsky volcano", 200, 10, 900_000, 500_000).await;
    let b = desk.book(&request(from, 2, 0, "Was Quoted")).await.unwrap();
    let n = b.booking_number.as_str();
    let request = MoveRequest::new(n, to, MoveReason::Customer);
    let shown = desk.move_quote(&request).await.unwrap();
    assert_eq!(shown.new_total_minor, 1_800_000);

    // the target's price changes between the quote and the move
    sqlx::query("update departures set adult_price_minor = 950000 where id = $1")
        .bind(to.0)
        .execute(&db.pool)
        .await
        .unwrap();
    let key = Uuid::now_v7();
    match desk.move_booking(&request.clone().as_quoted(&shown), key).await {
        Err(BookingError::PriceChanged { shown, now, currency }) => {
            assert_eq!((shown, now, currency.as_str()), (1_800_000, 1_900_000, "RUB"))
        }
        other => panic!("expected PRICE_CHANGED, got {other:?}"),
    }
    assert_eq!(desk.booking(n).await.unwrap().departure_id, from, "nothing moved");
    assert_eq!(money_of(&db.pool, n).await, (1_500_000, 1_500_000, 0));
    assert_eq!(db.counters(from).await, (10, 2, 0));
    assert_eq!(db.counters(to).await, (10, 0, 0));
    assert!(audit(&db.pool, "booking.moved").await.is_empty());

    // the new quote, shown and confirmed, moves (the same key: nothing was made under it)
    let again = desk.move_quote(&request).await.unwrap();
    assert_eq!(again.new_total_minor, 1_900_000);
    let m = desk
        .move_booking(&request.clone().as_quoted(&again), key)
        .await
        .unwrap();
    assert_eq!((m.new_total_minor, m.charge_minor), (1_900_000, 400_000));
    // a retry answers the move made, whatever the price does since
    sqlx::query("update departures set adult_price_minor = 990000 where id = $1")
        .bind(to.0)
        .execute(&db.pool)
        .await
        .unwrap();
    let retry = desk.move_booking(&request.as_quoted(&again), key).await.unwrap();
    assert!(retry.replayed);
    // no figure at all through the api: a retry is answered, a new move refused
    manager.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    let app = db.app_pool(1).await;
    let token = api_token(&app, "7364").await;
    let bare = |to: DepartureId, key: Uuid| {
        sqlx::query_scalar::<_, bool>("select replayed from api.booking_move($1, $2, $3, 'customer', $4, null)")
            .bind(token.clone())
            .bind(n.to_string())
            .bind(to.0)
            .bind(key)
            .fetch_one(&app)
    };
    assert!(bare(to, key).await.unwrap(), "the move made under the key");
    let e = BookingError::from(bare(from, Uuid::now_v7()).await.unwrap_err());
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    assert!(e.to_string().contains("new total"), "{e}");
    assert_eq!(desk.booking(n).await.unwrap().departure_id, to);
    db.assert_consistent(from).await;
    db.assert_consistent(to).await;
    db.assert_ledger().await;
}
