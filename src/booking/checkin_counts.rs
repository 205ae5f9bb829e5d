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
}
