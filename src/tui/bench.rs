//! `tourdesk bench frames`: how long the kiosk takes to draw a frame — the
//! render into ratatui's buffer, the diff against the previous frame, and the
//! escape sequences for the changed cells (written to a sink) — with a long
//! departure list and a big manifest. No database: the panes are filled with
//! generated data through the same `update` the runtime uses.

use super::action::{Action, Session};
use super::app::{App, Config};
use super::panes::{PaneId, PaneMsg, checkin, departures};
use super::strings::Lang;
use super::view;
use crate::booking::{Departure, Manifest, ManifestRow};
use crate::domain::{
    AdmissionMethod, BookingId, DepartureId, DepartureStatus, ManifestState, ParticipantId, ParticipantKind, Role,
    TourId, WeatherStatus,
};
use chrono::{DateTime, TimeDelta, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde::Serialize;
use std::time::{Duration, Instant};

/// The generated departures' zone, and so the clock's (any zone would do:
/// the bench measures drawing, not time arithmetic).
const ZONE: chrono_tz::Tz = chrono_tz::Asia::Kamchatka;

#[derive(Debug, Clone, Serialize)]
pub struct FrameStats {
    pub scenario: String,
    pub frames: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// bytes of escape sequences per frame on average (what the terminal gets)
    pub bytes_per_frame: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FramesReport {
    pub width: u16,
    pub height: u16,
    pub departures: usize,
    pub manifest: usize,
    pub scenarios: Vec<FrameStats>,
    /// the benchmark process's peak resident memory, all data loaded
    pub peak_rss_mb: Option<f64>,
}

const TOURS: [&str; 8] = [
    "Avachinsky volcano ascent",
    "Avacha Bay boat trip",
    "Valley of Geysers by helicopter",
    "Mutnovsky volcano",
    "Rafting on the Bystraya",
    "Kurile Lake bear watching",
    "Paratunka hot springs",
    "Vilyuchinsky waterfalls",
];

fn departures(n: usize, now: DateTime<Utc>) -> Vec<Departure> {
    (0..n)
        .map(|i| {
            let capacity = 12 + (i % 5) as i32 * 7;
            let booked = ((i * 7919) % (capacity as usize + 1)) as i32;
            let held = if i % 3 == 0 { (capacity - booked).min(2) } else { 0 };
            Departure {
                id: DepartureId(i as i64 + 1),
                tour_id: TourId((i % TOURS.len()) as i64 + 1),
                tour: TOURS[i % TOURS.len()].to_string(),
                starts_at: now + TimeDelta::minutes(30 + i as i64 * 97),
                time_zone: ZONE.name().into(),
                meeting_point: "Marine terminal, pier 3".into(),
                capacity,
                booked,
                held,
                free: (capacity - booked - held).max(0),
                waitlist: if booked == capacity { (i % 4) as i64 } else { 0 },
                status: DepartureStatus::Scheduled,
                weather_status: {
                    use WeatherStatus::{Danger, Ok, Watch};
                    [Ok, Ok, Ok, Watch, Danger][i % 5]
                },
                weather_note: String::new(),
                adult_price_minor: 750_000,
                child_price_minor: 450_000,
                currency: "RUB".into(),
                guide_ids: vec![1],
                missing_resource: None,
            }
        })
        .collect()
}

fn manifest(n: usize, dep: &Departure, now: DateTime<Utc>) -> Manifest {
    let rows: Vec<ManifestRow> = (0..n)
        .map(|i| {
            let state = match i % 10 {
                0..=4 => ManifestState::Admitted,
                9 => ManifestState::NoShow,
                _ => ManifestState::Expected,
            };
            ManifestRow {
                participant_id: ParticipantId(i as i64 + 1).into(),
                booking_id: BookingId((i / 3) as i64 + 1).into(),
                booking_number: format!("TD-{:06}", 100_000 + i / 3),
                position: (i % 3) as i32 + 1,
                name: format!("Participant {i:03} Петров"),
                kind: if i % 3 == 2 {
                    ParticipantKind::Child
                } else {
                    ParticipantKind::Adult
                },
                state,
                checked_in_at: (state == ManifestState::Admitted).then_some(now - TimeDelta::minutes(i as i64 % 50)),
                checked_in_by: "Дмитрий Соколов".into(),
                checked_in_device: "gate-1".into(),
                check_in_method: Some(AdmissionMethod::Qr),
                no_show_reason: String::new(),
                medical_notes: if i % 17 == 0 { "asthma".into() } else { String::new() },
                dietary: if i % 11 == 0 {
                    "vegetarian".into()
                } else {
                    String::new()
                },
                equipment: String::new(),
                special_requests: String::new(),
                unpaid_minor: if i % 23 == 0 { 450_000 } else { 0 },
                currency: "RUB".into(),
                contact_name: "Contact".into(),
                contact_phone: "+79001234567".into(),
            }
        })
        .collect();
    let count = |s: ManifestState| rows.iter().filter(|r| r.state == s).count();
    Manifest {
        departure_id: dep.id,
        tour: dep.tour.clone(),
        starts_at: dep.starts_at,
        time_zone: dep.time_zone.clone(),
        meeting_point: dep.meeting_point.clone(),
        check_in_closed_at: None,
        check_in_opens_at: dep.starts_at - chrono::TimeDelta::hours(3),
        admitted: count(ManifestState::Admitted),
        expected: count(ManifestState::Expected),
        no_shows: count(ManifestState::NoShow),
        rows,
    }
}

fn admitted(dep: &Departure, i: usize, now: DateTime<Utc>) -> crate::booking::CheckIn {
    let mut attention = crate::booking::Attention::default();
    if i.is_multiple_of(3) {
        attention.medical_notes = "asthma".into();
    }
    crate::booking::CheckIn {
        event_id: uuid::Uuid::nil(),
        occurred_at: now,
        replayed: false,
        verdict: crate::booking::Verdict::Admitted {
            booking_number: format!("TD-{:06}", 100_000 + i / 3),
            departure_id: dep.id,
            tour: dep.tour.clone(),
            starts_at: dep.starts_at,
            time_zone: dep.time_zone.clone(),
            admitted: vec![crate::booking::Admission {
                participant_id: Some(ParticipantId(i as i64 + 1)),
                name: format!("Participant {i:03} Петров"),
                kind: Some(ParticipantKind::Adult),
                attention,
            }],
            already: vec![],
            party_in: 1 + (i % 3) as i64,
            party_total: 3,
            unpaid_minor: 0,
            currency: "RUB".into(),
            special_requests: String::new(),
        },
    }
}

/// Counts what the backend writes, and throws it away.
#[derive(Default, Clone)]
struct Sink(std::rc::Rc<std::cell::Cell<usize>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn app(width: u16, height: u16, now: DateTime<Utc>) -> App {
    let config = Config {
        lang: Lang::En,
        device: "bench".into(),
        tz: ZONE,
        currency: Some(crate::domain::money::Currency::RUB),
        idle_lock: Duration::ZERO,
    };
    let mut app = App::new(config, now, (width, height));
    app.update(Action::Key(
        KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE),
        Instant::now(),
    ));
    app.update(Action::Key(
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        Instant::now(),
    ));
    app.update(Action::LoggedIn(Ok(Session {
        name: "Игорь Бондаренко".into(),
        role: Role::Manager,
        offline: false,
        staff: None,
    })));
    app
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE), Instant::now())
}

