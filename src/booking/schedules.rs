//! Recurring schedules (migrations/0026_schedules.sql): a rule of days,
//! local times and dates makes departures for a horizon, after a preview.
//! The server does the work — which starts a rule has (in the rule's zone,
//! per date, so 07:00 stays 07:00 across DST), what exists, what a skip or
//! an edit may change (never a departure with seats booked or held) — in
//! one transaction per call (sql/api/schedule_*.sql).
//!
//! Every write carries the client's key and is resent with it when the
//! answer was lost: the server keeps each write's first answer under its key
//! (schedule_writes) and returns it again, marked `replayed`. The write
//! answers are JSON objects on the server (several lists in one answer);
//! they are read here into typed structs once.

use super::{AssignmentFailure, BookingError, Core, Result, SlotCrew};
use crate::domain::states::ScheduleSlot;
use crate::domain::{Action, DepartureId, DepartureStatus, ScheduleId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use uuid::Uuid;

/// The longest horizon an apply or a preview may look ahead, in days.
pub const MAX_HORIZON_DAYS: u32 = 731;
/// The horizon when none is given.
pub const DEFAULT_HORIZON_DAYS: u32 = 90;

/// A rule as the manager types it (days as ISO numbers, 1 Monday … 7
/// Sunday; times local to `time_zone`).
#[derive(Debug, Clone)]
pub struct NewSchedule {
    pub tour: String,
    pub days: Vec<i16>,
    pub times: Vec<NaiveTime>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: chrono_tz::Tz,
    pub capacity: u32,
    pub adult_price_minor: i64,
    pub child_price_minor: i64,
    pub currency: String,
    pub meeting_point: String,
    /// a staff member with the role guide, by name: apply assigns them
    pub guide: Option<String>,
    /// resources by name: apply assigns each
    pub resources: Vec<String>,
}

/// What an edit changes; `None` leaves it as it is.
#[derive(Debug, Clone, Default)]
pub struct ScheduleEdit {
    pub days: Option<Vec<i16>>,
    pub times: Option<Vec<NaiveTime>>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub capacity: Option<u32>,
    pub adult_price_minor: Option<i64>,
    pub child_price_minor: Option<i64>,
    pub meeting_point: Option<String>,
    /// `Some(None)` takes the guide off the rule
    pub guide: Option<Option<String>>,
    /// `Some(vec![])` takes every resource off the rule
    pub resources: Option<Vec<String>>,
}

/// A rule as listed, with its exceptions and its departures to come.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Schedule {
    pub schedule_id: ScheduleId,
    pub tour: String,
    pub days: Vec<i16>,
    pub times: Vec<NaiveTime>,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub time_zone: String,
    pub capacity: i32,
    pub adult_price_minor: i64,
    pub child_price_minor: i64,
    pub currency: String,
    pub meeting_point: String,
    pub revision: i32,
    pub skipped_dates: Vec<NaiveDate>,
    pub added_dates: Vec<NaiveDate>,
    /// scheduled departures of the rule still ahead
    pub departures: i64,
    /// of those, how many have seats booked
    pub booked_departures: i64,
    pub next_start: Option<DateTime<Utc>>,
    /// the guide apply assigns (none: no guide)
    pub guide: Option<String>,
    /// the resources apply assigns, by name
    pub resources: Vec<String>,
}

/// One start of a preview: what an apply would do there.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PreviewSlot {
    /// the wall-clock start in the rule's zone
    pub local_start: NaiveDateTime,
    pub starts_at: DateTime<Utc>,
    pub slot: ScheduleSlot,
    pub departure_id: Option<DepartureId>,
    pub departure_status: Option<DepartureStatus>,
    /// the departure there was made by this rule (false: added by hand)
    pub from_rule: Option<bool>,
    pub booked: Option<i32>,
    pub held: Option<i32>,
    /// the date is an added exception
    pub added: bool,
    /// the local time does not exist that day (a DST gap): an hour later
    pub shifted: bool,
    /// whether the rule's guide and resources would be free (none on a
    /// skipped start)
    #[sqlx(json(nullable))]
    pub crew: Option<SlotCrew>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleAdded {
    pub schedule_id: ScheduleId,
    pub tour_created: bool,
    pub replayed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleApplied {
    pub schedule_id: ScheduleId,
    pub horizon_days: u32,
    /// departures made by this apply
    pub created: u32,
    /// starts that had a departure already (of the rule, or added by hand)
    pub existing: u32,
    /// starts on skipped dates
    pub skipped: u32,
    pub departure_ids: Vec<DepartureId>,
    /// the rule's guide or resources that could not be assigned to a
    /// departure made (it was made without them)
    #[serde(default)]
    pub failures: Vec<AssignmentFailure>,
    pub replayed: bool,
}

/// A departure a skip or an edit cancelled (it had no seats booked or held).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancelledStart {
    pub departure_id: DepartureId,
    pub starts_at: DateTime<Utc>,
}

