//! The departures pane's calls on the core.

use super::{Call, Msg};
use crate::booking::Core;
use crate::domain::ManifestState;
use crate::domain::refund::CancelReason;
use std::collections::HashSet;

pub async fn exec(core: &Core, call: Call) -> Msg {
    match call {
        Call::Load { from, to } => Msg::Loaded(core.list_departures(from, to).await.map_err(Into::into)),
        Call::One(id) => Msg::One(id, core.departure(id).await.map(Box::new).map_err(Into::into)),
        Call::Tours => Msg::Tours(
            core.tours()
                .await
                .map(|ts| ts.into_iter().map(|t| t.name).collect())
                .map_err(Into::into),
        ),
        Call::Add(new) => Msg::Added(core.add_departure(&new).await.map_err(Into::into)),
        Call::SetWeather { id, status, note } => {
            Msg::WeatherSet(id, core.set_weather(id, status, &note).await.map_err(Into::into))
        }
        Call::CountBookings(id) => Msg::Counted(
            id,
            core.manifest(id)
                .await
                .map(|m| {
                    let live: HashSet<_> = m
                        .rows
                        .iter()
                        .filter(|r| !matches!(r.state, ManifestState::Cancelled))
                        .map(|r| r.booking_id)
                        .collect();
                    live.len() as i64
                })
                .map_err(Into::into),
        ),
        Call::CancelForWeather(id) => Msg::Cancelled(
            id,
            core.cancel_departure(id, CancelReason::Weather, "")
                .await
                .map_err(Into::into),
        ),
    }
}
