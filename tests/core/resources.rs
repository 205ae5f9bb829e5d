//! Resources and guides (migration 0027): a resource's seats bound every
//! departure it serves at overlapping times together, an assignment that
//! cannot fit is refused with what conflicts, a resource out of service stops
//! the sales of its day and lists the bookings to move, and a guide leads
//! one departure at a time. Each operation with its refusals and audit rows.

use super::*;
use tourdesk::booking::{MoveRequest, NewDeparture};
use tourdesk::domain::{MoveReason, ResourceKind};

/// A departure of `tour` at `starts_at` (8 hours long, the default
/// duration of a tour made on first use).
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

/// Two departures of two tours at the same time, 10 seats each, both served
/// by one 6-seat helicopter.
async fn geysers_and_heliski(db: &TestDb, manager: &Core) -> (DepartureId, DepartureId) {
    let at = Utc::now() + Duration::days(3);
    let geysers = departure_at(manager, "Valley of Geysers", at, 10).await;
    let heliski = departure_at(manager, "Heli-skiing", at, 10).await;
    manager
        .add_resource("Mi-8", ResourceKind::Helicopter, 6, Uuid::now_v7())
        .await
        .unwrap();
    for d in [geysers, heliski] {
        let a = manager.assign_resource("Mi-8", d, Uuid::now_v7()).await.unwrap();
        assert!(a.changed);
    }
    db.assert_consistent(geysers).await;
    (geysers, heliski)
}

async fn free(core: &Core, d: DepartureId) -> i32 {
    core.availability(d).await.unwrap().free
}

