//! After a weather cancellation: the parties to rebook and how each is
//! resolved (migrations/0022_rebookings.sql), and the vouchers a credit
//! issues. The server decides everything that matters — the amount refunded
//! or credited is what the booking holds, the voucher's code and expiry are
//! its own, the due time its setting — so the calls here carry only who
//! (the session), which booking and the client's key.
//!
//! Who may: resolving a party (refund, credit) is a cancel of its booking,
//! so the desk's and the manager's (`Action::Cancel`); the list of parties,
//! the plan and a voucher show contacts and money, so the seller's
//! (`Action::Sell`). The move (the third way to resolve) is
//! `api.booking_move`'s, which closes the case through td_rebook_resolve.

use super::{BookingError, Core, Result};
use crate::domain::{Action, DepartureId, RebookStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// How a party's case ended (also on a replay of the same key).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RebookOutcome {
    pub booking_number: String,
    pub status: RebookStatus,
    /// what went back (0 for a credit)
    pub refund_minor: i64,
    /// the voucher issued by a credit
    pub voucher_code: Option<String>,
    pub voucher_amount_minor: Option<i64>,
    pub voucher_expires_at: Option<DateTime<Utc>>,
    pub currency: String,
    pub resolved_at: Option<DateTime<Utc>>,
    /// true when the key had been used for this request before
    pub replayed: bool,
}

/// A party of a departure cancelled for weather, open or resolved.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RebookParty {
    pub booking_number: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub seats: i32,
    pub adults: i32,
    pub children: i32,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    pub currency: String,
    pub status: RebookStatus,
    pub opened_at: DateTime<Utc>,
    /// after this the sweep refunds the party in full
    pub due_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub voucher_code: Option<String>,
    /// a moved party: the departure the move that resolved it went to
    pub moved_to: Option<i64>,
    pub moved_to_starts_at: Option<DateTime<Utc>>,
    pub moved_to_time_zone: Option<String>,
}

/// One line of the bulk rebooking's preview: an open party and the
/// alternative it would go to (None: it fits on none of them).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PlannedParty {
    pub booking_number: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub seats: i32,
    pub to_departure: Option<i64>,
    pub to_starts_at: Option<DateTime<Utc>>,
    pub to_time_zone: Option<String>,
}

/// One party of the bulk rebooking (`api.rebook_move`): where it went, or
/// None when it fits on none of the alternatives (it stays to rebook).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RebookMove {
    pub booking_number: String,
    pub seats: i32,
    pub to_departure_id: Option<i64>,
    /// the same run again: this party's first move
    pub replayed: bool,
}

/// A voucher as `api.voucher` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Voucher {
    pub code: String,
    pub amount_minor: i64,
    pub remaining_minor: i64,
    pub currency: String,
    pub expires_at: DateTime<Utc>,
    pub expired: bool,
    /// the booking it was issued for
    pub issued_for: String,
    pub created_at: DateTime<Utc>,
}

/// Which way a party is resolved at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// everything the booking holds goes back
    Refund,
    /// a voucher for everything the booking holds
    Credit,
}

impl Core {
    /// Resolves a party to rebook by a refund in full or by credit
    /// (a voucher). NOT_TO_REBOOK when the booking has no open case.
    #[tracing::instrument(skip(self))]
    pub async fn rebook_resolve(&self, booking_number: &str, how: Resolution, key: Uuid) -> Result<RebookOutcome> {
        self.allow(Action::Cancel, "resolve a party to rebook")?;
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        let departure = self.departure_of_booking(&number).await?;
        let sql = match how {
            Resolution::Refund => "select * from api.rebook_refund($1, $2, $3)",
            Resolution::Credit => "select * from api.rebook_credit($1, $2, $3)",
        };
        let turn = self.gates.enter(departure).await;
        let outcome = self
            .resend(Some(key), || {
                sqlx::query_as::<_, RebookOutcome>(sql)
                    .bind(self.session())
                    .bind(&number)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(turn);
        Ok(outcome)
    }

    /// The parties of a departure cancelled for weather, in order of booking.
    #[tracing::instrument(skip(self))]
    pub async fn rebookings(&self, departure: DepartureId) -> Result<Vec<RebookParty>> {
        self.allow(Action::Sell, "see the parties to rebook")?;
        Ok(sqlx::query_as("select * from api.rebookings($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The preview of moving every open party onto `to` (greedy, in order of
    /// booking, over the seats free now). Changes nothing.
    #[tracing::instrument(skip(self))]
    pub async fn rebook_plan(&self, departure: DepartureId, to: &[DepartureId]) -> Result<Vec<PlannedParty>> {
        self.allow(Action::Sell, "plan the rebooking of a departure")?;
        if to.is_empty() {
            return Err(BookingError::invalid(
                "to",
                "name at least one departure to rebook onto (--to ID)",
            ));
        }
        let to: Vec<i64> = to.iter().map(|d| d.0).collect();
        Ok(sqlx::query_as("select * from api.rebook_plan($1, $2, $3)")
            .bind(self.session())
            .bind(departure.0)
            .bind(&to)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Moves one open party onto the first of `to` with room (free of
    /// charge, its case closed); `key` is the whole run's: running it again
    /// answers the party's first move. A lost answer is asked again with the
    /// same key (then OUTCOME_UNKNOWN), as every keyed write.
    #[tracing::instrument(skip(self))]
    pub async fn rebook_move(&self, booking_number: &str, to: &[DepartureId], key: Uuid) -> Result<RebookMove> {
        self.allow(Action::Sell, "rebook parties after a weather cancellation")?;
        let to: Vec<i64> = to.iter().map(|d| d.0).collect();
        self.resend(Some(key), || {
            sqlx::query_as::<_, RebookMove>("select * from api.rebook_move($1, $2, $3, $4)")
                .bind(self.session())
                .bind(booking_number)
                .bind(&to)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// A voucher by its code (as typed: case, spaces and dashes forgiven).
    #[tracing::instrument(skip(self))]
    pub async fn voucher(&self, code: &str) -> Result<Voucher> {
        self.allow(Action::Sell, "look up vouchers")?;
        Ok(sqlx::query_as("select * from api.voucher($1, $2)")
            .bind(self.session())
            .bind(code)
            .fetch_one(&self.pool)
            .await?)
    }
}
