//! The shift screen's longer views: the Z-report scrolled at 80×24, and
//! the shifts awaiting approval from any device, one opened and approved
//! with a manager's PIN as a shift closed here is.

use super::tests::{calls, line, press, shift, shown, typed};
use super::*;
use crate::domain::Role;
use crate::tui::keymap::shift::key;
use crate::tui::strings::Lang;
use crate::tui::testing::{self, code, draw, find, now, text};
use crate::tui::theme;
use crossterm::event::KeyCode;

/// A busy day's Z-report: more lines than 24 rows hold.
fn long_report() -> ZReport {
    let mut approved = shift(ShiftStatus::Approved);
    approved.closed_at = Some(now() - chrono::TimeDelta::minutes(20));
    approved.closed_by = "Dina Desk".into();
    approved.approved_at = Some(now() - chrono::TimeDelta::minutes(10));
    approved.approved_by = "Max Manager".into();
    let group = |label: String, n: i32| crate::booking::ReportGroup {
        label,
        currency: "RUB".into(),
        payments: n,
        payments_minor: i64::from(n) * 750_000,
        refunds: 0,
        refunds_minor: 0,
    };
    ZReport {
        shift: approved,
        by_method: vec![
            line(PaymentMethod::Cash, 1_230_000, Some(1_230_000)),
            line(PaymentMethod::Card, 300_000, Some(300_000)),
        ],
        by_tour: (1..=8).map(|i| group(format!("Tour number {i}"), i)).collect(),
        by_staff: (1..=4).map(|i| group(format!("Clerk {i}"), i)).collect(),
        cash_moves: (1..=4)
            .map(|i| crate::booking::ReportMove {
                kind: CashMoveKind::Out,
                reason: format!("move reason {i}"),
                staff: "Dina Desk".into(),
                currency: "RUB".into(),
                amount_minor: 10_000 * i,
                at: now() - chrono::TimeDelta::minutes(60 - i),
            })
            .collect(),
    }
}

/// 80×24 showed the Z-report's first screen only: ↑↓ PgUp PgDn scroll it,
/// never past its end, with ▲ ▼ saying where more lies; both languages.
#[test]
fn the_z_report_scrolls_at_80x24() {
    for lang in [Lang::En, Lang::Ru] {
        let c = testing::ctx_in(Role::Desk, lang);
        let mut s = shown(None);
        s.update(&c, Msg::Approved(Box::new(Ok(long_report()))), &mut Outbox::default());
        let screen = |s: &State| draw(80, 24, |a, b| view::render(s, &c, a, b));
        let top = screen(&s);
        let title = match lang {
            Lang::En => "Z-REPORT No. 1",
            Lang::Ru => "Z-ОТЧЁТ № 1",
        };
        assert!(find(&top, title).is_some(), "{}", text(&top));
        assert!(find(&top, "move reason 4").is_none(), "the end is below");
        let down = find(&top, "▼").expect("▼: more below");
        assert_eq!(testing::fg(&top, down), theme::HELD);
        assert!(find(&top, "▲").is_none());
        insta::assert_snapshot!(format!("shift_zreport_80x24_{}", lang.code()), text(&top));
        // PgDn to the end (and beyond: it stays at the last page)
        let step = |s: &mut State, m: Msg| s.update(&c, m, &mut Outbox::default());
        for _ in 0..5 {
            step(&mut s, Msg::PageDown);
        }
        let end = screen(&s);
        assert!(find(&end, "move reason 4").is_some(), "{}", text(&end));
        assert!(find(&end, title).is_none());
        assert!(find(&end, "▲").is_some() && find(&end, "▼").is_none());
        insta::assert_snapshot!(format!("shift_zreport_80x24_{}_end", lang.code()), text(&end));
        // PgUp and ↑ come back to the top; ↓ moves one line
        for _ in 0..5 {
            step(&mut s, Msg::PageUp);
        }
        assert_eq!(s.report_scroll, 0);
        step(&mut s, Msg::Down);
        assert_eq!(s.report_scroll, 1);
        step(&mut s, Msg::Up);
        assert!(find(&screen(&s), title).is_some());
        // the keys reach it: PgDn is the page key, not a typed character
        assert!(matches!(key(&s, &code(KeyCode::PageDown)), Some(Msg::PageDown)));
        assert!(matches!(key(&s, &code(KeyCode::PageUp)), Some(Msg::PageUp)));
    }
}

/// A shift closed at another desk (or in an earlier session) by `by`.
fn awaiting_shift(id: i64, device: &str, by: &str, minutes_ago: i64) -> crate::booking::Shift {
    let mut s = shift(ShiftStatus::AwaitingApproval);
    s.shift_id = ShiftId(id);
    s.device = device.into();
    s.closed_by = by.into();
    s.closed_at = Some(now() - chrono::TimeDelta::minutes(minutes_ago));
    s
}

