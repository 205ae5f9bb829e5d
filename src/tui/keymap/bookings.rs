//! Keys of the Bookings pane. The search field takes every printable key
//! (a phone, a name in either alphabet); a card's actions are letters, also
//! where they sit on the Russian layout (з p, к r, ч x, е t, м v, ь m,
//! с c, у e, ф a, в d). Changing: `c` the contact, `e` a person, `a` add
//! one, `d` or Delete remove one. In a form that chooses a person the
//! digits choose (the global digit keys are off while a form is open).
//!
//! The parties to rebook: Tab switches between the departures and the
//! parties, Space (or Enter on a departure) chooses one, `a` (ф) moves all
//! that fit, `m` (ь) one party, `R`/`C` (К/С) refund or credit it, Enter its
//! card, `r` (к) reloads, Esc back to the search.

use crate::domain::Action;
use crate::tui::panes::Ctx;
use crate::tui::panes::bookings::parties::{Focus, Key, Parties};
use crate::tui::panes::bookings::{CardAction, Form, FormKey, Msg, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(state: &State, ctx: &Ctx, key: &KeyEvent) -> Option<Msg> {
    if !ctx.may(Action::Sell) || key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    if let Some(form) = &state.form {
        return form_key(form, key).map(Msg::Form);
    }
    if state.card.is_none()
        && let Some(p) = &state.parties
    {
        return parties_key(p, key).map(Msg::Rebooking);
    }
    if state.card.is_none() {
        return Some(match key.code {
            KeyCode::Char(c) => Msg::Type(c),
            KeyCode::Backspace => Msg::Backspace,
            KeyCode::Esc if !state.query.is_empty() => Msg::Clear,
            KeyCode::Up => Msg::Up,
            KeyCode::Down => Msg::Down,
            KeyCode::Enter => Msg::Open,
            _ => return None,
        });
    }
    Some(match key.code {
        KeyCode::Esc | KeyCode::Backspace => Msg::Back,
        KeyCode::Char('/' | '.') => Msg::Search,
        KeyCode::Up => Msg::Scroll(-1),
        KeyCode::Down => Msg::Scroll(1),
        KeyCode::PageUp => Msg::Scroll(-10),
        KeyCode::PageDown => Msg::Scroll(10),
        KeyCode::Char('p' | 'з') => Msg::Act(CardAction::Pay),
        KeyCode::Char('r' | 'к') => Msg::Act(CardAction::Refund),
        KeyCode::Char('x' | 'ч') => Msg::Act(CardAction::Cancel),
        KeyCode::Char('t' | 'е') => Msg::Act(CardAction::Reprint),
        KeyCode::Char('v' | 'м') => Msg::Act(CardAction::Qr),
        KeyCode::Char('m' | 'ь') => Msg::Act(CardAction::Move),
        KeyCode::Char('c' | 'с') => Msg::Act(CardAction::Contact),
        KeyCode::Char('e' | 'у') => Msg::Act(CardAction::EditPerson),
        KeyCode::Char('a' | 'ф') => Msg::Act(CardAction::AddPerson),
        KeyCode::Char('d' | 'в') | KeyCode::Delete => Msg::Act(CardAction::RemovePerson),
        KeyCode::Char('R' | 'К') if state.rebook_case().is_some() => Msg::Act(CardAction::RebookRefund),
        KeyCode::Char('C' | 'С') if state.rebook_case().is_some() => Msg::Act(CardAction::RebookCredit),
        _ => return None,
    })
}

fn form_key(form: &Form, key: &KeyEvent) -> Option<FormKey> {
    match form {
        // a question: y (н) yes, anything else no
        Form::Cancel(_) | Form::Reprint { .. } | Form::Rebook(_) | Form::Voucher(_) | Form::Remove(_) => {
            Some(match key.code {
                KeyCode::Char(c) if super::is_yes(c) => FormKey::Yes,
                _ => FormKey::No,
            })
        }
        // a list of people: a digit or ↑↓ Enter
        Form::Pick(_) => Some(match key.code {
            KeyCode::Char(c) => FormKey::Char(c),
            KeyCode::Up | KeyCode::BackTab => FormKey::Left,
            KeyCode::Down | KeyCode::Tab => FormKey::Right,
            KeyCode::Enter => FormKey::Submit,
            KeyCode::Esc => FormKey::Cancel,
            _ => return None,
        }),
        // the server's price on screen: a question
        Form::Person(f) if f.quote.is_some() || f.quoting => Some(match key.code {
            KeyCode::Char(c) if super::is_yes(c) => FormKey::Yes,
            _ => FormKey::No,
        }),
        // fields: Tab or ↑↓ the next, ←→ a choice, Enter send
        Form::Pay(_) | Form::Refund(_) | Form::Person(_) | Form::Contact(_) => Some(match key.code {
            KeyCode::Char(c) => FormKey::Char(c),
            KeyCode::Backspace => FormKey::Backspace,
            KeyCode::Tab | KeyCode::Down | KeyCode::BackTab | KeyCode::Up => FormKey::Next,
            KeyCode::Left => FormKey::Left,
            KeyCode::Right => FormKey::Right,
            KeyCode::Enter => FormKey::Submit,
            KeyCode::Esc => FormKey::Cancel,
            _ => return None,
        }),
        // a picker, then a question: ↑↓ choose, Enter quote, y move, n/Esc back
        Form::Move(_) => Some(match key.code {
            KeyCode::Char(c) if super::is_yes(c) => FormKey::Yes,
            KeyCode::Up | KeyCode::BackTab => FormKey::Left,
            KeyCode::Down | KeyCode::Tab => FormKey::Right,
            KeyCode::Enter => FormKey::Submit,
            KeyCode::Esc | KeyCode::Char('n' | 'т') => FormKey::Cancel,
            _ => return None,
        }),
    }
}

fn parties_key(p: &Parties, key: &KeyEvent) -> Option<Key> {
    if p.ask.is_some() {
        // a question: y (н) yes, anything else no
        return Some(match key.code {
            KeyCode::Char(c) if super::is_yes(c) => Key::Yes,
            _ => Key::No,
        });
    }
    Some(match key.code {
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Tab | KeyCode::BackTab => Key::Switch,
        KeyCode::Char(' ') => Key::Choose,
        KeyCode::Enter if p.focus == Focus::Alternatives => Key::Choose,
        KeyCode::Enter => Key::Open,
        KeyCode::Char('a' | 'ф') => Key::MoveAll,
        KeyCode::Char('m' | 'ь') => Key::Move,
        KeyCode::Char('R' | 'К') => Key::Refund,
        KeyCode::Char('C' | 'С') => Key::Credit,
        KeyCode::Char('r' | 'к') => Key::Reload,
        KeyCode::Esc | KeyCode::Backspace => Key::Back,
        _ => return None,
    })
}
