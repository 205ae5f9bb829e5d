//! The guide's return mode: keys into returns (no I/O), and what it shows at
//! 80×21 (an 80×24 terminal) in English and Russian, MISSING in red.

use super::*;
use crate::booking::{ReturnOutcome, ReturnSubject, Returned, Rollcall, RollcallCounts, RollcallPerson};
use crate::domain::{ReturnState, RollcallState};
use crate::tui::panes::checkin::{Confirm, Modal, view};
use crate::tui::strings::Lang;
use crate::tui::testing::{code as key_code, key, press_bound, typed};
use crate::tui::theme;
use crossterm::event::KeyCode;

fn person(id: i64, name: &str, state: RollcallState) -> RollcallPerson {
    RollcallPerson {
        participant_id: ParticipantId(id).into(),
        name: name.into(),
        kind: ParticipantKind::Adult,
        state,
        booking_number: format!("TD-{id:06}"),
        contact_name: "Smith John".into(),
        phone: "+7 914 000 11 22".into(),
        emergency_contact: "Jane +7 914 555 00 00".into(),
        medical_notes: if id == 12 { "asthma".into() } else { String::new() },
        checked_in_at: testing::now() - TimeDelta::hours(9),
        returned_at: (state == RollcallState::Back).then(|| testing::now() - TimeDelta::minutes(5)),
        note: String::new(),
        returned_by: String::new(),
        returned_device: String::new(),
        missing_since: (state == RollcallState::Missing).then(|| testing::now() - TimeDelta::minutes(10)),
    }
}

/// One missing, two out, one back: the trip ended, the grace period passed
/// for whoever is still out when `missing` is true.
fn rollcall(missing: bool) -> Rollcall {
    let out_state = if missing {
        RollcallState::Missing
    } else {
        RollcallState::Out
    };
    let lost = vec![person(12, "Smith Jane", out_state)];
    let out = vec![
        person(13, "Smith Tom", RollcallState::Out),
        person(21, "Ivanova Maria", RollcallState::Out),
    ];
    let back = vec![person(11, "Smith John", RollcallState::Back)];
    let (missing_people, mut out_people) = if missing {
        (lost, Vec::new())
    } else {
        (Vec::new(), lost)
    };
    out_people.extend(out);
    Rollcall {
        departure_id: DEP,
        tour: "Avacha Volcano".into(),
        starts_at: testing::now() - TimeDelta::hours(10),
        ends_at: testing::now() - TimeDelta::hours(1),
        time_zone: testing::TZ.name().into(),
        grace_minutes: 30,
        missing_after: testing::now() - TimeDelta::minutes(30),
        as_of: testing::now(),
        offline: false,
        synced_devices: Vec::new(),
        counts: RollcallCounts {
            checked_in: 4,
            out: out_people.len() as i64,
            back: 1,
            left: 0,
            missing: missing_people.len() as i64,
        },
        out: out_people,
        back,
        missing: missing_people,
        left: Vec::new(),
    }
}

/// The pane in return mode, its roll-call loaded.
fn counting(missing: bool) -> State {
    let mut s = loaded();
    let ctx = guide();
    let out = press_bound(&mut s, &ctx, typed('R'));
    assert!(s.returns.is_some(), "R opens the return mode");
    assert!(
        calls(&out.cmds)
            .iter()
            .any(|c| matches!(c, Call::Rollcall(d) if *d == DEP)),
        "and asks for the roll-call"
    );
    testing::answer(&mut s, &ctx, Msg::Rollcall(DEP, Ok(Box::new(rollcall(missing)))));
    s
}