#[tokio::test]
async fn a_resource_is_added_once_per_key_and_listed() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let key = Uuid::now_v7();
    let heli = manager
        .add_resource(" Mi-8 ", ResourceKind::Helicopter, 6, key)
        .await
        .unwrap();
    assert_eq!(
        (heli.name.as_str(), heli.kind, heli.seats, heli.replayed),
        ("Mi-8", ResourceKind::Helicopter, 6, false)
    );
    // the same request again with its key: the first answer
    let again = manager
        .add_resource("Mi-8", ResourceKind::Helicopter, 6, key)
        .await
        .unwrap();
    assert_eq!((again.resource_id, again.replayed), (heli.resource_id, true));
    // the key for another request, the name for another key, bad seats
    assert_eq!(
        code(manager.add_resource("Mi-8", ResourceKind::Helicopter, 8, key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    assert_eq!(
        code(
            manager
                .add_resource("Mi-8", ResourceKind::Boat, 6, Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(
            manager
                .add_resource("Raft 1", ResourceKind::Raft, 0, Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    assert_eq!(
        code(
            desk.add_resource("Bus", ResourceKind::Vehicle, 40, Uuid::now_v7())
                .await
        ),
        "FORBIDDEN"
    );
    let row = one_audit(&db.pool, "resource.added", &manager).await;
    assert_eq!(row.details["seats"], 6);
    assert_eq!(row.details["kind"], "helicopter");

    let d = db.departure(&manager, 48, 10).await;
    manager.assign_resource("mi-8", d, Uuid::now_v7()).await.unwrap();
    let list = desk.resources().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].name.as_str(), list[0].seats), ("Mi-8", 6));
    assert_eq!(list[0].departures, vec![d.0]);
    assert!(list[0].out_of_service.is_empty());
}

#[tokio::test]
async fn a_helicopter_serving_two_tours_at_once_sells_its_seats_once() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let (geysers, heliski) = geysers_and_heliski(&db, &manager).await;
    assert_eq!((free(&desk, geysers).await, free(&desk, heliski).await), (6, 6));

    desk.book(&request(geysers, 3, 1, "Ivanov")).await.unwrap();
    // both listings count the helicopter's seats, not only their own
    assert_eq!((free(&desk, geysers).await, free(&desk, heliski).await), (2, 2));
    match desk.book(&request(heliski, 3, 0, "Petrov")).await {
        Err(BookingError::SoldOut { requested, free }) => assert_eq!((requested, free), (3, 2)),
        other => panic!("expected SOLD_OUT, got {other:?}"),
    }
    // a hold takes the helicopter's seats as a booking does
    let hold = desk.hold(heliski, party(2, 0), None).await.unwrap();
    assert_eq!(code(desk.hold(geysers, party(1, 0), None).await), "SOLD_OUT");
    assert_eq!((free(&desk, geysers).await, free(&desk, heliski).await), (0, 0));
    // an expired hold is dead at once for the other tour too
    db.expire_holds(heliski).await;
    assert_eq!(free(&desk, geysers).await, 2);
    desk.book(&request(geysers, 2, 0, "Sidorov")).await.unwrap();
    assert_eq!(
        sqlx::query_scalar::<_, i64>("select sum(booked)::int8 from departures where id = any($1)")
            .bind(vec![geysers.0, heliski.0])
            .fetch_one(&db.pool)
            .await
            .unwrap(),
        6
    );
    assert_eq!(code(desk.book(&request(heliski, 1, 0, "Late")).await), "SOLD_OUT");
    // the full departure's waitlist takes parties even though its own seats are free
    desk.waitlist_join(heliski, party(1, 0), "Waiting", "", "")
        .await
        .unwrap();
    let _ = hold;
    db.assert_consistent(geysers).await;
    db.assert_consistent(heliski).await;
}

#[tokio::test]
async fn seats_freed_on_one_tour_go_to_the_other_and_a_later_flight_is_not_bound() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let (geysers, heliski) = geysers_and_heliski(&db, &manager).await;
    let first = desk.book(&request(geysers, 6, 0, "Big group")).await.unwrap();
    assert_eq!(code(desk.book(&request(heliski, 1, 0, "Solo")).await), "SOLD_OUT");
    desk.cancel(&first.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    desk.book(&request(heliski, 5, 0, "Solo")).await.unwrap();
    assert_eq!(free(&desk, geysers).await, 1);

    // the helicopter's next flight, after both have landed, has its own 6 seats
    let starts = sqlx::query_scalar::<_, DateTime<Utc>>("select ends_at from departures where id = $1")
        .bind(heliski.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let later = departure_at(&manager, "Valley of Geysers", starts, 10).await;
    manager.assign_resource("Mi-8", later, Uuid::now_v7()).await.unwrap();
    assert_eq!(free(&desk, later).await, 6);
    desk.book(&request(later, 6, 0, "Afternoon")).await.unwrap();
    // a move onto a departure the helicopter cannot carry more on is SOLD_OUT
    let b = desk.book(&request(geysers, 1, 0, "Mover")).await.unwrap();
    let r = desk
        .move_booking(
            &MoveRequest::new(&b.booking_number, later, MoveReason::Customer),
            Uuid::now_v7(),
        )
        .await;
    assert_eq!(code(r), "SOLD_OUT");
}

#[tokio::test]
async fn a_resource_whose_seats_are_taken_is_refused_with_what_conflicts() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let at = Utc::now() + Duration::days(3);
    let geysers = departure_at(&manager, "Valley of Geysers", at, 10).await;
    // an hour later: still in the air together
    let heliski = departure_at(&manager, "Heli-skiing", at + Duration::hours(1), 10).await;
    manager
        .add_resource("Mi-8", ResourceKind::Helicopter, 6, Uuid::now_v7())
        .await
        .unwrap();
    manager.assign_resource("Mi-8", geysers, Uuid::now_v7()).await.unwrap();
    manager.book(&request(geysers, 5, 0, "Group")).await.unwrap();
    manager.book(&request(heliski, 3, 0, "Trio")).await.unwrap();

    match manager.assign_resource("Mi-8", heliski, Uuid::now_v7()).await {
        Err(BookingError::ResourceBusy {
            resource,
            seats,
            departure,
            taken,
            free,
            conflicts,
        }) => {
            assert_eq!(
                (resource.as_str(), seats, departure, taken, free),
                ("Mi-8", 6, heliski.0, 3, 1)
            );
            assert_eq!(conflicts.len(), 1);
            assert_eq!(
                (conflicts[0].departure_id, conflicts[0].tour.as_str()),
                (geysers.0, "Valley of Geysers")
            );
            assert_eq!(conflicts[0].booked, Some(5));
        }
        other => panic!("expected RESOURCE_BUSY, got {other:?}"),
    }
    // nothing changed: the departure sells on its own seats as before
    let has: bool = sqlx::query_scalar("select has_resources from departures where id = $1")
        .bind(heliski.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(!has);
    assert_eq!(free(&manager, heliski).await, 7);
    assert_eq!(audit(&db.pool, "resource.assigned").await.len(), 1);

    // a retry of the assignment that worked answers it; unassigning frees the bound
    let key = Uuid::now_v7();
    manager
        .add_resource("Boat", ResourceKind::Boat, 12, Uuid::now_v7())
        .await
        .unwrap();
    let a = manager.assign_resource("Boat", heliski, key).await.unwrap();
    let b = manager.assign_resource("Boat", heliski, key).await.unwrap();
    assert_eq!((a.replayed, b.replayed, b.changed), (false, true, true));
    assert_eq!(
        code(manager.assign_resource("Mi-8", heliski, key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    assert_eq!(free(&manager, heliski).await, 7);
    let u = manager.unassign_resource("Mi-8", geysers).await.unwrap();
    assert!(u.changed);
    assert!(!manager.unassign_resource("Mi-8", geysers).await.unwrap().changed);
    assert_eq!(free(&manager, geysers).await, 5);
    one_audit(&db.pool, "resource.unassigned", &manager).await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    assert_eq!(
        code(desk.assign_resource("Boat", geysers, Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(manager.assign_resource("Nope", geysers, Uuid::now_v7()).await),
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn a_resource_out_of_service_stops_its_days_sales_and_lists_the_bookings_to_move() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let (geysers, heliski) = geysers_and_heliski(&db, &manager).await;
    let b = desk.book(&request(geysers, 2, 0, "Ivanov")).await.unwrap();
    let day: chrono::NaiveDate =
        sqlx::query_scalar("select (starts_at at time zone time_zone)::date from departures where id = $1")
            .bind(geysers.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let other_day = departure_at(&manager, "Valley of Geysers", Utc::now() + Duration::days(5), 10).await;
    manager
        .assign_resource("Mi-8", other_day, Uuid::now_v7())
        .await
        .unwrap();

    let key = Uuid::now_v7();
    let out = manager
        .resource_out_of_service("Mi-8", day, "gearbox", key)
        .await
        .unwrap();
    assert!(out.created);
    assert_eq!(out.departures, vec![geysers.0.min(heliski.0), geysers.0.max(heliski.0)]);
    assert_eq!(out.bookings.len(), 1);
    assert_eq!(
        (out.bookings[0].booking_number.as_str(), out.bookings[0].seats),
        (b.booking_number.as_str(), 2)
    );
    assert_eq!(out.bookings[0].departure_id, geysers.0);
    // again: nothing new, the same list
    let again = manager
        .resource_out_of_service("Mi-8", day, "gearbox", key)
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.bookings, out.bookings);
    let row = one_audit(&db.pool, "resource.out_of_service", &manager).await;
    assert_eq!(row.details["bookings"], 1);

    // that day sells nothing, not even a hold; other days do
    assert_eq!(
        code(desk.book(&request(heliski, 1, 0, "Late")).await),
        "RESOURCE_OUT_OF_SERVICE"
    );
    assert_eq!(
        code(desk.hold(geysers, party(1, 0), None).await),
        "RESOURCE_OUT_OF_SERVICE"
    );
    assert_eq!(free(&desk, geysers).await, 0);
    desk.book(&request(other_day, 1, 0, "Next week")).await.unwrap();
    // the listed booking moves off it (`booking move`)
    let moved = desk
        .move_booking(
            &MoveRequest::new(&b.booking_number, other_day, MoveReason::Customer),
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert_eq!(moved.to_departure_id, other_day.0);
    assert!(manager.resources().await.unwrap()[0].out_of_service.contains(&day));
    // an assignment on that day is refused too
    manager
        .add_resource("Spare heli", ResourceKind::Helicopter, 4, Uuid::now_v7())
        .await
        .unwrap();
    manager
        .assign_resource("Spare heli", geysers, Uuid::now_v7())
        .await
        .unwrap();
    manager.unassign_resource("Mi-8", geysers).await.unwrap();
    desk.book(&request(geysers, 1, 0, "Rescued")).await.unwrap();
    assert_eq!(
        code(manager.assign_resource("Mi-8", geysers, Uuid::now_v7()).await),
        "RESOURCE_OUT_OF_SERVICE"
    );
}

#[tokio::test]
async fn a_guide_leads_one_departure_at_a_time() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff("Anna Guide", Role::Guide, "432187").await.unwrap();
    manager.upsert_staff("Desk Dasha", Role::Desk, "432187").await.unwrap();
    let at = Utc::now() + Duration::days(3);
    let morning = departure_at(&manager, "Avachinsky volcano", at, 10).await;
    // 7 hours later: the 8-hour morning trip is still out
    let overlapping = departure_at(&manager, "Mutnovsky volcano", at + Duration::hours(7), 10).await;
    let next_day = departure_at(&manager, "Mutnovsky volcano", at + Duration::days(1), 10).await;

    let key = Uuid::now_v7();
    let g = manager.assign_guide("Anna Guide", morning, key).await.unwrap();
    assert_eq!((g.changed, g.replayed), (true, false));
    let again = manager.assign_guide("anna guide", morning, key).await.unwrap();
    assert!(again.replayed);
    assert!(
        !manager
            .assign_guide("Anna Guide", morning, Uuid::now_v7())
            .await
            .unwrap()
            .changed
    );
    match manager.assign_guide("Anna Guide", overlapping, Uuid::now_v7()).await {
        Err(BookingError::GuideBusy {
            guide,
            departure,
            conflict,
        }) => {
            assert_eq!((guide.as_str(), departure), ("Anna Guide", overlapping.0));
            assert_eq!(
                (conflict.departure_id, conflict.tour.as_str()),
                (morning.0, "Avachinsky volcano")
            );
            assert!(close_to(conflict.starts_at, at));
            assert!(close_to(conflict.ends_at, at + Duration::hours(8)));
        }
        other => panic!("expected GUIDE_BUSY, got {other:?}"),
    }
    manager
        .assign_guide("Anna Guide", next_day, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(
        code(manager.assign_guide("Desk Dasha", next_day, Uuid::now_v7()).await),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(manager.assign_guide("Nobody", next_day, Uuid::now_v7()).await),
        "NOT_FOUND"
    );
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    assert_eq!(
        code(desk.assign_guide("Anna Guide", overlapping, Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    assert_eq!(audit(&db.pool, "guide.assigned").await.len(), 2);

    // a cancelled departure frees its guide
    manager
        .cancel_departure(morning, CancelReason::Operator, "no bus")
        .await
        .unwrap();
    manager
        .assign_guide("Anna Guide", overlapping, Uuid::now_v7())
        .await
        .unwrap();
    // unassigned, the guide is free again
    let off = manager.unassign_guide("Anna Guide", next_day).await.unwrap();
    assert!(off.changed);
    assert!(!manager.unassign_guide("Anna Guide", next_day).await.unwrap().changed);
    one_audit(&db.pool, "guide.unassigned", &manager).await;
}

#[tokio::test]
async fn a_departure_ends_after_its_tours_duration() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_tour("Short walk", "", 90).await.unwrap();
    let at = Utc::now() + Duration::days(2);
    let d = departure_at(&manager, "Short walk", at, 10).await;
    let (starts, ends): (DateTime<Utc>, DateTime<Utc>) =
        sqlx::query_as("select starts_at, ends_at from departures where id = $1")
            .bind(d.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(ends - starts, Duration::minutes(90));
    // a later change of the tour's duration keeps the departures already made
    manager.upsert_tour("Short walk", "", 120).await.unwrap();
    let ends_now: DateTime<Utc> = sqlx::query_scalar("select ends_at from departures where id = $1")
        .bind(d.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(ends_now, ends);
}
