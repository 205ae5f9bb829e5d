//! Keys, live updates, rendering and colours of the occupancy pane.

use super::*;
use crate::domain::{DepartureStatus, Role, WeatherStatus};
use crate::tui::action::Cmd;
use crate::tui::keymap::occupancy::key;
use crate::tui::panes::PaneCall;
use crate::tui::testing::{self, code, ctx, departure, draw, fg, find, text};
use crate::tui::theme;
use crossterm::event::KeyCode;

/// Today: one departed an hour ago, one nearly full with held seats, one
/// full, one roomy, one cancelled.
fn today() -> Today {
    let mut deps = vec![
        departure(1, "Avacha Bay boat trip", -1, 12, 10, 0),
        departure(2, "Avachinsky volcano", 2, 16, 12, 2),
        departure(3, "Mutnovsky volcano", 4, 12, 12, 0),
        departure(4, "Khalaktyrsky beach", 6, 30, 6, 4),
        departure(5, "Vilyuchinsky waterfall", 8, 10, 0, 0),
    ];
    deps[2].weather_status = WeatherStatus::Watch;
    deps[4].status = DepartureStatus::Cancelled;
    let counts = vec![
        (DepartureId(1), 9),
        (DepartureId(2), 5),
        (DepartureId(3), 0),
        (DepartureId(4), 0),
    ];
    (deps, counts)
}

fn loaded() -> State {
    let mut s = State::default();
    let mut out = Outbox::default();
    s.show(&ctx(Role::Desk), &mut out);
    s.update(&ctx(Role::Desk), Msg::Loaded(Ok(today())), &mut out);
    s
}

fn calls(out: &Outbox) -> Vec<&Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Occupancy(c)) => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn today_reaches_back_a_few_hours_and_ends_at_local_midnight() {
    let (from, to) = today_range(&ctx(Role::Guide));
    use chrono::TimeZone;
    let midnight = testing::TZ.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    // 07:00 now: 4 hours back is 03:00, later than midnight
    assert_eq!(from, midnight.with_timezone(&Utc));
    assert_eq!(to, (midnight + TimeDelta::days(1)).with_timezone(&Utc));
}

#[test]
fn a_change_fetches_exactly_that_departure_and_a_tick_nothing() {
    let mut s = loaded();
    let c = ctx(Role::Desk);
    let mut out = Outbox::default();
    s.departure_changed(&c, DepartureId(2), true, &mut out);
    assert_eq!(out.cmds.len(), 1);
    assert!(matches!(calls(&out)[..], [Call::One(DepartureId(2))]));
    let mut out = Outbox::default();
    for _ in 0..10 {
        assert!(!s.tick(&c, &mut out));
    }
    assert!(out.cmds.is_empty(), "no polling: {:?}", out.cmds);
    // while hidden nothing is fetched; showing the pane reloads
    s.departure_changed(&c, DepartureId(2), false, &mut out);
    assert!(out.cmds.is_empty());

    // the answer replaces that one gauge
    s.update(
        &c,
        Msg::One(
            DepartureId(2),
            Ok(Box::new(departure(2, "Avachinsky volcano", 2, 16, 16, 0))),
        ),
        &mut out,
    );
    assert_eq!(s.rows.len(), 5);
    assert_eq!(s.rows[1].booked, 16);
    assert_eq!(s.rows[1].free, 0);
    // a departure of another day is not today's
    s.update(
        &c,
        Msg::One(DepartureId(9), Ok(Box::new(departure(9, "Tomorrow", 30, 10, 0, 0)))),
        &mut out,
    );
    assert_eq!(s.rows.len(), 5);
}

#[test]
fn check_ins_update_only_that_count() {
    let mut s = loaded();
    let c = ctx(Role::Guide);
    let mut out = Outbox::default();
    s.check_ins_changed(&c, DepartureId(2), true, &mut out);
    assert!(matches!(&calls(&out)[..], [Call::CheckedIn(ids)] if ids == &[DepartureId(2)]));
    s.update(&c, Msg::CheckedIn(Ok(vec![(DepartureId(2), 7)])), &mut out);
    assert_eq!(s.checked_in[&DepartureId(2)], 7);
    assert_eq!(s.checked_in[&DepartureId(1)], 9, "the others stay");
    // not one of today's: nothing to fetch
    let mut out = Outbox::default();
    s.check_ins_changed(&c, DepartureId(42), true, &mut out);
    assert!(out.cmds.is_empty());
}

#[test]
fn enter_goes_to_walkin_or_check_in_by_role() {
    let mut s = loaded();
    let mut out = Outbox::default();
    let k = key(&s, &ctx(Role::Desk), &code(KeyCode::Down)).unwrap();
    s.update(&ctx(Role::Desk), k, &mut out);
    let k = key(&s, &ctx(Role::Desk), &code(KeyCode::Enter)).unwrap();
    s.update(&ctx(Role::Desk), k.clone(), &mut out);
    assert_eq!(out.goto, Some((PaneId::Walkin, Some(DepartureId(2)))));
    let mut out = Outbox::default();
    s.update(&ctx(Role::Guide), k, &mut out);
    assert_eq!(out.goto, Some((PaneId::CheckIn, Some(DepartureId(2)))));
}

