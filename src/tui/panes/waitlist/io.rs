//! The waitlist pane's calls, on the service (the queue is the server's:
//! offline each says it needs the database).

use super::{Call, Msg, Skip};
use crate::booking::Payment;
use crate::service::Service;
use crate::tui::action::UiError;
use crate::tui::panes::walkin::io::with_tickets;

pub async fn exec(service: &Service, call: Call) -> Msg {
    let ui = UiError::from;
    match call {
        Call::Departures { from, to } => Msg::Departures(service.departures(from, to).await.map_err(ui)),
        Call::Queue(id) => Msg::Queue(id, service.waitlist(id).await.map_err(ui)),
        Call::Accept { entry, payment, key } => {
            let payment = Payment {
                method: payment.method(),
                reference: String::new(),
            };
            // the same booked screen as a walk-in: number, code, total, tickets
            let sale = match service.waitlist_accept(entry, payment, key).await {
                Ok(booking) => Ok(with_tickets(service, booking).await),
                Err(e) => Err(ui(e)),
            };
            Msg::Accepted(entry, Box::new(sale))
        }
        Call::Leave(entry) => Msg::Left(entry, service.waitlist_leave(entry).await.map_err(ui)),
        Call::Skip { entry, departure } => {
            let skipped = match service.waitlist_skip(entry).await {
                // the queue right after the skip: who got the seats
                Ok(status) => Ok(Skip {
                    status,
                    departure,
                    queue: service.waitlist(departure).await.map_err(ui),
                }),
                Err(e) => Err(ui(e)),
            };
            Msg::Skipped(entry, skipped)
        }
    }
}
