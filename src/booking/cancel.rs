//! Cancelling one booking with the refund policy.

use super::{BookingError, Core, Result};
use crate::domain::Action;
use crate::domain::refund::{self, CancelReason, RefundRule};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

#[derive(Debug, Clone, Serialize)]
pub struct Cancellation {
    pub booking_number: String,
    pub reason: CancelReason,
    pub hours_before: f64,
    pub refund_percent: i32,
    pub refund_minor: i64,
    pub currency: String,
    /// true when the booking was already cancelled: the first result is returned
    pub already_cancelled: bool,
}

pub(super) async fn refund_rules(pool: &PgPool) -> Result<Vec<RefundRule>> {
    let rows: Vec<(String, Option<i32>, i32)> =
        sqlx::query_as("select reason, min_hours_before, refund_percent from refund_rules")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(reason, hours, pct)| {
            Some(RefundRule {
                reason: CancelReason::parse(&reason)?,
                min_hours_before: hours.map(|h| h as u32),
                percent: pct.clamp(0, 100) as u8,
            })
        })
        .collect())
}

impl Core {
    /// Cancels a booking: refund by policy, seats back, the waitlist offered them.
    /// Cancelling twice returns the first cancellation.
    #[tracing::instrument(skip(self))]
    pub async fn cancel(&self, booking_number: &str, reason: CancelReason, note: &str) -> Result<Cancellation> {
        self.allow(Action::Cancel, "cancel bookings")?;
        if matches!(reason, CancelReason::Weather | CancelReason::Operator) {
            self.allow(Action::Weather, "cancel for weather or operator reasons")?;
        }
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        let found: Option<(i64, DateTime<Utc>, String, i64)> = sqlx::query_as(
            "select b.id, d.starts_at, b.currency, d.id from bookings b join departures d on d.id = b.departure_id
              where b.booking_number = $1",
        )
        .bind(&number)
        .fetch_optional(&self.pool)
        .await?;
        let (id, starts_at, currency, departure) = found.ok_or_else(|| BookingError::not_found("booking", &number))?;
        let before = starts_at - Utc::now();
        let percent = refund::refund_percent(&refund_rules(&self.pool).await?, reason, before);
        let hours = refund::hours_before(before);
        let turn = self.gates.enter(crate::domain::DepartureId(departure)).await;
        let (refund_percent, refund_minor, already): (i32, i64, bool) =
            sqlx::query_as("select * from td_cancel($1, $2, $3::float8::numeric, $4, $5, $6, $7, $8)")
                .bind(id)
                .bind(reason.as_str())
                .bind(hours)
                .bind(i32::from(percent))
                .bind(note)
                .bind(self.offer_ttl())
                .bind(self.staff_id())
                .bind(self.device_id())
                .fetch_one(&self.pool)
                .await?;
        drop(turn);
        let (reason, hours) = if already {
            let (r, h): (String, f64) =
                sqlx::query_as("select reason, hours_before::float8 from cancellations where booking_id = $1")
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await?;
            (CancelReason::parse(&r).unwrap_or(reason), h)
        } else {
            (reason, hours)
        };
        Ok(Cancellation {
            booking_number: number,
            reason,
            hours_before: hours,
            refund_percent,
            refund_minor,
            currency,
            already_cancelled: already,
        })
    }
}
