//! The seven panes. Each is a module with a `State` (what it shows), a `Msg`
//! (what can happen to it), a `Call` (what it asks of the core) and:
//! - `State::update(&mut self, &Ctx, Msg, &mut Outbox)` — no I/O;
//! - `view::render(&State, &Ctx, Rect, &mut Buffer)` — pure;
//! - `io::exec(&Service, Call) -> Msg` — the only place it does I/O, as
//!   plain calls on the `service::Service`, which answers from the core or,
//!   the database gone, from this laptop's field store where it can (the
//!   departures, the manifest, occupancy) and says it needs the database
//!   where it cannot. `exec` below routes every pane's call.
//!
//! `shift` is not a pane but a screen over them (the cash drawer's shift,
//! `8`); it routes its calls the same way.
//!
//! Key bindings are in `keymap/`, strings in `strings/`.

pub mod bookings;
pub mod checkin;
pub mod dashboard;
pub mod departures;
pub mod occupancy;
pub mod shift;
pub mod waitlist;
pub mod walkin;

use super::action::{Cmd, Timer};
use super::strings::{Lang, Text};
use crate::domain::{DepartureId, ErrorCode, Role};
use crate::service::Service;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Departures,
    Occupancy,
    Walkin,
    Waitlist,
    CheckIn,
    Dashboard,
    Bookings,
}

impl PaneId {
    pub const ALL: [PaneId; 7] = [
        PaneId::Departures,
        PaneId::Occupancy,
        PaneId::Walkin,
        PaneId::Waitlist,
        PaneId::CheckIn,
        PaneId::Dashboard,
        PaneId::Bookings,
    ];

    pub fn index(self) -> usize {
        PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// Whether `role` may open this pane at all (a guide has no walk-in).
    pub fn allowed(self, role: Role) -> bool {
        match self {
            PaneId::Walkin | PaneId::Waitlist | PaneId::Bookings => role >= Role::Desk,
            PaneId::Dashboard => role == Role::Manager,
            _ => true,
        }
    }
}

/// What every pane may read: language, role, clock, zone, connection.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub text: &'static Text,
    pub lang: Lang,
    pub role: Role,
    /// who is logged in: a guide's own departures today come first
    pub me: Option<crate::domain::StaffId>,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    /// the operator's currency, the default for a new departure (none on a
    /// laptop prepared before the currency was a setting)
    pub currency: Option<crate::domain::money::Currency>,
    pub online: bool,
    /// sync conflicts waiting for someone to look at them
    pub conflicts: usize,
}

impl Ctx {
    pub fn may(&self, action: crate::domain::Action) -> bool {
        self.role.may(action)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Warning,
    Error,
}

/// A line at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

/// What a pane's update asks of the app besides its own state.
#[derive(Debug, Default)]
pub struct Outbox {
    pub cmds: Vec<Cmd>,
    pub notice: Option<Notice>,
    pub goto: Option<(PaneId, Option<DepartureId>)>,
    /// keys to handle as if typed (a short burst that was a person, not a scanner)
    pub replay: Vec<crossterm::event::KeyEvent>,
    /// a call failed because the database is gone
    pub offline: bool,
    /// a ticket code to show as a QR on the whole screen, until a key
    pub fullscreen_qr: Option<String>,
    /// open the review of sync conflicts
    pub review: bool,
    /// the server refused the session: lock back to the PIN screen
    pub session_ended: Option<super::action::SessionEnd>,
    /// open the parties to rebook of this departure (cancelled for
    /// weather) on the Bookings pane, with this alternative chosen
    pub rebook: Option<(DepartureId, Option<DepartureId>)>,
}

impl Outbox {
    pub fn call(&mut self, call: PaneCall) {
        self.cmds.push(Cmd::Call(call));
    }

    pub fn later(&mut self, after: std::time::Duration, timer: Timer) {
        self.cmds.push(Cmd::Later(after, timer));
    }

