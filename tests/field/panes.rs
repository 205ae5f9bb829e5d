//! The kiosk panes' operations on the service (departures, occupancy,
//! waitlist, dashboard): online they are the core's answers; with the
//! database gone the departures and occupancy come from what was prepared
//! here, and what only the server can do says it needs the database.

use super::*;
use chrono::{TimeDelta, Utc};
use tourdesk::booking::{CheckInRequest, Payment, PaymentMethod, WeatherStatus};
use tourdesk::domain::refund::CancelReason;
use tourdesk::domain::{ErrorCode, WaitlistStatus};
use tourdesk::service::Service;

#[tokio::test]
async fn offline_the_panes_read_what_was_prepared_and_the_rest_needs_the_database() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = common::registered_key(&manager).await;
    let dep = departure(&db, &manager, 10).await;
    // tomorrow's: outside today's window
    let later = db.departure(&manager, 30, 10).await;
    let (_, tickets) = booked(&manager, &key, dep, 2, "Anna Petrova").await;
    manager
        .check_in(&CheckInRequest::scan(&tickets[1].code, Some(dep)))
        .await
        .expect("online check-in");
    let (from, to) = (Utc::now() - TimeDelta::hours(1), Utc::now() + TimeDelta::hours(12));

    let online = Service::with_core(Some(manager.clone()), None);
    let o = online.occupancy(from, to).await.unwrap();
    assert_eq!(o.departures.iter().map(|d| d.id).collect::<Vec<_>>(), [dep]);
    assert_eq!(o.checked_in, [(dep, 1)]);
    assert_eq!(online.live_bookings(dep).await.unwrap(), 1);

    let mut laptop = Laptop::new(&db, "laptop-panes").await;
    laptop.prepare(&[dep, later], None).await;
    let Laptop { store, dir, .. } = laptop;
    let offline = Service::with_core(None, Some(store));
    let listed = offline.departures(from, to).await.unwrap();
    assert_eq!(listed.len(), 2, "offline, every departure prepared here: {listed:?}");
    let o = offline.occupancy(from, to).await.unwrap();
    assert_eq!(
        o.departures.iter().map(|d| d.id).collect::<Vec<_>>(),
        [dep],
        "today's window, of those prepared"
    );
    assert_eq!(o.checked_in, [(dep, 1)], "the check-in before the prepare");
    let a = offline
        .check_in(&CheckInRequest::scan(&tickets[2].code, Some(dep)))
        .await
        .unwrap();
    assert!(a.offline);
    assert_eq!(
        offline.checked_in_counts(&[dep, later]).await.unwrap(),
        [(dep, 2), (later, 0)],
        "this laptop's own check-in counts"
    );

    let needs_server = |r: Result<(), tourdesk::field::FieldError>, what: &str| {
        let e = r.expect_err(what);
        assert_eq!(e.code(), ErrorCode::DbUnavailable, "{what}: {e}");
    };
    needs_server(offline.tours().await.map(drop), "tours");
    needs_server(offline.live_bookings(dep).await.map(drop), "bookings to cancel");
    needs_server(offline.set_weather(dep, WeatherStatus::Watch, "wind").await, "weather");
    needs_server(
        offline.cancel_departure(dep, CancelReason::Weather, "").await.map(drop),
        "cancel",
    );
    needs_server(offline.waitlist(dep).await.map(drop), "waitlist");
    needs_server(offline.stats(from, to).await.map(drop), "stats");
    needs_server(offline.tickets("TD-1", &key).await.map(drop), "tickets");
    drop(dir);
}

