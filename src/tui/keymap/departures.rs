//! Keys of the departures pane. Russian-layout twins of the letters work too
//! (ф a, ц w, з p, ы s, Ц W, Ч X, с c, к r, х [, ъ ]).

use crate::domain::Action;
use crate::tui::panes::Ctx;
use crate::tui::panes::departures::{Modal, Msg, Nav, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(state: &State, ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    if let Some(screen) = &state.schedules {
        return super::schedules::key(screen, ctx, key).map(Msg::Schedule);
    }
    if let Some(nav) = nav(key.code) {
        // in a text form the arrows and PgUp/PgDn have other jobs
        if !matches!(state.modal, Some(Modal::Add(_)) | Some(Modal::Weather(_))) {
            return Some(Msg::Nav(nav));
        }
    }
    match &state.modal {
        Some(Modal::Add(_)) => form_key(key, true),
        Some(Modal::Weather(_)) => form_key(key, false),
        Some(Modal::Confirm { .. }) => match key.code {
            KeyCode::Char(c) if super::is_yes(c) => Some(Msg::Yes),
            KeyCode::Char(c) if super::is_no(c) => Some(Msg::No),
            KeyCode::Esc => Some(Msg::No),
            KeyCode::Enter => Some(Msg::Yes),
            _ => None,
        },
        Some(Modal::Cancelling(_)) => None,
        Some(Modal::Cancelled { .. }) => match key.code {
            KeyCode::Enter => Some(Msg::Enter),
            KeyCode::Esc => Some(Msg::Esc),
            _ => None,
        },
        None => list_key(ctx, key),
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

fn list_key(ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    let manager = |msg: Msg, action: Action| Some(if ctx.may(action) { msg } else { Msg::NotAllowed });
    match key.code {
        KeyCode::Enter => Some(Msg::Enter),
        KeyCode::Esc => Some(Msg::Esc),
        KeyCode::Char('c' | 'с') => Some(Msg::ToggleCalendar),
        KeyCode::Char('[' | 'х') => Some(Msg::Month(-1)),
        KeyCode::Char(']' | 'ъ') => Some(Msg::Month(1)),
        KeyCode::Char('r' | 'к') => Some(Msg::Reload),
        KeyCode::Char('w' | 'ц') => manager(Msg::Waitlist, Action::Sell),
        KeyCode::Char('p' | 'з') => manager(Msg::Rebook, Action::Sell),
        KeyCode::Char('a' | 'ф') => manager(Msg::Add, Action::ManageDepartures),
        KeyCode::Char('s' | 'ы') => manager(Msg::Schedules, Action::ManageDepartures),
        KeyCode::Char('W' | 'Ц') => manager(Msg::Weather, Action::Weather),
        KeyCode::Char('X' | 'Ч') => manager(Msg::CancelForWeather, Action::Weather),
        _ => None,
    }
}

fn form_key(key: &KeyEvent, add: bool) -> Option<Msg> {
    match key.code {
        KeyCode::Enter => Some(Msg::Enter),
        KeyCode::Esc => Some(Msg::Esc),
        KeyCode::Backspace => Some(Msg::Backspace),
        KeyCode::Tab => Some(Msg::NextField),
        KeyCode::BackTab => Some(Msg::PrevField),
        KeyCode::Down | KeyCode::Right if !add => Some(Msg::NextField),
        KeyCode::Up | KeyCode::Left if !add => Some(Msg::PrevField),
        KeyCode::Down if add => Some(Msg::NextField),
        KeyCode::Up if add => Some(Msg::PrevField),
        KeyCode::PageUp if add => Some(Msg::PickTour(-1)),
        KeyCode::PageDown if add => Some(Msg::PickTour(1)),
        KeyCode::Char(c) => Some(Msg::Char(c)),
        _ => None,
    }
}
