//! The walk-in pane: pick a departure, count the party, hold the seats while
//! the details are taken, take payment, show the ticket. Sold out offers the
//! waitlist or the next departures with seats.

mod form;
mod hold;
pub mod io;
mod sold_out;
#[cfg(test)]
mod tests;
pub(crate) mod update;
pub mod view;

pub use form::{ContactField, Field, PartyField, Pay, PersonField};

use super::{Ctx, Outbox, PaneCall};
use crate::booking::{Alternative, Availability, BookRequest, Departure, Hold, ParticipantInput, PickupStop};
use crate::domain::pricing::PriceBreakdown;
use crate::domain::{DepartureId, HoldId, Party, WaitlistEntryId};
use crate::service::{HoldReleased, Sold};
use crate::tui::action::UiError;
use chrono::{DateTime, TimeDelta, Utc};
use std::path::PathBuf;
use uuid::Uuid;

/// How far ahead the departure list looks.
pub const LOOK_AHEAD_DAYS: i64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    /// the departure list
    #[default]
    Pick,
    /// adults and children, with the quote
    Party,
    /// contact details while the seats are held
    Details,
    /// optional per-participant details
    Participants,
    /// where the party is collected: only when the tour has pickup points
    /// (one key: a stop's digit, or Enter for none)
    Pickup,
    Payment,
    /// booking number, code and QR
    Done,
    /// no room: waitlist or another departure
    SoldOut,
}

/// Seats held for this walk-in.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldSeats {
    pub id: HoldId,
    pub expires_at: DateTime<Utc>,
}

/// The hold as the clerk sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum HoldState {
    #[default]
    None,
    /// asked for, answer pending
    Pending,
    Active(HeldSeats),
    /// ran out (or the core said so): hold again
    Expired,
}

#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub special: String,
}

/// What the confirm produced: the booking and its printed tickets.
#[derive(Debug, Clone)]
pub struct Sale {
    /// booked on the server, or sold offline from this laptop's allotment
    /// (journalled, everyone checked in)
    pub booking: Sold,
    /// the group ticket's QR payload
    pub group_code: Option<String>,
    pub pngs: Vec<PathBuf>,
    /// the booking stands, but its tickets could not be made or written
    /// (`NO_SIGNING_KEY`: this machine has no key; they can be printed later)
    pub ticket_error: Option<UiError>,
    /// the printer did not print the tickets or the receipt (the last it
    /// refused, naming it): kept apart from `ticket_error` so that neither
    /// hides the other — the clerk must hear about the paper
    pub printer_error: Option<UiError>,
}

impl Sale {
    /// An error after the sale: a printer's goes to `printer_error` (the
    /// latest wins: it says what the printer did last), any other to
    /// `ticket_error` (the first: what stopped the tickets).
    pub fn failed(&mut self, e: UiError) {
        if e.code == crate::domain::ErrorCode::PrinterUnavailable {
            self.printer_error = Some(e);
        } else {
            self.ticket_error.get_or_insert(e);
        }
    }
}

/// The finished walk-in as shown.
#[derive(Debug, Clone)]
pub struct Done {
    pub sale: Sale,
    /// the QR in Unicode blocks (made once, when the sale arrived)
    pub qr: Option<String>,
}

impl Done {
    /// The "booked" screen of a sale: its QR drawn once, here.
    pub fn new(sale: Sale) -> Done {
        let qr = sale
            .group_code
            .as_deref()
            .and_then(|c| crate::ticket::render::ticket_unicode(c).ok());
        Done { sale, qr }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoldOutChoice {
    Waitlist,
    Departure(usize),
}

/// The waitlist's fields on the sold-out panel: who, and how many (the
/// party can change its mind there: a smaller one may fit later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WaitField {
    #[default]
    Name,
    Phone,
    Adults,
    Children,
}

impl WaitField {
    pub const ALL: [WaitField; 4] = [
        WaitField::Name,
        WaitField::Phone,
        WaitField::Adults,
        WaitField::Children,
    ];

