//! The Bookings pane: one search over every booking (as you type), the
//! booking's card (participants, payments and refunds, tickets, check-ins,
//! history) and what the desk does to a booking after the sale — take a
//! payment, refund, cancel, reprint the tickets, show the QR.
//!
//! The search is debounced: every edit bumps `seq` and asks for a timer;
//! only the timer of the latest edit sends the query, and only the answer
//! to the latest query is shown — an answer for an older text that arrives
//! late (a slow search overtaken by a fast one) is dropped, so the list
//! never shows the results of something no longer typed.
//!
//! The card's actions are one enum, [`CardAction`], dispatched in `card.rs`
//! to a form or a call: moving in `moving.rs`, a party to rebook in
//! `rebook.rs`, changing the contact or the people in `change.rs`.
//!
//! A third screen, the parties to rebook of a departure cancelled for
//! weather (`parties.rs`), lists bookings and acts on them with the card's
//! calls; while it is open, Esc on a card comes back to it.

mod card;
pub mod card_view;
pub mod change;
pub mod change_view;
pub mod io;
pub mod moving;
pub mod parties;
pub mod parties_view;
pub mod rebook;
#[cfg(test)]
mod tests;
pub mod view;

pub use card::{CancelForm, CardAction, Form, MoneyForm};
pub use change::{ContactForm, PersonForm, PickForm, RemoveForm};
pub use moving::MoveForm;
pub use rebook::{RebookForm, VoucherShown};

use super::{Ctx, Outbox, PaneCall};
use crate::booking::{
    BookingCard, BookingChanged, CancelQuote, Cancellation, ContactChange, Departure, Found, MoneyMoved, MoveQuote,
    MoveRequest, Moved, ParticipantChange, ParticipantInput, PartyChange, PlannedParty, RebookOutcome, RebookParty,
    Resolution,
};
use crate::domain::{DepartureId, ParticipantId, PaymentMethod};
use crate::service::RebookStep;
use crate::tui::action::{Timer, UiError};
use std::time::Duration;
use uuid::Uuid;

/// How long typing must pause before the search goes out.
pub const DEBOUNCE: Duration = Duration::from_millis(250);
/// Results asked for: more than a screen, few enough to come back at once.
pub const LIMIT: u32 = 50;

#[derive(Debug, Default, Clone)]
pub struct State {
    pub query: String,
    /// bumps with every edit: a timer or an answer for an older text is dropped
    pub seq: u64,
    /// the search under way (its seq)
    pub searching: Option<u64>,
    pub results: Vec<Found>,
    /// the text `results` answer ("" before the first answer)
    pub searched: String,
    pub selected: usize,
    /// the booking being opened (a card on its way)
    pub opening: Option<Found>,
    pub card: Option<Opened>,
    /// the card's first line on screen
    pub scroll: usize,
    /// an action's form or question over the card (or over the parties)
    pub form: Option<Form>,
    /// the parties to rebook of a departure cancelled for weather
    pub parties: Option<parties::Parties>,
}

/// A booking's card with the search row it was opened from (its tour and
/// time, in the departure's zone).
#[derive(Debug, Clone)]
pub struct Opened {
    pub found: Found,
    pub card: BookingCard,
    /// the open weather case of the booking ("to rebook"), read after the card
    pub rebook: Option<RebookParty>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Type(char),
    Backspace,
    Clear,
    Up,
    Down,
    Open,
    Back,
    /// `/`: to the search field
    Search,
    Scroll(i32),
    Act(CardAction),
    Form(FormKey),
    Debounced(u64),
    Found(u64, Result<Vec<Found>, UiError>),
    Card(String, Box<Result<BookingCard, UiError>>),
    Quoted(String, Result<CancelQuote, UiError>),
    /// with the cash receipt's printer failure, if it did not print (the payment stands)
    Paid(Uuid, Result<MoneyMoved, UiError>, Option<UiError>),
    Refunded(Uuid, Result<MoneyMoved, UiError>),
    Cancelled(String, Result<Cancellation, UiError>),
    Reprinted(String, Result<Printed, UiError>),
    /// the booking's group ticket code, for the QR
    Code(String, Result<String, UiError>),
    /// the booking's departure (was it cancelled?) and those it may move to
    MoveTargets(DepartureId, Result<(Departure, Vec<Departure>), UiError>),
    /// the quote for a move to this departure
    MoveQuoted(DepartureId, Result<MoveQuote, UiError>),
    Moved(Uuid, Result<Moved, UiError>),
    /// the booking's open weather case, if it has one
    RebookCase(String, Option<RebookParty>),
    Resolved(Uuid, Result<RebookOutcome, UiError>),
    /// the server's price of a change of the party, changing nothing
    ChangeQuoted(PartyChange, Result<BookingChanged, UiError>),
    /// a change of the contact or the people, by its key
    Changed(Uuid, Result<BookingChanged, UiError>),
    /// a key on the parties to rebook
    Rebooking(parties::Key),
    /// the parties to rebook, their departure and the departures ahead
    Parties(DepartureId, Result<Box<parties::Loaded>, UiError>),
    /// one departure again (a live change), for the alternatives
    Alternative(DepartureId, Result<Box<Departure>, UiError>),
    /// the plan asked for with this seq
    Plan(u64, Result<Vec<PlannedParty>, UiError>),
    /// one party of the bulk run with this run key
    Stepped(Uuid, RebookStep),
}

