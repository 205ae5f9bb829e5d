//! A schedule rule's guide and resources (migrations/0032_schedule_resources.sql):
//! what a preview says about them at each start, and the assignments an
//! apply or an edit could not make. The server assigns them through the
//! same functions as a manager's assignment by hand
//! (sql/core/td_schedule_assign.sql); a refusal does not stop the apply —
//! the departure is made without that guide or resource — and comes back
//! here, typed once, for the CLI to print and the kiosk to show.

use super::Conflict;
use crate::domain::{CrewKind, DepartureId, ErrorCode};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An assignment of a rule's guide or resource that was refused on one of
/// its departures: which, why (`code`: GUIDE_BUSY, RESOURCE_BUSY,
/// RESOURCE_OUT_OF_SERVICE, NOT_FOUND, INVALID_INPUT, SALES_CLOSED) and what
/// it conflicts with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentFailure {
    pub departure_id: DepartureId,
    pub starts_at: DateTime<Utc>,
    pub what: CrewKind,
    /// the guide's or the resource's name
    pub name: String,
    pub code: ErrorCode,
    /// the departures in the way (the guide leads one then; the resource
    /// carries them then)
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// RESOURCE_OUT_OF_SERVICE: the day it is out
    #[serde(default)]
    pub day: Option<NaiveDate>,
    /// INVALID_INPUT: what is wrong (the guide is no longer a guide)
    #[serde(default)]
    pub problem: Option<String>,
}

/// Whether a rule's guide and resources would be free at one start of its
/// preview, against the departures that exist now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SlotCrew {
    /// the rule's guide (none: no guide)
    pub guide: Option<String>,
    /// the departure the guide leads at an overlapping time
    pub guide_conflict: Option<Conflict>,
    pub resources: Vec<SlotResource>,
    /// the earlier start of the same rule, still to create, that the apply
    /// would give the guide to and that overlaps this one (this start would
    /// be left without the guide)
    #[serde(default)]
    pub guide_overlap: Option<RuleStart>,
    /// the rule's resources that its overlapping starts would share beyond
    /// their seats
    #[serde(default)]
    pub resource_overlaps: Vec<ResourceOverlap>,
}

/// A start of the same rule, still to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleStart {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A resource of the rule that overlapping starts of the same rule would
/// share: `needed` is the rule's capacity times the starts sharing it (this
/// one and `starts`), more than its `seats`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceOverlap {
    pub resource: String,
    pub seats: i32,
    pub needed: i64,
    /// the other starts of the rule at overlapping times
    pub starts: Vec<DateTime<Utc>>,
}

/// One of a rule's resources at one start of its preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotResource {
    pub resource: String,
    pub seats: i32,
    /// seats booked and held on the departures it serves at overlapping times
    pub taken: i32,
    /// seats it leaves (at least; 0: full)
    pub free: i32,
    /// the day it is out of service, if it is during that start
    pub out_of_service: Option<NaiveDate>,
    /// the departures it serves at overlapping times
    pub conflicts: Vec<Conflict>,
}