/// Draws `frames` frames, calling `step` before each; times every draw.
fn run(
    scenario: &str,
    app: &mut App,
    frames: usize,
    mut step: impl FnMut(&mut App, usize),
) -> std::io::Result<FrameStats> {
    let (w, h) = app.size;
    let sink = Sink::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(sink.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )?;
    terminal.draw(|f| view::render(app, f.area(), f.buffer_mut()))?;
    let mut times = Vec::with_capacity(frames);
    let before = sink.0.get();
    for i in 0..frames {
        step(app, i);
        let t = Instant::now();
        terminal.draw(|f| view::render(app, f.area(), f.buffer_mut()))?;
        times.push(t.elapsed());
    }
    let bytes = sink.0.get() - before;
    times.sort();
    let ms = |d: Duration| (d.as_secs_f64() * 1e6).round() / 1e3;
    let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    Ok(FrameStats {
        scenario: scenario.to_string(),
        frames,
        p50_ms: ms(pick(0.50)),
        p99_ms: ms(pick(0.99)),
        max_ms: ms(*times.last().unwrap_or(&Duration::ZERO)),
        bytes_per_frame: bytes / frames.max(1),
    })
}

pub fn frames(
    width: u16,
    height: u16,
    n_departures: usize,
    n_manifest: usize,
    frames: usize,
) -> std::io::Result<FramesReport> {
    let now = Utc::now();
    let frames = frames.max(1);
    let deps = departures(n_departures.max(1), now);
    let mut scenarios = Vec::new();

    // the departure list: scrolling through all of it, a page at a time and a row at a time
    let mut a = app(width, height, now);
    a.panes.departures = departures::State::with_departures(deps.clone(), now);
    a.pane = PaneId::Departures;
    scenarios.push(run("departures: move down one row", &mut a, frames, |a, _| {
        a.update(key(KeyCode::Down));
    })?);
    scenarios.push(run("departures: page down", &mut a, frames, |a, i| {
        a.update(key(if i % 200 == 199 {
            KeyCode::Home
        } else {
            KeyCode::PageDown
        }));
    })?);
    a.update(key(KeyCode::Home));
    scenarios.push(run("departures: live change of one row", &mut a, frames, |a, i| {
        // one of the visible rows, its seats a little different every time
        let mut d = deps[i % deps.len().min(40)].clone();
        d.booked = (d.booked + 1 + (i / 40) as i32) % (d.capacity + 1);
        d.free = (d.capacity - d.booked - d.held).max(0);
        a.update(Action::Pane(PaneMsg::Departures(departures::Msg::One(
            d.id,
            Ok(Box::new(d)),
        ))));
    })?);
    scenarios.push(run("departures: nothing changed", &mut a, frames, |_, _| {})?);

    // the check-in pane with a big manifest
    let mut a = app(width, height, now);
    a.pane = PaneId::CheckIn;
    let dep = deps[0].clone();
    let ctx = a.ctx();
    let mut out = super::panes::Outbox::default();
    a.panes
        .checkin
        .update(&ctx, checkin::Msg::Departures(Ok(vec![dep.clone()])), &mut out);
    a.panes.checkin.update(
        &ctx,
        checkin::Msg::Manifest(dep.id, Ok(Box::new(manifest(n_manifest.max(1), &dep, now)))),
        &mut out,
    );
    scenarios.push(run("check-in: move down the manifest", &mut a, frames, |a, i| {
        a.update(key(if i % 500 == 499 { KeyCode::Home } else { KeyCode::Down }));
    })?);
    // what a gate sees most: a new verdict in big letters, the manifest row ticked
    let n = n_manifest.max(1);
    scenarios.push(run("check-in: a new verdict each frame", &mut a, frames, |a, i| {
        let msg = checkin::Msg::CheckedIn(uuid::Uuid::nil(), Ok(Box::new(admitted(&dep, i % n, now))));
        a.update(Action::Pane(PaneMsg::CheckIn(msg)));
    })?);

    Ok(FramesReport {
        width,
        height,
        departures: deps.len(),
        manifest: n_manifest,
        scenarios,
        peak_rss_mb: peak_rss_mb(),
    })
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(app: &App) -> ratatui::buffer::Buffer {
        let (w, h) = app.size;
        crate::tui::testing::draw(w, h, |area, buf| view::render(app, area, buf))
    }

    /// The scenarios measure frames that really change the screen.
    #[test]
    fn a_live_change_and_a_key_change_what_is_drawn() {
        let now = Utc::now();
        let deps = departures(200, now);
        let mut a = app(200, 50, now);
        a.panes.departures = departures::State::with_departures(deps.clone(), now);
        a.pane = PaneId::Departures;
        let before = screen(&a);
        let mut d = deps[0].clone();
        d.booked = (d.booked + 1) % (d.capacity + 1);
        d.free = (d.capacity - d.booked - d.held).max(0);
        a.update(Action::Pane(PaneMsg::Departures(departures::Msg::One(
            d.id,
            Ok(Box::new(d)),
        ))));
        let after = screen(&a);
        let text = crate::tui::testing::text;
        assert_ne!(text(&before), text(&after), "the live change shows");
        a.update(key(KeyCode::Down));
        // the selection is drawn reversed: the same text, other styles
        assert!(after != screen(&a), "a key moves the selection");
    }
}
