//! A departure held busy past lock_timeout: the sale waits, then answers
//! LOCK_TIMEOUT ("busy, try again") — never SOLD_OUT, never a half-written booking.

use super::*;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

#[tokio::test]
async fn a_departure_locked_too_long_is_busy_not_sold_out() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 10).await;
    manager
        .book(&request(dep, 1, 0, "Warms the price cache"))
        .await
        .unwrap();

    // a kiosk whose sessions wait at most 300 ms for a row lock
    let opts = PgConnectOptions::from_str(&db.url)
        .unwrap()
        .options([("lock_timeout", "300ms")]);
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(opts)
        .await
        .unwrap();
    let kiosk = Core::cli(pool).await.unwrap();

    // someone else holds the departure row (e.g. a long manual UPDATE)
    let mut blocker = db.pool.begin().await.unwrap();
    sqlx::query("select 1 from departures where id = $1 for update")
        .bind(dep.0)
        .execute(&mut *blocker)
        .await
        .unwrap();
    assert_eq!(code(kiosk.book(&request(dep, 2, 0, "Waits")).await), "LOCK_TIMEOUT");
    assert_eq!(code(kiosk.hold(dep, party(2, 0), None).await), "LOCK_TIMEOUT");
    blocker.rollback().await.unwrap();

    // nothing of the refused sale was written; the next one goes through
    let (bookings, holds): (i64, i64) =
        sqlx::query_as("select (select count(*) from bookings), (select count(*) from holds)")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((bookings, holds), (1, 0));
    kiosk.book(&request(dep, 2, 0, "After")).await.unwrap();
    assert_eq!(db.counters(dep).await, (10, 3, 0));
    db.assert_consistent(dep).await;
}
