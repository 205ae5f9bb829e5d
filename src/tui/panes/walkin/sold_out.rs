//! Sold out: the waitlist, or another departure of the same tour with room.
//! No I/O.

use super::form::{self, PartyField};
use super::{Call, Msg, SoldOut, State, Step, WaitField, call};
use crate::booking::Alternative;
use crate::domain::{DepartureStatus, ErrorCode};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Level, Outbox};
use crate::tui::strings::fill;
use uuid::Uuid;

impl State {
    /// No room for the party: the waitlist, or later departures of the tour.
    pub(super) fn sold_out(&mut self, ctx: &Ctx, e: Option<&UiError>, out: &mut Outbox) {
        let seats = self.party().map(|p| p.seats() as i32).unwrap_or(1);
        let here = self.current().cloned();
        let alternatives = here
            .as_ref()
            .map(|d| {
                self.departures
                    .iter()
                    .filter(|o| {
                        o.tour_id == d.tour_id
                            && o.id != d.id
                            && o.starts_at > d.starts_at
                            && matches!(o.status, DepartureStatus::Scheduled)
                            && o.free >= seats
                    })
                    .map(|o| Alternative {
                        departure_id: o.id,
                        starts_at: o.starts_at,
                        time_zone: o.time_zone.clone(),
                        free: o.free,
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.sold_out = Some(SoldOut {
            free: here.as_ref().map(|d| d.free),
            alternatives,
            ..SoldOut::default()
        });
        self.step = Step::SoldOut;
        self.confirm_release = false;
        out.bell();
        match e {
            Some(e) => out.failed(ctx, e),
            None => out.notice(Level::Warning, ctx.text.walkin.sold_out),
        }
        if let Some(id) = self.departure {
            call(out, Call::Alternatives(id));
            call(out, Call::Availability(id));
        }
    }

    pub(super) fn sold_out_key(&mut self, ctx: &Ctx, key: Msg, out: &mut Outbox) {
        let Some(so) = &mut self.sold_out else { return };
        if let Some(f) = so.asking {
            match key {
                Msg::Char(c) => {
                    let _typed = match f {
                        WaitField::Name => form::type_char(&mut self.contact.name, c, false),
                        WaitField::Phone => form::type_char(&mut self.contact.phone, c, true),
                        WaitField::Adults => self.adults.digit(c),
                        WaitField::Children => self.children.digit(c),
                    };
                }
                Msg::Backspace => match f {
                    WaitField::Name => {
                        self.contact.name.pop();
                    }
                    WaitField::Phone => {
                        self.contact.phone.pop();
                    }
                    WaitField::Adults => self.adults.backspace(),
                    WaitField::Children => self.children.backspace(),
                },
                Msg::Tab | Msg::BackTab => {
                    let next = f.next(matches!(key, Msg::BackTab));
                    so.asking = Some(next);
                    // the first digit typed replaces the count
                    match next {
                        WaitField::Adults => self.adults.fresh = true,
                        WaitField::Children => self.children.fresh = true,
                        _ => {}
                    }
                }
                Msg::Up | Msg::Down if matches!(f, WaitField::Adults | WaitField::Children) => {
                    let field = if f == WaitField::Adults {
                        &mut self.adults
                    } else {
                        &mut self.children
                    };
                    field.step(matches!(key, Msg::Up));
                }
                Msg::Enter => self.join(ctx, out),
                Msg::Esc => so.asking = None,
                _ => {}
            }
            return;
        }
        let n = so.alternatives.len() + 1;
        match key {
            Msg::Up => so.selected = so.selected.saturating_sub(1),
            Msg::Down | Msg::Tab => so.selected = (so.selected + 1).min(n - 1),
            Msg::Enter if so.selected == 0 => {
                // the party is shown to be confirmed (or changed) before joining
                so.asking = Some(if self.contact.name.trim().is_empty() {
                    WaitField::Name
                } else {
                    self.adults.fresh = true;
                    WaitField::Adults
                });
            }
            Msg::Enter => {
                let alt = so.alternatives[so.selected - 1].clone();
                self.continue_on(ctx, alt, out);
            }
            Msg::Esc => self.new_sale(ctx, out),
            _ => {}
        }
    }

    pub(super) fn join(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let Some(departure) = self.departure else { return };
        let party = self.party();
        let Some(so) = &mut self.sold_out else { return };
        if so.joining {
            return;
        }
        if self.contact.name.trim().is_empty() {
            so.asking = Some(WaitField::Name);
            return out.error(ctx.text.walkin.need_name);
        }
        let party = match party {
            Ok(p) => p,
            Err(e) => {
                so.asking = Some(WaitField::Adults);
                return out.error(super::update::party_error_text(ctx, &e));
            }
        };
        so.joining = true;
        let key = *so.join_key.get_or_insert_with(Uuid::now_v7);
        call(
            out,
            Call::WaitlistJoin {
                departure,
                party,
                name: self.contact.name.trim().to_string(),
                phone: self.contact.phone.trim().to_string(),
                email: self.contact.email.trim().to_string(),
                key,
            },
        );
    }

    pub(super) fn on_joined(
        &mut self,
        ctx: &Ctx,
        r: Result<(crate::domain::WaitlistEntryId, i32), UiError>,
        out: &mut Outbox,
    ) {
        let Some(so) = &mut self.sold_out else { return };
        so.joining = false;
        match r {
            Ok((_, place)) => {
                out.success(fill(ctx.text.walkin.joined, &[&self.contact.name.trim(), &place]));
                self.new_sale(ctx, out);
            }
            Err(e) if e.code == ErrorCode::SeatsAvailable => {
                out.failed(ctx, &e);
                self.sold_out = None;
                self.step = Step::Party;
                self.requote(ctx, out);
                if let Some(id) = self.departure {
                    call(out, Call::Availability(id));
                }
            }
            Err(e) => out.failed(ctx, &e),
        }
    }

    /// Carries the party and contact over to another departure.
    pub(super) fn continue_on(&mut self, ctx: &Ctx, alt: Alternative, out: &mut Outbox) {
        if !self.departures.iter().any(|d| d.id == alt.departure_id)
            && let Some(here) = self.current().cloned()
        {
            // from the core's look further ahead: shown with what is known until refreshed
            let mut d = here;
            d.id = alt.departure_id;
            d.starts_at = alt.starts_at;
            d.time_zone = alt.time_zone.clone();
            d.free = alt.free;
            d.waitlist = 0;
            self.departures.push(d);
            self.departures.sort_by_key(|d| d.starts_at);
        }
        self.selected = self
            .departures
            .iter()
            .position(|d| d.id == alt.departure_id)
            .unwrap_or(0);
        self.departure = Some(alt.departure_id);
        self.pickups.clear();
        self.pickup = None;
        self.pickup_row = 0;
        call(out, Call::Pickups(alt.departure_id));
        self.sold_out = None;
        self.step = Step::Party;
        self.party_focus = PartyField::Adults;
        self.adults.fresh = true;
        self.requote(ctx, out);
        call(out, Call::Availability(alt.departure_id));
    }
}
