//! Keys, updates, rendering and colours of the departures pane.

use super::*;
use crate::booking::Alternative;
use crate::domain::Role;
use crate::tui::action::Cmd;
use crate::tui::keymap::departures::key;
use crate::tui::panes::{Outbox, PaneCall, PaneId};
use crate::tui::testing::{self, code, ctx, departure, draw, fg, find, now, text};
use crate::tui::theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

/// A week of departures: held seats, a full one with a waitlist, weather
/// watch and danger, a cancelled one.
fn fixtures() -> Vec<Departure> {
    let mut v = vec![
        departure(1, "Avachinsky volcano", 2, 16, 12, 2),
        departure(2, "Avacha Bay boat trip", 4, 12, 12, 0),
        departure(3, "Mutnovsky volcano", 26, 20, 5, 0),
        departure(4, "Vilyuchinsky waterfall", 28, 10, 0, 0),
        departure(5, "Avachinsky volcano", 50, 16, 3, 1),
        departure(6, "Khalaktyrsky beach", 75, 30, 20, 0),
        departure(7, "Avacha Bay boat trip", 98, 8, 8, 0),
    ];
    v[1].waitlist = 3;
    v[2].weather_status = "watch".into();
    v[2].weather_note = "wind 15 m/s".into();
    v[3].status = "cancelled".into();
    v[3].weather_status = "danger".into();
    v[4].weather_status = "danger".into();
    v
}

fn state() -> State {
    State::with_departures(fixtures(), now())
}

fn press(s: &mut State, role: Role, k: KeyEvent) -> Outbox {
    let c = ctx(role);
    let mut out = Outbox::default();
    if let Some(msg) = key(s, &c, &k) {
        s.update(&c, msg, &mut out);
    }
    out
}

fn msg(s: &mut State, role: Role, m: Msg) -> Outbox {
    let mut out = Outbox::default();
    s.update(&ctx(role), m, &mut out);
    out
}

fn calls(out: &Outbox) -> Vec<&Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Departures(c)) => Some(c),
            _ => None,
        })
        .collect()
}

fn render(s: &State, role: Role, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let c = ctx(role);
    draw(w, h, |area, buf| view::render(s, &c, area, buf))
}

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
    let out = press(&mut s, Role::Desk, code(KeyCode::Enter));
    assert_eq!(out.goto, Some((PaneId::Walkin, Some(DepartureId(1)))));
    let mut s = state();
    press(&mut s, Role::Guide, code(KeyCode::Down));
    let out = press(&mut s, Role::Guide, code(KeyCode::Enter));
    assert_eq!(out.goto, Some((PaneId::CheckIn, Some(DepartureId(2)))));
}

#[test]
fn manager_keys_are_refused_to_desk_and_guide() {
    for role in [Role::Guide, Role::Desk] {
        for k in ['a', 'W', 'X'] {
            let mut s = state();
            let out = press(&mut s, role, testing::key(k));
            assert!(s.modal.is_none(), "{role:?} {k}");
            assert!(out.cmds.is_empty(), "{role:?} {k}: no call");
            let notice = out.notice.expect("explained");
            assert_eq!(notice.text, ctx(role).text.common.not_allowed);
        }
    }
    // the waitlist is the desk's, not the guide's
    let mut s = state();
    let out = press(&mut s, Role::Guide, testing::key('w'));
    assert!(out.goto.is_none() && out.notice.is_some());
    let out = press(&mut s, Role::Desk, testing::key('w'));
    assert_eq!(out.goto, Some((PaneId::Waitlist, Some(DepartureId(1)))));
}

#[test]
fn navigation_pages_and_stops_at_the_ends() {
    let deps: Vec<Departure> = (0..100).map(|i| departure(i, "Tour", i + 1, 10, 0, 0)).collect();
    let mut s = State::with_departures(deps, now());
    s.viewport.set(20);
    press(&mut s, Role::Desk, code(KeyCode::PageDown));
    assert_eq!(s.selected, 20);
    assert_eq!(s.offset, 1, "the window follows just enough");
    press(&mut s, Role::Desk, code(KeyCode::End));
    assert_eq!((s.selected, s.offset), (99, 80));
    press(&mut s, Role::Desk, code(KeyCode::Down));
    assert_eq!(s.selected, 99);
    press(&mut s, Role::Desk, code(KeyCode::Home));
    assert_eq!((s.selected, s.offset), (0, 0));
    press(&mut s, Role::Desk, code(KeyCode::Up));
    assert_eq!(s.selected, 0);
}

