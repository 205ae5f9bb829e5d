//! Resource edits (migration 0042): a resource's seats changed — refused,
//! listing the departures, when lowered below what is taken at once on
//! departures to come that it serves — and a day out of service taken
//! back. Each with its key, its refusals and its audit rows.

use super::*;
use tourdesk::booking::NewDeparture;
use tourdesk::domain::ResourceKind;

async fn departure_at(core: &Core, tour: &str, starts_at: DateTime<Utc>, capacity: u32) -> DepartureId {
    core.add_departure(&NewDeparture {
        tour: tour.to_string(),
        starts_at,
        time_zone: chrono_tz::Asia::Kamchatka,
        capacity,
        adult_price_minor: ADULT_PRICE,
        child_price_minor: CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Helipad".into(),
    })
    .await
    .expect("add departure")
    .0
}

/// "Valley of Geysers" and "Heli-skiing" at the same hour, 10 seats each,
/// and a third departure a week later, all served by a 6-seat Mi-8.
async fn helicopter(manager: &Core) -> (DepartureId, DepartureId, DepartureId) {
    let at = Utc::now() + Duration::days(3);
    let geysers = departure_at(manager, "Valley of Geysers", at, 10).await;
    let heliski = departure_at(manager, "Heli-skiing", at, 10).await;
    let later = departure_at(manager, "Valley of Geysers", at + Duration::days(7), 10).await;
    manager
        .add_resource("Mi-8", ResourceKind::Helicopter, 6, Uuid::now_v7())
        .await
        .unwrap();
    for d in [geysers, heliski, later] {
        manager.assign_resource("Mi-8", d, Uuid::now_v7()).await.unwrap();
    }
    (geysers, heliski, later)
}

async fn free(core: &Core, d: DepartureId) -> i32 {
    core.availability(d).await.unwrap().free
}

