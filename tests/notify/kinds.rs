//! What notifications say and when: every kind queued by its real
//! operation, in the same transaction, with typed details the worker reads
//! and renders in the booking's language; the evening-before reminder
//! queued once by sweeps and workers running at once, and delivered.

use super::*;
use chrono::{Duration as Days, Utc};
use tourdesk::booking::notify_details::Details;
use tourdesk::booking::{Language, MoveRequest, NewDeparture, NotificationKind, OutboxMessage, ParticipantInput};
use tourdesk::domain::{ErrorCode, MoveReason, NotifyChannel, ParticipantKind, Party};
use tourdesk::service::notify::template;
use uuid::Uuid;

/// Every due message, claimed at once (the claim also sweeps reminders).
async fn claim_all(core: &Core) -> Vec<OutboxMessage> {
    core.notify_claim(Uuid::now_v7(), 1000, Duration::from_secs(60), NotifyChannel::ALL)
        .await
        .expect("claim")
        .into_iter()
        .map(|c| c.message)
        .collect()
}

fn of<'a>(ms: &'a [OutboxMessage], kind: NotificationKind, to: &str) -> &'a OutboxMessage {
    let found: Vec<_> = ms.iter().filter(|m| m.kind == kind && m.recipient == to).collect();
    assert_eq!(found.len(), 1, "one {kind} to {to}: {ms:#?}");
    found[0]
}

