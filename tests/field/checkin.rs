//! Offline check-in: the verdicts a guide relies on, the journal on disk, and
//! what a sync makes of it.

use super::*;
use tourdesk::booking::{CheckInRequest, Verdict};
use tourdesk::domain::ParticipantId;

#[tokio::test]
async fn offline_check_in_verifies_tickets_against_the_manifest_and_keeps_every_scan() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 20).await;
    let other = db.departure_of(&manager, "Bay boat trip", 1, 20).await;
    let (number, tickets) = booked(&manager, &key, dep, 3, "Anna Petrova").await;
    let (cancelled, cancelled_tickets) = booked(&manager, &key, dep, 1, "Oleg Sidorov").await;
    manager
        .cancel(&cancelled, tourdesk::domain::refund::CancelReason::Customer, "")
        .await
        .unwrap();
    let (_, elsewhere) = booked(&manager, &key, other, 1, "Ivan Elsewhere").await;
    let mut laptop = Laptop::new(&db, "laptop-1").await;
    laptop.prepare(&[dep], None).await;

    // a participant's ticket: in; scanned again: already in on this laptop
    let anna = &tickets[1];
    let first = laptop
        .store
        .check_in(&CheckInRequest::scan(&anna.code, Some(dep)), None)
        .await
        .unwrap();
    match &first.verdict {
        Verdict::Admitted {
            admitted,
            party_in,
            party_total,
            ..
        } => {
            assert_eq!(admitted.len(), 1);
            assert_eq!(admitted[0].name, "Anna Petrova");
            assert_eq!((*party_in, *party_total), (1, 3));
        }
        v => panic!("expected admitted, got {v:?}"),
    }
    let again = laptop
        .store
        .check_in(&CheckInRequest::scan(&anna.code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(again.verdict.name(), "already_checked_in", "{:?}", again.verdict);
    // the group code lets in the two not yet in, and says who was
    let group = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[0].code, Some(dep)), None)
        .await
        .unwrap();
    match &group.verdict {
        Verdict::Admitted {
            admitted,
            already,
            party_in,
            ..
        } => {
            assert_eq!(admitted.len(), 2);
            assert_eq!(already.len(), 1);
            assert_eq!(*party_in, 3);
        }
        v => panic!("expected admitted, got {v:?}"),
    }
    // revoked, forged, for another departure, not a ticket at all
    let revoked = laptop
        .store
        .check_in(&CheckInRequest::scan(&cancelled_tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(revoked.verdict.name(), "cancelled");
    let mut forged = anna.code.clone().into_bytes();
    let i = forged.len() - 5;
    forged[i] = if forged[i] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let v = laptop
        .store
        .check_in(&CheckInRequest::scan(&forged, Some(dep)), None)
        .await
        .unwrap();
    assert!(
        matches!(v.verdict, Verdict::InvalidSignature { .. } | Verdict::Malformed { .. }),
        "{:?}",
        v.verdict
    );
    let wrong = laptop
        .store
        .check_in(&CheckInRequest::scan(&elsewhere[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(wrong.verdict.name(), "wrong_departure");
    let junk = laptop
        .store
        .check_in(&CheckInRequest::scan("hello", Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(junk.verdict.name(), "malformed");
    assert_eq!(laptop.store.pending(), 7, "every scan is journalled");
    assert_eq!(accepted(&db, dep).await, 0, "nothing reached the server yet");

    // the journal survives the process: reopened, the laptop still knows Anna is in
    let path = laptop.dir.store();
    drop(laptop.store);
    laptop.store = FieldStore::open(&path, "ignored").await.unwrap();
    assert_eq!(laptop.store.device(), "laptop-1", "a store keeps its device");
    assert!(
        laptop.store.unlock(&laptop.pin).await.unwrap().is_some(),
        "the guide's PIN opens it"
    );
    assert_eq!(laptop.store.pending(), 7);
    let after = laptop
        .store
        .check_in(&CheckInRequest::scan(&anna.code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(after.verdict.name(), "already_checked_in");
    let manifest = laptop.store.manifest(dep).unwrap();
    assert_eq!(manifest.admitted, 3);

    // synced: the three are in on the server, every scan is recorded, once
    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(report.applied, 8);
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(laptop.store.pending(), 0);
    assert_eq!(accepted(&db, dep).await, 3);
    let m = manager.manifest(dep).await.unwrap();
    let anna_row = m.rows.iter().find(|r| r.name == "Anna Petrova").unwrap();
    assert_eq!(anna_row.checked_in_device, "laptop-1");
    assert_eq!(
        count(
            &db,
            "select count(*) from scan_events where device_id = $1",
            laptop.core.actor().device.0
        )
        .await,
        8
    );
    let verdicts: Vec<String> =
        sqlx::query_scalar("select verdict from scan_events where departure_id = $1 order by occurred_at")
            .bind(dep.0)
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(verdicts.iter().filter(|v| *v == "admitted").count(), 2);
    assert!(verdicts.contains(&"cancelled".to_string()));
    // again: nothing new
    let second = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(second.applied + second.already_applied, 0);
    assert_eq!(accepted(&db, dep).await, 3);
    let _ = number;
}

#[tokio::test]
async fn a_ticket_booked_after_the_laptop_was_prepared_is_admitted_on_its_signature() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 20).await;
    // the desk's signing key is known when the laptop is prepared
    booked(&manager, &key, dep, 1, "Early Booker").await;
    let mut laptop = Laptop::new(&db, "laptop-late").await;
    laptop.prepare(&[dep], None).await;
    let (_, tickets) = booked(&manager, &key, dep, 1, "Late Booker").await;
    let v = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert!(
        v.verdict.is_admitted(),
        "a valid ticket is never refused for being new: {:?}",
        v.verdict
    );
    let again = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(again.verdict.name(), "already_checked_in");
    // the laptop names whom a person's ticket is for, and nobody for a group code
    // (no placeholder id): the ticket itself is what it remembers as in
    let named = |v: &tourdesk::booking::CheckIn| match &v.verdict {
        Verdict::Admitted { admitted, .. } => admitted.iter().map(|a| a.participant_id).collect::<Vec<_>>(),
        other => panic!("admitted expected: {other:?}"),
    };
    assert_eq!(named(&v), vec![tickets[1].participant_id], "{tickets:?}");
    let (_, group) = booked(&manager, &key, dep, 2, "Late Group").await;
    let code = &group
        .iter()
        .find(|t| t.participant_id.is_none())
        .expect("a group code")
        .code;
    let first = laptop
        .store
        .check_in(&CheckInRequest::scan(code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(
        named(&first),
        vec![None],
        "a group code of an unknown booking names nobody"
    );
    let second = laptop
        .store
        .check_in(&CheckInRequest::scan(code, Some(dep)), None)
        .await
        .unwrap();
    assert_eq!(second.verdict.name(), "already_checked_in", "{:?}", second.verdict);
    tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(accepted(&db, dep).await, 3, "the server admits the real participants");
}

#[tokio::test]
async fn the_same_participant_online_on_one_device_and_offline_on_another_is_one_check_in_and_one_duplicate() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 20).await;
    let (number, tickets) = booked(&manager, &key, dep, 2, "Maria Ivanova").await;
    let mut laptop = Laptop::new(&db, "pier-laptop").await;
    laptop.prepare(&[dep], None).await;

    // the desk kiosk checks Maria in online; the laptop, offline, does not know
    let kiosk = db.core_as(Role::Guide, "Gena Guide", "gate-kiosk").await;
    let online = kiosk
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)))
        .await
        .unwrap();
    assert!(online.verdict.is_admitted());
    let offline = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert!(offline.verdict.is_admitted(), "offline, the laptop cannot know");

    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let c = &report.conflicts[0];
    assert_eq!(c.kind(), Some(ConflictKind::Duplicate));
    assert_eq!(c.event_id, offline.event_id);
    let ConflictDetails::Duplicate(d) = &c.details else {
        panic!("{c:?}")
    };
    assert_eq!(d.duplicates.len(), 1);
    assert_eq!(d.duplicates[0].device, "gate-kiosk");
    assert_eq!(d.server.booking_number.as_deref(), Some(number.as_str()));
    assert_eq!(d.device_verdict, tourdesk::booking::VerdictKind::Admitted);
    // the first check-in stands; the later one is kept as a duplicate, not dropped
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "select c.status, c.device_id from check_ins c join participants p on p.id = c.participant_id
          where p.booking_id = (select id from bookings where booking_number = $1) order by c.id",
    )
    .bind(&number)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            ("accepted".to_string(), kiosk.actor().device.0),
            ("duplicate".to_string(), laptop.core.actor().device.0)
        ]
    );
    // listed for review by anyone, resolved once
    let open = manager.field_conflicts(false).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].device, "pier-laptop");
    manager
        .resolve_conflict(open[0].id, "same person, scanned twice")
        .await
        .unwrap();
    assert!(manager.field_conflicts(false).await.unwrap().is_empty());
    assert_eq!(manager.field_conflicts(true).await.unwrap().len(), 1);
    // the laptop remembers what its syncs found
    let local = laptop.store.conflicts().await.unwrap();
    assert_eq!(local.len(), 1);
    assert_eq!(
        local[0].conflict.as_ref().unwrap().kind(),
        Some(ConflictKind::Duplicate)
    );
    assert_eq!(
        local[0].conflict.as_ref().unwrap().details,
        c.details,
        "the laptop's copy reads the same"
    );
    assert_eq!(local[0].kind, EntryKind::CheckIn);
    let _ = ParticipantId(0);
}

