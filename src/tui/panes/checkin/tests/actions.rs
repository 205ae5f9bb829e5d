//! The guide's manual actions and the departure they act on.

use super::*;
use crate::booking::Admission;
use crate::booking::{CheckInMethod, CheckInSubject, CloseReport, UndoneCheckIn};
use crate::tui::panes::checkin::{Confirm, DecodeFailure, Modal, Move, default_departure};
use crossterm::event::KeyCode;
use std::path::PathBuf;

#[test]
fn the_next_departure_is_the_default() {
    let now = testing::now();
    let mut started = testing::departure(1, "Early boat", -3, 10, 0, 0);
    started.starts_at = now - TimeDelta::hours(3);
    let mut cancelled = testing::departure(2, "Cancelled hike", 0, 10, 0, 0);
    cancelled.status = DepartureStatus::Cancelled;
    let next = testing::departure(3, "Avacha Volcano", 1, 10, 0, 0);
    let later = testing::departure(4, "Rafting", 5, 10, 0, 0);
    let list = vec![started.clone(), cancelled.clone(), next, later];
    assert_eq!(default_departure(&list, now), Some(DepartureId(3)));
    assert_eq!(default_departure(&[started.clone()], now), Some(DepartureId(1)));
    assert_eq!(default_departure(&[], now), None);

    let mut s = State::default();
    let out = testing::answer(&mut s, &guide(), Msg::Departures(Ok(list)));
    assert_eq!(s.departure, Some(DepartureId(3)));
    assert!(matches!(calls(&out.cmds)[..], [Call::Manifest(DepartureId(3))]));
}

#[test]
fn showing_loads_the_departures_and_focus_switches() {
    let mut s = loaded();
    let out = testing::answer(&mut s, &guide(), Msg::Move(Move::Down));
    assert!(out.cmds.is_empty());
    let mut out = Outbox::default();
    s.show(&guide(), &mut out);
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::Departures { .. }, Call::Manifest(DEP)]
    ));
    let mut out = Outbox::default();
    s.focus_departure(&guide(), DepartureId(99), &mut out);
    assert_eq!(s.departure, Some(DepartureId(99)));
    assert!(s.manifest.is_none());
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::Departure(DepartureId(99)), Call::Manifest(DepartureId(99))]
    ));
    // an old answer for the previous departure is ignored
    testing::answer(&mut s, &guide(), Msg::Manifest(DEP, Ok(Box::new(manifest()))));
    assert!(s.manifest.is_none());
}

#[test]
fn live_changes_reload_the_shown_departure_once_at_a_time() {
    let mut s = loaded();
    let mut out = Outbox::default();
    s.check_ins_changed(&guide(), DEP, true, &mut out);
    s.check_ins_changed(&guide(), DEP, true, &mut out);
    s.check_ins_changed(&guide(), DepartureId(1), true, &mut out);
    assert_eq!(calls(&out.cmds).len(), 1, "one load in flight; others wait");
    let out = testing::answer(&mut s, &guide(), Msg::Manifest(DEP, Ok(Box::new(manifest()))));
    assert!(matches!(calls(&out.cmds)[..], [Call::Manifest(DEP)]), "then one more");
    let out = testing::answer(&mut s, &guide(), Msg::Manifest(DEP, Ok(Box::new(manifest()))));
    assert!(out.cmds.is_empty());
}

/// A departure added at another desk for this afternoon joins the picker
/// when its change is announced; next month's does not crowd it.
#[test]
fn a_departure_added_elsewhere_joins_the_picker_when_it_is_near() {
    let mut s = loaded();
    let before = s.departures.len();
    let mut out = Outbox::default();
    s.departure_changed(&guide(), DepartureId(50), true, &mut out);
    assert!(matches!(calls(&out.cmds)[..], [Call::Departure(DepartureId(50))]));
    let today = testing::departure(50, "Sunset boat", 4, 12, 0, 0);
    testing::answer(&mut s, &guide(), Msg::Departure(Ok(Box::new(today))));
    assert_eq!(s.departures.len(), before + 1);
    assert!(
        s.departures.windows(2).all(|w| w[0].starts_at <= w[1].starts_at),
        "in time order"
    );
    let next_month = testing::departure(51, "Heli-tour", 24 * 30, 4, 0, 0);
    testing::answer(&mut s, &guide(), Msg::Departure(Ok(Box::new(next_month))));
    assert_eq!(s.departures.len(), before + 1, "outside the picker's two days");
    // hidden: nothing now, `show` reloads the list
    let mut out = Outbox::default();
    s.departure_changed(&guide(), DepartureId(52), false, &mut out);
    assert!(calls(&out.cmds).is_empty());
}

