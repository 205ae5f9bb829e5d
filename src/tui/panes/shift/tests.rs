//! The shift screen: the walk-in's prompt once per login, the forms'
//! keys and calls, the count's live over/short, the manager's PIN going to
//! the service (never a staff id), and how it looks at 80×24 and 120×40.

use super::*;
use crate::booking::Shift;
use crate::domain::{DenominationKind, ErrorCode, Role};
use crate::tui::action::Cmd;
use crate::tui::keymap::shift::key;
use crate::tui::testing::{self, code, ctx, draw, find, now, text};
use crate::tui::theme;
use crossterm::event::KeyCode;

pub(super) fn shift(status: ShiftStatus) -> Shift {
    Shift {
        shift_id: ShiftId(3),
        device: "desk-1".into(),
        currency: "RUB".into(),
        status,
        z_number: (status == ShiftStatus::Approved).then_some(1),
        opened_by: "Dina Desk".into(),
        opened_at: now() - chrono::TimeDelta::hours(2),
        closed_by: String::new(),
        closed_at: None,
        approved_by: String::new(),
        approved_at: None,
    }
}

pub(super) fn line(method: PaymentMethod, expected: i64, counted: Option<i64>) -> TallyLine {
    let cash = method == PaymentMethod::Cash;
    TallyLine {
        currency: "RUB".into(),
        method,
        float_minor: if cash { 500_000 } else { 0 },
        cash_in_minor: 0,
        cash_out_minor: if cash { 20_000 } else { 0 },
        payments: 1,
        payments_minor: if cash { 750_000 } else { expected },
        refunds: 0,
        refunds_minor: 0,
        expected_minor: expected,
        counted_minor: counted,
        over_short_minor: counted.map(|c| c - expected),
    }
}

pub(super) fn open_state() -> ShiftState {
    ShiftState {
        shift: shift(ShiftStatus::Open),
        tally: vec![
            line(PaymentMethod::Cash, 1_230_000, None),
            line(PaymentMethod::Card, 300_000, None),
        ],
    }
}

pub(super) fn rub() -> Vec<Denomination> {
    [
        (500_000, DenominationKind::Note),
        (200_000, DenominationKind::Note),
        (100_000, DenominationKind::Note),
        (50_000, DenominationKind::Note),
        (20_000, DenominationKind::Note),
        (10_000, DenominationKind::Note),
        (5_000, DenominationKind::Note),
        (1_000, DenominationKind::Note),
        (500, DenominationKind::Coin),
        (200, DenominationKind::Coin),
        (100, DenominationKind::Coin),
        (50, DenominationKind::Coin),
        (10, DenominationKind::Coin),
    ]
    .into_iter()
    .map(|(v, k)| Denomination {
        value_minor: v,
        kind: k,
    })
    .collect()
}

pub(super) fn shown(st: Option<ShiftState>) -> State {
    let c = ctx(Role::Desk);
    let mut s = State::default();
    let mut out = Outbox::default();
    s.update(&c, Msg::Show, &mut out);
    let result = Ok(st.map(|st| (st, rub())));
    s.update(
        &c,
        Msg::Status {
            prompt: false,
            result: Box::new(result),
        },
        &mut out,
    );
    s
}

pub(super) fn press(s: &mut State, k: crossterm::event::KeyEvent) -> Outbox {
    let c = ctx(Role::Desk);
    let mut out = Outbox::default();
    if let Some(msg) = key(s, &k) {
        s.update(&c, msg, &mut out);
    }
    out
}

pub(super) fn typed(s: &mut State, text: &str) {
    for ch in text.chars() {
        press(s, testing::key(ch));
    }
}

pub(super) fn calls(out: &Outbox) -> Vec<Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Shift(c)) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

/// The trial's phone search typed as a float: keys on the pane while the
/// question is on its way keep the form away; a notice says how to open one.
#[test]
fn keys_typed_while_the_question_is_on_its_way_get_a_notice_not_the_float_form() {
    let desk = ctx(Role::Desk);
    let mut s = State::default();
    s.before_sale(&desk, &mut Outbox::default());
    s.key_elsewhere();
    let mut out = Outbox::default();
    let result = Box::new(Ok(None));
    s.update(&desk, Msg::Status { prompt: true, result }, &mut out);
    assert!(!s.visible, "{:?}", s.mode);
    assert_eq!(
        out.notice.as_ref().map(|n| n.text.as_str()),
        Some(desk.text.shift.prompt_later)
    );
    // asked once: the next visit does not ask again, and later keys change nothing
    s.key_elsewhere();
    assert!(!s.typed_while_asking);
    let mut out = Outbox::default();
    s.before_sale(&desk, &mut out);
    assert!(out.cmds.is_empty());
    // a key before the question was sent does not count
    let mut s = State::default();
    s.key_elsewhere();
    s.before_sale(&desk, &mut Outbox::default());
    let result = Box::new(Ok(None));
    s.update(&desk, Msg::Status { prompt: true, result }, &mut Outbox::default());
    assert!(s.visible && matches!(s.mode, Mode::Open { .. }), "{:?}", s.mode);
}

