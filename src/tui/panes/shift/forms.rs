//! The shift screen's forms: what typing, Backspace, the arrows and Enter
//! do in each mode (kept apart from the messages' dispatch in mod.rs).

use super::{COUNT_MAX, Call, Mode, Msg, PIN_MAX, REPORT_PAGE, State, call, view};
use crate::domain::CashMoveKind;
use crate::tui::panes::departures::form::parse_money as parse_amount;
use crate::tui::panes::{Ctx, Outbox};
use uuid::Uuid;

impl State {
    pub(super) fn input(&mut self, c: char) {
        if self.sending || c.is_control() {
            return;
        }
        let money = |s: &mut String| {
            if (c.is_ascii_digit() || c == '.' || c == ',') && s.len() < 15 {
                s.push(c);
            }
        };
        match &mut self.mode {
            Mode::Open { float, key } => {
                money(float);
                *key = None;
            }
            Mode::Cash {
                amount,
                reason,
                on_reason,
                key,
                ..
            } => {
                if *on_reason {
                    if reason.chars().count() < crate::booking::CASH_REASON_MAX {
                        reason.push(c);
                    }
                } else {
                    money(amount);
                }
                *key = None;
            }
            Mode::Count {
                counts,
                row,
                confirm: false,
                key,
            } => {
                if let Some(n) = counts.get_mut(*row)
                    && c.is_ascii_digit()
                    && n.len() < COUNT_MAX
                {
                    n.push(c);
                    *key = None;
                }
            }
            Mode::Approve { pin, .. } if c.is_ascii_digit() && pin.len() < PIN_MAX => pin.push(c),
            _ => {}
        }
    }

    pub(super) fn backspace(&mut self) {
        if self.sending {
            return;
        }
        match &mut self.mode {
            Mode::Open { float, key } => {
                float.pop();
                *key = None;
            }
            Mode::Cash {
                amount,
                reason,
                on_reason,
                key,
                ..
            } => {
                if *on_reason {
                    reason.pop()
                } else {
                    amount.pop()
                };
                *key = None;
            }
            Mode::Count {
                counts,
                row,
                confirm: false,
                key,
            } => {
                if let Some(n) = counts.get_mut(*row) {
                    n.pop();
                }
                *key = None;
            }
            Mode::Approve { pin, .. } => {
                pin.pop();
            }
            _ => {}
        }
    }

    /// ↑↓ move between notes and coins; Tab between the amount and the
    /// reason; ↑↓ PgUp PgDn scroll the Z-report (not past its last line).
    pub(super) fn step(&mut self, ctx: &Ctx, msg: &Msg) {
        if let Mode::Report(r) = &self.mode {
            let last = u16::try_from(view::report(r, ctx).len().saturating_sub(1)).unwrap_or(u16::MAX);
            let s = self.report_scroll;
            self.report_scroll = match msg {
                Msg::Up => s.saturating_sub(1),
                Msg::Down => s.saturating_add(1),
                Msg::PageUp => s.saturating_sub(REPORT_PAGE),
                Msg::PageDown => s.saturating_add(REPORT_PAGE),
                _ => s,
            }
            .min(last);
            return;
        }
        match (&mut self.mode, msg) {
            (
                Mode::Count {
                    row, confirm: false, ..
                },
                Msg::Up,
            ) => *row = row.saturating_sub(1),
            (
                Mode::Count {
                    counts,
                    row,
                    confirm: false,
                    ..
                },
                Msg::Down | Msg::Tab,
            ) => {
                *row = (*row + 1).min(counts.len().saturating_sub(1));
            }
            (Mode::Cash { on_reason, .. }, _) => *on_reason = !*on_reason,
            (Mode::Awaiting { row, .. }, Msg::Up) => *row = row.saturating_sub(1),
            (Mode::Awaiting { list, row }, Msg::Down) => *row = (*row + 1).min(list.len().saturating_sub(1)),
            _ => {}
        }
    }

    pub(super) fn enter(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.shift;
        if self.sending {
            return;
        }
        match &mut self.mode {
            Mode::Open { float, key } => {
                let float = if float.trim().is_empty() {
                    Some(0)
                } else {
                    parse_amount(float)
                };
                let Some(float_minor) = float else {
                    return out.error(t.bad_amount);
                };
                let key = *key.get_or_insert_with(Uuid::now_v7);
                self.sending = true;
                call(out, Call::Open { float_minor, key });
            }
            Mode::Cash {
                out: o,
                amount,
                reason,
                on_reason,
                key,
            } => {
                let Some(amount_minor) = parse_amount(amount).filter(|a| *a > 0) else {
                    *on_reason = false;
                    return out.error(t.bad_amount);
                };
                if reason.trim().is_empty() {
                    *on_reason = true;
                    return out.error(t.need_reason);
                }
                let kind = if *o { CashMoveKind::Out } else { CashMoveKind::In };
                let key = *key.get_or_insert_with(Uuid::now_v7);
                self.sending = true;
                call(
                    out,
                    Call::Cash {
                        kind,
                        amount_minor,
                        reason: reason.trim().to_string(),
                        key,
                    },
                );
            }
            Mode::Count {
                counts, confirm, key, ..
            } => {
                if !*confirm {
                    *confirm = true;
                    return;
                }
                let counts = self
                    .denominations
                    .iter()
                    .zip(counts.iter())
                    .map(|(d, n)| (d.value_minor, n.parse::<i32>().unwrap_or(0)))
                    .collect();
                let key = *key.get_or_insert_with(Uuid::now_v7);
                self.sending = true;
                call(out, Call::Close { counts, key });
            }
            Mode::Approve { shift, pin, key } => {
                if pin.is_empty() {
                    return out.info(t.approve_prompt);
                }
                self.sending = true;
                let pin = std::mem::take(pin);
                call(
                    out,
                    Call::Approve {
                        pin,
                        shift: *shift,
                        key: *key,
                    },
                );
            }
            Mode::Awaiting { list, row } => {
                if let Some(shift) = list.get(*row).map(|s| s.shift_id) {
                    self.sending = true;
                    call(out, Call::Review(shift));
                }
            }
            Mode::Status | Mode::Report(_) => {}
        }
    }
}
