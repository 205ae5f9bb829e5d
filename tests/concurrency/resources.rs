//! (h) A shared resource under load (migration 0027): a 6-seat helicopter
//! serving "Valley of Geysers" and "Heli-skiing" at the same hour sells at
//! most 6 seats across both however many buyers race on both, every refusal
//! is a true SOLD_OUT, and when both are sold out the helicopter is really
//! full. And a guide assigned to two overlapping departures at once by two
//! managers: exactly one assignment wins.

use super::*;
use chrono::Utc;
use tourdesk::booking::NewDeparture;
use tourdesk::domain::ResourceKind;

async fn departure_at(core: &Core, tour: &str, starts_at: chrono::DateTime<Utc>, capacity: u32) -> DepartureId {
    core.add_departure(&NewDeparture {
        tour: tour.to_string(),
        starts_at,
        time_zone: chrono_tz::Asia::Kamchatka,
        capacity,
        adult_price_minor: common::ADULT_PRICE,
        child_price_minor: common::CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: "Helipad".into(),
    })
    .await
    .expect("add departure")
    .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_buyers_on_two_tours_share_one_six_seat_helicopter() {
    let db = TestDb::with_pool(POOL).await;
    let manager = db.manager().await;
    let at = Utc::now() + chrono::Duration::days(2);
    // each tour alone would sell 20: the helicopter's 6 are the bound
    let geysers = departure_at(&manager, "Valley of Geysers", at, 20).await;
    let heliski = departure_at(&manager, "Heli-skiing", at + chrono::Duration::minutes(30), 20).await;
    manager
        .add_resource("Mi-8", ResourceKind::Helicopter, 6, Uuid::now_v7())
        .await
        .unwrap();
    for d in [geysers, heliski] {
        manager.assign_resource("Mi-8", d, Uuid::now_v7()).await.unwrap();
    }
    let kiosks = kiosks(&db, 4).await;
    let start = Arc::new(Barrier::new(300));
    let mut rng = StdRng::seed_from_u64(seed());
    let buyers: Vec<_> = (0..300)
        .map(|i| {
            let core = kiosks[i % kiosks.len()].clone();
            let start = start.clone();
            let dep = if i % 2 == 0 { geysers } else { heliski };
            // mostly single seats, some pairs: no pair refused while two are free
            let n: u32 = if rng.random_range(0..4) == 0 { 2 } else { 1 };
            tokio::spawn(async move {
                start.wait().await;
                // some buyers hold first and then book from the hold
                let r = if i % 5 == 0 {
                    match core.hold(dep, party(n, 0), None).await {
                        Ok(h) => {
                            let mut req = request(dep, n, 0, &format!("Holder {i}"));
                            req.hold = Some(h.hold_id);
                            core.book(&req).await
                        }
                        Err(e) => Err(e),
                    }
                } else {
                    core.book(&request(dep, n, 0, &format!("Buyer {i}"))).await
                };
                (n, r)
            })
        })
        .collect();
    let mut sold = 0;
    let mut smallest_refused = u32::MAX;
    for b in buyers {
        let (n, r) = b.await.unwrap();
        match r {
            Ok(_) => sold += n,
            Err(e) => {
                assert_true_sold_out(&e, i64::from(n), "helicopter buyer");
                smallest_refused = smallest_refused.min(n);
            }
        }
    }
    let (_, booked_a, held_a, _) = db.assert_consistent(geysers).await;
    let (_, booked_b, held_b, _) = db.assert_consistent(heliski).await;
    assert_eq!((held_a, held_b), (0, 0), "every hold was booked or refused");
    assert_eq!((booked_a + booked_b) as u32, sold, "the counters are the bookings");
    assert!(sold <= 6, "{sold} seats sold on a 6-seat helicopter");
    // really full: no refused party would have fitted into what is left
    assert!(
        6 - sold < smallest_refused,
        "{} seats left, a party of {smallest_refused} refused",
        6 - sold
    );
    assert_eq!(sold, 6, "300 buyers for 6 seats leave none");
    // and both listings say so
    assert_eq!(manager.availability(geysers).await.unwrap().free, 0);
    assert_eq!(manager.availability(heliski).await.unwrap().free, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_managers_assigning_one_guide_to_overlapping_departures_at_once_one_wins() {
    let db = TestDb::with_pool(POOL).await;
    let owner = db.manager().await;
    owner.upsert_staff("Anna Guide", Role::Guide, "432187").await.unwrap();
    let a = db.core_as(Role::Manager, "Manager A", "office-a").await;
    let b = db.core_as(Role::Manager, "Manager B", "office-b").await;
    let at = Utc::now() + chrono::Duration::days(2);
    for round in 0..10 {
        let day = at + chrono::Duration::days(round);
        let one = departure_at(&owner, "Avachinsky volcano", day, 10).await;
        let two = departure_at(&owner, "Mutnovsky volcano", day + chrono::Duration::hours(2), 10).await;
        let start = Arc::new(Barrier::new(2));
        let tasks: Vec<_> = [(a.clone(), one), (b.clone(), two)]
            .into_iter()
            .map(|(core, dep)| {
                let start = start.clone();
                tokio::spawn(async move {
                    start.wait().await;
                    core.assign_guide("Anna Guide", dep, Uuid::now_v7()).await
                })
            })
            .collect();
        let mut won = 0;
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(g) => {
                    assert!(g.changed);
                    won += 1;
                }
                Err(BookingError::GuideBusy {
                    conflict, departure, ..
                }) => {
                    assert!([one.0, two.0].contains(&conflict.departure_id));
                    assert_ne!(conflict.departure_id, departure);
                    busy += 1;
                }
                Err(e) => panic!("round {round}: expected GUIDE_BUSY, got {} ({e})", e.code()),
            }
        }
        assert_eq!((won, busy), (1, 1), "round {round}");
        let rows: i64 =
            sqlx::query_scalar("select count(*) from departure_guides where departure_id = any($1) and active")
                .bind(vec![one.0, two.0])
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(rows, 1, "round {round}: one assignment stands");
    }
}
