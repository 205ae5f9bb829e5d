//! Finding bookings and reading one whole: online only. A field laptop
//! holds only the departures it prepared, so a search there would answer
//! "not found" for every other booking — worse than saying it needs the
//! database.

use super::Service;
use crate::booking::{BookingCard, Found};
use crate::field::Result;

impl Service {
    /// Bookings matching `text` (number, code, phone, e-mail, name; see
    /// `sql/api/find.sql`), best match first, then newest.
    pub async fn find(&self, text: &str, limit: u32) -> Result<Vec<Found>> {
        Ok(self.online()?.find(text, limit).await?)
    }

    /// Every booking under one phone or e-mail, newest first.
    pub async fn customer_bookings(&self, contact: &str) -> Result<Vec<Found>> {
        Ok(self.online()?.customer_bookings(contact).await?)
    }

    /// A booking's card by its number as typed: participants, tickets,
    /// check-ins, audit trail, the ledger and the customer's other bookings.
    pub async fn booking_card(&self, number: &str) -> Result<BookingCard> {
        Ok(self.online()?.booking_card(number).await?)
    }
}