/// A key inside a form (or a y/n question).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Char(char),
    Backspace,
    Next,
    Left,
    Right,
    Submit,
    Yes,
    No,
    Cancel,
}

/// Tickets written again: how many, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    pub count: usize,
    pub dir: String,
}

#[derive(Debug, Clone)]
pub enum Call {
    Find {
        seq: u64,
        text: String,
    },
    Card(String),
    Quote(String),
    Cancel(String),
    Pay {
        number: String,
        amount_minor: i64,
        method: PaymentMethod,
        reference: String,
        key: Uuid,
    },
    Refund {
        number: String,
        amount_minor: i64,
        reason: String,
        key: Uuid,
    },
    Reprint(String),
    Code(String),
    MoveTargets {
        from: DepartureId,
        since: chrono::DateTime<chrono::Utc>,
        until: chrono::DateTime<chrono::Utc>,
    },
    MoveQuote(MoveRequest),
    Move {
        request: MoveRequest,
        key: Uuid,
    },
    RebookCase {
        number: String,
        departure: DepartureId,
    },
    Resolve {
        number: String,
        how: Resolution,
        key: Uuid,
    },
    ChangeQuote {
        number: String,
        change: PartyChange,
    },
    ChangeContact {
        number: String,
        change: ContactChange,
        key: Uuid,
    },
    ChangeParticipant {
        number: String,
        participant: ParticipantId,
        change: ParticipantChange,
        key: Uuid,
    },
    /// unpaid: the card's balance grows and `p` takes it
    AddPerson {
        number: String,
        person: ParticipantInput,
        key: Uuid,
    },
    RemovePerson {
        number: String,
        participant: ParticipantId,
        key: Uuid,
    },
    /// the parties to rebook of a departure, it, and the departures ahead
    /// (from when the call runs)
    Parties(DepartureId),
    Alternative(DepartureId),
    Plan {
        seq: u64,
        from: DepartureId,
        to: Vec<DepartureId>,
    },
    /// one party of the bulk run, under the run's key
    RebookOne {
        party: PlannedParty,
        to: Vec<DepartureId>,
        key: Uuid,
    },
}

fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::Bookings(c));
}

