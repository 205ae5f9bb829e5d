//! Every key binding of the kiosk. Global keys here; each pane's keys in its
//! own file. A binding maps a key to a message — nothing else happens here.

pub mod bookings;
pub mod checkin;
pub mod dashboard;
pub mod departures;
pub mod occupancy;
pub mod review;
pub mod schedules;
pub mod shift;
pub mod waitlist;
pub mod walkin;

use super::panes::{Ctx, PaneId, PaneMsg, Panes};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Quit,
    Goto(PaneId),
    Help,
    Lock,
    /// the cash drawer's shift screen, over any pane
    Shift,
}

pub fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('с'))
}

/// Yes to a y/n question; `н` is where `y` sits on the Russian layout.
pub fn is_yes(c: char) -> bool {
    matches!(c, 'y' | 'Y' | 'н' | 'Н')
}

/// No to a y/n question; `т` is where `n` sits on the Russian layout.
pub fn is_no(c: char) -> bool {
    matches!(c, 'n' | 'N' | 'т' | 'Т')
}

/// Key presses only (terminals with the kitty protocol also report releases).
pub fn is_press(key: &KeyEvent) -> bool {
    key.kind != KeyEventKind::Release
}

/// Keys that work on every screen. While a field takes text, only the
/// function keys and control chords are global.
pub fn global(key: &KeyEvent, typing: bool) -> Option<Global> {
    if is_ctrl_c(key) {
        return Some(Global::Quit);
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::F(n @ 1..=6) => return Some(Global::Goto(PaneId::ALL[n as usize - 1])),
        KeyCode::Char('l') | KeyCode::Char('д') if ctrl => return Some(Global::Lock),
        _ => {}
    }
    if typing || ctrl || key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    match key.code {
        KeyCode::Char(c @ '1'..='7') => Some(Global::Goto(PaneId::ALL[c as usize - '1' as usize])),
        // the same keys on a Russian layout: й is q, , is ?
        KeyCode::Char('q') | KeyCode::Char('й') => Some(Global::Quit),
        KeyCode::Char('?') => Some(Global::Help),
        // after the seven tabs' digits, on both layouts
        KeyCode::Char('8') => Some(Global::Shift),
        _ => None,
    }
}

/// `/` (`.` where it sits on the Russian layout): the Bookings search, from
/// a pane that does not bind the key itself (check-in searches its manifest
/// with it). Not a global key: the pane's own binding comes first.
pub fn is_find(key: &KeyEvent) -> bool {
    key.modifiers.difference(KeyModifiers::SHIFT).is_empty() && matches!(key.code, KeyCode::Char('/' | '.'))
}

/// The visible pane's binding for a key, if it has one.
pub fn pane(pane: PaneId, panes: &Panes, ctx: &Ctx, key: &KeyEvent, at: Instant) -> Option<PaneMsg> {
    match pane {
        PaneId::Departures => departures::key(&panes.departures, ctx, key).map(PaneMsg::Departures),
        PaneId::Occupancy => occupancy::key(&panes.occupancy, ctx, key).map(PaneMsg::Occupancy),
        PaneId::Walkin => walkin::key(&panes.walkin, ctx, key).map(PaneMsg::Walkin),
        PaneId::Waitlist => waitlist::key(&panes.waitlist, ctx, key).map(PaneMsg::Waitlist),
        PaneId::CheckIn => checkin::key(&panes.checkin, ctx, key, at).map(PaneMsg::CheckIn),
        PaneId::Dashboard => dashboard::key(&panes.dashboard, ctx, key).map(PaneMsg::Dashboard),
        PaneId::Bookings => bookings::key(&panes.bookings, ctx, key).map(PaneMsg::Bookings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn digits_and_function_keys_switch_panes() {
        assert_eq!(
            global(&k(KeyCode::Char('3')), false),
            Some(Global::Goto(PaneId::Walkin))
        );
        assert_eq!(global(&k(KeyCode::F(5)), false), Some(Global::Goto(PaneId::CheckIn)));
        // typing a phone number must not switch screens; F-keys still do
        assert_eq!(global(&k(KeyCode::Char('3')), true), None);
        assert_eq!(global(&k(KeyCode::F(6)), true), Some(Global::Goto(PaneId::Dashboard)));
    }

    #[test]
    fn seven_is_bookings_and_slash_finds_but_f7_stays_the_walk_ins() {
        assert_eq!(
            global(&k(KeyCode::Char('7')), false),
            Some(Global::Goto(PaneId::Bookings))
        );
        // F7 extends a walk-in's hold, even while a name is typed
        assert_eq!(global(&k(KeyCode::F(7)), false), None);
        // `/` is not global: a pane that binds it keeps it (the app sends it on)
        assert_eq!(global(&k(KeyCode::Char('/')), false), None);
        assert!(is_find(&k(KeyCode::Char('/'))) && is_find(&k(KeyCode::Char('.'))));
    }

    #[test]
    fn quit_keys() {
        assert_eq!(global(&k(KeyCode::Char('q')), false), Some(Global::Quit));
        assert_eq!(global(&k(KeyCode::Char('й')), false), Some(Global::Quit));
        assert_eq!(global(&k(KeyCode::Char('q')), true), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(global(&ctrl_c, true), Some(Global::Quit));
    }
}