fn returns(cmds: &[Cmd]) -> Vec<crate::booking::ReturnRequest> {
    calls(cmds)
        .into_iter()
        .filter_map(|c| match c {
            Call::Return(r) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn enter_and_space_mark_the_selected_person_back() {
    let mut s = counting(true);
    let ctx = guide();
    // missing first in the list
    assert_eq!(s.selected_person().map(|p| p.name.as_str()), Some("Smith Jane"));
    let out = press_bound(&mut s, &ctx, key_code(KeyCode::Enter));
    let sent = returns(&out.cmds);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].subject, ReturnSubject::Participant(ParticipantId(12).into()));
    assert_eq!(sent[0].state, ReturnState::Back);
    assert_eq!(sent[0].departure, Some(DEP));
    testing::answer(&mut s, &ctx, Msg::Move(super::super::Move::Down));
    let out = press_bound(&mut s, &ctx, key(' '));
    let sent = returns(&out.cmds);
    assert_eq!(sent[0].subject, ReturnSubject::Participant(ParticipantId(13).into()));
    assert_ne!(sent[0].key, Uuid::nil(), "a fresh key for each return");
}

#[test]
fn a_scan_in_return_mode_records_a_return_not_a_check_in() {
    let mut s = counting(false);
    let ctx = guide();
    let c = code('A');
    let out = testing::answer(&mut s, &ctx, Msg::Pasted(c.clone()));
    assert!(check_ins(&out.cmds).is_empty(), "no check-in");
    let sent = returns(&out.cmds);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].subject, ReturnSubject::Code(c));
    // the answer shows, and the roll-call is asked again
    let outcome = ReturnOutcome {
        departure_id: DEP,
        state: ReturnState::Back,
        key: sent[0].key,
        occurred_at: testing::now(),
        recorded: vec![Returned {
            participant_id: ParticipantId(13).into(),
            name: "Smith Tom".into(),
            booking_number: "TD-000013".into(),
        }],
        already: vec![],
        counts: RollcallCounts::default(),
        replayed: false,
        offline: false,
    };
    let out = testing::answer(&mut s, &ctx, Msg::Returned(sent[0].key, Ok(Box::new(outcome))));
    assert!(calls(&out.cmds).iter().any(|c| matches!(c, Call::Rollcall(_))));
    let buf = testing::draw(80, 21, |area, buf| view::render(&s, &ctx, area, buf));
    let at = testing::find(&buf, "Back: Smith Tom").expect("the answer");
    assert_eq!(testing::bg(&buf, at), theme::ADMITTED);
}

#[test]
fn everyone_back_asks_first_with_the_count() {
    let mut s = counting(true);
    let ctx = guide();
    let out = press_bound(&mut s, &ctx, key('e'));
    assert!(returns(&out.cmds).is_empty(), "nothing before the answer");
    // one missing and two out
    assert_eq!(s.modal, Modal::Confirm(Confirm::EveryoneBack { people: 3 }));
    let buf = testing::draw(80, 21, |area, buf| view::render(&s, &ctx, area, buf));
    assert!(testing::find(&buf, "Mark everyone still out as back? Out now: 3").is_some());
    let out = press_bound(&mut s, &ctx, key('n'));
    assert!(returns(&out.cmds).is_empty(), "no: nothing sent");
    press_bound(&mut s, &ctx, key('e'));
    let out = press_bound(&mut s, &ctx, key('y'));
    let sent = returns(&out.cmds);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].subject, ReturnSubject::Everyone(DEP));
}

#[test]
fn left_the_group_needs_a_note() {
    let mut s = counting(true);
    let ctx = guide();
    press_bound(&mut s, &ctx, key('l'));
    assert!(
        matches!(&s.modal, Modal::LeftNote(p, name, _) if *p == ParticipantRef::from(ParticipantId(12)) && name == "Smith Jane")
    );
    let out = press_bound(&mut s, &ctx, key_code(KeyCode::Enter));
    assert!(returns(&out.cmds).is_empty(), "no note, nothing sent");
    assert!(out.notice.is_some());
    for c in "taxi to town".chars() {
        press_bound(&mut s, &ctx, key(c));
    }
    let out = press_bound(&mut s, &ctx, key_code(KeyCode::Enter));
    let sent = returns(&out.cmds);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].subject, ReturnSubject::Participant(ParticipantId(12).into()));
    assert_eq!(sent[0].state, ReturnState::Left);
    assert_eq!(sent[0].note, "taxi to town");
    assert_eq!(s.modal, Modal::None);
}

