//! Check-in: every verdict, group codes, idempotency, undo, no-shows, closing,
//! the manifest. Departures are placed at a fixed local time (10:00 in
//! Kamchatka, two days ahead) and scans carry their own `occurred_at`, so the
//! "today" and "too early" rules do not depend on when the suite runs.

use super::*;
use tourdesk::booking::{CheckIn, CheckInRequest, IssuedTicket, NewDeparture, Verdict};
use tourdesk::domain::ParticipantId;
use tourdesk::ticket::TicketKind;

/// A departure at 10:00 Kamchatka time, `days` local days ahead.
pub(crate) async fn departure_at_ten(
    core: &Core,
    tour: &str,
    days: i64,
    capacity: u32,
) -> (DepartureId, DateTime<Utc>) {
    let (_, starts_at) = common::ten_in_kamchatka(days);
    let (id, _) = core
        .add_departure(&NewDeparture {
            tour: tour.to_string(),
            starts_at,
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity,
            adult_price_minor: common::ADULT_PRICE,
            child_price_minor: common::CHILD_PRICE,
            currency: "RUB".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .unwrap();
    (id, starts_at)
}

/// A family of three (two adults, a child) with notes, unpaid.
pub(crate) fn family(dep: DepartureId) -> BookRequest {
    let mut r = request(dep, 2, 1, "Anna Petrova");
    r.special_requests = "vegetarian lunch".into();
    r.payment = Payment {
        method: PaymentMethod::Unpaid,
        reference: String::new(),
    };
    r.participants = ["Anna Petrova", "Ivan Petrov", "Masha Petrova"]
        .iter()
        .enumerate()
        .map(|(i, n)| ParticipantInput {
            name: n.to_string(),
            kind: if i == 2 {
                ParticipantKind::Child
            } else {
                ParticipantKind::Adult
            },
            medical_notes: if i == 1 {
                "asthma, inhaler in bag".into()
            } else {
                String::new()
            },
            emergency_contact: String::new(),
            dietary: String::new(),
            equipment: String::new(),
        })
        .collect();
    r
}

pub(crate) async fn scan_at(core: &Core, code: &str, dep: Option<DepartureId>, at: DateTime<Utc>) -> CheckIn {
    let mut req = CheckInRequest::scan(code, dep);
    req.occurred_at = at;
    req.at = Some(req.occurred_at);
    core.check_in(&req).await.unwrap()
}

pub(crate) fn ticket_of<'a>(tickets: &'a [IssuedTicket], name: &str) -> &'a IssuedTicket {
    tickets
        .iter()
        .find(|t| t.kind == TicketKind::Participant && t.holder == name)
        .unwrap_or_else(|| panic!("no ticket for {name}"))
}

pub(crate) fn group(tickets: &[IssuedTicket]) -> &IssuedTicket {
    tickets
        .iter()
        .find(|t| t.kind == TicketKind::Group)
        .expect("group ticket")
}

