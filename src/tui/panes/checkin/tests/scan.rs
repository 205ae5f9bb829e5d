//! Scanner bursts against a person's key presses, with synthetic instants.

use super::*;
use crate::booking::{CheckInMethod, CheckInSubject};
use crate::tui::action::{Action, Timer};
use crate::tui::app::{App, Config, Screen};
use crate::tui::keymap::checkin::{capture, key};
use crate::tui::panes::PaneId;
use crate::tui::panes::checkin::Modal;
use crossterm::event::{KeyCode, KeyEvent};
use std::time::{Duration, Instant};

fn ms(t0: Instant, n: u64) -> Instant {
    t0 + Duration::from_millis(n)
}

/// Types `text` through `capture` as a scanner would: one key every `gap`
/// ms from `start`. Returns the outbox and the instant of the last key.
fn type_keys(s: &mut State, keys: &[KeyEvent], start: Instant, gap: u64) -> (Outbox, Instant) {
    let mut out = Outbox::default();
    let mut at = start;
    for (i, k) in keys.iter().enumerate() {
        at = ms(start, i as u64 * gap);
        let msg = capture(s, k, at).expect("the pane takes the key first");
        s.update(&guide(), msg, &mut out);
    }
    (out, at)
}

fn keys_of(text: &str) -> Vec<KeyEvent> {
    text.chars().map(testing::typed).collect()
}

/// What a scanner types for `text` with the Russian layout active
/// (as tests/common's `typed_in_russian_layout`, keeping the case).
fn typed_in_russian_layout(text: &str) -> String {
    let qwerty = "qwertyuiopasdfghjklzxcvbnm";
    let russian: Vec<char> = "йцукенгшщзфывапролдячсмить".chars().collect();
    text.chars()
        .map(|c| match qwerty.find(c.to_ascii_lowercase()) {
            Some(i) if c.is_uppercase() => russian[i].to_uppercase().next().unwrap_or(c),
            Some(i) => russian[i],
            None => c,
        })
        .collect()
}

#[test]
fn a_burst_without_enter_is_one_scan_after_the_silence() {
    let mut s = loaded();
    let t0 = Instant::now();
    let c = code('A');
    let (out, last) = type_keys(&mut s, &keys_of(&c), t0, 2);
    assert!(check_ins(&out.cmds).is_empty(), "nothing before the silence");
    assert!(out.replay.is_empty());
    assert!(
        out.cmds
            .iter()
            .any(|c| matches!(c, Cmd::Later(d, Timer::ScanIdle) if *d == Duration::from_millis(80))),
        "each key asks for the silence timer"
    );
    // a timer of an earlier key comes while the burst goes on: still nothing
    let mut out = Outbox::default();
    s.update(&guide(), Msg::ScanIdle(ms(last, 40)), &mut out);
    assert!(check_ins(&out.cmds).is_empty());

    let mut out = Outbox::default();
    s.update(&guide(), Msg::ScanIdle(ms(last, 81)), &mut out);
    let reqs = check_ins(&out.cmds);
    assert_eq!(reqs.len(), 1);
    assert!(matches!(&reqs[0].subject, CheckInSubject::Code(x) if *x == c));
    assert_eq!(reqs[0].departure, Some(DEP));
    assert_eq!(reqs[0].method, CheckInMethod::Qr);
    assert_eq!(reqs[0].occurred_at, testing::now());
    assert_eq!(reqs[0].location, "Office, Leninskaya 26");
    assert!(out.replay.is_empty(), "a scan is not given back as keys");
    assert!(matches!(&s.panel, super::super::Panel::Checking(x) if *x == c));
    assert_eq!(s.checking.len(), 1);
}

#[test]
fn a_burst_ended_by_enter_is_sent_at_once() {
    let mut s = loaded();
    let t0 = Instant::now();
    let mut keys = keys_of(&code('B'));
    keys.push(testing::code(KeyCode::Enter));
    let (out, _) = type_keys(&mut s, &keys, t0, 2);
    let reqs = check_ins(&out.cmds);
    assert_eq!(reqs.len(), 1);
    assert!(matches!(&reqs[0].subject, CheckInSubject::Code(x) if *x == code('B')));
    assert!(out.replay.is_empty());
    assert!(!s.scan_pending());
}

