//! The waitlist pane: the queue of one departure, offers with their
//! countdown, accept an offer (→ booking), skip, remove.
//!
//! An accepted offer ends on the walk-in's "booked" screen (number, code,
//! total, tickets and QR: the same view, `walkin::view::render_booked`),
//! until Esc or Enter goes back to the queue.
//!
//! Offers are made by the core alone: when seats free up it offers them to
//! the first waiting party that fits, for a short time; an offer that runs
//! out passes the seats on. Skip (the party is not here) sends the entry to
//! the end of the queue and its offer's seats to the next party that fits.

pub mod io;
#[cfg(test)]
mod tests;
pub mod view;

use super::{Ctx, Level, Outbox, PaneCall};
use crate::booking::{Booking, Departure, WaitlistEntry};
use crate::domain::{DepartureId, ErrorCode, WaitlistEntryId, WaitlistStatus};
use crate::service::Sold;
use crate::tui::action::UiError;
use crate::tui::panes::walkin::{Done, Pay, Sale};
use crate::tui::strings::fill;
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Default)]
pub struct State {
    pub departures: Vec<Departure>,
    pub current: Option<DepartureId>,
    pub entries: Vec<WaitlistEntry>,
    pub loading: bool,
    /// the queue shown belongs to `current`
    pub loaded: bool,
    pub selected: usize,
    /// asking y/n before taking this entry off the list
    pub confirm_remove: Option<WaitlistEntryId>,
    /// an accept in flight
    pub accepting: Option<WaitlistEntryId>,
    /// a skip in flight
    pub skipping: Option<WaitlistEntryId>,
    /// one key per entry, kept for retries of the same accept
    pub accept_keys: HashMap<WaitlistEntryId, Uuid>,
    pub payment: Pay,
    /// the last accepted offer's booking
    pub last_booking: Option<Booking>,
    /// the booked screen of the offer just accepted (until Esc or Enter)
    pub booked: Option<Done>,
    /// the offers' countdowns last drawn, in seconds
    pub shown: Vec<i64>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Up,
    Down,
    PrevDeparture,
    NextDeparture,
    Accept,
    Skip,
    Remove,
    Yes,
    No,
    Payment,
    Refresh,
    /// Esc or Enter on the booked screen: back to the queue
    Back,
    /// v on the booked screen: the ticket's QR full screen
    ShowQr,
    Departures(Result<Vec<Departure>, UiError>),
    Queue(DepartureId, Result<Vec<WaitlistEntry>, UiError>),
    Accepted(WaitlistEntryId, Box<Result<Sale, UiError>>),
    Left(WaitlistEntryId, Result<WaitlistStatus, UiError>),
    Skipped(WaitlistEntryId, Result<Skip, UiError>),
}

/// A skip done: the entry's status afterwards and the queue read right after,
/// so the notice can say who was offered the seats.
#[derive(Debug, Clone)]
pub struct Skip {
    pub status: WaitlistStatus,
    pub departure: DepartureId,
    pub queue: Result<Vec<WaitlistEntry>, UiError>,
}

#[derive(Debug, Clone)]
pub enum Call {
    Departures {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    Queue(DepartureId),
    Accept {
        entry: WaitlistEntryId,
        payment: Pay,
        key: Uuid,
    },
    Leave(WaitlistEntryId),
    Skip {
        entry: WaitlistEntryId,
        departure: DepartureId,
    },
}

fn is_key(msg: &Msg) -> bool {
    !matches!(
        msg,
        Msg::Departures(_) | Msg::Queue(..) | Msg::Accepted(..) | Msg::Left(..) | Msg::Skipped(..)
    )
}

/// The departures the pane picks from, with their seat counts.
fn load_departures(ctx: &Ctx, out: &mut Outbox) {
    call(
        out,
        Call::Departures {
            from: ctx.now,
            to: ctx.now + TimeDelta::days(crate::tui::panes::walkin::LOOK_AHEAD_DAYS),
        },
    );
}

fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::Waitlist(c));
}

