//! Pickup points (migrations/0030_pickup_points.sql): where a tour's bus
//! collects people before a departure, as an ordered route, and which stop
//! each booking chose.
//!
//! Why here and not in the departures: a point belongs to the tour, so the
//! same hotels serve every departure of it; its time is relative (minutes
//! before the start) or absolute (a local time of day), and the server
//! computes the instant for each departure in that departure's zone
//! (sql/core/td_pickup_at.sql). The server also keeps a booking's stop on its
//! tour (PICKUP_NOT_ON_TOUR) whoever writes it. Adding and removing points is
//! a manager's (as adding departures); choosing a booking's stop is the
//! desk's (as selling). The pickup manifest groups the bookings per stop in
//! route order, the ones without a pickup last.

use super::{Core, Result};
use crate::domain::{Action, DepartureId, PickupPointId};
use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most minutes before a departure a relative pickup may be (a day).
pub const MAX_PICKUP_MINUTES: u32 = 1440;

/// When a point collects people: relative to the departure's start, or at a
/// local time of day (in the departure's zone, on its local day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickupTime {
    MinutesBefore(u32),
    At(NaiveTime),
}

/// A pickup point as added (also on a replay of the same key).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PickupPoint {
    pub pickup_point_id: PickupPointId,
    pub tour: String,
    pub name: String,
    /// its place on the route, from 1
    pub position: i32,
    pub minutes_before: Option<i32>,
    pub at_time: Option<NaiveTime>,
    /// true when the key had been used for this request before
    pub replayed: bool,
}

/// A tour's pickup point as listed (removed ones too), with the confirmed
/// bookings to come that chose it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PickupListed {
    pub pickup_point_id: PickupPointId,
    pub tour: String,
    pub position: i32,
    pub name: String,
    pub minutes_before: Option<i32>,
    pub at_time: Option<NaiveTime>,
    pub active: bool,
    pub bookings: i32,
}

/// An active pickup point of a departure's tour, with the instant it
/// collects people for that departure: what a sale offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PickupStop {
    pub pickup_point_id: PickupPointId,
    pub position: i32,
    pub name: String,
    pub minutes_before: Option<i32>,
    pub at_time: Option<NaiveTime>,
    pub pickup_at: DateTime<Utc>,
}

/// A booking that chose a removed point: to be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PickupBookingToTell {
    pub booking_number: String,
    pub departure_id: i64,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub seats: i64,
}

/// A pickup point removed (deactivated), and the bookings to come that use it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PickupRemoved {
    pub pickup_point_id: PickupPointId,
    pub tour: String,
    pub name: String,
    /// false: it was removed before
    pub changed: bool,
    pub replayed: bool,
    #[sqlx(json)]
    pub bookings: Vec<PickupBookingToTell>,
}

/// A booking's pickup point after `booking pickup` (none: no pickup).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BookingPickup {
    pub booking_number: String,
    pub departure_id: DepartureId,
    pub pickup_point_id: Option<PickupPointId>,
    pub pickup: Option<String>,
    pub pickup_at: Option<DateTime<Utc>>,
    /// false: the booking had this pickup already
    pub changed: bool,
    pub replayed: bool,
}

/// One booking at its stop on the pickup manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PickupParty {
    pub booking_number: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub adults: i32,
    pub children: i32,
    /// the people, in seat order
    pub names: Vec<String>,
    /// what the booking still owes (total less paid)
    pub unpaid_minor: i64,
    pub currency: String,
}

/// One stop of the pickup manifest: the point (none: the bookings without a
/// pickup, always last), its instant, and the parties collected there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PickupGroup {
    pub pickup_point_id: Option<PickupPointId>,
    pub position: Option<i32>,
    pub name: Option<String>,
    pub pickup_at: Option<DateTime<Utc>>,
    /// false: a removed point some bookings still use
    pub active: bool,
    pub adults: i32,
    pub children: i32,
    pub unpaid_minor: i64,
    pub parties: Vec<PickupParty>,
}