    pub fn bell(&mut self) {
        self.cmds.push(Cmd::Bell);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.notice(Level::Info, text);
    }

    pub fn success(&mut self, text: impl Into<String>) {
        self.notice(Level::Success, text);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.notice(Level::Error, text);
    }

    pub fn notice(&mut self, level: Level, text: impl Into<String>) {
        self.notice = Some(Notice {
            level,
            text: text.into(),
        });
    }

    /// A core error, in the kiosk's language (every code has its sentence).
    pub fn failed(&mut self, ctx: &Ctx, e: &super::action::UiError) {
        if let Some(why) = e.ends_session() {
            // not the pane's error: the app locks and says why on the PIN screen
            self.session_ended = Some(why);
            return;
        }
        self.offline |= e.is_offline();
        let text = super::strings::error_text(ctx.lang, e.code);
        if e.code == ErrorCode::OutcomeUnknown {
            // not a failure: it may well be done; the pane keeps its key and
            // the next try returns whatever the first one did
            self.notice(Level::Warning, text);
        } else {
            self.error(text);
        }
    }
}

#[derive(Debug, Clone)]
pub enum PaneMsg {
    Departures(departures::Msg),
    Occupancy(occupancy::Msg),
    Walkin(walkin::Msg),
    Waitlist(waitlist::Msg),
    CheckIn(checkin::Msg),
    Dashboard(dashboard::Msg),
    Bookings(bookings::Msg),
    Shift(shift::Msg),
}

#[derive(Debug, Clone)]
pub enum PaneCall {
    Departures(departures::Call),
    Occupancy(occupancy::Call),
    Walkin(walkin::Call),
    Waitlist(waitlist::Call),
    CheckIn(checkin::Call),
    Dashboard(dashboard::Call),
    Bookings(bookings::Call),
    Shift(shift::Call),
}

impl PaneCall {
    /// True for the panes offered only with a session on the server: all
    /// but check-in and walk-in, which go on after an offline login.
    fn needs_session(&self) -> bool {
        match self {
            PaneCall::CheckIn(_) | PaneCall::Walkin(_) => false,
            PaneCall::Departures(_)
            | PaneCall::Occupancy(_)
            | PaneCall::Waitlist(_)
            | PaneCall::Dashboard(_)
            | PaneCall::Bookings(_)
            | PaneCall::Shift(_) => true,
        }
    }
}

/// Runs a call (runtime side) on the service, which answers from the core
/// or, the database gone, from this laptop's field store where it can (and
/// says `DB_UNAVAILABLE` where only the server can act). None for a call of
/// a pane that needs someone's session on the server when there is none (a
/// late call after a lock, a live update): nobody to answer, the pane keeps
/// what it shows; the app offers those panes only then (`offline_allowed`).
pub async fn exec(service: &Service, call: PaneCall) -> Option<PaneMsg> {
    if call.needs_session() && !service.server_session() {
        tracing::warn!("a call that needs a session on the server with none (nobody logged in, or logged in offline)");
        return None;
    }
    Some(match call {
        PaneCall::CheckIn(c) => PaneMsg::CheckIn(checkin::io::exec(service, c).await),
        PaneCall::Walkin(c) => PaneMsg::Walkin(walkin::io::exec(service, c).await),
        PaneCall::Departures(c) => PaneMsg::Departures(departures::io::exec(service, c).await),
        PaneCall::Occupancy(c) => PaneMsg::Occupancy(occupancy::io::exec(service, c).await),
        PaneCall::Waitlist(c) => PaneMsg::Waitlist(waitlist::io::exec(service, c).await),
        PaneCall::Dashboard(c) => PaneMsg::Dashboard(dashboard::io::exec(service, c).await),
        PaneCall::Bookings(c) => PaneMsg::Bookings(bookings::io::exec(service, c).await),
        PaneCall::Shift(c) => PaneMsg::Shift(shift::io::exec(service, c).await),
    })
}

/// True for the calls that change what the field store holds (the header
/// shows its status after them).
pub fn touches_store(call: &PaneCall) -> bool {
    matches!(
        call,
        PaneCall::CheckIn(checkin::Call::CheckIn(_) | checkin::Call::Prepare { .. } | checkin::Call::Release(_))
            | PaneCall::Walkin(walkin::Call::Book(_))
    )
}

/// All pane states; each keeps its place while another is shown.
#[derive(Debug, Default)]
pub struct Panes {
    pub departures: departures::State,
    pub occupancy: occupancy::State,
    pub walkin: walkin::State,
    pub waitlist: waitlist::State,
    pub checkin: checkin::State,
    pub dashboard: dashboard::State,
    pub bookings: bookings::State,
    /// the cash drawer's shift screen (over whichever pane shows)
    pub shift: shift::State,
}

impl Panes {
    pub fn update(&mut self, ctx: &Ctx, msg: PaneMsg, out: &mut Outbox) {
        match msg {
            PaneMsg::Departures(m) => self.departures.update(ctx, m, out),
            PaneMsg::Occupancy(m) => self.occupancy.update(ctx, m, out),
            PaneMsg::Walkin(m) => self.walkin.update(ctx, m, out),
            PaneMsg::Waitlist(m) => self.waitlist.update(ctx, m, out),
            PaneMsg::CheckIn(m) => self.checkin.update(ctx, m, out),
            PaneMsg::Dashboard(m) => self.dashboard.update(ctx, m, out),
            PaneMsg::Bookings(m) => self.bookings.update(ctx, m, out),
            PaneMsg::Shift(m) => self.shift.update(ctx, m, out),
        }
    }

