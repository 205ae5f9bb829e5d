//! Keys of the check-in pane. A scanner types like a keyboard, so every
//! printable key is first taken by `capture` and timed: a burst becomes a
//! scan, a person's key press comes back ~80 ms later through `key`.

use crate::tui::panes::Ctx;
use crate::tui::panes::checkin::{Modal, Move, Msg, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Instant;

pub fn key(state: &State, ctx: &Ctx, key: &KeyEvent, _at: Instant) -> Option<Msg> {
    if !ctx.may(crate::domain::Action::CheckIn) {
        return None;
    }
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let Some(m) = moves(key) {
        return Some(Msg::Move(m));
    }
    match &state.modal {
        Modal::None if state.returns.is_some() => returns(key, plain),
        Modal::Undo(_) | Modal::Pay(_) | Modal::LeftNote(..) => match key.code {
            KeyCode::Esc => Some(Msg::Back),
            KeyCode::Enter => Some(Msg::Enter),
            KeyCode::Backspace => Some(Msg::Backspace),
            KeyCode::Tab | KeyCode::BackTab => Some(Msg::Tab),
            KeyCode::Char(c) if plain => Some(Msg::Input(c)),
            _ => None,
        },
        Modal::Search | Modal::Image(_) | Modal::Prepare(_) => match key.code {
            KeyCode::Esc => Some(Msg::Back),
            KeyCode::Enter => Some(Msg::Enter),
            KeyCode::Backspace => Some(Msg::Backspace),
            KeyCode::Char(c) if plain => Some(Msg::Input(c)),
            _ => None,
        },
        Modal::Confirm(_) => match key.code {
            KeyCode::Char(c) if plain => match command(c) {
                'y' => Some(Msg::Answer(true)),
                'n' => Some(Msg::Answer(false)),
                _ => None,
            },
            KeyCode::Esc => Some(Msg::Answer(false)),
            _ => None,
        },
        Modal::Picker(_) => match key.code {
            KeyCode::Esc => Some(Msg::Back),
            KeyCode::Enter => Some(Msg::Enter),
            _ => None,
        },
        Modal::None => match key.code {
            KeyCode::Esc if !state.query.is_empty() => Some(Msg::Back),
            KeyCode::Enter => Some(Msg::Enter),
            KeyCode::Char(c) if plain => match command(c) {
                '/' | 'f' => Some(Msg::OpenSearch),
                'b' => Some(Msg::CheckInBooking),
                'u' => Some(Msg::Undo),
                'n' => Some(Msg::ToggleNoShow),
                'm' => Some(Msg::TakePayment),
                'e' => Some(Msg::Everyone),
                'c' => Some(Msg::CloseCheckIn),
                'o' => Some(Msg::Reopen),
                'd' => Some(Msg::OpenPicker),
                'i' => Some(Msg::OpenImage),
                'p' => Some(Msg::Prepare),
                'r' => Some(Msg::Release),
                'v' => Some(Msg::Review),
                'R' => Some(Msg::Returns),
                's' => Some(Msg::NextStop),
                _ => None,
            },
            _ => None,
        },
    }
}

/// The return mode's keys (the scanner's bursts are taken before these).
fn returns(key: &KeyEvent, plain: bool) -> Option<Msg> {
    match key.code {
        KeyCode::Esc => Some(Msg::Back),
        KeyCode::Enter => Some(Msg::Enter),
        KeyCode::Char(' ') => Some(Msg::Enter),
        KeyCode::Char(c) if plain => match command(c) {
            'R' => Some(Msg::Returns),
            'e' => Some(Msg::Everyone),
            'l' => Some(Msg::LeftGroup),
            'm' => Some(Msg::Muster),
            '/' | 'f' => Some(Msg::OpenSearch),
            'd' => Some(Msg::OpenPicker),
            _ => None,
        },
        _ => None,
    }
}

fn moves(key: &KeyEvent) -> Option<Move> {
    Some(match key.code {
        KeyCode::Up => Move::Up,
        KeyCode::Down => Move::Down,
        KeyCode::PageUp => Move::PageUp,
        KeyCode::PageDown => Move::PageDown,
        KeyCode::Home => Move::Home,
        KeyCode::End => Move::End,
        _ => return None,
    })
}

/// A command letter pressed with the Russian layout active (г for u, . for /).
fn command(c: char) -> char {
    if c == '.' {
        return '/';
    }
    crate::ticket::input::normalize(&c.to_string())
        .chars()
        .next()
        .map_or(c, |l| if c.is_uppercase() { l } else { l.to_ascii_lowercase() })
}

/// Keys the pane takes before anything else: the characters of a scanner
/// burst (which look like any other typing until timing tells them apart),
/// and while a burst is collected, every key (so order is kept).
pub fn capture(state: &State, key: &KeyEvent, at: Instant) -> Option<Msg> {
    let chord = key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    let take = match key.code {
        KeyCode::Char(c) if !chord && !c.is_control() => true,
        _ => state.scan_pending(),
    };
    take.then_some(Msg::ScanKey(*key, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_layout_commands() {
        assert_eq!(command('г'), 'u');
        assert_eq!(command('т'), 'n');
        assert_eq!(command('.'), '/');
        assert_eq!(command('u'), 'u');
        assert_eq!(command('н'), 'y');
        // the field keys: prepare, release, review
        assert_eq!(command('з'), 'p');
        assert_eq!(command('к'), 'r');
        assert_eq!(command('м'), 'v');
        // take payment
        assert_eq!(command('ь'), 'm');
        // the return mode: R, left the group
        assert_eq!(command('К'), 'R');
        assert_eq!(command('д'), 'l');
        // the next pickup stop
        assert_eq!(command('ы'), 's');
    }
}
