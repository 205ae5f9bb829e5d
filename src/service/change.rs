//! Changing a booking after the sale: contact, a participant's details or
//! kind, adding and removing people (`booking::change`). Only the server
//! holds the booking's seats and ledger, so these need the database:
//! offline they say so (DB_UNAVAILABLE) rather than journal a change the
//! laptop cannot check against the departure's seats or the money paid.

use super::Service;
use crate::booking::{BookingChanged, ContactChange, ParticipantChange, ParticipantInput, PartyChange, Payment};
use crate::domain::ParticipantId;
use crate::field::Result;
use uuid::Uuid;

impl Service {
    /// What a change of the party would do, changing nothing
    /// (`Core::change_quote`).
    pub async fn change_quote(&self, booking_number: &str, change: &PartyChange) -> Result<BookingChanged> {
        let core = self.online()?;
        Ok(core.change_quote(booking_number, change).await?)
    }

    /// Changes a booking's contact (`Core::change_contact`).
    pub async fn change_contact(
        &self,
        booking_number: &str,
        change: &ContactChange,
        key: Uuid,
    ) -> Result<BookingChanged> {
        let core = self.online()?;
        Ok(core.change_contact(booking_number, change, key).await?)
    }

    /// Changes a participant's name, details or kind (`Core::change_participant`).
    pub async fn change_participant(
        &self,
        booking_number: &str,
        participant: ParticipantId,
        change: &ParticipantChange,
        key: Uuid,
    ) -> Result<BookingChanged> {
        let core = self.online()?;
        Ok(core
            .change_participant(booking_number, participant, change, key)
            .await?)
    }

    /// Adds a person to a booking (`Core::add_person`).
    pub async fn add_person(
        &self,
        booking_number: &str,
        person: &ParticipantInput,
        payment: &Payment,
        key: Uuid,
    ) -> Result<BookingChanged> {
        let core = self.online()?;
        Ok(core.add_person(booking_number, person, payment, key).await?)
    }

    /// Removes a person from a booking (`Core::remove_person`).
    pub async fn remove_person(
        &self,
        booking_number: &str,
        participant: ParticipantId,
        key: Uuid,
    ) -> Result<BookingChanged> {
        let core = self.online()?;
        Ok(core.remove_person(booking_number, participant, key).await?)
    }
}
