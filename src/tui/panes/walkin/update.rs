//! The walk-in's update: keys per step, and the core's answers. No I/O.

use super::form::{self, ContactProblem, PartyField, Pay, PersonField};
use super::{Call, ContactField, Done, Field, HoldState, Msg, Sale, State, Step, call};
use crate::booking::{BookRequest, Departure, Payment};
use crate::domain::{DepartureStatus, ErrorCode, PartyError};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Level, Outbox};
use crate::tui::strings::fill;
use uuid::Uuid;

pub fn party_error_text(ctx: &Ctx, e: &PartyError) -> String {
    let t = &ctx.text.walkin;
    match e {
        PartyError::Empty => t.party_empty.to_string(),
        PartyError::ChildrenAlone => t.party_children_alone.to_string(),
        PartyError::TooLarge(n) => fill(t.party_too_large, &[n, &crate::domain::party::MAX_PARTY]),
    }
}

impl State {
    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        match msg {
            Msg::Departures(r) => self.on_departures(ctx, r, out),
            Msg::Availability(id, r) => match r {
                Ok(a) => {
                    if let Some(d) = self.departures.iter_mut().find(|d| d.id == id) {
                        d.capacity = a.capacity;
                        d.booked = a.booked;
                        d.held = a.held;
                        d.free = a.free;
                        d.waitlist = a.waitlist;
                        d.status = a.status;
                    }
                }
                Err(e) => out.failed(ctx, &e),
            },
            Msg::Quoted(seq, r) => {
                if seq == self.quote_seq {
                    match r {
                        Ok(q) => self.quote = Some(q),
                        Err(e) => {
                            self.quote = None;
                            out.failed(ctx, &e);
                        }
                    }
                }
            }
            Msg::Held(key, r) => self.on_held(ctx, key, r, out),
            Msg::Extended(id, r) => match r {
                Ok(until) => {
                    if let HoldState::Active(h) = &mut self.hold
                        && h.id == id
                    {
                        h.expires_at = until;
                        out.success(ctx.text.walkin.hold_extended);
                    }
                }
                Err(e) => self.hold_failed(ctx, &e, out),
            },
            Msg::Released(_, r) => match r {
                Ok(_) => out.info(ctx.text.walkin.released),
                Err(e) => out.failed(ctx, &e),
            },
            Msg::Booked(key, r) => self.on_booked(ctx, key, *r, out),
            Msg::Alternatives(id, r) => {
                let seats = self.party().map(|p| p.seats() as i32).unwrap_or(1);
                if let (Some(so), Ok(list)) = (&mut self.sold_out, r)
                    && self.departure == Some(id)
                {
                    // the core's answer is authoritative and looks further ahead
                    so.alternatives = list.into_iter().filter(|a| a.free >= seats).collect();
                    so.selected = so.selected.min(so.alternatives.len());
                }
            }
            Msg::Joined(r) => self.on_joined(ctx, r, out),
            Msg::Pickups(id, r) if self.departure == Some(id) => match r {
                Ok(list) => {
                    self.pickups = list;
                    self.pickup = self.pickup.filter(|i| *i < self.pickups.len());
                }
                // the sale goes on without a pickup: the stop can be set later
                Err(e) => out.failed(ctx, &e),
            },
            Msg::Pickups(..) => {}
            key => match self.step {
                Step::Pick => self.pick_key(ctx, key, out),
                Step::Party => self.party_key(ctx, key, out),
                Step::Details | Step::Participants | Step::Pickup | Step::Payment if self.confirm_release => {
                    self.release_key(ctx, key, out)
                }
                Step::Details => self.details_key(ctx, key, out),
                Step::Participants => self.people_key(ctx, key, out),
                Step::Pickup => self.pickup_key(ctx, key, out),
                Step::Payment => self.payment_key(ctx, key, out),
                Step::Done => match key {
                    Msg::Enter | Msg::Esc => self.new_sale(ctx, out),
                    Msg::ShowQr => {
                        out.fullscreen_qr = self.done.as_ref().and_then(|d| d.sale.group_code.clone());
                    }
                    _ => {}
                },
                Step::SoldOut => self.sold_out_key(ctx, key, out),
            },
        }
    }

    pub(super) fn on_departures(&mut self, ctx: &Ctx, r: Result<Vec<Departure>, UiError>, out: &mut Outbox) {
        self.loading = false;
        let list = match r {
            Ok(list) => list,
            Err(e) => return out.failed(ctx, &e),
        };
        self.loaded = true;
        let keep = self.highlighted().map(|d| d.id);
        self.departures = list;
        let focus = self
            .pending_focus
            .take()
            .or(if self.step == Step::Pick { None } else { keep });
        self.selected = focus
            .and_then(|id| self.departures.iter().position(|d| d.id == id))
            .or_else(|| {
                self.departures
                    .iter()
                    .position(|d| d.free > 0 && matches!(d.status, DepartureStatus::Scheduled) && d.starts_at > ctx.now)
            })
            .unwrap_or(0);
    }

    /// Back to an empty sale on a fresh list.
    pub(super) fn new_sale(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let departures = std::mem::take(&mut self.departures);
        *self = State {
            departures,
            ..State::default()
        };
        self.load(ctx, out);
    }

    pub(super) fn pick_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        let n = self.departures.len();
        if n == 0 {
            return;
        }
        let page = 10;
        self.selected = match key {
            Msg::Up => self.selected.saturating_sub(1),
            Msg::Down => (self.selected + 1).min(n - 1),
            Msg::PageUp => self.selected.saturating_sub(page),
            Msg::PageDown => (self.selected + page).min(n - 1),
            Msg::Home => 0,
            Msg::End => n - 1,
            Msg::Enter => return self.take(ctx, out),
            _ => return,
        };
    }

    /// The highlighted departure becomes this sale's.
    pub(super) fn take(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Some(d) = self.highlighted() else { return };
        let (id, status, free) = (d.id, d.status, d.free);
        if matches!(status, DepartureStatus::Cancelled) {
            return out.failed(ctx, &code(ErrorCode::DepartureCancelled));
        }
        if d.starts_at <= ctx.now {
            return out.failed(ctx, &code(ErrorCode::SalesClosed));
        }
        self.departure = Some(id);
        self.pickups.clear();
        self.pickup = None;
        self.pickup_row = 0;
        call(out, Call::Pickups(id));
        self.adults = Field::new(1);
        self.children = Field::new(0);
        self.party_focus = PartyField::Adults;
        if free <= 0 {
            return self.sold_out(ctx, None, out);
        }
        self.step = Step::Party;
        self.requote(ctx, out);
    }

    pub(super) fn requote(&mut self, ctx: &Ctx, out: &mut Outbox) {
        self.hold_key = None; // a different party is a different hold
        match (self.party(), self.departure) {
            (Ok(party), Some(departure)) => {
                self.party_error = None;
                self.quote_seq += 1;
                call(
                    out,
                    Call::Quote {
                        seq: self.quote_seq,
                        departure,
                        party,
                        at: ctx.now,
                    },
                );
            }
            (Err(e), _) => {
                self.party_error = Some(e);
                self.quote = None;
            }
            _ => {}
        }
    }

    pub(super) fn party_field(&mut self) -> &mut Field {
        match self.party_focus {
            PartyField::Adults => &mut self.adults,
            PartyField::Children => &mut self.children,
        }
    }

    pub(super) fn party_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        match key {
            Msg::Char(c) if c.is_ascii_digit() => {
                self.party_field().digit(c);
                self.requote(ctx, out);
            }
            Msg::Backspace => {
                self.party_field().backspace();
                self.requote(ctx, out);
            }
            Msg::Up | Msg::Down => {
                self.party_field().step(matches!(key, Msg::Up));
                self.requote(ctx, out);
            }
            Msg::Tab | Msg::BackTab => {
                self.party_focus = match self.party_focus {
                    PartyField::Adults => PartyField::Children,
                    PartyField::Children => PartyField::Adults,
                };
                self.party_field().fresh = true;
            }
            Msg::Enter => self.hold(ctx, out),
            Msg::Esc => {
                self.step = Step::Pick;
                self.departure = None;
                self.quote = None;
            }
            _ => {}
        }
    }

    pub(super) fn details_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        if self.hold_keys(ctx, &key, out) {
            return;
        }
        let f = self.contact_focus;
        match key {
            Msg::Char(c) => {
                let typed = form::type_char(form::contact_field(&mut self.contact, f), c, f == ContactField::Phone);
                // a changed contact is checked afresh
                self.warned_no_contact &= !typed;
            }
            Msg::Backspace => {
                form::contact_field(&mut self.contact, f).pop();
            }
            Msg::Tab | Msg::Down => self.contact_focus = f.next(false),
            Msg::BackTab | Msg::Up => self.contact_focus = f.next(true),
            Msg::Participants => {
                self.step = Step::Participants;
                self.person = 0;
                self.person_focus = PersonField::Name;
            }
            Msg::Enter => match form::check_contact(&self.contact, self.warned_no_contact) {
                Ok(()) => self.step = self.after_details(),
                Err(p) => {
                    let t = &ctx.text.walkin;
                    let (field, text, level) = match p {
                        ContactProblem::NoName => (ContactField::Name, t.need_name, Level::Error),
                        ContactProblem::BadPhone => (ContactField::Phone, t.bad_phone, Level::Error),
                        ContactProblem::BadEmail => (ContactField::Email, t.bad_email, Level::Error),
                        ContactProblem::NoWayToReach => {
                            self.warned_no_contact = true;
                            (ContactField::Phone, t.no_phone, Level::Warning)
                        }
                    };
                    self.contact_focus = field;
                    out.notice(level, text);
                }
            },
            Msg::Esc => {
                if self.live_hold() {
                    self.confirm_release = true;
                } else {
                    self.release(ctx, out);
                }
            }
            _ => {}
        }
    }

    pub(super) fn people_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        if self.hold_keys(ctx, &key, out) {
            return;
        }
        let n = self.people.len().max(1);
        match key {
            Msg::Char(c) => {
                if let Some(p) = self.people.get_mut(self.person) {
                    form::type_char(form::person_field(p, self.person_focus), c, false);
                }
            }
            Msg::Backspace => {
                if let Some(p) = self.people.get_mut(self.person) {
                    form::person_field(p, self.person_focus).pop();
                }
            }
            Msg::Tab => self.person_focus = self.person_focus.next(false),
            Msg::BackTab => self.person_focus = self.person_focus.next(true),
            Msg::Participants | Msg::Down | Msg::PageDown => {
                self.person = (self.person + 1) % n;
                self.person_focus = PersonField::Name;
            }
            Msg::Up | Msg::PageUp => {
                self.person = (self.person + n - 1) % n;
                self.person_focus = PersonField::Name;
            }
            Msg::Enter | Msg::Esc => self.step = Step::Details,
            _ => {}
        }
    }

    /// The step after the contact: the pickup when the tour has stops.
    fn after_details(&self) -> Step {
        if self.pickups.is_empty() {
            Step::Payment
        } else {
            Step::Pickup
        }
    }

    /// One key: a stop's number chooses it, Enter the highlighted row (no
    /// pickup unless moved), 0 none; each goes on to the payment.
    pub(super) fn pickup_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        if self.hold_keys(ctx, &key, out) {
            return;
        }
        let rows = self.pickups.len() + 1;
        match key {
            Msg::Up | Msg::BackTab => self.pickup_row = (self.pickup_row + rows - 1) % rows,
            Msg::Down | Msg::Tab => self.pickup_row = (self.pickup_row + 1) % rows,
            Msg::Char(c) if c.is_ascii_digit() => {
                let n = c.to_digit(10).unwrap_or(0) as usize;
                if n < rows {
                    self.pickup_row = n;
                    self.pickup = n.checked_sub(1);
                    self.step = Step::Payment;
                }
            }
            Msg::Enter => {
                self.pickup = self.pickup_row.checked_sub(1);
                self.step = Step::Payment;
            }
            Msg::Esc => self.step = Step::Details,
            _ => {}
        }
    }

    pub(super) fn payment_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        if self.hold_keys(ctx, &key, out) {
            return;
        }
        match key {
            Msg::Up | Msg::BackTab => self.payment = self.payment.next(true),
            Msg::Down | Msg::Tab => self.payment = self.payment.next(false),
            Msg::Char(c) if self.payment == Pay::Card => {
                form::type_char(&mut self.reference, c, false);
            }
            Msg::Backspace if self.payment == Pay::Card => {
                self.reference.pop();
            }
            Msg::Enter => self.confirm(ctx, out),
            Msg::Esc if !self.booking => {
                self.step = if self.pickups.is_empty() {
                    Step::Details
                } else {
                    Step::Pickup
                }
            }
            _ => {}
        }
    }

    /// Books on the hold (or as soon as the pending hold lands).
    pub(super) fn confirm(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let t = &ctx.text.walkin;
        if self.booking {
            return;
        }
        if self.payment == Pay::Card && self.reference.trim().is_empty() {
            return out.error(t.need_reference);
        }
        let (Ok(party), Some(departure)) = (self.party(), self.departure) else {
            return;
        };
        let hold = match &self.hold {
            HoldState::Active(h) => h.id,
            HoldState::Pending => {
                self.book_after_hold = true;
                return out.info(t.waiting_for_hold);
            }
            HoldState::None | HoldState::Expired => return out.error(t.hold_again),
        };
        let mut req = BookRequest::new(departure, party, &self.contact.name);
        req.hold = Some(hold);
        req.contact_phone = self.contact.phone.trim().to_string();
        req.contact_email = self.contact.email.trim().to_string();
        req.special_requests = self.contact.special.trim().to_string();
        req.pickup = self.chosen_pickup().map(|p| p.pickup_point_id);
        // the customer is served in the kiosk's language: their messages too
        req.language = Some(ctx.lang.language());
        req.participants = form::people_for_booking(&self.people, &self.contact.name, t.guest_name);
        req.payment = Payment {
            method: self.payment.method(),
            reference: if self.payment == Pay::Card {
                self.reference.trim().to_string()
            } else {
                String::new()
            },
        };
        // a retry after an error sends the same key: the core answers once
        // the figure on screen is the one charged: the server refuses another
        req.expected_total = self.quote.as_ref().map(|q| q.total_minor);
        req.key = *self.book_key.get_or_insert_with(Uuid::now_v7);
        self.booking = true;
        call(out, Call::Book(Box::new(req)));
    }

    pub(super) fn on_booked(&mut self, ctx: &Ctx, key: Uuid, r: Result<Sale, UiError>, out: &mut Outbox) {
        if self.book_key != Some(key) {
            return;
        }
        self.booking = false;
        match r {
            Ok(sale) => {
                let number = sale.booking.booking_number().to_string();
                let (level, text) = sale_notice(ctx, &sale, fill(ctx.text.walkin.booked, &[&number]));
                out.notice(level, text);
                // the "booked" screen shows the departure's free seats. Online
                // the departure's NOTIFY refreshes them; offline nothing does,
                // and the line kept the count from before the sale: ask the
                // service, which answers from the store (the allotment left)
                if sale.booking.offline()
                    && let Some(id) = self.departure
                {
                    call(out, Call::Availability(id));
                }
                self.done = Some(Done::new(sale));
                self.step = Step::Done;
                self.hold = HoldState::None;
                self.book_key = None;
                self.shown_left = None;
            }
            Err(e) if e.code == ErrorCode::SoldOut => {
                self.hold = HoldState::None;
                self.book_key = None;
                self.sold_out(ctx, Some(&e), out);
            }
            Err(e) if e.code == ErrorCode::PriceChanged => {
                // the server's price differs from the one on screen: show the
                // new one (the hold stands) and let the clerk confirm again
                out.error(ticket_error_text(ctx, &e));
                self.quote = None;
                if let (Ok(party), Some(departure)) = (self.party(), self.departure) {
                    self.quote_seq += 1;
                    call(
                        out,
                        Call::Quote {
                            seq: self.quote_seq,
                            departure,
                            party,
                            at: ctx.now,
                        },
                    );
                }
            }
            Err(e) => self.hold_failed(ctx, &e, out),
        }
    }
}

