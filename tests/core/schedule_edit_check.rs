//! An edit of a schedule rule checked before it is made (issue 14):
//! api.schedule_edit_check runs the edit itself and undoes it, so it says
//! what the edit would update, cancel and keep — and the rule's resources
//! its capacity outgrows — with the edit's own checks, and changes nothing.

use super::*;
use chrono::NaiveTime;
use tourdesk::booking::{NewSchedule, ScheduleEdit};
use tourdesk::domain::ResourceKind;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Kamchatka;

/// Daily at 08:00 for `days` days from the day after tomorrow, 12 seats,
/// carried by `resources`.
fn daily(days: i64, resources: &[&str]) -> NewSchedule {
    let from = Utc::now().with_timezone(&TZ).date_naive() + Duration::days(2);
    NewSchedule {
        tour: "Avacha Bay boat trip".into(),
        days: vec![1, 2, 3, 4, 5, 6, 7],
        times: vec![NaiveTime::from_hms_opt(8, 0, 0).unwrap()],
        from,
        to: from + Duration::days(days - 1),
        time_zone: TZ,
        capacity: 12,
        adult_price_minor: ADULT_PRICE,
        child_price_minor: CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
        guide: None,
        resources: resources.iter().map(|r| r.to_string()).collect(),
    }
}

/// Everything an edit could write, as text: the rules, the departures,
/// how many audit rows and recorded writes there are.
async fn state(pool: &PgPool) -> String {
    sqlx::query_scalar(
        "select concat_ws(' | ',
                (select string_agg(concat_ws(',', id, revision, capacity, adult_price_minor), ';' order by id)
                   from schedules),
                (select string_agg(concat_ws(',', id, status, capacity, booked), ';' order by id) from departures),
                (select count(*) from audit_log),
                (select count(*) from schedule_writes))",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_edit_checked_says_what_it_would_do_changes_nothing_and_the_edit_agrees() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    core.add_resource("Boat Aleut", ResourceKind::Boat, 40, Uuid::now_v7())
        .await
        .unwrap();
    let id = core
        .add_schedule(&daily(5, &["Boat Aleut"]), Uuid::now_v7())
        .await
        .unwrap()
        .schedule_id;
    let made = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    assert_eq!(made.created, 5);
    let sold = made.departure_ids[1];
    core.book(&request(sold, 2, 0, "Anna Sold")).await.unwrap();
    let before = state(&db.pool).await;

    // 6500 seats on a 40-seat boat: a warning, as for a departure
    let edit = ScheduleEdit {
        capacity: Some(6500),
        ..ScheduleEdit::default()
    };
    let would = core.check_schedule_edit(id, &edit).await.unwrap();
    assert_eq!(would.updated.len(), 4, "{would:?}");
    assert!(!would.updated.contains(&sold));
    assert_eq!(
        would
            .kept
            .iter()
            .map(|k| (k.departure_id, k.booked))
            .collect::<Vec<_>>(),
        [(sold, 2)]
    );
    assert_eq!(would.kept[0].differs, ["capacity"]);
    assert_eq!(
        would
            .short_seats
            .iter()
            .map(|s| (s.resource.as_str(), s.seats, s.capacity))
            .collect::<Vec<_>>(),
        [("Boat Aleut", 40, 6500)]
    );
    assert!(!would.replayed);
    assert_eq!(state(&db.pool).await, before, "the check changed nothing");
    assert!(audit(&db.pool, "schedule.edited").await.is_empty());

    // the edit does what the check said
    let done = core.edit_schedule(id, &edit, Uuid::now_v7()).await.unwrap();
    assert_eq!(
        (&done.updated, &done.kept, &done.short_seats, done.revision),
        (&would.updated, &would.kept, &would.short_seats, would.revision)
    );
    assert_eq!(
        one_audit(&db.pool, "schedule.edited", &core).await.details["short_seats"][0]["seats"],
        40
    );
    // sales still stop at the boat's 40 seats (the resource bounds them)
    let free: i32 = sqlx::query_scalar("select td_resource_free($1)")
        .bind(made.departure_ids[0].0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(free, 40);
}

#[tokio::test]
async fn a_checked_edit_is_refused_as_the_edit_is_and_only_for_a_manager() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let id = core
        .add_schedule(&daily(5, &[]), Uuid::now_v7())
        .await
        .unwrap()
        .schedule_id;
    // (made first: a new staff member and device are audited)
    let desk = db.core_as(Role::Desk, "Dasha Desk", "desk-2").await;
    let before = state(&db.pool).await;
    let too_many = ScheduleEdit {
        capacity: Some(2_000_000),
        ..ScheduleEdit::default()
    };
    assert_eq!(code(core.check_schedule_edit(id, &too_many).await), "INVALID_INPUT");
    // a check only the server makes: the last date already passed
    let today = Utc::now().with_timezone(&TZ).date_naive();
    let past = ScheduleEdit {
        from: Some(today - Duration::days(9)),
        to: Some(today - Duration::days(2)),
        ..ScheduleEdit::default()
    };
    let e = core.check_schedule_edit(id, &past).await.unwrap_err();
    assert_eq!(e.code().as_str(), "INVALID_INPUT");
    assert!(e.to_string().contains("already passed"), "{e}");
    assert_eq!(
        code(
            core.check_schedule_edit(tourdesk::domain::ScheduleId(id.0 + 99), &too_many.clone())
                .await
        ),
        "INVALID_INPUT",
        "checked here before the server is asked"
    );
    let seats = ScheduleEdit {
        capacity: Some(20),
        ..ScheduleEdit::default()
    };
    assert_eq!(
        code(
            core.check_schedule_edit(tourdesk::domain::ScheduleId(id.0 + 99), &seats)
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(code(desk.check_schedule_edit(id, &seats).await), "FORBIDDEN");
    assert_eq!(state(&db.pool).await, before);
}
