//! What happens to the kiosk: input, ticks, and results coming back from the
//! core. `App::update` turns each into new state plus `Cmd`s for the runtime.

use super::panes::{PaneCall, PaneMsg};
use super::strings::Lang;
use crate::booking::FieldConflict;
use crate::domain::{DepartureId, ErrorCode, Role};
use crate::field::{LocalAllotment, SyncProgress, SyncReport};
use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, MouseEvent};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub enum Action {
    /// A key, with when it arrived (scanner bursts are told apart by timing).
    Key(KeyEvent, Instant),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    /// Once a second: the wall clock and the monotonic one.
    Tick(DateTime<Utc>, Instant),
    LoggedIn(Result<Session, UiError>),
    /// The database answered a ping in this time, or did not answer.
    Health(Result<Duration, UiError>),
    /// The notification listener is (re)connected or lost.
    Listening(bool),
    /// Another kiosk (or this one) changed a departure: refresh what shows it.
    DepartureChanged(DepartureId),
    /// Check-ins changed on this departure (any kiosk).
    CheckInsChanged(DepartureId),
    /// Its roll-call changed (a return) or people became missing (the sweep).
    RollcallChanged(DepartureId),
    Pane(PaneMsg),
    /// The process was asked to stop (SIGTERM, SIGHUP): quit, restoring the terminal.
    Terminate,
    /// A timer asked for with `Cmd::Later` went off, at this instant.
    Timer(Timer, Instant),
    /// The field store, the journal's sync and its conflicts.
    Field(FieldMsg),
}

/// What the runtime reports about offline field mode.
#[derive(Debug, Clone)]
pub enum FieldMsg {
    /// The store as it is now (after it opened, and after every change).
    Status(FieldInfo),
    /// A sync is under way: entries sent so far, of how many.
    Progress(SyncProgress),
    Synced(Result<SyncReport, UiError>),
    /// After an offline login the database answered: the core of the person
    /// logged in is ready (or could not be made).
    Connected(Result<(), UiError>),
    /// Open conflicts on the server.
    Conflicts(Result<Vec<FieldConflict>, UiError>),
    Resolved(i64, Result<(), UiError>),
}

/// What the kiosk shows of its field store.
#[derive(Debug, Clone, Default)]
pub struct FieldInfo {
    /// a store is open: check-in can go on offline
    pub open: bool,
    /// journal entries waiting for the server
    pub pending: usize,
    /// departures prepared on this laptop
    pub prepared: Vec<DepartureId>,
    pub allotments: Vec<LocalAllotment>,
}

impl FieldInfo {
    /// Seats this laptop may still sell offline on `departure`, if it holds an allotment there.
    pub fn allotment_left(&self, departure: DepartureId, now: DateTime<Utc>) -> Option<i32> {
        self.allotments
            .iter()
            .filter(|a| a.departure_id == departure && a.is_live(now))
            .map(|a| a.left)
            .max()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// The scanner has been quiet long enough to end a burst.
    ScanIdle,
    /// Quitting waited long enough for the held seats to be let go.
    Quit,
    /// Typing in the Bookings search paused: search if this is still the latest edit.
    Search(u64),
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub name: String,
    pub role: Role,
    /// logged in from the PIN hashes on this laptop, the database gone
    pub offline: bool,
    /// the staff member (a guide sees their own departures first)
    pub staff: Option<crate::domain::StaffId>,
}

/// A core error as the UI shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct UiError {
    pub code: ErrorCode,
    pub message: String,
}

impl UiError {
    pub fn is_offline(&self) -> bool {
        self.code == ErrorCode::DbUnavailable
    }

    /// The server no longer accepts this kiosk's session: the kiosk locks
    /// itself back to the PIN screen instead of showing an error in a pane.
    pub fn ends_session(&self) -> Option<SessionEnd> {
        match self.code {
            ErrorCode::SessionExpired => Some(SessionEnd::Expired),
            ErrorCode::AuthRequired => Some(SessionEnd::Unknown),
            ErrorCode::DeviceRevoked => Some(SessionEnd::DeviceRevoked),
            _ => None,
        }
    }
}

/// Why the server refused the session (the PIN screen says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// SESSION_EXPIRED: past 12 h, or ended (logout, lock) elsewhere
    Expired,
    /// AUTH_REQUIRED: the server knows no such session
    Unknown,
    /// DEVICE_REVOKED: a manager revoked this device; no login will work
    DeviceRevoked,
    /// the kiosk ended it: the PIN is a notifier's (the delivery worker's
    /// identity), for which the kiosk has no screen
    NoScreen,
}

impl From<crate::field::FieldError> for UiError {
    fn from(e: crate::field::FieldError) -> UiError {
        UiError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<crate::booking::BookingError> for UiError {
    fn from(e: crate::booking::BookingError) -> UiError {
        UiError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// What the runtime does for `update` (all I/O lives behind these).
#[derive(Debug, Clone)]
pub enum Cmd {
    Login(String),
    /// Ends the logged-in person's session on the server (the kiosk locked).
    Logout,
    /// Runs a pane's core call and feeds the answer back as an action.
    Call(PaneCall),
    /// Comes back as `Action::Timer` after the delay.
    Later(Duration, Timer),
    Bell,
    Quit,
    /// The header's health ping changed its mind: check-ins go online (true)
    /// or are answered offline at once (false).
    Connection(bool),
    /// Replays the journal through the core (progress and the report come back).
    Sync,
    /// Makes the core of whoever logged in offline, now that the database answers.
    Connect,
    /// Loads the open sync conflicts.
    Conflicts,
    /// Marks a conflict as dealt with, with a note.
    Resolve(i64, String),
    /// The language was switched: this kiosk starts in it next time.
    RememberLang(Lang),
}
