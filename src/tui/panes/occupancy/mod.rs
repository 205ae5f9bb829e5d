//! The occupancy pane: today's departures (and those started in the last
//! few hours) as live gauges. Another kiosk's sale arrives by LISTEN/NOTIFY
//! as `departure_changed` and refetches that one departure: no polling.

pub mod io;
pub mod view;

#[cfg(test)]
mod tests;

use super::departures::update::start_of_today;
use super::{Ctx, Outbox, PaneCall, PaneId};
use crate::booking::{Departure, MissingDeparture};
use crate::domain::{Action, DepartureId, ErrorCode};
use crate::tui::action::UiError;
use chrono::{DateTime, TimeDelta, Utc};
use std::cell::Cell;
use std::collections::HashMap;

/// Departures that started this long ago still show (people are boarding).
pub const RECENT_HOURS: i64 = 4;

#[derive(Debug, Default)]
pub struct State {
    /// sorted by start
    pub rows: Vec<Departure>,
    /// accepted check-ins per departure, when known
    pub checked_in: HashMap<DepartureId, i64>,
    pub selected: usize,
    pub offset: usize,
    /// cards the last frame showed (a viewport memo written by render)
    pub viewport: Cell<u16>,
    pub loading: bool,
    pub loaded: bool,
    pub range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// departures with people missing now (the header shows their sum on every pane)
    pub missing: Vec<MissingDeparture>,
    /// when `missing` was last asked for (the periodic re-check)
    pub missing_asked: Option<DateTime<Utc>>,
}

/// Becoming missing is a time event nobody writes: ask again this often.
pub const MISSING_EVERY: TimeDelta = TimeDelta::seconds(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Up,
    Down,
    Home,
    End,
}

/// Today's departures and their check-in counts, fetched together.
pub type Today = (Vec<Departure>, Vec<(DepartureId, i64)>);

#[derive(Debug, Clone)]
pub enum Msg {
    Nav(Nav),
    Enter,
    Reload,
    Loaded(Result<Today, UiError>),
    One(DepartureId, Result<Box<Departure>, UiError>),
    CheckedIn(Result<Vec<(DepartureId, i64)>, UiError>),
    /// Ask who is missing now (a roll-call changed, or time passed).
    RefreshMissing,
    Missing(Result<Vec<MissingDeparture>, UiError>),
}

#[derive(Debug, Clone)]
pub enum Call {
    Load { from: DateTime<Utc>, to: DateTime<Utc> },
    One(DepartureId),
    CheckedIn(Vec<DepartureId>),
    Missing,
}

fn call(out: &mut Outbox, c: Call) {
    out.call(PaneCall::Occupancy(c));
}

/// The window "today" covers: from local midnight (or a few hours back,
/// when that is earlier) to the next local midnight.
pub fn today_range(ctx: &Ctx) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = start_of_today(ctx.now, ctx.tz);
    let from = midnight.min(ctx.now - TimeDelta::hours(RECENT_HOURS));
    let tomorrow = start_of_today(midnight + TimeDelta::hours(36), ctx.tz);
    (from, tomorrow)
}

impl State {
    pub fn show(&mut self, ctx: &Ctx, out: &mut Outbox) {
        let (from, to) = today_range(ctx);
        self.range = Some((from, to));
        self.loading = true;
        call(out, Call::Load { from, to });
        self.ask_missing(ctx, out);
    }

    /// Asks who is missing (on every pane: the header shows it).
    pub fn ask_missing(&mut self, ctx: &Ctx, out: &mut Outbox) {
        self.missing_asked = Some(ctx.now);
        call(out, Call::Missing);
    }

    /// The periodic re-check: someone out turns missing when the grace ends.
    pub fn missing_due(&self, now: DateTime<Utc>) -> bool {
        self.missing_asked.is_none_or(|at| now - at >= MISSING_EVERY)
    }

    /// How many people are missing now, over every departure.
    pub fn missing_total(&self) -> i64 {
        self.missing.iter().map(|m| m.missing).sum()
    }

    /// How many are missing on this departure.
    pub fn missing_on(&self, id: DepartureId) -> i64 {
        self.missing
            .iter()
            .filter(|m| m.departure_id == id)
            .map(|m| m.missing)
            .sum()
    }

