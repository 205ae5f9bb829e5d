//! The cash drawer's shift for the kiosk (booking::shifts): only the server
//! keeps shifts and the ledger they sum, so these need the database —
//! offline they say so (DB_UNAVAILABLE) rather than count a drawer against
//! figures the laptop does not have. (A field laptop's offline sales reach
//! the ledger at the sync, posted at its device: into its open shift, if it
//! has one then.)
//!
//! A manager's approval at the kiosk (`shift_approve_with_pin`) logs the
//! manager in with their PIN for that one call and logs them out again: the
//! server decides who approves from the PIN (api.login), the kiosk never
//! sends a staff id, and the clerk's own session stays what it was.

use super::Service;
use crate::booking::{CashMoved, Core, Denomination, Shift, ShiftState, ShiftWritten, Source, TallyLine, ZReport};
use crate::domain::{CashMoveKind, ShiftId};
use crate::field::{FieldError, Result};
use uuid::Uuid;

impl Service {
    /// The shift open on this device with its figures (NO_OPEN_SHIFT when
    /// none is: the kiosk asks to open one before the first sale), or `shift`.
    pub async fn shift_status(&self, shift: Option<ShiftId>) -> Result<ShiftState> {
        let core = self.online()?;
        Ok(core.shift_status(shift).await?)
    }

    /// The shifts awaiting a manager's approval, on any device.
    pub async fn shifts_awaiting(&self) -> Result<Vec<Shift>> {
        let core = self.online()?;
        Ok(core.shifts_awaiting().await?)
    }

    /// Opens a shift on this device with the opening float (`Core::shift_open`).
    pub async fn shift_open(&self, float_minor: i64, key: Uuid) -> Result<ShiftWritten> {
        let core = self.online()?;
        Ok(core.shift_open(float_minor, key).await?)
    }

    /// Cash into or out of the open shift's drawer, with a reason.
    pub async fn shift_cash(
        &self,
        kind: CashMoveKind,
        amount_minor: i64,
        reason: &str,
        key: Uuid,
    ) -> Result<CashMoved> {
        let core = self.online()?;
        Ok(core.shift_cash(kind, amount_minor, reason, key).await?)
    }

    /// Closes this device's shift with the drawer's count; its figures.
    pub async fn shift_close(&self, counts: &[(i64, i32)], key: Uuid) -> Result<(ShiftWritten, Vec<TallyLine>)> {
        let core = self.online()?;
        Ok(core.shift_close(counts, key).await?)
    }

    /// A manager's approval of a closed shift (its Z number).
    pub async fn shift_approve(&self, shift: ShiftId, key: Uuid) -> Result<ShiftWritten> {
        let core = self.online()?;
        Ok(core.shift_approve(shift, key).await?)
    }

    /// The Z-report of a shift.
    pub async fn shift_report(&self, shift: ShiftId) -> Result<ZReport> {
        let core = self.online()?;
        Ok(core.shift_report(shift).await?)
    }

    /// The notes and coins of `currency`, largest first (what a close counts).
    pub async fn shift_denominations(&self, currency: &str) -> Result<Vec<Denomination>> {
        let core = self.online()?;
        Ok(core.denominations(currency).await?)
    }

    /// A manager's approval given at this kiosk: a session of its own from
    /// the manager's PIN (a wrong PIN is NOT_FOUND, a desk clerk's PIN
    /// FORBIDDEN), the approval in it, then that session ends — whatever
    /// the approval answered.
    pub async fn shift_approve_with_pin(&self, pin: &str, shift: ShiftId, key: Uuid) -> Result<ShiftWritten> {
        self.online()?;
        let pool =
            self.inner.pool.clone().ok_or_else(|| {
                super::unavailable("this service was given its core: it has no database to log in to")
            })?;
        let manager = Core::login(pool, &self.inner.device, Source::Desk, pin, None).await?;
        let approved = manager.shift_approve(shift, key).await;
        if let Err(e) = manager.logout("shift approved").await {
            tracing::warn!(error = %e, "the approving manager's session did not end; it expires by itself");
        }
        approved.map_err(FieldError::from)
    }
}
