//! `m` on a booking's card: move the party to another departure. The desk
//! picks a departure with room (the same tour first, then the others,
//! soonest first), sees the server's quote — the price difference, the
//! charge or the refund with its tier — and only then `y` moves.
//!
//! The reason is the booking's situation, not the clerk's choice: a party
//! still confirmed on a departure cancelled for weather is "to rebook" and
//! moves for free (`weather`); any other move is the customer's wish
//! (`customer`, re-priced by the server). The client key is made when `y`
//! is pressed and kept while the same move is retried (a move whose answer
//! was lost is not made twice); choosing another departure drops it.
//!
//! `y` sends the new total the quote on screen showed: if the server's is
//! another by then (PRICE_CHANGED, nothing moved), the new quote is asked
//! for and shown, and only another `y` moves at it — never a figure the
//! customer was not shown.

use super::{Call, Msg, State, call, card_view};
use crate::booking::{Departure, MoveQuote, MoveRequest};
use crate::domain::{DepartureId, DepartureStatus, ErrorCode, MoveReason};
use crate::tui::panes::walkin::view::local_time;
use crate::tui::panes::{Ctx, Outbox};
use crate::tui::strings::fill;
use chrono::Duration;
use uuid::Uuid;

/// How far ahead the picker looks for departures.
pub const HORIZON_DAYS: i64 = 60;

#[derive(Debug, Clone, PartialEq)]
pub struct MoveForm {
    pub reason: MoveReason,
    /// departures with room for the party, same tour first (None until they came)
    pub targets: Option<Vec<Departure>>,
    pub selected: usize,
    /// the server's quote for the selected departure, once it answered
    pub quote: Option<MoveQuote>,
    pub quoting: bool,
    /// the key of the move sent, kept for its retry
    pub key: Option<Uuid>,
    pub busy: bool,
}

impl MoveForm {
    pub fn target(&self) -> Option<&Departure> {
        self.targets.as_ref().and_then(|t| t.get(self.selected))
    }
}