#[test]
fn the_walk_in_asks_for_a_shift_once_per_login_and_never_a_guide() {
    let desk = ctx(Role::Desk);
    let mut s = State::default();
    let mut out = Outbox::default();
    s.before_sale(&desk, &mut out);
    assert!(matches!(calls(&out)[..], [Call::Status { prompt: true }]));
    // no open shift: the screen opens asking for the float
    s.update(
        &desk,
        Msg::Status {
            prompt: true,
            result: Box::new(Ok(None)),
        },
        &mut out,
    );
    assert!(s.visible && matches!(s.mode, Mode::Open { .. }), "{:?}", s.mode);
    assert_eq!(
        out.notice.as_ref().map(|n| n.text.as_str()),
        Some(desk.text.shift.prompt)
    );
    // Esc: sell without one — one key back to the sale; the next sale does not ask again
    press(&mut s, code(KeyCode::Esc));
    assert!(!s.visible && !s.prompted, "{:?}", s.mode);
    let mut out = Outbox::default();
    s.before_sale(&desk, &mut out);
    assert!(out.cmds.is_empty());
    // an open shift found: no screen at all
    let mut s = State::default();
    s.before_sale(&desk, &mut Outbox::default());
    let result = Box::new(Ok(Some((open_state(), rub()))));
    s.update(&desk, Msg::Status { prompt: true, result }, &mut Outbox::default());
    assert!(!s.visible);
    // a guide (who does not sell: a guide's laptop) is not asked
    let mut s = State::default();
    let mut out = Outbox::default();
    s.before_sale(&ctx(Role::Guide), &mut out);
    assert!(out.cmds.is_empty() && !s.asked);
    // the question failing (the database gone) asks again next time, quietly
    let mut s = State::default();
    s.before_sale(&desk, &mut Outbox::default());
    let gone = UiError {
        code: ErrorCode::DbUnavailable,
        message: "gone".into(),
    };
    let mut out = Outbox::default();
    s.update(
        &desk,
        Msg::Status {
            prompt: true,
            result: Box::new(Err(gone)),
        },
        &mut out,
    );
    assert!(!s.asked && out.notice.is_none());
}

#[test]
fn opening_sends_the_float_in_minor_units_and_keeps_its_key_for_a_retry() {
    let mut s = shown(None);
    press(&mut s, testing::key('o'));
    typed(&mut s, "5000.50");
    let out = press(&mut s, code(KeyCode::Enter));
    let [Call::Open { float_minor, key }] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(float_minor, 500_050);
    // the outcome unknown: the retry sends the same key
    s.sending = false;
    let again = press(&mut s, code(KeyCode::Enter));
    assert!(matches!(calls(&again)[..], [Call::Open { key: k, .. }] if k == key));
    // not an amount: said, nothing sent
    let mut s = shown(None);
    press(&mut s, testing::key('o'));
    typed(&mut s, "5.5.5");
    let out = press(&mut s, code(KeyCode::Enter));
    assert!(calls(&out).is_empty() && out.notice.is_some());
    // the form opened by `o` (not the walk-in's question): Esc backs out to the status
    press(&mut s, code(KeyCode::Esc));
    assert!(s.visible && matches!(s.mode, Mode::Status), "{:?}", s.mode);
}

#[test]
fn cash_out_needs_an_amount_and_a_reason() {
    let mut s = shown(Some(open_state()));
    press(&mut s, testing::key('-'));
    typed(&mut s, "200");
    let out = press(&mut s, code(KeyCode::Enter));
    assert!(calls(&out).is_empty(), "no reason yet");
    assert!(matches!(s.mode, Mode::Cash { on_reason: true, .. }));
    typed(&mut s, "fuel for the bus");
    let out = press(&mut s, code(KeyCode::Enter));
    let [
        Call::Cash {
            kind,
            amount_minor,
            reason,
            ..
        },
    ] = &calls(&out)[..]
    else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(
        (*kind, *amount_minor, reason.as_str()),
        (CashMoveKind::Out, 20_000, "fuel for the bus")
    );
}

