//! A schedule rule's guide and resources (migration 0032): apply assigns
//! them to each departure it makes through the same functions as an
//! assignment by hand; a busy guide or a resource out of service leaves
//! that departure without it and is listed, never stops the apply; a
//! re-apply assigns nothing twice; an edit changes the crew of unsold
//! departures only; two applies racing for one guide give it once.

use super::*;
use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use tourdesk::booking::{NewDeparture, NewSchedule, ScheduleEdit};
use tourdesk::domain::{CrewKind, ErrorCode, ResourceKind, ScheduleId};

const TZ: Tz = chrono_tz::Asia::Kamchatka;

fn today() -> NaiveDate {
    Utc::now().with_timezone(&TZ).date_naive()
}

fn local(day: NaiveDate, h: u32) -> DateTime<Utc> {
    TZ.from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// Daily at `hour` (Kamchatka) for `days` days from the day after tomorrow,
/// led by `guide`, carried by `resources`.
fn rule(tour: &str, hour: u32, days: i64, guide: Option<&str>, resources: &[&str]) -> NewSchedule {
    let from = today() + Duration::days(2);
    NewSchedule {
        tour: tour.into(),
        days: vec![1, 2, 3, 4, 5, 6, 7],
        times: vec![NaiveTime::from_hms_opt(hour, 0, 0).unwrap()],
        from,
        to: from + Duration::days(days - 1),
        time_zone: TZ,
        capacity: 12,
        adult_price_minor: ADULT_PRICE,
        child_price_minor: CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
        guide: guide.map(String::from),
        resources: resources.iter().map(|r| r.to_string()).collect(),
    }
}

async fn hand_departure(core: &Core, tour: &str, starts_at: DateTime<Utc>) -> DepartureId {
    core.add_departure(&NewDeparture {
        tour: tour.into(),
        starts_at,
        time_zone: TZ,
        capacity: 10,
        adult_price_minor: ADULT_PRICE,
        child_price_minor: CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Helipad".into(),
    })
    .await
    .unwrap()
    .0
}

/// (active guides, resources) of a departure, by name.
async fn crew_of(pool: &PgPool, d: DepartureId) -> (Vec<String>, Vec<String>) {
    let guides = sqlx::query_scalar(
        "select s.name from departure_guides dg join staff s on s.id = dg.guide_id
          where dg.departure_id = $1 and dg.active order by s.name",
    )
    .bind(d.0)
    .fetch_all(pool)
    .await
    .unwrap();
    let resources = sqlx::query_scalar(
        "select r.name from departure_resources dr join resources r on r.id = dr.resource_id
          where dr.departure_id = $1 order by r.name",
    )
    .bind(d.0)
    .fetch_all(pool)
    .await
    .unwrap();
    (guides, resources)
}

async fn rule_departures(pool: &PgPool, id: ScheduleId) -> Vec<(DepartureId, DateTime<Utc>)> {
    sqlx::query_as::<_, (i64, DateTime<Utc>)>(
        "select id, starts_at from departures where schedule_id = $1 order by starts_at",
    )
    .bind(id.0)
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, at)| (DepartureId(id), at))
    .collect()
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// The flag a sale reads to take the resources' bound into account.
async fn has_resources(pool: &PgPool, d: DepartureId) -> bool {
    sqlx::query_scalar("select has_resources from departures where id = $1")
        .bind(d.0)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

async fn resource(core: &Core, name: &str, seats: u32) {
    core.add_resource(name, ResourceKind::Vehicle, seats, Uuid::now_v7())
        .await
        .unwrap();
}

#[tokio::test]
async fn apply_gives_each_departure_made_the_rules_guide_and_resources_once() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    core.upsert_staff("Anna Guide", Role::Guide, "432187").await.unwrap();
    resource(&core, "Bus 1", 20).await;
    resource(&core, "Raft kit", 12).await;
    let r = rule(
        "Bystraya rafting",
        8,
        5,
        Some("anna guide"),
        &["Raft kit", "bus 1", "Bus 1"],
    );
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    let listed = core.schedules().await.unwrap().remove(0);
    assert_eq!(
        (listed.guide.as_deref(), listed.resources.clone()),
        (Some("Anna Guide"), names(&["Bus 1", "Raft kit"])),
        "names as stored, each resource once"
    );

    let preview = core.preview_schedule(id, 30).await.unwrap();
    assert_eq!(preview.len(), 5);
    for slot in &preview {
        let crew = slot.crew.as_ref().expect("a start's crew");
        assert_eq!(crew.guide.as_deref(), Some("Anna Guide"));
        assert!(crew.guide_conflict.is_none());
        assert_eq!(
            crew.resources
                .iter()
                .map(|x| (x.resource.as_str(), x.free))
                .collect::<Vec<_>>(),
            [("Bus 1", 20), ("Raft kit", 12)]
        );
    }

    let key = Uuid::now_v7();
    let a = core.apply_schedule(id, 30, key).await.unwrap();
    assert_eq!((a.created, a.failures.len()), (5, 0), "{a:?}");
    for d in &a.departure_ids {
        assert_eq!(
            crew_of(&db.pool, *d).await,
            (names(&["Anna Guide"]), names(&["Bus 1", "Raft kit"]))
        );
        assert!(has_resources(&db.pool, *d).await);
    }
    let guided = audit(&db.pool, "guide.assigned").await;
    assert_eq!(guided.len(), 5);
    assert!(guided.iter().all(|g| g.details["schedule_id"] == id.0
        && g.staff_id == core.actor().staff.map(|s| s.0)
        && g.device_id == Some(core.actor().device.0)));
    assert_eq!(audit(&db.pool, "resource.assigned").await.len(), 10);

    // the same key replays; a new apply makes nothing and assigns nothing twice
    let replayed = core.apply_schedule(id, 30, key).await.unwrap();
    assert!(replayed.replayed && replayed.failures.is_empty());
    let again = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    assert_eq!((again.created, again.existing), (0, 5));
    assert_eq!(count(&db.pool, "select count(*) from departure_guides").await, 5);
    assert_eq!(count(&db.pool, "select count(*) from departure_resources").await, 10);
    assert_eq!(audit(&db.pool, "guide.assigned").await.len(), 5);

    // a guide must be a guide, a resource must exist
    core.upsert_staff("Desk Dasha", Role::Desk, "432187").await.unwrap();
    let bad = rule("Bystraya rafting", 9, 5, Some("Desk Dasha"), &[]);
    assert_eq!(code(core.add_schedule(&bad, Uuid::now_v7()).await), "INVALID_INPUT");
    let bad = rule("Bystraya rafting", 9, 5, None, &["Hovercraft"]);
    assert_eq!(code(core.add_schedule(&bad, Uuid::now_v7()).await), "NOT_FOUND");
}

