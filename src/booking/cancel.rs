//! Cancelling one booking with the refund policy.

use super::{BookingError, Core, Result};
use crate::domain::Action;
use crate::domain::refund::CancelReason;
use serde::Serialize;

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

impl Core {
    /// Cancels a booking: refund by policy, seats back, the waitlist offered them.
    /// Cancelling twice returns the first cancellation.
    #[tracing::instrument(skip(self))]
    pub async fn cancel(&self, booking_number: &str, reason: CancelReason, note: &str) -> Result<Cancellation> {
        self.cancel_with(booking_number, reason, note, None).await
    }

    /// As [`Core::cancel`]; a manager may override the refund percent the
    /// rules give, with a reason (audited as `refund.override`).
    #[tracing::instrument(skip(self))]
    pub async fn cancel_with(
        &self,
        booking_number: &str,
        reason: CancelReason,
        note: &str,
        refund_override: Option<(u8, &str)>,
    ) -> Result<Cancellation> {
        self.allow(Action::Cancel, "cancel bookings")?;
        if matches!(reason, CancelReason::Weather | CancelReason::Operator) {
            self.allow(Action::Weather, "cancel for weather or operator reasons")?;
        }
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        let departure: Option<i64> = sqlx::query_scalar("select departure_id from bookings where booking_number = $1")
            .bind(&number)
            .fetch_optional(&self.pool)
            .await?;
        let departure = departure.ok_or_else(|| BookingError::not_found("booking", &number))?;
        // the refund is the server's: its rules, its clock (api.cancel)
        let turn = self.gates.enter(crate::domain::DepartureId(departure)).await;
        let (refund_percent, refund_minor, already, hours, reason_text, currency): (
            i32,
            i64,
            bool,
            f64,
            String,
            String,
        ) = self
            .resend(None, || {
                // a second cancel returns the first: safe to send again
                sqlx::query_as("select * from api.cancel($1, $2, $3, $4, $5, $6)")
                    .bind(self.session())
                    .bind(&number)
                    .bind(reason.as_str())
                    .bind(note)
                    .bind(refund_override.map(|(p, _)| i32::from(p)))
                    .bind(refund_override.map(|(_, why)| why))
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(turn);
        let reason = CancelReason::parse(&reason_text).unwrap_or(reason);
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
