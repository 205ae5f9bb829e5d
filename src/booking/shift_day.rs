//! The day's report (`api.shift_day`): the shifts open at any moment of a
//! day in the operator's zone with their figures, and the payments and
//! refunds of that day taken outside any shift — the money no Z-report
//! holds, which is what a manager closing the day must see. The day, its
//! bounds and "today" are the server's; the figures are td_shift_tally's,
//! nothing is summed here.

use super::{BookingError, Core, Result, Shift, TallyLine};
use crate::domain::{LedgerKind, PaymentMethod, ShiftId, ShiftStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::types::Json;

/// A shift of the day with its figures per currency and method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayShift {
    #[serde(flatten)]
    pub shift: Shift,
    pub tally: Vec<TallyLine>,
}

/// A payment or refund of the day with no shift: who took it, where, for
/// which booking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutsideEntry {
    pub at: DateTime<Utc>,
    pub kind: LedgerKind,
    pub method: PaymentMethod,
    pub currency: String,
    pub amount_minor: i64,
    pub booking_number: String,
    /// names; '' for the owner's scripts (no staff member, no device)
    pub staff: String,
    pub device: String,
    pub reference: String,
    pub reason: String,
}

/// The day's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftDay {
    pub date: NaiveDate,
    pub day_start: DateTime<Utc>,
    pub day_end: DateTime<Utc>,
    pub shifts: Vec<DayShift>,
    pub outside: Vec<OutsideEntry>,
}

#[derive(sqlx::FromRow)]
struct DayRow {
    section: String,
    day: NaiveDate,
    day_start: DateTime<Utc>,
    day_end: DateTime<Utc>,
    shift_id: Option<ShiftId>,
    device: Option<String>,
    currency: Option<String>,
    status: Option<ShiftStatus>,
    z_number: Option<i32>,
    opened_by: Option<String>,
    opened_at: Option<DateTime<Utc>>,
    closed_by: Option<String>,
    closed_at: Option<DateTime<Utc>>,
    approved_by: Option<String>,
    approved_at: Option<DateTime<Utc>>,
    tally: Option<Json<Vec<TallyLine>>>,
    booking_number: Option<String>,
    kind: Option<LedgerKind>,
    method: Option<PaymentMethod>,
    amount_minor: Option<i64>,
    staff: Option<String>,
    at: Option<DateTime<Utc>>,
    reference: Option<String>,
    reason: Option<String>,
}

fn bad(what: &str) -> BookingError {
    BookingError::invalid("day report", format!("the server's row lacks {what}"))
}

impl DayRow {
    fn shift(self) -> Result<DayShift> {
        Ok(DayShift {
            shift: Shift {
                shift_id: self.shift_id.ok_or_else(|| bad("a shift"))?,
                device: self.device.unwrap_or_default(),
                currency: self.currency.unwrap_or_default(),
                status: self.status.ok_or_else(|| bad("a status"))?,
                z_number: self.z_number,
                opened_by: self.opened_by.unwrap_or_default(),
                opened_at: self.opened_at.ok_or_else(|| bad("an opening time"))?,
                closed_by: self.closed_by.unwrap_or_default(),
                closed_at: self.closed_at,
                approved_by: self.approved_by.unwrap_or_default(),
                approved_at: self.approved_at,
            },
            tally: self.tally.map(|t| t.0).unwrap_or_default(),
        })
    }

    fn outside(self) -> Result<OutsideEntry> {
        Ok(OutsideEntry {
            at: self.at.ok_or_else(|| bad("a time"))?,
            kind: self.kind.ok_or_else(|| bad("a kind"))?,
            method: self.method.ok_or_else(|| bad("a method"))?,
            currency: self.currency.unwrap_or_default(),
            amount_minor: self.amount_minor.ok_or_else(|| bad("an amount"))?,
            booking_number: self.booking_number.unwrap_or_default(),
            staff: self.staff.unwrap_or_default(),
            device: self.device.unwrap_or_default(),
            reference: self.reference.unwrap_or_default(),
            reason: self.reason.unwrap_or_default(),
        })
    }
}

impl Core {
    /// The day's report for `date` in the operator's zone (none: today, by
    /// the server's clock). Any session may read it, as the Z-report.
    #[tracing::instrument(skip(self))]
    pub async fn shift_day(&self, date: Option<NaiveDate>) -> Result<ShiftDay> {
        let rows = sqlx::query_as::<_, DayRow>("select * from api.shift_day($1, $2)")
            .bind(self.session())
            .bind(date)
            .fetch_all(&self.pool)
            .await?;
        let first = rows.first().ok_or_else(|| bad("the day"))?;
        let mut day = ShiftDay {
            date: first.day,
            day_start: first.day_start,
            day_end: first.day_end,
            shifts: Vec::new(),
            outside: Vec::new(),
        };
        for r in rows {
            match r.section.as_str() {
                "shift" => day.shifts.push(r.shift()?),
                "outside" => day.outside.push(r.outside()?),
                _ => {}
            }
        }
        Ok(day)
    }
}