/// A departure's pickup run, stop by stop in route order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PickupManifest {
    pub departure_id: DepartureId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub stops: Vec<PickupGroup>,
}

#[derive(sqlx::FromRow)]
struct ManifestLine {
    pickup_point_id: Option<PickupPointId>,
    position: Option<i32>,
    pickup: Option<String>,
    pickup_at: Option<DateTime<Utc>>,
    active: Option<bool>,
    booking_number: Option<String>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    adults: Option<i32>,
    children: Option<i32>,
    names: Option<Vec<String>>,
    unpaid_minor: Option<i64>,
    currency: Option<String>,
}

/// The server's lines (one per booking, or per stop nobody chose, in route
/// order, the ones without a pickup last) grouped into stops.
fn group(lines: Vec<ManifestLine>) -> Vec<PickupGroup> {
    let mut stops: Vec<PickupGroup> = Vec::new();
    for l in lines {
        let same = stops.last().is_some_and(|g| g.pickup_point_id == l.pickup_point_id);
        if !same {
            stops.push(PickupGroup {
                pickup_point_id: l.pickup_point_id,
                position: l.position,
                name: l.pickup,
                pickup_at: l.pickup_at,
                active: l.active.unwrap_or(true),
                adults: 0,
                children: 0,
                unpaid_minor: 0,
                parties: Vec::new(),
            });
        }
        let Some(g) = stops.last_mut() else { continue };
        if let Some(booking_number) = l.booking_number {
            let party = PickupParty {
                booking_number,
                contact_name: l.contact_name.unwrap_or_default(),
                contact_phone: l.contact_phone.unwrap_or_default(),
                adults: l.adults.unwrap_or(0),
                children: l.children.unwrap_or(0),
                names: l.names.unwrap_or_default(),
                unpaid_minor: l.unpaid_minor.unwrap_or(0),
                currency: l.currency.unwrap_or_default(),
            };
            g.adults += party.adults;
            g.children += party.children;
            g.unpaid_minor += party.unpaid_minor;
            g.parties.push(party);
        }
    }
    stops
}

