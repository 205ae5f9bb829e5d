//! The manager's forms: adding a departure, setting the weather, cancelling
//! a departure for weather.

use super::*;

#[test]
fn add_form_sends_minor_units_and_the_operators_local_time() {
    let mut s = state();
    let out = press(&mut s, &ctx(Role::Manager), testing::key('a'));
    assert!(matches!(calls(&out)[..], [Call::Tours]));
    answer(
        &mut s,
        &ctx(Role::Manager),
        Msg::Tours(Ok(vec!["Avachinsky volcano".into(), "Mutnovsky volcano".into()])),
    );
    // copied from the selected departure; pick the next known tour instead
    press(&mut s, &ctx(Role::Manager), code(KeyCode::PageDown));
    let Some(Modal::Add(f)) = &s.modal else { panic!() };
    assert_eq!(f.values[0], "Mutnovsky volcano");
    assert_eq!(f.values[1], "2026-12-02", "tomorrow in the operator's zone");
    // the time: 14:30
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Tab));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Tab));
    for _ in 0..5 {
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Backspace));
    }
    for c in "14:30".chars() {
        press(&mut s, &ctx(Role::Manager), testing::key(c));
    }
    // the adult price: 8 200,50
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Tab));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Tab));
    for _ in 0..10 {
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Backspace));
    }
    for c in "8 200,50".chars() {
        press(&mut s, &ctx(Role::Manager), testing::key(c));
    }
    let out = press(&mut s, &ctx(Role::Manager), code(KeyCode::Enter));
    let [Call::Add(new)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(new.tour, "Mutnovsky volcano");
    assert_eq!(new.adult_price_minor, 820_050);
    assert_eq!(new.child_price_minor, 450_000);
    // the picked tour's own seats (its departure lists 20), not the copied one's 16
    assert_eq!(new.capacity, 20);
    assert_eq!(new.currency, "RUB");
    assert_eq!(new.time_zone, testing::TZ);
    // 14:30 in Kamchatka (UTC+12) is 02:30 UTC
    assert_eq!(new.starts_at.to_rfc3339(), "2026-12-02T02:30:00+00:00");
    // a second Enter while busy sends nothing
    assert!(press(&mut s, &ctx(Role::Manager), code(KeyCode::Enter)).cmds.is_empty());
    let out = answer(&mut s, &ctx(Role::Manager), Msg::Added(Ok((DepartureId(42), false))));
    assert!(s.modal.is_none());
    assert!(matches!(calls(&out)[..], [Call::Load { .. }]));
    let mut deps = fixtures();
    deps.push(departure(42, "Mutnovsky volcano", 19, 16, 0, 0));
    answer(&mut s, &ctx(Role::Manager), Msg::Loaded(Ok(deps)));
    assert_eq!(
        s.selected_row().unwrap().dep.id,
        DepartureId(42),
        "the new one is selected"
    );
}

#[test]
fn add_form_points_at_the_wrong_field() {
    let mut s = state();
    press(&mut s, &ctx(Role::Manager), testing::key('a'));
    for _ in 0..3 {
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Tab));
    }
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Backspace));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Backspace));
    press(&mut s, &ctx(Role::Manager), testing::key('0'));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::BackTab));
    let out = press(&mut s, &ctx(Role::Manager), code(KeyCode::Enter));
    assert!(out.cmds.is_empty());
    let Some(Modal::Add(f)) = &s.modal else { panic!() };
    assert_eq!(f.error, Some((form::Field::Capacity, form::FormError::BadCapacity)));
    assert_eq!(f.field(), form::Field::Capacity);
    // digits type into the field: they do not switch panes
    assert!(s.typing());
}

