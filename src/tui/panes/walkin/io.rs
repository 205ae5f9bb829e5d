//! The walk-in pane's calls, on the service (the core, or this laptop's
//! allotment with the database gone: `service::Sold`), and the tickets it
//! writes for a sale booked on the server (and for a reprint from the
//! Bookings card: one ticket printer for the kiosk).

use super::{Call, Msg, Sale};
use crate::booking::{Booking, BookingError};
use crate::domain::{ErrorCode, PaymentMethod};
use crate::service::{Service, Sold};
use crate::ticket::{TicketKind, keys, render};
use crate::tui::action::UiError;
use ed25519_dalek::SigningKey;
use std::path::PathBuf;
use tokio::sync::OnceCell;

/// The kiosk's ticket signing key, loaded and registered once per process.
static SIGNING_KEY: OnceCell<SigningKey> = OnceCell::const_new();

pub async fn exec(service: &Service, call: Call) -> Msg {
    let ui = UiError::from;
    match call {
        Call::Departures { from, to } => Msg::Departures(service.sale_departures(from, to).await.map_err(ui)),
        Call::Availability(id) => Msg::Availability(id, service.availability(id).await.map_err(ui)),
        Call::Quote {
            seq,
            departure,
            party,
            at,
        } => Msg::Quoted(seq, service.quote(departure, party, at).await.map_err(ui)),
        Call::Hold { departure, party, key } => Msg::Held(key, service.hold(departure, party, key).await.map_err(ui)),
        Call::Extend(id) => Msg::Extended(id, service.extend(id).await.map_err(ui)),
        Call::Release(id) => Msg::Released(id, service.release(id).await.map_err(ui)),
        Call::Book(req) => {
            let key = req.key;
            let sale = match service.book(&req).await {
                Ok(Sold::Online(booking)) => {
                    let mut sale = with_tickets(service, booking).await;
                    if req.payment.method == PaymentMethod::Cash
                        && let Err(e) = cash_receipt(service, sale.booking.booking_number()).await
                    {
                        sale.failed(e);
                    }
                    Ok(sale)
                }
                // tickets of an offline sale are printed at the desk after the sync
                Ok(sold) => Ok(unprinted(sold)),
                Err(e) => Err(UiError::from(e)),
            };
            Msg::Booked(key, Box::new(sale))
        }
        Call::Alternatives(id) => Msg::Alternatives(id, service.alternatives(id).await.map_err(ui)),
        Call::Pickups(id) => Msg::Pickups(id, service.pickup_points(id).await.map_err(ui)),
        Call::WaitlistJoin {
            departure,
            party,
            name,
            phone,
            email,
            key,
        } => Msg::Joined(
            service
                .waitlist_join(departure, party, (&name, &phone, &email), key)
                .await
                .map_err(ui),
        ),
    }
}

fn unprinted(booking: Sold) -> Sale {
    Sale {
        booking,
        group_code: None,
        pngs: Vec::new(),
        ticket_error: None,
        printer_error: None,
    }
}

/// This machine's key (`TOURDESK_KEY_FILE` or the data directory's), known
/// to the server. Never made here: without one the sale stands and the desk
/// is told `NO_SIGNING_KEY` (a manager runs `tourdesk keys new`); the next
/// sale looks again.
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

/// A booking made on the server (a walk-in, an accepted waitlist offer)
/// with its tickets: printed while a session on the server is logged in (a
/// session that ended meanwhile, a lock, prints nothing).
pub(crate) async fn with_tickets(service: &Service, booking: Booking) -> Sale {
    if service.server_session() {
        print(service, booking).await
    } else {
        unprinted(Sold::Online(booking))
    }
}

/// The booking stands whatever happens here: a ticket that cannot be made is
/// reported next to it, never instead of it.
async fn print(service: &Service, booking: Booking) -> Sale {
    let mut sale = unprinted(Sold::Online(booking));
    let mut written = Written::default();
    if let Err(e) = write_tickets(service, sale.booking.booking_number(), &mut written).await {
        sale.failed(e);
    }
    sale.pngs = written.pngs;
    sale.group_code = written.group_code;
    sale
}