    pub fn next(self, back: bool) -> WaitField {
        let i = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
}

/// The sold-out panel.
#[derive(Debug, Clone, Default)]
pub struct SoldOut {
    /// free seats when the core said so
    pub free: Option<i32>,
    /// later departures of the same tour with room for the party
    pub alternatives: Vec<Alternative>,
    /// 0: the waitlist; 1..: an alternative
    pub selected: usize,
    /// the waitlist's name, phone and party: the field being typed
    pub asking: Option<WaitField>,
    pub join_key: Option<Uuid>,
    pub joining: bool,
}

#[derive(Debug, Default)]
pub struct State {
    pub step: Step,
    pub departures: Vec<Departure>,
    pub loading: bool,
    pub loaded: bool,
    /// row of the departure list
    pub selected: usize,
    /// another pane asked for this departure before the list arrived
    pub pending_focus: Option<DepartureId>,
    /// the departure this walk-in is for
    pub departure: Option<DepartureId>,
    pub adults: Field,
    pub children: Field,
    pub party_focus: PartyField,
    pub party_error: Option<crate::domain::PartyError>,
    pub quote: Option<PriceBreakdown>,
    /// answers to older quote requests are dropped
    pub quote_seq: u64,
    pub hold: HoldState,
    /// idempotency key of the hold being asked for (kept for retries)
    pub hold_key: Option<Uuid>,
    pub contact: Contact,
    pub contact_focus: ContactField,
    /// asked once when neither phone nor email is given
    pub warned_no_contact: bool,
    pub people: Vec<ParticipantInput>,
    pub person: usize,
    pub person_focus: PersonField,
    /// the active pickup points of this departure's tour, in route order
    /// (none: the sale asks nothing)
    pub pickups: Vec<PickupStop>,
    /// the stop chosen (an index into `pickups`); none: no pickup
    pub pickup: Option<usize>,
    /// the highlighted row of the pickup step: 0 no pickup, i the i-th stop
    pub pickup_row: usize,
    pub payment: Pay,
    /// the card terminal's slip number
    pub reference: String,
    pub book_key: Option<Uuid>,
    /// a Book call is in flight
    pub booking: bool,
    /// confirm pressed while the hold was still pending: book when it lands
    pub book_after_hold: bool,
    /// Esc with seats held: asking whether to release them
    pub confirm_release: bool,
    pub done: Option<Done>,
    pub sold_out: Option<SoldOut>,
    /// the countdown value last drawn, in seconds
    pub shown_left: Option<i64>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Tab,
    BackTab,
    Char(char),
    Backspace,
    /// extend the hold (or hold again after it ran out)
    Extend,
    Release,
    /// the optional per-participant form
    Participants,
    /// the ticket's QR on the whole screen
    ShowQr,
    Departures(Result<Vec<Departure>, UiError>),
    Availability(DepartureId, Result<Availability, UiError>),
    Quoted(u64, Result<PriceBreakdown, UiError>),
    Held(Uuid, Result<Hold, UiError>),
    Extended(HoldId, Result<DateTime<Utc>, UiError>),
    Released(HoldId, Result<HoldReleased, UiError>),
    Booked(Uuid, Box<Result<Sale, UiError>>),
    Alternatives(DepartureId, Result<Vec<Alternative>, UiError>),
    Pickups(DepartureId, Result<Vec<PickupStop>, UiError>),
    Joined(Result<(WaitlistEntryId, i32), UiError>),
}

#[derive(Debug, Clone)]
pub enum Call {
    Departures {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    Availability(DepartureId),
    Quote {
        seq: u64,
        departure: DepartureId,
        party: Party,
        at: DateTime<Utc>,
    },
    Hold {
        departure: DepartureId,
        party: Party,
        key: Uuid,
    },
    Extend(HoldId),
    Release(HoldId),
    Book(Box<BookRequest>),
    Alternatives(DepartureId),
    Pickups(DepartureId),
    WaitlistJoin {
        departure: DepartureId,
        party: Party,
        name: String,
        phone: String,
        email: String,
        key: Uuid,
    },
}

pub(crate) fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::Walkin(c));
}

impl State {
    pub fn show(&mut self, ctx: &Ctx, out: &mut Outbox) {
        match self.step {
            // a fresh sale: the list as it is now
            Step::Pick => self.load(ctx, out),
            _ => {
                if let Some(id) = self.departure {
                    call(out, Call::Availability(id));
                }
                self.tick(ctx, out);
            }
        }
    }