#[test]
fn gauges_80x21_and_200x47() {
    let s = loaded();
    let c = ctx(Role::Desk);
    let small = draw(80, 21, |a, b| view::render(&s, &c, a, b));
    insta::assert_snapshot!("gauges_80x21", text(&small));
    let big = draw(200, 47, |a, b| view::render(&s, &c, a, b));
    insta::assert_snapshot!("gauges_200x47", text(&big));
}

#[test]
fn gauge_colours_follow_occupancy_and_held_is_yellow() {
    let s = loaded();
    let buf = draw(80, 21, |a, b| view::render(&s, &ctx(Role::Desk), a, b));
    let gauge_row = |label: &str| find(&buf, label).unwrap().1 + 1;
    // full: red
    let y = gauge_row("Mutnovsky");
    assert_eq!(fg(&buf, (0, y)), theme::FULL);
    assert_eq!(testing::bg(&buf, find(&buf, "FULL").unwrap()), theme::FULL);
    // roomy: green, its 4 held seats yellow right after the 6 booked
    let y = gauge_row("Khalaktyrsky");
    assert_eq!(fg(&buf, (0, y)), theme::FREE);
    let held: Vec<u16> = (0..80).filter(|x| buf[(*x, y)].fg == theme::HELD).collect();
    assert!(!held.is_empty(), "held seats show");
    assert!(held[0] > 0 && held[0] < 20, "{held:?}");
    // nearly full (2 of 16 free): yellow
    let y = gauge_row("Avachinsky");
    assert_eq!(fg(&buf, (0, y)), theme::HELD);
    // the check-in gauge is green
    let (x, y) = find(&buf, "checked in 5/12").unwrap();
    assert_eq!(fg(&buf, (x, y)), theme::ADMITTED);
}

fn missing(id: i64, n: i64) -> MissingDeparture {
    MissingDeparture {
        departure_id: DepartureId(id),
        tour: "Avacha Bay boat trip".into(),
        starts_at: testing::now() - TimeDelta::hours(if id == 1 { 1 } else { 30 }),
        missing: n,
    }
}

#[test]
fn showing_asks_who_is_missing_and_again_when_due() {
    let mut s = State::default();
    let c = ctx(Role::Desk);
    let mut out = Outbox::default();
    s.show(&c, &mut out);
    assert!(calls(&out).iter().any(|c| matches!(c, Call::Missing)));
    assert!(!s.missing_due(c.now), "just asked");
    assert!(!s.missing_due(c.now + MISSING_EVERY - TimeDelta::seconds(1)));
    assert!(s.missing_due(c.now + MISSING_EVERY));
    let mut out = Outbox::default();
    s.update(&c, Msg::RefreshMissing, &mut out);
    assert!(matches!(calls(&out)[..], [Call::Missing]));
}

#[test]
fn a_departure_with_people_missing_shows_it_in_red() {
    let mut s = loaded();
    let c = ctx(Role::Desk);
    let mut out = Outbox::default();
    s.update(&c, Msg::Missing(Ok(vec![missing(1, 2), missing(99, 1)])), &mut out);
    assert_eq!(s.missing_total(), 3, "another day's missing count too");
    assert_eq!(s.missing_on(DepartureId(1)), 2);
    let buf = draw(80, 21, |a, b| view::render(&s, &c, a, b));
    insta::assert_snapshot!("missing_80x21", text(&buf));
    // the summary line first, then the departure's card
    let head = find(&buf, "MISSING 3").expect("in the summary");
    assert_eq!(head.1, 0);
    assert_eq!(testing::bg(&buf, head), theme::MISSING);
    let card = find(&buf, "MISSING 2").expect("on the card");
    assert_eq!(card.1, find(&buf, "06:00  Avacha Bay").unwrap().1, "on its line");
    assert_eq!(testing::bg(&buf, card), theme::MISSING);
    // another day's departure (not among today's cards): on the line under the summary
    let earlier = find(&buf, "MISSING 1").expect("the earlier departure");
    assert_eq!(earlier.1, 1);
    assert_eq!(testing::bg(&buf, earlier), theme::MISSING);
    assert!(
        find(&buf, "Avacha Bay boat trip 30.11").is_some(),
        "with its tour and start"
    );
    // everyone back: the red goes
    s.update(&c, Msg::Missing(Ok(vec![])), &mut out);
    let buf = draw(80, 21, |a, b| view::render(&s, &c, a, b));
    assert!(find(&buf, "MISSING").is_none());
}

#[test]
fn missing_in_russian() {
    let mut s = loaded();
    let c = testing::ctx_in(Role::Desk, crate::tui::strings::Lang::Ru);
    let mut out = Outbox::default();
    s.update(&c, Msg::Missing(Ok(vec![missing(1, 2)])), &mut out);
    let buf = draw(80, 21, |a, b| view::render(&s, &c, a, b));
    let at = find(&buf, "ПРОПАЛИ 2").expect("in Russian");
    assert_eq!(testing::bg(&buf, at), theme::MISSING);
}
