//! Offline walk-ins: only from the laptop's allotment, never oversold, unsold
//! seats go back.

use super::*;
use tourdesk::booking::BookingError;
use tourdesk::domain::{ErrorCode, HoldStatus, ManifestState};
use tourdesk::field::{FieldError, OfflineSale};

fn sale(dep: DepartureId, adults: u32, name: &str) -> OfflineSale {
    OfflineSale::new(dep, common::party(adults, 0), name)
}

#[tokio::test]
async fn offline_walk_ins_stop_at_the_allotment_and_never_oversell() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-sell").await;
    laptop.prepare(&[dep], Some(3)).await;
    assert_eq!(laptop.store.allotment_left(dep, chrono::Utc::now()), 3);
    // the desk sells every other seat meanwhile: the departure is full online
    let desk = desk(&db, "desk-1").await;
    desk.book(&common::request(dep, 7, 0, "Big Group")).await.unwrap();
    assert!(matches!(
        desk.book(&common::request(dep, 1, 0, "One More")).await,
        Err(BookingError::SoldOut { .. })
    ));

    // offline: 2, then 2 is too many, then 1, then nothing left
    let first = laptop.store.sell(&sale(dep, 2, "Olga Walkin"), None).await.unwrap();
    assert_eq!(first.allotment_left, 1);
    assert_eq!(first.total_minor, 2 * common::ADULT_PRICE);
    assert!(first.booking_number.starts_with("TD-"));
    match laptop.store.sell(&sale(dep, 2, "Too Many"), None).await {
        Err(FieldError::AllotmentExhausted { left: 1, asked: 2, .. }) => {}
        other => panic!("expected the allotment to stop it: {other:?}"),
    }
    laptop.store.sell(&sale(dep, 1, "Last Seat"), None).await.unwrap();
    match laptop.store.sell(&sale(dep, 1, "Nobody"), None).await {
        Err(e @ (FieldError::NoAllotment(_) | FieldError::AllotmentExhausted { .. })) => {
            assert!(e.to_string().contains("allotment"), "{e}");
        }
        other => panic!("expected no seats left: {other:?}"),
    }
    // sold at the gate: everyone is in, on this laptop already
    let m = laptop.store.manifest(dep).unwrap();
    assert!(
        m.rows
            .iter()
            .any(|r| r.name == "Olga Walkin" && r.state == ManifestState::Admitted)
    );

    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(report.applied, 2);
    let (capacity, booked, held, _) = db.assert_consistent(dep).await;
    assert_eq!((capacity, booked, held), (10, 10, 0));
    let olga: (String, String, i64) = sqlx::query_as(
        "select b.source, b.booking_number, (select count(*) from check_ins c join participants p
                 on p.id = c.participant_id where p.booking_id = b.id and c.status = 'accepted')
           from bookings b where b.contact_name = 'Olga Walkin'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(olga, ("field".to_string(), first.booking_number.clone(), 2));
    // the cash taken at the gate reaches the ledger with the sync, once
    let paid: i64 = sqlx::query_scalar(
        "select coalesce(sum(l.amount_minor), 0)::int8 from ledger l join bookings b on b.id = l.booking_id
          where b.source = 'field' and l.kind = 'payment'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(paid, 3 * common::ADULT_PRICE);
    db.assert_ledger().await;
}

#[tokio::test]
async fn an_allotment_is_leased_only_from_free_seats() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 4).await;
    manager.book(&common::request(dep, 3, 0, "Three")).await.unwrap();
    let mut laptop = Laptop::new(&db, "laptop-greedy").await;
    let holders = laptop.holders().await;
    let err = tourdesk::field::prepare(&mut laptop.store, &laptop.core, &[dep], Some(2), &holders)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SoldOut, "{err}");
    let (_, booked, held, _) = db.assert_consistent(dep).await;
    assert_eq!((booked, held), (3, 0), "nothing leased, nothing half-prepared");
    assert!(laptop.store.departures().is_empty());
}

#[tokio::test]
async fn unsold_allotment_seats_go_back_on_release_and_at_departure() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-back").await;
    laptop.prepare(&[dep], Some(4)).await;
    assert_eq!(manager.availability(dep).await.unwrap().free, 6);
    laptop.store.sell(&sale(dep, 1, "Early Bird"), None).await.unwrap();
    // release syncs the sale first, then gives the other three back
    let released = tourdesk::field::release(&mut laptop.store, &laptop.core, Some(dep))
        .await
        .unwrap();
    assert_eq!(released.len(), 1);
    assert_eq!(released[0].1, HoldStatus::Released);
    let a = manager.availability(dep).await.unwrap();
    assert_eq!((a.booked, a.held, a.free), (1, 0, 9));
    assert_eq!(laptop.store.allotment_left(dep, chrono::Utc::now()), 0);

    // a second lease, unused, ends with the departure: its seats are free once it has left
    laptop.prepare(&[dep], Some(2)).await;
    assert_eq!(manager.availability(dep).await.unwrap().free, 7);
    db.expire_holds(dep).await;
    manager.sweep().await.unwrap();
    let (_, booked, held, _) = db.assert_consistent(dep).await;
    assert_eq!((booked, held), (1, 0));
}

#[tokio::test]
async fn a_walk_in_sold_offline_on_a_departure_cancelled_meanwhile_is_a_conflict_to_refund() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-storm").await;
    laptop.prepare(&[dep], Some(2)).await;
    let mut s = sale(dep, 2, "Storm Chaser");
    s.contact_phone = "+7 914 000 11 22".into();
    let receipt = laptop.store.sell(&s, None).await.unwrap();
    manager
        .cancel_departure(dep, tourdesk::domain::refund::CancelReason::Weather, "storm")
        .await
        .expect("cancel for weather");
    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let c = &report.conflicts[0];
    let ConflictDetails::WalkInFailed(d) = &c.details else {
        panic!("a walk-in that failed: {c:?}")
    };
    assert_eq!(d.problem, WalkInProblem::DepartureCancelled);
    assert_eq!(d.sale.booking_number, receipt.booking_number);
    assert_eq!(d.sale.contact_phone, "+7 914 000 11 22");
    assert_eq!(
        (d.sale.total_minor, d.sale.currency.as_str()),
        (receipt.total_minor, "RUB")
    );
    let booked: i64 = count(
        &db,
        "select count(*) from bookings where departure_id = $1 and source = 'field'",
        dep.0,
    )
    .await;
    assert_eq!(booked, 0);
    // and it is not sent again
    let again = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(again.applied + again.already_applied, 0);
}