#[test]
fn muster_and_leaving_the_mode() {
    let mut s = counting(false);
    let ctx = guide();
    let out = press_bound(&mut s, &ctx, key('m'));
    assert!(
        calls(&out.cmds)
            .iter()
            .any(|c| matches!(c, Call::Muster(d) if *d == DEP))
    );
    let files = vec!["/data/muster-7.csv".into(), "/data/muster-7.png".into()];
    let out = testing::answer(&mut s, &ctx, Msg::Mustered(Ok(("/data".into(), files))));
    // both files named, so the guide knows which one to print
    assert!(
        out.notice
            .is_some_and(|n| n.text.contains("/data: muster-7.csv, muster-7.png"))
    );
    // Esc goes back to check-in and reloads the manifest
    let out = press_bound(&mut s, &ctx, key_code(KeyCode::Esc));
    assert!(s.returns.is_none());
    assert!(calls(&out.cmds).iter().any(|c| matches!(c, Call::Manifest(_))));
}

#[test]
fn the_roll_call_is_asked_again_as_time_passes() {
    let mut s = counting(false);
    let mut ctx = guide();
    let mut out = Outbox::default();
    s.tick(&ctx, &mut out);
    assert!(calls(&out.cmds).is_empty(), "not every second");
    ctx.now += super::super::returns::REFRESH_EVERY;
    s.tick(&ctx, &mut out);
    assert!(calls(&out.cmds).iter().any(|c| matches!(c, Call::Rollcall(_))));
}

#[test]
fn missing_in_red_with_the_counts_and_contacts() {
    let s = counting(true);
    for lang in [Lang::En, Lang::Ru] {
        let ctx = testing::ctx_in(Role::Guide, lang);
        let buf = testing::draw(80, 21, |area, buf| view::render(&s, &ctx, area, buf));
        insta::assert_snapshot!(format!("returns_missing_{lang:?}_80x21"), testing::text(&buf));
        let (word, counts) = match lang {
            Lang::En => ("MISSING 1", "out 2 · back 1 · missing 1 · left 0"),
            Lang::Ru => ("ПРОПАЛ 1", "в пути 2 · вернулись 1 · пропали 1 · ушли 0"),
        };
        let at = testing::find(&buf, word).expect("MISSING in the header");
        assert_eq!(testing::bg(&buf, at), theme::MISSING);
        assert!(testing::find(&buf, counts).is_some(), "{counts}");
        // the missing person's row: the state in red
        let row = testing::find(&buf, "Smith Jane").expect("listed");
        let line: Vec<(u16, u16)> = (0..80).map(|x| (x, row.1)).collect();
        assert!(line.iter().any(|&at| testing::bg(&buf, at) == theme::MISSING));
        // the selected person's contacts, no key away
        let emergency = testing::find(&buf, "Jane +7 914 555").expect("the emergency contact");
        assert!(emergency.0 < 40, "on the left, beside the list");
        assert!(testing::find(&buf, "asthma").is_some());
    }
}

#[test]
fn nobody_missing_no_red() {
    let s = counting(false);
    let ctx = guide();
    let buf = testing::draw(80, 21, |area, buf| view::render(&s, &ctx, area, buf));
    insta::assert_snapshot!("returns_out_80x21", testing::text(&buf));
    assert!(testing::find(&buf, "MISSING").is_none());
    for y in 0..21 {
        for x in 0..80 {
            assert_ne!(testing::bg(&buf, (x, y)), theme::MISSING, "red at {x},{y}");
        }
    }
}
