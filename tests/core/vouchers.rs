//! Vouchers: issued by a credit after a weather cancellation
//! (tests/core/rebook.rs), redeemed as a payment (`pay`, method voucher,
//! the code as reference): each refusal, a partial use, idempotent retries,
//! the audit, and a refund of a voucher payment going back onto it.

use super::*;
use tourdesk::booking::{NewDeparture, Resolution};
use tourdesk::domain::{LedgerKind, PaymentMethod};

/// A voucher of 7 500.00 RUB: a paid adult of a departure cancelled for
/// weather, credited.
async fn voucher(db: &TestDb, core: &Core) -> String {
    let dep = db.departure(core, 30, 4).await;
    let b = core.book(&request(dep, 1, 0, "Credited")).await.unwrap();
    core.cancel_departure(dep, CancelReason::Weather, "").await.unwrap();
    core.rebook_resolve(&b.booking_number, Resolution::Credit, Uuid::now_v7())
        .await
        .unwrap()
        .voucher_code
        .unwrap()
}

async fn unpaid(core: &Core, dep: DepartureId, adults: u32) -> String {
    let mut req = request(dep, adults, 0, "Spends it");
    req.payment.method = PaymentMethod::Unpaid;
    core.book(&req).await.unwrap().booking_number
}

#[tokio::test]
async fn a_voucher_pays_in_parts_until_it_is_spent() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let code_ = voucher(&db, &manager).await;
    let dep = db.departure(&manager, 100, 10).await;
    let b = unpaid(&desk, dep, 2).await; // 15 000.00

    let key = Uuid::now_v7();
    let typed = code_.to_lowercase(); // as typed at the desk
    let m = desk
        .pay(&b, 500_000, PaymentMethod::Voucher, &typed, key)
        .await
        .unwrap();
    assert_eq!(
        (
            m.method,
            m.reference.as_str(),
            m.amount_minor,
            m.balance_minor,
            m.payment_status
        ),
        (
            PaymentMethod::Voucher,
            code_.as_str(),
            500_000,
            1_000_000,
            PaymentStatus::PartiallyPaid
        )
    );
    assert_eq!(desk.voucher(&code_).await.unwrap().remaining_minor, 250_000);
    // the same key again: the first answer, the voucher not charged twice
    let again = desk
        .pay(&b, 500_000, PaymentMethod::Voucher, &code_, key)
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.entry_id, m.entry_id);
    assert_eq!(desk.voucher(&code_).await.unwrap().remaining_minor, 250_000);
    let row = one_audit(&db.pool, "voucher.redeemed", &desk).await;
    assert_eq!(
        (
            row.details["amount_minor"].as_i64(),
            row.details["remaining_minor"].as_i64()
        ),
        (Some(500_000), Some(250_000))
    );
    assert_eq!(row.details["code"], code_.as_str());

    // more than is left: refused with what is left
    match desk
        .pay(&b, 250_001, PaymentMethod::Voucher, &code_, Uuid::now_v7())
        .await
    {
        Err(e @ BookingError::VoucherInsufficient { .. }) => {
            assert_eq!(e.details()["remaining_minor"], 250_000);
            assert!(e.to_string().contains("2 500"), "names what is left: {e}");
        }
        other => panic!("expected VOUCHER_INSUFFICIENT, got {other:?}"),
    }
    desk.pay(&b, 250_000, PaymentMethod::Voucher, &code_, Uuid::now_v7())
        .await
        .unwrap();
    match desk.pay(&b, 1, PaymentMethod::Voucher, &code_, Uuid::now_v7()).await {
        Err(e @ BookingError::VoucherInsufficient { remaining_minor: 0, .. }) => {
            assert!(e.to_string().contains("spent"), "{e}")
        }
        other => panic!("a spent voucher pays nothing: {other:?}"),
    }
    // the rest in cash; the sale's method stays the booking's own (unpaid: a voucher is no sale's method)
    let last = desk
        .pay(&b, 750_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(last.payment_status, PaymentStatus::Paid);
    let rows = desk.ledger(&b).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.method, r.amount_minor)).collect::<Vec<_>>(),
        [
            (PaymentMethod::Voucher, 500_000),
            (PaymentMethod::Voucher, 250_000),
            (PaymentMethod::Cash, 750_000)
        ]
    );
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_voucher_is_refused_when_unknown_expired_or_in_another_currency() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let code_ = voucher(&db, &manager).await;
    let dep = db.departure(&manager, 100, 10).await;
    let b = unpaid(&manager, dep, 1).await;
    assert_eq!(
        code(
            manager
                .pay(&b, 1_000, PaymentMethod::Voucher, "V-22222-22222", Uuid::now_v7())
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(code(manager.voucher("V-22222-22222").await), "NOT_FOUND");
    let euro = manager
        .add_departure(&NewDeparture {
            tour: "Avachinsky volcano".into(),
            starts_at: Utc::now() + Duration::hours(100),
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity: 5,
            adult_price_minor: 10_000,
            child_price_minor: 5_000,
            currency: "EUR".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .unwrap()
        .0;
    let e = unpaid(&manager, euro, 1).await;
    match manager
        .pay(&e, 1_000, PaymentMethod::Voucher, &code_, Uuid::now_v7())
        .await
    {
        Err(err @ BookingError::VoucherNotAccepted { .. }) => {
            assert!(
                err.to_string().contains("RUB") && err.to_string().contains("EUR"),
                "{err}"
            )
        }
        other => panic!("expected VOUCHER_NOT_ACCEPTED, got {other:?}"),
    }
    sqlx::query("update vouchers set expires_at = now() - interval '1 second' where code = $1")
        .bind(&code_)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        code(
            manager
                .pay(&b, 1_000, PaymentMethod::Voucher, &code_, Uuid::now_v7())
                .await
        ),
        "VOUCHER_EXPIRED"
    );
    assert!(manager.voucher(&code_).await.unwrap().expired);
    let v = manager.voucher(&code_).await.unwrap();
    assert_eq!(v.remaining_minor, ADULT_PRICE, "every refusal leaves it as it was");
    assert!(audit(&db.pool, "voucher.redeemed").await.is_empty());
    let guide = db.core_as(Role::Guide, "Guide", "gate-1").await;
    assert_eq!(code(guide.voucher(&code_).await), "FORBIDDEN");
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_refund_of_a_voucher_payment_goes_back_onto_the_voucher() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let code_ = voucher(&db, &manager).await;
    let dep = db.departure(&manager, 100, 10).await;
    let b = unpaid(&manager, dep, 1).await;
    manager
        .pay(&b, 400_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    manager
        .pay(&b, 350_000, PaymentMethod::Voucher, &code_, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(manager.voucher(&code_).await.unwrap().remaining_minor, 400_000);
    // within what the voucher paid: back onto it
    let r = manager
        .refund(&b, 100_000, "shorter route", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(
        (r.method, r.reference.as_str()),
        (PaymentMethod::Voucher, code_.as_str())
    );
    assert_eq!(manager.voucher(&code_).await.unwrap().remaining_minor, 500_000);
    // a cancellation's refund beyond what is left of the voucher's part goes the way the cash came
    let c = manager.cancel(&b, CancelReason::Operator, "").await.unwrap();
    assert_eq!(c.refund_minor, 650_000);
    let rows = manager.ledger(&b).await.unwrap();
    let last = rows.last().unwrap();
    assert_eq!(
        (last.kind, last.method, last.amount_minor),
        (LedgerKind::Refund, PaymentMethod::Cash, 650_000)
    );
    assert_eq!(manager.voucher(&code_).await.unwrap().remaining_minor, 500_000);
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_booking_paid_first_by_voucher_says_so_and_a_sale_cannot_name_one() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let code_ = voucher(&db, &manager).await;
    let dep = db.departure(&manager, 100, 10).await;
    let b = unpaid(&desk, dep, 1).await; // 7 500.00, as much as the voucher holds
    let card = desk.booking_card(&b).await.unwrap();
    assert_eq!(card.contact.payment_method, PaymentMethod::Unpaid);
    let m = desk
        .pay(&b, 750_000, PaymentMethod::Voucher, &code_, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!((m.balance_minor, m.payment_status), (0, PaymentStatus::Paid));
    let card = desk.booking_card(&b).await.unwrap();
    assert_eq!(
        (card.contact.payment_method, card.booking.payment_status),
        (PaymentMethod::Voucher, PaymentStatus::Paid),
        "paid, by voucher — not unpaid"
    );
    // a sale names cash, card, transfer or unpaid: a voucher is taken with pay
    let mut req = request(dep, 1, 0, "Names A Voucher");
    req.payment.method = PaymentMethod::Voucher;
    req.payment.reference = code_.clone();
    assert_eq!(code(desk.book(&req).await), "INVALID_INPUT");
    assert_eq!(db.counters(dep).await, (10, 1, 0));
    db.assert_ledger().await;
}