#[test]
fn search_by_name_or_number_in_either_layout_then_enter_checks_in() {
    let mut s = loaded();
    testing::press_bound(&mut s, &guide(), testing::key('/'));
    assert!(s.typing());
    for c in "петр".chars() {
        testing::press_bound(&mut s, &guide(), testing::key(c));
    }
    assert_eq!(s.visible().len(), 1, "Cyrillic names match as typed");
    s.query = "ев-3рф".into(); // "td-3ha" typed in the Russian layout
    assert_eq!(s.visible().len(), 3);
    s.query = "smith".into();
    testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Down));
    assert_eq!(s.selected_row().map(|r| r.name.as_str()), Some("Smith Jane"));
    let out = testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Enter));
    let reqs = check_ins(&out.cmds);
    assert!(matches!(
        reqs[0].subject,
        CheckInSubject::Participant(ParticipantId(12))
    ));
    assert_eq!(reqs[0].method, CheckInMethod::Manual);
    assert!(
        s.query.is_empty() && s.modal == Modal::None,
        "ready for the next person"
    );
    testing::press_bound(&mut s, &guide(), testing::key('f'));
    testing::press_bound(&mut s, &guide(), testing::key('x'));
    testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Esc));
    assert!(s.query.is_empty() && !s.typing());
}

#[test]
fn the_whole_booking_of_the_selected_row() {
    let mut s = loaded();
    testing::answer(&mut s, &guide(), Msg::Move(Move::End));
    testing::answer(&mut s, &guide(), Msg::Move(Move::Up));
    let out = testing::press_bound(&mut s, &guide(), testing::key('b'));
    let reqs = check_ins(&out.cmds);
    assert!(matches!(&reqs[0].subject, CheckInSubject::Booking(n) if n == "TD-ZZ8877"));
    assert_eq!(reqs[0].method, CheckInMethod::Bulk);
}

#[test]
fn undo_only_who_is_in() {
    let mut s = loaded();
    // no verdict yet: the selected person, asked why
    let out = testing::press_bound(&mut s, &guide(), testing::key('u'));
    assert!(calls(&out.cmds).is_empty());
    assert!(matches!(&s.modal, Modal::Undo(a) if a.people == [(ParticipantId(11), "Smith John".to_string())]));
    assert!(s.typing(), "the reason takes the keys");
    let out = testing::press_bound(&mut s, &guide(), testing::key('2'));
    assert!(
        matches!(&calls(&out.cmds)[..], [Call::Undo { participant: ParticipantId(11), reason }] if reason == "wrong person")
    );
    assert_eq!(s.modal, Modal::None);
    let out = testing::answer(
        &mut s,
        &guide(),
        Msg::Undone(
            ParticipantId(11),
            Ok(UndoneCheckIn {
                participant_id: ParticipantId(11),
                was_at: testing::now(),
            }),
        ),
    );
    assert!(out.notice.unwrap().text.contains("Smith John"));
    assert!(s.undone.contains(&ParticipantId(11)));
    testing::answer(&mut s, &guide(), Msg::Move(Move::PageDown));
    let out = testing::press_bound(&mut s, &guide(), testing::key('u'));
    assert!(calls(&out.cmds).is_empty());
    assert_eq!(s.modal, Modal::None);
    assert!(out.notice.unwrap().text.contains("not checked in"));
}

