//! Holds: seats kept for a customer while the clerk takes their details.

use super::{
    BookingError, Core, HOLD_TTL_DEFAULT_MINUTES, HOLD_TTL_MAX_MINUTES, HOLD_TTL_MIN_MINUTES, Result, interval,
};
use crate::domain::{Action, DepartureId, HoldId, HoldStatus, Party};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct Hold {
    pub hold_id: HoldId,
    pub departure_id: DepartureId,
    pub adults: u32,
    pub children: u32,
    pub expires_at: DateTime<Utc>,
    /// true when this key was seen before and the first hold is returned
    pub replayed: bool,
}

fn ttl(minutes: Option<u32>) -> Result<Duration> {
    let m = minutes.unwrap_or(HOLD_TTL_DEFAULT_MINUTES);
    if !(HOLD_TTL_MIN_MINUTES..=HOLD_TTL_MAX_MINUTES).contains(&m) {
        return Err(BookingError::invalid(
            "ttl",
            format!("a hold lasts {HOLD_TTL_MIN_MINUTES} to {HOLD_TTL_MAX_MINUTES} minutes, not {m}"),
        ));
    }
    Ok(Duration::from_secs(u64::from(m) * 60))
}

impl Core {
    /// Holds seats for `ttl_minutes` (5–30, default 15).
    pub async fn hold(&self, departure: DepartureId, party: Party, ttl_minutes: Option<u32>) -> Result<Hold> {
        self.hold_with_key(departure, party, ttl_minutes, Uuid::now_v7()).await
    }

    /// As [`Core::hold`], idempotent on `key`: a retry with the same key returns
    /// the first hold (`replayed`) instead of holding the seats twice.
    #[tracing::instrument(skip(self))]
    pub async fn hold_with_key(
        &self,
        departure: DepartureId,
        party: Party,
        ttl_minutes: Option<u32>,
        key: Uuid,
    ) -> Result<Hold> {
        self.allow(Action::Sell, "hold seats")?;
        let ttl = ttl(ttl_minutes)?;
        let mut tidied = false;
        let (id, expires_at, replayed) = loop {
            let turn = self.gates.enter(departure).await;
            let result: Result<(i64, DateTime<Utc>, bool)> = self
                .resend(Some(key), || {
                    sqlx::query_as("select * from api.hold($1, $2, $3, $4, $5, $6)")
                        .bind(self.session())
                        .bind(departure.0)
                        .bind(party.adults() as i32)
                        .bind(party.children() as i32)
                        .bind(interval(ttl))
                        .bind(key)
                        .fetch_one(&self.pool)
                })
                .await;
            drop(turn);
            match result {
                // dead holds reclaimed by the refused attempt were rolled back with it
                Err(BookingError::SoldOut { .. }) if !tidied && self.tidy_departure(departure).await? > 0 => {
                    tidied = true;
                }
                other => break other?,
            }
        };
        Ok(Hold {
            hold_id: HoldId(id),
            departure_id: departure,
            adults: party.adults(),
            children: party.children(),
            expires_at,
            replayed,
        })
    }

    /// Pushes the expiry `ttl_minutes` (default 15) from now, up to two hours
    /// after the hold was made.
    #[tracing::instrument(skip(self))]
    pub async fn extend_hold(&self, hold: HoldId, ttl_minutes: Option<u32>) -> Result<DateTime<Utc>> {
        self.allow(Action::Sell, "extend holds")?;
        let ttl = ttl(ttl_minutes)?;
        Ok(sqlx::query_scalar("select api.extend_hold($1, $2, $3)")
            .bind(self.session())
            .bind(hold.0)
            .bind(interval(ttl))
            .fetch_one(&self.pool)
            .await?)
    }

    /// A hold as it stands (its status aside: see availability for live seats).
    pub async fn hold_info(&self, hold: HoldId) -> Result<Hold> {
        let row: Option<(i64, i32, i32, DateTime<Utc>)> =
            sqlx::query_as("select departure_id, adults, children, expires_at from holds where id = $1")
                .bind(hold.0)
                .fetch_optional(&self.pool)
                .await?;
        let (departure, adults, children, expires_at) = row.ok_or_else(|| BookingError::not_found("hold", hold))?;
        Ok(Hold {
            hold_id: hold,
            departure_id: DepartureId(departure),
            adults: adults as u32,
            children: children as u32,
            expires_at,
            replayed: false,
        })
    }

    /// Gives the seats back (and offers them to the waitlist). Returns the
    /// hold's final status: released, or what it already was.
    #[tracing::instrument(skip(self))]
    pub async fn release_hold(&self, hold: HoldId) -> Result<HoldStatus> {
        self.allow(Action::Sell, "release holds")?;
        Ok(sqlx::query_scalar("select api.release_hold($1, $2)")
            .bind(self.session())
            .bind(hold.0)
            .fetch_one(&self.pool)
            .await?)
    }
}
