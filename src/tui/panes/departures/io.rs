//! The departures pane's calls, on the service (the list from what was
//! prepared here when the database is gone; the rest needs the server).

use super::{Call, Msg};
use crate::domain::refund::CancelReason;
use crate::service::Service;
use crate::tui::action::UiError;

pub async fn exec(service: &Service, call: Call) -> Msg {
    let ui = UiError::from;
    match call {
        Call::Load { from, to } => Msg::Loaded(service.departures(from, to).await.map_err(ui)),
        Call::One(id) => Msg::One(id, service.departure(id).await.map(Box::new).map_err(ui)),
        Call::Tours => Msg::Tours(
            service
                .tours()
                .await
                .map(|ts| ts.into_iter().map(|t| t.name).collect())
                .map_err(ui),
        ),
        Call::Add(new) => Msg::Added(service.add_departure(&new).await.map_err(ui)),
        Call::SetWeather { id, status, note } => {
            Msg::WeatherSet(id, service.set_weather(id, status, &note).await.map_err(ui))
        }
        Call::CountBookings(id) => Msg::Counted(id, service.live_bookings(id).await.map(|n| n as i64).map_err(ui)),
        Call::CancelForWeather(id) => Msg::Cancelled(
            id,
            service
                .cancel_departure(id, CancelReason::Weather, "")
                .await
                .map_err(ui),
        ),
        Call::Schedule(c) => Msg::Schedule(super::schedules::io::exec(service, c).await),
    }
}