    /// The pane was brought to the front: load or refresh what it shows.
    pub fn show(&mut self, pane: PaneId, ctx: &Ctx, out: &mut Outbox) {
        match pane {
            PaneId::Departures => self.departures.show(ctx, out),
            PaneId::Occupancy => self.occupancy.show(ctx, out),
            PaneId::Walkin => {
                self.walkin.show(ctx, out);
                // the first sale since the login asks for a shift when none is open
                self.shift.before_sale(ctx, out);
            }
            PaneId::Waitlist => self.waitlist.show(ctx, out),
            PaneId::CheckIn => self.checkin.show(ctx, out),
            PaneId::Dashboard => self.dashboard.show(ctx, out),
            PaneId::Bookings => {
                self.bookings.show(ctx, out);
                // money is taken on a booking's card too (`p`): the same question, once
                self.shift.before_sale(ctx, out);
            }
        }
    }

    /// Another pane sent the user here about one departure.
    pub fn focus_departure(&mut self, pane: PaneId, ctx: &Ctx, id: DepartureId, out: &mut Outbox) {
        match pane {
            PaneId::Departures => self.departures.focus_departure(ctx, id, out),
            PaneId::Occupancy => self.occupancy.focus_departure(ctx, id, out),
            PaneId::Walkin => self.walkin.focus_departure(ctx, id, out),
            PaneId::Waitlist => self.waitlist.focus_departure(ctx, id, out),
            PaneId::CheckIn => self.checkin.focus_departure(ctx, id, out),
            PaneId::Dashboard | PaneId::Bookings => {}
        }
    }

    /// A departure changed somewhere; `visible` is the pane on screen.
    pub fn departure_changed(&mut self, visible: PaneId, ctx: &Ctx, id: DepartureId, out: &mut Outbox) {
        self.departures
            .departure_changed(ctx, id, visible == PaneId::Departures, out);
        self.occupancy
            .departure_changed(ctx, id, visible == PaneId::Occupancy, out);
        self.walkin.departure_changed(ctx, id, visible == PaneId::Walkin, out);
        self.waitlist
            .departure_changed(ctx, id, visible == PaneId::Waitlist, out);
        self.checkin.departure_changed(ctx, id, visible == PaneId::CheckIn, out);
        self.bookings
            .departure_changed(ctx, id, visible == PaneId::Bookings, out);
    }

