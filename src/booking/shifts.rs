//! Cash-drawer shifts (migrations/0035_shifts.sql): a clerk opens a shift on
//! a device with an opening float, every payment and refund taken at that
//! device belongs to it (the server sets it in its one posting function),
//! cash goes in and out with a reason, the close counts the drawer by
//! denomination, and a manager's approval numbers the Z-report and freezes
//! the shift for good.
//!
//! Who may: opening, cash movements and the close are the desk's (as taking
//! money is); approval is a manager's (`Action::ApproveShifts`: the sign-off
//! is not the counting clerk's own). The device and the staff are the
//! session's — the server resolves them, nothing here names them. Every
//! write carries the client's key: a retry answers the first outcome.
//!
//! The arithmetic is the server's (sql/core/td_shift_tally.sql), per
//! currency and method: expected cash = float + in − out + cash payments −
//! cash refunds; card, transfer and voucher = their ledger sums; over/short
//! = counted − expected.

use super::{BookingError, Core, Result};
use crate::domain::{Action, CashMoveKind, DenominationKind, PaymentMethod, ShiftId, ShiftStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The longest reason of a cash movement (kept on its row and in the audit).
pub const CASH_REASON_MAX: usize = 200;

/// A shift as the server answers it (also on a replay of the same key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Shift {
    pub shift_id: ShiftId,
    pub device: String,
    /// the drawer's currency: the float's and the count's
    pub currency: String,
    pub status: ShiftStatus,
    /// the Z-report's number, given at approval
    pub z_number: Option<i32>,
    /// staff names; '' for the owner's scripts
    pub opened_by: String,
    pub opened_at: DateTime<Utc>,
    pub closed_by: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub approved_by: String,
    pub approved_at: Option<DateTime<Utc>>,
}

/// A shift write's answer: the shift, and whether the key had been used for
/// this request before.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ShiftWritten {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub shift: Shift,
    pub replayed: bool,
}

/// One currency and method of a shift: what the drawer (or the ledger)
/// should hold, and what was counted once it closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TallyLine {
    pub currency: String,
    pub method: PaymentMethod,
    /// cash only: the opening float, cash in, cash out
    pub float_minor: i64,
    pub cash_in_minor: i64,
    pub cash_out_minor: i64,
    pub payments: i32,
    pub payments_minor: i64,
    pub refunds: i32,
    pub refunds_minor: i64,
    pub expected_minor: i64,
    /// none while the shift is open; cash: the count; others: the ledger's sum
    pub counted_minor: Option<i64>,
    /// counted − expected: positive over, negative short
    pub over_short_minor: Option<i64>,
}

/// A shift and its figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftState {
    #[serde(flatten)]
    pub shift: Shift,
    pub tally: Vec<TallyLine>,
}

/// A cash movement as written (also on a replay).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CashMoved {
    pub move_id: i64,
    pub shift_id: ShiftId,
    pub kind: CashMoveKind,
    pub currency: String,
    pub amount_minor: i64,
    pub reason: String,
    pub at: DateTime<Utc>,
    pub replayed: bool,
}

/// Payments and refunds of a shift for one tour or staff member, in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportGroup {
    pub label: String,
    pub currency: String,
    pub payments: i32,
    pub payments_minor: i64,
    pub refunds: i32,
    pub refunds_minor: i64,
}

/// A cash movement as the Z-report lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportMove {
    pub kind: CashMoveKind,
    pub reason: String,
    pub staff: String,
    pub currency: String,
    pub amount_minor: i64,
    pub at: DateTime<Utc>,
}

/// The Z-report of a shift: its header, its figures by method, by tour and
/// by staff, and its cash movements. Numbered once approved (before that it
/// is a preview: `shift.z_number` is none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZReport {
    #[serde(flatten)]
    pub shift: Shift,
    pub by_method: Vec<TallyLine>,
    pub by_tour: Vec<ReportGroup>,
    pub by_staff: Vec<ReportGroup>,
    pub cash_moves: Vec<ReportMove>,
}

/// A note or coin of a currency (`currency_denominations`): what the close
/// counts, largest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Denomination {
    pub value_minor: i64,
    pub kind: DenominationKind,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    section: String,
    label: String,
    detail: String,
    currency: String,
    payments: i32,
    payments_minor: i64,
    refunds: i32,
    refunds_minor: i64,
    at: Option<DateTime<Utc>>,
}

