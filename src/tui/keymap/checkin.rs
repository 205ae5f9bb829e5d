//! Keys of the check-in pane.

use crate::tui::panes::Ctx;
use crate::tui::panes::checkin::{Msg, State};
use crossterm::event::KeyEvent;
use std::time::Instant;

pub fn key(_state: &State, _ctx: &Ctx, _key: &KeyEvent, _at: Instant) -> Option<Msg> {
    None
}

/// Keys the pane takes before anything else: the characters of a scanner
/// burst (which look like any other typing until timing tells them apart).
pub fn capture(_state: &State, _key: &KeyEvent, _at: Instant) -> Option<Msg> {
    None
}
