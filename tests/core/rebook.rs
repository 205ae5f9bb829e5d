//! After a weather cancellation: each party to rebook, resolved by a refund
//! in full, by credit (a voucher) or by the sweep once due; the preview of
//! the bulk move; who may; idempotent retries; the audit; counters and
//! ledger against the rows after each step.

use super::*;
use tourdesk::booking::{RebookOutcome, Resolution};
use tourdesk::domain::{LedgerKind, PaymentMethod, RebookStatus};

/// A departure of 6 seats cancelled for weather with three parties: paid
/// (2 adults), unpaid (1), half paid (1 adult, 300 000 paid).
struct Storm {
    db: TestDb,
    manager: Core,
    desk: Core,
    dep: DepartureId,
    paid: String,
    unpaid: String,
    part: String,
}

async fn storm() -> Storm {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let dep = db.departure(&manager, 30, 6).await;
    let mut paid = request(dep, 2, 0, "Paid Pair");
    paid.contact_phone = "+79001112233".into();
    let paid = desk.book(&paid).await.unwrap().booking_number;
    let mut unpaid = request(dep, 1, 0, "Pays Later");
    unpaid.payment.method = PaymentMethod::Unpaid;
    let unpaid = desk.book(&unpaid).await.unwrap().booking_number;
    let mut part = request(dep, 1, 0, "Half Paid");
    part.payment.method = PaymentMethod::Unpaid;
    part.contact_email = "half@example.com".into();
    let part = desk.book(&part).await.unwrap().booking_number;
    desk.pay(&part, 300_000, PaymentMethod::Cash, "", Uuid::now_v7())
        .await
        .unwrap();
    manager
        .cancel_departure(dep, CancelReason::Weather, "Storm")
        .await
        .unwrap();
    Storm {
        db,
        manager,
        desk,
        dep,
        paid,
        unpaid,
        part,
    }
}