impl Core {
    /// Opens a shift on this session's device with `float_minor` in the
    /// drawer (the operator's currency). SHIFT_ALREADY_OPEN when one is.
    #[tracing::instrument(skip(self))]
    pub async fn shift_open(&self, float_minor: i64, key: Uuid) -> Result<ShiftWritten> {
        self.allow(Action::Sell, "open a shift")?;
        if float_minor < 0 {
            return Err(BookingError::invalid(
                "float",
                "the cash in the drawer at the start, in minor units (kopecks): 0 or more",
            ));
        }
        self.resend(Some(key), || {
            sqlx::query_as::<_, ShiftWritten>("select * from api.shift_open($1, $2, $3)")
                .bind(self.session())
                .bind(float_minor)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Cash into or out of the open shift's drawer, with a reason.
    #[tracing::instrument(skip(self))]
    pub async fn shift_cash(
        &self,
        kind: CashMoveKind,
        amount_minor: i64,
        reason: &str,
        key: Uuid,
    ) -> Result<CashMoved> {
        self.allow(Action::Sell, "move cash in or out of the drawer")?;
        if kind == CashMoveKind::Float {
            return Err(BookingError::invalid("kind", "the float is given when the shift opens"));
        }
        if amount_minor <= 0 {
            return Err(BookingError::invalid(
                "amount",
                format!("{amount_minor} is not an amount: give a positive number of minor units (kopecks)"),
            ));
        }
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > CASH_REASON_MAX || reason.chars().any(char::is_control) {
            return Err(BookingError::invalid(
                "cash reason",
                format!("why the cash moves (e.g. fuel for the bus): one line of at most {CASH_REASON_MAX} characters"),
            ));
        }
        self.resend(Some(key), || {
            sqlx::query_as::<_, CashMoved>("select * from api.shift_cash($1, $2, $3, $4, $5)")
                .bind(self.session())
                .bind(kind.as_str())
                .bind(amount_minor)
                .bind(reason)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// Closes the shift open on this device with the drawer's count
    /// (`(value_minor, how many)` of each note and coin; one left out counts
    /// 0), and answers its figures: expected, counted, over/short.
    #[tracing::instrument(skip(self))]
    pub async fn shift_close(&self, counts: &[(i64, i32)], key: Uuid) -> Result<(ShiftWritten, Vec<TallyLine>)> {
        self.allow(Action::Sell, "close a shift")?;
        let values: Vec<i64> = counts.iter().map(|c| c.0).collect();
        let numbers: Vec<i32> = counts.iter().map(|c| c.1).collect();
        let closed = self
            .resend(Some(key), || {
                sqlx::query_as::<_, ShiftWritten>("select * from api.shift_close($1, $2, $3, $4)")
                    .bind(self.session())
                    .bind(&values)
                    .bind(&numbers)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        let tally = self.shift_tally(closed.shift.shift_id).await?;
        Ok((closed, tally))
    }

    /// A manager's sign-off of a closed shift: it takes the next Z number.
    #[tracing::instrument(skip(self))]
    pub async fn shift_approve(&self, shift: ShiftId, key: Uuid) -> Result<ShiftWritten> {
        self.allow(Action::ApproveShifts, "approve a shift (a manager does)")?;
        self.resend(Some(key), || {
            sqlx::query_as::<_, ShiftWritten>("select * from api.shift_approve($1, $2, $3)")
                .bind(self.session())
                .bind(shift)
                .bind(key)
                .fetch_one(&self.pool)
        })
        .await
    }

    /// A shift with its figures; none given: the one open on this device
    /// (NO_OPEN_SHIFT when there is none).
    #[tracing::instrument(skip(self))]
    pub async fn shift_status(&self, shift: Option<ShiftId>) -> Result<ShiftState> {
        let shift = self.shift(shift).await?;
        let tally = self.shift_tally(shift.shift_id).await?;
        Ok(ShiftState { shift, tally })
    }

    /// The shifts closed and awaiting approval on every device, oldest
    /// close first (a manager clears them: `shift approve`, the kiosk's `w`).
    #[tracing::instrument(skip(self))]
    pub async fn shifts_awaiting(&self) -> Result<Vec<Shift>> {
        Ok(sqlx::query_as::<_, Shift>("select * from api.shifts_awaiting($1)")
            .bind(self.session())
            .fetch_all(&self.pool)
            .await?)
    }

    /// The Z-report of a shift (a preview until it is approved).
    #[tracing::instrument(skip(self))]
    pub async fn shift_report(&self, shift: ShiftId) -> Result<ZReport> {
        let header = self.shift(Some(shift)).await?;
        let by_method = self.shift_tally(shift).await?;
        let rows = sqlx::query_as::<_, ReportRow>("select * from api.shift_report($1, $2)")
            .bind(self.session())
            .bind(shift)
            .fetch_all(&self.pool)
            .await?;
        let mut report = ZReport {
            shift: header,
            by_method,
            by_tour: Vec::new(),
            by_staff: Vec::new(),
            cash_moves: Vec::new(),
        };
        for r in rows {
            let group = || ReportGroup {
                label: r.label.clone(),
                currency: r.currency.clone(),
                payments: r.payments,
                payments_minor: r.payments_minor,
                refunds: r.refunds,
                refunds_minor: r.refunds_minor,
            };
            match r.section.as_str() {
                "tour" => report.by_tour.push(group()),
                "staff" => report.by_staff.push(group()),
                section => {
                    let kind = CashMoveKind::parse(section.trim_start_matches("cash_"))
                        .map_err(|e| BookingError::invalid("report section", e.to_string()))?;
                    report.cash_moves.push(ReportMove {
                        kind,
                        reason: r.label,
                        staff: r.detail,
                        currency: r.currency,
                        amount_minor: r.payments_minor,
                        at: r.at.unwrap_or(report.shift.opened_at),
                    });
                }
            }
        }
        report.cash_moves.sort_by_key(|m| m.at);
        Ok(report)
    }

    /// The notes and coins of `currency`, largest first: what the kiosk's
    /// close asks for (the table is data, read-only to the application
    /// role; migration 0035 grants it for this).
    #[tracing::instrument(skip(self))]
    pub async fn denominations(&self, currency: &str) -> Result<Vec<Denomination>> {
        Ok(sqlx::query_as::<_, Denomination>(
            "select value_minor, kind from currency_denominations where currency = $1 order by value_minor desc",
        )
        .bind(currency)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn shift(&self, shift: Option<ShiftId>) -> Result<Shift> {
        Ok(sqlx::query_as::<_, Shift>("select * from api.shift($1, $2)")
            .bind(self.session())
            .bind(shift)
            .fetch_one(&self.pool)
            .await?)
    }

    async fn shift_tally(&self, shift: ShiftId) -> Result<Vec<TallyLine>> {
        Ok(sqlx::query_as::<_, TallyLine>("select * from api.shift_tally($1, $2)")
            .bind(self.session())
            .bind(shift)
            .fetch_all(&self.pool)
            .await?)
    }
}
