//! Fixtures for the kiosk's unit tests: a fixed clock, a context per role,
//! keys and messages into a pane's update or the app's, rendering into a
//! string, departures to show. One home for them: the panes' tests and the
//! app's drive the same loop, so they share one way of driving it.

use super::action::{Action, Cmd};
use super::app::App;
use super::keymap;
use super::panes::{self, Ctx, Outbox};
use super::strings::Lang;
use crate::booking::Departure;
use crate::domain::{DepartureId, DepartureStatus, Role, TourId, WeatherStatus};
use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Kamchatka;

/// 2026-12-01 07:00 in Kamchatka (19:00 UTC the day before).
pub fn now() -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 12, 1, 7, 0, 0).unwrap().with_timezone(&Utc)
}

pub fn ctx(role: Role) -> Ctx {
    ctx_in(role, Lang::En)
}

/// The desk clerk's context: the walk-in's and the waitlist's tests.
pub fn desk() -> Ctx {
    ctx(Role::Desk)
}

/// The guide's context: the check-in pane's tests.
pub fn guide() -> Ctx {
    ctx(Role::Guide)
}

pub fn ctx_in(role: Role, lang: Lang) -> Ctx {
    Ctx {
        text: lang.text(),
        lang,
        role,
        me: None,
        now: now(),
        tz: TZ,
        // the demo operator's
        currency: Some(crate::domain::money::Currency::RUB),
        online: true,
        conflicts: 0,
    }
}

/// A pane as its tests drive it: its key map and its update, as the app
/// calls them (the panes' own are inherent methods; this names them once).
pub trait Pane {
    type Msg;
    fn update(&mut self, ctx: &Ctx, msg: Self::Msg, out: &mut Outbox);
    fn key(&self, ctx: &Ctx, key: &KeyEvent) -> Option<Self::Msg>;
    fn typing(&self) -> bool;
}

macro_rules! pane {
    ($($name:ident),*) => {$(
        impl Pane for panes::$name::State {
            type Msg = panes::$name::Msg;
            fn update(&mut self, ctx: &Ctx, msg: Self::Msg, out: &mut Outbox) {
                panes::$name::State::update(self, ctx, msg, out)
            }
            fn key(&self, ctx: &Ctx, key: &KeyEvent) -> Option<Self::Msg> {
                pane!(@key $name, self, ctx, key)
            }
            fn typing(&self) -> bool {
                panes::$name::State::typing(self)
            }
        }
    )*};
    // the check-in pane's keys also carry their instant (a scanner's burst)
    (@key checkin, $s:expr, $ctx:expr, $key:expr) => {
        keymap::checkin::key($s, $ctx, $key, std::time::Instant::now())
    };
    (@key $name:ident, $s:expr, $ctx:expr, $key:expr) => {
        keymap::$name::key($s, $ctx, $key)
    };
}

pane!(bookings, checkin, dashboard, departures, occupancy, waitlist, walkin);

/// A message (a core's answer, a timer, a change) through the pane's
/// update in `ctx`: what the pane asks for.
pub fn answer<P: Pane>(pane: &mut P, ctx: &Ctx, msg: P::Msg) -> Outbox {
    let mut out = Outbox::default();
    pane.update(ctx, msg, &mut out);
    out
}

/// A key through the pane's key map into its update: what it asks for;
/// nothing for a key the pane does not bind.
pub fn press<P: Pane>(pane: &mut P, ctx: &Ctx, k: KeyEvent) -> Outbox {
    match pane.key(ctx, &k) {
        Some(msg) => answer(pane, ctx, msg),
        None => Outbox::default(),
    }
}

/// A key as the app delivers it to a pane that must bind it: not one the
/// app keeps for itself (digits switch panes, q quits) unless the pane is
/// typing, and bound — the test fails otherwise.
pub fn press_bound<P: Pane>(pane: &mut P, ctx: &Ctx, k: KeyEvent) -> Outbox {
    if !pane.typing() {
        assert_eq!(keymap::global(&k, false), None, "{k:?} would leave the pane");
    }
    let msg = pane.key(ctx, &k).unwrap_or_else(|| panic!("{k:?} unbound"));
    answer(pane, ctx, msg)
}

/// A key on the whole kiosk, now: the commands it asks for.
pub fn press_app(app: &mut App, k: KeyEvent) -> Vec<Cmd> {
    app.update(Action::Key(k, std::time::Instant::now()))
}

/// A key as a keyboard (or a scanner) sends a typed character: an upper-case
/// letter with SHIFT.
pub fn typed(c: char) -> KeyEvent {
    let shift = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), shift)
}

/// Draws with `draw` on a `w`×`h` test terminal and returns the buffer.
pub fn draw(w: u16, h: u16, draw: impl FnOnce(Rect, &mut Buffer)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let mut draw = Some(draw);
    terminal
        .draw(|f| {
            if let Some(d) = draw.take() {
                d(f.area(), f.buffer_mut())
            }
        })
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let line: String = (area.left()..area.right()).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `needle` first appears: (column, row).
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let cells: Vec<&str> = (area.left()..area.right()).map(|x| buf[(x, y)].symbol()).collect();
        let line: String = cells.concat();
        if let Some(byte) = line.find(needle) {
            // count cells, not bytes, up to the match
            let mut acc = 0;
            for (i, s) in cells.iter().enumerate() {
                if acc == byte {
                    return Some((area.left() + i as u16, y));
                }
                acc += s.len();
            }
        }
    }
    None
}

pub fn fg(buf: &Buffer, at: (u16, u16)) -> Color {
    buf[at].fg
}

pub fn bg(buf: &Buffer, at: (u16, u16)) -> Color {
    buf[at].bg
}

pub fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

pub fn code(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// A departure `hours` after `now()`, with its seat counts.
pub fn departure(id: i64, tour: &str, hours: i64, capacity: i32, booked: i32, held: i32) -> Departure {
    Departure {
        id: DepartureId(id),
        tour_id: TourId(id % 5 + 1),
        tour: tour.to_string(),
        starts_at: now() + chrono::TimeDelta::hours(hours),
        time_zone: TZ.name().to_string(),
        meeting_point: "Office, Leninskaya 26".into(),
        capacity,
        booked,
        held,
        free: (capacity - booked - held).max(0),
        waitlist: 0,
        status: DepartureStatus::Scheduled,
        weather_status: WeatherStatus::Ok,
        weather_note: String::new(),
        adult_price_minor: 750_000,
        child_price_minor: 450_000,
        currency: "RUB".into(),
        // led by a guide: no "no guide" flag unless a test takes it away
        guide_ids: vec![1],
        missing_resource: None,
    }
}
