//! Field mode on the check-in pane: preparing this laptop, giving seats
//! back, and a verdict decided offline.

use super::*;
use crate::field::{LocalAllotment, PrepareReport, SyncReport};
use crate::tui::action::FieldInfo;
use crate::tui::panes::Level;
use crate::tui::panes::checkin::{Confirm, Modal, Panel, view};

fn allotment(left: i32) -> LocalAllotment {
    LocalAllotment {
        hold_id: crate::domain::HoldId(5),
        departure_id: DEP,
        leased: 4,
        left,
        expires_at: testing::now() + TimeDelta::minutes(45),
        status: HoldStatus::Active,
    }
}

/// The pane with a store open (and `allotment` seats left on DEP).
fn with_store(allotment_left: Option<i32>) -> State {
    let mut s = loaded();
    let mut out = Outbox::default();
    let info = FieldInfo {
        open: true,
        pending: 0,
        prepared: vec![DEP],
        allotments: allotment_left.map(allotment).into_iter().collect(),
    };
    s.update(&guide(), Msg::Field(info), &mut out);
    s
}

fn report(left: Option<i32>) -> PrepareReport {
    PrepareReport {
        departures: vec![DEP],
        bookings: 5,
        participants: 8,
        checked_in: 2,
        keys: 1,
        key_ids: vec![1],
        wrapped_for: vec!["Dmitry".into()],
        allotments: left.map(allotment).into_iter().collect(),
        synced: SyncReport::default(),
        clock: crate::field::ClockCheck {
            server_at: testing::now(),
            laptop_at: testing::now(),
            skew_ms: 0,
            round_trip_ms: 1,
            boot: None,
        },
    }
}

#[test]
fn p_asks_a_clerk_how_many_seats_to_lease_then_prepares() {
    let desk = testing::ctx(Role::Desk);
    let mut s = with_store(None);
    let mut out = Outbox::default();
    s.update(&desk, Msg::Prepare, &mut out);
    assert_eq!(s.modal, Modal::Prepare(String::new()));
    assert!(s.typing(), "the digits go into the field");
    for c in ['4', 'x', '0'] {
        s.update(&desk, Msg::Input(c), &mut out);
    }
    assert_eq!(s.modal, Modal::Prepare("40".into()), "digits only");
    s.update(&desk, Msg::Backspace, &mut out);
    s.update(&desk, Msg::Enter, &mut out);
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::Prepare {
            departure: DEP,
            seats: Some(4)
        }]
    ));
    assert!(s.preparing);
    assert_eq!(s.modal, Modal::None);
    // a second p while it runs does not send another
    let mut out = Outbox::default();
    s.update(&desk, Msg::Prepare, &mut out);
    assert!(calls(&out.cmds).is_empty());
}

#[test]
fn p_prepares_a_guide_at_once_without_seats() {
    let mut s = with_store(None);
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Prepare, &mut out);
    assert_eq!(s.modal, Modal::None);
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::Prepare {
            departure: DEP,
            seats: None
        }]
    ));
}

#[test]
fn p_needs_the_database_and_a_store() {
    let mut offline = guide();
    offline.online = false;
    let mut s = with_store(None);
    let mut out = Outbox::default();
    s.update(&offline, Msg::Prepare, &mut out);
    assert!(calls(&out.cmds).is_empty());
    assert!(out.notice.unwrap().text.contains("while online"));
    let mut s = loaded(); // no store
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Prepare, &mut out);
    assert!(calls(&out.cmds).is_empty());
    assert_eq!(out.notice.unwrap().level, Level::Error);
}