/// A departure left as it was because it has seats booked or held: the
/// operator decides (move the parties, or cancel it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptStart {
    pub departure_id: DepartureId,
    pub starts_at: DateTime<Utc>,
    pub booked: i32,
    pub held: i32,
    /// an edit's: whether its start is still one of the rule's (a skip's
    /// are never)
    #[serde(default)]
    pub in_rule: bool,
    /// an edit's: what differs from the rule now (capacity, adult_price,
    /// child_price, meeting_point, guide, resources)
    #[serde(default)]
    pub differs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateSkipped {
    pub schedule_id: ScheduleId,
    pub date: NaiveDate,
    /// the date was skipped before this call
    pub already: bool,
    pub cancelled: Vec<CancelledStart>,
    pub kept: Vec<KeptStart>,
    pub replayed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateAdded {
    pub schedule_id: ScheduleId,
    pub date: NaiveDate,
    /// the date had been skipped: it no longer is
    pub was_skipped: bool,
    pub replayed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleEdited {
    pub schedule_id: ScheduleId,
    pub revision: i32,
    /// unsold departures brought to the new rule
    pub updated: Vec<DepartureId>,
    /// unsold departures whose start the rule no longer has
    pub cancelled: Vec<CancelledStart>,
    /// sold departures that differ from the rule now, unchanged
    pub kept: Vec<KeptStart>,
    /// the new guide or resources that could not be assigned to an unsold
    /// departure (it is left without them)
    #[serde(default)]
    pub failures: Vec<AssignmentFailure>,
    /// the rule's resources with fewer seats than its capacity: a warning
    /// (sales stop at the resource's seats), not a refusal
    #[serde(default)]
    pub short_seats: Vec<ShortSeats>,
    pub replayed: bool,
}

/// A resource of a rule with fewer seats than the rule's capacity: its
/// departures sell at most `seats` (td_schedule_short_seats).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShortSeats {
    pub resource: String,
    pub seats: i32,
    pub capacity: i32,
}

fn check_horizon(days: u32) -> Result<()> {
    if (1..=MAX_HORIZON_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(BookingError::invalid(
            "horizon days",
            format!("from 1 to {MAX_HORIZON_DAYS} days ahead"),
        ))
    }
}

pub(super) fn check_prices(prices: &[i64]) -> Result<()> {
    let max = crate::domain::money::MAX_PRICE_MINOR;
    if prices.iter().all(|p| (0..=max).contains(p)) {
        Ok(())
    } else {
        Err(BookingError::invalid(
            "price",
            format!("prices are in minor units (kopecks), from 0 to {max}"),
        ))
    }
}

pub(super) fn check_capacity(capacity: u32) -> Result<i32> {
    match i32::try_from(capacity) {
        Ok(c) if (1..=1_000_000).contains(&c) => Ok(c),
        _ => Err(BookingError::invalid(
            "capacity",
            "capacity must be between 1 and 1000000 seats",
        )),
    }
}

/// Resource names as typed, trimmed; a blank one is refused (a stray comma).
pub(super) fn crew_names(names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .map(|n| match n.trim() {
            "" => Err(BookingError::invalid("resource", "a resource name is empty")),
            n => Ok(n.to_string()),
        })
        .collect()
}

pub(super) fn check_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if from > to {
        return Err(BookingError::invalid(
            "from",
            format!("the first date {from} is after the last date {to}"),
        ));
    }
    Ok(())
}