#[test]
fn a_live_change_refetches_one_departure_and_replaces_its_row() {
    let mut s = state();
    press(&mut s, Role::Desk, code(KeyCode::Down)); // Avacha Bay, id 2
    let mut out = Outbox::default();
    s.departure_changed(&ctx(Role::Desk), DepartureId(5), true, &mut out);
    assert!(matches!(calls(&out)[..], [Call::One(DepartureId(5))]));
    // hidden: nothing now, the next show reloads everything
    let mut out = Outbox::default();
    s.departure_changed(&ctx(Role::Desk), DepartureId(5), false, &mut out);
    assert!(out.cmds.is_empty());
    // and no polling
    assert!(!s.tick(&ctx(Role::Desk), &mut out) && out.cmds.is_empty());

    let mut fresh = departure(5, "Avachinsky volcano", 50, 16, 9, 0);
    fresh.weather_status = "danger".into();
    msg(&mut s, Role::Desk, Msg::One(DepartureId(5), Ok(Box::new(fresh))));
    assert_eq!(s.rows.len(), 7);
    let row = s.rows.iter().find(|r| r.dep.id == DepartureId(5)).unwrap();
    assert_eq!((row.dep.booked, row.dep.held), (9, 0));
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(2), "selection stays put");

    // a new departure arrives in order, and the selection follows its row
    msg(
        &mut s,
        Role::Desk,
        Msg::One(DepartureId(9), Ok(Box::new(departure(9, "Early boat", 1, 10, 0, 0)))),
    );
    assert_eq!(s.rows[0].dep.id, DepartureId(9));
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(2));
    // gone from the core: gone from the list
    let gone = crate::tui::action::UiError {
        code: "NOT_FOUND".into(),
        message: "departure 9 not found".into(),
    };
    msg(&mut s, Role::Desk, Msg::One(DepartureId(9), Err(gone)));
    assert_eq!(s.rows.len(), 7);
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(2));
}

#[test]
fn reload_keeps_the_selected_departure() {
    let mut s = state();
    press(&mut s, Role::Desk, code(KeyCode::Down));
    press(&mut s, Role::Desk, code(KeyCode::Down));
    let mut deps = fixtures();
    deps.insert(0, departure(9, "Early boat", 1, 10, 0, 0));
    msg(&mut s, Role::Desk, Msg::Loaded(Ok(deps)));
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(3));
}