#[tokio::test]
async fn a_resources_seats_change_and_never_below_what_is_taken_at_once() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let (geysers, heliski, later) = helicopter(&manager).await;
    desk.book(&request(geysers, 3, 0, "Ivanov")).await.unwrap();
    desk.book(&request(heliski, 2, 0, "Petrov")).await.unwrap();
    desk.book(&request(later, 1, 0, "Sidorov")).await.unwrap();
    assert_eq!((free(&desk, geysers).await, free(&desk, heliski).await), (1, 1));

    // raising: more to sell on both tours at that hour
    let key = Uuid::now_v7();
    let up = manager.edit_resource("mi-8", 8, key).await.unwrap();
    assert_eq!(
        (up.name.as_str(), up.seats, up.seats_before, up.changed, up.replayed),
        ("Mi-8", 8, 6, true, false)
    );
    assert_eq!((free(&desk, geysers).await, free(&desk, heliski).await), (3, 3));
    // the same request again: the first answer; the key for other seats: refused
    let again = manager.edit_resource("Mi-8", 8, key).await.unwrap();
    assert_eq!((again.seats, again.seats_before, again.replayed), (8, 6, true));
    assert_eq!(
        code(manager.edit_resource("Mi-8", 9, key).await),
        "IDEMPOTENCY_CONFLICT"
    );

    // lowering below the 5 taken at 10:00 on the two tours: refused, naming both
    let e = manager.edit_resource("Mi-8", 4, Uuid::now_v7()).await.unwrap_err();
    assert_eq!(e.code().as_str(), "RESOURCE_BUSY");
    match &e {
        BookingError::ResourceSeatsTaken {
            seats,
            new_seats,
            needed,
            conflicts,
            ..
        } => {
            assert_eq!((*seats, *new_seats, *needed), (8, 4, 5));
            let ids: Vec<i64> = conflicts.iter().map(|c| c.departure_id).collect();
            assert_eq!(ids, vec![geysers.0.min(heliski.0), geysers.0.max(heliski.0)]);
            let taken: Vec<Option<i64>> = conflicts.iter().map(|c| c.booked).collect();
            assert!(taken.contains(&Some(3)) && taken.contains(&Some(2)), "{conflicts:?}");
        }
        other => panic!("expected ResourceSeatsTaken, got {other:?}"),
    }
    let text = e.to_string();
    assert!(
        text.contains("at least 5 seats") && text.contains("Heli-skiing"),
        "{text}"
    );
    assert_eq!(
        manager.resources().await.unwrap()[0].seats,
        8,
        "a refusal changes nothing"
    );

    // down to exactly what is taken: both tours sold out at that hour, the later day not
    let down = manager.edit_resource("Mi-8", 5, Uuid::now_v7()).await.unwrap();
    assert_eq!((down.seats, down.seats_before, down.changed), (5, 8, true));
    assert_eq!((free(&desk, geysers).await, free(&desk, heliski).await), (0, 0));
    assert_eq!(code(desk.book(&request(heliski, 1, 0, "Late")).await), "SOLD_OUT");
    assert_eq!(free(&desk, later).await, 4);
    // the seats it has: nothing to do, nothing audited
    let same = manager.edit_resource("Mi-8", 5, Uuid::now_v7()).await.unwrap();
    assert!(!same.changed);
    let rows = audit(&db.pool, "resource.edited").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (
            rows[0].details["seats_before"].as_i64(),
            rows[0].details["seats"].as_i64()
        ),
        (Some(6), Some(8))
    );
    assert_eq!(
        (
            rows[1].details["seats_before"].as_i64(),
            rows[1].details["seats"].as_i64()
        ),
        (Some(8), Some(5))
    );
    assert!(rows.iter().all(|r| r.device_id == Some(manager.actor().device.0)));

    // a cancelled departure takes nothing: with heli-skiing cancelled, 3 will do
    manager
        .cancel_departure(heliski, CancelReason::Weather, "storm")
        .await
        .unwrap();
    manager.edit_resource("Mi-8", 3, Uuid::now_v7()).await.unwrap();

    // bad seats, an unknown resource, a desk clerk
    assert_eq!(
        code(manager.edit_resource("Mi-8", 0, Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(manager.edit_resource("Mi-8", 10_001, Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(manager.edit_resource("Nope", 4, Uuid::now_v7()).await),
        "NOT_FOUND"
    );
    assert_eq!(code(desk.edit_resource("Mi-8", 9, Uuid::now_v7()).await), "FORBIDDEN");
}

#[tokio::test]
async fn a_resource_returns_to_service_on_a_day_and_its_departures_sell_again() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let (geysers, heliski, later) = helicopter(&manager).await;
    let day: chrono::NaiveDate =
        sqlx::query_scalar("select (starts_at at time zone time_zone)::date from departures where id = $1")
            .bind(geysers.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    manager
        .resource_out_of_service("Mi-8", day, "gearbox", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(
        code(desk.book(&request(geysers, 1, 0, "Early")).await),
        "RESOURCE_OUT_OF_SERVICE"
    );

    let back = manager.resource_in_service("MI-8", day).await.unwrap();
    assert!(back.changed);
    assert_eq!((back.resource.as_str(), back.day), ("Mi-8", day));
    assert_eq!(
        back.departures,
        vec![geysers.0.min(heliski.0), geysers.0.max(heliski.0)]
    );
    desk.book(&request(geysers, 1, 0, "Back on")).await.unwrap();
    desk.book(&request(heliski, 1, 0, "Back on too")).await.unwrap();
    assert!(manager.resources().await.unwrap()[0].out_of_service.is_empty());
    // again, or a day it was never out: nothing to do, nothing audited
    assert!(!manager.resource_in_service("Mi-8", day).await.unwrap().changed);
    let other_day = day + Duration::days(7);
    let none = manager.resource_in_service("Mi-8", other_day).await.unwrap();
    assert_eq!((none.changed, none.departures.clone()), (false, vec![later.0]));
    let row = one_audit(&db.pool, "resource.in_service", &manager).await;
    assert_eq!(row.details["note"], "gearbox");
    assert_eq!(row.details["day"], day.to_string());
    assert_eq!(row.details["departures"].as_array().map(Vec::len), Some(2));

    // out again (a new key) and back again: the day is the resource's to take and give
    manager
        .resource_out_of_service("Mi-8", day, "rotor", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(free(&desk, geysers).await, 0);
    assert!(manager.resource_in_service("Mi-8", day).await.unwrap().changed);
    assert_eq!(free(&desk, geysers).await, 4);

    assert_eq!(code(manager.resource_in_service("Nope", day).await), "NOT_FOUND");
    assert_eq!(code(desk.resource_in_service("Mi-8", day).await), "FORBIDDEN");
}
