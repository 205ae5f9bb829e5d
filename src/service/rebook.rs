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
    /// charge, one party at a time ([`Service::rebook_one`]). One party's
    /// error is its own line and the run goes on. `key` is the run's: the
    /// same run again moves nobody twice (moved parties are no longer open,
    /// and a party's move under the run's key is answered as it was).
    pub async fn rebook_all(&self, departure: DepartureId, to: &[DepartureId], key: Uuid) -> Result<RebookRun> {
        let plan = self.rebook_plan(departure, to).await?;
        let mut run = RebookRun::default();
        for party in plan {
            run.push(self.rebook_one(party, to, key).await);
        }
        Ok(run)
    }

    /// One party of a bulk rebooking (`api.rebook_move`): moved onto the
    /// first of `to` with room, left (fits on none), or failed with why.
    /// Its own server call under its own locks, so walk-ins sold meanwhile
    /// on an alternative are never oversold, and a kiosk shows the run's
    /// progress party by party. `run_key` is the whole run's; the server
    /// derives the party's key from it and the booking number, so the same
    /// run again answers this party's first move instead of moving it twice.
    pub async fn rebook_one(&self, party: PlannedParty, to: &[DepartureId], run_key: Uuid) -> RebookStep {
        let moved = match self.online() {
            Ok(core) => core
                .rebook_move(&party.booking_number, to, run_key)
                .await
                .map_err(Into::into),
            Err(e) => Err(e),
        };
        match moved {
            Ok(m) if m.to_departure_id.is_some() => RebookStep::Moved(m),
            Ok(_) => RebookStep::NotFitted(party),
            Err(e) => RebookStep::Failed(RebookFailure {
                code: e.code(),
                message: e.to_string(),
                party,
            }),
        }
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

impl RebookRun {
    /// Adds one party's step to the run's lines.
    pub fn push(&mut self, step: RebookStep) {
        match step {
            RebookStep::Moved(m) => self.moved.push(m),
            RebookStep::NotFitted(p) => self.not_fitted.push(p),
            RebookStep::Failed(f) => self.failed.push(f),
        }
    }
}

/// What became of one party of a bulk rebooking.
#[derive(Debug, Clone)]
pub enum RebookStep {
    Moved(RebookMove),
    /// fits on none of the alternatives: still to rebook
    NotFitted(PlannedParty),
    Failed(RebookFailure),
}

impl RebookStep {
    pub fn booking_number(&self) -> &str {
        match self {
            RebookStep::Moved(m) => &m.booking_number,
            RebookStep::NotFitted(p) => &p.booking_number,
            RebookStep::Failed(f) => &f.party.booking_number,
        }
    }
}

/// A party the bulk rebooking could not move, and why.
#[derive(Debug, Clone, Serialize)]
pub struct RebookFailure {
    pub party: PlannedParty,
    pub code: ErrorCode,
    pub message: String,
}
