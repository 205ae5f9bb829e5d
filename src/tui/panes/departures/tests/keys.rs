//! Keys for everyone: loading, moving about, the calendar, going to the
//! pane that sells or checks in, and keys a role may not use.

use super::*;

#[test]
fn show_loads_sixty_days_from_local_midnight() {
    let mut s = State::default();
    let mut out = Outbox::default();
    s.show(&ctx(Role::Desk), &mut out);
    let Call::Load { from, to } = calls(&out)[0] else {
        panic!("expected a load, got {:?}", out.cmds)
    };
    let midnight = testing::TZ.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    use chrono::TimeZone;
    assert_eq!(*from, midnight.with_timezone(&Utc));
    assert_eq!(*to - *from, chrono::TimeDelta::days(60));
    assert!(s.loading);
}

#[test]
fn enter_sells_for_the_desk_and_checks_in_for_a_guide() {
    let mut s = state();
    let out = press(&mut s, &ctx(Role::Desk), code(KeyCode::Enter));
    assert_eq!(out.goto, Some((PaneId::Walkin, Some(DepartureId(1)))));
    let mut s = state();
    press(&mut s, &ctx(Role::Guide), code(KeyCode::Down));
    let out = press(&mut s, &ctx(Role::Guide), code(KeyCode::Enter));
    assert_eq!(out.goto, Some((PaneId::CheckIn, Some(DepartureId(2)))));
}

#[test]
fn manager_keys_are_refused_to_desk_and_guide() {
    for role in [Role::Guide, Role::Desk] {
        for k in ['a', 'W', 'X'] {
            let mut s = state();
            let out = press(&mut s, &ctx(role), testing::key(k));
            assert!(s.modal.is_none(), "{role:?} {k}");
            assert!(out.cmds.is_empty(), "{role:?} {k}: no call");
            let notice = out.notice.expect("explained");
            assert_eq!(notice.text, ctx(role).text.common.not_allowed);
        }
    }
    // the waitlist is the desk's, not the guide's
    let mut s = state();
    let out = press(&mut s, &ctx(Role::Guide), testing::key('w'));
    assert!(out.goto.is_none() && out.notice.is_some());
    let out = press(&mut s, &ctx(Role::Desk), testing::key('w'));
    assert_eq!(out.goto, Some((PaneId::Waitlist, Some(DepartureId(1)))));
}

#[test]
fn navigation_pages_and_stops_at_the_ends() {
    let deps: Vec<Departure> = (0..100).map(|i| departure(i, "Tour", i + 1, 10, 0, 0)).collect();
    let mut s = State::with_departures(deps, now());
    s.viewport.set(20);
    press(&mut s, &ctx(Role::Desk), code(KeyCode::PageDown));
    assert_eq!(s.selected, 20);
    assert_eq!(s.offset, 1, "the window follows just enough");
    press(&mut s, &ctx(Role::Desk), code(KeyCode::End));
    assert_eq!((s.selected, s.offset), (99, 80));
    press(&mut s, &ctx(Role::Desk), code(KeyCode::Down));
    assert_eq!(s.selected, 99);
    press(&mut s, &ctx(Role::Desk), code(KeyCode::Home));
    assert_eq!((s.selected, s.offset), (0, 0));
    press(&mut s, &ctx(Role::Desk), code(KeyCode::Up));
    assert_eq!(s.selected, 0);
}

#[test]
fn calendar_moves_by_day_and_month_and_jumps_the_list() {
    let mut s = state();
    press(&mut s, &ctx(Role::Guide), testing::key('c'));
    assert!(s.calendar);
    assert_eq!(s.day, chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
    press(&mut s, &ctx(Role::Guide), code(KeyCode::Right));
    press(&mut s, &ctx(Role::Guide), code(KeyCode::Right));
    press(&mut s, &ctx(Role::Guide), code(KeyCode::Enter));
    assert!(!s.calendar);
    assert_eq!(
        s.selected_row().unwrap().dep.id,
        DepartureId(5),
        "first departure on 3 December"
    );
    press(&mut s, &ctx(Role::Guide), testing::key('c'));
    press(&mut s, &ctx(Role::Guide), testing::key(']'));
    assert_eq!(s.day, chrono::NaiveDate::from_ymd_opt(2027, 1, 3));
    press(&mut s, &ctx(Role::Guide), code(KeyCode::Esc));
    assert!(!s.calendar);
}

#[test]
fn ctrl_keys_are_not_the_panes() {
    let s = state();
    let k = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert!(key(&s, &ctx(Role::Manager), &k).is_none());
}
