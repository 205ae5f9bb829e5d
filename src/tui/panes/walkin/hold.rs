//! Holding seats while the clerk takes the details: hold, countdown answers,
//! extend and release. No I/O.

use super::form::{self, PartyField};
use super::update::party_error_text;
use super::{Call, ContactField, HeldSeats, HoldState, Msg, State, Step, call};
use crate::domain::ErrorCode;
use crate::tui::action::UiError;
use crate::tui::keymap::{is_no, is_yes};
use crate::tui::panes::{Ctx, Outbox};
use uuid::Uuid;

impl State {
    /// Holds the seats and moves on to the details at once: the clerk types
    /// the name while the core answers.
    pub(super) fn hold(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let party = match self.party() {
            Ok(p) => p,
            Err(e) => return out.error(party_error_text(ctx, &e)),
        };
        let Some(departure) = self.departure else { return };
        let key = *self.hold_key.get_or_insert_with(Uuid::now_v7);
        self.hold = HoldState::Pending;
        call(out, Call::Hold { departure, party, key });
        form::fit_people(&mut self.people, party);
        if self.step == Step::Party {
            self.step = Step::Details;
            self.contact_focus = ContactField::Name;
        }
    }

    pub(super) fn on_held(&mut self, ctx: &Ctx, key: Uuid, r: Result<crate::booking::Hold, UiError>, out: &mut Outbox) {
        if self.hold_key != Some(key) || self.hold != HoldState::Pending {
            // an answer for a sale given up meanwhile: do not keep its seats
            if let Ok(h) = r {
                call(out, Call::Release(h.hold_id));
            }
            return;
        }
        match r {
            Ok(h) => {
                self.hold = HoldState::Active(HeldSeats {
                    id: h.hold_id,
                    expires_at: h.expires_at,
                });
                self.hold_key = None;
                // book_key stays: a booking whose answer was lost may have
                // committed, and its key makes a retry return it, not book twice
                self.shown_left = None;
                if std::mem::take(&mut self.book_after_hold) {
                    self.confirm(ctx, out);
                }
            }
            Err(e) if e.code == ErrorCode::SoldOut => {
                self.hold = HoldState::None;
                self.hold_key = None;
                self.book_after_hold = false;
                self.sold_out(ctx, Some(&e), out);
            }
            Err(e) => {
                // the same key is used when the clerk tries again
                self.hold = HoldState::None;
                self.book_after_hold = false;
                out.failed(ctx, &e);
            }
        }
    }

    pub(super) fn hold_failed(&mut self, ctx: &Ctx, e: &UiError, out: &mut Outbox) {
        if matches!(e.code, ErrorCode::HoldExpired | ErrorCode::HoldNotActive) {
            self.hold = HoldState::Expired;
            self.book_key = None;
        }
        out.failed(ctx, e);
    }

    /// Keys that work in every step while seats are (to be) held.
    pub(super) fn hold_keys(&mut self, ctx: &Ctx, key: &Msg, out: &mut Outbox) -> bool {
        match key {
            Msg::Extend => match &self.hold {
                HoldState::Active(h) => call(out, Call::Extend(h.id)),
                HoldState::Pending => {}
                HoldState::None | HoldState::Expired => self.hold(ctx, out),
            },
            Msg::Release => self.release(ctx, out),
            _ => return false,
        }
        true
    }

    /// Lets the held seats go (also when the kiosk quits with seats held).
    pub fn release(&mut self, _ctx: &Ctx, out: &mut Outbox) {
        if self.booking {
            return; // the booking on this hold is being decided
        }
        if let HoldState::Active(h) = &self.hold {
            call(out, Call::Release(h.id));
        }
        // a pending hold is released when its answer arrives (on_held)
        self.hold = HoldState::None;
        self.hold_key = None;
        self.book_after_hold = false;
        self.confirm_release = false;
        self.step = Step::Party;
        self.party_focus = PartyField::Adults;
        self.adults.fresh = true;
    }

    pub(super) fn release_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        match key {
            Msg::Enter => self.release(ctx, out),
            Msg::Char(c) if is_yes(c) => self.release(ctx, out),
            Msg::Esc => self.confirm_release = false,
            Msg::Char(c) if is_no(c) => self.confirm_release = false,
            _ => {}
        }
    }

    /// Seats are held (or being held) for this walk-in.
    pub fn live_hold(&self) -> bool {
        matches!(self.hold, HoldState::Active(_) | HoldState::Pending)
    }
}
