//! Calendar feeds (issue 14): the departures a guide leads, a resource
//! serves, or one departure, as the server sees them now
//! (sql/api/calendar_events.sql). The server picks the departures, counts the
//! seats and decides each event's sequence (the audit rows naming the
//! departure); turning them into iCalendar is the caller's (cli/calendar.rs),
//! so this stays a read of typed values.

use super::{Core, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whose feed: exactly one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarOf {
    /// a guide, by staff name
    Guide(String),
    /// a resource, by name
    Resource(String),
    Departure(i64),
}

/// One departure in a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEvent {
    pub departure_id: i64,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// IANA zone of the departure (its local times)
    pub time_zone: String,
    pub meeting_point: String,
    pub capacity: i32,
    /// confirmed seats
    pub booked: i32,
    /// confirmed bookings (parties)
    pub parties: i64,
    pub cancelled: bool,
    /// the feed's guide or resource was taken off it (a guide's or a
    /// resource's feed only): written as cancelled, so a calendar that
    /// imported the event drops it
    #[serde(default)]
    pub withdrawn: bool,
    pub guides: Vec<String>,
    pub resources: Vec<String>,
    /// grows whenever the departure changes: the audit rows naming it
    pub sequence: i64,
}

/// A feed: its title (the guide's or resource's name), when the server made
/// it, and its departures, earliest first.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CalendarFeed {
    pub title: String,
    pub generated_at: DateTime<Utc>,
    #[sqlx(json)]
    pub events: Vec<CalendarEvent>,
}

impl Core {
    /// The feed of a guide, a resource or a departure (anyone's to read).
    /// An unknown name or id is NOT_FOUND.
    #[tracing::instrument(skip(self))]
    pub async fn calendar(&self, of: &CalendarOf) -> Result<CalendarFeed> {
        let (guide, resource, departure) = match of {
            CalendarOf::Guide(g) => (Some(g.as_str()), None, None),
            CalendarOf::Resource(r) => (None, Some(r.as_str()), None),
            CalendarOf::Departure(d) => (None, None, Some(*d)),
        };
        Ok(sqlx::query_as("select * from api.calendar_events($1, $2, $3, $4)")
            .bind(self.session())
            .bind(guide)
            .bind(resource)
            .bind(departure)
            .fetch_one(&self.pool)
            .await?)
    }
}
