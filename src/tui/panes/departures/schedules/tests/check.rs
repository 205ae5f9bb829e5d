//! An edit is checked before it is sent (issue 14): Enter on the edit form
//! asks for the dry run, the box shows what would change — with the
//! resources the new capacity outgrows — and only Enter there sends the
//! edit, under one key kept across retries; Esc goes back to the form.

use super::*;
use crate::booking::ShortSeats;

/// The first rule's edit form with a capacity of 6500 typed.
fn editing_6500() -> State {
    let mut s = opened();
    press(&mut s, &manager(), testing::key('e'));
    tab(&mut s, 4);
    typing(&mut s, "6500");
    s
}

/// What the server says the 6500-seat edit would do: the boat it sails on
/// has 40 seats.
fn would() -> ScheduleEdited {
    ScheduleEdited {
        short_seats: vec![ShortSeats {
            resource: "Boat Aleut".into(),
            seats: 40,
            capacity: 6500,
        }],
        ..edited()
    }
}

fn check_box(s: &State) -> &EditCheck {
    match &screen(s).modal {
        Some(Modal::Check(c)) => c,
        other => panic!("no check of the edit: {other:?}"),
    }
}

#[test]
fn an_edit_is_checked_first_and_sent_only_from_the_check_with_one_key() {
    let mut s = editing_6500();
    let c = manager();
    let (edit, check) = checked(&press(&mut s, &c, code(KeyCode::Enter)));
    assert_eq!(edit.capacity, Some(6500));
    assert!(check_box(&s).would.is_none());
    // nothing is sent while the server works it out
    assert!(calls(&press(&mut s, &c, code(KeyCode::Enter))).is_empty());
    // an answer for another check is not this one's
    msg(&mut s, Msg::EditChecked(uuid::Uuid::now_v7(), Ok(would())));
    assert!(check_box(&s).would.is_none());
    msg(&mut s, Msg::EditChecked(check, Ok(would())));
    assert_eq!(check_box(&s).would.as_ref().unwrap().short_seats.len(), 1);

    let out = press(&mut s, &c, code(KeyCode::Enter));
    let [Call::Edit(ScheduleId(3), sent, key)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(sent.capacity, Some(6500));
    let key = *key;
    assert!(check_box(&s).sending);
    assert!(calls(&press(&mut s, &c, code(KeyCode::Enter))).is_empty(), "sent once");
    assert!(calls(&press(&mut s, &c, code(KeyCode::Esc))).is_empty());
    assert!(check_box(&s).sending, "Esc waits for the edit's answer");
    // the answer was lost: Enter sends the same edit under the same key
    msg(&mut s, Msg::Edited(ScheduleId(3), Err(unknown())));
    assert!(!check_box(&s).sending);
    let out = press(&mut s, &c, code(KeyCode::Enter));
    assert!(matches!(calls(&out)[..], [Call::Edit(_, _, k)] if *k == key));
    msg(&mut s, Msg::Edited(ScheduleId(3), Ok(would())));
    assert!(matches!(screen(&s).modal, Some(Modal::Result(_))));
}

#[test]
fn esc_on_the_check_gives_the_form_back_as_it_was_and_a_late_answer_is_dropped() {
    let mut s = editing_6500();
    let c = manager();
    let (_, first) = checked(&press(&mut s, &c, code(KeyCode::Enter)));
    press(&mut s, &c, code(KeyCode::Esc));
    assert_eq!(form(&s).value(Field::Capacity), "6500");
    assert_eq!(form(&s).field(), Field::Capacity);
    assert!(!form(&s).busy);
    press(&mut s, &c, code(KeyCode::Backspace));
    typing(&mut s, "0");
    let (edit, second) = checked(&press(&mut s, &c, code(KeyCode::Enter)));
    assert_eq!(edit.capacity, Some(6500));
    assert_ne!(first, second);
    msg(&mut s, Msg::EditChecked(first, Ok(would())));
    assert!(check_box(&s).would.is_none(), "the first check's answer came late");
}

#[test]
fn a_refused_check_gives_the_form_back_with_the_servers_reason() {
    let mut s = editing_6500();
    let (_, check) = checked(&press(&mut s, &manager(), code(KeyCode::Enter)));
    let refused = UiError {
        code: ErrorCode::InvalidInput,
        message: "capacity: capacity must be between 1 and 1000000 seats".into(),
    };
    let out = msg(&mut s, Msg::EditChecked(check, Err(refused)));
    assert!(out.notice.is_some());
    assert_eq!(form(&s).value(Field::Capacity), "6500");
    assert!(calls(&out).is_empty(), "nothing sent");
}

#[test]
fn the_check_80x21_and_120x37_en_and_ru() {
    let mut s = editing_6500();
    let c = manager();
    let (_, check) = checked(&press(&mut s, &c, code(KeyCode::Enter)));
    let buf = draw(80, 21, |area, buf| departures::view::render(&s, &c, area, buf));
    assert!(
        text(&buf).contains("Working out what the edit changes"),
        "{}",
        text(&buf)
    );
    msg(&mut s, Msg::EditChecked(check, Ok(would())));
    let ru = testing::ctx_in(Role::Manager, Lang::Ru);
    for (w, h) in [(80, 21), (120, 37)] {
        let buf = draw(w, h, |area, buf| departures::view::render(&s, &c, area, buf));
        insta::assert_snapshot!(format!("check_{w}x{h}"), text(&buf));
        let short = find(&buf, "⚠ Boat Aleut has 40 seats").expect("the short boat is flagged");
        assert_eq!(fg(&buf, short), theme::FLAG);
        assert!(text(&buf).contains("sales stop at 40"), "{}", text(&buf));
        let kept = find(&buf, "KEPT: 4 booked").expect("a sold departure listed");
        assert_eq!(fg(&buf, kept), theme::HELD);
        assert!(text(&buf).contains("Would update 35 unsold, cancel 1; 2 with bookings"));
        assert!(text(&buf).contains("Enter save the edit"), "{}", text(&buf));
        let buf = draw(w, h, |area, buf| departures::view::render(&s, &ru, area, buf));
        insta::assert_snapshot!(format!("check_ru_{w}x{h}"), text(&buf));
        let short = find(&buf, "⚠ Boat Aleut: 40 мест").expect("flagged in Russian");
        assert_eq!(fg(&buf, short), theme::FLAG);
    }
}

#[test]
fn a_kept_departure_names_a_crew_difference_in_words() {
    let mut s = editing_6500();
    let c = manager();
    let (_, check) = checked(&press(&mut s, &c, code(KeyCode::Enter)));
    let mut w = would();
    w.kept[0].differs = vec!["capacity".into(), "guide".into(), "resources".into()];
    msg(&mut s, Msg::EditChecked(check, Ok(w)));
    let shown = text(&draw(120, 37, |area, buf| departures::view::render(&s, &c, area, buf)));
    // the line wraps in the box after "guide,"
    assert!(shown.contains("differs in capacity, guide,"), "{shown}");
    assert!(shown.contains("│resources"), "{shown}");
}
