//! Live changes and reloads: one row refetched, the selection kept.

use super::*;
use crate::domain::ErrorCode;

#[test]
fn a_live_change_refetches_one_departure_and_replaces_its_row() {
    let mut s = state();
    press(&mut s, &ctx(Role::Desk), code(KeyCode::Down)); // Avacha Bay, id 2
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
    fresh.weather_status = WeatherStatus::Danger;
    answer(&mut s, &ctx(Role::Desk), Msg::One(DepartureId(5), Ok(Box::new(fresh))));
    assert_eq!(s.rows.len(), 7);
    let row = s.rows.iter().find(|r| r.dep.id == DepartureId(5)).unwrap();
    assert_eq!((row.dep.booked, row.dep.held), (9, 0));
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(2), "selection stays put");

    // a new departure arrives in order, and the selection follows its row
    answer(
        &mut s,
        &ctx(Role::Desk),
        Msg::One(DepartureId(9), Ok(Box::new(departure(9, "Early boat", 1, 10, 0, 0)))),
    );
    assert_eq!(s.rows[0].dep.id, DepartureId(9));
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(2));
    // gone from the core: gone from the list
    let gone = crate::tui::action::UiError {
        code: ErrorCode::NotFound,
        message: "departure 9 not found".into(),
    };
    answer(&mut s, &ctx(Role::Desk), Msg::One(DepartureId(9), Err(gone)));
    assert_eq!(s.rows.len(), 7);
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(2));
}

#[test]
fn reload_keeps_the_selected_departure() {
    let mut s = state();
    press(&mut s, &ctx(Role::Desk), code(KeyCode::Down));
    press(&mut s, &ctx(Role::Desk), code(KeyCode::Down));
    let mut deps = fixtures();
    deps.insert(0, departure(9, "Early boat", 1, 10, 0, 0));
    answer(&mut s, &ctx(Role::Desk), Msg::Loaded(Ok(deps)));
    assert_eq!(s.selected_row().unwrap().dep.id, DepartureId(3));
}