#[tokio::test]
async fn online_the_waitlist_and_a_weather_cancellation_go_through_the_service() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 2).await;
    let service = Service::with_core(Some(manager.clone()), None);
    let booking = manager.book(&request(dep, 2, 0, "Full House")).await.unwrap();

    let (first, _) = service
        .waitlist_join(dep, common::party(1, 0), ("Vera", "", ""), uuid::Uuid::now_v7())
        .await
        .unwrap();
    let (second, _) = service
        .waitlist_join(dep, common::party(1, 0), ("Gleb", "", ""), uuid::Uuid::now_v7())
        .await
        .unwrap();
    let queue = |q: Vec<tourdesk::booking::WaitlistEntry>| q.into_iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(queue(service.waitlist(dep).await.unwrap()), [first, second]);
    assert_eq!(service.waitlist_skip(first).await.unwrap(), WaitlistStatus::Waiting);
    assert_eq!(
        queue(service.waitlist(dep).await.unwrap()),
        [second, first],
        "skipped to the end"
    );
    assert_eq!(service.waitlist_leave(second).await.unwrap(), WaitlistStatus::Left);

    // a seat frees up: the first that fits is offered it, and books it
    manager
        .cancel(&booking.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    let entries = service.waitlist(dep).await.unwrap();
    let offered = entries.iter().find(|e| e.id == first).expect("still queued");
    assert_eq!(offered.status, WaitlistStatus::Offered, "{entries:?}");
    let payment = Payment {
        method: PaymentMethod::Cash,
        reference: String::new(),
    };
    let b = service
        .waitlist_accept(first, payment, uuid::Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(b.contact_name, "Vera");

    assert_eq!(service.live_bookings(dep).await.unwrap(), 1);
    let c = service.cancel_departure(dep, CancelReason::Weather, "").await.unwrap();
    // weather: the party is to rebook, its booking live until resolved
    assert_eq!((c.bookings_cancelled, c.to_rebook), (0, 1));
    assert_eq!(service.live_bookings(dep).await.unwrap(), 1);
}

/// The schedule screen's calls (the kiosk's io) on the server: a rule
/// saved, previewed, applied, edited and a date skipped, each answer as the
/// screen gets it; a write resent under its key is answered, not done twice.
#[tokio::test]
async fn the_schedule_screen_saves_previews_applies_edits_and_skips_through_the_service() {
    use tourdesk::booking::{NewSchedule, ScheduleEdit};
    use tourdesk::domain::states::ScheduleSlot;
    use tourdesk::tui::panes::departures::schedules::{Call, Msg, io};
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let service = Service::with_core(Some(manager.clone()), None);
    let tz = manager.time_zone().await.unwrap();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let new = NewSchedule {
        tour: "Kuril lake bears".into(),
        days: (1..=7).collect(),
        times: vec![chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap()],
        from: today + TimeDelta::days(1),
        to: today + TimeDelta::days(14),
        time_zone: tz,
        capacity: 8,
        adult_price_minor: 1_200_000,
        child_price_minor: 900_000,
        currency: "RUB".into(),
        meeting_point: "Heliport".into(),
        guide: None,
        resources: vec![],
    };
    let key = uuid::Uuid::now_v7();
    let add = || Call::Add(Box::new(new.clone()), key);
    let Msg::Added(Ok(added)) = io::exec(&service, add()).await else {
        panic!("the rule is saved")
    };
    let Msg::Added(Ok(again)) = io::exec(&service, add()).await else {
        panic!("a resend is answered")
    };
    assert_eq!((again.schedule_id, again.replayed), (added.schedule_id, true));
    let id = added.schedule_id;

    let Msg::Previewed(_, 90, Ok(slots)) = io::exec(&service, Call::Preview(id, 90)).await else {
        panic!("previewed")
    };
    assert_eq!(slots.len(), 14);
    assert!(slots.iter().all(|s| s.slot == ScheduleSlot::Create && !s.shifted));
    let key = uuid::Uuid::now_v7();
    for replayed in [false, true] {
        let Msg::Applied(_, Ok(a)) = io::exec(&service, Call::Apply(id, 90, key)).await else {
            panic!("applied")
        };
        assert_eq!((a.created, a.replayed), (14, replayed));
    }
    let Msg::Listed(Ok(rules)) = io::exec(&service, Call::List).await else {
        panic!("listed")
    };
    assert_eq!(
        rules.iter().map(|r| (r.schedule_id, r.departures)).collect::<Vec<_>>(),
        [(id, 14)]
    );

    let edit = ScheduleEdit {
        capacity: Some(10),
        ..ScheduleEdit::default()
    };
    let Msg::Edited(_, Ok(e)) = io::exec(&service, Call::Edit(id, Box::new(edit), uuid::Uuid::now_v7())).await else {
        panic!("edited")
    };
    assert_eq!((e.updated.len(), e.cancelled.len(), e.kept.len()), (14, 0, 0));
    let skip = today + TimeDelta::days(3);
    let Msg::Skipped(_, Ok(s)) = io::exec(&service, Call::Skip(id, skip, uuid::Uuid::now_v7())).await else {
        panic!("skipped")
    };
    assert_eq!((s.cancelled.len(), s.kept.len(), s.already), (1, 0, false));
    let Msg::Listed(Ok(rules)) = io::exec(&service, Call::List).await else {
        panic!("listed")
    };
    assert_eq!((rules[0].departures, rules[0].capacity), (13, 10));
    assert_eq!(rules[0].skipped_dates, [skip]);
    let Msg::Tours(Ok(tours)) = io::exec(&service, Call::Tours).await else {
        panic!("tours")
    };
    assert!(tours.contains(&"Kuril lake bears".to_string()), "{tours:?}");
}
