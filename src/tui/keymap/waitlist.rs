//! Keys of the waitlist pane.

use crate::domain::Action;
use crate::tui::panes::Ctx;
use crate::tui::panes::waitlist::{Msg, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(state: &State, ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    if !ctx.may(Action::Sell) || key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    if state.confirm_remove.is_some() {
        // y / н (the same key on a Russian layout) confirms
        return Some(match key.code {
            KeyCode::Char(c) if super::is_yes(c) => Msg::Yes,
            _ => Msg::No,
        });
    }
    if state.booked.is_some() {
        // the booked screen of an accepted offer; v is м on a Russian layout
        return match key.code {
            KeyCode::Esc | KeyCode::Enter => Some(Msg::Back),
            KeyCode::Char('v' | 'V' | 'м' | 'М') => Some(Msg::ShowQr),
            _ => None,
        };
    }
    // letters also on a Russian layout: ф a, ы s, в d, з p, к r
    Some(match key.code {
        KeyCode::Up => Msg::Up,
        KeyCode::Down => Msg::Down,
        KeyCode::Left | KeyCode::PageUp | KeyCode::Char('[' | 'х') => Msg::PrevDeparture,
        KeyCode::Right | KeyCode::PageDown | KeyCode::Char(']' | 'ъ') => Msg::NextDeparture,
        KeyCode::Enter | KeyCode::Char('a' | 'ф') => Msg::Accept,
        KeyCode::Char('s' | 'ы') => Msg::Skip,
        KeyCode::Delete | KeyCode::Char('d' | 'в') => Msg::Remove,
        KeyCode::Char('p' | 'з') => Msg::Payment,
        KeyCode::Char('r' | 'к') => Msg::Refresh,
        _ => return None,
    })
}
