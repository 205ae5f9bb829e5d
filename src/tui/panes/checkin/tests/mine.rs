//! A guide who logs in sees their own departures today first (issue 14):
//! the picker's order, the departure shown at once, and the mark — pure
//! updates and a render, no I/O.

use super::*;
use crate::booking::Departure;
use crate::domain::StaffId;
use crate::tui::panes::Ctx;
use crate::tui::panes::checkin::{Modal, view};

/// Anna, a guide, staff id 4.
fn anna() -> Ctx {
    let mut c = guide();
    c.me = Some(StaffId(4));
    c
}

/// Someone else's boat at 08:00, Anna's volcano at 10:00, Anna's volcano
/// tomorrow (not today's), in Kamchatka (the fixtures' `now` is 07:00).
fn list() -> Vec<Departure> {
    let boat = testing::departure(1, "Avacha Bay boat trip", 1, 20, 8, 0);
    let mut volcano = testing::departure(2, "Avachinsky volcano", 3, 16, 6, 0);
    volcano.guide_ids = vec![4];
    let mut tomorrow = testing::departure(3, "Mutnovsky volcano", 25, 12, 5, 0);
    tomorrow.guide_ids = vec![4];
    vec![boat, volcano, tomorrow]
}

fn ids(s: &State) -> Vec<i64> {
    s.departures.iter().map(|d| d.id.0).collect()
}

#[test]
fn a_guides_own_departure_today_comes_first_and_is_shown_at_once() {
    let mut s = State::default();
    let out = testing::answer(&mut s, &anna(), Msg::Departures(Ok(list())));
    assert_eq!(ids(&s), [2, 1, 3]);
    assert_eq!(s.departure, Some(DepartureId(2)));
    assert!(matches!(calls(&out.cmds)[..], [Call::Manifest(DepartureId(2))]));
    // a fresh copy of one keeps the order
    let mut boat = list().remove(0);
    boat.booked = 9;
    testing::answer(&mut s, &anna(), Msg::Departure(Ok(Box::new(boat))));
    assert_eq!(ids(&s), [2, 1, 3]);

    // anyone else: by start, the next one
    let mut s = State::default();
    testing::answer(&mut s, &guide(), Msg::Departures(Ok(list())));
    assert_eq!((ids(&s), s.departure), (vec![1, 2, 3], Some(DepartureId(1))));
}

#[test]
fn the_picker_marks_the_guides_own_departures_today() {
    let mut s = State::default();
    testing::answer(&mut s, &anna(), Msg::Departures(Ok(list())));
    testing::press_bound(&mut s, &anna(), testing::key('d'));
    assert_eq!(s.modal, Modal::Picker(0));
    let c = anna();
    let buf = testing::draw(80, 21, |area, buf| view::render(&s, &c, area, buf));
    let shown = testing::text(&buf);
    insta::assert_snapshot!("picker_mine_80x21", shown);
    assert!(shown.contains("Departure · ★ yours today"), "{shown}");
    let marked: Vec<&str> = shown.lines().filter(|l| l.contains("10:00 ★")).collect();
    assert_eq!(marked.len(), 1, "{shown}");
    assert!(marked[0].contains("Avachinsky volcano"), "{shown}");
    assert_eq!(shown.matches('★').count(), 2, "the title's and Anna's today: {shown}");
}
