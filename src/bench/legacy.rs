//! The old design, kept only so the benchmark can show what it did wrong:
//! `SELECT … FOR UPDATE NOWAIT` with client round trips while the row is
//! locked. Under contention it answers "sold out" while seats are free.
//! Never used by the product, so it lives with the benchmark rather than in
//! the core's API; the SQL is the same as when it was `Core::legacy_book_nowait`,
//! so NOWAIT figures stay comparable with the earlier runs in BENCHMARKS.md.
//! Like every benchmark it runs as the schema owner on a bench database.

use crate::booking::{BookingError, Core, Result};
use crate::domain::{DepartureId, codes};
use uuid::Uuid;

/// One-adult booking the old way, as `core`'s device. Err(SoldOut) also for
/// "row is locked".
pub(super) async fn book_nowait(core: &Core, departure: DepartureId, name: &str) -> Result<String> {
    let device_id = core.actor().device.0;
    let mut tx = core.pool().begin().await?;
    let row: Option<(i32, i32, i32, i64, String)> = match sqlx::query_as(
        "select capacity, booked, held, adult_price_minor, currency from departures where id = $1 for update nowait",
    )
    .bind(departure.0)
    .fetch_optional(&mut *tx)
    .await
    {
        Ok(r) => r,
        // 55P03: the row was locked by another buyer -> the old code said "sold out"
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("55P03") => {
            return Err(BookingError::SoldOut { requested: 1, free: -1 });
        }
        Err(e) => return Err(e.into()),
    };
    let (capacity, booked, held, price, currency) =
        row.ok_or_else(|| BookingError::not_found("departure", departure))?;
    if booked + held + 1 > capacity {
        return Err(BookingError::SoldOut {
            requested: 1,
            free: i64::from(capacity - booked - held),
        });
    }
    let number = codes::booking_number();
    let id: i64 = sqlx::query_scalar(
        "insert into bookings (booking_number, confirmation_code, departure_id, adults, children, contact_name,
                                   price_breakdown, total_minor, currency, idempotency_key, source, device_id)
             values ($1, $2, $3, 1, 0, $4, '{}', $5, $6, $7, 'cli', $8) returning id",
    )
    .bind(&number)
    .bind(codes::confirmation_code())
    .bind(departure.0)
    .bind(name)
    .bind(price)
    .bind(&currency)
    .bind(Uuid::now_v7())
    .bind(device_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "insert into participants (booking_id, departure_id, position, name, kind) values ($1, $2, 1, $3, 'adult')",
    )
    .bind(id)
    .bind(departure.0)
    .bind(name)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into audit_log (device_id, action, departure_id, booking_id) values ($1, 'booking.created', $2, $3)",
    )
    .bind(device_id)
    .bind(departure.0)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("update departures set booked = booked + 1 where id = $1")
        .bind(departure.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(number)
}
