//! The occupancy pane's calls, on the service (what this laptop prepared
//! when the database is gone).

use super::{Call, Msg, Today};
use crate::service::{Occupancy, Service};
use crate::tui::action::UiError;

/// The pane's shape of the service's answer (also the dashboard's).
pub fn today(o: Occupancy) -> Today {
    (o.departures, o.checked_in)
}

pub async fn exec(service: &Service, call: Call) -> Msg {
    let ui = UiError::from;
    match call {
        Call::Load { from, to } => Msg::Loaded(service.occupancy(from, to).await.map(today).map_err(ui)),
        Call::One(id) => Msg::One(id, service.departure(id).await.map(Box::new).map_err(ui)),
        Call::CheckedIn(ids) => Msg::CheckedIn(service.checked_in_counts(&ids).await.map_err(ui)),
        Call::Missing => Msg::Missing(service.rollcall_missing().await.map_err(ui)),
    }
}