/// The one notice after a sale that stands (`booked`: its success
/// sentence). A printer that did not print is what the clerk must act on
/// (paper, power, cable) and the sentence says "booked" too, so it comes
/// first; tickets that could not be made come next (the "booked" screen
/// lists both); else the success.
pub(crate) fn sale_notice(ctx: &Ctx, sale: &Sale, booked: String) -> (Level, String) {
    let number = sale.booking.booking_number();
    match (&sale.printer_error, &sale.ticket_error) {
        (Some(p), tickets) => {
            let mut text = fill(ctx.text.walkin.printer_failed, &[&number, &p.message]);
            match tickets {
                Some(e) => {
                    text.push(' ');
                    text.push_str(&ticket_error_text(ctx, e));
                }
                None => text.push_str(ctx.text.walkin.tickets_saved),
            }
            (Level::Warning, text)
        }
        (None, Some(e)) => (
            Level::Error,
            fill(ctx.text.walkin.tickets_failed, &[&number, &ticket_error_text(ctx, e)]),
        ),
        (None, None) => (Level::Success, booked),
    }
}

/// Why the tickets of a sale that stands were not made, in the kiosk's
/// language (`NO_SIGNING_KEY`).
pub(crate) fn ticket_error_text(ctx: &Ctx, e: &UiError) -> String {
    crate::tui::strings::error_text(ctx.lang, e.code).to_string()
}

fn code(code: ErrorCode) -> UiError {
    UiError {
        code,
        message: code.as_str().to_string(),
    }
}