#[test]
fn weather_cancel_confirms_then_shows_parties_to_rebook_and_alternatives() {
    let mut s = state();
    for _ in 0..4 {
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Down));
    }
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(5));
    let out = press(&mut s, &ctx(Role::Manager), testing::key('X'));
    assert!(matches!(calls(&out)[..], [Call::CountBookings(DepartureId(5))]));
    answer(&mut s, &ctx(Role::Manager), Msg::Counted(DepartureId(5), Ok(2)));
    assert!(matches!(
        s.modal,
        Some(Modal::Confirm {
            bookings: Some(2),
            people: 3,
            ..
        })
    ));
    // n keeps it
    press(&mut s, &ctx(Role::Manager), testing::key('n'));
    assert!(s.modal.is_none());
    press(&mut s, &ctx(Role::Manager), testing::key('X'));
    let out = press(&mut s, &ctx(Role::Manager), testing::key('y'));
    assert!(matches!(calls(&out)[..], [Call::CancelForWeather(DepartureId(5))]));
    assert!(matches!(s.modal, Some(Modal::Cancelling(_))));
    // Esc cannot lose the result of a cancellation under way
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Esc));
    assert!(matches!(s.modal, Some(Modal::Cancelling(_))));
    let out = answer(
        &mut s,
        &ctx(Role::Manager),
        Msg::Cancelled(DepartureId(5), Ok(cancellation())),
    );
    assert!(
        matches!(calls(&out)[..], [Call::One(DepartureId(5))]),
        "the row refreshes"
    );
    assert_eq!(
        out.notice.map(|n| n.text).as_deref(),
        Some("Departure cancelled: 3 parties to rebook."),
        "weather keeps the money: nothing is said to be refunded"
    );
    // Enter: its parties to rebook (not a fresh sale), the alternative chosen
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Down));
    let out = press(&mut s, &ctx(Role::Manager), code(KeyCode::Enter));
    assert_eq!(out.goto, None);
    assert_eq!(out.rebook, Some((DepartureId(5), Some(DepartureId(12)))));
    assert!(s.modal.is_none());
    // later, from the list: p (or Enter) on the cancelled row
    let mut dep = s.selected_row().unwrap().dep.clone();
    dep.status = DepartureStatus::Cancelled;
    answer(&mut s, &ctx(Role::Manager), Msg::One(DepartureId(5), Ok(Box::new(dep))));
    let out = press(&mut s, &ctx(Role::Manager), testing::key('p'));
    assert_eq!(out.rebook, Some((DepartureId(5), None)));
}

#[test]
fn p_on_a_departure_that_runs_says_it_has_no_parties_to_rebook() {
    let mut s = state();
    let out = press(&mut s, &ctx(Role::Desk), testing::key('з'));
    assert_eq!(out.rebook, None);
    assert_eq!(
        out.notice.map(|n| n.text).as_deref(),
        Some("This departure runs: only one cancelled for weather has parties to rebook.")
    );
    // a cancelled one: p and Enter lead to its parties; a guide has none to see
    for _ in 0..3 {
        press(&mut s, &ctx(Role::Desk), code(KeyCode::Down));
    }
    let id = s.selected_row().unwrap().dep.id;
    assert_eq!(
        press(&mut s, &ctx(Role::Desk), code(KeyCode::Enter)).rebook,
        Some((id, None))
    );
    let out = press(&mut s, &ctx(Role::Guide), code(KeyCode::Enter));
    assert_eq!((out.rebook, out.goto), (None, Some((PaneId::CheckIn, Some(id)))));
}

#[test]
fn a_cancelled_departure_is_not_cancelled_twice() {
    let mut s = state();
    for _ in 0..3 {
        press(&mut s, &ctx(Role::Manager), code(KeyCode::Down));
    }
    let out = press(&mut s, &ctx(Role::Manager), testing::key('X'));
    assert!(out.cmds.is_empty() && s.modal.is_none());
    assert_eq!(
        out.notice.unwrap().text,
        ctx(Role::Manager).text.departures.already_cancelled
    );
}

#[test]
fn weather_form_cycles_status_and_saves_with_a_note() {
    let mut s = state();
    press(&mut s, &ctx(Role::Manager), testing::key('W'));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Right));
    press(&mut s, &ctx(Role::Manager), code(KeyCode::Right));
    for c in "ash".chars() {
        press(&mut s, &ctx(Role::Manager), testing::key(c));
    }
    let out = press(&mut s, &ctx(Role::Manager), code(KeyCode::Enter));
    let [Call::SetWeather { id, status, note }] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(
        (*id, *status, note.as_str()),
        (DepartureId(1), WeatherStatus::Danger, "ash")
    );
    let out = answer(&mut s, &ctx(Role::Manager), Msg::WeatherSet(DepartureId(1), Ok(())));
    assert!(s.modal.is_none());
    assert!(matches!(calls(&out)[..], [Call::One(DepartureId(1))]));
}