/// `u` right after a scan undoes that scan's admission, wherever the
/// selection is; a group code asks whose; a reason may be typed.
#[test]
fn undo_takes_the_last_verdict_and_a_reason() {
    let mut s = loaded();
    testing::answer(&mut s, &guide(), Msg::Move(Move::End)); // somebody else selected
    testing::answer(
        &mut s,
        &guide(),
        Msg::CheckedIn(Uuid::nil(), Ok(Box::new(checked(admitted())))),
    );
    testing::press_bound(&mut s, &guide(), testing::key('u'));
    assert!(matches!(&s.modal, Modal::Undo(a) if a.people == [(ParticipantId(21), "Ivanova Maria".to_string())]));
    // Esc: nothing undone
    let out = testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Esc));
    assert!(calls(&out.cmds).is_empty() && s.modal == Modal::None);

    // a group code let two in: which one, and a reason typed
    let mut group = admitted();
    if let Verdict::Admitted { admitted, .. } = &mut group {
        admitted.push(Admission {
            participant_id: Some(ParticipantId(22)),
            name: "Ivanov Petr".into(),
            kind: Some(ParticipantKind::Child),
            attention: Default::default(),
        });
    }
    testing::answer(
        &mut s,
        &guide(),
        Msg::CheckedIn(Uuid::nil(), Ok(Box::new(checked(group)))),
    );
    testing::press_bound(&mut s, &guide(), testing::key('u'));
    testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Down));
    let out = testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Enter));
    assert!(calls(&out.cmds).is_empty(), "no reason yet");
    assert!(out.notice.unwrap().text.contains("Say why"));
    for c in "went 2 toilet".chars() {
        testing::press_bound(&mut s, &guide(), testing::key(c));
    }
    let out = testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Enter));
    assert!(
        matches!(&calls(&out.cmds)[..], [Call::Undo { participant: ParticipantId(22), reason }] if reason == "went 2 toilet"),
        "a digit inside typed text is text"
    );
}

/// A verdict this laptop decided offline is not on the server yet: `u`
/// says so instead of sending an undo that cannot work.
#[test]
fn undo_of_an_offline_verdict_says_it_waits_for_the_sync() {
    let mut s = loaded();
    testing::answer(
        &mut s,
        &guide(),
        Msg::Offline(Uuid::nil(), Box::new(checked(admitted()))),
    );
    let out = testing::press_bound(&mut s, &guide(), testing::key('u'));
    assert!(calls(&out.cmds).is_empty());
    assert_eq!(s.modal, Modal::None);
    assert!(out.notice.unwrap().text.contains("offline"));
}

/// A no-show of one member of a party partly in says how many are in.
#[test]
fn a_no_show_in_a_party_partly_in_says_so() {
    let mut s = loaded();
    let ok = |p| Msg::NoShowSet(ParticipantId(p), true, Ok(()));
    let out = testing::answer(&mut s, &guide(), ok(13));
    assert_eq!(
        out.notice.unwrap().text,
        "Smith Tom marked as a no-show; 2 of 3 of TD-3HA4MW are in."
    );
    // nobody of the booking in: the plain notice
    let out = testing::answer(&mut s, &guide(), ok(41));
    assert_eq!(out.notice.unwrap().text, "Kim Lee marked as a no-show.");
    let out = testing::answer(&mut s, &guide(), Msg::NoShowSet(ParticipantId(13), false, Ok(())));
    assert_eq!(out.notice.unwrap().text, "Smith Tom is expected again.");
}

#[test]
fn no_show_toggles() {
    let mut s = loaded();
    testing::answer(&mut s, &guide(), Msg::Move(Move::Down));
    testing::answer(&mut s, &guide(), Msg::Move(Move::Down));
    let out = testing::press_bound(&mut s, &guide(), testing::key('n'));
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::NoShow {
            participant: ParticipantId(13),
            no_show: true
        }]
    ));
    testing::answer(&mut s, &guide(), Msg::Move(Move::Down));
    testing::answer(&mut s, &guide(), Msg::Move(Move::Down));
    testing::answer(&mut s, &guide(), Msg::Move(Move::Down));
    let out = testing::press_bound(&mut s, &guide(), testing::key('n'));
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::NoShow {
            participant: ParticipantId(31),
            no_show: false
        }]
    ));
    testing::answer(&mut s, &guide(), Msg::Move(Move::Home));
    let out = testing::press_bound(&mut s, &guide(), testing::key('n'));
    assert!(calls(&out.cmds).is_empty(), "a person in is undone first");
}

