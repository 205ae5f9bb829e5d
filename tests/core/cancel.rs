//! Cancelling one booking: the refund tiers and reasons, twice.

use super::*;

#[tokio::test]
async fn cancel_refunds_by_the_hours_left() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    for (hours, percent, refund, status) in [
        (100, 90, 675_000, PaymentStatus::PartiallyRefunded),
        (60, 75, 562_500, PaymentStatus::PartiallyRefunded),
        (30, 50, 375_000, PaymentStatus::PartiallyRefunded),
        (10, 0, 0, PaymentStatus::Paid),
    ] {
        let dep = db.departure(&core, hours, 10).await;
        let b = core.book(&request(dep, 1, 0, "Customer")).await.unwrap();
        let keep = core.book(&request(dep, 2, 0, "Stays")).await.unwrap();
        assert_eq!(b.total_minor, ADULT_PRICE);
        // the quote the kiosk shows first changes nothing and is what the cancel refunds
        let q = core
            .cancel_quote(&b.booking_number, CancelReason::Customer)
            .await
            .unwrap();
        assert_eq!(
            (q.refund_percent, q.refund_minor, q.already, q.currency.as_str()),
            (percent, refund, false, "RUB"),
            "{hours} h before"
        );
        assert_eq!(db.counters(dep).await, (10, 3, 0), "a quote cancels nothing");

        let c = core
            .cancel(&b.booking_number, CancelReason::Customer, "changed plans")
            .await
            .unwrap();
        assert_eq!(
            (c.refund_percent, c.refund_minor),
            (percent, refund),
            "{hours} h before"
        );
        assert!(!c.already_cancelled);
        assert_eq!(c.reason, CancelReason::Customer);
        assert!((c.hours_before - hours as f64).abs() < 0.1, "{}", c.hours_before);
        assert_eq!(c.currency, "RUB");
        let after = core.booking(&b.booking_number).await.unwrap();
        assert_eq!((after.status, after.payment_status), (BookingStatus::Cancelled, status));
        assert_eq!(db.counters(dep).await, (10, 2, 0), "seats back");

        // twice: the first result, nothing returned twice
        let again = core
            .cancel(&b.booking_number, CancelReason::Customer, "")
            .await
            .unwrap();
        assert!(again.already_cancelled);
        assert_eq!((again.refund_percent, again.refund_minor), (percent, refund));
        let q = core
            .cancel_quote(&b.booking_number, CancelReason::Customer)
            .await
            .unwrap();
        assert_eq!((q.refund_percent, q.refund_minor, q.already), (percent, refund, true));
        assert_eq!(db.counters(dep).await, (10, 2, 0));
        assert_eq!(
            scalar_i64(
                &db.pool,
                "select count(*) from cancellations where booking_id = $1",
                b.booking_id.0
            )
            .await,
            1
        );
        let (reason, stored_pct, stored_refund): (String, i32, i64) =
            sqlx::query_as("select reason, refund_percent, refund_minor from cancellations where booking_id = $1")
                .bind(b.booking_id.0)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(
            (reason.as_str(), stored_pct, stored_refund),
            ("customer", percent, refund)
        );
        assert_eq!(
            core.booking(&keep.booking_number).await.unwrap().status,
            BookingStatus::Confirmed
        );
        db.assert_consistent(dep).await;
    }
    let rows = audit(&db.pool, "booking.cancelled").await;
    assert_eq!(rows.len(), 4, "one audit row per cancellation, none for the repeats");
    for row in &rows {
        assert_eq!(row.device_id, Some(core.actor().device.0));
        assert!(row.booking_id.is_some());
    }
    assert_eq!(rows[0].details["refund_minor"], 675_000);
    assert_eq!(rows[0].details["note"], "changed plans");
    db.assert_ledger().await;
}