    pub fn check_ins_changed(&mut self, visible: PaneId, ctx: &Ctx, id: DepartureId, out: &mut Outbox) {
        self.checkin.check_ins_changed(ctx, id, visible == PaneId::CheckIn, out);
        self.occupancy
            .check_ins_changed(ctx, id, visible == PaneId::Occupancy, out);
    }

    /// A departure's roll-call changed (a return, or people became missing):
    /// who is missing is asked again whatever the pane (the header shows it),
    /// and the guide's return list reloads.
    pub fn rollcall_changed(&mut self, visible: PaneId, ctx: &Ctx, id: DepartureId, out: &mut Outbox) {
        if ctx.online {
            self.occupancy.ask_missing(ctx, out);
        }
        self.checkin.rollcall_changed(ctx, id, visible == PaneId::CheckIn, out);
    }

    /// Once a second; true when the visible pane must be redrawn (a countdown).
    pub fn tick(&mut self, pane: PaneId, ctx: &Ctx, out: &mut Outbox) -> bool {
        // becoming missing writes nothing: the desk asks again now and then
        if ctx.online && self.occupancy.missing_due(ctx.now) {
            self.occupancy.ask_missing(ctx, out);
        }
        match pane {
            PaneId::Walkin => self.walkin.tick(ctx, out),
            PaneId::Waitlist => self.waitlist.tick(ctx, out),
            PaneId::CheckIn => self.checkin.tick(ctx, out),
            _ => false,
        }
    }

    /// True while the pane has a text field taking keys (then `q` and the
    /// digits type instead of quitting or switching).
    pub fn typing(&self, pane: PaneId) -> bool {
        match pane {
            PaneId::Departures => self.departures.typing(),
            PaneId::Walkin => self.walkin.typing(),
            PaneId::Waitlist => self.waitlist.typing(),
            PaneId::CheckIn => self.checkin.typing(),
            PaneId::Bookings => self.bookings.typing(),
            _ => false,
        }
    }

    pub fn render(&self, pane: PaneId, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        match pane {
            PaneId::Departures => departures::view::render(&self.departures, ctx, area, buf),
            PaneId::Occupancy => occupancy::view::render(&self.occupancy, ctx, area, buf),
            PaneId::Walkin => walkin::view::render(&self.walkin, ctx, area, buf),
            PaneId::Waitlist => waitlist::view::render(&self.waitlist, ctx, area, buf),
            PaneId::CheckIn => checkin::view::render(&self.checkin, ctx, area, buf),
            PaneId::Dashboard => dashboard::view::render(&self.dashboard, ctx, area, buf),
            PaneId::Bookings => bookings::view::render(&self.bookings, ctx, area, buf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, Utc};

    /// After a lock (no session on the server) a late call of a pane that
    /// needs one gets no answer, so the pane keeps what it shows rather than
    /// saying the database is gone; check-in still answers (offline).
    #[tokio::test]
    async fn without_a_session_on_the_server_only_check_in_and_walk_in_answer() {
        let service = Service::with_core(None, None);
        let (from, to) = (Utc::now(), Utc::now() + TimeDelta::days(1));
        for call in [
            PaneCall::Departures(departures::Call::Load { from, to }),
            PaneCall::Occupancy(occupancy::Call::Load { from, to }),
            PaneCall::Waitlist(waitlist::Call::Queue(DepartureId(1))),
        ] {
            assert!(exec(&service, call.clone()).await.is_none(), "{call:?}");
        }
        let answer = exec(&service, PaneCall::CheckIn(checkin::Call::Departures { from, to })).await;
        match answer {
            Some(PaneMsg::CheckIn(checkin::Msg::Departures(Err(e)))) => assert!(e.is_offline(), "{e:?}"),
            other => panic!("check-in answers with the database gone: {other:?}"),
        }
    }
}
