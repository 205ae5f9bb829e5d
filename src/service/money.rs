//! Money after the sale: payments, refunds and a booking's ledger. Only the
//! server keeps the ledger, so these need the database: offline they say so
//! (DB_UNAVAILABLE) rather than journal money the laptop cannot check
//! against the balance. (Money taken with an offline walk-in reaches the
//! ledger with its sale at the sync.)

use super::Service;
use crate::booking::{LedgerEntry, MoneyMoved};
use crate::domain::PaymentMethod;
use crate::field::Result;
use uuid::Uuid;

impl Service {
    /// Takes part or all of a booking's unpaid balance (`Core::pay`).
    pub async fn pay(
        &self,
        booking_number: &str,
        amount_minor: i64,
        method: PaymentMethod,
        reference: &str,
        key: Uuid,
    ) -> Result<MoneyMoved> {
        let core = self.online()?;
        Ok(core.pay(booking_number, amount_minor, method, reference, key).await?)
    }

    /// Refunds part of what a booking paid, with a reason (`Core::refund`).
    pub async fn refund(&self, booking_number: &str, amount_minor: i64, reason: &str, key: Uuid) -> Result<MoneyMoved> {
        let core = self.online()?;
        Ok(core.refund(booking_number, amount_minor, reason, key).await?)
    }

    /// A booking's payments and refunds, oldest first.
    pub async fn ledger(&self, booking_number: &str) -> Result<Vec<LedgerEntry>> {
        let core = self.online()?;
        Ok(core.ledger(booking_number).await?)
    }
}
