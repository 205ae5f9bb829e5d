//! Keys of the departures pane.

use crate::tui::panes::Ctx;
use crate::tui::panes::departures::{Msg, State};
use crossterm::event::KeyEvent;

pub fn key(_state: &State, _ctx: &Ctx, _key: &KeyEvent) -> Option<Msg> {
    None
}
