//! Keys of the shift screen (`8`). While a form is open every printable key
//! types into it (digits of a count, a reason's letters), so only Esc,
//! Enter, Backspace, the arrows, PgUp/PgDn and Tab mean anything else; on the status
//! and the Z-report the letters act (with their places on a Russian layout).

use crate::tui::panes::shift::{Mode, Msg, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(state: &State, key: &KeyEvent) -> Option<Msg> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    match key.code {
        KeyCode::Esc => return Some(Msg::Esc),
        KeyCode::Enter => return Some(Msg::Enter),
        KeyCode::Backspace => return Some(Msg::Backspace),
        KeyCode::Up => return Some(Msg::Up),
        KeyCode::Down => return Some(Msg::Down),
        KeyCode::PageUp => return Some(Msg::PageUp),
        KeyCode::PageDown => return Some(Msg::PageDown),
        KeyCode::Tab | KeyCode::BackTab => return Some(Msg::Tab),
        _ => {}
    }
    let KeyCode::Char(c) = key.code else { return None };
    match &state.mode {
        Mode::Count { confirm: true, .. } => match c {
            c if super::is_yes(c) => Some(Msg::Enter),
            c if super::is_no(c) => Some(Msg::Esc),
            _ => None,
        },
        Mode::Status => match c {
            'o' | 'щ' => Some(Msg::StartOpen),
            '+' | '=' => Some(Msg::StartCash { out: false }),
            '-' | '_' => Some(Msg::StartCash { out: true }),
            'c' | 'с' => Some(Msg::StartCount),
            'a' | 'ф' => Some(Msg::StartApprove),
            'r' | 'к' => Some(Msg::Refresh),
            'w' | 'ц' => Some(Msg::StartAwaiting),
            _ => None,
        },
        Mode::Awaiting { .. } => None,
        Mode::Report(_) => None,
        _ => Some(Msg::Char(c)),
    }
}
