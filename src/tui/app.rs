//! The kiosk's state and `update`: Action in, new state and `Cmd`s out. No
//! I/O here, so every key and every answer of the core can be tested without
//! a terminal or a database.

pub mod field;
mod login;

use super::action::{Action, Cmd, Session, SessionEnd, Timer, UiError};
use super::keymap::{self, Global};
use super::panes::{Ctx, Level, Notice, Outbox, PaneCall, PaneId, PaneMsg, Panes, bookings, checkin, shift, walkin};
use super::strings::{Lang, Text};
use crate::domain::Role;
use crate::domain::money::Currency;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use std::time::{Duration, Instant};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// A notice stays this long (or until the next one).
const NOTICE_FOR: chrono::TimeDelta = chrono::TimeDelta::seconds(12);
/// Quitting with seats held waits this long for the server to let them go
/// (a loopback release answers in milliseconds; a gone database never does,
/// and then the hold runs out by itself).
const RELEASE_BEFORE_QUIT: Duration = Duration::from_secs(3);

/// `q` or Ctrl-C while seats are held for a walk-in asks first: quitting
/// silently left them held until the hold ran out, and the party's seats
/// looked sold to every other desk meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quitting {
    #[default]
    No,
    /// "release them and quit?" is on the footer
    Asking,
    /// the release is on its way; the kiosk ends when it is answered
    Releasing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// PIN entry; `locked` when it follows a lock rather than a start;
    /// `ended` when the server ended the session (the screen says why).
    Login {
        pin: String,
        error: bool,
        busy: bool,
        locked: bool,
        ended: Option<SessionEnd>,
    },
    Main,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnState {
    Online,
    Offline,
    Reconnecting,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conn {
    pub state: ConnState,
    pub latency: Option<Duration>,
    /// the live-notification listener is connected
    pub listening: bool,
}

/// The database latency as the header shows it: tenths below 10 ms (a
/// loopback server answers in well under one), whole milliseconds above.
pub fn latency_text(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// Settings the kiosk starts with.
#[derive(Debug, Clone)]
pub struct Config {
    pub lang: Lang,
    pub device: String,
    pub tz: Tz,
    /// the operator's currency, read at start (taken along by a laptop's
    /// prepare; none from a prepare older than the setting)
    pub currency: Option<Currency>,
    pub idle_lock: Duration,
}

pub struct App {
    pub config: Config,
    pub text: &'static Text,
    pub screen: Screen,
    pub session: Option<Session>,
    pub pane: PaneId,
    pub panes: Panes,
    pub conn: Conn,
    pub notice: Option<(Notice, DateTime<Utc>)>,
    pub help: bool,
    /// a ticket code shown as a QR on the whole screen until a key (or a click)
    pub fullscreen_qr: Option<String>,
    pub now: DateTime<Utc>,
    pub last_input: DateTime<Utc>,
    pub size: (u16, u16),
    pub quit: bool,
    pub quitting: Quitting,
    /// something visible changed since the last frame
    pub dirty: bool,
    /// offline field mode: the journal, syncs, conflicts
    pub field: field::FieldState,
}

impl App {
    pub fn new(config: Config, now: DateTime<Utc>, size: (u16, u16)) -> App {
        App {
            text: config.lang.text(),
            config,
            screen: Screen::Login {
                pin: String::new(),
                error: false,
                busy: false,
                locked: false,
                ended: None,
            },
            session: None,
            pane: PaneId::Departures,
            panes: Panes::default(),
            conn: Conn {
                state: ConnState::Reconnecting,
                latency: None,
                listening: false,
            },
            notice: None,
            help: false,
            fullscreen_qr: None,
            now,
            last_input: now,
            size,
            quit: false,
            quitting: Quitting::No,
            dirty: true,
            field: field::FieldState::default(),
        }
    }

    pub fn role(&self) -> Role {
        self.session.as_ref().map(|s| s.role).unwrap_or(Role::Guide)
    }

    pub fn ctx(&self) -> Ctx {
        Ctx {
            text: self.text,
            lang: self.config.lang,
            role: self.role(),
            me: self.session.as_ref().and_then(|s| s.staff),
            now: self.now,
            tz: self.config.tz,
            currency: self.config.currency,
            online: self.conn.state == ConnState::Online,
            conflicts: self.field.conflicts,
        }
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The one entry point: applies an action, returns what the runtime must do.
    pub fn update(&mut self, action: Action) -> Vec<Cmd> {
        let mut out = Outbox::default();
        match action {
            Action::Key(key, at) => {
                if keymap::is_press(&key) {
                    self.last_input = self.now;
                    self.dirty = true;
                    self.on_key(key, at, false, &mut out);
                }
            }
            Action::Paste(text) => {
                self.last_input = self.now;
                self.dirty = true;
                if self.screen == Screen::Main && self.pane == PaneId::CheckIn {
                    let ctx = self.ctx();
                    self.panes
                        .update(&ctx, PaneMsg::CheckIn(checkin::Msg::Pasted(text)), &mut out);
                } else if self.screen == Screen::Main && !self.help && self.panes.typing(self.pane) {
                    // into the field being typed, as if typed (a name, a phone)
                    for c in text.chars().filter(|c| !c.is_control()) {
                        let key = KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
                        self.on_key(key, Instant::now(), true, &mut out);
                    }
                }
            }
            Action::Mouse(m) => {
                self.last_input = self.now;
                self.on_mouse(m, &mut out);
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.dirty = true;
            }
            Action::Tick(now, _) => self.on_tick(now, &mut out),
            Action::Terminate => self.quit(&mut out),
            Action::LoggedIn(result) => self.on_login(result, &mut out),
            Action::Health(result) => self.on_health(result, &mut out),
            Action::Listening(up) => {
                if self.conn.listening != up {
                    self.conn.listening = up;
                    self.dirty = true;
                    // missed notifications while the listener was down: reload
                    if up && self.screen == Screen::Main {
                        let ctx = self.ctx();
                        self.panes.show(self.pane, &ctx, &mut out);
                    }
                }
            }
            Action::DepartureChanged(id) => {
                if self.session.is_some() {
                    let ctx = self.ctx();
                    self.panes.departure_changed(self.pane, &ctx, id, &mut out);
                }
            }
            Action::CheckInsChanged(id) => {
                if self.session.is_some() {
                    let ctx = self.ctx();
                    self.panes.check_ins_changed(self.pane, &ctx, id, &mut out);
                }
            }
            Action::RollcallChanged(id) => {
                if self.session.is_some() {
                    let ctx = self.ctx();
                    self.panes.rollcall_changed(self.pane, &ctx, id, &mut out);
                }
            }
            Action::Pane(msg) => {
                self.dirty = true;
                let released = matches!(msg, PaneMsg::Walkin(walkin::Msg::Released(..)));
                let ctx = self.ctx();
                self.panes.update(&ctx, msg, &mut out);
                if released && self.quitting == Quitting::Releasing {
                    self.quit(&mut out);
                }
            }
            Action::Timer(Timer::Quit, _) => {
                if self.quitting == Quitting::Releasing {
                    self.quit(&mut out);
                }
            }
            Action::Timer(Timer::ScanIdle, at) => {
                let ctx = self.ctx();
                self.panes
                    .update(&ctx, PaneMsg::CheckIn(checkin::Msg::ScanIdle(at)), &mut out);
                self.dirty = true;
            }
            Action::Timer(Timer::Search(seq), _) => {
                let ctx = self.ctx();
                self.panes
                    .update(&ctx, PaneMsg::Bookings(bookings::Msg::Debounced(seq)), &mut out);
            }
            Action::Field(msg) => self.on_field(msg, &mut out),
        }
        let mut cmds = self.apply(out);
        self.tell_connection(&mut cmds);
        cmds
    }

    /// Folds a pane's outbox into the app: notices, pane switches, replays.
    fn apply(&mut self, mut out: Outbox) -> Vec<Cmd> {
        let mut cmds = std::mem::take(&mut out.cmds);
        if let Some(notice) = out.notice.take() {
            if notice.level == Level::Error && cmds.is_empty() {
                tracing::info!(notice = %notice.text, "notice");
            }
            self.notice = Some((notice, self.now));
            self.dirty = true;
        }
        if std::mem::take(&mut out.review) {
            let mut next = Outbox::default();
            self.open_review(&mut next);
            cmds.extend(self.apply(next));
        }
        // a scan goes on under the review: its verdict must show
        let scanned = |c: &Cmd| matches!(c, Cmd::Call(PaneCall::CheckIn(checkin::Call::CheckIn(_))));
        if cmds.iter().any(scanned) && self.field.review.as_ref().is_some_and(|r| r.note.is_none()) {
            self.field.review = None;
            self.dirty = true;
        }
        if let Some(code) = out.fullscreen_qr.take() {
            self.fullscreen_qr = Some(code);
            self.help = false;
            self.dirty = true;
        }
        if let Some((pane, dep)) = out.goto.take() {
            let mut next = Outbox::default();
            self.goto(pane, &mut next);
            if let Some(id) = dep
                && self.pane == pane
            {
                let ctx = self.ctx();
                self.panes.focus_departure(pane, &ctx, id, &mut next);
            }
            cmds.extend(self.apply(next));
        }
        if let Some((departure, choose)) = out.rebook.take() {
            let mut next = Outbox::default();
            self.goto(PaneId::Bookings, &mut next);
            if self.pane == PaneId::Bookings {
                self.panes.bookings.open_parties(departure, choose, &mut next);
            }
            cmds.extend(self.apply(next));
        }
        for key in std::mem::take(&mut out.replay) {
            let mut next = Outbox::default();
            self.on_key(key, Instant::now(), true, &mut next);
            cmds.extend(self.apply(next));
        }
        // the server refused the session: back to the PIN screen, saying why
        if let Some(why) = out.session_ended.take() {
            match &mut self.screen {
                Screen::Main => {
                    let mut next = Outbox::default();
                    self.lock_because(Some(why), &mut next);
                    cmds.extend(next.cmds);
                }
                // a login refused as DEVICE_REVOKED (a late answer of a pane
                // after a lock says nothing new: that lock ended the session)
                Screen::Login { ended, error, .. } if why == SessionEnd::DeviceRevoked => {
                    *ended = Some(why);
                    *error = false;
                }
                Screen::Login { .. } => {}
            }
            self.dirty = true;
        }
        // a core error that says the database is gone: show it in the header now
        if out.offline && self.conn.state == ConnState::Online {
            self.conn.state = ConnState::Offline;
            self.dirty = true;
        }
        cmds
    }

    fn on_key(&mut self, key: KeyEvent, at: Instant, replay: bool, out: &mut Outbox) {
        if self.quitting != Quitting::No {
            self.quit_key(&key, out);
            return;
        }
        // a locked kiosk does not quit to the shell: someone's session is behind the lock
        if keymap::is_ctrl_c(&key) && !self.locked() {
            self.ask_quit(out);
            return;
        }
        if let Screen::Login { .. } = self.screen {
            self.login_key(key, out);
            return;
        }
        if self.fullscreen_qr.take().is_some() {
            return; // any key closes it, and does nothing else
        }
        if self.help {
            match key.code {
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Enter => self.help = false,
                KeyCode::Char(c) if login::is_lang_key(c) => self.switch_lang(out),
                _ => {}
            }
            return;
        }
        let ctx = self.ctx();
        if self.panes.shift.visible {
            self.shift_key(&ctx, key, out);
            return;
        }
        self.panes.shift.key_elsewhere();
        let noting = self.field.review.as_ref().is_some_and(|r| r.note.is_some());
        // the check-in pane sees every key first: a scanner may type at any time
        if self.pane == PaneId::CheckIn
            && !replay
            && !noting
            && let Some(msg) = keymap::checkin::capture(&self.panes.checkin, &key, at)
        {
            self.panes.update(&ctx, PaneMsg::CheckIn(msg), out);
            return;
        }
        if self.field.review.is_some() {
            self.review_key(&key, out);
            return;
        }
        let typing = self.panes.typing(self.pane);
        if typing && let Some(msg) = keymap::pane(self.pane, &self.panes, &ctx, &key, at) {
            self.panes.update(&ctx, msg, out);
            return;
        }
        match keymap::global(&key, typing) {
            Some(Global::Quit) => self.ask_quit(out),
            Some(Global::Goto(pane)) => self.goto(pane, out),
            Some(Global::Help) => self.help = true,
            Some(Global::Lock) => self.lock(out),
            Some(Global::Shift) => self.panes.update(&ctx, PaneMsg::Shift(shift::Msg::Show), out),
            None => {
                if let Some(msg) = keymap::pane(self.pane, &self.panes, &ctx, &key, at) {
                    self.panes.update(&ctx, msg, out);
                } else if keymap::is_find(&key) {
                    self.find(out);
                } else if key.code == KeyCode::Esc {
                    self.notice = None;
                }
            }
        }
    }

    /// A key while the shift screen is over the pane: its own first (a
    /// form takes every printable key), then the few global ones that make
    /// sense over it (lock, quit, help, another pane).
    fn shift_key(&mut self, ctx: &Ctx, key: KeyEvent, out: &mut Outbox) {
        if let Some(msg) = keymap::shift::key(&self.panes.shift, &key) {
            self.panes.update(ctx, PaneMsg::Shift(msg), out);
            return;
        }
        match keymap::global(&key, self.panes.shift.typing()) {
            Some(Global::Lock) => self.lock(out),
            Some(Global::Quit) => self.ask_quit(out),
            Some(Global::Help) => self.help = true,
            Some(Global::Goto(pane)) => {
                self.panes.shift.visible = false;
                self.goto(pane, out);
            }
            Some(Global::Shift) | None => {}
        }
    }

    fn on_health(&mut self, result: Result<Duration, UiError>, out: &mut Outbox) {
        let before = self.conn;
        match result {
            Ok(latency) => {
                let came_back = self.conn.state != ConnState::Online;
                if came_back {
                    let was_offline = self.conn.state == ConnState::Offline;
                    self.conn.state = ConnState::Online;
                    if was_offline {
                        out.success(self.text.common.back_online);
                        if self.screen == Screen::Main {
                            let ctx = self.ctx();
                            self.panes.show(self.pane, &ctx, out);
                        }
                    }
                }
                // redraw only when the figure shown changes
                let shown = |d: Option<Duration>| d.map(latency_text);
                if shown(self.conn.latency) != shown(Some(latency)) {
                    self.conn.latency = Some(latency);
                }
                self.field_online(came_back, out);
            }
            Err(_) => {
                self.conn.state = match self.conn.state {
                    ConnState::Online => ConnState::Reconnecting,
                    _ => ConnState::Offline,
                };
                self.conn.latency = None;
            }
        }
        if before != self.conn {
            self.dirty = true;
        }
    }

    fn on_tick(&mut self, now: DateTime<Utc>, out: &mut Outbox) {
        let minute = |t: DateTime<Utc>| t.timestamp() / 60;
        if minute(now) != minute(self.now) {
            self.dirty = true; // the header clock
        }
        self.now = now;
        if let Some((_, at)) = &self.notice
            && now - *at > NOTICE_FOR
        {
            self.notice = None;
            self.dirty = true;
        }
        if self.screen == Screen::Main {
            let idle = (now - self.last_input).to_std().unwrap_or_default();
            if !self.config.idle_lock.is_zero() && idle >= self.config.idle_lock {
                self.lock(out);
                return;
            }
            let ctx = self.ctx();
            if self.panes.tick(self.pane, &ctx, out) {
                self.dirty = true;
            }
        }
    }

    fn on_mouse(&mut self, m: MouseEvent, out: &mut Outbox) {
        if self.screen != Screen::Main || self.help {
            return;
        }
        if self.fullscreen_qr.is_some() {
            if let MouseEventKind::Down(_) = m.kind {
                self.fullscreen_qr = None;
                self.dirty = true;
            }
            return;
        }
        if let MouseEventKind::Down(MouseButton::Left) = m.kind
            && m.row == super::view::TABS_ROW
            && let Some(pane) = super::view::tab_at(self.text, self.size.0, self.pane, m.column)
        {
            self.goto(pane, out);
        }
    }

    pub fn goto(&mut self, pane: PaneId, out: &mut Outbox) {
        if !pane.allowed(self.role()) {
            out.info(self.text.common.not_allowed);
            return;
        }
        if !self.offline_allowed(pane) {
            out.info(self.text.field.offline_only);
            return;
        }
        self.dirty = true;
        self.help = false;
        self.fullscreen_qr = None;
        if self.pane != pane {
            self.pane = pane;
        }
        let ctx = self.ctx();
        self.panes.show(pane, &ctx, out);
    }

    /// `/`: to the Bookings search, whatever card was open there.
    fn find(&mut self, out: &mut Outbox) {
        self.goto(PaneId::Bookings, out);
        if self.pane == PaneId::Bookings {
            self.panes.bookings.focus_search();
        }
    }

    pub fn locked(&self) -> bool {
        matches!(self.screen, Screen::Login { locked: true, .. })
    }

    /// Locks the screen and ends the session on the server: the next person
    /// (or the same one) logs in with a PIN again.
    fn lock(&mut self, out: &mut Outbox) {
        self.lock_because(None, out);
    }

    /// Locks; `ended` says the server already refused the session (expired,
    /// unknown, device revoked), and the PIN screen says so. The panes keep
    /// their state, so the same PIN finds what was being typed.
    fn lock_because(&mut self, ended: Option<SessionEnd>, out: &mut Outbox) {
        // the runtime drops the core (the server's answer to its logout does not matter)
        out.cmds.push(Cmd::Logout);
        self.screen = Screen::Login {
            pin: String::new(),
            error: false,
            busy: false,
            locked: true,
            ended,
        };
        self.help = false;
        // a ticket must not stay on a locked kiosk, nor a notice naming a
        // booking or a sum for whoever logs in next (in another language)
        self.fullscreen_qr = None;
        self.notice = None;
        self.dirty = true;
    }

    /// Quits, after asking when seats are held for a walk-in.
    fn ask_quit(&mut self, out: &mut Outbox) {
        if self.screen == Screen::Main && self.panes.walkin.live_hold() {
            self.quitting = Quitting::Asking;
        } else {
            self.quit(out);
        }
    }

    /// The answer to "release the held seats and quit?"; Ctrl-C again means yes.
    fn quit_key(&mut self, key: &KeyEvent, out: &mut Outbox) {
        let yes = keymap::is_ctrl_c(key)
            || match key.code {
                KeyCode::Enter => true,
                KeyCode::Char(c) => keymap::is_yes(c),
                _ => false,
            };
        let no = match key.code {
            KeyCode::Esc => true,
            KeyCode::Char(c) => keymap::is_no(c),
            _ => false,
        };
        match self.quitting {
            Quitting::Asking if yes => {
                let ctx = self.ctx();
                self.panes.walkin.release(&ctx, out);
                self.quitting = Quitting::Releasing;
                out.cmds.push(Cmd::Later(RELEASE_BEFORE_QUIT, Timer::Quit));
            }
            Quitting::Asking if no => self.quitting = Quitting::No,
            // a second Ctrl-C while the release is on its way does not wait
            Quitting::Releasing if keymap::is_ctrl_c(key) => self.quit(out),
            _ => {}
        }
    }

    fn quit(&mut self, out: &mut Outbox) {
        self.quit = true;
        out.cmds.push(Cmd::Quit);
    }
}

#[cfg(test)]
mod missing_tests;
#[cfg(test)]
mod tests;
