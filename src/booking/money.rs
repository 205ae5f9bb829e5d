//! Money after the sale: a booking's payments and refunds are rows of the
//! ledger (migrations/0018_ledger.sql), and its paid / refunded / balance
//! are derived from them by one server function (sql/core/td_ledger_post.sql).
//!
//! Who may: taking a payment is the desk's (as selling is); a refund of an
//! amount the clerk chooses is a manager's (`Action::Refund`) — the amount
//! is the client's word, so it overrides the refund rules, and overriding
//! them is already a manager's (`cancel --refund-percent`). A cancellation's
//! refund by the rules stays the desk's (`cancel`). The server checks both
//! again from the session; the checks here only spare a round trip.
//!
//! Both writes carry the client's key: a retry with the same key and the
//! same request returns the first answer, anything else under that key is
//! IDEMPOTENCY_CONFLICT. Both queue on the departure's gate and lock the
//! departure's row before the booking's, as every write of a booking does.

use super::{BookingError, Core, Result};
use crate::domain::{Action, DepartureId, LedgerKind, PaymentMethod, PaymentStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// The longest refund reason (it is kept on the row and in the audit).
pub const REFUND_REASON_MAX: usize = 500;
/// The longest slip number or transfer reference.
pub const REFERENCE_MAX: usize = 100;

/// A payment taken or a refund given: the row, and the booking's money
/// right after it (also on a replay: the same answer as the first time).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MoneyMoved {
    pub entry_id: i64,
    pub booking_number: String,
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub currency: String,
    pub method: PaymentMethod,
    /// the slip number or transfer reference ('' for cash)
    pub reference: String,
    /// why money went back ('' for a payment)
    pub reason: String,
    pub at: DateTime<Utc>,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    /// what is still due: total less paid
    pub balance_minor: i64,
    pub payment_status: PaymentStatus,
    /// true when the key had been used for this request before
    pub replayed: bool,
}

/// One row of a booking's ledger, with who took or gave it and where.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct LedgerEntry {
    pub entry_id: i64,
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub currency: String,
    pub method: PaymentMethod,
    pub reference: String,
    pub reason: String,
    pub staff_name: String,
    pub device_name: String,
    pub at: DateTime<Utc>,
}

