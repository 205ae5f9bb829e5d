//! What each message does to the departures pane. No I/O: calls go out
//! through the outbox and their answers come back as messages.

use super::form::{AddForm, WeatherForm};
use super::{Call, Modal, Msg, Nav, State, calendar, schedules, window};
use crate::booking::DepartureCancellation;
use crate::domain::{Action, DepartureId, DepartureStatus, ErrorCode};
use crate::tui::action::UiError;
use crate::tui::panes::{Ctx, Outbox, PaneCall, PaneId};
use crate::tui::strings::fill;
use chrono::{DateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use std::collections::BTreeMap;

fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::Departures(c));
}

/// Midnight today in `tz`, as UTC.
pub fn start_of_today(now: DateTime<Utc>, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let day = now.with_timezone(&tz).date_naive();
    tz.from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
}

impl State {
    pub fn show(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let from = start_of_today(ctx.now, ctx.tz);
        let to = from + TimeDelta::days(super::DAYS_AHEAD);
        self.range = Some((from, to));
        self.loading = true;
        call(out, Call::Load { from, to });
    }

    pub fn focus_departure(&mut self, _ctx: &Ctx, id: DepartureId, _out: &mut Outbox) {
        match self.rows.iter().position(|r| r.dep.id == id) {
            Some(i) if !self.loading => {
                self.selected = i;
                self.clamp();
            }
            // the list is on its way (show came first): select it on arrival
            _ => self.pending_focus = Some(id),
        }
    }

    /// Another kiosk (or this one) changed a departure: fetch just that one.
    /// Hidden, nothing: showing the pane reloads the whole list anyway.
    pub fn departure_changed(&mut self, _ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        if visible && self.loaded {
            call(out, Call::One(id));
        }
    }

