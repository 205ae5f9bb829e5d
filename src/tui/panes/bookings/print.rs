//! Tickets of a booking found after the sale: written again as PNGs (the
//! printing recorded, so the card says how many times), or its group code
//! for the QR on the screen. The same drawing as the walk-in's tickets;
//! the walk-in pane keeps its own copy of this for now (it is another
//! engineer's file), and the two are one function to share once both land.

use super::Printed;
use crate::booking::BookingError;
use crate::domain::ErrorCode;
use crate::service::Service;
use crate::ticket::{TicketKind, keys, render};
use crate::tui::action::UiError;
use ed25519_dalek::SigningKey;
use tokio::sync::OnceCell;

/// This desk's ticket signing key, loaded and checked with the server once.
static SIGNING_KEY: OnceCell<SigningKey> = OnceCell::const_new();

/// Never made here: without one the desk is told `NO_SIGNING_KEY` (a manager
/// runs `tourdesk keys new`).
async fn signing_key(service: &Service) -> Result<&'static SigningKey, UiError> {
    SIGNING_KEY
        .get_or_try_init(|| async {
            let key = keys::load(&keys::machine_path()).map_err(|e| match e {
                keys::KeyFileError::Missing { .. } => UiError::from(BookingError::NoSigningKey { unregistered: false }),
                e => files_error(e),
            })?;
            service.signing_key_id(&key).await.map_err(UiError::from)?;
            Ok(key)
        })
        .await
}

/// The booking's group code (what the gate scans for the whole party).
pub async fn group_code(service: &Service, number: &str) -> Result<String, UiError> {
    let key = signing_key(service).await?;
    let tickets = service.tickets(number, key).await.map_err(UiError::from)?;
    tickets
        .into_iter()
        .find(|t| t.kind == TicketKind::Group)
        .map(|t| t.code)
        .ok_or_else(|| UiError::from(BookingError::not_found("ticket", number)))
}

/// Writes every ticket of the booking again and records the printing.
pub async fn reprint(service: &Service, number: &str) -> Result<Printed, UiError> {
    let key = signing_key(service).await?;
    let tickets = service.tickets(number, key).await.map_err(UiError::from)?;
    let dir = crate::logging::data_dir().join("tickets");
    crate::private::private_dir(&dir).map_err(|e| files_error(format!("{}: {e}", dir.display())))?;
    for (n, t) in tickets.iter().enumerate() {
        let holder = match t.kind {
            TicketKind::Group => format!("Group of {}: {}", t.admits, t.holder),
            TicketKind::Participant => t.holder.clone(),
        };
        let when = t
            .time_zone
            .parse::<chrono_tz::Tz>()
            .map(|tz| t.starts_at.with_timezone(&tz).format("%a %d %b %Y %H:%M").to_string())
            .unwrap_or_else(|_| t.starts_at.to_rfc3339());
        let img = render::ticket_png(
            &t.code,
            &render::TicketText {
                booking_number: t.booking_number.clone(),
                holder,
                tour: t.tour.clone(),
                when: format!("Departs {when} ({})", t.time_zone),
                meeting_point: if t.meeting_point.is_empty() {
                    String::new()
                } else {
                    format!("Meeting point: {}", t.meeting_point)
                },
            },
        )
        .map_err(files_error)?;
        render::write_png(&img, &dir.join(format!("{number}-{n}.png"))).map_err(files_error)?;
    }
    if let Some(first) = tickets.first() {
        service.record_printed(first.booking_id).await.map_err(UiError::from)?;
    }
    Ok(Printed {
        count: tickets.len(),
        dir: dir.display().to_string(),
    })
}

fn files_error(e: impl ToString) -> UiError {
    UiError {
        code: ErrorCode::TicketFiles,
        message: e.to_string(),
    }
}
