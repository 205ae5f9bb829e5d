//! Getting this laptop ready to work offline from the check-in pane: take
//! the departure along (with seats to sell offline, for those who may sell),
//! and give unsold seats back.

use super::{Call, Confirm, Modal, State, call};
use crate::domain::{Action, HoldStatus};
use crate::field::PrepareReport;
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;

/// Largest allotment typed here (the core refuses what is not free anyway).
const MAX_SEATS_DIGITS: usize = 3;

impl State {
    /// p: prepare for the shown departure; those who may sell are asked how
    /// many seats to lease first.
    pub(super) fn ask_prepare(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let f = &ctx.text.field;
        if self.departure.is_none() {
            out.info(ctx.text.checkin.pick_departure_first);
        } else if !self.field.open {
            out.error(f.no_store);
        } else if !ctx.online {
            out.info(f.needs_database);
        } else if self.preparing {
            out.info(f.preparing);
        } else if ctx.may(Action::Sell) {
            self.modal = Modal::Prepare(String::new());
        } else {
            self.prepare(ctx, None, out);
        }
    }

    /// Enter in the seats field: empty or 0 leases nothing.
    pub(super) fn prepare_entered(&mut self, ctx: &Ctx, seats: &str, out: &mut Outbox) {
        let seats = seats.trim().parse::<u32>().ok().filter(|n| *n > 0);
        self.prepare(ctx, seats, out);
    }

    fn prepare(&mut self, ctx: &Ctx, seats: Option<u32>, out: &mut Outbox) {
        let Some(departure) = self.departure else { return };
        self.preparing = true;
        out.info(ctx.text.field.preparing);
        call(out, Call::Prepare { departure, seats });
    }

    /// Digits only, a few of them.
    pub(super) fn seats_input(&mut self, c: char) {
        if let Modal::Prepare(text) = &mut self.modal
            && c.is_ascii_digit()
            && text.len() < MAX_SEATS_DIGITS
        {
            text.push(c);
        }
    }

    /// r: give back this laptop's unsold seats on the shown departure.
    pub(super) fn ask_release(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Some(departure) = self.departure else {
            out.info(ctx.text.checkin.pick_departure_first);
            return;
        };
        if !ctx.may(Action::Sell) {
            out.info(ctx.text.common.not_allowed);
            return;
        }
        match self.field.allotment_left(departure, ctx.now) {
            Some(seats) if seats > 0 => {
                if ctx.online {
                    self.modal = Modal::Confirm(Confirm::Release { seats });
                } else {
                    out.info(ctx.text.field.needs_database);
                }
            }
            _ => out.info(ctx.text.field.no_allotment),
        }
    }

    pub(super) fn release(&mut self, departure: crate::domain::DepartureId, out: &mut Outbox) {
        self.preparing = true;
        call(out, Call::Release(departure));
    }

    pub(super) fn prepared(&mut self, ctx: &Ctx, r: Result<Box<PrepareReport>, UiError>, out: &mut Outbox) {
        self.preparing = false;
        let f = &ctx.text.field;
        match r {
            Ok(rep) => {
                let seats = rep
                    .allotments
                    .iter()
                    .filter(|a| Some(a.departure_id) == self.departure && matches!(a.status, HoldStatus::Active))
                    .map(|a| a.left)
                    .max();
                // which keys came along: a ticket signed by a key made
                // after this prepare is "unknown key" offline
                let keys = if rep.key_ids.is_empty() {
                    f.keys_none.to_string()
                } else {
                    rep.key_ids.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
                };
                match seats {
                    Some(n) if n > 0 => out.success(fill(
                        f.prepared_allotment,
                        &[&rep.bookings, &rep.participants, &n, &keys],
                    )),
                    _ => out.success(fill(f.prepared_notice, &[&rep.bookings, &rep.participants, &keys])),
                }
                self.reload(out);
            }
            Err(e) => out.failed(ctx, &e),
        }
    }

    pub(super) fn released(&mut self, ctx: &Ctx, r: Result<i32, UiError>, out: &mut Outbox) {
        self.preparing = false;
        match r {
            Ok(n) => out.success(fill(ctx.text.field.released, &[&n])),
            Err(e) => out.failed(ctx, &e),
        }
    }
}
