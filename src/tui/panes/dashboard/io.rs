//! The dashboard's calls, on the service (the numbers are the server's).

use super::{Call, Msg};
use crate::service::Service;
use crate::tui::action::UiError;
use crate::tui::panes::occupancy::io::today;

pub async fn exec(service: &Service, call: Call) -> Msg {
    match call {
        Call::Load {
            period,
            from,
            to,
            today: (start, end),
        } => {
            let r = async {
                let stats = service.stats(from, to).await?;
                let occupancy = service.occupancy(start, end).await?;
                Ok((stats, today(occupancy)))
            }
            .await
            .map_err(|e: crate::field::FieldError| UiError::from(e));
            Msg::Loaded(period, Box::new(r))
        }
    }
}
