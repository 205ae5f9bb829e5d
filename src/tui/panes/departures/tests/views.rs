//! What the user sees, at 80×21 (an 80×24 terminal) and 200×47.

use super::*;

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
    press(&mut s, &ctx(Role::Desk), testing::key('c'));
    let buf = render(&s, Role::Desk, 80, 21);
    insta::assert_snapshot!("calendar_80x21", text(&buf));
}

#[test]
fn many_known_tours_leave_the_add_form_keys_readable() {
    let mut s = state();
    press(&mut s, &ctx(Role::Manager), testing::key('a'));
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
    answer(
        &mut s,
        &ctx(Role::Manager),
        Msg::Tours(Ok(tours.map(String::from).to_vec())),
    );
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
    press(&mut s, &ctx(Role::Manager), testing::key('a'));
    answer(
        &mut s,
        &ctx(Role::Manager),
        Msg::Tours(Ok(vec!["Avachinsky volcano".into(), "Mutnovsky volcano".into()])),
    );
    for _ in 0..3 {
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Tab));
    }
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Backspace));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Backspace));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Enter));
    insta::assert_snapshot!("add_form_80x21", text(&render(&s, Role::Manager, 80, 21)));
    insta::assert_snapshot!("add_form_200x47", text(&render(&s, Role::Manager, 200, 47)));
}

#[test]
fn weather_form_80x21() {
    let mut s = state();
    press(&mut s, &ctx(Role::Manager), testing::key('W'));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Right));
    for c in "gusts 20 m/s".chars() {
        press(&mut s, &ctx(Role::Manager), testing::key(c));
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
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Down));
    }
    press(&mut s, &ctx(Role::Manager), testing::key('X'));
    answer(&mut s, &ctx(Role::Manager), Msg::Counted(DepartureId(5), Ok(2)));
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
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Down));
    }
    press(&mut s, &ctx(Role::Manager), testing::key('X'));
    insta::assert_snapshot!("confirm_counting_80x21", text(&render(&s, Role::Manager, 80, 21)));
    answer(&mut s, &ctx(Role::Manager), Msg::Counted(DepartureId(5), Ok(2)));
    insta::assert_snapshot!("confirm_80x21", text(&render(&s, Role::Manager, 80, 21)));
    press(&mut s, &ctx(Role::Manager), testing::key('y'));
    insta::assert_snapshot!("cancelling_80x21", text(&render(&s, Role::Manager, 80, 21)));
    answer(
        &mut s,
        &ctx(Role::Manager),
        Msg::Cancelled(DepartureId(5), Ok(cancellation())),
    );
    let buf = render(&s, Role::Manager, 80, 21);
    insta::assert_snapshot!("cancelled_80x21", text(&buf));
    insta::assert_snapshot!("cancelled_200x47", text(&render(&s, Role::Manager, 200, 47)));
    assert!(
        text(&buf).contains("Parties to rebook  3"),
        "weather keeps the money: no refund shown"
    );
}

#[test]
fn ten_thousand_rows_draw_only_the_window() {
    let deps: Vec<Departure> = (0..10_000)
        .map(|i| departure(i, "Avachinsky volcano", i / 10 + 1, 16, (i % 17) as i32, 0))
        .collect();
    let mut s = State::with_departures(deps, now());
    press(&mut s, &ctx(Role::Desk), code(KeyCode::End));
    let buf = render(&s, Role::Desk, 200, 50);
    assert!(text(&buf).contains("10000 departures"));
    // the last row is on screen, selected, just above the footer
    let last = buf.area.height - 2;
    assert!(buf[(0, last)].modifier.contains(ratatui::style::Modifier::REVERSED));
}