#[tokio::test]
async fn each_change_queues_its_kind_with_typed_details_rendered_in_the_bookings_language() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 72, 10).await;
    let later = db.departure(&core, 120, 10).await;
    let starts: chrono::DateTime<Utc> = sqlx::query_scalar("select starts_at from departures where id = $1")
        .bind(dep.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();

    // a sale in Russian: the language is remembered on the booking
    let mut r = common::request(dep, 2, 0, "Anna Ivanova");
    r.contact_email = "anna@example.com".into();
    r.language = Some(Language::Ru);
    let b = core.book(&r).await.unwrap();
    let n = b.booking_number.clone();
    let lang: String = sqlx::query_scalar("select language from bookings where booking_number = $1")
        .bind(&n)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(lang, "ru");
    let person = ParticipantInput {
        name: "Ivan Petrov".into(),
        kind: ParticipantKind::Adult,
        medical_notes: String::new(),
        emergency_contact: String::new(),
        dietary: String::new(),
        equipment: String::new(),
    };
    core.add_person(&n, &person, &common::cash(), Uuid::now_v7())
        .await
        .unwrap();
    core.move_booking(&MoveRequest::new(&n, later, MoveReason::Customer), Uuid::now_v7())
        .await
        .unwrap();
    let c = core.cancel(&n, CancelReason::Customer, "").await.unwrap();

    // a sale without a language: the operator's (en)
    let mut r = common::request(dep, 1, 0, "Bob Smith");
    r.contact_email = "bob@example.com".into();
    let bob = core.book(&r).await.unwrap();
    // a weather cancellation offers the departures the party fits on
    core.cancel_departure(dep, CancelReason::Weather, "storm warning")
        .await
        .unwrap();

    // a full departure: a seat freed goes to the waitlist with its deadline
    let full = db.departure(&core, 96, 1).await;
    let mut r = common::request(full, 1, 0, "Carl Full");
    r.contact_email = "carl@example.com".into();
    let carl = core.book(&r).await.unwrap();
    core.waitlist_join(full, Party::new(1, 0).unwrap(), "Dora Wait", "", "dora@example.com")
        .await
        .unwrap();
    core.cancel(&carl.booking_number, CancelReason::Operator, "")
        .await
        .unwrap();

    let ms = claim_all(&core).await;
    let confirmed = of(&ms, NotificationKind::BookingConfirmed, "anna@example.com");
    assert_eq!(confirmed.language, Language::Ru);
    assert!(
        matches!(&confirmed.details, Some(Details::BookingConfirmed(p)) if p.adults == 2 && p.total_minor == b.total_minor),
        "{confirmed:?}"
    );
    let t = template::render(confirmed);
    assert!(
        t.subject.starts_with(&format!("Бронирование {n} подтверждено")),
        "{}",
        t.subject
    );

    let changed = of(&ms, NotificationKind::BookingChanged, "anna@example.com");
    assert!(
        matches!(&changed.details, Some(Details::BookingChanged(c)) if c.adults == 3 && c.change == "add_person"),
        "{changed:?}"
    );
    let t = template::render(changed);
    assert!(
        t.subject.starts_with(&format!("Бронирование {n} изменено")),
        "{}",
        t.subject
    );
    assert!(t.body.contains("взрослых 3"), "{}", t.body);

    let moved = of(&ms, NotificationKind::BookingMoved, "anna@example.com");
    let Some(Details::BookingMoved(x)) = &moved.details else {
        panic!("{moved:?}")
    };
    assert_eq!(x.from_starts_at.timestamp(), starts.timestamp());
    assert_eq!(moved.departure_id, Some(later.0), "the booking's departure now");
    let t = template::render(moved);
    let old_local = starts
        .with_timezone(&chrono_tz::Asia::Kamchatka)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert!(t.subject.contains("перенесено"), "{}", t.subject);
    assert!(
        t.body.contains(&format!("Было: «Avachinsky volcano», {old_local}")),
        "{}",
        t.body
    );

    let cancelled = of(&ms, NotificationKind::BookingCancelled, "anna@example.com");
    assert!(
        matches!(&cancelled.details, Some(Details::BookingCancelled(x))
            if x.refund_minor == c.refund_minor && x.refund_percent == c.refund_percent),
        "{cancelled:?} vs {c:?}"
    );
    let t = template::render(cancelled);
    assert!(t.subject.contains("отменено"), "{}", t.subject);
    assert!(
        t.body.contains(&tourdesk::domain::money::show(c.refund_minor, "RUB")),
        "the refund amount: {}",
        t.body
    );

    let offered = of(&ms, NotificationKind::RebookOffered, "bob@example.com");
    assert_eq!(offered.language, Language::En);
    let Some(Details::RebookOffered(o)) = &offered.details else {
        panic!("{offered:?}")
    };
    assert!(o.alternatives.iter().any(|a| a.departure_id == later.0), "{o:?}");
    assert!(o.alternatives.iter().all(|a| a.departure_id != dep.0), "{o:?}");
    let t = template::render(offered);
    assert!(
        t.body.contains("storm warning") && t.body.contains("Departures with room"),
        "{}",
        t.body
    );
    assert!(bob.booking_number != n);

    let offer = of(&ms, NotificationKind::WaitlistOffer, "dora@example.com");
    let Some(Details::WaitlistOffer(w)) = &offer.details else {
        panic!("{offer:?}")
    };
    assert_eq!(w.seats, 1);
    assert!(
        w.expires_at > Utc::now() && w.expires_at < Utc::now() + Days::hours(2),
        "{w:?}"
    );
    let t = template::render(offer);
    assert!(t.body.contains("held for you until"), "{}", t.body);

    // nothing left to general words: every message read its details
    assert!(ms.iter().all(|m| m.details.is_some()), "{ms:#?}");
}

