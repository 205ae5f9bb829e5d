//! The departures pane: every upcoming departure with its seats, weather and
//! status; a month calendar coloured by occupancy; and, for a manager, adding
//! departures, setting the weather and cancelling a departure for weather.

pub mod calendar;
pub mod form;
pub mod io;
pub mod schedules;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use crate::booking::{Departure, DepartureCancellation, NewDeparture, WeatherStatus};
use crate::domain::{DepartureId, DepartureStatus, ResourceKind};
use crate::tui::action::UiError;
use calendar::DayLoad;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use form::{AddForm, WeatherForm};
use std::cell::Cell;
use std::collections::BTreeMap;

/// How far ahead the list reaches.
pub const DAYS_AHEAD: i64 = 60;

/// One departure as listed, with its local start worked out once (not per frame).
#[derive(Debug, Clone)]
pub struct Row {
    pub dep: Departure,
    /// start in the departure's own time zone
    pub local: NaiveDateTime,
}

impl Row {
    pub fn new(dep: Departure) -> Row {
        let tz: Tz = dep.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let local = dep.starts_at.with_timezone(&tz).naive_local();
        Row { dep, local }
    }

    pub fn full(&self) -> bool {
        matches!(self.dep.status, DepartureStatus::Scheduled) && self.dep.free <= 0
    }

    /// What a scheduled departure still lacks: a guide once people are
    /// booked on it, or the kind of resource its tour runs with.
    pub fn flag(&self) -> Option<Flag> {
        let d = &self.dep;
        if !matches!(d.status, DepartureStatus::Scheduled) {
            None
        } else if d.booked > 0 && d.guide_ids.is_empty() {
            Some(Flag::NoGuide)
        } else {
            d.missing_resource.map(Flag::NoResource)
        }
    }
}

/// A departure's flag on the Departures screen (issue 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    NoGuide,
    NoResource(ResourceKind),
}

/// A box over the list.
#[derive(Debug, Clone)]
pub enum Modal {
    Add(AddForm),
    Weather(WeatherForm),
    /// "Cancel this departure for weather?" — `bookings` arrives from the core.
    Confirm {
        id: DepartureId,
        bookings: Option<i64>,
        people: i64,
    },
    Cancelling(DepartureId),
    /// What the cancellation did, with alternatives to rebook people onto.
    Cancelled {
        tour: String,
        currency: String,
        result: DepartureCancellation,
        selected: usize,
    },
}

#[derive(Debug, Default)]
pub struct State {
    /// sorted by start, then tour
    pub rows: Vec<Row>,
    pub selected: usize,
    /// first row of the visible window
    pub offset: usize,
    /// rows the last frame showed (written by render, read for paging —
    /// like ratatui's own TableState, a viewport memo and nothing else)
    pub viewport: Cell<u16>,
    pub loading: bool,
    pub loaded: bool,
    pub range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// booked and capacity per local day, kept when rows change
    pub days: BTreeMap<NaiveDate, DayLoad>,
    /// the calendar has the keys (and shows, when the pane is narrow)
    pub calendar: bool,
    /// the calendar's cursor
    pub day: Option<NaiveDate>,
    pub modal: Option<Modal>,
    /// names of existing tours, for the add form
    pub tours: Vec<String>,
    /// the manager's schedule rules, over the list while open (`s`)
    pub schedules: Option<schedules::Screen>,
    pending_focus: Option<DepartureId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Nav(Nav),
    /// Enter: sell (or check in) on the selected departure; in a form, submit
    Enter,
    Esc,
    /// `w`: the selected departure's waitlist
    Waitlist,
    /// `p`: the parties to rebook of the selected (cancelled) departure
    Rebook,
    ToggleCalendar,
    /// `[` / `]`
    Month(i32),
    Reload,
    /// a key this role may not use
    NotAllowed,
    Add,
    Weather,
    CancelForWeather,
    /// `s`: the schedule rules
    Schedules,
    /// a message of the schedule screen
    Schedule(schedules::Msg),
    /// typing into a form
    Char(char),
    Backspace,
    NextField,
    PrevField,
    /// PgUp/PgDn in the add form's tour field: the previous / next known tour
    PickTour(i32),
    Yes,
    No,
    Loaded(Result<Vec<Departure>, UiError>),
    One(DepartureId, Result<Box<Departure>, UiError>),
    Tours(Result<Vec<String>, UiError>),
    Added(Result<(DepartureId, bool), UiError>),
    WeatherSet(DepartureId, Result<(), UiError>),
    /// bookings still active on the departure about to be cancelled
    Counted(DepartureId, Result<i64, UiError>),
    Cancelled(DepartureId, Result<DepartureCancellation, UiError>),
}