impl Core {
    /// Adds a rule; makes no departure (apply does). The tour is made on
    /// first use. Checked here to spare a round trip, and on the server.
    #[tracing::instrument(skip(self))]
    pub async fn add_schedule(&self, new: &NewSchedule, key: Uuid) -> Result<ScheduleAdded> {
        self.allow(Action::ManageDepartures, "add schedules")?;
        let tour = new.tour.trim();
        if tour.is_empty() {
            return Err(BookingError::invalid("tour", "the tour name is empty"));
        }
        if new.days.is_empty() || new.times.is_empty() {
            return Err(BookingError::invalid(
                if new.days.is_empty() { "days" } else { "times" },
                "a schedule needs at least one day of the week and one time of day",
            ));
        }
        let capacity = check_capacity(new.capacity)?;
        check_prices(&[new.adult_price_minor, new.child_price_minor])?;
        check_range(new.from, new.to)?;
        if crate::domain::money::Currency::parse(&new.currency).is_none() {
            return Err(BookingError::invalid(
                "currency",
                "use a three-letter ISO code such as RUB",
            ));
        }
        let guide = new.guide.as_deref().map(str::trim).filter(|g| !g.is_empty());
        let resources = crew_names(&new.resources)?;
        let Json(added) = self
            .resend(Some(key), || {
                sqlx::query_scalar::<_, Json<ScheduleAdded>>(
                    "select api.schedule_add($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                )
                .bind(self.session())
                .bind(tour)
                .bind(&new.days)
                .bind(&new.times)
                .bind(new.from)
                .bind(new.to)
                .bind(new.time_zone.name())
                .bind(capacity)
                .bind(new.adult_price_minor)
                .bind(new.child_price_minor)
                .bind(&new.currency)
                .bind(&new.meeting_point)
                .bind(guide)
                .bind(&resources)
                .bind(key)
                .fetch_one(&self.pool)
            })
            .await?;
        Ok(added)
    }

    /// Every rule, newest first.
    #[tracing::instrument(skip(self))]
    pub async fn schedules(&self) -> Result<Vec<Schedule>> {
        Ok(sqlx::query_as::<_, Schedule>("select * from api.schedules($1)")
            .bind(self.session())
            .fetch_all(&self.pool)
            .await?)
    }

    /// What applying `schedule` for the next `horizon_days` would do, start
    /// by start; changes nothing.
    #[tracing::instrument(skip(self))]
    pub async fn preview_schedule(&self, schedule: ScheduleId, horizon_days: u32) -> Result<Vec<PreviewSlot>> {
        check_horizon(horizon_days)?;
        Ok(
            sqlx::query_as::<_, PreviewSlot>("select * from api.schedule_preview($1, $2, $3)")
                .bind(self.session())
                .bind(schedule.0)
                .bind(horizon_days as i32)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Makes the rule's missing departures for the next `horizon_days`.
    #[tracing::instrument(skip(self))]
    pub async fn apply_schedule(&self, schedule: ScheduleId, horizon_days: u32, key: Uuid) -> Result<ScheduleApplied> {
        self.allow(Action::ManageDepartures, "apply schedules")?;
        check_horizon(horizon_days)?;
        let Json(applied) = self
            .resend(Some(key), || {
                sqlx::query_scalar::<_, Json<ScheduleApplied>>("select api.schedule_apply($1, $2, $3, $4)")
                    .bind(self.session())
                    .bind(schedule.0)
                    .bind(horizon_days as i32)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        Ok(applied)
    }

    /// Skips a local date of the rule; its unsold departures that day are
    /// cancelled, the sold ones kept and listed.
    #[tracing::instrument(skip(self))]
    pub async fn skip_schedule_date(&self, schedule: ScheduleId, date: NaiveDate, key: Uuid) -> Result<DateSkipped> {
        self.allow(Action::ManageDepartures, "skip dates of schedules")?;
        let Json(skipped) = self
            .resend(Some(key), || {
                sqlx::query_scalar::<_, Json<DateSkipped>>("select api.schedule_skip($1, $2, $3, $4)")
                    .bind(self.session())
                    .bind(schedule.0)
                    .bind(date)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        Ok(skipped)
    }

    /// Adds a local date to the rule (its times that day); apply makes them.
    #[tracing::instrument(skip(self))]
    pub async fn add_schedule_date(&self, schedule: ScheduleId, date: NaiveDate, key: Uuid) -> Result<DateAdded> {
        self.allow(Action::ManageDepartures, "add dates to schedules")?;
        let Json(added) = self
            .resend(Some(key), || {
                sqlx::query_scalar::<_, Json<DateAdded>>("select api.schedule_add_date($1, $2, $3, $4)")
                    .bind(self.session())
                    .bind(schedule.0)
                    .bind(date)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        Ok(added)
    }
}
