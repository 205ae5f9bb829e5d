//! Departures: adding, listing, availability.

use super::{BookingError, Core, Result};
use crate::domain::{Action, DepartureId, DepartureStatus, ResourceKind, TourId, WeatherStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone)]
pub struct NewDeparture {
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: chrono_tz::Tz,
    pub capacity: u32,
    pub adult_price_minor: i64,
    pub child_price_minor: i64,
    pub currency: String,
    pub meeting_point: String,
}

/// A departure as listed: `held` and `free` count only live holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Departure {
    pub id: DepartureId,
    pub tour_id: TourId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub meeting_point: String,
    pub capacity: i32,
    pub booked: i32,
    pub held: i32,
    pub free: i32,
    pub waitlist: i64,
    pub status: DepartureStatus,
    pub weather_status: WeatherStatus,
    pub weather_note: String,
    pub adult_price_minor: i64,
    pub child_price_minor: i64,
    pub currency: String,
    /// the staff ids of its guides (departure_guides, migration 0027)
    #[serde(default)]
    #[sqlx(default)]
    pub guide_ids: Vec<i64>,
    /// what it lacks: the kind of resource its tour runs with (the latest
    /// one assigned to any departure of the tour) while it has none; None
    /// when it has one or its tour never had any
    #[serde(default)]
    #[sqlx(default)]
    pub missing_resource: Option<ResourceKind>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Availability {
    pub departure_id: DepartureId,
    pub capacity: i32,
    pub booked: i32,
    pub held: i32,
    pub free: i32,
    pub waitlist: i64,
    pub status: DepartureStatus,
}

/// Shared select list: live holds are those still active and not yet expired.
/// guide_ids and missing_resource feed the Departures screen's flags ("no
/// guide", "no helicopter"): a tour that has run with a resource needs one.
/// `free` is the smaller of the departure's free seats and what its
/// resources leave it (the view departure_resource_free, migration 0027: a
/// helicopter serving two tours at once bounds both), so a listing never
/// offers seats a sale would refuse.
pub(super) const DEPARTURE_SELECT: &str = "
select d.id, d.tour_id, t.name as tour, d.starts_at, d.time_zone, d.meeting_point, d.capacity, d.booked,
       h.live as held,
       greatest(least(d.capacity - d.booked - h.live,
                      (select f.free from departure_resource_free f where f.departure_id = d.id)), 0) as free,
       (select count(*) from waitlist_entries w left join holds o on o.id = w.offer_hold_id
         where w.departure_id = d.id
           and (w.status = 'waiting' or (w.status = 'offered' and o.expires_at > clock_timestamp()))) as waitlist,
       d.status, d.weather_status, d.weather_note, d.adult_price_minor, d.child_price_minor, d.currency,
       array(select g.guide_id from departure_guides g
              where g.departure_id = d.id and g.active order by g.guide_id) as guide_ids,
       case when not d.has_resources then
           (select r.kind from departures o
              join departure_resources odr on odr.departure_id = o.id
              join resources r on r.id = odr.resource_id
             where o.tour_id = d.tour_id
             order by o.starts_at desc, r.id limit 1) end as missing_resource
  from departures d
  join tours t on t.id = d.tour_id
  cross join lateral (select coalesce(sum(seats), 0)::int as live from holds
                       where departure_id = d.id and status = 'active' and expires_at > clock_timestamp()) h";

impl Core {
    /// Adds a departure; the tour is created on first use.
    #[tracing::instrument(skip(self))]
    pub async fn add_departure(&self, new: &NewDeparture) -> Result<(DepartureId, bool)> {
        self.allow(Action::ManageDepartures, "add departures")?;
        let tour = new.tour.trim();
        if tour.is_empty() {
            return Err(BookingError::invalid("tour", "the tour name is empty"));
        }
        if new.capacity == 0 || new.capacity > 1_000_000 {
            return Err(BookingError::invalid(
                "capacity",
                "capacity must be between 1 and 1000000 seats",
            ));
        }
        let max = crate::domain::money::MAX_PRICE_MINOR;
        if !(0..=max).contains(&new.adult_price_minor) || !(0..=max).contains(&new.child_price_minor) {
            return Err(BookingError::invalid(
                "price",
                format!("prices are in minor units (kopecks), from 0 to {max}"),
            ));
        }
        if new.starts_at <= chrono::Utc::now() {
            return Err(BookingError::invalid(
                "starts_at",
                format!(
                    "{} has already passed; a departure must start in the future",
                    new.starts_at
                ),
            ));
        }
        if crate::domain::money::Currency::parse(&new.currency).is_none() {
            return Err(BookingError::invalid(
                "currency",
                "use a three-letter ISO code such as RUB",
            ));
        }
        // validated again on the server (api.add_departure), which is the one that counts
        let (id, created): (i64, bool) =
            sqlx::query_as("select * from api.add_departure($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(self.session())
                .bind(tour)
                .bind(new.starts_at)
                .bind(new.time_zone.name())
                .bind(new.capacity as i32)
                .bind(new.adult_price_minor)
                .bind(new.child_price_minor)
                .bind(&new.currency)
                .bind(&new.meeting_point)
                .fetch_one(&self.pool)
                .await?;
        Ok((DepartureId(id), created))
    }

    /// Departures starting in [from, to), earliest first.
    pub async fn list_departures(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Departure>> {
        let sql =
            format!("{DEPARTURE_SELECT} where d.starts_at >= $1 and d.starts_at < $2 order by d.starts_at, t.name");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn departure(&self, id: DepartureId) -> Result<Departure> {
        let sql = format!("{DEPARTURE_SELECT} where d.id = $1");
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| BookingError::not_found("departure", id))
    }

    /// Seats right now: expired holds count as free even before the sweeper ran.
    #[tracing::instrument(skip(self))]
    pub async fn availability(&self, id: DepartureId) -> Result<Availability> {
        let d = self.departure(id).await?;
        Ok(Availability {
            departure_id: d.id,
            capacity: d.capacity,
            booked: d.booked,
            held: d.held,
            // a cancelled departure sells nothing, nor one whose check-in closed
            free: match d.status {
                DepartureStatus::Scheduled => d.free,
                DepartureStatus::Cancelled | DepartureStatus::Closed => 0,
            },
            waitlist: d.waitlist,
            status: d.status,
        })
    }
}

impl Core {
    /// Seats of confirmed bookings, counted from the bookings themselves
    /// (the benchmark and the tests compare it with the `booked` counter).
    pub async fn booked_seats(&self, id: DepartureId) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "select coalesce(sum(seats), 0)::int8 from bookings where departure_id = $1 and status = 'confirmed'",
        )
        .bind(id.0)
        .fetch_one(&self.pool)
        .await?)
    }
}

impl Core {
    /// The time zone of the next departure, else the operator's (the kiosk's clock).
    pub async fn next_time_zone(&self) -> Result<String> {
        next_time_zone(&self.pool).await
    }
}

/// The zone of the next departure (or one that left in the last 12 hours),
/// else the operator's: what the kiosk's clock shows before anyone has
/// logged in (no session yet, so the table, not api.time_zone: the app role
/// may read that one column).
pub async fn next_time_zone(pool: &sqlx::PgPool) -> Result<String> {
    Ok(sqlx::query_scalar(
        "select coalesce((select d.time_zone from departures d
                           where d.starts_at > now() - interval '12 hours'
                           order by d.starts_at limit 1),
                         (select o.time_zone from operator_settings o))",
    )
    .fetch_one(pool)
    .await?)
}