    pub(crate) fn load(&mut self, ctx: &Ctx, out: &mut Outbox) {
        self.loading = true;
        call(
            out,
            Call::Departures {
                from: ctx.now - TimeDelta::minutes(5),
                to: ctx.now + TimeDelta::days(LOOK_AHEAD_DAYS),
            },
        );
    }

    /// Another pane sent the clerk here to sell on this departure.
    pub fn focus_departure(&mut self, _ctx: &Ctx, id: DepartureId, out: &mut Outbox) {
        if self.step != Step::Pick {
            return; // never drop a sale in progress
        }
        match self.departures.iter().position(|d| d.id == id) {
            Some(i) => self.selected = i,
            None => self.pending_focus = Some(id), // picked when the list arrives
        }
        call(out, Call::Availability(id));
    }

    pub fn departure_changed(&mut self, _ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        let shown = self.departures.iter().any(|d| d.id == id) || self.departure == Some(id);
        // hidden: the list reloads when shown again
        if visible && shown {
            call(out, Call::Availability(id));
        }
    }

    pub fn check_ins_changed(&mut self, _ctx: &Ctx, _id: DepartureId, _visible: bool, _out: &mut Outbox) {}

    /// Seconds left on the hold, when one is active.
    pub fn left(&self, now: DateTime<Utc>) -> Option<i64> {
        match &self.hold {
            HoldState::Active(h) => Some((h.expires_at - now).num_seconds().max(0)),
            _ => None,
        }
    }

    /// Whether the countdown is on screen in this step.
    fn countdown_visible(&self) -> bool {
        self.holding()
    }

    /// The steps taken while the seats are held (the countdown shows, the
    /// hold's keys work).
    pub fn holding(&self) -> bool {
        matches!(
            self.step,
            Step::Details | Step::Participants | Step::Pickup | Step::Payment
        )
    }

    /// The pickup point chosen for this sale.
    pub fn chosen_pickup(&self) -> Option<&PickupStop> {
        self.pickup.and_then(|i| self.pickups.get(i))
    }

    /// Called only while the pane is visible: redraw when the countdown moved.
    pub fn tick(&mut self, ctx: &Ctx, out: &mut Outbox) -> bool {
        let left = self.left(ctx.now);
        // while a booking is in flight the core decides whether the hold made it
        if left == Some(0) && !self.booking {
            self.hold = HoldState::Expired;
            self.shown_left = None;
            out.notice(super::Level::Warning, ctx.text.walkin.hold_expired);
            out.bell();
            return true;
        }
        let left = if self.countdown_visible() { left } else { None };
        let changed = left != self.shown_left;
        self.shown_left = left;
        changed
    }

    pub fn typing(&self) -> bool {
        // the sold-out panel may appear while the clerk is still typing a
        // name: the rest of it must not switch panes or quit
        !matches!(self.step, Step::Pick | Step::Done)
    }

    /// The departure this walk-in is for, as last loaded.
    pub fn current(&self) -> Option<&Departure> {
        let id = self.departure?;
        self.departures.iter().find(|d| d.id == id)
    }

    pub fn highlighted(&self) -> Option<&Departure> {
        self.departures.get(self.selected)
    }

    /// The party as typed, if valid.
    pub fn party(&self) -> Result<Party, crate::domain::PartyError> {
        Party::new(self.adults.number(), self.children.number())
    }
}