impl State {
    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        let t = &ctx.text.waitlist;
        // while asking, a key answers: yes removes, anything else keeps
        if self.confirm_remove.is_some() && is_key(&msg) {
            if let (Msg::Yes, Some(id)) = (&msg, self.confirm_remove.take()) {
                call(out, Call::Leave(id));
            }
            self.confirm_remove = None;
            return;
        }
        // the booked screen takes the keys until it is closed
        if self.booked.is_some() && is_key(&msg) {
            match msg {
                Msg::Back => self.booked = None,
                Msg::ShowQr => out.fullscreen_qr = self.booked.as_ref().and_then(|d| d.sale.group_code.clone()),
                _ => {}
            }
            return;
        }
        match msg {
            Msg::Back | Msg::ShowQr => {}
            Msg::Up => self.selected = self.selected.saturating_sub(1),
            Msg::Down => self.selected = (self.selected + 1).min(self.entries.len().saturating_sub(1)),
            Msg::PrevDeparture | Msg::NextDeparture => {
                let i = self.index().unwrap_or(0);
                let n = self.departures.len();
                if n > 0 {
                    let j = if matches!(msg, Msg::NextDeparture) {
                        (i + 1).min(n - 1)
                    } else {
                        i.saturating_sub(1)
                    };
                    self.select(self.departures[j].id, out);
                }
            }
            Msg::Accept => {
                let Some(e) = self.entries.get(self.selected) else {
                    return;
                };
                if self.accepting.is_some() {
                    return;
                }
                if !matches!(e.status, WaitlistStatus::Offered) {
                    return out.info(t.no_offer);
                }
                let id = e.id;
                let key = *self.accept_keys.entry(id).or_insert_with(Uuid::now_v7);
                self.accepting = Some(id);
                call(
                    out,
                    Call::Accept {
                        entry: id,
                        payment: self.payment,
                        key,
                    },
                );
            }
            Msg::Skip => {
                let (Some(e), Some(departure)) = (self.entries.get(self.selected), self.current) else {
                    return;
                };
                if self.skipping.is_none() {
                    self.skipping = Some(e.id);
                    call(out, Call::Skip { entry: e.id, departure });
                }
            }
            Msg::Remove => {
                if let Some(e) = self.entries.get(self.selected) {
                    self.confirm_remove = Some(e.id);
                }
            }
            Msg::Yes | Msg::No => {}
            Msg::Payment => self.payment = self.payment.next(false),
            Msg::Refresh => self.reload(out),
            Msg::Departures(r) => {
                self.loading = false;
                match r {
                    Ok(list) => {
                        self.departures = list;
                        if self.current.is_none() {
                            // the next departure with a queue, else the next one
                            let pick = self
                                .departures
                                .iter()
                                .find(|d| d.waitlist > 0)
                                .or(self.departures.first())
                                .map(|d| d.id);
                            if let Some(id) = pick {
                                self.select(id, out);
                            }
                        }
                    }
                    Err(e) => out.failed(ctx, &e),
                }
            }
            Msg::Queue(id, r) => match r {
                Ok(entries) => self.set_queue(id, entries),
                Err(e) if Some(id) == self.current => out.failed(ctx, &e),
                Err(_) => {}
            },
            Msg::Accepted(id, r) => {
                if self.accepting == Some(id) {
                    self.accepting = None;
                }
                match *r {
                    Ok(sale) => {
                        self.accept_keys.remove(&id);
                        let number = sale.booking.booking_number().to_string();
                        let accepted = fill(t.accepted, &[&number, &sale.booking.contact_name()]);
                        let (level, text) = crate::tui::panes::walkin::update::sale_notice(ctx, &sale, accepted);
                        out.notice(level, text);
                        if let Sold::Online(b) = &sale.booking {
                            self.last_booking = Some(b.clone());
                        }
                        self.booked = Some(Done::new(sale));
                        self.reload(out);
                    }
                    Err(e) => {
                        out.failed(ctx, &e);
                        // an offer that ran out is gone from the queue
                        if matches!(
                            e.code,
                            ErrorCode::HoldExpired | ErrorCode::HoldNotActive | ErrorCode::NotFound
                        ) {
                            self.accept_keys.remove(&id);
                            self.reload(out);
                        }
                    }
                }
            }
            Msg::Left(_, r) => match r {
                Ok(_) => {
                    out.info(t.removed);
                    self.reload(out);
                }
                Err(e) => out.failed(ctx, &e),
            },
            Msg::Skipped(id, r) => {
                if self.skipping == Some(id) {
                    self.skipping = None;
                }
                match r {
                    Ok(skip) => self.skipped(ctx, id, skip, out),
                    Err(e) => {
                        out.failed(ctx, &e);
                        self.reload(out);
                    }
                }
            }
        }
    }

    fn set_queue(&mut self, id: DepartureId, entries: Vec<WaitlistEntry>) {
        if Some(id) != self.current {
            return;
        }
        let keep = self.entries.get(self.selected).map(|e| e.id);
        self.entries = entries;
        self.loaded = true;
        self.selected = keep
            .and_then(|k| self.entries.iter().position(|e| e.id == k))
            .unwrap_or(0)
            .min(self.entries.len().saturating_sub(1));
        if let Some(d) = self.departures.iter_mut().find(|d| d.id == id) {
            d.waitlist = self.entries.len() as i64;
        }
    }

    /// Says where the skipped party went and who was offered the seats, and
    /// selects the party to serve next: the new offer, else the one that
    /// followed the skipped entry.
    fn skipped(&mut self, ctx: &Ctx, id: WaitlistEntryId, skip: Skip, out: &mut Outbox) {
        let t = &ctx.text.waitlist;
        let before = self.entries.iter().position(|e| e.id == id);
        let name = before.map(|i| self.entries[i].name.clone()).unwrap_or_default();
        let fresh = match skip.queue {
            Ok(entries) => Some(entries),
            Err(_) => {
                // the skip is done; only the fresh queue is missing
                self.reload(out);
                None
            }
        };
        // offers the desk has not seen yet: the seats the skip passed on
        let new_offers: Vec<&WaitlistEntry> = fresh
            .iter()
            .flatten()
            .filter(|e| matches!(e.status, WaitlistStatus::Offered) && e.id != id)
            .filter(|e| {
                !self
                    .entries
                    .iter()
                    .any(|old| old.id == e.id && matches!(old.status, WaitlistStatus::Offered))
            })
            .collect();
        let text = match skip.status {
            WaitlistStatus::Offered => fill(t.skipped_again, &[&name]),
            WaitlistStatus::Waiting if new_offers.is_empty() => fill(t.skipped, &[&name]),
            WaitlistStatus::Waiting => {
                let to: Vec<&str> = new_offers.iter().map(|e| e.name.as_str()).collect();
                fill(t.skipped_offered, &[&name, &to.join(", ")])
            }
            // no longer in the queue: the skip left it alone
            WaitlistStatus::Booked | WaitlistStatus::Left | WaitlistStatus::Expired | WaitlistStatus::Cancelled => {
                fill(t.skip_gone, &[&name])
            }
        };
        let next = new_offers.first().map(|e| e.id);
        out.info(text);
        if let Some(entries) = fresh
            && self.current == Some(skip.departure)
        {
            self.set_queue(skip.departure, entries);
            let at = next
                .and_then(|n| self.entries.iter().position(|e| e.id == n))
                .or(before)
                .unwrap_or(0);
            self.selected = at.min(self.entries.len().saturating_sub(1));
        }
    }

    fn index(&self) -> Option<usize> {
        let id = self.current?;
        self.departures.iter().position(|d| d.id == id)
    }

    pub fn departure(&self) -> Option<&Departure> {
        self.index().map(|i| &self.departures[i])
    }

    fn select(&mut self, id: DepartureId, out: &mut Outbox) {
        if self.current != Some(id) {
            self.current = Some(id);
            self.entries.clear();
            self.selected = 0;
            self.loaded = false;
            self.confirm_remove = None;
            self.shown.clear();
        }
        call(out, Call::Queue(id));
    }

    fn reload(&mut self, out: &mut Outbox) {
        if let Some(id) = self.current {
            call(out, Call::Queue(id));
        }
    }

    pub fn show(&mut self, ctx: &Ctx, out: &mut Outbox) {
        self.loading = true;
        load_departures(ctx, out);
        self.reload(out);
    }

    pub fn focus_departure(&mut self, _ctx: &Ctx, id: DepartureId, out: &mut Outbox) {
        self.select(id, out);
    }

    pub fn departure_changed(&mut self, ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        // hidden: `show` reloads it
        if visible && self.current == Some(id) {
            // the header's free seats too: an accepted offer or a sale at
            // another desk changed them (it said "1 of 18 free" when none were)
            load_departures(ctx, out);
            call(out, Call::Queue(id));
        }
    }

    pub fn check_ins_changed(&mut self, _ctx: &Ctx, _id: DepartureId, _visible: bool, _out: &mut Outbox) {}

    /// Seconds left on each open offer, in queue order.
    pub fn offers_left(&self, now: DateTime<Utc>) -> Vec<i64> {
        self.entries
            .iter()
            .filter_map(|e| e.offer_expires_at)
            .map(|t| (t - now).num_seconds().max(0))
            .collect()
    }

    /// Called only while visible: redraw when a shown countdown changed.
    pub fn tick(&mut self, ctx: &Ctx, out: &mut Outbox) -> bool {
        let left = self.offers_left(ctx.now);
        if left == self.shown {
            return false;
        }
        // an offer ran out: the core has passed its seats on
        let ran_out = left.iter().filter(|s| **s == 0).count() > self.shown.iter().filter(|s| **s == 0).count();
        if ran_out {
            out.notice(Level::Info, ctx.text.waitlist.offer_expired);
            self.reload(out);
        }
        self.shown = left;
        true
    }

    /// The remove question takes the next key (digits must not switch panes under it).
    pub fn typing(&self) -> bool {
        self.confirm_remove.is_some()
    }
}