async fn status_of(db: &TestDb, number: &str) -> String {
    sqlx::query_scalar(
        "select r.status from rebookings r join bookings b on b.id = r.booking_id where b.booking_number = $1",
    )
    .bind(number)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// (paid, refunded) of a booking.
async fn money_of(db: &TestDb, number: &str) -> (i64, i64) {
    sqlx::query_as("select paid_minor, refunded_minor from bookings where booking_number = $1")
        .bind(number)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_refund_in_full_gives_back_everything_paid_and_frees_the_seats() {
    let s = storm().await;
    assert_eq!(s.db.counters(s.dep).await, (6, 4, 0), "parties to rebook still count");
    let key = Uuid::now_v7();
    let o = s.desk.rebook_resolve(&s.paid, Resolution::Refund, key).await.unwrap();
    assert_eq!(
        (o.status, o.refund_minor, o.voucher_code.as_deref(), o.replayed),
        (RebookStatus::Refunded, 2 * ADULT_PRICE, None, false)
    );
    let b = s.desk.booking(&s.paid).await.unwrap();
    assert_eq!(
        (b.status, b.payment_status),
        (BookingStatus::Cancelled, PaymentStatus::Refunded)
    );
    let (reason, pct, refund): (String, i32, i64) = sqlx::query_as(
        "select c.reason, c.refund_percent, c.refund_minor from cancellations c
           join bookings b on b.id = c.booking_id where b.booking_number = $1",
    )
    .bind(&s.paid)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!((reason.as_str(), pct, refund), ("weather", 100, 2 * ADULT_PRICE));
    let rows = s.desk.ledger(&s.paid).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.kind, r.amount_minor)).collect::<Vec<_>>(),
        [
            (LedgerKind::Payment, 2 * ADULT_PRICE),
            (LedgerKind::Refund, 2 * ADULT_PRICE)
        ]
    );
    assert_eq!(s.db.counters(s.dep).await, (6, 2, 0), "a refunded party holds no seat");
    s.db.assert_consistent(s.dep).await;

    // the same key again: the first outcome, nothing twice
    let again = s.desk.rebook_resolve(&s.paid, Resolution::Refund, key).await.unwrap();
    assert_eq!(
        again,
        RebookOutcome {
            replayed: true,
            ..o.clone()
        }
    );
    // the same key for anything else is a conflict; a new key finds it closed
    assert_eq!(
        code(s.desk.rebook_resolve(&s.paid, Resolution::Credit, key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    assert_eq!(
        code(s.desk.rebook_resolve(&s.unpaid, Resolution::Refund, key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    match s.desk.rebook_resolve(&s.paid, Resolution::Refund, Uuid::now_v7()).await {
        Err(e @ BookingError::NotToRebook { .. }) => {
            assert_eq!(e.details()["status"], "refunded");
            assert!(e.to_string().contains("already refunded"), "{e}");
        }
        other => panic!("expected NOT_TO_REBOOK, got {other:?}"),
    }
    let row = one_audit(&s.db.pool, "rebook.refunded", &s.desk).await;
    assert_eq!(row.details["refund_minor"], 2 * ADULT_PRICE);
    assert_eq!(row.details["key"], key.to_string());
    let told: i64 = sqlx::query_scalar(
        "select count(*) from notification_outbox where kind = 'rebook_refunded' and recipient = '+79001112233'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(told, 1);

    // a party that paid nothing is closed by a refund of nothing
    let o = s
        .desk
        .rebook_resolve(&s.unpaid, Resolution::Refund, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!((o.status, o.refund_minor), (RebookStatus::Refunded, 0));
    assert_eq!(s.db.counters(s.dep).await, (6, 1, 0));
    s.db.assert_consistent(s.dep).await;
    s.db.assert_ledger().await;
}

#[tokio::test]
async fn a_credit_issues_a_voucher_for_what_was_paid_and_refunds_nothing() {
    let s = storm().await;
    // part of it was refunded before: the credit is what is still held
    s.manager
        .refund(&s.part, 100_000, "goodwill", Uuid::now_v7())
        .await
        .unwrap();
    let o = s
        .desk
        .rebook_resolve(&s.part, Resolution::Credit, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!((o.status, o.refund_minor), (RebookStatus::Credited, 0));
    let code_ = o.voucher_code.clone().unwrap();
    assert!(
        code_.len() == 13 && code_.starts_with("V-") && code_.as_bytes()[7] == b'-',
        "{code_}"
    );
    assert_eq!(o.voucher_amount_minor, Some(200_000));
    assert!(close_to(
        o.voucher_expires_at.unwrap(),
        Utc::now() + Duration::days(365)
    ));
    let b = s.desk.booking(&s.part).await.unwrap();
    assert_eq!(b.status, BookingStatus::Cancelled);
    assert_eq!(
        money_of(&s.db, &s.part).await,
        (300_000, 100_000),
        "no refund: the money is the voucher's"
    );
    let v = s.desk.voucher(&code_.to_lowercase().replace('-', " ")).await.unwrap();
    assert_eq!(
        (
            v.code.as_str(),
            v.amount_minor,
            v.remaining_minor,
            v.currency.as_str(),
            v.expired
        ),
        (code_.as_str(), 200_000, 200_000, "RUB", false)
    );
    assert_eq!(v.issued_for, s.part);
    let issued = one_audit(&s.db.pool, "voucher.issued", &s.desk).await;
    assert_eq!(
        (issued.details["code"].as_str(), issued.details["amount_minor"].as_i64()),
        (Some(code_.as_str()), Some(200_000))
    );
    one_audit(&s.db.pool, "rebook.credited", &s.desk).await;
    let body: String = sqlx::query_scalar(
        "select body from notification_outbox where kind = 'rebook_credited' and recipient = 'half@example.com'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(body.contains(&code_), "{body}");
    // nothing to credit for a party that paid nothing: refund closes it
    assert_eq!(
        code(
            s.desk
                .rebook_resolve(&s.unpaid, Resolution::Credit, Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    assert_eq!(status_of(&s.db, &s.unpaid).await, "open", "a refusal changes nothing");
    assert_eq!(s.db.counters(s.dep).await, (6, 3, 0));
    s.db.assert_consistent(s.dep).await;
    s.db.assert_ledger().await;
}

#[tokio::test]
async fn the_sweep_refunds_every_party_still_open_after_its_due_time() {
    let s = storm().await;
    s.desk
        .rebook_resolve(&s.unpaid, Resolution::Refund, Uuid::now_v7())
        .await
        .unwrap();
    // not due yet: the sweep leaves them
    s.manager.sweep().await.unwrap();
    assert_eq!(status_of(&s.db, &s.paid).await, "open");
    sqlx::query("update rebookings set due_at = now() - interval '1 minute' where departure_id = $1")
        .bind(s.dep.0)
        .execute(&s.db.pool)
        .await
        .unwrap();
    let guide = s.db.core_as(Role::Guide, "Guide", "gate-1").await;
    guide.sweep().await.unwrap();
    for (number, refunded) in [(&s.paid, 2 * ADULT_PRICE), (&s.part, 300_000)] {
        assert_eq!(status_of(&s.db, number).await, "swept");
        let b = s.desk.booking(number).await.unwrap();
        assert_eq!(b.status, BookingStatus::Cancelled, "{number}");
        assert_eq!(money_of(&s.db, number).await.1, refunded, "{number}");
    }
    assert_eq!(
        status_of(&s.db, &s.unpaid).await,
        "refunded",
        "resolved before: untouched"
    );
    let swept = audit(&s.db.pool, "rebook.swept").await;
    assert_eq!(swept.len(), 2);
    assert!(swept.iter().all(|r| r.device_id == Some(guide.actor().device.0)));
    // again: nothing twice
    guide.sweep().await.unwrap();
    assert_eq!(audit(&s.db.pool, "rebook.swept").await.len(), 2);
    assert_eq!(s.db.counters(s.dep).await, (6, 0, 0));
    let parties = s.desk.rebookings(s.dep).await.unwrap();
    assert_eq!(
        parties
            .iter()
            .map(|p| (p.booking_number.as_str(), p.status))
            .collect::<Vec<_>>(),
        [
            (s.paid.as_str(), RebookStatus::Swept),
            (s.unpaid.as_str(), RebookStatus::Refunded),
            (s.part.as_str(), RebookStatus::Swept)
        ]
    );
    s.db.assert_consistent(s.dep).await;
    s.db.assert_ledger().await;
}

#[tokio::test]
async fn the_list_shows_phones_and_who_may_resolve() {
    let s = storm().await;
    let parties = s.desk.rebookings(s.dep).await.unwrap();
    assert_eq!(parties.len(), 3);
    assert_eq!(
        (
            parties[0].booking_number.as_str(),
            parties[0].contact_phone.as_str(),
            parties[0].seats
        ),
        (s.paid.as_str(), "+79001112233", 2)
    );
    assert!(
        parties
            .iter()
            .all(|p| p.status == RebookStatus::Open && p.resolved_at.is_none())
    );
    assert_eq!(parties[2].paid_minor, 300_000);
    let guide = s.db.core_as(Role::Guide, "Guide", "gate-1").await;
    assert_eq!(code(guide.rebookings(s.dep).await), "FORBIDDEN");
    assert_eq!(
        code(guide.rebook_resolve(&s.paid, Resolution::Refund, Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    assert_eq!(code(s.desk.rebookings(DepartureId(31_337)).await), "NOT_FOUND");
    assert_eq!(
        code(
            s.desk
                .rebook_resolve("TD-NOPE22", Resolution::Refund, Uuid::now_v7())
                .await
        ),
        "NOT_FOUND"
    );
    // a booking of a departure that was not cancelled has no case
    let other = s.db.departure(&s.manager, 50, 4).await;
    let b = s.desk.book(&request(other, 1, 0, "Fine")).await.unwrap();
    match s
        .desk
        .rebook_resolve(&b.booking_number, Resolution::Refund, Uuid::now_v7())
        .await
    {
        Err(e @ BookingError::NotToRebook { .. }) => {
            assert!(e.to_string().contains("not cancelled for weather"), "{e}")
        }
        other => panic!("expected NOT_TO_REBOOK, got {other:?}"),
    }
    assert!(s.desk.rebookings(other).await.unwrap().is_empty());
    s.db.assert_ledger().await;
}

#[tokio::test]
async fn the_plan_places_parties_in_order_of_booking_greedily() {
    let s = storm().await;
    // seats: paid 2, unpaid 1, part 1 (in that order)
    let small = s.db.departure(&s.manager, 54, 2).await;
    let roomy = s.db.departure(&s.manager, 78, 5).await;
    s.desk.book(&request(roomy, 4, 0, "Already")).await.unwrap();
    s.desk.hold(roomy, party(1, 0), None).await.unwrap(); // live: roomy has 0 free
    let plan = s.desk.rebook_plan(s.dep, &[small, roomy]).await.unwrap();
    let placed: Vec<(&str, i32, Option<i64>)> = plan
        .iter()
        .map(|p| (p.booking_number.as_str(), p.seats, p.to_departure))
        .collect();
    assert_eq!(
        placed,
        [
            (s.paid.as_str(), 2, Some(small.0)),
            (s.unpaid.as_str(), 1, None),
            (s.part.as_str(), 1, None)
        ],
        "the pair fills {small}; nothing is left on {roomy}"
    );
    assert_eq!(plan[0].contact_phone, "+79001112233");
    // a dead hold is free again; a resolved party leaves the plan
    s.db.expire_holds(roomy).await;
    s.desk
        .rebook_resolve(&s.unpaid, Resolution::Refund, Uuid::now_v7())
        .await
        .unwrap();
    let plan = s.desk.rebook_plan(s.dep, &[roomy, small]).await.unwrap();
    let placed: Vec<(&str, Option<i64>)> = plan
        .iter()
        .map(|p| (p.booking_number.as_str(), p.to_departure))
        .collect();
    assert_eq!(
        placed,
        [(s.paid.as_str(), Some(small.0)), (s.part.as_str(), Some(roomy.0))]
    );
    // a preview changes nothing
    assert_eq!(s.db.counters(small).await, (2, 0, 0));
    assert_eq!(status_of(&s.db, &s.paid).await, "open");
    // bad alternatives
    assert_eq!(code(s.desk.rebook_plan(s.dep, &[]).await), "INVALID_INPUT");
    assert_eq!(code(s.desk.rebook_plan(s.dep, &[small, small]).await), "INVALID_INPUT");
    assert_eq!(code(s.desk.rebook_plan(s.dep, &[s.dep]).await), "INVALID_INPUT");
    assert_eq!(
        code(s.desk.rebook_plan(s.dep, &[DepartureId(31_337)]).await),
        "NOT_FOUND"
    );
    let guide = s.db.core_as(Role::Guide, "Guide", "gate-1").await;
    assert_eq!(code(guide.rebook_plan(s.dep, &[small]).await), "FORBIDDEN");
}

#[tokio::test]
async fn the_bulk_rebooking_moves_who_fits_in_order_and_nobody_twice() {
    let s = storm().await;
    // seats: paid 2, unpaid 1, part 1 (in that order); `small` has room for
    // the pair only once a walk-in took a seat after the plan was made
    let small = s.db.departure(&s.manager, 54, 3).await;
    let roomy = s.db.departure(&s.manager, 78, 2).await;
    let plan = s.desk.rebook_plan(s.dep, &[small, roomy]).await.unwrap();
    assert_eq!(plan[1].to_departure, Some(small.0), "planned before the walk-in");
    s.desk.book(&request(small, 1, 0, "Walked In")).await.unwrap();

    let service = tourdesk::service::Service::with_core(Some(s.desk.clone()), None);
    let key = Uuid::now_v7();
    let run = service.rebook_all(s.dep, &[small, roomy], key).await.unwrap();
    let moved: Vec<(&str, Option<i64>)> = run
        .moved
        .iter()
        .map(|m| (m.booking_number.as_str(), m.to_departure_id))
        .collect();
    assert_eq!(
        moved,
        [
            (s.paid.as_str(), Some(small.0)),
            (s.unpaid.as_str(), Some(roomy.0)),
            (s.part.as_str(), Some(roomy.0))
        ],
        "the walk-in's seat sends the next party on to the second alternative"
    );
    assert!(run.not_fitted.is_empty() && run.failed.is_empty(), "{run:?}");
    for n in [&s.paid, &s.unpaid, &s.part] {
        assert_eq!(status_of(&s.db, n).await, "moved");
    }
    // free of charge: the money moved with the parties, nothing refunded
    assert_eq!(money_of(&s.db, &s.part).await.1, 0);
    assert_eq!(
        s.db.counters(s.dep).await.1,
        0,
        "the cancelled departure counts nobody now"
    );
    assert_eq!(s.db.counters(small).await, (3, 3, 0));
    assert_eq!(s.db.counters(roomy).await, (2, 2, 0));
    s.db.assert_consistent(small).await;
    s.db.assert_consistent(roomy).await;
    s.db.assert_ledger().await;

    // the same run again moves nobody twice; a party answers its first move
    let again = service.rebook_all(s.dep, &[small, roomy], key).await.unwrap();
    assert!(again.moved.is_empty() && again.not_fitted.is_empty(), "{again:?}");
    let replay = s.desk.rebook_move(&s.paid, &[small, roomy], key).await.unwrap();
    assert_eq!((replay.to_departure_id, replay.replayed), (Some(small.0), true));
    assert_eq!(
        code(s.desk.rebook_move(&s.paid, &[roomy], Uuid::now_v7()).await),
        "NOT_TO_REBOOK",
        "a moved party is no longer to rebook"
    );
    assert_eq!(s.db.counters(small).await, (3, 3, 0));
}

#[tokio::test]
async fn a_party_that_fits_nowhere_stays_to_rebook() {
    let s = storm().await;
    let tiny = s.db.departure(&s.manager, 54, 1).await;
    let service = tourdesk::service::Service::with_core(Some(s.desk.clone()), None);
    let run = service.rebook_all(s.dep, &[tiny], Uuid::now_v7()).await.unwrap();
    let moved: Vec<&str> = run.moved.iter().map(|m| m.booking_number.as_str()).collect();
    let left: Vec<&str> = run.not_fitted.iter().map(|p| p.booking_number.as_str()).collect();
    assert_eq!(moved, [s.unpaid.as_str()], "the first party of one seat");
    assert_eq!(left, [s.paid.as_str(), s.part.as_str()]);
    assert_eq!(status_of(&s.db, &s.paid).await, "open");
    assert_eq!(s.db.counters(tiny).await, (1, 1, 0));
    let guide = s.db.core_as(Role::Guide, "Guide", "gate-1").await;
    assert_eq!(
        code(guide.rebook_move(&s.part, &[tiny], Uuid::now_v7()).await),
        "FORBIDDEN"
    );
}

/// The kiosk's run, party by party: each step is one server call whose
/// answer says what became of that party; the list then says where each
/// moved party went (and its party's adults and children), and the same
/// run key again replays a move instead of making it twice.
#[tokio::test]
async fn one_party_at_a_time_says_what_became_of_it_and_the_list_where_it_went() {
    use tourdesk::service::{RebookStep, Service};
    let s = storm().await;
    // seats: paid 2, unpaid 1, part 1 (in that order); room for 3
    let small = s.db.departure(&s.manager, 54, 3).await;
    let service = Service::with_core(Some(s.desk.clone()), None);
    let plan = service.rebook_plan(s.dep, &[small]).await.unwrap();
    assert_eq!(plan.len(), 3);
    let key = Uuid::now_v7();
    let mut steps = Vec::new();
    for party in plan.clone() {
        steps.push(service.rebook_one(party, &[small], key).await);
    }
    let kinds: Vec<(&str, &str)> = steps
        .iter()
        .map(|st| {
            let kind = match st {
                RebookStep::Moved(_) => "moved",
                RebookStep::NotFitted(_) => "no room",
                RebookStep::Failed(_) => "failed",
            };
            (st.booking_number(), kind)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (s.paid.as_str(), "moved"),
            (s.unpaid.as_str(), "moved"),
            (s.part.as_str(), "no room")
        ]
    );
    assert_eq!(s.db.counters(small).await, (3, 3, 0));

    let parties = service.rebookings(s.dep).await.unwrap();
    let paid = parties.iter().find(|p| p.booking_number == s.paid).unwrap();
    assert_eq!((paid.adults, paid.children, paid.seats), (2, 0, 2));
    assert_eq!(paid.status, RebookStatus::Moved);
    assert_eq!(paid.moved_to, Some(small.0));
    let target = s.manager.departure(small).await.unwrap();
    assert_eq!(paid.moved_to_starts_at, Some(target.starts_at));
    assert_eq!(paid.moved_to_time_zone.as_deref(), Some(target.time_zone.as_str()));
    let part = parties.iter().find(|p| p.booking_number == s.part).unwrap();
    assert_eq!((part.status, part.moved_to), (RebookStatus::Open, None));

    // a lost answer, pressed again: the same run key answers the first move
    match service.rebook_one(plan[0].clone(), &[small], key).await {
        RebookStep::Moved(m) => {
            assert!(m.replayed, "{m:?}");
            assert_eq!(m.to_departure_id, Some(small.0));
        }
        other => panic!("the first move again, got {other:?}"),
    }
    // another run's key: that party is no longer to rebook, and says so
    match service.rebook_one(plan[0].clone(), &[small], Uuid::now_v7()).await {
        RebookStep::Failed(f) => assert_eq!(f.code.as_str(), "NOT_TO_REBOOK"),
        other => panic!("expected NOT_TO_REBOOK, got {other:?}"),
    }
    assert_eq!(s.db.counters(small).await, (3, 3, 0), "nobody moved twice");
    s.db.assert_consistent(small).await;
    s.db.assert_ledger().await;
}
