//! Check-in rules at the edges: weather cancellations, partial groups, a
//! window that opens the evening before, event ids reused for another scan.

use super::checkin::{departure_at_ten, family, group, scan_at, ticket_of};
use super::*;
use chrono::{NaiveTime, TimeZone};
use tourdesk::booking::{CheckIn, CheckInRequest, NewDeparture, Verdict};
use tourdesk::domain::{ErrorCode, ParticipantId};

#[tokio::test]
async fn a_departure_cancelled_for_weather_refuses_its_tickets() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avacha Bay boat trip", 2, 10).await;
    let b = core.book(&request(dep, 2, 0, "Storm Couple")).await.unwrap();
    let tickets = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap();
    core.cancel_departure(dep, CancelReason::Weather, "storm warning")
        .await
        .unwrap();
    for t in &tickets {
        let c = scan_at(&core, &t.code, Some(dep), starts - Duration::minutes(30)).await;
        match c.verdict {
            Verdict::Cancelled { reason, .. } => assert_eq!(reason, "departure cancelled"),
            v => panic!("expected cancelled, got {v:?}"),
        }
    }
}

#[tokio::test]
async fn part_of_a_group_now_the_rest_later() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&family(dep)).await.unwrap();
    let tickets = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap();
    let mut req = CheckInRequest::scan(&group(&tickets).code, Some(dep));
    req.occurred_at = starts - Duration::minutes(30);
    req.at = Some(req.occurred_at);
    req.party_limit = Some(2);
    let c = core.check_in(&req).await.unwrap();
    match &c.verdict {
        Verdict::Admitted {
            admitted,
            party_in,
            party_total,
            ..
        } => {
            assert_eq!(admitted.len(), 2);
            assert_eq!((party_in, party_total), (&2, &3));
        }
        v => panic!("expected admitted, got {v:?}"),
    }
    // the third arrives: the same group code admits only them
    req.event_id = Uuid::now_v7();
    let c = core.check_in(&req).await.unwrap();
    match &c.verdict {
        Verdict::Admitted {
            admitted,
            already,
            party_in,
            ..
        } => {
            assert_eq!(
                admitted.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
                ["Masha Petrova"]
            );
            assert_eq!(already.len(), 2);
            assert_eq!(*party_in, 3);
        }
        v => panic!("expected admitted, got {v:?}"),
    }
    req.party_limit = Some(0);
    req.event_id = Uuid::now_v7();
    assert_eq!(code(core.check_in(&req).await), "INVALID_INPUT");
}

#[tokio::test]
async fn the_window_may_open_the_evening_before() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let tz = chrono_tz::Asia::Kamchatka;
    let day = Utc::now().with_timezone(&tz).date_naive() + Duration::days(3);
    let at = |d: chrono::NaiveDate, h: u32, m: u32| {
        tz.from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()))
            .unwrap()
            .with_timezone(&Utc)
    };
    // an early boat at 01:00: check-in opens at 22:00 the evening before
    let (dep, _) = core
        .add_departure(&NewDeparture {
            tour: "Night boat".into(),
            starts_at: at(day, 1, 0),
            time_zone: tz,
            capacity: 10,
            adult_price_minor: common::ADULT_PRICE,
            child_price_minor: common::CHILD_PRICE,
            currency: "RUB".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .unwrap();
    let b = core.book(&request(dep, 1, 0, "Night Owl")).await.unwrap();
    let code = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap()[1]
        .code
        .clone();
    let eve = day.pred_opt().unwrap();
    let v = |c: CheckIn| c.verdict.name();
    assert_eq!(v(scan_at(&core, &code, Some(dep), at(eve, 12, 0)).await), "too_early");
    assert_eq!(
        v(scan_at(&core, &code, Some(dep), at(eve - Duration::days(1), 23, 0)).await),
        "not_today"
    );
    assert_eq!(v(scan_at(&core, &code, Some(dep), at(eve, 23, 30)).await), "admitted");
    // and the day after the departure's day is not today either
    let mut late = CheckInRequest::scan(&code, Some(dep));
    late.occurred_at = at(day.succ_opt().unwrap(), 0, 30);
    late.at = Some(late.occurred_at);
    assert_eq!(core.check_in(&late).await.unwrap().verdict.name(), "not_today");
    let b2 = core.book(&request(dep, 1, 0, "Late Owl")).await.unwrap();
    let code2 = core
        .tickets(&b2.booking_number, &registered_key(&core).await)
        .await
        .unwrap()[1]
        .code
        .clone();
    assert_eq!(
        v(scan_at(&core, &code2, Some(dep), at(day.succ_opt().unwrap(), 0, 30)).await),
        "not_today"
    );
    assert_eq!(
        v(scan_at(&core, &code2, Some(dep), at(day, 23, 50)).await),
        "admitted",
        "late, same day"
    );
}

#[tokio::test]
async fn an_event_id_is_not_reused_for_another_scan() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&family(dep)).await.unwrap();
    let tickets = core
        .tickets(&b.booking_number, &registered_key(&core).await)
        .await
        .unwrap();
    let mut first = CheckInRequest::scan(&ticket_of(&tickets, "Ivan Petrov").code, Some(dep));
    first.occurred_at = starts - Duration::minutes(30);
    first.at = Some(first.occurred_at);
    assert!(core.check_in(&first).await.unwrap().verdict.is_admitted());
    let mut other = CheckInRequest::scan(&group(&tickets).code, Some(dep));
    other.occurred_at = first.occurred_at;
    other.at = Some(other.occurred_at);
    other.event_id = first.event_id;
    assert_eq!(code(core.check_in(&other).await), "IDEMPOTENCY_CONFLICT");
    let mut manual = CheckInRequest::participant(ParticipantId(b.participants[0].id.0), Some(dep));
    manual.event_id = first.event_id;
    assert_eq!(code(core.check_in(&manual).await), "IDEMPOTENCY_CONFLICT");
    assert_eq!(
        core.manifest(dep).await.unwrap().admitted,
        1,
        "nobody admitted by a conflicting retry"
    );
}

