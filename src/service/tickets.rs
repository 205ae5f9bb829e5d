//! Tickets of a sale booked on the server: the desk's signing key made known
//! to the server, the booking's tickets signed with it, the printing
//! recorded. The server's only: an offline sale's tickets are printed at the
//! desk after the sync.

use super::Service;
use crate::booking::IssuedTicket;
use crate::domain::BookingId;
use crate::field::Result;
use crate::ticket::{TicketKind, render};
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

/// A ticket's picture as `tourdesk ticket` writes it and a confirmation
/// e-mail carries it: the QR, the booking number, the holder (a group code
/// says how many it admits), the tour, the local start, the meeting point.
pub fn ticket_image(t: &IssuedTicket) -> std::result::Result<image::GrayImage, render::RenderError> {
    render::ticket_png(&t.code, &ticket_text(t))
}

/// The words printed under a ticket's QR.
pub fn ticket_text(t: &IssuedTicket) -> render::TicketText {
    let holder = match t.kind {
        TicketKind::Group => format!("Group of {}: {}", t.admits, t.holder),
        TicketKind::Participant => t.holder.clone(),
    };
    let when = match t.time_zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.starts_at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => t.starts_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    };
    render::TicketText {
        booking_number: t.booking_number.clone(),
        holder,
        tour: t.tour.clone(),
        when: format!("Departs {when}"),
        meeting_point: if t.meeting_point.is_empty() {
            String::new()
        } else {
            format!("Meeting point: {}", t.meeting_point)
        },
    }
}
