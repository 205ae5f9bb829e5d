//! Weather: status and note per departure, and cancelling a departure for
//! weather (every party to rebook, money kept, contacts told of the choice;
//! alternatives listed) or for the operator (every booking refunded in full).
//! What happens to the parties afterwards is rebook.rs.

use super::{BookingError, Core, Result};
use crate::domain::refund::CancelReason;
use crate::domain::{Action, DepartureId};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::domain::WeatherStatus;

/// Another departure of the same tour with free seats, to rebook people onto.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Alternative {
    pub departure_id: DepartureId,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub free: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartureCancellation {
    pub departure_id: DepartureId,
    pub bookings_cancelled: i32,
    pub refund_percent: i32,
    pub refund_total_minor: i64,
    pub notifications_queued: i64,
    pub already_cancelled: bool,
    /// weather: the parties now to rebook (money kept; none refunded yet)
    pub to_rebook: i32,
    /// weather: when the sweep refunds a party still not rebooked
    pub rebook_due_at: Option<DateTime<Utc>>,
    pub alternatives: Vec<Alternative>,
}

impl Core {
    #[tracing::instrument(skip(self))]
    pub async fn set_weather(&self, departure: DepartureId, status: WeatherStatus, note: &str) -> Result<()> {
        self.allow(Action::Weather, "set the weather status")?;
        sqlx::query("select api.set_weather($1, $2, $3, $4)")
            .bind(self.session())
            .bind(departure.0)
            .bind(status.as_str())
            .bind(note.trim())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Cancels the whole departure. Operator: every booking gets the refund
    /// the policy gives (100 %). Weather: every booking becomes a party to
    /// rebook, refunded by nobody yet (`refund_percent` is what a refund
    /// would be).
    #[tracing::instrument(skip(self))]
    pub async fn cancel_departure(
        &self,
        departure: DepartureId,
        reason: CancelReason,
        note: &str,
    ) -> Result<DepartureCancellation> {
        self.allow(Action::Weather, "cancel a departure")?;
        if !matches!(reason, CancelReason::Weather | CancelReason::Operator) {
            return Err(BookingError::invalid(
                "reason",
                "a whole departure is cancelled for weather or operator reasons",
            ));
        }
        // the refund is the server's: its rules, its clock
        #[allow(clippy::type_complexity)]
        let (bookings_cancelled, refund_total_minor, already, refund_percent, notifications_queued, to_rebook, due): (
            i32,
            i64,
            bool,
            i32,
            i64,
            i32,
            Option<DateTime<Utc>>,
        ) = sqlx::query_as("select * from api.cancel_departure($1, $2, $3, $4)")
            .bind(self.session())
            .bind(departure.0)
            .bind(reason.as_str())
            .bind(note.trim())
            .fetch_one(&self.pool)
            .await?;
        Ok(DepartureCancellation {
            departure_id: departure,
            bookings_cancelled,
            refund_percent,
            refund_total_minor,
            notifications_queued,
            already_cancelled: already,
            to_rebook,
            rebook_due_at: due,
            alternatives: self.alternatives(departure, 5).await?,
        })
    }

    /// The next departures of the same tour that still have free seats
    /// (expired holds count as free, as everywhere, sweeper or not).
    pub async fn alternatives(&self, departure: DepartureId, limit: i64) -> Result<Vec<Alternative>> {
        Ok(sqlx::query_as(
            "select * from (
                select o.id as departure_id, o.starts_at, o.time_zone,
                       (o.capacity - o.booked - coalesce((select sum(seats) from holds h where h.departure_id = o.id
                           and h.status = 'active' and h.expires_at > clock_timestamp()), 0))::int as free
                  from departures d join departures o on o.tour_id = d.tour_id and o.id <> d.id
                 where d.id = $1 and o.status = 'scheduled' and o.starts_at > now()
             ) a
             where a.free > 0
             order by a.starts_at limit $2",
        )
        .bind(departure.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