#[test]
fn the_result_of_preparing_shows_and_a_refusal_says_why() {
    let mut s = with_store(None);
    s.preparing = true;
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Prepared(Ok(Box::new(report(Some(4))))), &mut out);
    assert!(!s.preparing);
    let n = out.notice.clone().unwrap();
    assert_eq!(n.level, Level::Success);
    assert_eq!(
        n.text,
        "Ready offline: 5 booking(s), 8 people, 4 seat(s) to sell; signing keys 1."
    );
    assert!(matches!(calls(&out.cmds)[..], [Call::Manifest(DEP)]), "reloaded");
    // a guide takes no seats; the keys taken along are listed, in Russian too
    let mut two_keys = report(None);
    two_keys.key_ids = vec![3, 7];
    let mut out = Outbox::default();
    s.update(
        &testing::ctx_in(Role::Guide, crate::tui::strings::Lang::Ru),
        Msg::Prepared(Ok(Box::new(two_keys))),
        &mut out,
    );
    assert_eq!(
        out.notice.unwrap().text,
        "Готов к работе без сети: броней 5, человек 8; ключи подписи 3, 7."
    );
    let mut none = report(None);
    none.key_ids.clear();
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Prepared(Ok(Box::new(none))), &mut out);
    assert_eq!(
        out.notice.unwrap().text,
        "Ready offline: 5 booking(s), 8 people taken along; signing keys none."
    );

    let mut out = Outbox::default();
    let sold_out = UiError {
        code: ErrorCode::SoldOut,
        message: "not enough free seats".into(),
    };
    s.update(&guide(), Msg::Prepared(Err(sold_out)), &mut out);
    let n = out.notice.unwrap();
    assert_eq!(n.level, Level::Error);
    assert!(n.text.starts_with("Sold out"), "{}", n.text);
}

#[test]
fn r_gives_the_allotment_back_after_asking() {
    let desk = testing::ctx(Role::Desk);
    let mut s = with_store(Some(3));
    let mut out = Outbox::default();
    s.update(&desk, Msg::Release, &mut out);
    assert_eq!(s.modal, Modal::Confirm(Confirm::Release { seats: 3 }));
    s.update(&desk, Msg::Answer(true), &mut out);
    assert!(matches!(calls(&out.cmds)[..], [Call::Release(DEP)]));
    let mut out = Outbox::default();
    s.update(&desk, Msg::Released(Ok(3)), &mut out);
    assert!(out.notice.unwrap().text.contains("3 seat(s) are on sale again"));

    // nothing to give back; a guide may not
    let mut s = with_store(None);
    let mut out = Outbox::default();
    s.update(&desk, Msg::Release, &mut out);
    assert_eq!(s.modal, Modal::None);
    assert!(out.notice.unwrap().text.contains("no seats"));
    let mut s = with_store(Some(3));
    let mut out = Outbox::default();
    s.update(&guide(), Msg::Release, &mut out);
    assert_eq!(s.modal, Modal::None);
}

#[test]
fn an_offline_verdict_looks_like_any_other_with_an_offline_marker() {
    let mut s = with_store(Some(3));
    let mut out = Outbox::default();
    s.update(
        &guide(),
        Msg::Offline(Uuid::nil(), Box::new(checked(admitted()))),
        &mut out,
    );
    assert!(matches!(&s.panel, Panel::Verdict(c, true) if c.verdict.is_admitted()));
    assert!(out.offline, "the header turns offline");
    assert!(
        matches!(calls(&out.cmds)[..], [Call::Manifest(DEP)]),
        "the manifest, from the store"
    );
    let buf = testing::draw(80, 21, |area, buf| view::render(&s, &guide(), area, buf));
    insta::assert_snapshot!("offline_admitted_80x21", testing::text(&buf));
    let word = testing::find(&buf, "ADMITTED").expect("the same big word");
    assert_eq!(testing::bg(&buf, word), crate::tui::theme::ADMITTED);
    let tag = testing::find(&buf, " OFFLINE · saved here ").expect("the marker");
    assert_eq!(testing::bg(&buf, tag), ratatui::style::Color::Black);
    assert!(testing::find(&buf, "ready offline · allotment: 3 left").is_some());
    assert!(
        testing::find(&buf, "▀").is_some_and(|at| at.0 < 36),
        "big letters, as online"
    );
}
