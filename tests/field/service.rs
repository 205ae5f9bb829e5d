//! The service below the kiosk with the database gone: its offline answers
//! are the store's real values (the tour, the prices and the allotment taken
//! along), an unpriced party is NO_PRICE, and a walk-in begun offline stays
//! offline when the database is back — until the sync books it. Online,
//! the kiosk's prepare keeps what was prepared before and its release says
//! how many seats went back.

use super::*;
use chrono::{TimeDelta, Utc};
use tourdesk::service::{HoldReleased, Service, Sold};

#[tokio::test]
async fn offline_the_service_sells_a_walk_in_from_what_was_taken_along() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let online = manager.departure(dep).await.unwrap();
    let mut laptop = Laptop::new(&db, "laptop-service").await;
    laptop.prepare(&[dep], Some(3)).await;
    let Laptop { store, core, dir, .. } = laptop;
    let service = Service::with_core(None, Some(store));
    let now = Utc::now();

    // the desk's listing, as prepared: the real tour, not a placeholder
    let list = service.sale_departures(now, now + TimeDelta::days(1)).await.unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    let d = &list[0];
    assert_eq!(
        (d.id, d.tour_id, d.tour.as_str()),
        (dep, online.tour_id, online.tour.as_str())
    );
    assert_eq!(d.free, 3, "offline, a walk-in has this laptop's allotment");
    assert_eq!(
        (d.adult_price_minor, d.child_price_minor),
        (common::ADULT_PRICE, common::CHILD_PRICE)
    );
    let listed = service.departure(dep).await.unwrap();
    assert_eq!((listed.tour_id, listed.weather_status.as_str()), (online.tour_id, "ok"));
    assert_eq!(
        (listed.booked, listed.held, listed.free),
        (0, 3, 7),
        "the allotment is held"
    );

    let party = common::party(2, 0);
    let q = service.quote(dep, party, now).await.unwrap();
    assert_eq!((q.adults, q.total_minor), (2, 2 * common::ADULT_PRICE));
    // more than the allotment was never priced
    let e = service.quote(dep, common::party(4, 0), now).await.unwrap_err();
    assert_eq!(e.code(), tourdesk::domain::ErrorCode::NoPrice, "{e}");

    let hold = service.hold(dep, party, uuid::Uuid::now_v7()).await.unwrap();
    assert_eq!(
        service.release(hold.hold_id).await.unwrap(),
        HoldReleased::AllotmentKept
    );
    let mut req = common::request(dep, 2, 0, "Olga Walkin");
    req.hold = Some(hold.hold_id);
    let sold = service.book(&req).await.unwrap();
    let Sold::Offline(r) = &sold else {
        panic!("sold on the server with the database gone: {sold:?}")
    };
    assert_eq!(
        (r.total_minor, r.contact_name.as_str(), r.allotment_left),
        (q.total_minor, "Olga Walkin", 1)
    );
    assert!(sold.booking_number().starts_with("TD-"));
    let listed = service.departure(dep).await.unwrap();
    assert_eq!(
        (listed.booked, listed.held, listed.free),
        (2, 1, 7),
        "sold from the allotment, not twice"
    );

    // the database is back: a sale begun on the allotment still sells from it
    service.attach(core.clone());
    let mut again = common::request(dep, 1, 0, "Last Seat");
    again.hold = Some(hold.hold_id);
    assert!(service.book(&again).await.unwrap().offline());
    assert_eq!(
        db.assert_consistent(dep).await.1,
        0,
        "nothing booked on the server before the sync"
    );
    let report = service.sync(|_| {}).await.unwrap();
    assert_eq!(report.applied, 2, "{report:?}");
    assert_eq!(db.assert_consistent(dep).await.1, 3);
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosks_prepare_keeps_what_was_prepared_and_its_release_counts_the_seats_given_back() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager
        .upsert_staff("Kiosk Clerk", Role::Desk, "73645182")
        .await
        .unwrap();
    let first = departure(&db, &manager, 10).await;
    let second = db.departure(&manager, 2, 10).await;
    let dir = TempDir::new();
    let store = FieldStore::open(&dir.store(), "kiosk-laptop").await.unwrap();
    let service = Service::kiosk(db.pool.clone(), "kiosk-laptop", Some(store), false);
    service.login("73645182").await.unwrap();

    let r = service.prepare(first, Some(2)).await.unwrap();
    assert_eq!(r.departures, [first]);
    let r = service.prepare(second, None).await.unwrap();
    let mut taken = r.departures.clone();
    taken.sort();
    assert_eq!(taken, [first, second], "the one prepared before is kept");
    assert_eq!(r.wrapped_for, ["Kiosk Clerk"], "sealed for who logged in");

    assert_eq!(service.release_allotment(first).await.unwrap(), 2);
    assert_eq!(db.counters(first).await.2, 0, "nothing held any more");
    assert_eq!(
        service.release_allotment(first).await.unwrap(),
        0,
        "nothing left to give back"
    );
}