#[test]
fn the_russian_layout_gives_the_same_code() {
    let mut s = loaded();
    let c = format!("TD1{}", "QWERTY234".repeat(15));
    let ru = typed_in_russian_layout(&c);
    assert!(ru.starts_with("ЕВ1ЙЦУКЕН"), "{ru}");
    let mut keys = keys_of(&ru);
    keys.push(testing::code(KeyCode::Enter));
    let (out, _) = type_keys(&mut s, &keys, Instant::now(), 3);
    let reqs = check_ins(&out.cmds);
    assert_eq!(reqs.len(), 1);
    assert!(matches!(&reqs[0].subject, CheckInSubject::Code(x) if *x == c));
}

#[test]
fn a_slow_person_pressing_u_gets_the_key_back() {
    let mut s = loaded();
    let t0 = Instant::now();
    let (out, _) = type_keys(&mut s, &[testing::key('u')], t0, 0);
    assert!(out.replay.is_empty() && check_ins(&out.cmds).is_empty());
    let mut out = Outbox::default();
    s.update(&guide(), Msg::ScanIdle(ms(t0, 80)), &mut out);
    assert_eq!(out.replay, vec![testing::key('u')]);
    assert!(calls(&out.cmds).is_empty(), "not a scan");
    // replayed, the key reaches the pane's own binding
    assert!(matches!(key(&s, &guide(), &testing::key('u'), t0), Some(Msg::Undo)));
}

#[test]
fn two_codes_back_to_back_are_two_calls_in_order() {
    let mut s = loaded();
    let (a, b) = (code('A'), code('B'));
    let (_, last) = type_keys(&mut s, &keys_of(&format!("{a}{b}")), Instant::now(), 2);
    let mut out = Outbox::default();
    s.update(&guide(), Msg::ScanIdle(ms(last, 100)), &mut out);
    let reqs = check_ins(&out.cmds);
    assert_eq!(reqs.len(), 2);
    assert!(matches!(&reqs[0].subject, CheckInSubject::Code(x) if *x == a));
    assert!(matches!(&reqs[1].subject, CheckInSubject::Code(x) if *x == b));
    assert_ne!(reqs[0].event_id, reqs[1].event_id);
    assert_eq!(s.checking.len(), 2);
}

#[test]
fn the_next_burst_after_a_pause_ends_the_previous_one() {
    let mut s = loaded();
    let t0 = Instant::now();
    let (_, last) = type_keys(&mut s, &keys_of(&code('A')), t0, 2);
    // the timer was lost; the next scan starts 300 ms later
    let (out, _) = type_keys(&mut s, &keys_of("TD1"), ms(last, 300), 2);
    assert_eq!(check_ins(&out.cmds).len(), 1);
    assert!(s.scan_pending());
}

#[test]
fn a_booking_number_burst_searches_the_manifest() {
    let mut s = loaded();
    let mut keys = keys_of(&typed_in_russian_layout("td-7kx9pq"));
    keys.push(testing::code(KeyCode::Enter));
    let (out, _) = type_keys(&mut s, &keys, Instant::now(), 2);
    assert!(calls(&out.cmds).is_empty());
    assert_eq!(s.modal, Modal::Search);
    assert_eq!(s.query, "TD-7KX9PQ");
    assert_eq!(s.visible().len(), 2);
}

#[test]
fn a_long_fast_burst_that_is_no_ticket_is_refused_not_replayed() {
    let mut s = loaded();
    let (_, last) = type_keys(&mut s, &keys_of("https://example.com/cye"), Instant::now(), 2);
    let mut out = Outbox::default();
    s.update(&guide(), Msg::ScanIdle(ms(last, 90)), &mut out);
    assert!(out.replay.is_empty(), "never run as commands");
    assert_eq!(check_ins(&out.cmds).len(), 1);
}

#[test]
fn typing_into_the_search_field_comes_back_as_keys() {
    let mut s = loaded();
    s.modal = Modal::Search;
    let (_, last) = type_keys(&mut s, &keys_of("ivanova"), Instant::now(), 30);
    let mut out = Outbox::default();
    s.update(&guide(), Msg::ScanIdle(ms(last, 90)), &mut out);
    assert_eq!(out.replay, keys_of("ivanova"));
    assert!(calls(&out.cmds).is_empty());
    // but a ticket scanned meanwhile is a scan
    let (out, _) = type_keys(
        &mut s,
        &[keys_of(&code('C')), vec![testing::code(KeyCode::Enter)]].concat(),
        ms(last, 500),
        2,
    );
    assert_eq!(check_ins(&out.cmds).len(), 1);
}

