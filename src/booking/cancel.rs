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

/// What a cancellation would refund now (`api.cancel_quote`): shown before
/// the desk confirms; the cancel computes it again on the server.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CancelQuote {
    pub refund_percent: i32,
    pub refund_minor: i64,
    /// true when the booking is cancelled already: its cancellation's refund
    pub already: bool,
    pub hours_before: f64,
    pub currency: String,
}

impl Core {
    /// What cancelling `booking_number` for `reason` would refund now, by
    /// the server's rules and clock; nothing changes.
    #[tracing::instrument(skip(self))]
    pub async fn cancel_quote(&self, booking_number: &str, reason: CancelReason) -> Result<CancelQuote> {
        self.allow(Action::Cancel, "cancel bookings")?;
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        Ok(sqlx::query_as("select * from api.cancel_quote($1, $2, $3)")
            .bind(self.session())
            .bind(&number)
            .bind(reason.as_str())
            .fetch_one(&self.pool)
            .await?)
    }

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
        if let Some((percent, why)) = refund_override {
            check_override(percent, why)?;
        }
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

/// The longest reason a refund override may give (it is kept in the audit).
pub const OVERRIDE_REASON_MAX: usize = 500;

/// A refund override's percent and reason, before anything is sent (the
/// server checks both again, and who may).
fn check_override(percent: u8, why: &str) -> Result<()> {
    if percent > 100 {
        return Err(BookingError::invalid(
            "refund percent",
            format!("{percent} is not a percent: give 0 to 100"),
        ));
    }
    if why.trim().is_empty() {
        return Err(BookingError::invalid(
            "override reason",
            "a refund override needs a reason (who agreed to it and why)",
        ));
    }
    if why.chars().count() > OVERRIDE_REASON_MAX || why.chars().any(char::is_control) {
        return Err(BookingError::invalid(
            "override reason",
            format!("one line of at most {OVERRIDE_REASON_MAX} characters"),
        ));
    }
    Ok(())
}
