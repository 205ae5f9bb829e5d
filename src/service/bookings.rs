//! Cancelling one booking from the desk: the refund the rules give now
//! (shown before the clerk confirms), then the cancel itself. Both are the
//! server's — its rules, its clock, its count of what was paid — so they
//! need the database; offline they say so.

use super::Service;
use crate::booking::{CancelQuote, Cancellation};
use crate::domain::refund::CancelReason;
use crate::field::Result;

impl Service {
    /// What cancelling `booking_number` for `reason` would refund now.
    pub async fn cancel_quote(&self, booking_number: &str, reason: CancelReason) -> Result<CancelQuote> {
        Ok(self.online()?.cancel_quote(booking_number, reason).await?)
    }

    /// Cancels a booking with the refund the rules give (a second cancel
    /// returns the first: safe to send again).
    pub async fn cancel_booking(&self, booking_number: &str, reason: CancelReason, note: &str) -> Result<Cancellation> {
        Ok(self.online()?.cancel(booking_number, reason, note).await?)
    }
}
