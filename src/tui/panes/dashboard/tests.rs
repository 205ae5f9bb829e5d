//! Keys, loading and charts of the dashboard.

use super::*;
use crate::booking::DayTourOccupancy;
use crate::domain::Role;
use crate::tui::action::Cmd;
use crate::tui::keymap::dashboard::key;
use crate::tui::testing::{self, ctx, departure, draw, find, now, text};
use crate::tui::theme;
use chrono::NaiveDate;

fn stats() -> Stats {
    let occ = |d: u32, tour: &str, capacity: i64, booked: i64| DayTourOccupancy {
        day: NaiveDate::from_ymd_opt(2026, 12, d).unwrap(),
        tour: tour.into(),
        departures: 1,
        capacity,
        booked,
        occupancy_percent: (booked * 1000 / capacity) as f64 / 10.0,
    };
    Stats {
        from: now(),
        to: now() + TimeDelta::days(30),
        occupancy: vec![
            occ(1, "Avachinsky volcano", 16, 14),
            occ(1, "Avacha Bay boat trip", 12, 12),
            occ(2, "Mutnovsky volcano", 20, 5),
            occ(3, "Avachinsky volcano", 16, 10),
            occ(4, "Khalaktyrsky beach", 30, 20),
            occ(5, "Avacha Bay boat trip", 8, 8),
        ],
        revenue_minor: 12_345_600,
        refunds_minor: 2_250_000,
        bookings: 42,
        cancellations_by_reason: [("customer".to_string(), 4), ("weather".to_string(), 3)]
            .into_iter()
            .collect(),
        currency: crate::domain::money::Currency::RUB,
    }
}

fn loaded() -> State {
    let mut s = State::default();
    let mut out = Outbox::default();
    let c = ctx(Role::Manager);
    s.show(&c, &mut out);
    let today = vec![
        departure(1, "Avachinsky volcano", 2, 16, 12, 2),
        departure(2, "Avacha Bay boat trip", 4, 12, 12, 0),
    ];
    let counts = vec![(DepartureId(1), 6), (DepartureId(2), 12)];
    s.update(
        &c,
        Msg::Loaded(Period::Next, Box::new(Ok((stats(), (today, counts))))),
        &mut out,
    );
    s
}

#[test]
fn loads_on_show_and_on_r_and_never_on_a_tick() {
    let c = ctx(Role::Manager);
    let mut s = State::default();
    let mut out = Outbox::default();
    s.show(&c, &mut out);
    let [Cmd::Call(PaneCall::Dashboard(Call::Load { period, from, to, .. }))] = &out.cmds[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(*period, Period::Next);
    assert_eq!(*to - *from, TimeDelta::days(30));
    let mut out = Outbox::default();
    assert!(!s.tick(&c, &mut out) && out.cmds.is_empty());
    let msg = key(&s, &c, &testing::key('r')).unwrap();
    s.update(&c, msg, &mut out);
    assert_eq!(out.cmds.len(), 1);
    // p switches to the last 30 days, which end at local midnight
    let mut out = Outbox::default();
    let msg = key(&s, &c, &testing::key('p')).unwrap();
    s.update(&c, msg, &mut out);
    let [Cmd::Call(PaneCall::Dashboard(Call::Load { period, to, .. }))] = &out.cmds[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(*period, Period::Past);
    assert!(*to <= now());
    // a late answer for the other period is dropped
    s.update(
        &c,
        Msg::Loaded(Period::Next, Box::new(Ok((stats(), (vec![], vec![]))))),
        &mut out,
    );
    assert!(s.stats.is_none());
}

#[test]
fn nobody_but_a_manager_loads_or_keys_it() {
    for role in [Role::Guide, Role::Desk] {
        let c = ctx(role);
        let mut s = State::default();
        let mut out = Outbox::default();
        s.show(&c, &mut out);
        assert!(out.cmds.is_empty());
        assert!(key(&s, &c, &testing::key('r')).is_none());
        s.update(&c, Msg::Reload, &mut out);
        assert!(out.cmds.is_empty());
    }
}

#[test]
fn dashboard_80x21_and_200x47() {
    let s = loaded();
    let c = ctx(Role::Manager);
    insta::assert_snapshot!(
        "dashboard_80x21",
        text(&draw(80, 21, |a, b| view::render(&s, &c, a, b)))
    );
    insta::assert_snapshot!(
        "dashboard_200x47",
        text(&draw(200, 47, |a, b| view::render(&s, &c, a, b)))
    );
}

#[test]
fn day_bars_are_coloured_by_occupancy() {
    let s = loaded();
    let c = ctx(Role::Manager);
    let buf = draw(80, 21, |a, b| view::render(&s, &c, a, b));
    // the value labels sit on their bars: 1 Dec 92 % red, 2 Dec 25 % green
    assert_eq!(testing::bg(&buf, find(&buf, "92").unwrap()), theme::FULL);
    assert_eq!(testing::bg(&buf, find(&buf, "25").unwrap()), theme::FREE);
    assert!(text(&buf).contains("123 456.00 RUB"));
    // check-in progress: 6 of 12 is half a green line
    let (x, y) = find(&buf, "6/12").unwrap();
    let line: Vec<_> = (x + 5..buf.area.width).map(|x| &buf[(x, y)]).collect();
    assert!(line.iter().any(|c| c.symbol() == "━" && c.fg == theme::ADMITTED));
    assert!(line.iter().any(|c| c.symbol() == "─" && c.fg == theme::MUTED));
}
