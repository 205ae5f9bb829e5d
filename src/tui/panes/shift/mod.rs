//! The cash drawer's shift at the kiosk (booking::shifts): a screen over
//! the current pane, not an eighth tab — `8` opens it from anywhere (a tab
//! would renumber nothing but crowd a row that already does not fit 80
//! columns), and the walk-in and bookings panes ask for it by themselves
//! (a sale, a payment on a card): the first time a desk clerk (or a
//! manager) comes to one of them on a device with no open shift
//! since logging in, it opens asking for the opening float. Once per login,
//! not per sale: the answer is remembered (`asked`), and Esc lets the clerk
//! sell outside any shift (the day's report lists those sales).
//!
//! On the screen: the open shift (who opened it, the float, expected per
//! method), cash in and out with an amount and a reason, and the close —
//! the clerk types how many of each note and coin (the currency's, from
//! the database) and sees counted, expected and over/short per method
//! change with every digit; the arithmetic shown is only a preview, the
//! server's figures (td_shift_tally) are what the close answers. Then a
//! manager types their PIN on the same screen: the service logs them in for
//! that one approval (the server decides who approves; no staff id leaves
//! the kiosk), or Esc leaves the shift awaiting approval. The Z-report shows
//! once approved.
//!
//! Every write keeps its client key while it is retried (an unknown
//! outcome is answered by the server from the first try); editing the form
//! makes the next confirm a new write. Only the server keeps shifts:
//! offline the screen says so.

mod answers;
pub mod io;
pub mod view;

#[cfg(test)]
mod tests;

use super::departures::form::parse_money as parse_amount;
use super::{Ctx, Outbox, PaneCall};
use crate::booking::{CashMoved, Denomination, ShiftState, ShiftWritten, TallyLine, ZReport};
use crate::domain::{Action, CashMoveKind, PaymentMethod, ShiftId, ShiftStatus};
use crate::tui::action::UiError;
use uuid::Uuid;

/// The longest PIN typed for an approval (the login screen's limit).
const PIN_MAX: usize = 12;
/// Digits of one denomination's count (99 999 notes is a bank, not a drawer).
const COUNT_MAX: usize = 5;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    /// the open shift, or none ("o" opens one)
    #[default]
    Status,
    /// the opening float, in major units as typed
    Open { float: String, key: Option<Uuid> },
    Cash {
        out: bool,
        amount: String,
        reason: String,
        on_reason: bool,
        key: Option<Uuid>,
    },
    /// one count per denomination (`State::denominations`), as typed;
    /// `confirm`: "close with this count?" is asked
    Count {
        counts: Vec<String>,
        row: usize,
        confirm: bool,
        key: Option<Uuid>,
    },
    /// closed, awaiting a manager's PIN (Esc leaves it awaiting approval)
    Approve { shift: ShiftId, pin: String, key: Uuid },
    /// approved: its Z-report
    Report(Box<ZReport>),
}

#[derive(Debug, Default)]
pub struct State {
    /// the screen is over the pane
    pub visible: bool,
    /// whether this device has a shift was asked since the login (the walk-in's prompt comes once)
    pub asked: bool,
    pub loading: bool,
    /// a write is on its way
    pub sending: bool,
    /// the open shift (or the one just closed, awaiting approval)
    pub shift: Option<ShiftState>,
    /// the drawer currency's notes and coins, largest first
    pub denominations: Vec<Denomination>,
    pub mode: Mode,
}

/// The shift open on this device with its drawer's notes and coins; none: no open shift.
pub type Found = Option<(ShiftState, Vec<Denomination>)>;

#[derive(Debug, Clone)]
pub enum Msg {
    /// `8`: show the screen with the shift as it is now
    Show,
    /// Esc: a form backs out to the status; the status hides the screen
    Esc,
    Char(char),
    Backspace,
    Up,
    Down,
    Tab,
    Enter,
    /// o, +, -, c, a, r on the status
    StartOpen,
    StartCash {
        out: bool,
    },
    StartCount,
    StartApprove,
    Refresh,
    /// the shift open here with its drawer's notes and coins; none: no open shift
    Status {
        prompt: bool,
        result: Box<Result<Found, UiError>>,
    },
    Opened(Box<Result<ShiftWritten, UiError>>),
    CashMoved(Box<Result<CashMoved, UiError>>),
    Closed(Box<Result<(ShiftWritten, Vec<TallyLine>), UiError>>),
    Approved(Box<Result<ZReport, UiError>>),
}

#[derive(Debug, Clone)]
pub enum Call {
    Status {
        prompt: bool,
    },
    Open {
        float_minor: i64,
        key: Uuid,
    },
    Cash {
        kind: CashMoveKind,
        amount_minor: i64,
        reason: String,
        key: Uuid,
    },
    Close {
        counts: Vec<(i64, i32)>,
        key: Uuid,
    },
    Approve {
        pin: String,
        shift: ShiftId,
        key: Uuid,
    },
}

fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::Shift(c));
}

/// One method's line while counting: expected (the server's), counted
/// (cash: the count typed so far; the others: their ledger sum, nothing to
/// count), over/short.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveLine {
    pub currency: String,
    pub method: PaymentMethod,
    pub expected_minor: i64,
    pub counted_minor: i64,
    pub over_short_minor: i64,
}