/// The departures a party of `seats` may move to from `from`: scheduled,
/// not started, with room; the same tour first, then by time.
pub fn targets(
    from: &Departure,
    all: Vec<Departure>,
    seats: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Departure> {
    let mut list: Vec<Departure> = all
        .into_iter()
        .filter(|d| d.id != from.id && d.status == DepartureStatus::Scheduled && d.starts_at > now && d.free >= seats)
        .collect();
    list.sort_by_key(|d| (d.tour_id != from.tour_id, d.starts_at, d.id.0));
    list
}

/// Date, time (in the departure's zone) and tour of a departure.
pub fn when(ctx: &Ctx, d: &Departure) -> (String, String) {
    (local_time(ctx, d.starts_at, &d.time_zone), d.tour.clone())
}

impl State {
    /// `m`: the picker opens and the departures are asked for.
    pub(super) fn start_move(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Some(o) = &self.card else {
            return;
        };
        if !card_view::live(&o.card) {
            return out.info(ctx.text.bookings.already_cancelled);
        }
        self.form = Some(super::Form::Move(MoveForm {
            reason: MoveReason::Customer,
            targets: None,
            selected: 0,
            quote: None,
            quoting: false,
            key: None,
            busy: false,
        }));
        call(
            out,
            Call::MoveTargets {
                from: o.card.booking.departure_id,
                since: ctx.now,
                until: ctx.now + Duration::days(HORIZON_DAYS),
            },
        );
    }

    pub(super) fn move_key(&mut self, key: super::FormKey, out: &mut Outbox) {
        use super::FormKey as K;
        let Some(number) = self.number().map(str::to_string) else {
            return;
        };
        let Some(super::Form::Move(f)) = &mut self.form else {
            return;
        };
        if f.busy {
            return;
        }
        let len = f.targets.as_ref().map_or(0, Vec::len);
        match key {
            K::Left | K::Right | K::Next if f.quote.is_none() && !f.quoting && len > 0 => {
                let step = if key == K::Left { len - 1 } else { 1 };
                f.selected = (f.selected + step) % len;
                f.key = None;
            }
            K::Submit if f.quote.is_none() && !f.quoting => {
                if let Some(to) = f.target().map(|d| d.id) {
                    f.quoting = true;
                    call(out, Call::MoveQuote(MoveRequest::new(&number, to, f.reason)));
                }
            }
            K::Yes => {
                if let (Some(q), Some(to)) = (f.quote.as_ref().filter(|q| q.fits), f.target().map(|d| d.id)) {
                    let request = MoveRequest::new(&number, to, f.reason).as_quoted(q);
                    f.busy = true;
                    let key = *f.key.get_or_insert_with(Uuid::now_v7);
                    call(out, Call::Move { request, key });
                }
            }
            K::No | K::Cancel if f.quote.is_some() || f.quoting => {
                f.quote = None;
                f.quoting = false;
                f.key = None;
            }
            K::No | K::Cancel => self.form = None,
            _ => {}
        }
    }

    /// The core's answers to a move: the departures, the quote, the move.
    pub(super) fn move_answered(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        let t = &ctx.text.bookings;
        let seats = self.card.as_ref().map_or(0, |o| o.found.adults + o.found.children);
        let live = self.card.as_ref().is_some_and(|o| card_view::live(&o.card));
        let form = match &mut self.form {
            Some(super::Form::Move(f)) => Some(f),
            _ => None,
        };
        match msg {
            Msg::MoveTargets(from, r) => {
                let Some(f) = form else { return };
                if self.card.as_ref().map(|o| o.card.booking.departure_id) != Some(from) {
                    return;
                }
                match r {
                    Ok((source, all)) => {
                        // still confirmed on a departure cancelled (for weather): to rebook, free
                        if live && source.status == DepartureStatus::Cancelled {
                            f.reason = MoveReason::Weather;
                        }
                        f.targets = Some(targets(&source, all, seats, ctx.now));
                    }
                    Err(e) => {
                        self.form = None;
                        out.failed(ctx, &e);
                    }
                }
            }
            Msg::MoveQuoted(to, r) => {
                let Some(f) = form else { return };
                if f.target().map(|d| d.id) != Some(to) || !f.quoting {
                    return;
                }
                f.quoting = false;
                match r {
                    Ok(q) if !q.fits => out.info(fill(t.move_no_room, &[&q.free_seats])),
                    Ok(q) => f.quote = Some(q),
                    Err(e) => out.failed(ctx, &e),
                }
            }
            Msg::Moved(key, r) => {
                let mine = form.as_ref().is_some_and(|f| f.key == Some(key));
                match r {
                    Ok(m) => {
                        let target = form.and_then(|f| f.target().cloned());
                        if mine {
                            self.form = None;
                        }
                        if let (Some(d), Some(o)) = (&target, &mut self.card)
                            && d.id == DepartureId(m.to_departure_id)
                        {
                            // the card's heading follows the party
                            o.found.departure_id = d.id;
                            o.found.tour = d.tour.clone();
                            o.found.starts_at = d.starts_at;
                            o.found.time_zone = d.time_zone.clone();
                        }
                        let (at, tour) = target.as_ref().map(|d| when(ctx, d)).unwrap_or_default();
                        out.success(fill(t.moved_notice, &[&m.booking_number, &at, &tour]));
                        self.reload(out);
                    }
                    Err(e) if e.code == ErrorCode::PriceChanged && mine => {
                        // nothing moved: the new quote, to confirm again
                        if let Some(f) = form
                            && let Some(to) = f.target().map(|d| d.id)
                            && let Some(number) = self.card.as_ref().map(|o| o.card.booking.booking_number.clone())
                        {
                            f.busy = false;
                            f.quote = None;
                            f.quoting = true;
                            f.key = None;
                            call(out, Call::MoveQuote(MoveRequest::new(&number, to, f.reason)));
                        }
                        out.info(t.move_price_changed);
                    }
                    Err(e) => {
                        if let Some(f) = form
                            && mine
                        {
                            // the key stays: the same move again is safe
                            f.busy = false;
                        }
                        out.failed(ctx, &e);
                    }
                }
            }
            _ => {}
        }
    }
}
