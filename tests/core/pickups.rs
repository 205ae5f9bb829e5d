//! Pickup points (migration 0030): a tour's route of stops, each stop's time
//! for a departure computed in that departure's zone, a booking choosing one
//! stop of its own tour (at the sale or after it, as a keyed and audited
//! change), and the pickup manifest grouping the parties per stop with their
//! balances, the ones without a pickup last.

use super::*;
use chrono::{NaiveTime, TimeZone};
use common::ten_in_kamchatka;
use tourdesk::booking::{MoveRequest, NewDeparture, PickupTime};
use tourdesk::domain::{MoveReason, PaymentMethod, PickupPointId};

const TOUR: &str = "Avachinsky volcano";

fn at(h: u32, m: u32) -> PickupTime {
    PickupTime::At(NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

async fn departure_in(core: &Core, tour: &str, starts_at: DateTime<Utc>, zone: chrono_tz::Tz) -> DepartureId {
    core.add_departure(&NewDeparture {
        tour: tour.to_string(),
        starts_at,
        time_zone: zone,
        capacity: 20,
        adult_price_minor: ADULT_PRICE,
        child_price_minor: CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
    })
    .await
    .expect("add departure")
    .0
}

/// Three stops on the volcano tour: the hotel 45 min before, the Avacha at
/// 09:30 local, the airport first on the route (added last at position 1).
async fn three_stops(manager: &Core) -> [PickupPointId; 3] {
    let hotel = manager
        .add_pickup(
            TOUR,
            "Hotel Petropavlovsk",
            PickupTime::MinutesBefore(45),
            None,
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    let avacha = manager
        .add_pickup(TOUR, "Avacha Hotel", at(9, 30), None, Uuid::now_v7())
        .await
        .unwrap();
    let airport = manager
        .add_pickup(TOUR, "Airport Yelizovo", at(23, 30), Some(1), Uuid::now_v7())
        .await
        .unwrap();
    [airport.pickup_point_id, hotel.pickup_point_id, avacha.pickup_point_id]
}

#[tokio::test]
async fn stops_are_added_once_per_key_in_route_order_and_refused_when_wrong() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    db.departure(&manager, 48, 10).await;
    let key = Uuid::now_v7();
    let hotel = manager
        .add_pickup(TOUR, " Hotel Petropavlovsk ", PickupTime::MinutesBefore(45), None, key)
        .await
        .unwrap();
    assert_eq!(
        (
            hotel.name.as_str(),
            hotel.position,
            hotel.minutes_before,
            hotel.replayed
        ),
        ("Hotel Petropavlovsk", 1, Some(45), false)
    );
    let again = manager
        .add_pickup(TOUR, "Hotel Petropavlovsk", PickupTime::MinutesBefore(45), None, key)
        .await
        .unwrap();
    assert_eq!((again.pickup_point_id, again.replayed), (hotel.pickup_point_id, true));
    assert_eq!(
        code(
            manager
                .add_pickup(TOUR, "Hotel Petropavlovsk", PickupTime::MinutesBefore(30), None, key)
                .await
        ),
        "IDEMPOTENCY_CONFLICT"
    );
    // the same name on the same route, a day and more before, an unknown tour, a desk
    assert_eq!(
        code(
            manager
                .add_pickup(TOUR, "hotel petropavlovsk", at(7, 0), None, Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(
            manager
                .add_pickup(TOUR, "Far", PickupTime::MinutesBefore(1441), None, Uuid::now_v7())
                .await
        ),
        "INVALID_INPUT"
    );
    assert_eq!(
        code(
            manager
                .add_pickup("Mutnovsky", "Bus stop", at(7, 0), None, Uuid::now_v7())
                .await
        ),
        "NOT_FOUND"
    );
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    assert_eq!(
        code(desk.add_pickup(TOUR, "Bus stop", at(7, 0), None, Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    // the server refuses both times, or none, whatever a client sends
    manager
        .upsert_staff("Mila Manager", Role::Manager, "6152")
        .await
        .unwrap();
    let app = db.app_pool(1).await;
    let token = api_token(&app, "6152").await;
    for (minutes, time) in [(Some(10), Some("07:00")), (None, None)] {
        let e = sqlx::query("select * from api.pickup_add($1, $2, 'Both', $3, $4::time, null, gen_random_uuid())")
            .bind(&token)
            .bind(TOUR)
            .bind(minutes)
            .bind(time)
            .execute(&app)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("INVALID_INPUT"), "{e}");
    }

    // a stop put first moves the others down; the list keeps the route's order
    manager
        .add_pickup(TOUR, "Avacha Hotel", at(9, 30), None, Uuid::now_v7())
        .await
        .unwrap();
    let airport = manager
        .add_pickup(TOUR, "Airport Yelizovo", at(6, 0), Some(1), Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(airport.position, 1);
    let list = desk.pickup_list("avachinsky VOLCANO").await.unwrap();
    let route: Vec<(&str, i32)> = list.iter().map(|p| (p.name.as_str(), p.position)).collect();
    assert_eq!(
        route,
        [("Airport Yelizovo", 1), ("Hotel Petropavlovsk", 2), ("Avacha Hotel", 3)]
    );
    assert_eq!(audit(&db.pool, "pickup.added").await.len(), 3);
    let row = &audit(&db.pool, "pickup.added").await[0];
    assert_eq!(row.details["minutes_before"], 45);
    assert_eq!(row.staff_id, manager.actor().staff.map(|s| s.0));
}

#[tokio::test]
async fn each_stops_time_is_the_departures_in_its_own_zone() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    // 10:00 in Kamchatka (UTC+12), and 10:00 in Moscow (UTC+3) of the same tour
    let (day, ten) = ten_in_kamchatka(2);
    let kamchatka = departure_in(&manager, TOUR, ten, chrono_tz::Asia::Kamchatka).await;
    let moscow_ten = chrono_tz::Europe::Moscow
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let moscow = departure_in(&manager, TOUR, moscow_ten, chrono_tz::Europe::Moscow).await;
    let [airport, hotel, avacha] = three_stops(&manager).await;

    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let stops = desk.pickup_points(kamchatka).await.unwrap();
    let ids: Vec<PickupPointId> = stops.iter().map(|s| s.pickup_point_id).collect();
    assert_eq!(ids, [airport, hotel, avacha], "route order");
    // 23:30 is after a 10:00 start on its day: the evening before
    assert_eq!(stops[0].pickup_at, ten - Duration::minutes(10 * 60 + 30));
    assert_eq!(stops[1].pickup_at, ten - Duration::minutes(45));
    assert_eq!(stops[2].pickup_at, ten - Duration::minutes(30));
    let local = |t: DateTime<Utc>, tz: chrono_tz::Tz| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    assert_eq!(
        local(stops[2].pickup_at, chrono_tz::Asia::Kamchatka),
        format!("{day} 09:30")
    );
    // the same stops for the Moscow departure: 09:30 there, 9 hours later in UTC
    let there = desk.pickup_points(moscow).await.unwrap();
    assert_eq!(
        local(there[2].pickup_at, chrono_tz::Europe::Moscow),
        format!("{day} 09:30")
    );
    assert_eq!(there[2].pickup_at - stops[2].pickup_at, Duration::hours(9));
    assert_eq!(there[1].pickup_at, moscow_ten - Duration::minutes(45));
    // a tour without pickups offers none; an unknown departure is NOT_FOUND
    let other = db.departure_of(&manager, "Mutnovsky", 48, 10).await;
    assert!(desk.pickup_points(other).await.unwrap().is_empty());
    assert_eq!(code(desk.pickup_points(DepartureId(999_999)).await), "NOT_FOUND");
}

#[tokio::test]
async fn a_booking_chooses_one_stop_of_its_tour_at_the_sale_or_after_as_a_keyed_audited_change() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 72, 10).await;
    let [airport, hotel, avacha] = three_stops(&manager).await;
    let other = db.departure_of(&manager, "Mutnovsky", 72, 10).await;
    let far = manager
        .add_pickup(
            "Mutnovsky",
            "Mutnovsky base",
            PickupTime::MinutesBefore(10),
            None,
            Uuid::now_v7(),
        )
        .await
        .unwrap()
        .pickup_point_id;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;

    // at the sale: another tour's stop is refused before a seat is taken
    let mut wrong = request(dep, 2, 0, "Ivanov");
    wrong.pickup = Some(far);
    assert_eq!(code(desk.book(&wrong).await), "PICKUP_NOT_ON_TOUR");
    assert_eq!(db.counters(dep).await, (10, 0, 0));
    let mut req = request(dep, 2, 1, "Anna Ivanova");
    req.pickup = Some(hotel);
    let b = desk.book(&req).await.unwrap();
    assert_eq!(pickup_of(&db, &b.booking_number).await, Some(hotel.0));
    let row = one_audit(&db.pool, "booking.pickup", &desk).await;
    assert_eq!(row.details["pickup_point_id"], hotel.0);
    // a booking made with no pickup (every older caller) has none
    let plain = desk.book(&request(dep, 1, 0, "Petrov")).await.unwrap();
    assert_eq!(pickup_of(&db, &plain.booking_number).await, None);

    // after the sale: a change under a key, replayed as it was
    let key = Uuid::now_v7();
    let changed = desk
        .set_booking_pickup(&b.booking_number, Some(avacha), key)
        .await
        .unwrap();
    assert_eq!(
        (
            changed.pickup_point_id,
            changed.pickup.as_deref(),
            changed.changed,
            changed.replayed
        ),
        (Some(avacha), Some("Avacha Hotel"), true, false)
    );
    assert!(changed.pickup_at.is_some());
    let replay = desk
        .set_booking_pickup(&b.booking_number, Some(avacha), key)
        .await
        .unwrap();
    assert_eq!(
        (replay.pickup_point_id, replay.changed, replay.replayed),
        (Some(avacha), true, true)
    );
    assert_eq!(replay.pickup_at, changed.pickup_at);
    assert_eq!(
        code(desk.set_booking_pickup(&b.booking_number, Some(airport), key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    let rows = audit(&db.pool, "booking.changed").await;
    assert_eq!(rows.len(), 1, "one change, however often it is sent");
    assert_eq!(rows[0].details["fields"], serde_json::json!(["pickup"]));
    assert_eq!(rows[0].details["was_pickup_point_id"], hotel.0);
    assert_eq!(rows[0].booking_id, Some(b.booking_id.0));

    // another tour's stop, an unknown one, a guide: refused; none clears it
    assert_eq!(
        code(
            desk.set_booking_pickup(&b.booking_number, Some(far), Uuid::now_v7())
                .await
        ),
        "PICKUP_NOT_ON_TOUR"
    );
    assert_eq!(
        code(
            desk.set_booking_pickup(&b.booking_number, Some(PickupPointId(999_999)), Uuid::now_v7())
                .await
        ),
        "PICKUP_NOT_ON_TOUR"
    );
    let guide = db.core_as(Role::Guide, "Gena Guide", "gate-1").await;
    assert_eq!(
        code(guide.set_booking_pickup(&b.booking_number, None, Uuid::now_v7()).await),
        "FORBIDDEN"
    );
    let none = desk
        .set_booking_pickup(&b.booking_number, None, Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!((none.pickup_point_id, none.changed), (None, true));
    assert_eq!(pickup_of(&db, &b.booking_number).await, None);

    // the database itself keeps a booking's stop on its tour, whoever writes
    let forged = sqlx::query("update bookings set pickup_point_id = $1 where booking_number = $2")
        .bind(far.0)
        .bind(&b.booking_number)
        .execute(&db.pool)
        .await
        .unwrap_err()
        .to_string();
    assert!(forged.contains("PICKUP_NOT_ON_TOUR"), "{forged}");

    // a removed stop: no longer sold, its bookings to come listed, kept
    desk.set_booking_pickup(&b.booking_number, Some(hotel), Uuid::now_v7())
        .await
        .unwrap();
    let remove_key = Uuid::now_v7();
    let removed = manager.remove_pickup(hotel, remove_key).await.unwrap();
    assert_eq!((removed.changed, removed.replayed), (true, false));
    let listed: Vec<&str> = removed.bookings.iter().map(|x| x.booking_number.as_str()).collect();
    assert_eq!(listed, [b.booking_number.as_str()]);
    assert_eq!(removed.bookings[0].contact_name, "Anna Ivanova");
    let again = manager.remove_pickup(hotel, remove_key).await.unwrap();
    assert_eq!((again.changed, again.replayed), (true, true));
    assert_eq!(
        code(manager.remove_pickup(avacha, remove_key).await),
        "IDEMPOTENCY_CONFLICT"
    );
    assert_eq!(code(desk.remove_pickup(avacha, Uuid::now_v7()).await), "FORBIDDEN");
    one_audit(&db.pool, "pickup.removed", &manager).await;
    assert_eq!(pickup_of(&db, &b.booking_number).await, Some(hotel.0));
    let mut late = request(dep, 1, 0, "Sidorov");
    late.pickup = Some(hotel);
    assert_eq!(code(desk.book(&late).await), "PICKUP_NOT_ON_TOUR");
    let list = desk.pickup_list(TOUR).await.unwrap();
    let hotel_row = list.iter().find(|p| p.pickup_point_id == hotel).unwrap();
    assert_eq!((hotel_row.active, hotel_row.bookings), (false, 1));
    assert_eq!(list.last().map(|p| p.pickup_point_id), Some(hotel), "removed last");
    assert!(
        desk.pickup_points(dep)
            .await
            .unwrap()
            .iter()
            .all(|s| s.pickup_point_id != hotel)
    );

    // moved to another tour's departure: the old tour's stop goes
    desk.set_booking_pickup(&b.booking_number, Some(avacha), Uuid::now_v7())
        .await
        .unwrap();
    manager
        .move_booking(
            &MoveRequest::new(&b.booking_number, other, MoveReason::Operator),
            Uuid::now_v7(),
        )
        .await
        .unwrap();
    assert_eq!(pickup_of(&db, &b.booking_number).await, None);
    db.assert_consistent(dep).await;
    db.assert_consistent(other).await;
}

#[tokio::test]
async fn the_pickup_manifest_groups_parties_per_stop_in_route_order_with_their_balances() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 72, 20).await;
    let [airport, hotel, avacha] = three_stops(&manager).await;
    let desk = db.core_as(Role::Desk, "Desk Clerk", "desk-1").await;
    let sell = |adults: u32, children: u32, name: &str, stop: Option<PickupPointId>, paid: bool| {
        let mut r = request(dep, adults, children, name);
        r.pickup = stop;
        if !paid {
            r.payment = Payment {
                method: PaymentMethod::Unpaid,
                reference: String::new(),
            };
        }
        r
    };
    let family = desk.book(&sell(2, 1, "Anna Ivanova", Some(hotel), true)).await.unwrap();
    let owes = desk
        .book(&sell(1, 0, "Boris Petrov", Some(hotel), false))
        .await
        .unwrap();
    let walker = desk.book(&sell(1, 1, "Vera Sidorova", None, false)).await.unwrap();
    let gone = desk
        .book(&sell(1, 0, "Gleb Cancelled", Some(avacha), false))
        .await
        .unwrap();
    desk.cancel(&gone.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();

    let m = desk.pickup_manifest(dep).await.unwrap();
    let stops: Vec<(Option<PickupPointId>, usize)> =
        m.stops.iter().map(|g| (g.pickup_point_id, g.parties.len())).collect();
    assert_eq!(
        stops,
        [(Some(airport), 0), (Some(hotel), 2), (Some(avacha), 0), (None, 1)],
        "route order, empty stops kept, a cancelled booking gone, no pickup last"
    );
    let at_hotel = &m.stops[1];
    assert_eq!(at_hotel.name.as_deref(), Some("Hotel Petropavlovsk"));
    let starts_at = manager.departure(dep).await.unwrap().starts_at;
    assert_eq!(at_hotel.pickup_at, Some(starts_at - Duration::minutes(45)));
    assert_eq!((at_hotel.adults, at_hotel.children), (3, 1));
    assert_eq!(
        at_hotel.unpaid_minor, ADULT_PRICE,
        "the family paid, Petrov owes his seat"
    );
    let numbers: Vec<&str> = at_hotel.parties.iter().map(|p| p.booking_number.as_str()).collect();
    let mut expected = [family.booking_number.as_str(), owes.booking_number.as_str()];
    expected.sort_unstable();
    assert_eq!(numbers, expected);
    let fam = at_hotel
        .parties
        .iter()
        .find(|p| p.booking_number == family.booking_number)
        .unwrap();
    assert_eq!((fam.adults, fam.children, fam.unpaid_minor), (2, 1, 0));
    assert_eq!(fam.names.len(), 3);
    assert_eq!(fam.contact_name, "Anna Ivanova");
    let none = &m.stops[3];
    assert_eq!((none.name.as_deref(), none.pickup_at), (None, None));
    assert_eq!(none.parties[0].booking_number, walker.booking_number);
    assert_eq!(none.unpaid_minor, ADULT_PRICE + CHILD_PRICE);

    // a payment shows at once: the balance is the ledger's
    desk.pay(
        &owes.booking_number,
        ADULT_PRICE,
        PaymentMethod::Cash,
        "",
        Uuid::now_v7(),
    )
    .await
    .unwrap();
    let m = desk.pickup_manifest(dep).await.unwrap();
    assert_eq!(m.stops[1].unpaid_minor, 0);
    db.assert_ledger().await;
}

async fn pickup_of(db: &TestDb, booking_number: &str) -> Option<i64> {
    sqlx::query_scalar("select pickup_point_id from bookings where booking_number = $1")
        .bind(booking_number)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}
