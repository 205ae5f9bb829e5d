//! The cash drawer's shift for the kiosk (booking::shifts): only the server
//! keeps shifts and the ledger they sum, so these need the database —
//! offline they say so (DB_UNAVAILABLE) rather than count a drawer against
//! figures the laptop does not have. (A field laptop's offline sales reach
//! the ledger at the sync, posted at its device: into its open shift, if it
//! has one then.)

use super::Service;
use crate::booking::{CashMoved, ShiftState, ShiftWritten, TallyLine, ZReport};
use crate::domain::{CashMoveKind, ShiftId};
use crate::field::Result;
use uuid::Uuid;

impl Service {
    /// The shift open on this device with its figures (NO_OPEN_SHIFT when
    /// none is: the kiosk asks to open one before the first sale), or `shift`.
    pub async fn shift_status(&self, shift: Option<ShiftId>) -> Result<ShiftState> {
        let core = self.online()?;
        Ok(core.shift_status(shift).await?)
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
}