impl Core {
    /// Takes `amount_minor` of a booking's unpaid balance (cash; card with the
    /// slip number; transfer with its reference; voucher with its code). More
    /// than the balance is EXCEEDS_BALANCE with the balance; a voucher's own
    /// refusals are VOUCHER_NOT_ACCEPTED (currency), VOUCHER_EXPIRED and
    /// VOUCHER_INSUFFICIENT (sql/core/td_voucher_redeem.sql).
    #[tracing::instrument(skip(self))]
    pub async fn pay(
        &self,
        booking_number: &str,
        amount_minor: i64,
        method: PaymentMethod,
        reference: &str,
        key: Uuid,
    ) -> Result<MoneyMoved> {
        self.allow(Action::Sell, "take payments")?;
        let reference = check_payment(amount_minor, method, reference)?;
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        let departure = self.departure_of_booking(&number).await?;
        let turn = self.gates.enter(departure).await;
        let moved = self
            .resend(Some(key), || {
                sqlx::query_as::<_, MoneyMoved>("select * from api.pay($1, $2, $3, $4, $5, $6)")
                    .bind(self.session())
                    .bind(&number)
                    .bind(amount_minor)
                    .bind(method.as_str())
                    .bind(reference)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(turn);
        Ok(moved)
    }

    /// Refunds `amount_minor` of what a booking paid, with a reason (a
    /// manager's). More than paid less refunded is EXCEEDS_REFUNDABLE.
    #[tracing::instrument(skip(self))]
    pub async fn refund(&self, booking_number: &str, amount_minor: i64, reason: &str, key: Uuid) -> Result<MoneyMoved> {
        self.allow(Action::Refund, "refund an amount of their choosing (a manager does)")?;
        check_amount(amount_minor)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(BookingError::invalid(
                "refund reason",
                "a refund needs a reason (what happened, who agreed)",
            ));
        }
        check_line("refund reason", reason, REFUND_REASON_MAX)?;
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        let departure = self.departure_of_booking(&number).await?;
        let turn = self.gates.enter(departure).await;
        let moved = self
            .resend(Some(key), || {
                sqlx::query_as::<_, MoneyMoved>("select * from api.refund($1, $2, $3, $4, $5)")
                    .bind(self.session())
                    .bind(&number)
                    .bind(amount_minor)
                    .bind(reason)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(turn);
        Ok(moved)
    }

    /// A booking's payments and refunds, oldest first.
    #[tracing::instrument(skip(self))]
    pub async fn ledger(&self, booking_number: &str) -> Result<Vec<LedgerEntry>> {
        let number = crate::domain::codes::normalize_booking_number(booking_number);
        Ok(sqlx::query_as::<_, LedgerEntry>("select * from api.ledger($1, $2)")
            .bind(self.session())
            .bind(&number)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The departure a booking is on: the gate to queue at.
    pub(super) async fn departure_of_booking(&self, number: &str) -> Result<DepartureId> {
        let departure: Option<i64> = sqlx::query_scalar("select departure_id from bookings where booking_number = $1")
            .bind(number)
            .fetch_optional(&self.pool)
            .await?;
        departure
            .map(DepartureId)
            .ok_or_else(|| BookingError::not_found("booking", number))
    }
}

fn check_amount(amount_minor: i64) -> Result<()> {
    if amount_minor <= 0 {
        return Err(BookingError::invalid(
            "amount",
            format!("{amount_minor} is not an amount: give a positive number of minor units (kopecks)"),
        ));
    }
    Ok(())
}

fn check_line(field: &'static str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(BookingError::invalid(
            field,
            format!("one line of at most {max} characters"),
        ));
    }
    Ok(())
}

/// A payment's amount, method and reference before anything is sent (the
/// server checks them again): the reference trimmed.
fn check_payment(amount_minor: i64, method: PaymentMethod, reference: &str) -> Result<&str> {
    let reference = reference.trim();
    match method {
        PaymentMethod::Voucher if reference.is_empty() => {
            return Err(BookingError::invalid(
                "payment reference",
                "a voucher payment needs the voucher's code (--reference V-XXXXX-XXXXX)",
            ));
        }
        PaymentMethod::Card if reference.is_empty() => {
            return Err(BookingError::invalid(
                "payment reference",
                "a card payment needs the terminal slip's number (--reference)",
            ));
        }
        PaymentMethod::Transfer if reference.is_empty() => {
            return Err(BookingError::invalid(
                "payment reference",
                "a transfer needs the bank's reference (--reference)",
            ));
        }
        PaymentMethod::Unpaid => {
            return Err(BookingError::invalid(
                "method",
                "unpaid is not a way to pay: one of cash, card, transfer, voucher",
            ));
        }
        PaymentMethod::Cash | PaymentMethod::Card | PaymentMethod::Transfer | PaymentMethod::Voucher => {}
    }
    check_amount(amount_minor)?;
    check_line("payment reference", reference, REFERENCE_MAX)?;
    Ok(reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorCode;

    #[test]
    fn a_payment_is_checked_before_it_is_sent() {
        fn code(r: Result<&str>) -> std::result::Result<&str, ErrorCode> {
            r.map_err(|e| e.code())
        }
        assert_eq!(code(check_payment(100, PaymentMethod::Cash, " ")), Ok(""));
        assert_eq!(code(check_payment(100, PaymentMethod::Card, " 42 ")), Ok("42"));
        assert_eq!(
            code(check_payment(100, PaymentMethod::Card, "")),
            Err(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(check_payment(100, PaymentMethod::Transfer, "  ")),
            Err(ErrorCode::InvalidInput)
        );
        assert_eq!(code(check_payment(100, PaymentMethod::Voucher, " V-1 ")), Ok("V-1"));
        assert_eq!(
            code(check_payment(100, PaymentMethod::Voucher, "")),
            Err(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(check_payment(0, PaymentMethod::Cash, "")),
            Err(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(check_payment(-5, PaymentMethod::Cash, "")),
            Err(ErrorCode::InvalidInput)
        );
        assert_eq!(
            code(check_payment(1, PaymentMethod::Card, "a\nb")),
            Err(ErrorCode::InvalidInput)
        );
    }
}