#[tokio::test]
async fn a_ticket_cancelled_while_the_laptop_was_offline_is_a_conflict_not_a_check_in() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 20).await;
    let (number, tickets) = booked(&manager, &key, dep, 1, "Pavel Gone").await;
    let mut laptop = Laptop::new(&db, "laptop-c").await;
    laptop.prepare(&[dep], None).await;
    manager
        .cancel(&number, tourdesk::domain::refund::CancelReason::Customer, "")
        .await
        .unwrap();
    let v = laptop
        .store
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)), None)
        .await
        .unwrap();
    assert!(v.verdict.is_admitted());
    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(report.conflicts.len(), 1);
    let ConflictDetails::Cancelled(d) = &report.conflicts[0].details else {
        panic!("{:?}", report.conflicts)
    };
    assert_eq!(d.server.verdict, "cancelled");
    assert_eq!(d.server.reason.as_deref(), Some("booking cancelled"));
    assert_eq!(d.server.booking_number.as_deref(), Some(number.as_str()));
    assert_eq!(accepted(&db, dep).await, 0);
}

/// The case issue 11 names: a desk reprints with a key a manager made after a
/// guide's laptop was prepared. Offline the laptop cannot know that key: the
/// verdict says so and what to do, `field status` lists the keys it has, and
/// preparing again takes the new key along.
#[tokio::test]
async fn a_key_made_after_prepare_is_named_offline_and_taken_by_the_next_prepare() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let first = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 20).await;
    let (number, _) = booked(&manager, &first, dep, 1, "Anna Petrova").await;
    let mut laptop = Laptop::new(&db, "guide-laptop").await;
    let holders = laptop.holders().await;
    let report = prepare(&mut laptop.store, &laptop.core, &[dep], None, &holders)
        .await
        .unwrap();
    let first_id = manager.signing_key_id(&first).await.unwrap();
    assert_eq!(report.key_ids, vec![first_id]);
    assert_eq!(laptop.store.status(true).await.unwrap().key_ids, vec![first_id]);

    // after the prepare: a manager makes the desk's key, the desk reprints
    let second = common::registered_key(&manager).await;
    let second_id = manager.signing_key_id(&second).await.unwrap();
    let reprint = manager.tickets(&number, &second).await.unwrap();
    let code = &reprint[1].code;
    let offline = laptop
        .store
        .check_in(&CheckInRequest::scan(code, Some(dep)), None)
        .await
        .unwrap();
    assert!(
        matches!(offline.verdict, Verdict::UnknownKey { key_id, offline: true } if key_id == second_id),
        "{:?}",
        offline.verdict
    );

    // prepared again: the new key is there and the reprint admits
    let holders = laptop.holders().await;
    let report = prepare(&mut laptop.store, &laptop.core, &[dep], None, &holders)
        .await
        .unwrap();
    assert_eq!(report.key_ids, vec![first_id, second_id]);
    assert_eq!(
        laptop.store.status(true).await.unwrap().key_ids,
        vec![first_id, second_id]
    );
    let again = laptop
        .store
        .check_in(&CheckInRequest::scan(code, Some(dep)), None)
        .await
        .unwrap();
    assert!(again.verdict.is_admitted(), "{:?}", again.verdict);
}

