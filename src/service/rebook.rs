//! After a weather cancellation: the parties to rebook, their resolution by
//! refund or credit, the bulk plan, and vouchers. Only the server keeps the
//! cases and the vouchers (and decides the amounts), so these need the
//! database: offline they say so (DB_UNAVAILABLE).

use super::Service;
use crate::booking::{PlannedParty, RebookOutcome, RebookParty, Resolution, Voucher};
use crate::domain::DepartureId;
use crate::field::Result;
use uuid::Uuid;

impl Service {
    /// Resolves a party to rebook by a refund in full or by credit (`Core::rebook_resolve`).
    pub async fn rebook_resolve(&self, booking_number: &str, how: Resolution, key: Uuid) -> Result<RebookOutcome> {
        let core = self.online()?;
        Ok(core.rebook_resolve(booking_number, how, key).await?)
    }

    /// The parties of a departure cancelled for weather, in order of booking.
    pub async fn rebookings(&self, departure: DepartureId) -> Result<Vec<RebookParty>> {
        let core = self.online()?;
        Ok(core.rebookings(departure).await?)
    }

    /// The preview of the bulk rebooking onto `to` (changes nothing).
    pub async fn rebook_plan(&self, departure: DepartureId, to: &[DepartureId]) -> Result<Vec<PlannedParty>> {
        let core = self.online()?;
        Ok(core.rebook_plan(departure, to).await?)
    }

    /// A voucher by its code.
    pub async fn voucher(&self, code: &str) -> Result<Voucher> {
        let core = self.online()?;
        Ok(core.voucher(code).await?)
    }
}
