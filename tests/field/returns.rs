//! Offline returns (issue 14): a field laptop with no network counts the
//! group back — by ticket, by participant, everyone — from what it holds,
//! journals each return like a check-in, and a sync applies each once, after
//! the check-ins before it; where the server disagrees it is a conflict.

use super::*;
use sqlx::sqlite::SqlitePoolOptions;
use tourdesk::booking::{CheckInRequest, ConflictDetails, ReturnRequest, ReturnSubject};
use tourdesk::domain::{ErrorCode, ParticipantId, ParticipantRef, ReturnState};

async fn returns_on(db: &TestDb, dep: DepartureId) -> i64 {
    count(db, "select count(*) from returns where departure_id = $1", dep.0).await
}

async fn returns_of(db: &TestDb, p: ParticipantId) -> i64 {
    count(db, "select count(*) from returns where participant_id = $1", p.0).await
}

/// Forgets, in the laptop's file, that anything was synced (a sync killed
/// between the server's commit and the laptop's bookkeeping), and reopens it.
pub(super) async fn forget_synced(laptop: &mut Laptop, device: &str) {
    let path = laptop.dir.store();
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("update journal set synced_at = null, outcome = null")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    laptop.store = FieldStore::open(&path, device).await.unwrap();
    laptop
        .store
        .unlock(&laptop.pin)
        .await
        .unwrap()
        .expect("the PIN opens it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_returns_by_code_participant_and_everyone_sync_exactly_once() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 20).await;
    let (anna_number, tickets) = booked(&manager, &key, dep, 3, "Anna Petrova").await;
    manager
        .check_in(&CheckInRequest::booking(&anna_number, Some(dep)))
        .await
        .unwrap();
    let boris = manager.book(&request(dep, 2, 0, "Boris Sokolov")).await.unwrap();
    let (boris, friend) = (boris.participants[0].id, boris.participants[1].id);
    let mut laptop = Laptop::new(&db, "laptop-returns").await;
    laptop.prepare(&[dep], None).await;

    // Boris is let in offline: the server learns it in the same sync as his return
    let v = laptop
        .store
        .check_in(&CheckInRequest::participant(boris, Some(dep)), None)
        .await
        .unwrap();
    assert!(v.verdict.is_admitted());

    // a participant's ticket scanned again at the end of the trip
    let anna = laptop
        .store
        .record_return(
            &ReturnRequest::back(ReturnSubject::Code(tickets[1].code.clone()), Some(dep)),
            None,
        )
        .await
        .unwrap();
    assert!(anna.offline && !anna.replayed);
    assert_eq!(anna.recorded.len(), 1);
    assert_eq!(anna.recorded[0].name, "Anna Petrova");
    assert_eq!((anna.counts.checked_in, anna.counts.back, anna.counts.out), (4, 1, 3));
    // scanned twice: "already back" with when and where, nothing journalled
    let pending = laptop.store.pending();
    let again = laptop
        .store
        .record_return(
            &ReturnRequest::back(ReturnSubject::Code(tickets[1].code.clone()), Some(dep)),
            None,
        )
        .await
        .unwrap();
    assert!(again.recorded.is_empty());
    assert_eq!(again.already.len(), 1);
    assert_eq!(again.already[0].device, "laptop-returns");
    assert_eq!(laptop.store.pending(), pending);

    // by participant; his friend never went out
    let by_name = laptop
        .store
        .record_return(
            &ReturnRequest::back(ReturnSubject::Participant(boris.into()), None),
            None,
        )
        .await
        .unwrap();
    assert_eq!(by_name.recorded[0].participant_id, ParticipantRef::from(boris));
    let refused = laptop
        .store
        .record_return(
            &ReturnRequest::back(ReturnSubject::Participant(friend.into()), None),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::NotCheckedIn, "{refused}");

    // the laptop's roll-call, from its own state, says it is the laptop's
    let r = laptop.store.rollcall(dep).unwrap();
    assert!(r.offline);
    assert_eq!(
        (r.counts.checked_in, r.counts.back, r.counts.out, r.counts.missing),
        (4, 2, 2, 0)
    );
    assert_eq!(r.out.len(), 2);
    assert!(r.back.iter().all(|p| p.returned_device == "laptop-returns"));

    // everyone back: the two still out, and the key answers the same again
    let everyone = ReturnRequest::back(ReturnSubject::Everyone(dep), None);
    let all = laptop.store.record_return(&everyone, None).await.unwrap();
    assert_eq!(all.recorded.len(), 2);
    assert_eq!((all.counts.back, all.counts.out), (4, 0));
    let replay = laptop.store.record_return(&everyone, None).await.unwrap();
    assert!(replay.replayed);
    assert_eq!(replay.recorded, all.recorded);
    // check-in, Anna, Boris, everyone
    assert_eq!(laptop.store.pending(), 4);

    let first = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(first.applied, 4, "{first:?}");
    assert!(first.conflicts.is_empty() && first.failed.is_empty(), "{first:?}");
    assert_eq!(returns_on(&db, dep).await, 4);
    assert_eq!(returns_of(&db, boris).await, 1);
    assert_eq!(returns_of(&db, friend).await, 0);

    // synced twice: nothing more
    forget_synced(&mut laptop, "laptop-returns").await;
    assert_eq!(laptop.store.pending(), 4);
    let second = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!((second.applied, second.already_applied), (0, 4), "{second:?}");
    assert!(second.conflicts.is_empty(), "{second:?}");
    assert_eq!(returns_on(&db, dep).await, 4);

    // the desk sees them back, with the laptop's time and device, and how old its sync is
    let desk = manager.rollcall(dep).await.unwrap();
    assert!(!desk.offline);
    assert_eq!((desk.counts.back, desk.counts.out), (4, 0));
    let b = desk
        .back
        .iter()
        .find(|p| p.participant_id == ParticipantRef::from(boris))
        .unwrap();
    assert_eq!(b.returned_device, "laptop-returns");
    assert_eq!(b.returned_at, Some(by_name.occurred_at));
    assert_eq!(desk.synced_devices.len(), 1, "{:?}", desk.synced_devices);
    assert_eq!(desk.synced_devices[0].device, "laptop-returns");
    assert!(desk.synced_devices[0].last_sync_at <= desk.as_of);
    assert!(desk.synced_devices[0].age_seconds >= 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_the_server_disagrees_with_is_a_conflict_and_the_rest_is_recorded() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 20).await;
    let b = manager.book(&request(dep, 3, 0, "Pavel Orlov")).await.unwrap();
    manager
        .check_in(&CheckInRequest::booking(&b.booking_number, Some(dep)))
        .await
        .unwrap();
    let [pavel, second, third] = [b.participants[0].id, b.participants[1].id, b.participants[2].id];
    let mut laptop = Laptop::new(&db, "laptop-late").await;
    laptop.prepare(&[dep], None).await;
    // meanwhile, at the desk: Pavel came back another way, the second was not there after all
    manager
        .record_return(&ReturnRequest::back(
            ReturnSubject::Participant(pavel.into()),
            Some(dep),
        ))
        .await
        .unwrap();
    manager.undo_check_in(second, "scanned by mistake").await.unwrap();

    // the laptop, which knew none of it, counts all three back
    let all = laptop
        .store
        .record_return(&ReturnRequest::back(ReturnSubject::Everyone(dep), None), None)
        .await
        .unwrap();
    assert_eq!(all.recorded.len(), 3);
    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let ConflictDetails::Return(c) = &report.conflicts[0].details else {
        panic!("a return conflict: {:?}", report.conflicts[0]);
    };
    assert_eq!(c.state, ReturnState::Back);
    assert_eq!(c.already.len(), 1);
    assert_eq!(c.already[0].participant_id, ParticipantRef::from(pavel));
    assert_eq!(c.not_checked_in.len(), 1);
    assert_eq!(c.not_checked_in[0].participant_id, second);
    assert_eq!(c.recorded.len(), 1);
    assert_eq!(c.recorded[0].participant_id, ParticipantRef::from(third));
    // the desk's return stands; the third is back from the laptop; one row each
    assert_eq!((returns_of(&db, pavel).await, returns_of(&db, second).await), (1, 0));
    assert_eq!(returns_of(&db, third).await, 1);
    let open = manager.field_conflicts(false).await.unwrap();
    assert_eq!(open.len(), 1);
    assert!(matches!(open[0].details, ConflictDetails::Return(_)));

    // synced again: the same conflict, not a second one
    forget_synced(&mut laptop, "laptop-late").await;
    let again = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(again.already_applied, 1, "{again:?}");
    assert_eq!(manager.field_conflicts(false).await.unwrap().len(), 1);
    assert_eq!(returns_on(&db, dep).await, 2);
}

#[tokio::test]
async fn offline_the_service_answers_the_roll_call_and_returns_from_the_laptop() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let b = manager.book(&request(dep, 2, 0, "Elena Kim")).await.unwrap();
    manager
        .check_in(&CheckInRequest::booking(&b.booking_number, Some(dep)))
        .await
        .unwrap();
    // Elena came back early, at the desk: the prepare takes her return along
    manager
        .record_return(&ReturnRequest::back(
            ReturnSubject::Participant(b.participants[0].id.into()),
            Some(dep),
        ))
        .await
        .unwrap();
    let online = manager.rollcall(dep).await.unwrap();
    let mut laptop = Laptop::new(&db, "laptop-service-returns").await;
    laptop.prepare(&[dep], None).await;
    let service = tourdesk::service::Service::with_core(None, Some(laptop.store));

    // the same answer as the server's, from what was taken along, marked offline
    let r = service.rollcall(dep).await.unwrap();
    assert!(r.offline);
    assert_eq!((r.tour.as_str(), r.ends_at), (online.tour.as_str(), online.ends_at));
    assert_eq!(
        (r.grace_minutes, r.missing_after),
        (online.grace_minutes, online.missing_after)
    );
    assert_eq!(r.counts, online.counts);
    assert_eq!(
        r.out, online.out,
        "names, phones, emergency contacts, as the desk has them"
    );
    assert_eq!(r.back, online.back, "when, by whom and where, as the desk has it");
    assert_eq!((r.counts.back, r.counts.out), (1, 1));

    let back = service
        .record_return(&ReturnRequest::back(ReturnSubject::Everyone(dep), None))
        .await
        .unwrap();
    assert!(back.offline);
    assert_eq!((back.recorded.len(), back.counts.back, back.counts.out), (1, 2, 0));
    assert_eq!(service.pending().await, 1);
    let after = service.rollcall(dep).await.unwrap();
    assert_eq!(after.back.len(), 2);
}