#[tokio::test]
async fn a_booking_number_typed_in_the_russian_layout_is_found() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let (dep, starts) = departure_at_ten(&core, "Avachinsky volcano", 2, 10).await;
    let b = core.book(&request(dep, 1, 0, "Layout Test")).await.unwrap();
    let typed = common::typed_in_russian_layout(&b.booking_number);
    assert!(typed.starts_with("ев-"), "{typed}");
    assert_eq!(core.booking(&typed).await.unwrap().booking_number, b.booking_number);
    let mut req = CheckInRequest::booking(&typed, Some(dep));
    req.occurred_at = starts - Duration::minutes(10);
    req.at = Some(req.occurred_at);
    assert!(core.check_in(&req).await.unwrap().verdict.is_admitted());
}

#[tokio::test]
async fn the_check_in_window_is_the_operators_setting_not_the_callers() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    assert_eq!(
        desk.check_in_window().await.unwrap(),
        std::time::Duration::from_secs(3 * 3600)
    );
    let dep = db.departure(&owner, 2, 10).await;
    let starts = owner.departure(dep).await.unwrap().starts_at;
    let b = desk.book(&request(dep, 1, 0, "Early Bird")).await.unwrap();
    let person = b.participants[0].id;

    // a manager narrows the window to 30 minutes; a clerk may not change it
    assert!(owner.set_check_in_window(30).await.unwrap());
    assert!(
        !owner.set_check_in_window(30).await.unwrap(),
        "the same value again changes nothing"
    );
    assert_eq!(code(desk.set_check_in_window(600).await), "FORBIDDEN");
    assert_eq!(code(owner.set_check_in_window(1441).await), "INVALID_INPUT");
    assert_eq!(
        owner.manifest(dep).await.unwrap().check_in_opens_at,
        starts - Duration::minutes(30)
    );

    // two hours ahead: refused (too early, or not today when that crosses local midnight)
    let c = desk
        .check_in(&CheckInRequest::participant(person, Some(dep)))
        .await
        .unwrap();
    assert!(
        matches!(c.verdict, Verdict::TooEarly { opens_at, .. } if opens_at == starts - Duration::minutes(30))
            || matches!(c.verdict, Verdict::NotToday { .. }),
        "{c:?}"
    );

    // a client that sends a window of its own finds no function that takes one
    let app = db.app_pool(1).await;
    owner.upsert_staff("Mia Manager", Role::Manager, "8642").await.unwrap();
    let clerk = api_token(&app, "432187").await;
    let e = sqlx::query(
        "select api.check_in($1, gen_random_uuid(), 'manual', '', null, null, null, $2, null, $3, '', null,
                             interval '24 hours')",
    )
    .bind(&clerk)
    .bind(person.0)
    .bind(dep.0)
    .execute(&app)
    .await
    .unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
    // nor a verdict of its own that would record an admission
    let e = sqlx::query(
        "select api.check_in($1, gen_random_uuid(), 'manual', '', null, null, null, $2, null, $3, '', null,
                             'admitted')",
    )
    .bind(&clerk)
    .bind(person.0)
    .bind(dep.0)
    .execute(&app)
    .await
    .unwrap_err();
    assert!(e.to_string().contains("INVALID_INPUT"), "{e}");
    for sql in [
        "select * from api.close_check_in($1, $2, interval '24 hours', false)",
        "select * from api.set_check_in_window($1, interval '24 hours')",
    ] {
        let e = sqlx::query(sql)
            .bind(&clerk)
            .bind(dep.0)
            .execute(&app)
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("does not exist") || e.to_string().contains("FORBIDDEN"),
            "{sql}: {e}"
        );
    }
    // and the server checks a manager's value itself
    let manager = api_token(&app, "8642").await;
    let e = sqlx::query("select * from api.set_check_in_window($1, interval '25 hours')")
        .bind(&manager)
        .execute(&app)
        .await
        .unwrap_err();
    assert_eq!(BookingError::from(e).code(), ErrorCode::InvalidInput);
    assert_eq!(db.counters(dep).await, (10, 1, 0));
    assert_eq!(owner.manifest(dep).await.unwrap().admitted, 0);

    // widened by the manager (audited), the same scan admits
    assert!(owner.set_check_in_window(180).await.unwrap());
    let c = desk
        .check_in(&CheckInRequest::participant(person, Some(dep)))
        .await
        .unwrap();
    assert!(c.verdict.is_admitted(), "{c:?}");
    let rows = audit(&db.pool, "settings.check_in_window").await;
    let changes: Vec<(f64, f64)> = rows
        .iter()
        .map(|r| {
            (
                r.details["from_minutes"].as_f64().unwrap(),
                r.details["to_minutes"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(changes, [(180.0, 30.0), (30.0, 180.0)]);
    assert!(
        rows.iter()
            .all(|r| r.staff_id.is_none() && r.device_id == Some(owner.actor().device.0))
    );
}
