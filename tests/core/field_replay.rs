//! A field laptop's journal replayed in one batch (one statement for a run of
//! check-ins): every entry applied in journal order, each check-in stamped
//! with its own scan event, and a second replay applies nothing.

use super::checkin::{departure_at_ten, family, group, ticket_of};
use super::*;
use tourdesk::booking::{CheckInMethod, FieldCheckIn, FieldEntry, IssuedTicket, VerdictKind};
use tourdesk::domain::ParticipantId;
use tourdesk::ticket::SignedTicket;

fn entry(t: &IssuedTicket, dep: DepartureId, at: DateTime<Utc>, admitted: &[ParticipantId]) -> FieldEntry {
    let key = SignedTicket::parse(&t.code).unwrap().claims.key_id;
    FieldEntry::CheckIn(FieldCheckIn {
        event_id: Uuid::now_v7(),
        method: CheckInMethod::Qr,
        raw: t.code.clone(),
        ticket: Some((t.ticket_id, t.kind, i32::from(key))),
        participant: None,
        booking: None,
        departure: Some(dep),
        location: "North gate".into(),
        occurred_at: at,
        party_limit: None,
        device_verdict: VerdictKind::Admitted,
        device_detail: serde_json::json!({}),
        admitted: admitted.to_vec(),
        staff: None,
        prepared_at: None,
        wall_time: None,
    })
}

#[tokio::test]
async fn a_batch_is_replayed_in_journal_order_once() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&family(dep)).await.unwrap();
    let tickets = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap();
    let anna = ticket_of(&tickets, "Anna Petrova");
    let (ivan, masha) = (ticket_of(&tickets, "Ivan Petrov"), ticket_of(&tickets, "Masha Petrova"));
    let id = |t: &IssuedTicket| t.participant_id.unwrap();
    let at = starts - Duration::minutes(30);
    let batch = [
        // Anna's own ticket, then the group code for the other two, then Anna's
        // ticket again as another laptop let her in: a duplicate
        entry(anna, dep, at, &[id(anna)]),
        entry(group(&tickets), dep, at + Duration::seconds(5), &[id(ivan), id(masha)]),
        entry(anna, dep, at + Duration::seconds(9), &[id(anna)]),
    ];
    let events: Vec<Uuid> = batch.iter().map(FieldEntry::event_id).collect();

    let out = core.replay(&batch).await.unwrap();
    assert_eq!(out.len(), 3);
    assert!(out.iter().all(|r| !r.replayed));
    assert_eq!(out[0].result["verdict"], "admitted");
    assert_eq!(out[0].result["admitted"][0]["name"], "Anna Petrova");
    assert!(out[0].conflict.is_none());
    assert_eq!(out[1].result["verdict"], "admitted");
    assert_eq!(out[1].result["admitted"].as_array().unwrap().len(), 2);
    assert_eq!(out[1].result["party_in"], 3, "Anna, already in, counts");
    assert!(out[1].conflict.is_none());
    assert_eq!(out[2].result["verdict"], "already_checked_in");
    assert_eq!(
        out[2].conflict.as_ref().and_then(|c| c.kind()),
        Some(tourdesk::booking::ConflictKind::Duplicate)
    );

    // each accepted check-in names the scan that let its person in
    let rows: Vec<(i64, String, Option<Uuid>)> = sqlx::query_as(
        "select participant_id, status, scan_event_id from check_ins where departure_id = $1 order by id",
    )
    .bind(dep.0)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (id(anna).0, "accepted".into(), Some(events[0])),
            (id(ivan).0, "accepted".into(), Some(events[1])),
            (id(masha).0, "accepted".into(), Some(events[1])),
            (id(anna).0, "duplicate".into(), Some(events[2])),
        ]
    );

    // the same batch again (a sync cut off before the laptop marked it): nothing new
    let again = core.replay(&batch).await.unwrap();
    assert!(again.iter().all(|r| r.replayed));
    assert_eq!(
        again[2].conflict.as_ref().and_then(|c| c.kind()),
        Some(tourdesk::booking::ConflictKind::Duplicate)
    );
    let n: i64 = sqlx::query_scalar("select count(*) from check_ins where departure_id = $1")
        .bind(dep.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 4);
    db.assert_ledger().await;
}

#[tokio::test]
async fn a_sync_applies_each_entry_once_and_a_forged_staff_id_is_a_conflict() {
    use tourdesk::booking::CheckInRequest;
    use tourdesk::domain::StaffId;
    use tourdesk::field::{self, FieldStore};

    let db = TestDb::new().await;
    let desk = db.manager().await;
    let (dep, starts) = departure_at_ten(&desk, "Avachinsky volcano", 2, 10).await;
    let b = desk.book(&family(dep)).await.unwrap();
    let tickets = desk
        .tickets(&b.booking_number, &registered_key(&desk).await)
        .await
        .unwrap();
    let laptop = field::core_for(db.pool.clone(), "field-laptop-7").await.unwrap();
    let dir = common::TempDir::new();
    let mut store = FieldStore::open(&dir.store(), "field-laptop-7").await.unwrap();
    // sealed for a guide of its own (the server checks the PIN first)
    laptop
        .upsert_staff("Replay Guide", tourdesk::domain::Role::Guide, "31415926")
        .await
        .unwrap();
    let guide = field::keyholder(&laptop, Some("Replay Guide"), "31415926")
        .await
        .unwrap();
    field::prepare(&mut store, &laptop, &[dep], None, &[guide])
        .await
        .unwrap();

    // three people in offline; the middle scan names a staff member the server does not know
    // (a forged journal): not applied under that name, a `staff` conflict
    for (i, name) in ["Anna Petrova", "Ivan Petrov", "Masha Petrova"].into_iter().enumerate() {
        let mut req = CheckInRequest::scan(&ticket_of(&tickets, name).code, Some(dep));
        req.occurred_at = starts - Duration::minutes(30) + Duration::seconds(i as i64);
        // a time of the caller's, not the laptop's clock (the sync flags it as a clock conflict)
        req.at = Some(req.occurred_at);
        let staff = (i == 1).then_some(StaffId(987_654));
        assert!(store.check_in(&req, staff).await.unwrap().verdict.is_admitted());
    }
    assert_eq!(store.pending(), 3);

    let first = field::sync(&mut store, &laptop, |_| {}).await.unwrap();
    assert_eq!((first.applied, first.already_applied, first.failed.len()), (3, 0, 0));
    let staff: Vec<_> = (first.conflicts.iter())
        .filter_map(|c| match &c.details {
            tourdesk::booking::ConflictDetails::Staff(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(staff.len(), 1, "{:?}", first.conflicts);
    assert_eq!(staff[0].problem, tourdesk::booking::StaffProblem::UnknownStaff);
    assert_eq!(staff[0].staff_id, StaffId(987_654));
    assert_eq!(first.pending, 0);
    let again = field::sync(&mut store, &laptop, |_| {}).await.unwrap();
    assert_eq!((again.applied, again.already_applied, again.failed.len()), (0, 0, 0));

    let names: Vec<String> = sqlx::query_scalar(
        "select p.name from check_ins c join participants p on p.id = c.participant_id
          where c.departure_id = $1 and c.status = 'accepted' order by c.occurred_at",
    )
    .bind(dep.0)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(names, ["Anna Petrova", "Masha Petrova"]);
    drop(store);
    db.assert_ledger().await;
}
