//! Finding bookings after the sale: one search over every booking, past and
//! future departures alike (`api.find`, whose header says what matches and in
//! which order), a customer's history under one phone or e-mail
//! (`api.customer_bookings`), and a booking's whole card (`card.rs`).
//!
//! The query text goes to the server as typed: the normalising (phones to
//! E.164, names to one Latin spelling, the other keyboard layout) happens
//! there, in the same functions that normalise what is stored, so a client
//! cannot disagree with the rows it searches.

use super::{BookingError, Core, Result};
use crate::domain::{BookingId, BookingStatus, DepartureId, PaymentStatus, SearchMatch};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Results a search returns when no limit is given, and at most.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 200;
/// The longest query text the server takes.
pub const MAX_QUERY: usize = 200;

/// One booking a search found, with its departure and what matched.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Found {
    pub booking_id: BookingId,
    pub booking_number: String,
    pub confirmation_code: String,
    pub departure_id: DepartureId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    /// the departure's zone: its times are shown in it
    pub time_zone: String,
    pub status: BookingStatus,
    pub payment_status: PaymentStatus,
    pub adults: i32,
    pub children: i32,
    pub contact_name: String,
    /// E.164 when it was a number, else as typed
    pub contact_phone: String,
    pub contact_email: String,
    pub created_at: DateTime<Utc>,
    /// lower is better: 1 number or code … 6 a name's start (sql/api/find.sql)
    pub rank: i32,
    pub matched: SearchMatch,
    /// the text that matched: the number, the phone, the name of the participant
    pub matched_text: String,
}

impl Core {
    /// Bookings matching `text`, best match first, then newest; at most
    /// `limit` (1..=200). Nothing for an empty text.
    #[tracing::instrument(level = "debug", skip(self, text))]
    pub async fn find(&self, text: &str, limit: u32) -> Result<Vec<Found>> {
        let text = text.trim();
        if text.chars().count() > MAX_QUERY {
            return Err(BookingError::invalid(
                "search",
                format!("longer than {MAX_QUERY} characters: type a name, a phone or a booking number"),
            ));
        }
        if text.chars().any(char::is_control) {
            return Err(BookingError::invalid(
                "search",
                "contains control characters: one line, please",
            ));
        }
        Ok(sqlx::query_as("select * from api.find($1, $2, $3)")
            .bind(self.session())
            .bind(text)
            .bind(limit.clamp(1, MAX_LIMIT) as i32)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Every booking under one phone (any way typed) or e-mail (with an
    /// `@`), newest first.
    #[tracing::instrument(level = "debug", skip(self, contact))]
    pub async fn customer_bookings(&self, contact: &str) -> Result<Vec<Found>> {
        Ok(sqlx::query_as("select * from api.customer_bookings($1, $2)")
            .bind(self.session())
            .bind(contact.trim())
            .fetch_all(&self.pool)
            .await?)
    }
}
