//! The gate under concurrency: scans racing a close of check-in and a
//! cancellation. Whatever the interleaving, nobody is both admitted and a
//! no-show, and nobody is admitted on a cancelled booking.

use super::*;
use chrono::Utc;
use tourdesk::booking::{CheckInRequest, NewDeparture};

#[tokio::test]
async fn scans_racing_close_and_cancel_stay_consistent() {
    let db = TestDb::with_pool(POOL).await;
    let core = db.manager().await;
    let key = common::registered_key(&core).await;
    for round in 0..4 {
        // departing in an hour: check-in is open now
        let (dep, _) = core
            .add_departure(&NewDeparture {
                tour: format!("Gate race {round}"),
                starts_at: Utc::now() + chrono::Duration::minutes(60),
                time_zone: chrono_tz::UTC,
                capacity: 40,
                adult_price_minor: 100_000,
                child_price_minor: 50_000,
                currency: "RUB".into(),
                meeting_point: String::new(),
            })
            .await
            .unwrap();
        let mut codes = Vec::new();
        let mut numbers = Vec::new();
        for i in 0..12 {
            let b = core.book(&request(dep, 2, 0, &format!("Pair {i}"))).await.unwrap();
            for t in core.tickets(&b.booking_number, &key).await.unwrap() {
                codes.push(t.code);
            }
            numbers.push(b.booking_number);
        }
        let barrier = Arc::new(Barrier::new(codes.len() + 2));
        let mut tasks: Vec<JoinHandle<&'static str>> = Vec::new();
        for code in codes {
            let (core, barrier) = (core.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                let c = core.check_in(&CheckInRequest::scan(&code, Some(dep))).await.unwrap();
                c.verdict.name()
            }));
        }
        let (c1, b1) = (core.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            b1.wait().await;
            c1.close_check_in(dep, false).await.unwrap();
            "closed"
        }));
        let (c2, b2, n) = (core.clone(), barrier.clone(), numbers[round].clone());
        tasks.push(tokio::spawn(async move {
            b2.wait().await;
            c2.cancel(&n, CancelReason::Customer, "").await.unwrap();
            "cancelled"
        }));
        for t in tasks {
            let v = t.await.unwrap();
            assert!(
                [
                    "admitted",
                    "already_checked_in",
                    "check_in_closed",
                    "cancelled",
                    "closed"
                ]
                .contains(&v),
                "{v}"
            );
        }
        let bad: Vec<(i64, bool, String, bool)> = sqlx::query_as(
            "select p.id, p.no_show, b.status, c.id is not null as admitted
               from participants p join bookings b on b.id = p.booking_id
               left join check_ins c on c.participant_id = p.id and c.status = 'accepted'
              where p.departure_id = $1
                and ((c.id is not null and p.no_show) or (c.id is not null and b.status = 'cancelled')
                     or (c.id is null and not p.no_show and b.status = 'confirmed'))",
        )
        .bind(dep.0)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert!(bad.is_empty(), "round {round}: inconsistent participants {bad:?}");
    }
}
