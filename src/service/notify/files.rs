//! The files a message carries: a booking confirmation its tickets (one PNG
//! each, signed with this machine's key, drawn as `tourdesk ticket` draws
//! them) and its departure as an .ics (service::calendar).

use super::mail::File;
use crate::booking::{Core, NotificationKind, OutboxMessage};
use crate::service::calendar::{BookedDeparture, booking_ics};
use crate::service::tickets::ticket_image;
use chrono::{Duration, Utc};
use ed25519_dalek::SigningKey;
use std::io::Cursor;

/// The files of `m`, or why they could not be made (the attempt fails and
/// is retried: a confirmation is not sent with some of its tickets missing).
pub async fn for_message(core: &Core, key: Option<&SigningKey>, m: &OutboxMessage) -> Result<Vec<File>, String> {
    match m.kind {
        NotificationKind::BookingConfirmed => {}
        NotificationKind::BookingChanged
        | NotificationKind::BookingMoved
        | NotificationKind::BookingCancelled
        | NotificationKind::DepartureCancelled
        | NotificationKind::DepartureReminder
        | NotificationKind::RebookOffered
        | NotificationKind::RebookCredited
        | NotificationKind::RebookRefunded
        | NotificationKind::RebookSwept
        | NotificationKind::WaitlistOffer
        | NotificationKind::WaitlistCancelled
        | NotificationKind::TelegramLinked
        | NotificationKind::TelegramNotLinked
        | NotificationKind::Other(_) => return Ok(Vec::new()),
    }
    let Some(number) = m.booking_number.as_deref() else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    if let Some(key) = key {
        let tickets = core
            .tickets(number, key)
            .await
            .map_err(|e| format!("the tickets of {number}: {e}"))?;
        for (n, t) in tickets.iter().enumerate() {
            let img = ticket_image(t).map_err(|e| format!("ticket {n} of {number}: {e}"))?;
            let mut png = Vec::new();
            img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
                .map_err(|e| format!("ticket {n} of {number}: {e}"))?;
            files.push(File {
                name: format!("{number}-{n}.png"),
                content_type: "image/png",
                bytes: png,
            });
        }
    }
    if let (Some(departure_id), Some(starts_at)) = (m.departure_id, m.starts_at) {
        let b = BookedDeparture {
            departure_id,
            tour: m.tour.clone().unwrap_or_default(),
            starts_at,
            // a departure from before tours had durations: an hour on the calendar
            ends_at: m.ends_at.unwrap_or(starts_at + Duration::hours(1)),
            time_zone: m.time_zone.clone().unwrap_or_else(|| "UTC".into()),
            meeting_point: m.meeting_point.clone().unwrap_or_default(),
            booking_number: number.to_string(),
        };
        files.push(File {
            name: format!("{number}.ics"),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH",
            bytes: booking_ics(&b, Utc::now()).into_bytes(),
        });
    }
    Ok(files)
}
