//! Schedules: rules that make departures (booking::schedules). Only the
//! server keeps and applies them, so every call here is online; the CLI's
//! `schedule` commands call these (and the kiosk's schedule screen will).

use super::Service;
use crate::booking::{
    DateAdded, DateSkipped, NewSchedule, PreviewSlot, Schedule, ScheduleAdded, ScheduleApplied, ScheduleEdit,
    ScheduleEdited,
};
use crate::domain::ScheduleId;
use crate::field::Result;
use chrono::NaiveDate;
use uuid::Uuid;

impl Service {
    pub async fn add_schedule(&self, new: &NewSchedule, key: Uuid) -> Result<ScheduleAdded> {
        Ok(self.online()?.add_schedule(new, key).await?)
    }

    pub async fn schedules(&self) -> Result<Vec<Schedule>> {
        Ok(self.online()?.schedules().await?)
    }

    pub async fn preview_schedule(&self, schedule: ScheduleId, horizon_days: u32) -> Result<Vec<PreviewSlot>> {
        Ok(self.online()?.preview_schedule(schedule, horizon_days).await?)
    }

    pub async fn apply_schedule(&self, schedule: ScheduleId, horizon_days: u32, key: Uuid) -> Result<ScheduleApplied> {
        Ok(self.online()?.apply_schedule(schedule, horizon_days, key).await?)
    }

    pub async fn skip_schedule_date(&self, schedule: ScheduleId, date: NaiveDate, key: Uuid) -> Result<DateSkipped> {
        Ok(self.online()?.skip_schedule_date(schedule, date, key).await?)
    }

    pub async fn add_schedule_date(&self, schedule: ScheduleId, date: NaiveDate, key: Uuid) -> Result<DateAdded> {
        Ok(self.online()?.add_schedule_date(schedule, date, key).await?)
    }

    pub async fn edit_schedule(&self, schedule: ScheduleId, edit: &ScheduleEdit, key: Uuid) -> Result<ScheduleEdited> {
        Ok(self.online()?.edit_schedule(schedule, edit, key).await?)
    }

    /// What `edit_schedule` would do, changing nothing.
    pub async fn check_schedule_edit(&self, schedule: ScheduleId, edit: &ScheduleEdit) -> Result<ScheduleEdited> {
        Ok(self.online()?.check_schedule_edit(schedule, edit).await?)
    }

    /// What a rule's crew is picked from: the active guides' names and the
    /// resources' names (both sorted by the server).
    pub async fn crew_choices(&self) -> Result<(Vec<String>, Vec<String>)> {
        let core = self.online()?;
        let guides = core.guides().await?;
        let resources = core.resources().await?.into_iter().map(|r| r.name).collect();
        Ok((guides, resources))
    }
}
