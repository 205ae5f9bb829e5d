//! Tickets of a sale booked on the server: the desk's signing key made known
//! to the server, the booking's tickets signed with it, the printing
//! recorded. The server's only: an offline sale's tickets are printed at the
//! desk after the sync.

use super::Service;
use crate::booking::IssuedTicket;
use crate::domain::BookingId;
use crate::field::Result;
use ed25519_dalek::SigningKey;

impl Service {
    /// The server's id of this desk's signing key: `NO_SIGNING_KEY` when the
    /// server does not know it (a manager makes keys), `KEY_RETIRED` when
    /// it may no longer sign.
    pub async fn signing_key_id(&self, key: &SigningKey) -> Result<u16> {
        Ok(self.online()?.signing_key_id(key).await?)
    }

    /// The tickets of booking `number` (a group code and one per person),
    /// signed with `key`.
    pub async fn tickets(&self, number: &str, key: &SigningKey) -> Result<Vec<IssuedTicket>> {
        Ok(self.online()?.tickets(number, key).await?)
    }

    /// Records that the booking's tickets were printed or shown to the customer.
    pub async fn record_printed(&self, booking: BookingId) -> Result<()> {
        Ok(self.online()?.record_printed(booking).await?)
    }
}