#[tokio::test]
async fn a_busy_guide_or_a_resource_out_of_service_is_listed_and_the_departure_still_made() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    core.upsert_staff("Anna Guide", Role::Guide, "432187").await.unwrap();
    resource(&core, "Mi-8", 6).await;
    let first = today() + Duration::days(2);
    // Anna leads a hand-added trip over the rule's 07:00 on its second day,
    // and the helicopter is out of service on its third
    let busy_day = first + Duration::days(1);
    let other = hand_departure(&core, "Mutnovsky volcano", local(busy_day, 6)).await;
    core.assign_guide("Anna Guide", other, Uuid::now_v7()).await.unwrap();
    let out_day = first + Duration::days(2);
    core.resource_out_of_service("Mi-8", out_day, "gearbox", Uuid::now_v7())
        .await
        .unwrap();
    let r = rule("Valley of Geysers", 7, 4, Some("Anna Guide"), &["Mi-8"]);
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;

    let preview = core.preview_schedule(id, 30).await.unwrap();
    let crew_on = |day: NaiveDate| {
        preview
            .iter()
            .find(|s| s.local_start.date() == day)
            .and_then(|s| s.crew.clone())
            .unwrap()
    };
    assert_eq!(
        crew_on(busy_day).guide_conflict.map(|c| c.departure_id),
        Some(other.0),
        "the preview names the departure the guide leads then"
    );
    assert_eq!(crew_on(out_day).resources[0].out_of_service, Some(out_day));
    assert!(crew_on(first).guide_conflict.is_none() && crew_on(first).resources[0].out_of_service.is_none());

    let a = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    assert_eq!(a.created, 4, "a refused assignment stops no departure");
    let made = rule_departures(&db.pool, id).await;
    let on = |day: NaiveDate| made.iter().find(|d| d.1 == local(day, 7)).unwrap().0;
    let failures: Vec<_> = a
        .failures
        .iter()
        .map(|f| (f.departure_id, f.what, f.name.as_str(), f.code))
        .collect();
    assert_eq!(
        failures,
        [
            (on(busy_day), CrewKind::Guide, "Anna Guide", ErrorCode::GuideBusy),
            (on(out_day), CrewKind::Resource, "Mi-8", ErrorCode::ResourceOutOfService),
        ]
    );
    assert_eq!(
        a.failures[0]
            .conflicts
            .iter()
            .map(|c| c.departure_id)
            .collect::<Vec<_>>(),
        [other.0]
    );
    assert_eq!(a.failures[1].day, Some(out_day));
    assert_eq!(crew_of(&db.pool, on(busy_day)).await, (vec![], names(&["Mi-8"])));
    assert_eq!(crew_of(&db.pool, on(out_day)).await, (names(&["Anna Guide"]), vec![]));
    assert!(
        !has_resources(&db.pool, on(out_day)).await,
        "the refused resource was taken back whole"
    );
    assert_eq!(
        crew_of(&db.pool, on(first)).await,
        (names(&["Anna Guide"]), names(&["Mi-8"]))
    );
    assert_eq!(
        one_audit(&db.pool, "schedule.applied", &core).await.details["failures"],
        2
    );
    // a re-apply makes nothing and retries nothing
    let again = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    assert_eq!((again.created, again.failures.len()), (0, 0));
    assert_eq!(count(&db.pool, "select count(*) from departure_guides").await, 4);
}