#[test]
fn the_count_shows_over_and_short_as_it_is_typed_and_closes_after_a_yes() {
    let mut s = shown(Some(open_state()));
    press(&mut s, testing::key('c'));
    // 2 × 5 000 ₽ = 10 000 ₽ of 12 300 ₽ expected: short 2 300 ₽
    typed(&mut s, "2");
    let cash = |s: &State| s.live().into_iter().find(|l| l.method == PaymentMethod::Cash).unwrap();
    assert_eq!(
        (cash(&s).counted_minor, cash(&s).over_short_minor),
        (1_000_000, -230_000)
    );
    // ↓↓↓↓↓ to 100 ₽: 23 of them make it exact
    for _ in 0..5 {
        press(&mut s, code(KeyCode::Down));
    }
    typed(&mut s, "23");
    assert_eq!(cash(&s).over_short_minor, 0);
    // a card is not counted: its ledger sum is what it is
    let card = s.live().into_iter().find(|l| l.method == PaymentMethod::Card).unwrap();
    assert_eq!((card.counted_minor, card.over_short_minor), (300_000, 0));
    // Enter asks first; n goes back to the count
    let out = press(&mut s, code(KeyCode::Enter));
    assert!(calls(&out).is_empty() && matches!(s.mode, Mode::Count { confirm: true, .. }));
    press(&mut s, testing::key('n'));
    assert!(matches!(s.mode, Mode::Count { confirm: false, .. }));
    press(&mut s, code(KeyCode::Enter));
    let out = press(&mut s, testing::key('y'));
    let [Call::Close { counts, .. }] = &calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(counts.len(), 13, "every note and coin, 0 for those not typed");
    assert!(counts.contains(&(500_000, 2)) && counts.contains(&(10_000, 23)) && counts.contains(&(10, 0)));
}

#[test]
fn a_manager_pin_approves_on_the_same_screen_or_it_stays_awaiting() {
    let c = ctx(Role::Desk);
    let mut s = shown(Some(open_state()));
    press(&mut s, testing::key('c'));
    let mut out = Outbox::default();
    let mut closed = shift(ShiftStatus::AwaitingApproval);
    closed.closed_at = Some(now());
    let tally = vec![line(PaymentMethod::Cash, 1_230_000, Some(1_230_000))];
    let w = ShiftWritten {
        shift: closed.clone(),
        replayed: false,
    };
    s.update(&c, Msg::Closed(Box::new(Ok((w, tally)))), &mut out);
    assert!(matches!(s.mode, Mode::Approve { .. }), "{:?}", s.mode);
    assert!(!s.asked, "the next walk-in asks for a new shift");
    typed(&mut s, "9157");
    let out = press(&mut s, code(KeyCode::Enter));
    let [Call::Approve { pin, shift, .. }] = &calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!((pin.as_str(), *shift), ("9157", ShiftId(3)));
    // a desk clerk's PIN: said, and the PIN asked again
    let mut out = Outbox::default();
    let no = UiError {
        code: ErrorCode::Forbidden,
        message: "no".into(),
    };
    s.update(&c, Msg::Approved(Box::new(Err(no))), &mut out);
    assert_eq!(out.notice.map(|n| n.text), Some(c.text.shift.not_a_manager.to_string()));
    assert!(matches!(&s.mode, Mode::Approve { pin, .. } if pin.is_empty()));
    // Esc leaves it awaiting approval: the status shows it, `a` comes back
    press(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Status);
    assert_eq!(
        s.shift.as_ref().map(|x| x.shift.status),
        Some(ShiftStatus::AwaitingApproval)
    );
    press(&mut s, testing::key('a'));
    assert!(matches!(s.mode, Mode::Approve { .. }));
    // approved: the Z-report
    let mut approved = closed;
    approved.status = ShiftStatus::Approved;
    approved.z_number = Some(1);
    let report = ZReport {
        shift: approved,
        by_method: vec![line(PaymentMethod::Cash, 1_230_000, Some(1_230_000))],
        by_tour: Vec::new(),
        by_staff: Vec::new(),
        cash_moves: Vec::new(),
    };
    s.update(&c, Msg::Approved(Box::new(Ok(report))), &mut Outbox::default());
    assert!(matches!(s.mode, Mode::Report(_)) && s.shift.is_none());
}

#[test]
fn shift_screen_80x24_and_120x40() {
    let c = ctx(Role::Desk);
    let s = shown(Some(open_state()));
    insta::assert_snapshot!(
        "shift_status_80x24",
        text(&draw(80, 24, |a, b| view::render(&s, &c, a, b)))
    );
    let mut s = shown(Some(open_state()));
    press(&mut s, testing::key('c'));
    typed(&mut s, "2");
    insta::assert_snapshot!(
        "shift_count_80x24",
        text(&draw(80, 24, |a, b| view::render(&s, &c, a, b)))
    );
    let buf = draw(120, 40, |a, b| view::render(&s, &c, a, b));
    insta::assert_snapshot!("shift_count_120x40", text(&buf));
    // short in red, the card's exact in green, the row being typed reversed
    let short = find(&buf, "short").expect("short");
    assert_eq!(testing::fg(&buf, short), theme::REJECTED);
    let exact = find(&buf, "exact").expect("exact");
    assert_eq!(testing::fg(&buf, exact), theme::ADMITTED);
    let (x, y) = find(&buf, "2▏").expect("the count being typed");
    assert!(buf[(x, y)].modifier.contains(ratatui::style::Modifier::REVERSED));
    // the Russian screen fits too
    let ru = crate::tui::testing::ctx_in(Role::Desk, crate::tui::strings::Lang::Ru);
    insta::assert_snapshot!(
        "shift_count_80x24_ru",
        text(&draw(80, 24, |a, b| view::render(&s, &ru, a, b)))
    );
}
