//! Adding departures: validation, duplicates, tours created on first use, audit.

use super::*;
use tourdesk::booking::NewDeparture;
use tourdesk::domain::ErrorCode;

fn new_departure(tour: &str, hours: i64, capacity: u32) -> NewDeparture {
    NewDeparture {
        tour: tour.to_string(),
        starts_at: Utc::now() + Duration::hours(hours),
        time_zone: chrono_tz::Asia::Kamchatka,
        capacity,
        adult_price_minor: 650_000,
        child_price_minor: 400_000,
        currency: "RUB".into(),
        meeting_point: "Pier 3".into(),
    }
}

#[tokio::test]
async fn a_departure_creates_its_tour_once_and_both_are_audited() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let first = new_departure("Avacha Bay boat trip", 30, 40);
    let (d1, created) = core.add_departure(&first).await.unwrap();
    assert!(created, "the tour was new");
    let (d2, created) = core
        .add_departure(&new_departure("Avacha Bay boat trip", 54, 40))
        .await
        .unwrap();
    assert!(!created, "the tour existed");
    assert_ne!(d1, d2);

    let tour = one_audit(&db.pool, "tour.added", &core).await;
    assert_eq!(tour.details["name"], "Avacha Bay boat trip");
    assert_eq!(audit(&db.pool, "departure.added").await.len(), 2);

    // the same tour at the same instant is refused, nothing half-written
    let e = core.add_departure(&first).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("already has a departure"), "{e}");
    assert_eq!(audit(&db.pool, "departure.added").await.len(), 2);
}

#[tokio::test]
async fn bad_departures_are_refused_with_the_reason() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let cases = [
        (new_departure(" ", 30, 10), "tour"),
        (new_departure("Mutnovsky volcano", 30, 0), "capacity"),
        (
            NewDeparture {
                adult_price_minor: -1,
                ..new_departure("Mutnovsky volcano", 30, 10)
            },
            "price",
        ),
        (
            NewDeparture {
                child_price_minor: i64::MAX,
                ..new_departure("Mutnovsky volcano", 30, 10)
            },
            "price",
        ),
        (new_departure("Mutnovsky volcano", -2, 10), "starts_at"),
        (
            NewDeparture {
                currency: "rubles".into(),
                ..new_departure("Mutnovsky volcano", 30, 10)
            },
            "currency",
        ),
    ];
    for (bad, field) in cases {
        match core.add_departure(&bad).await {
            Err(BookingError::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected INVALID_INPUT, got {other:?}"),
        }
    }
    let desk = db.core_as(Role::Desk, "Desk clerk", "desk-1").await;
    assert_eq!(
        code(desk.add_departure(&new_departure("Mutnovsky volcano", 30, 10)).await),
        "FORBIDDEN"
    );
    let n: i64 = sqlx::query_scalar("select count(*) from departures")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
}
