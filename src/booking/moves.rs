//! Moving a booking to another departure (same tour or another), keeping its
//! number, code, participants and their details: one server call
//! (`api.booking_move`, sql/core/td_move.sql), and its preview
//! (`api.move_quote`), which changes nothing.
//!
//! Who pays is the reason's: a `customer` move is re-priced by the target's
//! rules (dearer: the balance grows; cheaper: the refund tier of the source
//! applies to what goes back); an `operator` or `weather` move costs the
//! customer nothing (a cheaper target refunds only when asked). The money
//! follows the one rule a change of the party follows too
//! (sql/core/td_settle.sql): the balance is total less paid, what was paid
//! beyond a price stays in the total and is carried along. The server
//! decides the money, the refund tier and the time — the client sends the
//! booking, the target, the reason, its key, and the new total its quote
//! showed: only compared, as a sale's figure is — another one under the
//! move's locks is PRICE_CHANGED, nothing changed, and the kiosk shows the
//! new quote to confirm.
//!
//! Gates: a move writes two departures, so it queues at both of this
//! process's gates, in ascending id order (as the server locks the rows):
//! two moves in opposite directions cannot hold one gate each and wait for
//! the other.

use super::{BookingError, Core, Result};
use crate::domain::{Action, DepartureId, MoveReason, PaymentStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// What a move asks for besides its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRequest {
    pub booking_number: String,
    pub to: DepartureId,
    pub reason: MoveReason,
    /// a free move to a cheaper departure gives back what was paid beyond
    /// its price (otherwise a free move refunds nothing)
    pub refund_difference: bool,
    /// the new total the customer was shown (the quote's
    /// `new_total_minor`); `None`: the move quotes first and sends that
    /// (a script that showed nobody a figure)
    pub expected_total: Option<i64>,
}

impl MoveRequest {
    pub fn new(booking_number: &str, to: DepartureId, reason: MoveReason) -> MoveRequest {
        MoveRequest {
            booking_number: crate::domain::codes::normalize_booking_number(booking_number),
            to,
            reason,
            refund_difference: false,
            expected_total: None,
        }
    }

    /// The move its quote showed: refused (PRICE_CHANGED) if the server's
    /// figure is another one by then.
    pub fn as_quoted(mut self, quote: &MoveQuote) -> MoveRequest {
        self.expected_total = Some(quote.new_total_minor);
        self
    }
}

/// What a move would do (`api.move_quote`): nothing has changed.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MoveQuote {
    pub booking_number: String,
    pub from_departure_id: i64,
    pub to_departure_id: i64,
    pub reason: MoveReason,
    pub seats: i32,
    pub old_total_minor: i64,
    pub new_total_minor: i64,
    /// the target's price now less the old total (for a free move: what
    /// the customer is spared, or not given back)
    pub price_difference_minor: i64,
    pub refund_percent: i32,
    pub refund_minor: i64,
    /// what the party would owe more (the balance the move adds)
    pub charge_minor: i64,
    /// what would still be due after the move
    pub balance_minor: i64,
    pub currency: String,
    /// seats free on the target now
    pub free_seats: i32,
    /// the party fits on the target now (the move decides again)
    pub fits: bool,
}

/// A move done (or the first one, on a retry with its key).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Moved {
    pub booking_number: String,
    pub confirmation_code: String,
    pub from_departure_id: i64,
    pub to_departure_id: i64,
    pub reason: MoveReason,
    pub seats: i32,
    pub old_total_minor: i64,
    pub new_total_minor: i64,
    pub price_difference_minor: i64,
    pub refund_percent: i32,
    /// given back by the ledger (a refund row)
    pub refund_minor: i64,
    /// the balance the move added: take it with `pay`
    pub charge_minor: i64,
    pub balance_minor: i64,
    pub payment_status: PaymentStatus,
    pub currency: String,
    /// the tickets' new generation: earlier codes answer "reissued"
    pub ticket_generation: i32,
    /// waitlist offers made on the source with the seats it freed
    pub waitlist_offers: i32,
    pub at: DateTime<Utc>,
    /// true when the key had been used for this move before
    pub replayed: bool,
}

impl Core {
    /// What moving a booking would do: the price difference, the refund or
    /// charge, whether the party fits. Changes nothing.
    #[tracing::instrument(skip(self))]
    pub async fn move_quote(&self, request: &MoveRequest) -> Result<MoveQuote> {
        self.allow(Action::Sell, "move bookings")?;
        Ok(
            sqlx::query_as::<_, MoveQuote>("select * from api.move_quote($1, $2, $3, $4, $5)")
                .bind(self.session())
                .bind(&request.booking_number)
                .bind(request.to.0)
                .bind(request.reason.as_str())
                .bind(request.refund_difference)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Moves a booking to another departure. SOLD_OUT (nothing changed) when
    /// the party does not fit; PRICE_CHANGED (nothing changed) when the new
    /// total is no longer the one expected; a retry with the same key
    /// returns the first move.
    #[tracing::instrument(skip(self))]
    pub async fn move_booking(&self, request: &MoveRequest, key: Uuid) -> Result<Moved> {
        self.allow(Action::Sell, "move bookings")?;
        // no figure shown: today's (a quote refused is a retry of a move
        // made, answered by its key, or the server says why)
        let expected = match request.expected_total {
            Some(total) => Some(total),
            None => self.move_quote(request).await.ok().map(|q| q.new_total_minor),
        };
        let from = self.departure_of_booking(&request.booking_number).await?;
        let (first, second) = if from.0 <= request.to.0 {
            (from, request.to)
        } else {
            (request.to, from)
        };
        let turn = self.gates.enter(first).await;
        let other = if second == first {
            None
        } else {
            self.gates.enter(second).await
        };
        let moved = self
            .resend(Some(key), || {
                sqlx::query_as::<_, Moved>("select * from api.booking_move($1, $2, $3, $4, $5, $6, $7)")
                    .bind(self.session())
                    .bind(&request.booking_number)
                    .bind(request.to.0)
                    .bind(request.reason.as_str())
                    .bind(key)
                    .bind(expected)
                    .bind(request.refund_difference)
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(other);
        drop(turn);
        Ok(moved)
    }
}

impl From<&MoveQuote> for BookingError {
    /// A quote whose party does not fit, as the move would refuse it.
    fn from(q: &MoveQuote) -> BookingError {
        BookingError::SoldOut {
            requested: i64::from(q.seats),
            free: i64::from(q.free_seats),
        }
    }
}