/// What `write_tickets` wrote, as far as it got.
#[derive(Debug, Default)]
pub(crate) struct Written {
    pub pngs: Vec<PathBuf>,
    /// the group ticket's code (the QR on the screen)
    pub group_code: Option<String>,
}

/// Where the kiosk writes tickets: the data directory's `tickets/`.
pub(crate) fn tickets_dir() -> PathBuf {
    crate::logging::data_dir().join("tickets")
}

/// The kiosk's one ticket printer: every ticket of a booking drawn and
/// written as `<number>-<n>.png` in `tickets_dir()`, and the printing
/// recorded (the card's "printed N×"). Used for a sale and for a reprint
/// from the Bookings card. `written` keeps what was done before an error.
pub(crate) async fn write_tickets(service: &Service, number: &str, written: &mut Written) -> Result<(), UiError> {
    let key = signing_key(service).await?;
    let tickets = service.tickets(number, key).await.map_err(UiError::from)?;
    let dir = tickets_dir();
    crate::private::private_dir(&dir).map_err(|e| files_error(format!("{}: {e}", dir.display())))?;
    for (n, t) in tickets.iter().enumerate() {
        if t.kind == TicketKind::Group && written.group_code.is_none() {
            written.group_code = Some(t.code.clone());
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
        written.pngs.push(file);
    }
    if let Some(first) = tickets.first() {
        service.record_printed(first.booking_id).await.map_err(UiError::from)?;
    }
    // the PNGs are written first: a printer that fails loses nothing
    if let Some(printer) = crate::print::kiosk_printer() {
        let words = crate::print::strings::paper(crate::print::kiosk_language());
        let slips: Vec<_> = tickets
            .iter()
            .map(|t| (crate::print::layout::slip_text(t, words), t.code.clone()))
            .collect();
        let job = crate::print::layout::tickets(printer, &slips).map_err(files_error)?;
        printer.send_async(job).await.map_err(|e| printer_error(printer, e))?;
    }
    Ok(())
}

/// A cash sale's receipt on the kiosk's printer in the kiosk's language,
/// and the drawer opened after it (ESC p); nothing without a printer. A walk-in cash sale's and a
/// cash payment's on the Bookings card.
pub(crate) async fn cash_receipt(service: &Service, number: &str) -> Result<(), UiError> {
    let Some(printer) = crate::print::kiosk_printer() else {
        return Ok(());
    };
    let card = service.booking_card(number).await.map_err(UiError::from)?;
    let departure = service
        .departure(card.booking.departure_id)
        .await
        .map_err(UiError::from)?;
    let words = crate::print::strings::paper(crate::print::kiosk_language());
    let job = crate::print::layout::receipt(printer, &card, &departure, words, true);
    printer.send_async(job).await.map_err(|e| printer_error(printer, e))
}

/// The printer did not print: its name is the message (the notice names
/// it; the why is logged).
fn printer_error(printer: &crate::print::Printer, e: crate::print::PrintError) -> UiError {
    tracing::warn!("printing failed: {e}");
    UiError {
        code: ErrorCode::PrinterUnavailable,
        message: printer.to_string(),
    }
}

/// A booking's group code (what the gate scans for the whole party),
/// nothing written or recorded.
pub(crate) async fn group_code(service: &Service, number: &str) -> Result<String, UiError> {
    let key = signing_key(service).await?;
    let tickets = service.tickets(number, key).await.map_err(UiError::from)?;
    tickets
        .into_iter()
        .find(|t| t.kind == TicketKind::Group)
        .map(|t| t.code)
        .ok_or_else(|| UiError::from(BookingError::not_found("ticket", number)))
}

/// A ticket that could not be drawn or written here (or a damaged key file):
/// the message says what, in English.
fn files_error(e: impl ToString) -> UiError {
    UiError {
        code: ErrorCode::TicketFiles,
        message: e.to_string(),
    }
}
