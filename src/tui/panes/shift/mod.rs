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
//! `w` lists the shifts awaiting approval on every device, closed in this
//! session or an earlier one (a desk whose clerk left without a manager's
//! PIN): ↑↓ and Enter open one, and a manager's PIN approves it as above.
//!
//! Every write keeps its client key while it is retried (an unknown
//! outcome is answered by the server from the first try); editing the form
//! makes the next confirm a new write. Only the server keeps shifts:
//! offline the screen says so.

mod answers;
mod forms;
pub mod io;
pub mod view;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_review;

use super::{Ctx, Outbox, PaneCall};
use crate::booking::{CashMoved, Denomination, Shift, ShiftState, ShiftWritten, TallyLine, ZReport};
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
    /// `w`: the shifts awaiting approval on any device, `row` chosen
    Awaiting { list: Vec<Shift>, row: usize },
}

#[derive(Debug, Default)]
pub struct State {
    /// the screen is over the pane
    pub visible: bool,
    /// whether this device has a shift was asked since the login (the walk-in's prompt comes once)
    pub asked: bool,
    /// the walk-in's question is on its way and the clerk typed on the pane
    /// meanwhile: the answer must not open a form that takes over those
    /// keys (a phone search typed as the float), so it only says so
    pub typed_while_asking: bool,
    /// the walk-in's question is on its way
    pub asking: bool,
    pub loading: bool,
    /// a write is on its way
    pub sending: bool,
    /// the open shift (or the one just closed, awaiting approval)
    pub shift: Option<ShiftState>,
    /// the drawer currency's notes and coins, largest first
    pub denominations: Vec<Denomination>,
    pub mode: Mode,
    /// the Z-report's first line shown (↑↓ PgUp PgDn: it is longer than
    /// 24 rows once a day has a few tours and staff)
    pub report_scroll: u16,
    /// the shift on screen was opened from the awaiting list (not this
    /// device's own): leaving its approval reloads this device's
    pub reviewing: bool,
    /// the float form was opened by the walk-in's question, not by `o`: its
    /// Esc ("not now") goes back to the sale, not to the shift's status
    pub prompted: bool,
}

/// Lines PgUp / PgDn move the Z-report by.
pub const REPORT_PAGE: u16 = 10;

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
    PageUp,
    PageDown,
    Tab,
    Enter,
    /// o, +, -, c, a, r on the status
    StartOpen,
    StartCash {
        out: bool,
    },
    StartCount,
    StartApprove,
    /// `w`: the shifts awaiting approval
    StartAwaiting,
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
    Awaiting(Box<Result<Vec<Shift>, UiError>>),
    /// one shift of the awaiting list with its figures
    Reviewed(Box<Result<ShiftState, UiError>>),
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
    Awaiting,
    Review(ShiftId),
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
        self.asking = true;
        self.typed_while_asking = false;
        call(out, Call::Status { prompt: true });
    }

    /// A key went to the pane under the screen (not to this screen).
    pub fn key_elsewhere(&mut self) {
        self.typed_while_asking |= self.asking;
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
        self.visible && !matches!(self.mode, Mode::Status | Mode::Report(_) | Mode::Awaiting { .. })
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
            Msg::Esc => {
                let back = self.reviewing && matches!(self.mode, Mode::Approve { .. });
                self.esc();
                if back {
                    // this device's own shift (if any) on the status again
                    self.reviewing = false;
                    self.reload(out);
                }
            }
            Msg::StartAwaiting => {
                self.mode = Mode::Awaiting {
                    list: Vec::new(),
                    row: 0,
                };
                self.loading = true;
                call(out, Call::Awaiting);
            }
            Msg::StartOpen if self.shift.is_none() => {
                self.prompted = false;
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
            Msg::Up | Msg::Down | Msg::PageUp | Msg::PageDown | Msg::Tab => self.step(ctx, &msg),
            Msg::Enter => self.enter(ctx, out),
            Msg::Status { prompt, result } => self.status(ctx, prompt, *result, out),
            Msg::Opened(r) => self.written(ctx, r.map(|_| ()), ctx.text.shift.opened, out),
            Msg::CashMoved(r) => self.written(ctx, r.map(|_| ()), ctx.text.shift.cash_done, out),
            Msg::Closed(r) => self.closed(ctx, *r, out),
            Msg::Approved(r) => self.approved(ctx, *r, out),
            Msg::Awaiting(r) => self.awaiting(ctx, *r, out),
            Msg::Reviewed(r) => self.reviewed(ctx, *r, out),
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
            Mode::Open { .. } if self.prompted => {
                self.prompted = false;
                self.visible = false;
                self.mode = Mode::Status;
            }
            Mode::Status | Mode::Report(_) => {
                self.visible = false;
                if matches!(self.mode, Mode::Report(_)) {
                    self.mode = Mode::Status;
                }
            }
            // a closed shift left awaiting approval: the status shows it;
            // the awaiting list goes back to the status too
            _ => self.mode = Mode::Status,
        }
    }
}