#[tokio::test]
async fn admitted_says_who_and_what_to_watch() {
    let db = TestDb::new().await;
    let desk = db.manager().await;
    let guide = // checks in at chosen times: a manager's right
    db.core_as(Role::Manager, "Guide Oleg", "field-laptop-1").await;
    let (dep, starts) = departure_at_ten(&desk, "Avachinsky volcano", 2, 10).await;
    let b = desk.book(&family(dep)).await.unwrap();
    let key = registered_key(&desk).await;
    let tickets = desk.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(tickets.len(), 4, "a group code and one per participant");
    assert_eq!(group(&tickets).admits, 3);

    let ivan = ticket_of(&tickets, "Ivan Petrov");
    let at = starts - Duration::minutes(40);
    let c = scan_at(&guide, &ivan.code, Some(dep), at).await;
    assert!(!c.replayed);
    let Verdict::Admitted {
        booking_number,
        admitted,
        party_in,
        party_total,
        unpaid_minor,
        special_requests,
        ..
    } = &c.verdict
    else {
        panic!("expected admitted, got {:?}", c.verdict)
    };
    assert_eq!(booking_number, &b.booking_number);
    assert_eq!((party_in, party_total), (&1, &3));
    assert_eq!(admitted.len(), 1);
    assert_eq!(admitted[0].name, "Ivan Petrov");
    assert_eq!(admitted[0].kind, Some(ParticipantKind::Adult));
    assert_eq!(admitted[0].attention.medical_notes, "asthma, inhaler in bag");
    assert_eq!(admitted[0].attention.special_requests, "vegetarian lunch");
    assert_eq!(*unpaid_minor, 2 * common::ADULT_PRICE + common::CHILD_PRICE);
    // what is owed, in the booking's currency (td_attention names it)
    assert_eq!(admitted[0].attention.unpaid(), Some((*unpaid_minor, "RUB")));
    assert_eq!(special_requests, "vegetarian lunch");

    let row = one_audit(&db.pool, "check_in.admitted", &guide).await;
    assert_eq!(row.departure_id, Some(dep.0));
    let (method, occurred): (String, DateTime<Utc>) =
        sqlx::query_as("select method, occurred_at from check_ins where participant_id = $1 and status = 'accepted'")
            .bind(ivan.participant_id.unwrap().0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(method, "qr");
    assert!(close_to(occurred, at));

    // a second scan: already in, when, where and by whom
    let again = scan_at(&guide, &ivan.code, Some(dep), at + Duration::minutes(5)).await;
    let Verdict::AlreadyCheckedIn { already, .. } = &again.verdict else {
        panic!("expected already checked in, got {:?}", again.verdict)
    };
    assert_eq!(already.len(), 1);
    assert_eq!(already[0].device, "field-laptop-1");
    assert_eq!(already[0].staff, "Guide Oleg");
    assert!(close_to(already[0].at, at));
    assert_eq!(
        audit(&db.pool, "check_in.admitted").await.len(),
        1,
        "a duplicate admits nobody"
    );
}

#[tokio::test]
async fn group_code_admits_the_rest_of_the_party() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&family(dep)).await.unwrap();
    let tickets = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap();
    let at = starts - Duration::minutes(30);

    scan_at(&core, &ticket_of(&tickets, "Masha Petrova").code, Some(dep), at).await;
    let c = scan_at(&core, &group(&tickets).code, Some(dep), at + Duration::minutes(1)).await;
    let Verdict::Admitted {
        admitted,
        already,
        party_in,
        party_total,
        ..
    } = &c.verdict
    else {
        panic!("expected admitted, got {:?}", c.verdict)
    };
    let names: Vec<&str> = admitted.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Anna Petrova", "Ivan Petrov"]);
    assert_eq!(already.len(), 1);
    assert_eq!(already[0].name, "Masha Petrova");
    assert_eq!((party_in, party_total), (&3, &3));
    let methods: Vec<String> = sqlx::query_scalar(
        "select method from check_ins where departure_id = $1 and status = 'accepted' order by participant_id",
    )
    .bind(dep.0)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(methods, ["group", "group", "qr"]);

    let again = scan_at(&core, &group(&tickets).code, Some(dep), at + Duration::minutes(2)).await;
    assert!(matches!(&again.verdict, Verdict::AlreadyCheckedIn { already, .. } if already.len() == 3));
}

