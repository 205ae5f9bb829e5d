//! Keys of the dashboard pane.

use crate::domain::Action;
use crate::tui::panes::Ctx;
use crate::tui::panes::dashboard::{Msg, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(_state: &State, ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    if !ctx.may(Action::Stats) || key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    match key.code {
        KeyCode::Char('r' | 'к') => Some(Msg::Reload),
        KeyCode::Char('p' | 'з') | KeyCode::Tab => Some(Msg::Period),
        _ => None,
    }
}
