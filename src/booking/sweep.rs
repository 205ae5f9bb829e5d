//! The sweeper: expires dead holds and offers and promotes the waitlist.
//! Correctness never depends on it (expiry is checked under the lock); it
//! only tidies and passes seats on. Safe to run repeatedly and concurrently.
//! It also refunds in full the weather parties still not rebooked after
//! their due time (sql/core/td_rebook_sweep.sql): nobody loses money by
//! waiting, and the refund is the server's rule, not the sweeper's choice.

use super::{Core, Result};
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct SweepReport {
    pub departures: usize,
    pub expired_seats: i64,
    pub offers: i64,
    /// audit rows sealed into the hash chain (0 when another sealer was at work)
    pub audit_sealed: i64,
    /// departures whose people became missing since the last sweep (past the
    /// end plus the grace period): announced once each (rollcall.rs)
    pub missing_departures: i64,
}

impl Core {
    #[tracing::instrument(skip(self))]
    pub async fn sweep(&self) -> Result<SweepReport> {
        // departures with something to do: a dead hold, free seats and a queue,
        // or a weather party not rebooked by its due time (refunded in full)
        let ids: Vec<i64> = sqlx::query_scalar(
            "select d.id from departures d
              where (
                    exists (select 1 from holds h where h.departure_id = d.id and h.status = 'active'
                                                     and h.expires_at <= clock_timestamp())
                 or (d.status = 'scheduled' and d.booked + d.held < d.capacity and d.starts_at > clock_timestamp()
                     and exists (select 1 from waitlist_entries w where w.departure_id = d.id and w.status = 'waiting'))
                 or exists (select 1 from rebookings r where r.departure_id = d.id and r.status = 'open'
                                                        and r.due_at <= clock_timestamp()))
              order by d.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut report = SweepReport::default();
        for id in ids {
            let (expired, offers): (i32, i32) = sqlx::query_as("select * from api.sweep_departure($1, $2)")
                .bind(self.session())
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
            report.departures += 1;
            report.expired_seats += i64::from(expired);
            report.offers += i64::from(offers);
        }
        report.missing_departures = self.rollcall_sweep().await?;
        // seal the audit rows committed since the last sweep (audit.rs); never
        // waits: when another sealer holds the chain it seals these too
        let sealed: i32 = sqlx::query_scalar("select td_audit_seal(false)")
            .fetch_one(&self.pool)
            .await?;
        report.audit_sealed = i64::from(sealed);
        Ok(report)
    }

    /// Sweeps one departure in a transaction of its own. A refused sale calls
    /// this: the refusal rolls back the expired holds it reclaimed, and their
    /// seats must still be freed (and offered to the waitlist) before the
    /// answer is final. Returns the seats that dead holds gave back.
    pub(super) async fn tidy_departure(&self, departure: crate::domain::DepartureId) -> Result<i32> {
        let (expired, _offers): (i32, i32) = sqlx::query_as("select * from api.sweep_departure($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(expired)
    }
}
