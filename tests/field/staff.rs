//! The server checks the laptop's claims at sync (issue 11): every offline
//! entry's staff id must be one the store was sealed for at prepare, still
//! active, and of a role that may do it — else the entry is not applied
//! under that name but kept as a `staff` conflict, shown like the others.

use super::*;
use tourdesk::booking::CheckInRequest;
use tourdesk::field::{OfflineSale, sync};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_under_a_name_the_laptop_was_not_sealed_for_are_staff_conflicts() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 3, "Forged Family").await;
    // a manager who did not prepare this laptop: a journal naming them is forged
    let boss = manager
        .upsert_staff("Boris Boss", Role::Manager, "80706050")
        .await
        .unwrap();
    let mut laptop = Laptop::new(&db, "forged-laptop").await;
    laptop.prepare(&[dep], Some(2)).await;
    let holder = laptop.store.keyholders()[0];

    // one check-in as the clerk it was sealed for, one forged as the manager
    let ok = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert!(ok.verdict.is_admitted(), "{:?}", ok.verdict);
    let forged = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[2].code, Some(dep)), Some(boss))
        .await
        .unwrap();
    assert!(forged.verdict.is_admitted());
    // a sale as the clerk, whose role a manager changes to guide before the sync (may not sell)
    let sale = laptop
        .store
        .sell(&OfflineSale::new(dep, common::party(1, 0), "Vera Walkin"), None)
        .await
        .unwrap();
    manager
        .upsert_staff(&laptop.guide, Role::Guide, &laptop.pin)
        .await
        .unwrap();

    let r = sync(&mut laptop.store, &laptop.core, |_| {}).await.unwrap();
    let staff: Vec<&StaffConflict> = (r.conflicts.iter())
        .filter_map(|c| match &c.details {
            ConflictDetails::Staff(d) => Some(d.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(staff.len(), 2, "{:?}", r.conflicts);
    let forged_c = staff
        .iter()
        .find(|c| c.entry_kind() == EntryKind::CheckIn)
        .expect("the forged check-in");
    assert_eq!(forged_c.problem, StaffProblem::NotSealedFor);
    assert_eq!(forged_c.staff_name, "Boris Boss");
    let sale_c = staff
        .iter()
        .find(|c| c.entry_kind() == EntryKind::Sale)
        .expect("the sale");
    assert_eq!(sale_c.problem, StaffProblem::Role);
    let StaffEntry::Sale(s) = &sale_c.entry else {
        panic!("{sale_c:?}")
    };
    assert_eq!(s.booking_number, sale.booking_number);
    assert_eq!(s.contact_name, "Vera Walkin");
    assert_eq!((s.total_minor, s.currency.as_str()), (sale.total_minor, "RUB"));

    // applied: the clerk's check-in only; no booking made from the sale
    assert_eq!(accepted(&db, dep).await, 1);
    let sold: i64 = sqlx::query_scalar("select count(*) from bookings where booking_number = $1")
        .bind(&sale.booking_number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(sold, 0, "the sale was not applied under a name that may not sell");
    let who: Option<i64> =
        sqlx::query_scalar("select staff_id from check_ins where departure_id = $1 and status = 'accepted'")
            .bind(dep.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(who, Some(holder.0), "applied under the clerk's name");

    // a sync again finds the same conflicts, applies nothing twice; they are reviewable online
    let again = sync(&mut laptop.store, &laptop.core, |_| {}).await.unwrap();
    assert_eq!(again.applied + again.already_applied, 0);
    let open = manager.field_conflicts(false).await.unwrap();
    assert_eq!(open.iter().filter(|c| c.kind() == Some(ConflictKind::Staff)).count(), 2);
}
