//! Keys of the conflict review shown after a sync.

use crate::tui::app::field::Review;
use crate::tui::panes::checkin::Move;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKey {
    Move(Move),
    /// mark the selected conflict resolved (asks for a note)
    Resolve,
    Close,
    // the note field
    Input(char),
    Backspace,
    Save,
    Cancel,
}

pub fn key(review: &Review, key: &KeyEvent) -> Option<ReviewKey> {
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if review.note.is_some() {
        return match key.code {
            KeyCode::Enter => Some(ReviewKey::Save),
            KeyCode::Esc => Some(ReviewKey::Cancel),
            KeyCode::Backspace => Some(ReviewKey::Backspace),
            KeyCode::Char(c) if plain && !c.is_control() => Some(ReviewKey::Input(c)),
            _ => None,
        };
    }
    let m = match key.code {
        KeyCode::Up => Move::Up,
        KeyCode::Down => Move::Down,
        KeyCode::PageUp => Move::PageUp,
        KeyCode::PageDown => Move::PageDown,
        KeyCode::Home => Move::Home,
        KeyCode::End => Move::End,
        KeyCode::Esc => return Some(ReviewKey::Close),
        // r, or the same key on a Russian layout
        KeyCode::Char('r' | 'к') if plain => return Some(ReviewKey::Resolve),
        _ => return None,
    };
    Some(ReviewKey::Move(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn r_resolves_esc_closes_and_the_note_takes_letters() {
        let mut review = Review::default();
        assert_eq!(key(&review, &k(KeyCode::Char('r'))), Some(ReviewKey::Resolve));
        assert_eq!(key(&review, &k(KeyCode::Char('к'))), Some(ReviewKey::Resolve));
        assert_eq!(key(&review, &k(KeyCode::Esc)), Some(ReviewKey::Close));
        assert_eq!(key(&review, &k(KeyCode::Down)), Some(ReviewKey::Move(Move::Down)));
        review.note = Some(String::new());
        assert_eq!(key(&review, &k(KeyCode::Char('r'))), Some(ReviewKey::Input('r')));
        assert_eq!(key(&review, &k(KeyCode::Esc)), Some(ReviewKey::Cancel));
        assert_eq!(key(&review, &k(KeyCode::Enter)), Some(ReviewKey::Save));
    }
}