#[derive(Debug, Clone)]
pub enum Call {
    Load {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    One(DepartureId),
    Tours,
    Add(NewDeparture),
    SetWeather {
        id: DepartureId,
        status: WeatherStatus,
        note: String,
    },
    CountBookings(DepartureId),
    CancelForWeather(DepartureId),
    Schedule(schedules::Call),
}

impl State {
    /// A state holding `departures` as if just loaded, the first one starting
    /// at or after `now` selected. For benchmarks and tests: no core needed.
    pub fn with_departures(departures: Vec<Departure>, now: DateTime<Utc>) -> State {
        let mut s = State::default();
        s.set_rows(departures, now, None);
        s
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    pub fn typing(&self) -> bool {
        self.modal.is_some() || self.schedules.as_ref().is_some_and(|s| s.typing())
    }

    pub fn tick(&mut self, _ctx: &super::Ctx, _out: &mut super::Outbox) -> bool {
        false
    }

    /// Replaces all rows, keeping the selection on `keep` when it is still
    /// there, else on the first departure not yet started.
    fn set_rows(&mut self, mut deps: Vec<Departure>, now: DateTime<Utc>, keep: Option<DepartureId>) {
        deps.sort_by(|a, b| (a.starts_at, &a.tour).cmp(&(b.starts_at, &b.tour)));
        self.rows = deps.into_iter().map(Row::new).collect();
        self.loaded = true;
        self.rebuild_days();
        self.selected = keep
            .and_then(|id| self.index_of(id))
            .unwrap_or_else(|| self.rows.partition_point(|r| r.dep.starts_at < now));
        self.clamp();
    }

    fn index_of(&self, id: DepartureId) -> Option<usize> {
        self.rows.iter().position(|r| r.dep.id == id)
    }

    /// Puts a fresh copy of one departure in place (or in order, if new);
    /// drops it when it left the listed range.
    fn upsert(&mut self, dep: Departure) {
        let keep = self.selected_row().map(|r| r.dep.id);
        if let Some(i) = self.index_of(dep.id) {
            self.rows.remove(i);
        }
        let inside = self
            .range
            .is_none_or(|(from, to)| dep.starts_at >= from && dep.starts_at < to);
        if inside {
            let key = (dep.starts_at, dep.tour.clone());
            let at = self
                .rows
                .partition_point(|r| (r.dep.starts_at, &r.dep.tour) < (key.0, &key.1));
            self.rows.insert(at, Row::new(dep));
        }
        self.rebuild_days();
        if let Some(i) = keep.and_then(|id| self.index_of(id)) {
            self.selected = i;
        }
        self.clamp();
    }

    fn remove(&mut self, id: DepartureId) {
        if let Some(i) = self.index_of(id) {
            self.rows.remove(i);
            if self.selected > i {
                self.selected -= 1;
            }
            self.rebuild_days();
            self.clamp();
        }
    }

    fn rebuild_days(&mut self) {
        self.days = calendar::day_loads(&self.rows);
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.offset = window(self.offset, self.selected, self.page(), self.rows.len());
    }

    /// Rows per page: what the last frame showed (a sane guess before the first).
    fn page(&self) -> usize {
        match self.viewport.get() {
            0 => 10,
            h => h as usize,
        }
    }
}

/// The first visible row: keeps `selected` inside a window of `height` rows,
/// moving the window as little as possible.
pub fn window(offset: usize, selected: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut start = offset.min(selected);
    if selected >= start + height {
        start = selected + 1 - height;
    }
    start.min(len.saturating_sub(height))
}