#[tokio::test]
async fn cancel_refunds_what_was_paid_by_reason() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 100, 10).await;

    let mut unpaid = request(dep, 1, 0, "Unpaid");
    unpaid.payment.method = PaymentMethod::Unpaid;
    let u = core.book(&unpaid).await.unwrap();
    let c = core
        .cancel(&u.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(
        (c.refund_percent, c.refund_minor),
        (90, 0),
        "nothing paid, nothing refunded"
    );

    let ns = core.book(&request(dep, 1, 0, "No show")).await.unwrap();
    let c = core.cancel(&ns.booking_number, CancelReason::NoShow, "").await.unwrap();
    assert_eq!((c.refund_percent, c.refund_minor), (0, 0));

    let op = core.book(&request(dep, 2, 1, "Operator")).await.unwrap();
    let c = core
        .cancel(&op.booking_number, CancelReason::Operator, "guide ill")
        .await
        .unwrap();
    assert_eq!((c.refund_percent, c.refund_minor), (100, op.total_minor));
    assert_eq!(
        core.booking(&op.booking_number).await.unwrap().payment_status,
        PaymentStatus::Refunded
    );

    assert_eq!(
        code(core.cancel("TD-ZZZZZZ", CancelReason::Customer, "").await),
        "NOT_FOUND"
    );
    assert_eq!(db.counters(dep).await, (10, 0, 0));
    db.assert_consistent(dep).await;
    db.assert_ledger().await;
}

/// A manager's refund override, as the application role: the percent given
/// instead of the rules', audited as `refund.override` with the rules' percent
/// and the reason; a bad percent or reason is refused before anything is done.
#[tokio::test]
async fn a_managers_refund_override_is_the_servers_and_audited() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let dep = db.departure(&owner, 10, 10).await;
    owner.upsert_staff("Max Manager", Role::Manager, "9157").await.unwrap();
    let app = db.app_pool(2).await;
    let manager = Core::login(app.clone(), "desk-2", tourdesk::booking::Source::Desk, "9157", None)
        .await
        .unwrap();
    let b = manager.book(&request(dep, 2, 0, "Ivan Petrov")).await.unwrap();

    // 10 h before: the rules give 0 %; bad overrides change nothing
    for (percent, why, field) in [
        (101, "storm", "refund percent"),
        (50, "  ", "override reason"),
        (50, "one\nline", "override reason"),
    ] {
        match manager
            .cancel_with(&b.booking_number, CancelReason::Customer, "", Some((percent, why)))
            .await
        {
            Err(BookingError::InvalidInput { field: f, .. }) => assert_eq!(f, field, "{percent} {why:?}"),
            other => panic!("{percent} {why:?}: {other:?}"),
        }
    }
    let long = "x".repeat(501);
    assert_eq!(
        code(
            manager
                .cancel_with(&b.booking_number, CancelReason::Customer, "", Some((50, &long)))
                .await
        ),
        "INVALID_INPUT"
    );
    assert_eq!(
        owner.booking(&b.booking_number).await.unwrap().status,
        BookingStatus::Confirmed
    );

    let c = manager
        .cancel_with(
            &b.booking_number,
            CancelReason::Customer,
            "",
            Some((60, "sick child, doctor's note")),
        )
        .await
        .unwrap();
    assert_eq!((c.refund_percent, c.refund_minor), (60, 2 * ADULT_PRICE * 60 / 100));
    let (staff, details): (Option<i64>, Value) =
        sqlx::query_as("select staff_id, details from audit_log where action = 'refund.override'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(staff, manager.actor().staff.map(|s| s.0));
    assert_eq!(details["rules_percent"], 0, "{details}");
    assert_eq!(details["percent"], 60);
    assert_eq!(details["reason"], "sick child, doctor's note");

    // a second cancel returns the first; no second override is audited
    let again = manager
        .cancel_with(&b.booking_number, CancelReason::Customer, "", Some((100, "again")))
        .await
        .unwrap();
    assert!(again.already_cancelled);
    assert_eq!(again.refund_percent, 60);
    let n: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'refund.override'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    db.assert_ledger().await;
}
