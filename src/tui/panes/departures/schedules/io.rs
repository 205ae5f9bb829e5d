//! The schedule screen's calls, on the service: all need the server (only
//! it keeps and applies rules).

use super::{Call, Msg};
use crate::service::Service;
use crate::tui::action::UiError;

pub async fn exec(service: &Service, call: Call) -> Msg {
    let ui = UiError::from;
    match call {
        Call::List => Msg::Listed(service.schedules().await.map_err(ui)),
        Call::Tours => Msg::Tours(
            service
                .tours()
                .await
                .map(|ts| ts.into_iter().map(|t| t.name).collect())
                .map_err(ui),
        ),
        Call::Crew => Msg::Crew(
            service
                .crew_choices()
                .await
                .map(|(guides, resources)| super::form::Crew { guides, resources })
                .map_err(ui),
        ),
        Call::Add(new, key) => Msg::Added(service.add_schedule(&new, key).await.map_err(ui)),
        Call::Preview(id, horizon) => {
            Msg::Previewed(id, horizon, service.preview_schedule(id, horizon).await.map_err(ui))
        }
        Call::Apply(id, horizon, key) => Msg::Applied(id, service.apply_schedule(id, horizon, key).await.map_err(ui)),
        Call::CheckEdit(id, edit, check) => {
            Msg::EditChecked(check, service.check_schedule_edit(id, &edit).await.map_err(ui))
        }
        Call::Edit(id, edit, key) => Msg::Edited(id, service.edit_schedule(id, &edit, key).await.map_err(ui)),
        Call::Skip(id, date, key) => Msg::Skipped(id, service.skip_schedule_date(id, date, key).await.map_err(ui)),
        Call::AddDate(id, date, key) => Msg::DateAdded(id, service.add_schedule_date(id, date, key).await.map_err(ui)),
    }
}
