//! Keys of the schedule screen (a screen of Departures, `s`). Russian-layout
//! twins of the letters work too (ф a, у e, ы s, в d, з p, к r).

use crate::tui::panes::Ctx;
use crate::tui::panes::departures::Nav;
use crate::tui::panes::departures::schedules::{Modal, Msg, Screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(screen: &Screen, _ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    match &screen.modal {
        Some(Modal::Form(_)) => form_key(key),
        Some(Modal::Skip(_)) => match key.code {
            KeyCode::Enter => Some(Msg::Enter),
            KeyCode::Esc => Some(Msg::Esc),
            KeyCode::Backspace => Some(Msg::Backspace),
            KeyCode::Char(c) => Some(Msg::Char(c)),
            _ => None,
        },
        Some(Modal::Preview(_)) => match key.code {
            KeyCode::Enter => Some(Msg::Enter),
            KeyCode::Char(c) if super::is_yes(c) => Some(Msg::Enter),
            KeyCode::Esc => Some(Msg::Esc),
            KeyCode::Char(c) if super::is_no(c) => Some(Msg::Esc),
            KeyCode::Right | KeyCode::Char('+') => Some(Msg::Horizon(1)),
            KeyCode::Left | KeyCode::Char('-') => Some(Msg::Horizon(-1)),
            // ↑↓ PgUp PgDn Home End scroll the starts
            code => nav(code).map(Msg::Nav),
        },
        Some(Modal::Check(_)) => match key.code {
            KeyCode::Enter => Some(Msg::Enter),
            KeyCode::Esc => Some(Msg::Esc),
            code => nav(code).map(Msg::Nav),
        },
        Some(Modal::Result(_)) => match key.code {
            KeyCode::Enter | KeyCode::Esc => Some(Msg::Esc),
            code => nav(code).map(Msg::Nav),
        },
        None => list_key(key),
    }
}

fn nav(code: KeyCode) -> Option<Nav> {
    Some(match code {
        KeyCode::Up => Nav::Up,
        KeyCode::Down => Nav::Down,
        KeyCode::Left => Nav::Left,
        KeyCode::Right => Nav::Right,
        KeyCode::PageUp => Nav::PageUp,
        KeyCode::PageDown => Nav::PageDown,
        KeyCode::Home => Nav::Home,
        KeyCode::End => Nav::End,
        _ => return None,
    })
}

fn list_key(key: &KeyEvent) -> Option<Msg> {
    if let Some(n) = nav(key.code) {
        return Some(Msg::Nav(n));
    }
    match key.code {
        KeyCode::Enter => Some(Msg::Enter),
        KeyCode::Esc => Some(Msg::Esc),
        KeyCode::Char('a' | 'ф') => Some(Msg::New),
        KeyCode::Char('e' | 'у') => Some(Msg::Edit),
        KeyCode::Char('s' | 'ы') => Some(Msg::Skip),
        KeyCode::Char('d' | 'в') => Some(Msg::AddDate),
        KeyCode::Char('p' | 'з') => Some(Msg::Preview),
        KeyCode::Char('r' | 'к') => Some(Msg::Reload),
        _ => None,
    }
}

/// In the form: Tab/↑↓ move between fields, ←→ between days, guides or
/// resources (in those fields), PgUp/PgDn pick a known tour (or a guide),
/// the rest types.
fn form_key(key: &KeyEvent) -> Option<Msg> {
    match key.code {
        KeyCode::Enter => Some(Msg::Enter),
        KeyCode::Esc => Some(Msg::Esc),
        KeyCode::Backspace => Some(Msg::Backspace),
        KeyCode::Tab | KeyCode::Down => Some(Msg::NextField),
        KeyCode::BackTab | KeyCode::Up => Some(Msg::PrevField),
        KeyCode::Left => Some(Msg::Nav(Nav::Left)),
        KeyCode::Right => Some(Msg::Nav(Nav::Right)),
        KeyCode::PageUp => Some(Msg::PickTour(-1)),
        KeyCode::PageDown => Some(Msg::PickTour(1)),
        KeyCode::Char(c) => Some(Msg::Char(c)),
        _ => None,
    }
}
