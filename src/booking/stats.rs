//! Numbers for the manager: occupancy per day and tour, revenue, refunds,
//! cancellations by reason.

use super::{Core, Result};
use crate::domain::Action;
use crate::domain::money::Currency;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DayTourOccupancy {
    /// local date of the departures (their own time zone)
    pub day: NaiveDate,
    pub tour: String,
    pub departures: i64,
    pub capacity: i64,
    pub booked: i64,
    pub occupancy_percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub occupancy: Vec<DayTourOccupancy>,
    /// money taken for departures in the range, less refunds
    pub revenue_minor: i64,
    pub refunds_minor: i64,
    pub bookings: i64,
    pub cancellations_by_reason: BTreeMap<String, i64>,
    /// the bookings' (the first code, if they were sold in several), else
    /// the operator's
    pub currency: Currency,
}

impl Core {
    /// Stats for departures starting in [from, to).
    #[tracing::instrument(skip(self))]
    pub async fn stats(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Stats> {
        self.allow(Action::Stats, "see the numbers")?;
        let occupancy = sqlx::query_as(
            "select (d.starts_at at time zone d.time_zone)::date as day, t.name as tour, count(*) as departures,
                    sum(d.capacity)::int8 as capacity, sum(d.booked)::int8 as booked,
                    round(100.0 * sum(d.booked) / nullif(sum(d.capacity), 0), 1)::float8 as occupancy_percent
               from departures d join tours t on t.id = d.tour_id
              where d.starts_at >= $1 and d.starts_at < $2 and d.status <> 'cancelled'
              group by 1, 2 order by 1, 2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let (paid, refunds, bookings, currency): (i64, i64, i64, Option<String>) = sqlx::query_as(
            // refunds from the ledger's sums (a cancellation's and any other)
            "select coalesce(sum(b.paid_minor), 0)::int8,
                    coalesce(sum(b.refunded_minor), 0)::int8,
                    count(*) filter (where b.status = 'confirmed'),
                    min(b.currency)
               from bookings b join departures d on d.id = b.departure_id
              where d.starts_at >= $1 and d.starts_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        let reasons: Vec<(String, i64)> = sqlx::query_as(
            "select c.reason, count(*) from cancellations c
               join bookings b on b.id = c.booking_id join departures d on d.id = b.departure_id
              where d.starts_at >= $1 and d.starts_at < $2 group by 1 order by 1",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        // with no booking in range the operator's, not a guess
        let currency = match currency.as_deref().and_then(Currency::parse) {
            Some(c) => c,
            None => self.currency().await?,
        };
        Ok(Stats {
            from,
            to,
            occupancy,
            revenue_minor: paid - refunds,
            refunds_minor: refunds,
            bookings,
            cancellations_by_reason: reasons.into_iter().collect(),
            currency,
        })
    }
}