#[tokio::test]
async fn wrong_departure_not_today_too_early_and_closed() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let (other, _) = departure_at_ten(&core, "Valley of Geysers", 2, 10).await;
    let b = core.book(&request(dep, 1, 0, "Solo Traveller")).await.unwrap();
    let code = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap()[1]
        .code
        .clone();

    let c = scan_at(&core, &code, Some(other), starts - Duration::minutes(10)).await;
    match &c.verdict {
        Verdict::WrongDeparture {
            departure_id,
            tour,
            meeting_point,
            ..
        } => {
            assert_eq!(*departure_id, dep);
            assert_eq!(tour, "Avachinsky volcano");
            assert_eq!(meeting_point, "Pier 3");
        }
        v => panic!("expected wrong departure, got {v:?}"),
    }
    // the day before, and the day after
    for at in [starts - Duration::hours(20), starts + Duration::hours(16)] {
        let c = scan_at(&core, &code, Some(dep), at).await;
        assert!(
            matches!(c.verdict, Verdict::NotToday { departure_id, .. } if departure_id == dep),
            "{c:?}"
        );
    }
    // same day, before the window (3 h by default)
    let c = scan_at(&core, &code, Some(dep), starts - Duration::hours(4)).await;
    match c.verdict {
        Verdict::TooEarly { opens_at, .. } => assert_eq!(opens_at, starts - Duration::hours(3)),
        v => panic!("expected too early, got {v:?}"),
    }
    // nothing of that admitted anyone; every scan is on record
    let rejected: i64 = sqlx::query_scalar("select count(*) from scan_events where verdict <> 'admitted'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(rejected, 4);
    assert_eq!(core.manifest(dep).await.unwrap().admitted, 0);

    // two days ahead: closing now would make everyone a no-show by mistake
    assert_eq!(super::code(core.close_check_in(dep, false).await), "CHECK_IN_NOT_OPEN");
    let closed = core.close_check_in(dep, true).await.unwrap();
    assert_eq!((closed.admitted, closed.no_shows, closed.already_closed), (0, 1, false));
    let c = scan_at(&core, &code, Some(dep), starts - Duration::minutes(5)).await;
    assert!(matches!(c.verdict, Verdict::CheckInClosed { .. }), "{c:?}");
    let again = core.close_check_in(dep, false).await.unwrap();
    assert!(again.already_closed);
    assert_eq!(again.closed_at, closed.closed_at);
    assert_eq!(audit(&db.pool, "check_in.closed").await.len(), 1);

    // reopened: the no-show is expected again, and the ticket admits
    assert_eq!(core.reopen_check_in(dep).await.unwrap(), 1);
    assert_eq!(
        core.reopen_check_in(dep).await.unwrap(),
        0,
        "reopening twice changes nothing"
    );
    let m = core.manifest(dep).await.unwrap();
    assert_eq!((m.expected, m.no_shows), (1, 0));
    assert!(m.check_in_closed_at.is_none());
    assert!(
        scan_at(&core, &code, Some(dep), starts - Duration::minutes(5))
            .await
            .verdict
            .is_admitted()
    );
    core.book(&request(dep, 1, 0, "Sales Reopened")).await.unwrap();
}

