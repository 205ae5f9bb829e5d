//! The waitlist pane's calls on the core.

use super::{Call, Msg, Skip};
use crate::booking::{Core, Payment};
use crate::tui::action::UiError;

pub async fn exec(core: &Core, call: Call) -> Msg {
    match call {
        Call::Departures { from, to } => Msg::Departures(core.list_departures(from, to).await.map_err(UiError::from)),
        Call::Queue(id) => Msg::Queue(id, core.waitlist(id).await.map_err(UiError::from)),
        Call::Accept { entry, payment, key } => {
            let payment = Payment {
                method: payment.method(),
                reference: String::new(),
            };
            Msg::Accepted(
                entry,
                Box::new(core.waitlist_accept(entry, payment, key).await.map_err(UiError::from)),
            )
        }
        Call::Leave(entry) => Msg::Left(entry, core.waitlist_leave(entry).await.map_err(UiError::from)),
        Call::Skip { entry, departure } => {
            let skipped = match core.waitlist_skip(entry).await {
                // the queue right after the skip: who got the seats
                Ok(status) => Ok(Skip {
                    status,
                    departure,
                    queue: core.waitlist(departure).await.map_err(UiError::from),
                }),
                Err(e) => Err(UiError::from(e)),
            };
            Msg::Skipped(entry, skipped)
        }
    }
}