#[tokio::test]
async fn an_edit_changes_the_crew_of_unsold_departures_and_lists_the_sold_ones() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    core.upsert_staff("Anna Guide", Role::Guide, "432187").await.unwrap();
    core.upsert_staff("Boris Guide", Role::Guide, "432187").await.unwrap();
    resource(&core, "Bus 1", 20).await;
    resource(&core, "Bus 2", 20).await;
    let r = rule("Avachinsky volcano", 7, 4, Some("Anna Guide"), &["Bus 1"]);
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    let a = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    assert!(a.failures.is_empty());
    let made: Vec<_> = rule_departures(&db.pool, id).await;
    let sold = made[0].0;
    core.book(&request(sold, 2, 0, "Anna Sold")).await.unwrap();
    // Boris already leads something over the last day's trip
    let busy = made[3].0;
    let other = hand_departure(&core, "Mutnovsky volcano", made[3].1 - Duration::hours(1)).await;
    core.assign_guide("Boris Guide", other, Uuid::now_v7()).await.unwrap();

    let edit = ScheduleEdit {
        guide: Some(Some("Boris Guide".into())),
        resources: Some(vec!["Bus 2".into()]),
        ..ScheduleEdit::default()
    };
    let key = Uuid::now_v7();
    let e = core.edit_schedule(id, &edit, key).await.unwrap();
    assert_eq!(e.updated, [made[1].0, made[2].0, busy]);
    assert_eq!(
        e.kept
            .iter()
            .map(|k| (k.departure_id, k.differs.clone()))
            .collect::<Vec<_>>(),
        [(sold, names(&["guide", "resources"]))]
    );
    assert_eq!(
        e.failures.iter().map(|f| (f.departure_id, f.code)).collect::<Vec<_>>(),
        [(busy, ErrorCode::GuideBusy)]
    );
    assert_eq!(
        crew_of(&db.pool, sold).await,
        (names(&["Anna Guide"]), names(&["Bus 1"])),
        "a sold departure is never changed"
    );
    for d in [made[1].0, made[2].0] {
        assert_eq!(crew_of(&db.pool, d).await, (names(&["Boris Guide"]), names(&["Bus 2"])));
    }
    assert_eq!(
        crew_of(&db.pool, busy).await,
        (vec![], names(&["Bus 2"])),
        "the old guide is off, the busy new one is not on"
    );
    assert_eq!(audit(&db.pool, "guide.unassigned").await.len(), 3);
    assert_eq!(audit(&db.pool, "resource.unassigned").await.len(), 3);
    let listed = core.schedules().await.unwrap().remove(0);
    assert_eq!(
        (listed.guide.as_deref(), listed.resources),
        (Some("Boris Guide"), names(&["Bus 2"]))
    );
    // the same key: the first answer, nothing done twice
    let again = core.edit_schedule(id, &edit, key).await.unwrap();
    assert!(again.replayed);
    assert_eq!(again.failures, e.failures);
    assert_eq!(audit(&db.pool, "guide.unassigned").await.len(), 3);

    // no guide, no resources: off the unsold departures, the sold one kept
    let e = core
        .edit_schedule(
            id,
            &ScheduleEdit {
                guide: Some(None),
                resources: Some(vec![]),
                ..ScheduleEdit::default()
            },
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert!(e.failures.is_empty());
    for d in [made[1].0, made[2].0, busy] {
        assert_eq!(crew_of(&db.pool, d).await, (vec![], vec![]));
        assert!(!has_resources(&db.pool, d).await);
    }
    assert_eq!(
        crew_of(&db.pool, sold).await,
        (names(&["Anna Guide"]), names(&["Bus 1"]))
    );
    let listed = core.schedules().await.unwrap().remove(0);
    assert_eq!((listed.guide, listed.resources), (None, vec![]));
}

