//! The dashboard's calls on the core.

use super::{Call, Msg};
use crate::booking::Core;

pub async fn exec(core: &Core, call: Call) -> Msg {
    match call {
        Call::Load {
            period,
            from,
            to,
            today,
        } => {
            let r = async {
                let stats = core.stats(from, to).await?;
                let today = crate::tui::panes::occupancy::io::today(core, today.0, today.1).await?;
                Ok((stats, today))
            }
            .await
            .map_err(|e: crate::booking::BookingError| e.into());
            Msg::Loaded(period, Box::new(r))
        }
    }
}