#[tokio::test]
async fn replayed_event_returns_the_first_verdict() {
    let db = TestDb::with_pool(12).await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&request(dep, 2, 0, "Pair")).await.unwrap();
    let tickets = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap();
    let mut req = CheckInRequest::scan(&tickets[1].code, Some(dep));
    req.occurred_at = starts - Duration::minutes(20);
    req.at = Some(req.occurred_at);

    // the same event from ten tasks at once: one admission, the same verdict for all
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (core, req) = (core.clone(), req.clone());
        tasks.push(tokio::spawn(async move { core.check_in(&req).await.unwrap() }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    assert!(outcomes.iter().all(|o| o.verdict.is_admitted()), "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| !o.replayed).count(), 1);
    assert_eq!(audit(&db.pool, "check_in.admitted").await.len(), 1);
    let later = core.check_in(&req).await.unwrap();
    assert!(later.replayed);
    assert_eq!(later.verdict, outcomes[0].verdict);
    assert_eq!(later.event_id, req.event_id);
}

#[tokio::test]
async fn undo_everyone_here_no_shows_and_manifest() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let guide = // checks in at chosen times: a manager's right
    db.core_as(Role::Manager, "Guide Oleg", "field-laptop-1").await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let fam = core.book(&family(dep)).await.unwrap();
    let solo = core.book(&request(dep, 1, 0, "Late Larry")).await.unwrap();
    let gone = core.book(&request(dep, 1, 0, "Cancelled Carl")).await.unwrap();
    core.cancel(&gone.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let at = starts - Duration::minutes(15);

    // everyone here
    let mut req = CheckInRequest::booking(&fam.booking_number.to_lowercase(), Some(dep));
    req.occurred_at = at;
    req.at = Some(req.occurred_at);
    let c = guide.check_in(&req).await.unwrap();
    assert!(
        matches!(&c.verdict, Verdict::Admitted { admitted, .. } if admitted.len() == 3),
        "{c:?}"
    );

    // undo needs a reason, is audited, and the person can come in again
    let ivan = ParticipantId(fam.participants[1].id.0);
    assert_eq!(code(guide.undo_check_in(ivan, "  ").await), "INVALID_INPUT");
    let undone = guide.undo_check_in(ivan, "scanned the wrong person").await.unwrap();
    assert!(close_to(undone.was_at, at));
    assert_eq!(code(guide.undo_check_in(ivan, "again").await), "NOT_CHECKED_IN");
    let row = one_audit(&db.pool, "check_in.undone", &guide).await;
    assert_eq!(row.details["reason"], "scanned the wrong person");
    assert_eq!(core.manifest(dep).await.unwrap().admitted, 2);

    // no-shows: not for someone who is in; can be cleared
    let anna = ParticipantId(fam.participants[0].id.0);
    assert_eq!(code(guide.set_no_show(anna, true, "").await), "ALREADY_CHECKED_IN");
    let larry = ParticipantId(solo.participants[0].id.0);
    guide.set_no_show(larry, true, "phoned: sick").await.unwrap();
    let m = core.manifest(dep).await.unwrap();
    let state = |name: &str| m.rows.iter().find(|r| r.name == name).unwrap().state;
    assert_eq!(state("Late Larry"), ManifestState::NoShow);
    assert_eq!(state("Ivan Petrov"), ManifestState::Expected);
    assert_eq!(state("Anna Petrova"), ManifestState::Admitted);
    assert_eq!(state("Cancelled Carl"), ManifestState::Cancelled);
    assert_eq!(m.rows.last().unwrap().name, "Cancelled Carl", "cancelled bookings last");
    let ivan_row = m.rows.iter().find(|r| r.name == "Ivan Petrov").unwrap();
    assert!(
        ivan_row.attention().iter().any(|a| a.contains("asthma")),
        "{:?}",
        ivan_row.attention()
    );
    let anna_row = m.rows.iter().find(|r| r.name == "Anna Petrova").unwrap();
    assert_eq!(anna_row.checked_in_by, "Guide Oleg");
    assert_eq!(anna_row.checked_in_device, "field-laptop-1");
    assert_eq!(anna_row.check_in_method, Some(AdmissionMethod::Bulk));

    // a late no-show who turns up is admitted and is no longer a no-show
    guide.set_no_show(larry, false, "").await.unwrap();
    guide.set_no_show(larry, true, "not here at 09:50").await.unwrap();
    let mut late = CheckInRequest::participant(larry, Some(dep));
    late.occurred_at = at;
    late.at = Some(late.occurred_at);
    assert!(guide.check_in(&late).await.unwrap().verdict.is_admitted());
    let m = core.manifest(dep).await.unwrap();
    assert_eq!((m.admitted, m.expected, m.no_shows), (3, 1, 0));

    // closing: whoever is still expected becomes a no-show
    let closed = guide.close_check_in(dep, true).await.unwrap();
    assert_eq!((closed.admitted, closed.no_shows), (3, 1));
    let m = core.manifest(dep).await.unwrap();
    assert_eq!((m.admitted, m.expected, m.no_shows), (3, 0, 1));
    assert!(m.check_in_closed_at.is_some());
    assert_eq!(code(core.book(&request(dep, 1, 0, "Too Late")).await), "SALES_CLOSED");
    // an undo after the close: that person did not travel
    guide.undo_check_in(larry, "was not on the bus").await.unwrap();
    let m = core.manifest(dep).await.unwrap();
    assert_eq!((m.admitted, m.no_shows), (2, 2));
}

#[tokio::test]
async fn unknown_things_are_errors_or_verdicts() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, _) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    assert_eq!(
        code(
            core.check_in(&CheckInRequest::participant(ParticipantId(999_999), Some(dep)))
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        code(core.check_in(&CheckInRequest::booking("TD-ZZZZZZ", None)).await),
        "NOT_FOUND"
    );
    assert_eq!(code(core.manifest(DepartureId(999_999)).await), "NOT_FOUND");
    assert_eq!(code(core.close_check_in(DepartureId(999_999), true).await), "NOT_FOUND");
    let c = core.check_in(&CheckInRequest::scan("TD-7KX9PQ", None)).await.unwrap();
    match c.verdict {
        Verdict::Malformed { reason } => assert!(reason.contains("booking number"), "{reason}"),
        v => panic!("expected malformed, got {v:?}"),
    }
    let c = core.check_in(&CheckInRequest::scan("hello world", None)).await.unwrap();
    assert!(matches!(c.verdict, Verdict::Malformed { .. }));
}
