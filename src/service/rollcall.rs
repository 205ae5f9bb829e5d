//! The return roll-call for the kiosk and the CLI: who is out, back, left or
//! missing on a departure, and returns recorded. Online only for now: the
//! field laptop's journal does not record returns yet, so offline this says
//! the database is needed rather than making an answer up.

use super::Service;
use crate::booking::{MissingDeparture, ReturnOutcome, ReturnRequest, Rollcall};
use crate::domain::DepartureId;
use crate::field::Result;

impl Service {
    /// The departure's roll-call at the server's time (typed: counts and
    /// the people of each state with their contacts).
    pub async fn rollcall(&self, departure: DepartureId) -> Result<Rollcall> {
        Ok(self.online()?.rollcall(departure).await?)
    }

    /// Marks people back (or one as having left the group, with a note).
    pub async fn record_return(&self, req: &ReturnRequest) -> Result<ReturnOutcome> {
        Ok(self.online()?.record_return(req).await?)
    }

    /// The departures with people missing now (the header's "MISSING n").
    pub async fn rollcall_missing(&self) -> Result<Vec<MissingDeparture>> {
        Ok(self.online()?.rollcall_missing().await?)
    }
}
