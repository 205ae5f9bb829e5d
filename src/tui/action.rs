//! What happens to the kiosk: input, ticks, and results coming back from the
//! core. `App::update` turns each into new state plus `Cmd`s for the runtime.

use super::panes::{PaneCall, PaneMsg};
use crate::domain::{DepartureId, Role};
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
    Pane(PaneMsg),
    /// The process was asked to stop (SIGTERM, SIGHUP): quit, restoring the terminal.
    Terminate,
    /// A timer asked for with `Cmd::Later` went off, at this instant.
    Timer(Timer, Instant),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// The scanner has been quiet long enough to end a burst.
    ScanIdle,
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub name: String,
    pub role: Role,
}

/// A core error as the UI shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct UiError {
    pub code: String,
    pub message: String,
}

impl UiError {
    pub fn is_offline(&self) -> bool {
        self.code == "DB_UNAVAILABLE"
    }
}

impl From<crate::booking::BookingError> for UiError {
    fn from(e: crate::booking::BookingError) -> UiError {
        UiError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

/// What the runtime does for `update` (all I/O lives behind these).
#[derive(Debug, Clone)]
pub enum Cmd {
    Login(String),
    /// Runs a pane's core call and feeds the answer back as an action.
    Call(PaneCall),
    /// Comes back as `Action::Timer` after the delay.
    Later(Duration, Timer),
    Bell,
    Quit,
}