#[test]
fn add_form_sends_minor_units_and_the_operators_local_time() {
    let mut s = state();
    let out = press(&mut s, Role::Manager, testing::key('a'));
    assert!(matches!(calls(&out)[..], [Call::Tours]));
    msg(
        &mut s,
        Role::Manager,
        Msg::Tours(Ok(vec!["Avachinsky volcano".into(), "Mutnovsky volcano".into()])),
    );
    // copied from the selected departure; pick the next known tour instead
    press(&mut s, Role::Manager, code(KeyCode::PageDown));
    let Some(Modal::Add(f)) = &s.modal else { panic!() };
    assert_eq!(f.values[0], "Mutnovsky volcano");
    assert_eq!(f.values[1], "2026-12-02", "tomorrow in the operator's zone");
    // the time: 14:30
    press(&mut s, Role::Manager, code(KeyCode::Tab));
    press(&mut s, Role::Manager, code(KeyCode::Tab));
    for _ in 0..5 {
        press(&mut s, Role::Manager, code(KeyCode::Backspace));
    }
    for c in "14:30".chars() {
        press(&mut s, Role::Manager, testing::key(c));
    }
    // the adult price: 8 200,50
    press(&mut s, Role::Manager, code(KeyCode::Tab));
    press(&mut s, Role::Manager, code(KeyCode::Tab));
    for _ in 0..10 {
        press(&mut s, Role::Manager, code(KeyCode::Backspace));
    }
    for c in "8 200,50".chars() {
        press(&mut s, Role::Manager, testing::key(c));
    }
    let out = press(&mut s, Role::Manager, code(KeyCode::Enter));
    let [Call::Add(new)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(new.tour, "Mutnovsky volcano");
    assert_eq!(new.adult_price_minor, 820_050);
    assert_eq!(new.child_price_minor, 450_000);
    assert_eq!(new.capacity, 16);
    assert_eq!(new.time_zone, testing::TZ);
    // 14:30 in Kamchatka (UTC+12) is 02:30 UTC
    assert_eq!(new.starts_at.to_rfc3339(), "2026-12-02T02:30:00+00:00");
    // a second Enter while busy sends nothing
    assert!(press(&mut s, Role::Manager, code(KeyCode::Enter)).cmds.is_empty());
    let out = msg(&mut s, Role::Manager, Msg::Added(Ok((DepartureId(42), false))));
    assert!(s.modal.is_none());
    assert!(matches!(calls(&out)[..], [Call::Load { .. }]));
    let mut deps = fixtures();
    deps.push(departure(42, "Mutnovsky volcano", 19, 16, 0, 0));
    msg(&mut s, Role::Manager, Msg::Loaded(Ok(deps)));
    assert_eq!(
        s.selected_row().unwrap().dep.id,
        DepartureId(42),
        "the new one is selected"
    );
}

#[test]
fn add_form_points_at_the_wrong_field() {
    let mut s = state();
    press(&mut s, Role::Manager, testing::key('a'));
    for _ in 0..3 {
        press(&mut s, Role::Manager, code(KeyCode::Tab));
    }
    press(&mut s, Role::Manager, code(KeyCode::Backspace));
    press(&mut s, Role::Manager, code(KeyCode::Backspace));
    press(&mut s, Role::Manager, testing::key('0'));
    press(&mut s, Role::Manager, code(KeyCode::BackTab));
    let out = press(&mut s, Role::Manager, code(KeyCode::Enter));
    assert!(out.cmds.is_empty());
    let Some(Modal::Add(f)) = &s.modal else { panic!() };
    assert_eq!(f.error, Some((form::Field::Capacity, form::FormError::BadCapacity)));
    assert_eq!(f.field(), form::Field::Capacity);
    // digits type into the field: they do not switch panes
    assert!(s.typing());
}

fn cancellation() -> DepartureCancellation {
    let alt = |id: i64, hours: i64, free: i32| Alternative {
        departure_id: DepartureId(id),
        starts_at: now() + chrono::TimeDelta::hours(hours),
        time_zone: testing::TZ.name().into(),
        free,
    };
    DepartureCancellation {
        departure_id: DepartureId(5),
        bookings_cancelled: 3,
        refund_percent: 100,
        refund_total_minor: 2_250_000,
        notifications_queued: 3,
        already_cancelled: false,
        alternatives: vec![alt(11, 74, 6), alt(12, 122, 16)],
    }
}

#[test]
fn weather_cancel_confirms_then_shows_refunds_and_alternatives() {
    let mut s = state();
    for _ in 0..4 {
        press(&mut s, Role::Manager, code(KeyCode::Down));
    }
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(5));
    let out = press(&mut s, Role::Manager, testing::key('X'));
    assert!(matches!(calls(&out)[..], [Call::CountBookings(DepartureId(5))]));
    msg(&mut s, Role::Manager, Msg::Counted(DepartureId(5), Ok(2)));
    assert!(matches!(
        s.modal,
        Some(Modal::Confirm {
            bookings: Some(2),
            people: 3,
            ..
        })
    ));
    // n keeps it
    press(&mut s, Role::Manager, testing::key('n'));
    assert!(s.modal.is_none());
    press(&mut s, Role::Manager, testing::key('X'));
    let out = press(&mut s, Role::Manager, testing::key('y'));
    assert!(matches!(calls(&out)[..], [Call::CancelForWeather(DepartureId(5))]));
    assert!(matches!(s.modal, Some(Modal::Cancelling(_))));
    // Esc cannot lose the result of a cancellation under way
    press(&mut s, Role::Manager, code(KeyCode::Esc));
    assert!(matches!(s.modal, Some(Modal::Cancelling(_))));
    let out = msg(
        &mut s,
        Role::Manager,
        Msg::Cancelled(DepartureId(5), Ok(cancellation())),
    );
    assert!(
        matches!(calls(&out)[..], [Call::One(DepartureId(5))]),
        "the row refreshes"
    );
    press(&mut s, Role::Manager, code(KeyCode::Down));
    let out = press(&mut s, Role::Manager, code(KeyCode::Enter));
    assert_eq!(out.goto, Some((PaneId::Walkin, Some(DepartureId(12)))));
}

