//! The waitlist: join, the queue of a departure, accept an offer, leave,
//! skip. The server's only: the queue and its offers (holds of freed seats)
//! live there, and this laptop's store has no waitlist — offline each says
//! it needs the database.

use super::Service;
use crate::booking::{Booking, Payment, WaitlistEntry};
use crate::domain::{DepartureId, Party, WaitlistEntryId, WaitlistStatus};
use crate::field::Result;
use uuid::Uuid;

impl Service {
    /// Joins the waitlist of a full departure, idempotent on `key`; the
    /// entry and its place in the queue. `contact`: name, phone, e-mail.
    pub async fn waitlist_join(
        &self,
        departure: DepartureId,
        party: Party,
        contact: (&str, &str, &str),
        key: Uuid,
    ) -> Result<(WaitlistEntryId, i32)> {
        let (name, phone, email) = contact;
        Ok(self
            .online()?
            .waitlist_join_with_key(departure, party, name, phone, email, key)
            .await?)
    }

    /// The queue of `departure`, first in line first.
    pub async fn waitlist(&self, departure: DepartureId) -> Result<Vec<WaitlistEntry>> {
        Ok(self.online()?.waitlist(departure).await?)
    }

    /// Books an offered entry (its held seats), idempotent on `key`.
    pub async fn waitlist_accept(&self, entry: WaitlistEntryId, payment: Payment, key: Uuid) -> Result<Booking> {
        Ok(self.online()?.waitlist_accept(entry, payment, key).await?)
    }

    /// Removes an entry (an open offer's seats pass to the next in line).
    pub async fn waitlist_leave(&self, entry: WaitlistEntryId) -> Result<WaitlistStatus> {
        Ok(self.online()?.waitlist_leave(entry).await?)
    }

    /// Sends a party that is not at the desk to the end of the queue; its
    /// offer goes to the first that fits.
    pub async fn waitlist_skip(&self, entry: WaitlistEntryId) -> Result<WaitlistStatus> {
        Ok(self.online()?.waitlist_skip(entry).await?)
    }
}
