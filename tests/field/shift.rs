//! A field laptop's offline sales form a shift of that device, reconciled
//! when it syncs: the cash a guide took at the gate is counted like a desk's.

use super::*;
use tourdesk::domain::{PaymentMethod, ShiftStatus};
use tourdesk::field::OfflineSale;
use uuid::Uuid;

fn sale(dep: DepartureId, adults: u32, name: &str) -> OfflineSale {
    OfflineSale::new(dep, common::party(adults, 0), name)
}

async fn shifts_of(db: &TestDb, device: &str) -> Vec<(i64, String, i64)> {
    sqlx::query_as(
        "select sh.id, sh.status, (select count(*) from ledger l where l.shift_id = sh.id)
           from shifts sh join devices d on d.id = sh.device_id where d.name = $1 order by sh.id",
    )
    .bind(device)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn offline_cash_synced_opens_a_shift_on_the_laptop_to_be_counted_and_a_second_sync_adds_nothing() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-till").await;
    laptop.prepare(&[dep], Some(4)).await;
    laptop.store.sell(&sale(dep, 2, "Olga Walkin"), None).await.unwrap();
    laptop.store.sell(&sale(dep, 1, "Pavel Walkin"), None).await.unwrap();
    assert!(
        shifts_of(&db, "laptop-till").await.is_empty(),
        "nothing before the sync"
    );

    for _ in 0..2 {
        tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
            .await
            .unwrap();
        let shifts = shifts_of(&db, "laptop-till").await;
        assert_eq!(shifts.len(), 1, "one shift, also after a second sync: {shifts:?}");
        assert_eq!((shifts[0].1.as_str(), shifts[0].2), ("open", 2), "both payments in it");
    }
    let state = laptop.core.shift_status(None).await.unwrap();
    let cash = state.tally.iter().find(|t| t.method == PaymentMethod::Cash).unwrap();
    assert_eq!((cash.float_minor, cash.expected_minor), (0, 3 * common::ADULT_PRICE));
    let origin: String = sqlx::query_scalar(
        "select details->>'origin' from audit_log where action = 'shift.opened' and details->>'shift_id' = $1",
    )
    .bind(state.shift.shift_id.0.to_string())
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(origin, "field sync");

    // the guide hands in 22 500 ₽ in 5 000 ₽ notes and 2 500 ₽ short: short by 2 500 ₽
    let (closed, tally) = laptop.core.shift_close(&[(500_000, 4)], Uuid::now_v7()).await.unwrap();
    assert_eq!(closed.shift.status, ShiftStatus::AwaitingApproval);
    let cash = tally.iter().find(|t| t.method == PaymentMethod::Cash).unwrap();
    assert_eq!(cash.over_short_minor, Some(2_000_000 - 3 * common::ADULT_PRICE));
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_shift_opened_before_going_out_takes_the_offline_sales_and_a_later_sync_opens_the_next() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-float").await;
    laptop.prepare(&[dep], Some(4)).await;
    let opened = laptop.core.shift_open(100_000, Uuid::now_v7()).await.unwrap();
    laptop.store.sell(&sale(dep, 1, "Olga Walkin"), None).await.unwrap();
    tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    let shifts = shifts_of(&db, "laptop-float").await;
    assert_eq!(shifts, vec![(opened.shift.shift_id.0, "open".to_string(), 1)]);

    // counted and closed; a sale synced afterwards is not posted into the counted drawer
    laptop.core.shift_close(&[(500_000, 2)], Uuid::now_v7()).await.unwrap();
    laptop.store.sell(&sale(dep, 1, "Late Sync"), None).await.unwrap();
    tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    let shifts = shifts_of(&db, "laptop-float").await;
    assert_eq!(shifts.len(), 2, "{shifts:?}");
    assert_eq!((shifts[0].1.as_str(), shifts[0].2), ("awaiting_approval", 1));
    assert_eq!((shifts[1].1.as_str(), shifts[1].2), ("open", 1));
    db.assert_ledger().await;
}
