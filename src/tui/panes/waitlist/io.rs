//! The waitlist pane's calls on the core.

use super::{Call, Msg};
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
    }
}
