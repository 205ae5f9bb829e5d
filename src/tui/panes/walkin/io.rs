//! The walk-in pane's calls on the core (or, the database gone, on this
//! laptop's allotment: `field`), and the tickets it writes.

mod field;

use super::{Call, Msg, Sale};
use crate::booking::{Booking, BookingError, Core};
use crate::domain::ErrorCode;
use crate::ticket::{TicketKind, keys, render};
use crate::tui::action::UiError;
use crate::tui::panes::Io;
use ed25519_dalek::SigningKey;
use std::path::PathBuf;
use tokio::sync::OnceCell;

/// The kiosk's ticket signing key, loaded and registered once per process.
static SIGNING_KEY: OnceCell<SigningKey> = OnceCell::const_new();

/// A call of the walk-in pane: from this laptop's allotment when the
/// database is gone (or the sale began that way), else on the core.
pub async fn exec(io: &Io, call: Call) -> Msg {
    let call = match field::offline(io, call).await {
        Ok(answered) => return answered,
        Err(call) => call,
    };
    match &io.core {
        Some(core) => online(core, call).await,
        None => field::unavailable(call),
    }
}

/// A call on the core.
pub async fn online(core: &Core, call: Call) -> Msg {
    match call {
        Call::Departures { from, to } => Msg::Departures(core.list_departures(from, to).await.map_err(UiError::from)),
        Call::Availability(id) => Msg::Availability(id, core.availability(id).await.map_err(UiError::from)),
        Call::Quote {
            seq,
            departure,
            party,
            at,
        } => Msg::Quoted(seq, core.quote(departure, party, at).await.map_err(UiError::from)),
        Call::Hold { departure, party, key } => Msg::Held(
            key,
            core.hold_with_key(departure, party, None, key)
                .await
                .map_err(UiError::from),
        ),
        Call::Extend(id) => Msg::Extended(id, core.extend_hold(id, None).await.map_err(UiError::from)),
        Call::Release(id) => Msg::Released(id, core.release_hold(id).await.map_err(UiError::from)),
        Call::Book(req) => {
            let key = req.key;
            let sale = match core.book(&req).await {
                Ok(booking) => Ok(print(core, booking).await),
                Err(e) => Err(UiError::from(e)),
            };
            Msg::Booked(key, Box::new(sale))
        }
        Call::Alternatives(id) => Msg::Alternatives(id, core.alternatives(id, 5).await.map_err(UiError::from)),
        Call::WaitlistJoin {
            departure,
            party,
            name,
            phone,
            email,
            key,
        } => Msg::Joined(
            core.waitlist_join_with_key(departure, party, &name, &phone, &email, key)
                .await
                .map_err(UiError::from),
        ),
    }
}

/// This machine's key (`TOURDESK_KEY_FILE` or the data directory's), known
/// to the server. Never made here: without one the sale stands and the desk
/// is told `NO_SIGNING_KEY` (a manager runs `tourdesk keys new`); the next
/// sale looks again.
async fn signing_key(core: &Core) -> Result<&'static SigningKey, UiError> {
    SIGNING_KEY
        .get_or_try_init(|| async {
            let key = keys::load(&keys::machine_path()).map_err(|e| match e {
                keys::KeyFileError::Missing { .. } => UiError::from(BookingError::NoSigningKey { unregistered: false }),
                e => files_error(e),
            })?;
            core.signing_key_id(&key).await.map_err(UiError::from)?;
            Ok(key)
        })
        .await
}

/// The booking stands whatever happens here: a ticket that cannot be made is
/// reported next to it, never instead of it.
async fn print(core: &Core, booking: Booking) -> Sale {
    let mut sale = Sale {
        booking,
        group_code: None,
        pngs: Vec::new(),
        ticket_error: None,
        offline: false,
    };
    if let Err(e) = write_tickets(core, &mut sale).await {
        sale.ticket_error = Some(e);
    }
    sale
}

async fn write_tickets(core: &Core, sale: &mut Sale) -> Result<(), UiError> {
    let key = signing_key(core).await?;
    let number = sale.booking.booking_number.clone();
    let tickets = core.tickets(&number, key).await.map_err(UiError::from)?;
    let dir = crate::logging::data_dir().join("tickets");
    crate::private::private_dir(&dir).map_err(|e| files_error(format!("{}: {e}", dir.display())))?;
    for (n, t) in tickets.iter().enumerate() {
        if t.kind == TicketKind::Group && sale.group_code.is_none() {
            sale.group_code = Some(t.code.clone());
        }
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
        let file: PathBuf = dir.join(format!("{number}-{n}.png"));
        render::write_png(&img, &file).map_err(files_error)?;
        sale.pngs.push(file);
    }
    if let Some(first) = tickets.first() {
        core.record_printed(first.booking_id).await.map_err(UiError::from)?;
    }
    Ok(())
}

/// A ticket that could not be drawn or written here (or a damaged key file):
/// the message says what, in English.
fn files_error(e: impl ToString) -> UiError {
    UiError {
        code: ErrorCode::TicketFiles,
        message: e.to_string(),
    }
}