    pub fn check_ins_changed(&mut self, _ctx: &Ctx, _id: DepartureId, _visible: bool, _out: &mut Outbox) {}

    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        let t = &ctx.text.departures;
        match msg {
            Msg::Nav(n) => self.nav(n),
            Msg::Enter => self.enter(ctx, out),
            Msg::Esc => self.esc(),
            Msg::Waitlist => match self.selected_row() {
                Some(r) if ctx.may(Action::Sell) => out.goto = Some((PaneId::Waitlist, Some(r.dep.id))),
                Some(_) => out.info(ctx.text.common.not_allowed),
                None => {}
            },
            Msg::Rebook => match self.selected_row() {
                _ if !ctx.may(Action::Sell) => out.info(ctx.text.common.not_allowed),
                Some(r) if matches!(r.dep.status, DepartureStatus::Cancelled) => out.rebook = Some((r.dep.id, None)),
                Some(_) => out.info(t.not_cancelled),
                None => {}
            },
            Msg::ToggleCalendar => {
                self.calendar = !self.calendar;
                if self.calendar {
                    self.day = self
                        .selected_row()
                        .map(|r| r.local.date())
                        .or(Some(ctx.now.with_timezone(&ctx.tz).date_naive()));
                }
            }
            Msg::Month(n) => {
                if let Some(d) = self.day {
                    self.day = Some(calendar::add_months(d, n));
                }
            }
            Msg::Reload => self.show(ctx, out),
            Msg::NotAllowed => out.info(ctx.text.common.not_allowed),
            Msg::Add => {
                if !ctx.may(Action::ManageDepartures) {
                    return out.info(ctx.text.common.not_allowed);
                }
                self.modal = Some(Modal::Add(AddForm::new(
                    self.selected_row(),
                    ctx.now,
                    ctx.tz,
                    ctx.currency,
                )));
                call(out, Call::Tours);
            }
            Msg::Schedules => {
                if !ctx.may(Action::ManageDepartures) {
                    return out.info(ctx.text.common.not_allowed);
                }
                let mut screen = schedules::Screen::new(self.likes());
                screen.show(out);
                self.schedules = Some(screen);
            }
            Msg::Schedule(m) => {
                if let Some(screen) = &mut self.schedules
                    && !screen.update(ctx, m, out)
                {
                    // back to the list, with whatever the rules made
                    self.schedules = None;
                    self.show(ctx, out);
                }
            }
            Msg::Weather => {
                if !ctx.may(Action::Weather) {
                    return out.info(ctx.text.common.not_allowed);
                }
                if let Some(r) = self.selected_row() {
                    self.modal = Some(Modal::Weather(WeatherForm::new(r)));
                }
            }
            Msg::CancelForWeather => {
                if !ctx.may(Action::Weather) {
                    return out.info(ctx.text.common.not_allowed);
                }
                let Some(r) = self.selected_row() else { return };
                if matches!(r.dep.status, DepartureStatus::Cancelled) {
                    return out.info(t.already_cancelled);
                }
                let id = r.dep.id;
                self.modal = Some(Modal::Confirm {
                    id,
                    bookings: None,
                    people: i64::from(r.dep.booked),
                });
                call(out, Call::CountBookings(id));
            }
            Msg::Char(c) => match &mut self.modal {
                Some(Modal::Add(f)) if !f.busy => f.type_char(c),
                Some(Modal::Weather(f)) if !f.busy && f.note.chars().count() < 200 && !c.is_control() => f.note.push(c),
                _ => {}
            },
            Msg::Backspace => match &mut self.modal {
                Some(Modal::Add(f)) if !f.busy => f.backspace(),
                Some(Modal::Weather(f)) if !f.busy => {
                    f.note.pop();
                }
                _ => {}
            },
            Msg::NextField | Msg::PrevField => {
                let step = if matches!(msg, Msg::NextField) { 1 } else { -1 };
                if let Some(Modal::Add(f)) = &mut self.modal {
                    f.next(step);
                } else if let Some(Modal::Weather(f)) = &mut self.modal {
                    f.cycle(step);
                }
            }
            Msg::PickTour(step) => {
                if let Some(Modal::Add(f)) = &mut self.modal
                    && let Some(tour) = f.pick_tour(&self.tours, step)
                {
                    // another tour, its own seats and prices: those of its
                    // latest departure listed, none when it has none here
                    let like = self
                        .rows
                        .iter()
                        .filter(|r| r.dep.tour == tour)
                        .max_by_key(|r| r.dep.starts_at);
                    f.take_tour(like, ctx.currency);
                }
            }
            Msg::Yes => {
                if let Some(Modal::Confirm { id, .. }) = self.modal {
                    self.modal = Some(Modal::Cancelling(id));
                    call(out, Call::CancelForWeather(id));
                }
            }
            Msg::No => {
                if matches!(self.modal, Some(Modal::Confirm { .. })) {
                    self.modal = None;
                }
            }
            Msg::Loaded(r) => {
                self.loading = false;
                match r {
                    Ok(deps) => {
                        let keep = self.pending_focus.take().or(self.selected_row().map(|r| r.dep.id));
                        self.set_rows(deps, ctx.now, keep);
                    }
                    Err(e) => out.failed(ctx, &e),
                }
            }
            Msg::One(id, r) => match r {
                Ok(dep) => self.upsert(*dep),
                Err(e) if e.code == ErrorCode::NotFound => self.remove(id),
                // a background refresh: only a lost database is worth a notice
                Err(e) if e.is_offline() || e.ends_session().is_some() => out.failed(ctx, &e),
                Err(e) => tracing::debug!(departure = %id, "refresh failed: {}", e.message),
            },
            Msg::Tours(r) => match r {
                Ok(tours) => self.tours = tours,
                Err(e) => tracing::debug!("tours: {}", e.message),
            },
            Msg::Added(r) => self.added(ctx, r, out),
            Msg::WeatherSet(id, r) => match r {
                Ok(()) => {
                    self.modal = None;
                    out.success(t.weather_saved);
                    call(out, Call::One(id));
                }
                Err(e) => {
                    if let Some(Modal::Weather(f)) = &mut self.modal {
                        f.busy = false;
                    }
                    out.failed(ctx, &e);
                }
            },
            Msg::Counted(id, r) => {
                if let Some(Modal::Confirm { id: open, bookings, .. }) = &mut self.modal
                    && *open == id
                {
                    match r {
                        Ok(n) => *bookings = Some(n),
                        Err(e) => out.failed(ctx, &e),
                    }
                }
            }
            Msg::Cancelled(id, r) => self.cancelled(ctx, id, r, out),
        }
    }

    /// Per tour, what its latest listed departure has: what a new rule of
    /// that tour starts from.
    fn likes(&self) -> BTreeMap<String, schedules::Like> {
        let mut likes = BTreeMap::new();
        // rows are sorted by start: the last of a tour wins
        for r in &self.rows {
            let d = &r.dep;
            likes.insert(
                d.tour.clone(),
                schedules::Like {
                    capacity: d.capacity,
                    adult_price_minor: d.adult_price_minor,
                    child_price_minor: d.child_price_minor,
                    meeting_point: d.meeting_point.clone(),
                },
            );
        }
        likes
    }

    fn added(&mut self, ctx: &Ctx, r: Result<(DepartureId, bool), UiError>, out: &mut Outbox) {
        let t = &ctx.text.departures;
        match r {
            Ok((id, new_tour)) => {
                let tour = match &self.modal {
                    Some(Modal::Add(f)) => f.value(super::form::Field::Tour).trim().to_string(),
                    _ => String::new(),
                };
                self.modal = None;
                if new_tour && !tour.is_empty() && !self.tours.contains(&tour) {
                    self.tours.push(tour.clone());
                    self.tours.sort();
                }
                out.success(fill(if new_tour { t.added_new_tour } else { t.added }, &[&tour]));
                self.pending_focus = Some(id);
                self.loading = true;
                // the whole list: the new row lands where it belongs, selected
                if let Some((from, to)) = self.range {
                    call(out, Call::Load { from, to });
                } else {
                    self.show(ctx, out);
                }
            }
            Err(e) => {
                if let Some(Modal::Add(f)) = &mut self.modal {
                    f.busy = false;
                }
                out.failed(ctx, &e);
            }
        }
    }

    fn cancelled(&mut self, ctx: &Ctx, id: DepartureId, r: Result<DepartureCancellation, UiError>, out: &mut Outbox) {
        match r {
            Ok(result) => {
                let row = self.rows.iter().find(|r| r.dep.id == id);
                let tour = row.map(|r| r.dep.tour.clone()).unwrap_or_default();
                // the departure's own; the operator's if it left the list meanwhile
                let currency = row
                    .map(|r| r.dep.currency.clone())
                    .or_else(|| ctx.currency.map(|c| c.to_string()))
                    .unwrap_or_default();
                out.success(match result.rebook_due_at {
                    Some(_) => fill(ctx.text.departures.cancel_done_rebook, &[&result.to_rebook]),
                    None => fill(ctx.text.departures.cancel_done, &[&result.bookings_cancelled]),
                });
                self.modal = Some(Modal::Cancelled {
                    tour,
                    currency,
                    result,
                    selected: 0,
                });
                call(out, Call::One(id));
            }
            Err(e) => {
                self.modal = None;
                out.failed(ctx, &e);
            }
        }
    }

    fn nav(&mut self, n: Nav) {
        if let Some(Modal::Cancelled { result, selected, .. }) = &mut self.modal {
            let last = result.alternatives.len().saturating_sub(1);
            *selected = match n {
                Nav::Up => selected.saturating_sub(1),
                Nav::Down => (*selected + 1).min(last),
                Nav::Home | Nav::PageUp => 0,
                Nav::End | Nav::PageDown => last,
                _ => *selected,
            };
            return;
        }
        if self.modal.is_some() {
            return;
        }
        if self.calendar {
            let days = match n {
                Nav::Left => -1,
                Nav::Right => 1,
                Nav::Up => -7,
                Nav::Down => 7,
                Nav::PageUp => -28,
                Nav::PageDown => 28,
                _ => 0,
            };
            if let Some(d) = self.day {
                self.day = Some(d + TimeDelta::days(days));
            }
            return;
        }
        let last = self.rows.len().saturating_sub(1);
        let page = self.page();
        self.selected = match n {
            Nav::Up => self.selected.saturating_sub(1),
            Nav::Down => (self.selected + 1).min(last),
            Nav::PageUp => self.selected.saturating_sub(page),
            Nav::PageDown => (self.selected + page).min(last),
            Nav::Home => 0,
            Nav::End => last,
            Nav::Left | Nav::Right => self.selected,
        };
        self.offset = window(self.offset, self.selected, page, self.rows.len());
    }

    fn enter(&mut self, ctx: &Ctx, out: &mut Outbox) {
        match &mut self.modal {
            Some(Modal::Add(f)) => {
                if f.busy {
                    return;
                }
                match f.build(ctx.now, ctx.tz) {
                    Ok(new) => {
                        f.busy = true;
                        f.error = None;
                        call(out, Call::Add(new));
                    }
                    Err((field, e)) => {
                        f.focus = field as usize;
                        f.error = Some((field, e));
                    }
                }
            }
            Some(Modal::Weather(f)) => {
                if !f.busy {
                    f.busy = true;
                    call(
                        out,
                        Call::SetWeather {
                            id: f.id,
                            status: f.status,
                            note: f.note.trim().to_string(),
                        },
                    );
                }
            }
            Some(Modal::Confirm { .. }) => self.update(ctx, Msg::Yes, out),
            Some(Modal::Cancelling(_)) => {}
            Some(Modal::Cancelled { result, selected, .. }) => {
                let alternative = result.alternatives.get(*selected).map(|a| a.departure_id);
                if result.rebook_due_at.is_some() && ctx.may(Action::Sell) {
                    // weather: the parties to rebook, this alternative chosen
                    out.rebook = Some((result.departure_id, alternative));
                    self.modal = None;
                } else if let Some(id) = alternative {
                    // an operator's cancellation refunded everyone: sell seats there
                    out.goto = Some((PaneId::Walkin, Some(id)));
                }
            }
            None if self.calendar => {
                if let Some(day) = self.day {
                    self.jump_to(day);
                }
                self.calendar = false;
            }
            None => {
                let Some(r) = self.selected_row() else { return };
                if ctx.may(Action::Sell) && matches!(r.dep.status, DepartureStatus::Cancelled) {
                    // nothing to sell there: its parties to rebook
                    out.rebook = Some((r.dep.id, None));
                    return;
                }
                let pane = if ctx.may(Action::Sell) {
                    PaneId::Walkin
                } else {
                    PaneId::CheckIn
                };
                out.goto = Some((pane, Some(r.dep.id)));
            }
        }
    }

    fn esc(&mut self) {
        match &self.modal {
            // the cancellation runs on: its result will show
            Some(Modal::Cancelling(_)) => {}
            Some(_) => self.modal = None,
            None => self.calendar = false,
        }
    }

    /// Selects the first departure of `day` (or the next day that has one).
    pub fn jump_to(&mut self, day: chrono::NaiveDate) {
        if let Some(i) = self.rows.iter().position(|r| r.local.date() >= day) {
            self.selected = i;
        } else {
            self.selected = self.rows.len().saturating_sub(1);
        }
        // put the day at the top of the window
        self.offset = self.selected;
        self.clamp();
    }
}