#[test]
fn a_cancelled_departure_is_not_cancelled_twice() {
    let mut s = state();
    for _ in 0..3 {
        press(&mut s, Role::Manager, code(KeyCode::Down));
    }
    let out = press(&mut s, Role::Manager, testing::key('X'));
    assert!(out.cmds.is_empty() && s.modal.is_none());
    assert_eq!(
        out.notice.unwrap().text,
        ctx(Role::Manager).text.departures.already_cancelled
    );
}

#[test]
fn weather_form_cycles_status_and_saves_with_a_note() {
    let mut s = state();
    press(&mut s, Role::Manager, testing::key('W'));
    press(&mut s, Role::Manager, code(KeyCode::Right));
    press(&mut s, Role::Manager, code(KeyCode::Right));
    for c in "ash".chars() {
        press(&mut s, Role::Manager, testing::key(c));
    }
    let out = press(&mut s, Role::Manager, code(KeyCode::Enter));
    let [Call::SetWeather { id, status, note }] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(
        (*id, *status, note.as_str()),
        (DepartureId(1), WeatherStatus::Danger, "ash")
    );
    let out = msg(&mut s, Role::Manager, Msg::WeatherSet(DepartureId(1), Ok(())));
    assert!(s.modal.is_none());
    assert!(matches!(calls(&out)[..], [Call::One(DepartureId(1))]));
}