impl State {
    /// The walk-in or bookings pane came to the front (money is taken in
    /// both): the first time since the login,
    /// ask whether this device has an open shift (the answer opens the
    /// screen asking for the float when it has none). Asked whatever the
    /// header's ping says (at a login it may not have answered yet): with
    /// the database gone the question fails quietly and is asked next time;
    /// after an offline login it is not answered at all (no session on the
    /// server), and the laptop sells from its allotment without a shift.
    pub fn before_sale(&mut self, ctx: &Ctx, out: &mut Outbox) {
        if self.asked || !ctx.may(Action::Sell) {
            return;
        }
        self.asked = true;
        call(out, Call::Status { prompt: true });
    }

    /// The counted cash so far: each note or coin times how many were typed.
    pub fn counted(&self) -> i64 {
        let Mode::Count { counts, .. } = &self.mode else {
            return 0;
        };
        self.denominations
            .iter()
            .zip(counts)
            .map(|(d, n)| d.value_minor * n.parse::<i64>().unwrap_or(0))
            .sum()
    }

    /// Expected, counted and over/short per method as the count stands.
    pub fn live(&self) -> Vec<LiveLine> {
        let Some(st) = &self.shift else { return Vec::new() };
        let cash = self.counted();
        st.tally
            .iter()
            .map(|t| {
                let counted = if t.method == PaymentMethod::Cash && t.currency == st.shift.currency {
                    cash
                } else {
                    t.expected_minor
                };
                LiveLine {
                    currency: t.currency.clone(),
                    method: t.method,
                    expected_minor: t.expected_minor,
                    counted_minor: counted,
                    over_short_minor: counted - t.expected_minor,
                }
            })
            .collect()
    }

    /// True while a field takes the keys (digits and letters type).
    pub fn typing(&self) -> bool {
        self.visible && !matches!(self.mode, Mode::Status | Mode::Report(_))
    }

    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        match msg {
            Msg::Show => {
                if !ctx.may(Action::Sell) {
                    return out.info(ctx.text.common.not_allowed);
                }
                self.visible = true;
                if !matches!(self.mode, Mode::Approve { .. } | Mode::Report(_)) {
                    self.mode = Mode::Status;
                }
                self.reload(out);
            }
            Msg::Refresh => self.reload(out),
            Msg::Esc => self.esc(),
            Msg::StartOpen if self.shift.is_none() => {
                self.mode = Mode::Open {
                    float: String::new(),
                    key: None,
                }
            }
            Msg::StartCash { out: o } if self.is_open() => {
                self.mode = Mode::Cash {
                    out: o,
                    amount: String::new(),
                    reason: String::new(),
                    on_reason: false,
                    key: None,
                };
            }
            Msg::StartCount if self.is_open() => {
                if self.denominations.is_empty() {
                    return out.error(ctx.text.shift.no_denominations);
                }
                let counts = vec![String::new(); self.denominations.len()];
                self.mode = Mode::Count {
                    counts,
                    row: 0,
                    confirm: false,
                    key: None,
                };
            }
            Msg::StartApprove => {
                if let Some(st) = &self.shift
                    && st.shift.status == ShiftStatus::AwaitingApproval
                {
                    let shift = st.shift.shift_id;
                    self.mode = Mode::Approve {
                        shift,
                        pin: String::new(),
                        key: Uuid::now_v7(),
                    };
                }
            }
            Msg::StartOpen | Msg::StartCash { .. } | Msg::StartCount => {}
            Msg::Char(c) => self.input(c),
            Msg::Backspace => self.backspace(),
            Msg::Up | Msg::Down | Msg::Tab => self.step(&msg),
            Msg::Enter => self.enter(ctx, out),
            Msg::Status { prompt, result } => self.status(ctx, prompt, *result, out),
            Msg::Opened(r) => self.written(ctx, r.map(|_| ()), ctx.text.shift.opened, out),
            Msg::CashMoved(r) => self.written(ctx, r.map(|_| ()), ctx.text.shift.cash_done, out),
            Msg::Closed(r) => self.closed(ctx, *r, out),
            Msg::Approved(r) => self.approved(ctx, *r, out),
        }
    }

    fn is_open(&self) -> bool {
        self.shift.as_ref().is_some_and(|s| s.shift.status == ShiftStatus::Open)
    }

    fn reload(&mut self, out: &mut Outbox) {
        self.loading = true;
        call(out, Call::Status { prompt: false });
    }

    fn esc(&mut self) {
        match &mut self.mode {
            Mode::Count { confirm, .. } if *confirm => *confirm = false,
            Mode::Status | Mode::Report(_) => {
                self.visible = false;
                if matches!(self.mode, Mode::Report(_)) {
                    self.mode = Mode::Status;
                }
            }
            // a closed shift left awaiting approval: the status shows it
            _ => self.mode = Mode::Status,
        }
    }

    fn input(&mut self, c: char) {
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

    fn backspace(&mut self) {
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

    /// ↑↓ move between notes and coins; Tab between the amount and the reason.
    fn step(&mut self, msg: &Msg) {
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
            _ => {}
        }
    }

    fn enter(&mut self, ctx: &Ctx, out: &mut Outbox) {
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
            Mode::Status | Mode::Report(_) => {}
        }
    }
}
