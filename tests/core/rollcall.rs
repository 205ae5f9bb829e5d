//! The return roll-call (migration 0029): people checked in are counted back
//! by ticket, by participant, by group code or "everyone back", or marked as
//! having left the group with a note; whoever is still out after the end
//! plus the grace period is MISSING, announced once by the sweep on
//! `rollcall_changed`. Refusals, idempotency and audit rows of each.

use super::checkin::{family, group, ticket_of};
use super::*;
use std::time::Duration as StdDuration;
use tourdesk::booking::live::{self, Change};
use tourdesk::booking::{CheckInRequest, ReturnRequest, ReturnSubject};
use tourdesk::domain::{ParticipantId, ParticipantRef, ReturnState, RollcallState};

/// A departure an hour ahead (check-in is open), the Petrov family (with a
/// contact phone and an emergency contact) all checked in, and Boris
/// Sokolov's party of two of whom only Boris is. Returns the departure, the
/// family's booking number and Boris's party's participant ids.
async fn trip(db: &TestDb, core: &Core) -> (DepartureId, String, [ParticipantId; 2]) {
    let dep = db.departure(core, 1, 10).await;
    let mut fam = family(dep);
    fam.contact_phone = "+7 914 555-12-34".into();
    fam.participants[0].emergency_contact = "Oleg Petrov +7 914 000-00-01".into();
    let b = core.book(&fam).await.unwrap();
    core.check_in(&CheckInRequest::booking(&b.booking_number, Some(dep)))
        .await
        .unwrap();
    let boris = core.book(&request(dep, 2, 0, "Boris Sokolov")).await.unwrap();
    let ids = [boris.participants[0].id, boris.participants[1].id];
    core.check_in(&CheckInRequest::participant(ids[0], Some(dep)))
        .await
        .unwrap();
    (dep, b.booking_number, ids)
}

async fn returns_of(pool: &PgPool, participant: ParticipantId) -> i64 {
    scalar_i64(
        pool,
        "select count(*) from returns where participant_id = $1",
        participant.0,
    )
    .await
}

#[tokio::test]
async fn tickets_names_group_codes_and_everyone_count_the_group_back_once() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-laptop-1").await;
    let (dep, family_number, [boris, _]) = trip(&db, &manager).await;
    let tickets = manager
        .tickets(&family_number, &registered_key(&manager).await)
        .await
        .unwrap();

    let r = guide.rollcall(dep).await.unwrap();
    assert_eq!((r.counts.checked_in, r.counts.out, r.counts.back), (4, 4, 0));
    assert!(r.missing.is_empty() && r.back.is_empty());

    // the same ticket scanned again at the end of the trip
    let ivan = ticket_of(&tickets, "Ivan Petrov");
    let back = guide
        .record_return(&ReturnRequest::back(ReturnSubject::Code(ivan.code.clone()), Some(dep)))
        .await
        .unwrap();
    assert_eq!(back.recorded.len(), 1);
    assert_eq!(back.recorded[0].name, "Ivan Petrov");
    assert_eq!((back.counts.back, back.counts.out, back.replayed), (1, 3, false));

    // scanned twice: "already back", when and by whom, and no second row
    let again = guide
        .record_return(&ReturnRequest::back(ReturnSubject::Code(ivan.code.clone()), Some(dep)))
        .await
        .unwrap();
    assert!(again.recorded.is_empty());
    assert_eq!(again.already.len(), 1);
    let earlier = &again.already[0];
    assert_eq!(earlier.state, ReturnState::Back);
    assert_eq!(
        (earlier.staff.as_str(), earlier.device.as_str()),
        ("Guide Oleg", "field-laptop-1")
    );
    assert!(close_to(earlier.at, Utc::now()));
    assert_eq!(returns_of(&db.pool, ivan.participant_id.unwrap()).await, 1);

    // a name ticked, then the family's group code: the rest of the party
    let anna = ticket_of(&tickets, "Anna Petrova").participant_id.unwrap();
    guide
        .record_return(&ReturnRequest::back(ReturnSubject::Participant(anna.into()), None))
        .await
        .unwrap();
    let party = guide
        .record_return(&ReturnRequest::back(
            ReturnSubject::Code(group(&tickets).code.clone()),
            Some(dep),
        ))
        .await
        .unwrap();
    let names: Vec<_> = party.recorded.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Masha Petrova"]);
    assert_eq!(party.already.len(), 2, "Anna and Ivan were back before");

    // everyone still out: Boris only (his friend never went)
    let all = guide
        .record_return(&ReturnRequest::back(ReturnSubject::Everyone(dep), Some(dep)))
        .await
        .unwrap();
    assert_eq!(all.recorded.len(), 1);
    assert_eq!(all.recorded[0].participant_id, ParticipantRef::from(boris));
    assert!(all.already.is_empty());
    assert_eq!((all.counts.back, all.counts.out, all.counts.missing), (4, 0, 0));
    let nobody = guide
        .record_return(&ReturnRequest::back(ReturnSubject::Everyone(dep), Some(dep)))
        .await
        .unwrap();
    assert!(nobody.recorded.is_empty() && nobody.already.is_empty());

    let r = manager.rollcall(dep).await.unwrap();
    assert_eq!(r.back.len(), 4);
    assert!(
        r.back
            .iter()
            .all(|p| p.state == RollcallState::Back && p.returned_at.is_some())
    );
    let anna = r.back.iter().find(|p| p.name == "Anna Petrova").unwrap();
    assert!(anna.phone.contains("914"), "{anna:?}");
    assert_eq!(anna.emergency_contact, "Oleg Petrov +7 914 000-00-01");
    assert_eq!(anna.booking_number, family_number);
    let ivan = r.back.iter().find(|p| p.name == "Ivan Petrov").unwrap();
    assert_eq!(ivan.medical_notes, "asthma, inhaler in bag");
    assert_eq!(ivan.returned_by, "Guide Oleg");

    // audited: one row per request that recorded someone, the guide's
    let rows = audit(&db.pool, "return.back").await;
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows.iter().all(|r| r.staff_id == guide.actor().staff.map(|s| s.0)
        && r.device_id == Some(guide.actor().device.0)
        && r.departure_id == Some(dep.0)));
    assert_eq!(rows[3].details["by"], "everyone");
}