#[test]
fn calendar_moves_by_day_and_month_and_jumps_the_list() {
    let mut s = state();
    press(&mut s, Role::Guide, testing::key('c'));
    assert!(s.calendar);
    assert_eq!(s.day, chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
    press(&mut s, Role::Guide, code(KeyCode::Right));
    press(&mut s, Role::Guide, code(KeyCode::Right));
    press(&mut s, Role::Guide, code(KeyCode::Enter));
    assert!(!s.calendar);
    assert_eq!(
        s.selected_row().unwrap().dep.id,
        DepartureId(5),
        "first departure on 3 December"
    );
    press(&mut s, Role::Guide, testing::key('c'));
    press(&mut s, Role::Guide, testing::key(']'));
    assert_eq!(s.day, chrono::NaiveDate::from_ymd_opt(2027, 1, 3));
    press(&mut s, Role::Guide, code(KeyCode::Esc));
    assert!(!s.calendar);
}

#[test]
fn ctrl_keys_are_not_the_panes() {
    let s = state();
    let k = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert!(key(&s, &ctx(Role::Manager), &k).is_none());
}

// ---- rendering ----

#[test]
fn list_80x21() {
    let buf = render(&state(), Role::Desk, 80, 21);
    insta::assert_snapshot!("list_80x21", text(&buf));
}

#[test]
fn list_and_calendar_200x47() {
    let buf = render(&state(), Role::Manager, 200, 47);
    insta::assert_snapshot!("list_200x47", text(&buf));
}

#[test]
fn list_in_russian() {
    let s = state();
    let c = testing::ctx_in(Role::Manager, crate::tui::strings::Lang::Ru);
    let buf = draw(80, 21, |area, buf| view::render(&s, &c, area, buf));
    insta::assert_snapshot!("list_ru_80x21", text(&buf));
}

#[test]
fn calendar_80x21() {
    let mut s = state();
    press(&mut s, Role::Desk, testing::key('c'));
    let buf = render(&s, Role::Desk, 80, 21);
    insta::assert_snapshot!("calendar_80x21", text(&buf));
}

#[test]
fn many_known_tours_leave_the_add_form_keys_readable() {
    let mut s = state();
    press(&mut s, Role::Manager, testing::key('a'));
    let tours = [
        "Avacha Bay boat trip",
        "Avachinsky volcano ascent",
        "Kurile Lake bear watching",
        "Mutnovsky volcano",
        "Paratunka hot springs",
        "Rafting on the Bystraya",
        "Valley of Geysers by helicopter",
        "Vilyuchinsky waterfalls",
    ];
    msg(&mut s, Role::Manager, Msg::Tours(Ok(tours.map(String::from).to_vec())));
    for lang in [crate::tui::strings::Lang::En, crate::tui::strings::Lang::Ru] {
        let c = testing::ctx_in(Role::Manager, lang);
        let buf = draw(80, 21, |area, buf| view::render(&s, &c, area, buf));
        let text = text(&buf);
        assert!(text.contains(c.text.departures.add_hint), "{text}");
        for tour in tours {
            assert!(text.contains(tour), "{tour} missing in\n{text}");
        }
    }
}

#[test]
fn add_form_80x21_and_200x47() {
    let mut s = state();
    press(&mut s, Role::Manager, testing::key('a'));
    msg(
        &mut s,
        Role::Manager,
        Msg::Tours(Ok(vec!["Avachinsky volcano".into(), "Mutnovsky volcano".into()])),
    );
    for _ in 0..3 {
        press(&mut s, Role::Manager, code(KeyCode::Tab));
    }
    press(&mut s, Role::Manager, code(KeyCode::Backspace));
    press(&mut s, Role::Manager, code(KeyCode::Backspace));
    press(&mut s, Role::Manager, code(KeyCode::Enter));
    insta::assert_snapshot!("add_form_80x21", text(&render(&s, Role::Manager, 80, 21)));
    insta::assert_snapshot!("add_form_200x47", text(&render(&s, Role::Manager, 200, 47)));
}

#[test]
fn weather_form_80x21() {
    let mut s = state();
    press(&mut s, Role::Manager, testing::key('W'));
    press(&mut s, Role::Manager, code(KeyCode::Right));
    for c in "gusts 20 m/s".chars() {
        press(&mut s, Role::Manager, testing::key(c));
    }
    let buf = render(&s, Role::Manager, 80, 21);
    insta::assert_snapshot!("weather_form_80x21", text(&buf));
    // the chosen status is a coloured panel, the others plain
    let (x, y) = find(&buf, "✓ ok   ⚠ watch").unwrap();
    assert_eq!(testing::bg(&buf, (x + 7, y)), theme::HELD);
    assert_eq!(testing::bg(&buf, (x, y)), Color::Reset);
}

#[test]
fn a_long_tour_name_does_not_push_the_confirm_keys_out_of_the_box() {
    let mut s = state();
    for r in s.rows.iter_mut().filter(|r| r.dep.id == DepartureId(5)) {
        r.dep.tour = "Valley of Geysers and Uzon caldera by helicopter".into();
    }
    for _ in 0..4 {
        press(&mut s, Role::Manager, code(KeyCode::Down));
    }
    press(&mut s, Role::Manager, testing::key('X'));
    msg(&mut s, Role::Manager, Msg::Counted(DepartureId(5), Ok(2)));
    let ru = testing::ctx_in(Role::Manager, crate::tui::strings::Lang::Ru);
    let buf = draw(80, 21, |area, buf| view::render(&s, &ru, area, buf));
    let text = text(&buf);
    assert!(text.contains("y — отменить отправление · n — оставить"), "{text}");
    assert!(text.contains("из-за погоды?"), "{text}");
}

#[test]
fn weather_cancel_confirmation_and_result() {
    let mut s = state();
    for _ in 0..4 {
        press(&mut s, Role::Manager, code(KeyCode::Down));
    }
    press(&mut s, Role::Manager, testing::key('X'));
    insta::assert_snapshot!("confirm_counting_80x21", text(&render(&s, Role::Manager, 80, 21)));
    msg(&mut s, Role::Manager, Msg::Counted(DepartureId(5), Ok(2)));
    insta::assert_snapshot!("confirm_80x21", text(&render(&s, Role::Manager, 80, 21)));
    press(&mut s, Role::Manager, testing::key('y'));
    insta::assert_snapshot!("cancelling_80x21", text(&render(&s, Role::Manager, 80, 21)));
    msg(
        &mut s,
        Role::Manager,
        Msg::Cancelled(DepartureId(5), Ok(cancellation())),
    );
    let buf = render(&s, Role::Manager, 80, 21);
    insta::assert_snapshot!("cancelled_80x21", text(&buf));
    insta::assert_snapshot!("cancelled_200x47", text(&render(&s, Role::Manager, 200, 47)));
    assert!(text(&buf).contains("22 500.00 RUB (100 %)"));
}

// ---- colours ----

/// The colours of a row's seat bar, cell by cell.
fn bar_colours(buf: &ratatui::buffer::Buffer, row_text: &str) -> Vec<Color> {
    let header = find(buf, "Seats").unwrap();
    let y = find(buf, row_text).unwrap().1;
    let mut x = header.0;
    let mut out = Vec::new();
    while matches!(buf[(x, y)].symbol(), "█" | "░") {
        out.push(buf[(x, y)].fg);
        x += 1;
    }
    out
}

#[test]
fn seat_bar_booked_blue_held_yellow_free_green_full_red() {
    let mut s = state();
    s.selected = 6; // away from the rows checked
    let buf = render(&s, Role::Desk, 80, 21);
    let bar = bar_colours(&buf, "12+2/16");
    assert!(bar.len() >= 6);
    assert_eq!(bar[0], theme::BOOKED);
    assert!(bar.contains(&theme::HELD), "{bar:?}");
    assert_eq!(*bar.last().unwrap(), theme::FREE);
    let full = bar_colours(&buf, "12/12");
    assert!(full.iter().all(|c| *c == theme::FULL), "{full:?}");
    assert_eq!(fg(&buf, find(&buf, "12/12").unwrap()), theme::FULL);
    assert_eq!(fg(&buf, find(&buf, "full").unwrap()), theme::FULL);
}

#[test]
fn weather_badges_are_coloured() {
    let buf = render(&state(), Role::Desk, 80, 21);
    assert_eq!(fg(&buf, find(&buf, "⛔").unwrap()), theme::FULL);
    assert_eq!(fg(&buf, find(&buf, "danger").unwrap()), theme::FULL);
    assert_eq!(fg(&buf, find(&buf, "⚠ watch").unwrap()), theme::HELD);
    assert_eq!(fg(&buf, find(&buf, "✓ ok").unwrap()), theme::FREE);
    assert_eq!(fg(&buf, find(&buf, "cancelled").unwrap()), theme::FULL);
}

#[test]
fn calendar_days_are_coloured_by_occupancy() {
    let mut s = state();
    press(&mut s, Role::Desk, testing::key('c'));
    let buf = render(&s, Role::Desk, 80, 21);
    // 1 December (a Tuesday, the cursor): 24 of 28 seats, 85 %
    let (x, y) = find(&buf, "[ 1]").unwrap();
    assert_eq!(testing::bg(&buf, (x, y)), theme::HELD);
    // 2nd: 5 of 20 (the cancelled departure does not count)
    assert_eq!(testing::bg(&buf, (x + 4, y)), theme::FREE);
    // 4th: 20 of 30, 66 %; 5th: 8 of 8, full
    assert_eq!(testing::bg(&buf, (x + 12, y)), theme::HELD);
    assert_eq!(testing::bg(&buf, (x + 16, y)), theme::FULL);
    // 6th: nothing departs
    assert_eq!(testing::bg(&buf, (x + 20, y)), Color::Reset);
}

#[test]
fn ten_thousand_rows_draw_only_the_window() {
    let deps: Vec<Departure> = (0..10_000)
        .map(|i| departure(i, "Avachinsky volcano", i / 10 + 1, 16, (i % 17) as i32, 0))
        .collect();
    let mut s = State::with_departures(deps, now());
    press(&mut s, Role::Desk, code(KeyCode::End));
    let buf = render(&s, Role::Desk, 200, 50);
    assert!(text(&buf).contains("10000 departures"));
    // the last row is on screen, selected, just above the footer
    let last = buf.area.height - 2;
    assert!(buf[(0, last)].modifier.contains(ratatui::style::Modifier::REVERSED));
}
