//! Editing a rule (api.schedule_edit) and checking an edit first
//! (api.schedule_edit_check: the same edit, undone by the server), with
//! one set of checks for both, so the kiosk's preview of an edit and the
//! edit cannot disagree.

use super::schedules::{check_capacity, check_prices, check_range, crew_names};
use super::{BookingError, Core, Result, ScheduleEdit, ScheduleEdited};
use crate::domain::{Action, ScheduleId};
use sqlx::types::Json;
use uuid::Uuid;

impl Core {
    /// Edits the rule and brings its unsold future departures to it; the
    /// sold ones are listed, unchanged.
    #[tracing::instrument(skip(self))]
    pub async fn edit_schedule(&self, schedule: ScheduleId, edit: &ScheduleEdit, key: Uuid) -> Result<ScheduleEdited> {
        self.allow(Action::ManageDepartures, "edit schedules")?;
        let e = EditArgs::check(edit)?;
        let Json(edited) = self
            .resend(Some(key), || {
                e.bind(
                    sqlx::query_scalar::<_, Json<ScheduleEdited>>(
                        "select api.schedule_edit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                    )
                    .bind(self.session())
                    .bind(schedule.0),
                )
                .bind(key)
                .fetch_one(&self.pool)
            })
            .await?;
        Ok(edited)
    }

    /// What `edit_schedule` would do, changing nothing: the server runs the
    /// edit itself, with every check, and undoes it
    /// (sql/api/schedule_edit_check.sql), so the preview and the edit
    /// cannot disagree. `replayed` is false and nothing is audited.
    #[tracing::instrument(skip(self))]
    pub async fn check_schedule_edit(&self, schedule: ScheduleId, edit: &ScheduleEdit) -> Result<ScheduleEdited> {
        self.allow(Action::ManageDepartures, "edit schedules")?;
        let e = EditArgs::check(edit)?;
        let Json(would) = e
            .bind(
                sqlx::query_scalar::<_, Json<ScheduleEdited>>(
                    "select api.schedule_edit_check($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(self.session())
                .bind(schedule.0),
            )
            .fetch_one(&self.pool)
            .await?;
        Ok(would)
    }
}

/// An edit checked here (to spare a round trip; the server checks again)
/// and put in the server's words: '' takes the guide off, '{}' the
/// resources.
struct EditArgs<'a> {
    edit: &'a ScheduleEdit,
    capacity: Option<i32>,
    guide: Option<&'a str>,
    resources: Option<Vec<String>>,
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, sqlx::Postgres, Json<ScheduleEdited>, sqlx::postgres::PgArguments>;

impl<'a> EditArgs<'a> {
    fn check(edit: &'a ScheduleEdit) -> Result<EditArgs<'a>> {
        let capacity = edit.capacity.map(check_capacity).transpose()?;
        check_prices(
            &[edit.adult_price_minor, edit.child_price_minor]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
        )?;
        if let (Some(from), Some(to)) = (edit.from, edit.to) {
            check_range(from, to)?;
        }
        if matches!(&edit.days, Some(d) if d.is_empty()) || matches!(&edit.times, Some(t) if t.is_empty()) {
            return Err(BookingError::invalid(
                "days",
                "a schedule needs at least one day of the week and one time of day",
            ));
        }
        let guide = edit
            .guide
            .as_ref()
            .map(|g| g.as_deref().map(str::trim).unwrap_or_default());
        let resources = edit.resources.as_deref().map(crew_names).transpose()?;
        Ok(EditArgs {
            edit,
            capacity,
            guide,
            resources,
        })
    }

    /// The changes, after the session and the rule's id ($3 to $12).
    fn bind<'q>(&'q self, q: Scalar<'q>) -> Scalar<'q> {
        let e = self.edit;
        q.bind(e.days.as_ref())
            .bind(e.times.as_ref())
            .bind(e.from)
            .bind(e.to)
            .bind(self.capacity)
            .bind(e.adult_price_minor)
            .bind(e.child_price_minor)
            .bind(e.meeting_point.as_deref())
            .bind(self.guide)
            .bind(self.resources.as_ref())
    }
}
