//! Moving a booking to another departure, and its preview. Only the server
//! can move a booking (two departures, the ledger, the tickets): offline
//! both say so (DB_UNAVAILABLE) rather than journal a move the laptop
//! cannot decide.

use super::Service;
use crate::booking::{MoveQuote, MoveRequest, Moved};
use crate::field::Result;
use uuid::Uuid;

impl Service {
    /// What a move would do, changing nothing (`Core::move_quote`).
    pub async fn move_quote(&self, request: &MoveRequest) -> Result<MoveQuote> {
        let core = self.online()?;
        Ok(core.move_quote(request).await?)
    }

    /// Moves a booking (`Core::move_booking`); a retry with the same key
    /// returns the first move.
    pub async fn move_booking(&self, request: &MoveRequest, key: Uuid) -> Result<Moved> {
        let core = self.online()?;
        Ok(core.move_booking(request, key).await?)
    }
}
