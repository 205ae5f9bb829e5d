//! Skipping a waiting party: it goes last, and an offer it held passes on.

use super::*;

/// The live queue's entry ids, in the order the desk sees them, with positions.
async fn queue_of(core: &Core, dep: DepartureId) -> Vec<(WaitlistEntryId, i64)> {
    core.waitlist(dep)
        .await
        .unwrap()
        .iter()
        .map(|e| (e.id, e.position))
        .collect()
}

async fn offer_hold(pool: &PgPool, entry: WaitlistEntryId) -> Option<i64> {
    sqlx::query_scalar("select offer_hold_id from waitlist_entries where id = $1")
        .bind(entry.0)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn skipping_an_offered_party_passes_its_seats_on_and_puts_it_last() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dasha at the desk", "kiosk-1").await;
    let guide = db.core_as(Role::Guide, "Gleb the guide", "field-1").await;
    let dep = db.departure(&manager, 48, 2).await;
    let b = manager.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (w1, _) = desk.waitlist_join(dep, party(2, 0), "First", "", "").await.unwrap();
    let (w2, _) = desk
        .waitlist_join(dep, party(1, 1), "Second", "+7902", "")
        .await
        .unwrap();
    let (w3, _) = desk.waitlist_join(dep, party(1, 0), "Third", "", "").await.unwrap();
    manager
        .cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let first_offer = offer_hold(&db.pool, w1).await.expect("First is offered the seats");

    let audit_before = last_audit_id(&db.pool).await;
    assert_eq!(code(guide.waitlist_skip(w1).await), "FORBIDDEN");
    assert_eq!(
        last_audit_id(&db.pool).await,
        audit_before,
        "a refused skip writes nothing"
    );
    assert_eq!(entry_status(&db.pool, w1).await, "offered");

    assert_eq!(desk.waitlist_skip(w1).await.unwrap(), WaitlistStatus::Waiting);
    // First is last now, its offer released; Second is next in line and fits
    assert_eq!(hold_status(&db.pool, HoldId(first_offer)).await, "released");
    assert_eq!(offer_hold(&db.pool, w1).await, None);
    assert_eq!(entry_status(&db.pool, w1).await, "waiting");
    assert_eq!(entry_status(&db.pool, w2).await, "offered");
    assert_eq!(entry_status(&db.pool, w3).await, "waiting");
    assert_eq!(queue_of(&desk, dep).await, [(w2, 1), (w3, 2), (w1, 3)]);
    assert_eq!(db.counters(dep).await, (2, 0, 2));
    db.assert_consistent(dep).await;

    let skipped = one_audit(&db.pool, "waitlist.skipped", &desk).await;
    assert_eq!(skipped.departure_id, Some(dep.0));
    assert_eq!(skipped.details["entry_id"], w1.0);
    assert_eq!(skipped.details["was"], "offered");
    assert_eq!(skipped.details["released_hold_id"], first_offer);
    let offered = audit(&db.pool, "waitlist.offered").await;
    let last = offered.last().unwrap();
    assert_eq!(last.details["entry_id"], w2.0);
    assert_eq!(last.device_id, Some(desk.actor().device.0), "the skip made the offer");

    // a new party joins behind the skipped one, and is told so
    let (w4, position) = desk.waitlist_join(dep, party(3, 0), "Fourth", "", "").await.unwrap();
    assert_eq!(position, 4);
    assert_eq!(queue_of(&desk, dep).await, [(w2, 1), (w3, 2), (w1, 3), (w4, 4)]);
    // Second leaves: Third (1) is now first in line and fits, First (2) no longer does
    desk.waitlist_leave(w2).await.unwrap();
    assert_eq!(entry_status(&db.pool, w3).await, "offered");
    assert_eq!(entry_status(&db.pool, w1).await, "waiting");
    assert_eq!(db.counters(dep).await, (2, 0, 1));
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn skipping_a_waiting_party_moves_it_last_and_leaves_the_seats_alone() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (w1, _) = core.waitlist_join(dep, party(2, 0), "First", "", "").await.unwrap();
    let (w2, _) = core.waitlist_join(dep, party(2, 0), "Second", "", "").await.unwrap();
    let (w3, _) = core.waitlist_join(dep, party(2, 0), "Third", "", "").await.unwrap();

    assert_eq!(core.waitlist_skip(w1).await.unwrap(), WaitlistStatus::Waiting);
    assert_eq!(queue_of(&core, dep).await, [(w2, 1), (w3, 2), (w1, 3)]);
    assert_eq!(db.counters(dep).await, (2, 2, 0));
    let holds: i64 = sqlx::query_scalar("select count(*) from holds where departure_id = $1")
        .bind(dep.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(holds, 0, "no seats were held or released");
    let skipped = one_audit(&db.pool, "waitlist.skipped", &core).await;
    assert_eq!(skipped.details["was"], "waiting");
    assert_eq!(skipped.details["released_hold_id"], Value::Null);
    assert!(audit(&db.pool, "waitlist.offered").await.is_empty());

    // freed seats now go to the new head of the queue, not the skipped party
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(entry_status(&db.pool, w2).await, "offered");
    assert_eq!(entry_status(&db.pool, w1).await, "waiting");
    // skipped twice, it is still last — and keeps its contact details
    core.waitlist_skip(w3).await.unwrap();
    core.waitlist_skip(w1).await.unwrap();
    assert_eq!(queue_of(&core, dep).await, [(w2, 1), (w3, 2), (w1, 3)]);
    assert_eq!(core.waitlist(dep).await.unwrap()[2].name, "First");
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn a_skipped_party_nobody_else_fits_is_offered_the_seats_again() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (w1, _) = core.waitlist_join(dep, party(2, 0), "Fits", "", "").await.unwrap();
    let (w2, _) = core.waitlist_join(dep, party(3, 0), "Too big", "", "").await.unwrap();
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let first_offer = offer_hold(&db.pool, w1).await.expect("an offer");

    // the seats must not sit idle: the skipped party gets a fresh offer
    assert_eq!(core.waitlist_skip(w1).await.unwrap(), WaitlistStatus::Offered);
    let second_offer = offer_hold(&db.pool, w1).await.expect("offered again");
    assert_ne!(second_offer, first_offer);
    assert_eq!(hold_status(&db.pool, HoldId(first_offer)).await, "released");
    assert_eq!(hold_status(&db.pool, HoldId(second_offer)).await, "active");
    assert_eq!(queue_of(&core, dep).await, [(w2, 1), (w1, 2)]);
    assert_eq!(entry_status(&db.pool, w2).await, "waiting");
    assert_eq!(db.counters(dep).await, (2, 0, 2));
    db.assert_consistent(dep).await;
    // and the fresh offer books as any other
    let booked = core.waitlist_accept(w1, cash(), Uuid::now_v7()).await.unwrap();
    assert_eq!(booked.contact_name, "Fits");
    assert_eq!(db.counters(dep).await, (2, 2, 0));
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn skipping_an_entry_no_longer_in_the_queue_changes_nothing() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (booked, _) = core.waitlist_join(dep, party(1, 0), "Booked", "", "").await.unwrap();
    let (left, _) = core.waitlist_join(dep, party(1, 0), "Left", "", "").await.unwrap();
    let (waits, _) = core.waitlist_join(dep, party(2, 0), "Waits", "", "").await.unwrap();
    let (next, _) = core.waitlist_join(dep, party(2, 0), "Next", "", "").await.unwrap();
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    core.waitlist_accept(booked, cash(), Uuid::now_v7()).await.unwrap();
    core.waitlist_leave(left).await.unwrap();
    assert_eq!(db.counters(dep).await, (2, 1, 0));

    let audit_before = last_audit_id(&db.pool).await;
    assert_eq!(core.waitlist_skip(booked).await.unwrap(), WaitlistStatus::Booked);
    assert_eq!(core.waitlist_skip(left).await.unwrap(), WaitlistStatus::Left);
    assert_eq!(code(core.waitlist_skip(WaitlistEntryId(777_777)).await), "NOT_FOUND");
    assert_eq!(last_audit_id(&db.pool).await, audit_before);
    assert_eq!(entry_status(&db.pool, booked).await, "booked");
    assert_eq!(entry_status(&db.pool, left).await, "left");
    assert_eq!(queue_of(&core, dep).await, [(waits, 1), (next, 2)]);
    assert_eq!(db.counters(dep).await, (2, 1, 0));

    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn a_missed_offer_is_not_revived_by_a_skip() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    let b = core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (missed, _) = core.waitlist_join(dep, party(2, 0), "Missed", "", "").await.unwrap();
    let (next, _) = core.waitlist_join(dep, party(2, 0), "Next", "", "").await.unwrap();
    core.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(entry_status(&db.pool, missed).await, "offered");

    // the offer runs out before the desk presses skip (no sweep yet): the
    // party is out of the queue, and the seats still go on to the next
    db.expire_holds(dep).await;
    assert_eq!(core.waitlist_skip(missed).await.unwrap(), WaitlistStatus::Expired);
    assert_eq!(entry_status(&db.pool, missed).await, "expired");
    assert_eq!(entry_status(&db.pool, next).await, "offered");
    assert_eq!(queue_of(&core, dep).await, [(next, 1)]);
    assert!(audit(&db.pool, "waitlist.skipped").await.is_empty());
    assert_eq!(db.counters(dep).await, (2, 0, 2));
    db.assert_consistent(dep).await;
}

#[tokio::test]
async fn other_desks_are_told_of_a_skip_even_when_no_seat_moves() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 48, 2).await;
    core.book(&request(dep, 2, 0, "Full")).await.unwrap();
    let (w1, _) = core.waitlist_join(dep, party(2, 0), "First", "", "").await.unwrap();
    core.waitlist_join(dep, party(2, 0), "Second", "", "").await.unwrap();
    let mut listener = sqlx::postgres::PgListener::connect_with(&db.pool).await.unwrap();
    listener.listen("departure_changed").await.unwrap();

    core.waitlist_skip(w1).await.unwrap();
    let told = tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv())
        .await
        .expect("no notification within 5 s")
        .unwrap();
    assert_eq!(told.payload(), dep.0.to_string());
    assert_eq!(db.counters(dep).await, (2, 2, 0), "no seat moved");
}
