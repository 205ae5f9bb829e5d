//! After a weather cancellation: the parties to rebook, their resolution by
//! refund or credit, the bulk plan, and vouchers. Only the server keeps the
//! cases and the vouchers (and decides the amounts), so these need the
//! database: offline they say so (DB_UNAVAILABLE).

use super::Service;
use crate::booking::{PlannedParty, RebookMove, RebookOutcome, RebookParty, Resolution, Voucher};
use crate::domain::{DepartureId, ErrorCode};
use crate::field::Result;
use serde::Serialize;
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

    /// The bulk rebooking: every open party of `departure`, in order of
    /// booking, moved onto the first of `to` with room for it, free of
    /// charge, one server call per party (each under its own locks, so
    /// walk-ins sold meanwhile on an alternative are never oversold: a party
    /// that no longer fits tries the next, then stays). One party's error is
    /// its own line and the run goes on. `key` is the run's: the same run
    /// again moves nobody twice (moved parties are no longer open, and a
    /// party's move under the run's key is answered as it was).
    pub async fn rebook_all(&self, departure: DepartureId, to: &[DepartureId], key: Uuid) -> Result<RebookRun> {
        let core = self.online()?;
        let plan = core.rebook_plan(departure, to).await?;
        let mut run = RebookRun::default();
        for party in plan {
            match core.rebook_move(&party.booking_number, to, key).await {
                Ok(m) if m.to_departure_id.is_some() => run.moved.push(m),
                Ok(_) => run.not_fitted.push(party),
                Err(e) => run.failed.push(RebookFailure {
                    code: e.code(),
                    message: e.to_string(),
                    party,
                }),
            }
        }
        Ok(run)
    }

    /// A voucher by its code.
    pub async fn voucher(&self, code: &str) -> Result<Voucher> {
        let core = self.online()?;
        Ok(core.voucher(code).await?)
    }
}

/// What a bulk rebooking did, party by party.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RebookRun {
    pub moved: Vec<RebookMove>,
    /// fits on none of the alternatives: still to rebook
    pub not_fitted: Vec<PlannedParty>,
    pub failed: Vec<RebookFailure>,
}

/// A party the bulk rebooking could not move, and why.
#[derive(Debug, Clone, Serialize)]
pub struct RebookFailure {
    pub party: PlannedParty,
    pub code: ErrorCode,
    pub message: String,
}