#[tokio::test]
async fn only_people_checked_in_on_the_departure_return() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let (dep, _, [boris, friend]) = trip(&db, &manager).await;
    let elsewhere = db.departure_of(&manager, "Mutnovsky volcano", 2, 10).await;

    // the friend never checked in; Boris did, but on another departure
    match manager
        .record_return(&ReturnRequest::back(
            ReturnSubject::Participant(friend.into()),
            Some(dep),
        ))
        .await
    {
        Err(BookingError::NotCheckedIn { participant, departure }) => {
            assert_eq!((participant, departure), (friend.0, dep.0));
        }
        other => panic!("expected NOT_CHECKED_IN, got {other:?}"),
    }
    match manager
        .record_return(&ReturnRequest::back(
            ReturnSubject::Participant(boris.into()),
            Some(elsewhere),
        ))
        .await
    {
        Err(e @ BookingError::NotCheckedIn { .. }) => {
            assert_eq!(e.details()["departure_id"], elsewhere.0);
            assert!(e.to_string().contains(&format!("departure {}", elsewhere.0)), "{e}");
        }
        other => panic!("expected NOT_CHECKED_IN, got {other:?}"),
    }
    // nobody by that id, a code that is not a ticket
    assert_eq!(
        code(
            manager
                .record_return(&ReturnRequest::back(
                    ReturnSubject::Participant(ParticipantId(999_999).into()),
                    None
                ))
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        code(
            manager
                .record_return(&ReturnRequest::back(ReturnSubject::Code("hello".into()), Some(dep)))
                .await
        ),
        "INVALID_INPUT"
    );
    let rows: i64 = sqlx::query_scalar("select count(*) from returns")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 0, "no refusal writes a return");
}

#[tokio::test]
async fn leaving_the_group_takes_a_note_and_a_guide_or_a_manager() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-laptop-1").await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    let (dep, _, [boris, _]) = trip(&db, &manager).await;

    assert_eq!(
        code(desk.record_return(&ReturnRequest::left(boris, "took a taxi")).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(guide.record_return(&ReturnRequest::left(boris, "  ")).await),
        "INVALID_INPUT"
    );
    let left = guide
        .record_return(&ReturnRequest::left(boris, "left early by taxi from Nalychevo"))
        .await
        .unwrap();
    assert_eq!((left.state, left.recorded.len()), (ReturnState::Left, 1));
    assert_eq!(left.counts.left, 1);

    // a desk may still count someone back; Boris is answered as having left
    let back = desk
        .record_return(&ReturnRequest::back(
            ReturnSubject::Participant(boris.into()),
            Some(dep),
        ))
        .await
        .unwrap();
    assert!(back.recorded.is_empty());
    assert_eq!(back.already[0].state, ReturnState::Left);
    assert_eq!(back.already[0].note, "left early by taxi from Nalychevo");

    let r = desk.rollcall(dep).await.unwrap();
    assert_eq!(r.left.len(), 1);
    assert_eq!(r.left[0].state, RollcallState::Left);
    assert_eq!(r.left[0].note, "left early by taxi from Nalychevo");
    assert_eq!(r.counts.out, 3);
    let row = one_audit(&db.pool, "return.left", &guide).await;
    assert_eq!(row.details["note"], "left early by taxi from Nalychevo");
}

#[tokio::test]
async fn a_key_replays_its_first_answer_and_refuses_another_request() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let (dep, _, [boris, friend]) = trip(&db, &manager).await;

    let req = ReturnRequest::back(ReturnSubject::Participant(boris.into()), Some(dep));
    let first = manager.record_return(&req).await.unwrap();
    let again = manager.record_return(&req).await.unwrap();
    assert!(again.replayed && !first.replayed);
    assert_eq!(
        (again.recorded.clone(), again.occurred_at),
        (first.recorded.clone(), first.occurred_at)
    );
    assert_eq!(returns_of(&db.pool, boris).await, 1);
    assert_eq!(audit(&db.pool, "return.back").await.len(), 1);

    let mut other = ReturnRequest::back(ReturnSubject::Participant(friend.into()), Some(dep));
    other.key = req.key;
    assert_eq!(code(manager.record_return(&other).await), "IDEMPOTENCY_CONFLICT");
}