/// An offline sale's people are named by the sale and their place in it
/// until the sync numbers them — never by a made-up id: the offline
/// manifest shows them so, undo and no-show of them say NOT_SYNCED (nothing
/// is sent), a manual check-in of one is answered by their booking, and
/// after the sync the same rows carry the server's ids, which undo takes.
#[tokio::test]
async fn an_offline_sales_people_are_its_own_until_the_sync_numbers_them() {
    use tourdesk::booking::{CheckInRequest, Verdict};
    use tourdesk::domain::{ErrorCode, ManifestState, ParticipantRef};

    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-local-people").await;
    laptop.prepare(&[dep], Some(3)).await;
    let Laptop { store, core, dir, .. } = laptop;
    let service = Service::with_core(None, Some(store));
    let mut req = common::request(dep, 2, 0, "Olga Walkin");
    req.hold = Some(
        service
            .hold(dep, common::party(2, 0), uuid::Uuid::now_v7())
            .await
            .unwrap()
            .hold_id,
    );
    let sold = service.book(&req).await.unwrap();
    let number = sold.booking_number().to_string();

    let m = service.manifest(dep).await.unwrap();
    let rows: Vec<_> = m.rows.iter().filter(|r| r.booking_number == number).collect();
    let refs: Vec<ParticipantRef> = rows.iter().map(|r| r.participant_id).collect();
    let [
        ParticipantRef::Local { sale, position: 1 },
        ParticipantRef::Local {
            sale: same,
            position: 2,
        },
    ] = refs[..]
    else {
        panic!("not the sale's own people: {refs:?}")
    };
    assert_eq!(sale, same, "{refs:?}");
    assert!(
        rows.iter().all(|r| r.state == ManifestState::Admitted),
        "let in when sold"
    );
    // the JSON a script reads names the sale, never an id
    let json = serde_json::to_value(rows[1]).unwrap();
    assert_eq!(json["participant_id"], serde_json::json!({"sale": sale, "position": 2}));

    let e = service.undo_check_in(refs[0], "wrong person").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotSynced, "{e}");
    assert!(e.to_string().contains("sync"), "says what to do: {e}");
    let e = service.set_no_show(refs[1], true, "").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotSynced, "{e}");

    // their booking answers for them: in since the sale, nobody named by a made-up id
    let a = service
        .check_in(&CheckInRequest::booking(&number, Some(dep)))
        .await
        .unwrap();
    let Verdict::AlreadyCheckedIn { already, party_in, .. } = &a.check_in.verdict else {
        panic!("{:?}", a.check_in.verdict)
    };
    assert_eq!((already.len(), *party_in), (2, 2));
    assert!(already.iter().all(|p| p.participant_id.is_none()), "{already:?}");

    // synced: the server's ids, and undo goes through
    service.attach(core.clone());
    let report = service.sync(|_| {}).await.unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    let m = service.manifest(dep).await.unwrap();
    let first = m
        .rows
        .iter()
        .find(|r| r.booking_number == number && r.position == 1)
        .expect("the sale on the server");
    let ParticipantRef::Server(id) = first.participant_id else {
        panic!("online, the server's id: {:?}", first.participant_id)
    };
    assert!(id.0 > 0, "{id}");
    let undone = service
        .undo_check_in(first.participant_id, "wrong person")
        .await
        .unwrap();
    assert_eq!(undone.participant_id, id);
    drop(dir);
}