#[tokio::test]
async fn a_laptop_judges_with_the_window_its_prepare_took_along() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let starts = manager.departure(dep).await.unwrap().starts_at;
    manager.set_check_in_window(45).await.unwrap();
    let mut laptop = Laptop::new(&db, "laptop-window").await;
    laptop.prepare(&[dep], None).await;
    let opens = |l: &Laptop| l.store.manifest(dep).unwrap().check_in_opens_at;
    assert_eq!(opens(&laptop), starts - chrono::Duration::minutes(45));

    // the operator widens it: the server's verdicts follow at once, the
    // laptop's at its next prepare
    manager.set_check_in_window(90).await.unwrap();
    assert_eq!(
        manager.manifest(dep).await.unwrap().check_in_opens_at,
        starts - chrono::Duration::minutes(90)
    );
    assert_eq!(opens(&laptop), starts - chrono::Duration::minutes(45));
    laptop.prepare(&[dep], None).await;
    assert_eq!(opens(&laptop), starts - chrono::Duration::minutes(90));
}

#[tokio::test]
async fn a_laptop_keeps_the_operators_zone_its_prepare_took_along() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    manager.set_time_zone("Europe/Berlin").await.unwrap();
    let mut laptop = Laptop::new(&db, "laptop-zone").await;
    assert_eq!(laptop.store.time_zone(), chrono_tz::UTC, "nothing taken along yet");
    laptop.prepare(&[dep], None).await;
    assert_eq!(laptop.store.time_zone(), chrono_tz::Europe::Berlin);

    // changed on the server: the laptop has the old one until its next
    // prepare, also when opened again from its file
    manager.set_time_zone("Asia/Kamchatka").await.unwrap();
    let reopened = tourdesk::field::FieldStore::open(laptop.store.path(), "laptop-zone")
        .await
        .unwrap();
    assert_eq!(reopened.time_zone(), chrono_tz::Europe::Berlin);
    drop(reopened);
    laptop.prepare(&[dep], None).await;
    assert_eq!(laptop.store.time_zone(), chrono_tz::Asia::Kamchatka);
}