/// The next roll-call change on `listener` (other channels skipped).
async fn next_rollcall(listener: &mut sqlx::postgres::PgListener) -> DepartureId {
    loop {
        let n = tokio::time::timeout(StdDuration::from_secs(5), listener.recv())
            .await
            .expect("no roll-call notification within 5 s")
            .expect("listener");
        if let Some(Change::Rollcall(id)) = Change::of(&n) {
            return id;
        }
    }
}

#[tokio::test]
async fn still_out_after_the_end_and_the_grace_period_is_missing_and_announced_once() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let (dep, _, [boris, _]) = trip(&db, &manager).await;

    // the grace period: a manager's setting, audited when it changes
    assert_eq!(manager.return_grace_minutes().await.unwrap(), 60);
    assert!(manager.set_return_grace(30).await.unwrap());
    assert!(!manager.set_return_grace(30).await.unwrap());
    assert_eq!(manager.return_grace_minutes().await.unwrap(), 30);
    assert_eq!(audit(&db.pool, "settings.return_grace").await.len(), 1);
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-laptop-1").await;
    assert_eq!(code(guide.set_return_grace(10).await), "FORBIDDEN");

    let r = manager.rollcall(dep).await.unwrap();
    assert!(r.missing.is_empty(), "before the end nobody is missing");
    assert_eq!(manager.sweep().await.unwrap().missing_departures, 0);

    // the trip ended 31 minutes ago (as the superuser: the server's clock decides)
    sqlx::query(
        "update departures set starts_at = now() - interval '8 hours', ends_at = now() - interval '31 minutes'
          where id = $1",
    )
    .bind(dep.0)
    .execute(&db.pool)
    .await
    .unwrap();
    let mut listener = live::subscribe(&db.pool).await.expect("subscribe");

    let r = manager.rollcall(dep).await.unwrap();
    assert_eq!(r.counts.missing, 4, "{:?}", r.counts);
    assert_eq!(r.grace_minutes, 30);
    assert!(r.missing.iter().all(|p| p.state == RollcallState::Missing
        && p.missing_since == Some(r.missing_after)
        && p.returned_at.is_none()));
    assert!(close_to(r.missing_after, r.ends_at + Duration::minutes(30)));
    assert!(r.missing_after <= r.as_of);

    // the sweep announces it once, and audits it
    assert_eq!(manager.sweep().await.unwrap().missing_departures, 1);
    assert_eq!(next_rollcall(&mut listener).await, dep);
    assert_eq!(manager.sweep().await.unwrap().missing_departures, 0);
    let row = one_audit(&db.pool, "rollcall.missing", &manager).await;
    assert_eq!(
        (row.departure_id, row.details["missing"].as_i64()),
        (Some(dep.0), Some(4))
    );

    // Boris turns up: marked back, told at once, no longer missing
    manager
        .record_return(&ReturnRequest::back(
            ReturnSubject::Participant(boris.into()),
            Some(dep),
        ))
        .await
        .unwrap();
    assert_eq!(next_rollcall(&mut listener).await, dep);
    let r = manager.rollcall(dep).await.unwrap();
    assert_eq!((r.counts.missing, r.counts.back), (3, 1));
    assert!(
        r.missing
            .iter()
            .all(|p| p.participant_id != ParticipantRef::from(boris))
    );
}

#[tokio::test]
async fn the_desk_reads_who_is_missing_now_across_departures() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let (dep, _, _) = trip(&db, &manager).await;
    // another departure, nobody checked in: never listed
    let other = db.departure(&manager, 2, 10).await;
    let desk = db.core_as(Role::Desk, "Desk Olga", "front-desk-1").await;
    assert!(desk.rollcall_missing().await.unwrap().is_empty(), "before the end");

    sqlx::query(
        "update departures set starts_at = now() - interval '8 hours' - (id - $1) * interval '1 minute',
                ends_at = now() - interval '61 minutes'
          where id = any($2)",
    )
    .bind(dep.0)
    .bind(vec![dep.0, other.0])
    .execute(&db.pool)
    .await
    .unwrap();
    // becoming missing writes nothing: read at once, before any sweep
    let missing = desk.rollcall_missing().await.unwrap();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!((missing[0].departure_id, missing[0].missing), (dep, 4));
    assert!(!missing[0].tour.is_empty());
    let guide = db.core_as(Role::Guide, "Guide Oleg", "field-laptop-1").await;
    assert_eq!(guide.rollcall_missing().await.unwrap(), missing, "a guide reads it too");

    // everyone back: nobody missing
    manager
        .record_return(&ReturnRequest::back(ReturnSubject::Everyone(dep), Some(dep)))
        .await
        .unwrap();
    assert!(desk.rollcall_missing().await.unwrap().is_empty());
}