#[test]
fn everyone_here_asks_then_checks_in_each_booking() {
    let mut s = loaded();
    testing::press_bound(&mut s, &guide(), testing::key('e'));
    assert_eq!(
        s.modal,
        Modal::Confirm(Confirm::Everyone {
            bookings: vec!["TD-3HA4MW".into(), "TD-7KX9PQ".into(), "TD-ZZ8877".into()],
            people: 4,
        })
    );
    let out = testing::press_bound(&mut s, &guide(), testing::key('n'));
    assert!(out.cmds.is_empty() && s.modal == Modal::None, "no: nothing happens");
    testing::press_bound(&mut s, &guide(), testing::key('e'));
    let out = testing::press_bound(&mut s, &guide(), testing::key('y'));
    let reqs = check_ins(&out.cmds);
    assert_eq!(reqs.len(), 3);
    assert!(reqs.iter().all(|r| r.method == CheckInMethod::Bulk));
}

#[test]
fn closing_before_check_in_opens_offers_to_force() {
    let mut s = loaded();
    testing::press_bound(&mut s, &guide(), testing::key('c'));
    let out = testing::press_bound(&mut s, &guide(), testing::key('y'));
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::Close {
            departure: DEP,
            force: false
        }]
    ));
    let refused = UiError {
        code: ErrorCode::CheckInNotOpen,
        message: "not open".into(),
    };
    testing::answer(&mut s, &guide(), Msg::Closed(false, Err(refused)));
    assert_eq!(s.modal, Modal::Confirm(Confirm::Close { force: true }));
    let out = testing::press_bound(&mut s, &guide(), testing::key('y'));
    assert!(matches!(
        calls(&out.cmds)[..],
        [Call::Close {
            departure: DEP,
            force: true
        }]
    ));
    let report = CloseReport {
        departure_id: DEP,
        admitted: 2,
        no_shows: 5,
        closed_at: testing::now(),
        already_closed: false,
    };
    let out = testing::answer(&mut s, &guide(), Msg::Closed(true, Ok(report)));
    assert!(out.notice.unwrap().text.contains("2 in, 5 no-shows"));
    testing::press_bound(&mut s, &guide(), testing::key('o'));
    let out = testing::press_bound(&mut s, &guide(), testing::key('y'));
    assert!(matches!(calls(&out.cmds)[..], [Call::Reopen(DEP)]));
}

#[test]
fn an_image_path_is_decoded_and_its_codes_checked_in() {
    let mut s = loaded();
    testing::press_bound(&mut s, &guide(), testing::key('i'));
    for c in "~/t.png".chars() {
        testing::press_bound(&mut s, &guide(), testing::key(c));
    }
    let out = testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Enter));
    assert!(matches!(&calls(&out.cmds)[..], [Call::Decode(p)] if p == &PathBuf::from("~/t.png")));
    let out = testing::answer(
        &mut s,
        &guide(),
        Msg::Decoded("/x/t.png".into(), Ok(vec![code('A'), code('B')])),
    );
    let reqs = check_ins(&out.cmds);
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| r.method == CheckInMethod::Image));
    let out = testing::answer(&mut s, &guide(), Msg::Decoded("/x/blank.png".into(), Ok(vec![])));
    assert!(out.notice.unwrap().text.contains("No QR code found in /x/blank.png"));
    let out = testing::answer(
        &mut s,
        &guide(),
        Msg::Decoded("/x/none.png".into(), Err(DecodeFailure::NoFile)),
    );
    assert!(out.notice.unwrap().text.contains("No such file"));
    let out = testing::answer(
        &mut s,
        &guide(),
        Msg::Decoded("/x/a.txt".into(), Err(DecodeFailure::NotImage)),
    );
    assert!(out.notice.unwrap().text.contains("Not a readable PNG or JPEG"));
}

#[test]
fn the_departure_picker() {
    let mut s = loaded();
    testing::answer(
        &mut s,
        &guide(),
        Msg::Departures(Ok(vec![
            testing::departure(DEP.0, "Avacha Volcano", 1, 20, 8, 0),
            testing::departure(8, "Rafting", 4, 12, 3, 0),
        ])),
    );
    testing::press_bound(&mut s, &guide(), testing::key('d'));
    assert_eq!(s.modal, Modal::Picker(0));
    testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Down));
    let out = testing::press_bound(&mut s, &guide(), testing::code(KeyCode::Enter));
    assert_eq!(s.departure, Some(DepartureId(8)));
    assert!(matches!(calls(&out.cmds)[..], [Call::Manifest(DepartureId(8))]));
}