impl Core {
    /// Adds a pickup point to a tour (by name): at `position` of its route
    /// (the points from there move one down), or last.
    #[tracing::instrument(skip(self))]
    pub async fn add_pickup(
        &self,
        tour: &str,
        name: &str,
        time: PickupTime,
        position: Option<u32>,
        key: Uuid,
    ) -> Result<PickupPoint> {
        self.allow(Action::ManageDepartures, "add pickup points")?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(super::BookingError::invalid("pickup name", "1 to 200 characters"));
        }
        let (minutes, at) = match time {
            PickupTime::MinutesBefore(m) if m > MAX_PICKUP_MINUTES => {
                return Err(super::BookingError::invalid(
                    "minutes before",
                    format!("0 to {MAX_PICKUP_MINUTES} minutes"),
                ));
            }
            PickupTime::MinutesBefore(m) => (Some(m as i32), None),
            PickupTime::At(t) => (None, Some(t)),
        };
        if position == Some(0) {
            return Err(super::BookingError::invalid("position", "1 or more"));
        }
        self.resend(Some(key), || {
            sqlx::query_as::<_, PickupPoint>("select * from api.pickup_add($1, $2, $3, $4, $5, $6, $7)")
                .bind(self.session())
                .bind(tour)
                .bind(name)
                .bind(minutes)
                .bind(at)
                .bind(position.map(|p| p.min(i32::MAX as u32) as i32))
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Every pickup point of a tour (by name), removed ones too.
    #[tracing::instrument(skip(self))]
    pub async fn pickup_list(&self, tour: &str) -> Result<Vec<PickupListed>> {
        Ok(sqlx::query_as("select * from api.pickup_list($1, $2)")
            .bind(self.session())
            .bind(tour)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The active pickup points of a departure's tour in route order, with
    /// their instants for that departure (none: the tour has no pickups).
    #[tracing::instrument(skip(self))]
    pub async fn pickup_points(&self, departure: DepartureId) -> Result<Vec<PickupStop>> {
        Ok(sqlx::query_as("select * from api.pickup_points($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Removes (deactivates) a pickup point; the bookings to come that chose
    /// it keep it and come back, to be told.
    #[tracing::instrument(skip(self))]
    pub async fn remove_pickup(&self, point: PickupPointId, key: Uuid) -> Result<PickupRemoved> {
        self.allow(Action::ManageDepartures, "remove pickup points")?;
        self.resend(Some(key), || {
            sqlx::query_as::<_, PickupRemoved>("select * from api.pickup_remove($1, $2, $3)")
                .bind(self.session())
                .bind(point.0)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Sets, changes or (None) clears a booking's pickup point: a booking
    /// change, PICKUP_NOT_ON_TOUR for a point not of its tour.
    #[tracing::instrument(skip(self))]
    pub async fn set_booking_pickup(
        &self,
        booking_number: &str,
        point: Option<PickupPointId>,
        key: Uuid,
    ) -> Result<BookingPickup> {
        self.allow(Action::Sell, "change bookings")?;
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        self.resend(Some(key), || {
            sqlx::query_as::<_, BookingPickup>("select * from api.booking_pickup($1, $2, $3, $4)")
                .bind(self.session())
                .bind(&number)
                .bind(point.map(|p| p.0))
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// A departure's pickup run: its stops in route order with the parties
    /// collected at each (names, party sizes, phones, balances), the
    /// bookings without a pickup last.
    #[tracing::instrument(skip(self))]
    pub async fn pickup_manifest(&self, departure: DepartureId) -> Result<PickupManifest> {
        self.allow(Action::Read, "read manifests")?;
        let head: Option<(String, DateTime<Utc>, String)> = sqlx::query_as(
            "select t.name, d.starts_at, d.time_zone from departures d join tours t on t.id = d.tour_id
              where d.id = $1",
        )
        .bind(departure.0)
        .fetch_optional(&self.pool)
        .await?;
        let (tour, starts_at, time_zone) =
            head.ok_or_else(|| super::BookingError::not_found("departure", departure))?;
        let lines: Vec<ManifestLine> = sqlx::query_as("select * from api.pickup_manifest($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(PickupManifest {
            departure_id: departure,
            tour,
            starts_at,
            time_zone,
            stops: group(lines),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(stop: Option<i64>, booking: Option<&str>, adults: i32, unpaid: i64) -> ManifestLine {
        ManifestLine {
            pickup_point_id: stop.map(PickupPointId),
            position: stop.map(|s| s as i32),
            pickup: stop.map(|s| format!("stop {s}")),
            pickup_at: None,
            active: stop.map(|_| true),
            booking_number: booking.map(str::to_string),
            contact_name: booking.map(|_| "Anna".to_string()),
            contact_phone: Some(String::new()),
            adults: Some(adults),
            children: Some(1),
            names: Some(vec!["Anna".into()]),
            unpaid_minor: Some(unpaid),
            currency: Some("RUB".into()),
        }
    }

    #[test]
    fn lines_group_into_stops_with_their_totals_and_empty_stops_stay() {
        let stops = group(vec![
            line(Some(1), Some("TD-A"), 2, 100),
            line(Some(1), Some("TD-B"), 1, 0),
            line(Some(2), None, 0, 0),
            line(None, Some("TD-C"), 3, 50),
        ]);
        assert_eq!(stops.len(), 3);
        assert_eq!(
            (
                stops[0].parties.len(),
                stops[0].adults,
                stops[0].children,
                stops[0].unpaid_minor
            ),
            (2, 3, 2, 100)
        );
        assert!(stops[1].parties.is_empty());
        assert_eq!((stops[1].adults, stops[1].name.as_deref()), (0, Some("stop 2")));
        assert_eq!((stops[2].pickup_point_id, stops[2].parties.len()), (None, 1));
    }
}