    pub fn focus_departure(&mut self, _ctx: &Ctx, id: DepartureId, _out: &mut Outbox) {
        if let Some(i) = self.rows.iter().position(|d| d.id == id) {
            self.selected = i;
        }
    }

    /// One departure changed: fetch it alone. Hidden, nothing (show reloads).
    pub fn departure_changed(&mut self, _ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        if visible && self.loaded {
            call(out, Call::One(id));
        }
    }

    pub fn check_ins_changed(&mut self, _ctx: &Ctx, id: DepartureId, visible: bool, out: &mut Outbox) {
        if visible && self.rows.iter().any(|d| d.id == id) {
            call(out, Call::CheckedIn(vec![id]));
        }
    }

    pub fn tick(&mut self, _ctx: &Ctx, _out: &mut Outbox) -> bool {
        false
    }

    pub fn typing(&self) -> bool {
        false
    }

    pub fn update(&mut self, ctx: &Ctx, msg: Msg, out: &mut Outbox) {
        match msg {
            Msg::Nav(n) => {
                let last = self.rows.len().saturating_sub(1);
                self.selected = match n {
                    Nav::Up => self.selected.saturating_sub(1),
                    Nav::Down => (self.selected + 1).min(last),
                    Nav::Home => 0,
                    Nav::End => last,
                };
            }
            Msg::Enter => {
                if let Some(d) = self.rows.get(self.selected) {
                    let pane = if ctx.may(Action::Sell) {
                        PaneId::Walkin
                    } else {
                        PaneId::CheckIn
                    };
                    out.goto = Some((pane, Some(d.id)));
                }
            }
            Msg::Reload => self.show(ctx, out),
            Msg::Loaded(r) => {
                self.loading = false;
                match r {
                    Ok((mut deps, counts)) => {
                        let keep = self.rows.get(self.selected).map(|d| d.id);
                        deps.sort_by_key(|d| (d.starts_at, d.id));
                        self.rows = deps;
                        self.checked_in = counts.into_iter().collect();
                        self.loaded = true;
                        self.selected = keep
                            .and_then(|id| self.rows.iter().position(|d| d.id == id))
                            .unwrap_or(0);
                    }
                    Err(e) => out.failed(ctx, &e),
                }
            }
            Msg::One(id, r) => match r {
                Ok(d) => self.upsert(*d),
                Err(e) if e.code == ErrorCode::NotFound => self.upsert_gone(id),
                Err(e) if e.is_offline() || e.ends_session().is_some() => out.failed(ctx, &e),
                Err(e) => tracing::debug!(departure = %id, "refresh failed: {}", e.message),
            },
            Msg::RefreshMissing => self.ask_missing(ctx, out),
            Msg::Missing(r) => match r {
                Ok(list) => self.missing = list,
                Err(e) if e.is_offline() || e.ends_session().is_some() => out.failed(ctx, &e),
                Err(e) => tracing::debug!("missing: {}", e.message),
            },
            Msg::CheckedIn(r) => match r {
                Ok(counts) => self.checked_in.extend(counts),
                Err(e) if e.is_offline() || e.ends_session().is_some() => out.failed(ctx, &e),
                Err(e) => tracing::debug!("check-in counts: {}", e.message),
            },
        }
    }

    fn upsert(&mut self, d: Departure) {
        let keep = self.rows.get(self.selected).map(|d| d.id);
        self.rows.retain(|r| r.id != d.id);
        if self
            .range
            .is_none_or(|(from, to)| d.starts_at >= from && d.starts_at < to)
        {
            let at = self.rows.partition_point(|r| (r.starts_at, r.id) < (d.starts_at, d.id));
            self.rows.insert(at, d);
        }
        self.reselect(keep);
    }

    fn upsert_gone(&mut self, id: DepartureId) {
        let keep = self.rows.get(self.selected).map(|d| d.id);
        self.rows.retain(|r| r.id != id);
        self.reselect(keep);
    }

    fn reselect(&mut self, keep: Option<DepartureId>) {
        if let Some(i) = keep.and_then(|id| self.rows.iter().position(|d| d.id == id)) {
            self.selected = i;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }
}