impl State {
    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        match msg {
            Msg::Type(c) => {
                self.query.push(c);
                self.edited(out);
            }
            Msg::Backspace => {
                self.query.pop();
                self.edited(out);
            }
            Msg::Clear => {
                self.query.clear();
                self.edited(out);
            }
            Msg::Up => self.selected = self.selected.saturating_sub(1),
            Msg::Down => self.selected = (self.selected + 1).min(self.results.len().saturating_sub(1)),
            Msg::Open => {
                if let Some(f) = self.results.get(self.selected) {
                    self.opening = Some(f.clone());
                    call(out, Call::Card(f.booking_number.clone()));
                }
            }
            Msg::Back => {
                self.close_card();
                // back to the parties a card was opened from: they may have changed
                self.reload_parties(out);
            }
            Msg::Search => {
                self.close_card();
                self.parties = None;
            }
            Msg::Scroll(by) => {
                let len = self.card.as_ref().map_or(0, |o| card_view::lines(o, ctx).len());
                self.scroll = (self.scroll as i64 + i64::from(by)).clamp(0, len.saturating_sub(1) as i64) as usize;
            }
            Msg::Act(action) => self.act(ctx, action, out),
            Msg::Form(key) => self.form_key(ctx, key, out),
            Msg::Debounced(seq) => {
                if seq == self.seq && !self.query.trim().is_empty() {
                    self.searching = Some(seq);
                    call(
                        out,
                        Call::Find {
                            seq,
                            text: self.query.clone(),
                        },
                    );
                }
            }
            Msg::Found(seq, r) => self.found(ctx, seq, r, out),
            Msg::Card(number, r) => self.card_came(ctx, number, *r, out),
            Msg::Rebooking(key) => self.parties_key(ctx, key, out),
            other => {
                if !self.parties_answered(ctx, &other, out) {
                    self.answered(ctx, other, out);
                }
            }
        }
    }

    /// The query changed: a new search after a pause (an empty one shows nothing).
    fn edited(&mut self, out: &mut Outbox) {
        self.seq += 1;
        if self.query.trim().is_empty() {
            self.searching = None;
            self.results.clear();
            self.searched.clear();
            self.selected = 0;
        } else {
            out.later(DEBOUNCE, Timer::Search(self.seq));
        }
    }

    fn found(&mut self, ctx: &Ctx, seq: u64, r: Result<Vec<Found>, UiError>, out: &mut Outbox) {
        if seq != self.seq {
            return; // the answer to a text no longer typed
        }
        self.searching = None;
        match r {
            Ok(list) => {
                let keep = self.results.get(self.selected).map(|f| f.booking_id);
                self.results = list;
                self.searched = self.query.clone();
                self.selected = keep
                    .and_then(|k| self.results.iter().position(|f| f.booking_id == k))
                    .unwrap_or(0);
            }
            Err(e) => out.failed(ctx, &e),
        }
    }

    fn card_came(&mut self, ctx: &Ctx, number: String, r: Result<BookingCard, UiError>, out: &mut Outbox) {
        // the booking being opened, else the one on screen (a reload after an action)
        let found = match (&self.opening, &self.card) {
            (Some(f), _) if f.booking_number == number => f.clone(),
            (None, Some(o)) if o.card.booking.booking_number == number => o.found.clone(),
            _ => return,
        };
        self.opening = None;
        match r {
            Ok(card) => {
                let same = self.number() == Some(number.as_str());
                if !same {
                    self.scroll = 0;
                    self.form = None;
                }
                let rebook = self.card.as_ref().filter(|_| same).and_then(|o| o.rebook.clone());
                if card.booking.status == crate::domain::BookingStatus::Confirmed {
                    call(
                        out,
                        Call::RebookCase {
                            number: number.clone(),
                            departure: card.booking.departure_id,
                        },
                    );
                }
                self.card = Some(Opened { found, card, rebook });
            }
            Err(e) => out.failed(ctx, &e),
        }
    }

    fn close_card(&mut self) {
        self.card = None;
        self.opening = None;
        self.form = None;
        self.scroll = 0;
    }

    /// The number of the booking on screen.
    pub fn number(&self) -> Option<&str> {
        self.card.as_ref().map(|o| o.card.booking.booking_number.as_str())
    }

    /// Reads the card again (after an action) and the results (its status,
    /// paid); the parties to rebook when they are on screen.
    fn reload(&mut self, out: &mut Outbox) {
        if let Some(n) = self.number() {
            call(out, Call::Card(n.to_string()));
        } else {
            self.reload_parties(out);
        }
        if !self.query.trim().is_empty() {
            self.seq += 1;
            self.searching = Some(self.seq);
            call(
                out,
                Call::Find {
                    seq: self.seq,
                    text: self.query.clone(),
                },
            );
        }
    }

    /// `/` from another pane: to the search field, its text kept to change.
    pub fn focus_search(&mut self) {
        self.close_card();
        self.parties = None;
    }

    pub fn show(&mut self, _ctx: &Ctx, out: &mut Outbox) {
        // what is on screen may have changed at another desk
        self.reload(out);
    }

    pub fn departure_changed(&mut self, _ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        let shown = self.card.as_ref().is_some_and(|o| o.card.booking.departure_id == id);
        if visible && shown && self.form.is_none() {
            self.reload(out);
        }
        if visible && self.card.is_none() && self.form.is_none() {
            self.parties_changed(id, out);
        }
    }

    /// The search field takes every key, and so does an open form or
    /// question (the parties' y/n included).
    pub fn typing(&self) -> bool {
        self.form.is_some()
            || match (&self.card, &self.parties) {
                (Some(_), _) => false,
                (None, Some(p)) => p.ask.is_some(),
                (None, None) => true,
            }
    }
}
