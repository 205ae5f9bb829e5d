//! Keys of the walk-in pane. Fields take text, so the hold's keys are
//! control chords and function keys.

use crate::domain::Action;
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::{Msg, State, Step};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(state: &State, ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    if !ctx.may(Action::Sell) {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let held = state.holding();
    let people = matches!(state.step, Step::Details | Step::Participants);
    // the same chords on a Russian layout: у is e, к is r, в is d
    match key.code {
        KeyCode::F(7) if held => return Some(Msg::Extend),
        KeyCode::F(8) if held => return Some(Msg::Release),
        KeyCode::F(9) if people => return Some(Msg::Participants),
        KeyCode::Char('e' | 'у') if ctrl && held => return Some(Msg::Extend),
        KeyCode::Char('r' | 'к') if ctrl && held => return Some(Msg::Release),
        KeyCode::Char('d' | 'в') if ctrl && people => return Some(Msg::Participants),
        _ => {}
    }
    if ctrl || key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    Some(match key.code {
        KeyCode::Up => Msg::Up,
        KeyCode::Down => Msg::Down,
        KeyCode::PageUp => Msg::PageUp,
        KeyCode::PageDown => Msg::PageDown,
        KeyCode::Home => Msg::Home,
        KeyCode::End => Msg::End,
        KeyCode::Enter => Msg::Enter,
        KeyCode::Tab => Msg::Tab,
        KeyCode::BackTab => Msg::BackTab,
        KeyCode::Backspace if state.typing() => Msg::Backspace,
        // Esc on the list is the app's (it clears the notice)
        KeyCode::Esc if state.step != Step::Pick => Msg::Esc,
        // v on a Russian layout is м
        KeyCode::Char('v' | 'V' | 'м' | 'М') if state.step == Step::Done => Msg::ShowQr,
        KeyCode::Char(c) if state.typing() => Msg::Char(c),
        _ => return None,
    })
}