#[tokio::test]
async fn racing_applies_of_rules_sharing_a_guide_give_each_date_to_one() {
    let db = TestDb::with_pool(12).await;
    let core = db.manager().await;
    core.upsert_staff("Anna Guide", Role::Guide, "432187").await.unwrap();
    // a resource each: one apply holding its bus while waiting for the
    // guide must not be what the other waits for
    resource(&core, "Bus A", 20).await;
    resource(&core, "Bus B", 20).await;
    let days = 10;
    let morning = rule("Avachinsky volcano", 7, days, Some("Anna Guide"), &["Bus B"]);
    let later = rule("Mutnovsky volcano", 9, days, Some("Anna Guide"), &["Bus A"]);
    let a_id = core.add_schedule(&morning, Uuid::now_v7()).await.unwrap().schedule_id;
    let b_id = core.add_schedule(&later, Uuid::now_v7()).await.unwrap().schedule_id;
    let (a, b) = tokio::join!(
        core.apply_schedule(a_id, 30, Uuid::now_v7()),
        core.apply_schedule(b_id, 30, Uuid::now_v7())
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.created, b.created), (days as u32, days as u32));
    let failures: Vec<_> = a.failures.iter().chain(&b.failures).collect();
    assert_eq!(
        failures.len(),
        days as usize,
        "one of each date's two trips lost the guide"
    );
    assert!(
        failures
            .iter()
            .all(|f| f.code == ErrorCode::GuideBusy && f.what == CrewKind::Guide)
    );
    // each date: exactly one trip led by Anna, and it is not the one listed
    let per_day: Vec<(NaiveDate, i64)> = sqlx::query_as(
        "select (d.starts_at at time zone 'Asia/Kamchatka')::date, count(*)
           from departure_guides dg join departures d on d.id = dg.departure_id
          where dg.active group by 1 order by 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(per_day.len(), days as usize);
    assert!(per_day.iter().all(|(_, n)| *n == 1), "{per_day:?}");
    for f in &failures {
        assert_eq!(crew_of(&db.pool, f.departure_id).await.0, Vec::<String>::new());
        let winner = DepartureId(f.conflicts[0].departure_id);
        assert_eq!(crew_of(&db.pool, winner).await.0, names(&["Anna Guide"]));
    }
    // every departure kept its own bus
    assert_eq!(
        count(&db.pool, "select count(*) from departure_resources").await,
        2 * days
    );
}

