//! The occupancy pane's calls on the core.

use super::{Call, Msg, Today};
use crate::booking::{Core, Result};
use chrono::{DateTime, Utc};

/// Departures in [from, to) with their check-in counts (also the dashboard's).
pub async fn today(core: &Core, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Today> {
    let deps = core.list_departures(from, to).await?;
    let ids: Vec<_> = deps.iter().map(|d| d.id).collect();
    let counts = core.checked_in_counts(&ids).await?;
    Ok((deps, counts))
}

pub async fn exec(core: &Core, call: Call) -> Msg {
    match call {
        Call::Load { from, to } => Msg::Loaded(today(core, from, to).await.map_err(Into::into)),
        Call::One(id) => Msg::One(id, core.departure(id).await.map(Box::new).map_err(Into::into)),
        Call::CheckedIn(ids) => Msg::CheckedIn(core.checked_in_counts(&ids).await.map_err(Into::into)),
    }
}