/// Two sweeps at once (two transactions): the second waits on the first's
/// rows and queues nothing.
async fn two_sweeps_at_once(db: &TestDb) -> (i32, i32) {
    let mut first = db.pool.begin().await.unwrap();
    let a: i32 = sqlx::query_scalar("select td_notify_reminders()")
        .fetch_one(&mut *first)
        .await
        .unwrap();
    let pool = db.pool.clone();
    let second = tokio::spawn(async move {
        sqlx::query_scalar::<_, i32>("select td_notify_reminders()")
            .fetch_one(&pool)
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!second.is_finished(), "the second sweep waits on the first's rows");
    first.commit().await.unwrap();
    (a, second.await.unwrap())
}

#[tokio::test]
async fn the_evening_before_reminder_is_queued_once_by_sweeps_and_workers_at_once_and_delivered() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let sink = SmtpSink::start("", 0);
    sqlx::query("update operator_settings set time_zone = 'Asia/Kamchatka'")
        .execute(&db.pool)
        .await
        .unwrap();
    // the setting: a manager's, HH:MM, audited when it changes
    assert_eq!(core.reminder_time().await.unwrap(), "18:00", "the default");
    let e = core.set_reminder_time("25:00").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(core.set_reminder_time("00:00").await.unwrap());
    assert!(
        !core.set_reminder_time("00:00").await.unwrap(),
        "the same again: unchanged"
    );
    assert_eq!(core.reminder_time().await.unwrap(), "00:00");

    let add = |days: i64| {
        let core = &core;
        async move {
            let (_, starts_at) = common::ten_in_kamchatka(days);
            core.add_departure(&NewDeparture {
                tour: "Avachinsky volcano".into(),
                starts_at,
                time_zone: chrono_tz::Asia::Kamchatka,
                capacity: 10,
                adult_price_minor: 750_000,
                child_price_minor: 450_000,
                currency: "RUB".into(),
                meeting_point: "Pier 3".into(),
            })
            .await
            .unwrap()
            .0
        }
    };
    let tomorrow = add(1).await;
    let after = add(2).await;
    let mut numbers = Vec::new();
    for (i, (dep, lang)) in [
        (tomorrow, Some(Language::Ru)),
        (tomorrow, None),
        (tomorrow, None),
        (after, None),
    ]
    .into_iter()
    .enumerate()
    {
        let mut r = common::request(dep, 1, 0, &format!("Guest {i}"));
        r.contact_email = format!("guest{i}@example.com");
        r.language = lang;
        numbers.push(core.book(&r).await.unwrap().booking_number);
    }
    // a cancelled booking is not reminded
    let mut r = common::request(tomorrow, 1, 0, "Gone");
    r.contact_email = "gone@example.com".into();
    let gone = core.book(&r).await.unwrap();
    core.cancel(&gone.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();

    let (a, b) = two_sweeps_at_once(&db).await;
    assert_eq!((a, b), (3, 0), "three bookings tomorrow, each queued once");

    // two workers at once: each sweeps before each claim; nothing queued twice
    let (d1, d2) = (TempDir::new(), TempDir::new());
    let w1 = worker(&db, &d1, &sink, &["--once", "--batch", "2"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let w2 = worker(&db, &d2, &sink, &["--once", "--batch", "2"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(w1.wait_with_output().unwrap().status.success());
    assert!(w2.wait_with_output().unwrap().status.success());
    let mut reminders: Vec<(String, String)> = sqlx::query_as(
        "select b.booking_number, o.status from notification_outbox o join bookings b on b.id = o.booking_id
          where o.kind = 'departure_reminder' order by b.booking_number",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    reminders.sort();
    let mut expected: Vec<(String, String)> = numbers[..3].iter().map(|n| (n.clone(), "sent".to_string())).collect();
    expected.sort();
    assert_eq!(reminders, expected);
    let seen = counted(&sink);
    assert_eq!(seen.len(), 9, "5 confirmations, 1 cancellation, 3 reminders: {seen:?}");
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");

    let (_, ten) = common::ten_in_kamchatka(1);
    let local = ten
        .with_timezone(&chrono_tz::Asia::Kamchatka)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let got = sink.received();
    let subjects: Vec<(&str, &str)> = got.iter().map(|m| (m.to[0].as_str(), m.subject.as_str())).collect();
    let reminder = |to: &str| {
        subjects
            .iter()
            .filter(|(t, s)| *t == to && (s.starts_with("Tomorrow") || s.starts_with("Завтра")))
            .map(|(_, s)| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reminder("guest0@example.com"),
        vec![format!("Завтра: Avachinsky volcano, {local}")]
    );
    assert_eq!(
        reminder("guest1@example.com"),
        vec![format!("Tomorrow: Avachinsky volcano, {local}")]
    );
    assert!(
        reminder("guest3@example.com").is_empty(),
        "the day after tomorrow: not yet"
    );
    assert!(reminder("gone@example.com").is_empty(), "cancelled: {subjects:?}");
    let m = got
        .iter()
        .find(|m| m.to[0] == "guest1@example.com" && m.subject.starts_with("Tomorrow"))
        .unwrap();
    assert!(m.text.contains("Meeting point: Pier 3"), "{}", m.text);

    // sweeping again, later: nothing more
    let again: i32 = sqlx::query_scalar("select td_notify_reminders()")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(again, 0);
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'settings.reminder_time'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}