#[tokio::test]
async fn the_preview_flags_the_rules_own_overlapping_starts_as_the_apply_meets_them() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    core.upsert_staff("Anna Guide", Role::Guide, "432187").await.unwrap();
    resource(&core, "Mi-8", 6).await;
    resource(&core, "Bus 40", 40).await;
    // 8-hour trips (a tour made on first use) at 07:00, 13:00 and 19:00:
    // 13:00 overlaps both others, 07:00 and 19:00 do not overlap
    let mut r = rule("Valley of Geysers", 7, 2, Some("Anna Guide"), &["Mi-8", "Bus 40"]);
    r.times = [7, 13, 19].map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap()).to_vec();
    let id = core.add_schedule(&r, Uuid::now_v7()).await.unwrap().schedule_id;
    let first = today() + Duration::days(2);

    let preview = core.preview_schedule(id, 30).await.unwrap();
    assert_eq!(preview.len(), 6);
    let crew_at = |day: NaiveDate, h: u32| {
        preview
            .iter()
            .find(|s| s.starts_at == local(day, h))
            .and_then(|s| s.crew.clone())
            .unwrap()
    };
    for day in [first, first + Duration::days(1)] {
        // the apply gives Anna the 07:00, so not the 13:00; the 19:00 is hers
        // again (the 13:00 did not get her)
        let noon = crew_at(day, 13);
        let earlier = noon.guide_overlap.as_ref().expect("the 13:00 start is flagged");
        assert_eq!(earlier.starts_at, local(day, 7), "naming the other start");
        assert!(crew_at(day, 7).guide_overlap.is_none());
        assert!(
            crew_at(day, 19).guide_overlap.is_none(),
            "chains are walked as the apply does"
        );
        // 12 seats a start: Mi-8 (6) is shared beyond its seats, the bus is not
        let shared: Vec<_> = noon
            .resource_overlaps
            .iter()
            .map(|o| (o.resource.as_str(), o.seats, o.needed, o.starts.clone()))
            .collect();
        assert_eq!(shared, [("Mi-8", 6, 36, vec![local(day, 7), local(day, 19)])]);
        assert_eq!(crew_at(day, 7).resource_overlaps[0].starts, [local(day, 13)]);
    }

    // what the preview said is what the apply meets
    let a = core.apply_schedule(id, 30, Uuid::now_v7()).await.unwrap();
    let refused: Vec<_> = a.failures.iter().map(|f| (f.starts_at, f.what, f.code)).collect();
    assert_eq!(
        refused,
        [
            (local(first, 13), CrewKind::Guide, ErrorCode::GuideBusy),
            (
                local(first + Duration::days(1), 13),
                CrewKind::Guide,
                ErrorCode::GuideBusy
            ),
        ]
    );
    // made: nothing left to flag among the rule's own starts
    let after = core.preview_schedule(id, 30).await.unwrap();
    assert!(after.iter().all(|s| {
        s.crew
            .as_ref()
            .is_some_and(|c| c.guide_overlap.is_none() && c.resource_overlaps.is_empty())
    }));
}