/// `w` lists the shifts awaiting approval on every device; ↓ Enter opens
/// one with its figures, a manager's PIN approves it (the same call as for
/// this device's own), and Esc instead leaves it and reloads this device's.
#[test]
fn a_shift_awaiting_approval_elsewhere_is_listed_opened_and_approved() {
    let c = testing::ctx(Role::Desk);
    let mut s = shown(None);
    let out = press(&mut s, testing::key('w'));
    assert!(matches!(calls(&out)[..], [Call::Awaiting]), "{:?}", out.cmds);
    assert!(matches!(s.mode, Mode::Awaiting { .. }) && s.loading);
    let list = vec![
        awaiting_shift(7, "desk-2", "Olga Kassa", 600),
        awaiting_shift(9, "gate-1", "Dina Desk", 30),
    ];
    s.update(&c, Msg::Awaiting(Box::new(Ok(list))), &mut Outbox::default());
    assert!(!s.loading);
    press(&mut s, code(KeyCode::Down));
    press(&mut s, code(KeyCode::Down)); // stays on the last
    let out = press(&mut s, code(KeyCode::Enter));
    assert!(matches!(calls(&out)[..], [Call::Review(ShiftId(9))]), "{:?}", out.cmds);

    let st = ShiftState {
        shift: awaiting_shift(9, "gate-1", "Dina Desk", 30),
        tally: vec![line(PaymentMethod::Cash, 1_230_000, Some(1_200_000))],
    };
    s.update(&c, Msg::Reviewed(Box::new(Ok(st.clone()))), &mut Outbox::default());
    assert!(
        matches!(s.mode, Mode::Approve { shift: ShiftId(9), .. }),
        "{:?}",
        s.mode
    );
    let screen = text(&draw(80, 24, |a, b| view::render(&s, &c, a, b)));
    assert!(
        screen.contains("gate-1") && screen.contains("Manager's PIN"),
        "{screen}"
    );
    typed(&mut s, "9157");
    let out = press(&mut s, code(KeyCode::Enter));
    let [Call::Approve { pin, shift, .. }] = &calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!((pin.as_str(), *shift), ("9157", ShiftId(9)));

    // Esc instead of approving: back to the status, this device's shift asked again
    s.sending = false;
    let out = press(&mut s, code(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Status);
    assert!(
        matches!(calls(&out)[..], [Call::Status { prompt: false }]),
        "{:?}",
        out.cmds
    );
    assert!(!s.reviewing);

    // approved at another desk meanwhile: said, and the list asked again
    press(&mut s, testing::key('w'));
    s.update(
        &c,
        Msg::Awaiting(Box::new(Ok(vec![awaiting_shift(9, "gate-1", "Dina Desk", 30)]))),
        &mut Outbox::default(),
    );
    press(&mut s, code(KeyCode::Enter));
    let mut gone = st;
    gone.shift.status = ShiftStatus::Approved;
    let mut out = Outbox::default();
    s.update(&c, Msg::Reviewed(Box::new(Ok(gone))), &mut out);
    assert!(matches!(s.mode, Mode::Awaiting { .. }));
    assert!(matches!(calls(&out)[..], [Call::Awaiting]));
    assert_eq!(out.notice.map(|n| n.text), Some(c.text.shift.awaiting_gone.to_string()));
}

#[test]
fn the_awaiting_list_80x24_in_both_languages() {
    for lang in [Lang::En, Lang::Ru] {
        let c = testing::ctx_in(Role::Desk, lang);
        let mut s = shown(None);
        press(&mut s, testing::key('w'));
        let list = (1..=25)
            .map(|i| awaiting_shift(i, &format!("desk-{i}"), "Dina Desk", 60 * i))
            .collect();
        s.update(&c, Msg::Awaiting(Box::new(Ok(list))), &mut Outbox::default());
        press(&mut s, code(KeyCode::Down));
        let buf = draw(80, 24, |a, b| view::render(&s, &c, a, b));
        insta::assert_snapshot!(format!("shift_awaiting_80x24_{}", lang.code()), text(&buf));
        let chosen = find(&buf, "desk-2 ").expect("the chosen row");
        assert!(
            buf[chosen].modifier.contains(ratatui::style::Modifier::REVERSED),
            "the chosen row stands out"
        );
        // the last of 25 rows, chosen, is scrolled into view
        for _ in 0..30 {
            press(&mut s, code(KeyCode::Down));
        }
        let buf = draw(80, 24, |a, b| view::render(&s, &c, a, b));
        assert!(find(&buf, "desk-25 ").is_some(), "{}", text(&buf));
        // none awaiting: said
        let mut s = shown(None);
        press(&mut s, testing::key('w'));
        s.update(&c, Msg::Awaiting(Box::new(Ok(Vec::new()))), &mut Outbox::default());
        let buf = draw(80, 24, |a, b| view::render(&s, &c, a, b));
        assert!(find(&buf, c.text.shift.awaiting_none).is_some(), "{}", text(&buf));
    }
}