#[test]
fn another_key_while_a_burst_is_held_keeps_the_order() {
    let mut s = loaded();
    let t0 = Instant::now();
    let (_, _) = type_keys(&mut s, &[testing::key('a')], t0, 0);
    let down = testing::code(KeyCode::Down);
    let msg = capture(&s, &down, ms(t0, 20)).expect("held while a burst is pending");
    let mut out = Outbox::default();
    s.update(&guide(), msg, &mut out);
    assert_eq!(out.replay, vec![testing::key('a'), down]);
    // with nothing pending, other keys are not taken
    assert!(capture(&s, &down, ms(t0, 40)).is_none());
    assert!(capture(&s, &testing::code(KeyCode::Enter), ms(t0, 40)).is_none());
    assert!(capture(&s, &testing::ctrl('l'), ms(t0, 40)).is_none());
}

#[test]
fn a_pasted_code_is_a_scan() {
    let mut s = loaded();
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Pasted(format!("{}\r\n", code('D'))), &mut out);
    assert_eq!(check_ins(&out.cmds).len(), 1);
    // pasted into the path field, a path is text
    s.modal = Modal::Image(String::new());
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Pasted("/tmp/ticket.png".into()), &mut out);
    assert!(calls(&out.cmds).is_empty());
    assert_eq!(s.modal, Modal::Image("/tmp/ticket.png".into()));
}

fn kiosk() -> App {
    let config = Config {
        lang: crate::tui::strings::Lang::En,
        device: "gate-1".into(),
        tz: testing::TZ,
        currency: Some(crate::domain::money::Currency::RUB),
        idle_lock: Duration::ZERO,
    };
    let mut app = App::new(config, testing::now(), (80, 24));
    app.session = Some(crate::tui::action::Session {
        name: "Olga".into(),
        role: Role::Guide,
        offline: false,
        staff: None,
    });
    app.screen = Screen::Main;
    app.pane = PaneId::CheckIn;
    app.panes.checkin = loaded();
    app
}

#[test]
fn through_the_app_a_key_press_is_replayed_to_the_pane() {
    let mut app = kiosk();
    let t0 = Instant::now();
    // select Smith John (in) and press u like a person: the reason is asked
    let cmds = app.update(Action::Key(testing::key('u'), t0));
    assert!(calls(&cmds).is_empty());
    let cmds = app.update(Action::Timer(Timer::ScanIdle, ms(t0, 90)));
    assert!(calls(&cmds).is_empty());
    assert!(matches!(app.panes.checkin.modal, Modal::Undo(_)));
    // 1, the first reason, reaches the question once the silence tells it from a scan
    app.update(Action::Key(testing::key('1'), ms(t0, 200)));
    let cmds = app.update(Action::Timer(Timer::ScanIdle, ms(t0, 290)));
    assert!(
        matches!(
            calls(&cmds)[..],
            [Call::Undo {
                participant: ParticipantRef::Server(ParticipantId(11)),
                ..
            }]
        ),
        "{cmds:?}"
    );
    assert_eq!(app.pane, PaneId::CheckIn, "the digit answered the question");
    // a digit pressed alone still switches panes
    app.update(Action::Key(testing::key('1'), ms(t0, 400)));
    assert_eq!(app.pane, PaneId::CheckIn, "not before the silence");
    app.update(Action::Timer(Timer::ScanIdle, ms(t0, 490)));
    assert_eq!(app.pane, PaneId::Departures);
}

#[test]
fn through_the_app_a_scanner_burst_is_a_check_in() {
    let mut app = kiosk();
    let t0 = Instant::now();
    let mut cmds = Vec::new();
    for (i, c) in code('E').chars().enumerate() {
        cmds.extend(app.update(Action::Key(testing::typed(c), ms(t0, i as u64))));
    }
    cmds.extend(app.update(Action::Key(testing::code(KeyCode::Enter), ms(t0, 140))));
    assert_eq!(check_ins(&cmds).len(), 1);
    assert_eq!(app.pane, PaneId::CheckIn, "the digits of the code switched nothing");
    assert!(!app.quit);
}

#[test]
fn a_key_pressed_just_before_a_scan_stays_a_key() {
    let mut s = loaded();
    let c = code('G');
    let mut keys = vec![testing::key('5')];
    keys.extend(keys_of(&c));
    keys.push(testing::code(KeyCode::Enter));
    let (out, _) = type_keys(&mut s, &keys, Instant::now(), 2);
    assert_eq!(out.replay, vec![testing::key('5')]);
    let reqs = check_ins(&out.cmds);
    assert_eq!(reqs.len(), 1);
    assert!(matches!(&reqs[0].subject, CheckInSubject::Code(x) if *x == c));
}