/// Reprinted (`--reissue`) after the prepare: the laptop knows the old
/// generation, but a newer one is signed and valid, as on the server — it is
/// admitted offline and the sync applies it without a conflict.
#[tokio::test]
async fn a_ticket_reissued_after_prepare_is_admitted_offline_and_synced_cleanly() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 20).await;
    let (number, old) = booked(&manager, &key, dep, 2, "Lost Ticket").await;
    let mut laptop = Laptop::new(&db, "laptop-reissue").await;
    laptop.prepare(&[dep], None).await;
    manager.reissue_tickets(&number).await.unwrap();
    let new = manager.tickets(&number, &key).await.unwrap();
    assert_ne!(new[1].code, old[1].code, "a reissue prints new codes");
    let v = laptop
        .store
        .check_in(&CheckInRequest::scan(&new[1].code, Some(dep)), None)
        .await
        .unwrap();
    match &v.verdict {
        Verdict::Admitted {
            admitted, party_total, ..
        } => {
            assert_eq!(admitted.len(), 1);
            assert_eq!(*party_total, 2, "the booking is the manifest's");
        }
        v => panic!("expected admitted, got {v:?}"),
    }
    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(accepted(&db, dep).await, 1);
}

#[tokio::test]
async fn a_laptop_keeps_the_operators_currency_its_prepare_took_along() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    manager.set_currency("EUR").await.unwrap();
    let mut laptop = Laptop::new(&db, "laptop-currency").await;
    assert_eq!(
        laptop.store.currency(),
        None,
        "nothing taken along yet, nothing guessed"
    );
    laptop.prepare(&[dep], None).await;
    assert_eq!(laptop.store.currency().map(|c| c.to_string()).as_deref(), Some("EUR"));

    // changed on the server: the laptop has the old one until its next
    // prepare, also when opened again from its file
    manager.set_currency("USD").await.unwrap();
    let reopened = tourdesk::field::FieldStore::open(laptop.store.path(), "laptop-currency")
        .await
        .unwrap();
    assert_eq!(reopened.currency().map(|c| c.to_string()).as_deref(), Some("EUR"));
    drop(reopened);
    laptop.prepare(&[dep], None).await;
    assert_eq!(laptop.store.currency().map(|c| c.to_string()).as_deref(), Some("USD"));
}
