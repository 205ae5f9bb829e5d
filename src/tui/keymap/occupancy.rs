//! Keys of the occupancy pane.

use crate::tui::panes::Ctx;
use crate::tui::panes::occupancy::{Msg, Nav, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(_state: &State, _ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    match key.code {
        KeyCode::Up => Some(Msg::Nav(Nav::Up)),
        KeyCode::Down => Some(Msg::Nav(Nav::Down)),
        KeyCode::Home | KeyCode::PageUp => Some(Msg::Nav(Nav::Home)),
        KeyCode::End | KeyCode::PageDown => Some(Msg::Nav(Nav::End)),
        KeyCode::Enter => Some(Msg::Enter),
        KeyCode::Char('r' | 'к') => Some(Msg::Reload),
        _ => None,
    }
}
