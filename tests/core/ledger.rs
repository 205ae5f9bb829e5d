//! The money ledger: payments and refunds as rows, who may, the limits,
//! idempotency on the client's key, the audit, and existing money migrated.

use super::*;
use tourdesk::booking::MoneyMoved;
use tourdesk::domain::{LedgerKind, PaymentMethod};

async fn unpaid(core: &Core, dep: DepartureId, adults: u32, name: &str) -> tourdesk::booking::Booking {
    let mut req = request(dep, adults, 0, name);
    req.payment.method = PaymentMethod::Unpaid;
    core.book(&req).await.unwrap()
}

fn totals(m: &MoneyMoved) -> (i64, i64, i64, PaymentStatus) {
    (m.paid_minor, m.refunded_minor, m.balance_minor, m.payment_status)
}

#[tokio::test]
async fn a_balance_is_taken_in_parts_and_never_beyond() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let dep = db.departure(&manager, 100, 10).await;
    let b = unpaid(&desk, dep, 2, "Pays later").await;
    assert_eq!(b.total_minor, 2 * ADULT_PRICE);
    assert_eq!(b.payment_status, PaymentStatus::Unpaid);
    assert!(
        desk.ledger(&b.booking_number).await.unwrap().is_empty(),
        "an unpaid sale has no row"
    );

    let first = desk
        .pay(&b.booking_number, 500_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(
        (first.kind, first.method, first.amount_minor),
        (LedgerKind::Payment, PaymentMethod::Cash, 500_000)
    );
    assert_eq!(totals(&first), (500_000, 0, 1_000_000, PaymentStatus::PartiallyPaid));
    assert!(!first.replayed);
    assert_eq!(
        desk.booking(&b.booking_number).await.unwrap().payment_status,
        PaymentStatus::PartiallyPaid
    );
    db.assert_ledger().await;

    // a card needs its slip, a transfer its reference, a voucher its code
    // (tests/core/vouchers.rs redeems them)
    for (method, reference, expected) in [
        (PaymentMethod::Card, "", "INVALID_INPUT"),
        (PaymentMethod::Transfer, " ", "INVALID_INPUT"),
        (PaymentMethod::Voucher, "", "INVALID_INPUT"),
        (PaymentMethod::Voucher, "V-22222-22222", "NOT_FOUND"),
    ] {
        assert_eq!(
            code(
                desk.pay(&b.booking_number, 1_000, method, reference, Uuid::now_v7())
                    .await
            ),
            expected,
            "{method}"
        );
    }
    for amount in [0, -1] {
        assert_eq!(
            code(
                desk.pay(&b.booking_number, amount, PaymentMethod::Cash, "", Uuid::now_v7())
                    .await
            ),
            "INVALID_INPUT"
        );
    }
    // more than the balance: refused with the balance
    match desk
        .pay(&b.booking_number, 1_000_001, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
    {
        Err(e @ BookingError::ExceedsBalance { .. }) => {
            assert_eq!(e.details()["balance_minor"], 1_000_000);
            assert!(e.to_string().contains("10 000"), "the message names the balance: {e}");
        }
        other => panic!("expected EXCEEDS_BALANCE, got {other:?}"),
    }

    let rest = desk
        .pay(
            &b.booking_number,
            1_000_000,
            PaymentMethod::Card,
            " SLIP-0042 ",
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert_eq!(rest.reference, "SLIP-0042");
    assert_eq!(totals(&rest), (1_500_000, 0, 0, PaymentStatus::Paid));
    match desk
        .pay(&b.booking_number, 1, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
    {
        Err(BookingError::ExceedsBalance { balance_minor: 0, .. }) => {}
        other => panic!("a booking paid in full takes nothing more: {other:?}"),
    }

    // who: a guide takes no money; an unknown booking is NOT_FOUND
    let guide = db.core_as(Role::Guide, "Guide", "gate-1").await;
    assert_eq!(
        code(
            guide
                .pay(&b.booking_number, 1, PaymentMethod::Cash, "", Uuid::now_v7())
                .await
        ),
        "FORBIDDEN"
    );
    assert_eq!(
        code(desk.pay("TD-NOPE", 1, PaymentMethod::Cash, "", Uuid::now_v7()).await),
        "NOT_FOUND"
    );

    let rows = desk.ledger(&b.booking_number).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows.iter().map(|r| (r.amount_minor, r.method)).collect::<Vec<_>>(),
        [(500_000, PaymentMethod::Cash), (1_000_000, PaymentMethod::Card)]
    );
    assert!(
        rows.iter()
            .all(|r| r.staff_name == "Desk Clerk" && r.device_name == "desk-1")
    );
    let audit = audit(&db.pool, "payment.taken").await;
    let mine: Vec<_> = audit.iter().filter(|a| a.booking_id == Some(b.booking_id.0)).collect();
    assert_eq!(mine.len(), 2, "one audit row per payment, none for the refusals");
    for a in &mine {
        assert_eq!(a.staff_id, desk.actor().staff.map(|s| s.0));
        assert_eq!(a.device_id, Some(desk.actor().device.0));
        assert_eq!(a.departure_id, Some(dep.0));
    }
    assert_eq!(mine[1].details["amount_minor"], 1_000_000);
    assert_eq!(mine[1].details["method"], "card");
    assert_eq!(db.assert_ledger().await, 1);
}

#[tokio::test]
async fn a_payment_key_answers_once() {
    let db = TestDb::new().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let dep = db.departure(&db.manager().await, 100, 10).await;
    let b = unpaid(&desk, dep, 1, "Retries").await;
    let other = unpaid(&desk, dep, 1, "Other").await;
    let key = Uuid::now_v7();
    let first = desk
        .pay(&b.booking_number, 250_000, PaymentMethod::Transfer, "BANK-1", key)
        .await
        .unwrap();
    // the rest is paid meanwhile: the retry still answers as the first time
    desk.pay(&b.booking_number, 500_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    let again = desk
        .pay(&b.booking_number, 250_000, PaymentMethod::Transfer, "BANK-1", key)
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(
        MoneyMoved {
            replayed: false,
            ..again.clone()
        },
        first
    );
    for (number, amount, method, reference) in [
        (b.booking_number.as_str(), 250_001, PaymentMethod::Transfer, "BANK-1"),
        (b.booking_number.as_str(), 250_000, PaymentMethod::Cash, ""),
        (b.booking_number.as_str(), 250_000, PaymentMethod::Transfer, "BANK-2"),
        (
            other.booking_number.as_str(),
            250_000,
            PaymentMethod::Transfer,
            "BANK-1",
        ),
    ] {
        match desk.pay(number, amount, method, reference, key).await {
            Err(BookingError::IdempotencyConflict { booking_number }) => {
                assert_eq!(booking_number, b.booking_number, "names the booking the key paid")
            }
            r => panic!("{number} {amount} {method} {reference}: {r:?}"),
        }
    }
    // a payment's key is no refund's
    let manager = db.manager().await;
    assert_eq!(
        code(manager.refund(&b.booking_number, 250_000, "mistake", key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    let count: i64 = sqlx::query_scalar("select count(*) from ledger where client_key = $1")
        .bind(key)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let audited = audit(&db.pool, "payment.taken").await;
    assert_eq!(
        audited.iter().filter(|a| a.details["key"] == key.to_string()).count(),
        1
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_refund_is_a_managers_with_a_reason_and_never_beyond_what_was_paid() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let dep = db.departure(&manager, 100, 10).await;
    let mut req = request(dep, 1, 0, "Card customer");
    req.payment = Payment {
        method: PaymentMethod::Card,
        reference: "SLIP-7".into(),
    };
    let b = desk.book(&req).await.unwrap();
    assert_eq!(b.payment_status, PaymentStatus::Paid);

    // the desk may not choose a refund; a manager must give a reason
    assert_eq!(
        code(desk.refund(&b.booking_number, 1_000, "goodwill", Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(manager.refund(&b.booking_number, 1_000, "  ", Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(manager.refund(&b.booking_number, 0, "goodwill", Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    let key = Uuid::now_v7();
    let r = manager
        .refund(&b.booking_number, 150_000, "rain at the crater, shortened hike", key)
        .await
        .unwrap();
    assert_eq!(
        (r.kind, r.method, r.reference.as_str()),
        (LedgerKind::Refund, PaymentMethod::Card, "SLIP-7")
    );
    assert_eq!(totals(&r), (ADULT_PRICE, 150_000, 0, PaymentStatus::PartiallyRefunded));
    let again = manager
        .refund(&b.booking_number, 150_000, "rain at the crater, shortened hike", key)
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.entry_id, r.entry_id);
    assert_eq!(
        code(manager.refund(&b.booking_number, 150_000, "another reason", key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    match manager
        .refund(&b.booking_number, 600_001, "too much", Uuid::now_v7())
        .await
    {
        Err(e @ BookingError::ExceedsRefundable { .. }) => {
            assert_eq!(e.details()["refundable_minor"], 600_000);
        }
        other => panic!("expected EXCEEDS_REFUNDABLE, got {other:?}"),
    }
    // a refund reopens no balance: nothing more to pay
    assert_eq!(
        code(
            desk.pay(&b.booking_number, 1, PaymentMethod::Cash, "", Uuid::now_v7())
                .await
        ),
        "EXCEEDS_BALANCE"
    );

    // the cancellation refunds its percent of what is still held: 90 % of 6 000.00
    let c = desk
        .cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!((c.refund_percent, c.refund_minor), (90, 540_000));
    let after = desk.booking(&b.booking_number).await.unwrap();
    assert_eq!(after.payment_status, PaymentStatus::PartiallyRefunded);
    assert_eq!(
        code(
            desk.pay(&b.booking_number, 1, PaymentMethod::Cash, "", Uuid::now_v7())
                .await
        ),
        "BOOKING_CANCELLED"
    );
    // what the rules kept may still be given back, and no more
    let last = manager
        .refund(
            &b.booking_number,
            60_000,
            "goodwill after the cancellation",
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert_eq!(totals(&last), (ADULT_PRICE, ADULT_PRICE, 0, PaymentStatus::Refunded));
    match manager.refund(&b.booking_number, 1, "more", Uuid::now_v7()).await {
        Err(BookingError::ExceedsRefundable {
            refundable_minor: 0, ..
        }) => {}
        other => panic!("nothing left to refund: {other:?}"),
    }

    let rows = manager.ledger(&b.booking_number).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.kind, r.amount_minor)).collect::<Vec<_>>(),
        [
            (LedgerKind::Payment, ADULT_PRICE),
            (LedgerKind::Refund, 150_000),
            (LedgerKind::Refund, 540_000),
            (LedgerKind::Refund, 60_000),
        ]
    );
    assert_eq!(rows[0].staff_name, "Desk Clerk");
    assert_eq!(rows[2].reason, "cancelled (customer): 90 %");
    assert_eq!(
        rows[2].staff_name, "Desk Clerk",
        "the cancellation's refund is the canceller's"
    );
    let refunds = audit(&db.pool, "refund.given").await;
    assert_eq!(refunds.len(), 3);
    assert_eq!(refunds[0].staff_id, manager.actor().staff.map(|s| s.0));
    assert_eq!(refunds[0].details["reason"], "rain at the crater, shortened hike");
    assert_eq!(refunds[1].device_id, Some(desk.actor().device.0));
    db.assert_ledger().await;
}

#[tokio::test]
async fn sales_and_an_operator_cancellation_write_their_rows() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 30, 10).await;
    let paid = manager.book(&request(dep, 2, 0, "Paid")).await.unwrap();
    let none = unpaid(&manager, dep, 1, "Unpaid").await;
    let part = unpaid(&manager, dep, 1, "Part").await;
    manager
        .pay(&part.booking_number, 300_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    let rows = manager.ledger(&paid.booking_number).await.unwrap();
    assert_eq!(rows.len(), 1, "a paid sale is one payment row");
    assert_eq!(
        (rows[0].kind, rows[0].amount_minor),
        (LedgerKind::Payment, 2 * ADULT_PRICE)
    );

    let c = manager
        .cancel_departure(dep, CancelReason::Operator, "bus broke down")
        .await
        .unwrap();
    assert_eq!(
        c.refund_total_minor,
        2 * ADULT_PRICE + 300_000,
        "everyone gets back what they paid"
    );
    for (b, refunded, status) in [
        (&paid, 2 * ADULT_PRICE, PaymentStatus::Refunded),
        (&none, 0, PaymentStatus::Unpaid),
        (&part, 300_000, PaymentStatus::Refunded),
    ] {
        let rows = manager.ledger(&b.booking_number).await.unwrap();
        let back: i64 = rows
            .iter()
            .filter(|r| r.kind == LedgerKind::Refund)
            .map(|r| r.amount_minor)
            .sum();
        assert_eq!(back, refunded, "{}", b.contact_name);
        assert_eq!(manager.booking(&b.booking_number).await.unwrap().payment_status, status);
    }
    db.assert_ledger().await;
}

/// A database made before the ledger: its paid bookings and its
/// cancellations' refunds become rows, audited, and nothing else changes.
#[tokio::test]
async fn existing_money_migrates_into_the_ledger() {
    let db = TestDb::unmigrated(2).await;
    tourdesk::db::MIGRATOR.run_to(17, &db.pool).await.unwrap();
    sqlx::raw_sql(
        "insert into tours (id, name) values (1, 'Old tour');
         insert into devices (id, name) values (1, 'old-desk');
         insert into departures (id, tour_id, starts_at, capacity, booked, adult_price_minor, child_price_minor)
         values (1, 1, now() + interval '3 days', 10, 2, 750000, 450000);
         insert into bookings (id, booking_number, confirmation_code, departure_id, adults, children, contact_name,
                               price_breakdown, total_minor, currency, payment_status, payment_method,
                               payment_reference, paid_minor, idempotency_key, source, device_id, status)
         values (1, 'TD-PAID', 'C1', 1, 1, 0, 'Paid by card', '{}', 750000, 'RUB', 'paid', 'card', 'SLIP-1',
                 750000, gen_random_uuid(), 'desk', 1, 'confirmed'),
                (2, 'TD-UNPAID', 'C2', 1, 1, 0, 'Unpaid', '{}', 750000, 'RUB', 'unpaid', 'unpaid', '',
                 0, gen_random_uuid(), 'desk', 1, 'confirmed'),
                (3, 'TD-GONE', 'C3', 1, 1, 0, 'Cancelled', '{}', 750000, 'RUB', 'partially_refunded', 'cash', '',
                 750000, gen_random_uuid(), 'desk', 1, 'cancelled'),
                (4, 'TD-KEPT', 'C4', 1, 1, 0, 'Cancelled late', '{}', 750000, 'RUB', 'paid', 'cash', '',
                 750000, gen_random_uuid(), 'desk', 1, 'cancelled');
         insert into cancellations (booking_id, reason, hours_before, refund_percent, refund_minor, currency, device_id)
         values (3, 'customer', 60, 75, 562500, 'RUB', 1), (4, 'customer', 10, 0, 0, 'RUB', 1);",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    tourdesk::db::migrate(&db.pool).await.unwrap();

    let rows: Vec<(String, String, i64, String, String)> = sqlx::query_as(
        "select b.booking_number, l.kind, l.amount_minor, l.method, l.reference
           from ledger l join bookings b on b.id = l.booking_id order by l.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let rows: Vec<_> = rows
        .iter()
        .map(|(n, k, a, m, r)| (n.as_str(), k.as_str(), *a, m.as_str(), r.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("TD-PAID", "payment", 750_000, "card", "SLIP-1"),
            ("TD-GONE", "payment", 750_000, "cash", ""),
            ("TD-KEPT", "payment", 750_000, "cash", ""),
            ("TD-GONE", "refund", 562_500, "cash", ""),
        ]
    );
    let statuses: Vec<(String, String, i64)> =
        sqlx::query_as("select booking_number, payment_status, refunded_minor from bookings order by id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        statuses,
        [
            ("TD-PAID".to_string(), "paid".to_string(), 0),
            ("TD-UNPAID".to_string(), "unpaid".to_string(), 0),
            ("TD-GONE".to_string(), "partially_refunded".to_string(), 562_500),
            ("TD-KEPT".to_string(), "paid".to_string(), 0),
        ]
    );
    let migrated: i64 = sqlx::query_scalar("select count(*) from audit_log where (details ->> 'migrated')::boolean")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(migrated, 4, "each migrated row audited");
    assert_eq!(db.assert_ledger().await, 4);
}
