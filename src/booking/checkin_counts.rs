//! How many people are checked in, per departure: the occupancy screen's
//! check-in gauges for today's few departures, without a manifest each.

use super::{Core, Result};
use crate::domain::{Action, DepartureId};

impl Core {
    /// Accepted (not undone) check-ins of live bookings, for each of
    /// `departures`; a departure nobody boarded yet is listed with 0.
    pub async fn checked_in_counts(&self, departures: &[DepartureId]) -> Result<Vec<(DepartureId, i64)>> {
        self.allow(Action::Read, "read check-ins")?;
        let ids: Vec<i64> = departures.iter().map(|d| d.0).collect();
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "select d.id, count(c.id)
               from unnest($1::int8[]) as d(id)
               left join check_ins c on c.departure_id = d.id and c.status = 'accepted'
                and exists (select 1 from participants p join bookings b on b.id = p.booking_id
                             where p.id = c.participant_id and b.status <> 'cancelled')
              group by d.id order by d.id",
        )
        .bind(&ids)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id, n)| (DepartureId(id), n)).collect())
    }

    /// Check-in rows of a departure: (accepted, all — duplicates and undone
    /// ones included). A sync replayed twice must leave both unchanged.
    pub async fn check_in_rows(&self, departure: DepartureId) -> Result<(i64, i64)> {
        self.allow(Action::Read, "read check-ins")?;
        Ok(sqlx::query_as(
            "select count(*) filter (where status = 'accepted'), count(*) from check_ins where departure_id = $1",
        )
        .bind(departure.0)
        .fetch_one(&self.pool)
        .await?)
    }
}
