//! The pickup step: asked only when the departure's tour has stops, one key
//! (a stop's number, or Enter for none), and the stop sent with the sale.

use super::*;
use crate::booking::PickupStop;
use crate::domain::PickupPointId;

/// Departure 2's route: the airport at a fixed hour, a hotel 40 min before.
fn stops() -> Vec<PickupStop> {
    let starts = list()[1].starts_at;
    vec![
        PickupStop {
            pickup_point_id: PickupPointId(7),
            position: 1,
            name: "Airport Yelizovo".into(),
            minutes_before: None,
            at_time: None,
            pickup_at: starts - TimeDelta::minutes(75),
        },
        PickupStop {
            pickup_point_id: PickupPointId(8),
            position: 2,
            name: "Hotel Petropavlovsk".into(),
            minutes_before: Some(40),
            at_time: None,
            pickup_at: starts - TimeDelta::minutes(40),
        },
    ]
}

/// Departure 2 taken, its stops loaded (when `with_stops`), the seats held
/// and the contact typed: Enter leaves the details.
fn contact_typed(with_stops: bool) -> State {
    let mut s = shown();
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(
        calls(&out).iter().any(|c| matches!(c, Call::Pickups(DepartureId(2)))),
        "taking a departure asks for its stops"
    );
    if with_stops {
        answer(&mut s, &desk(), Msg::Pickups(DepartureId(2), Ok(stops())));
    }
    press_bound(&mut s, &desk(), key('2'));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), key('1'));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Hold { key, .. }] = &calls(&out)[..] else {
        panic!("a hold")
    };
    answer(&mut s, &desk(), Msg::Held(*key, Ok(hold(5, 2))));
    s.contact.name = "Анна Иванова".into();
    s.contact.phone = "+7 914 123-45-67".into();
    s
}

fn book(s: &mut State) -> BookRequest {
    match &calls(&press_bound(s, &desk(), code(KeyCode::Enter)))[..] {
        [Call::Book(r)] => (**r).clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stop_is_one_key_and_goes_with_the_sale() {
    let mut s = contact_typed(true);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::Pickup);
    press_bound(&mut s, &desk(), key('2'));
    assert_eq!(s.step, Step::Payment, "the digit chooses and goes on");
    let buf = testing::draw(80, 21, |a, b| view::render(&s, &desk(), a, b));
    assert!(
        testing::find(&buf, "Pickup: Hotel Petropavlovsk").is_some(),
        "{}",
        testing::text(&buf)
    );
    assert_eq!(book(&mut s).pickup, Some(PickupPointId(8)));
}

#[test]
fn enter_on_the_pickup_step_is_no_pickup_and_esc_goes_back() {
    let mut s = contact_typed(true);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert_eq!(s.step, Step::Details);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::Payment);
    // back from the payment to the stops, a stop chosen with the arrows
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert_eq!(s.step, Step::Pickup);
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(book(&mut s).pickup, Some(PickupPointId(7)));
}

#[test]
fn a_tour_without_stops_asks_nothing() {
    let mut s = contact_typed(false);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::Payment);
    assert_eq!(book(&mut s).pickup, None);
}

#[test]
fn stops_of_another_departure_are_not_taken() {
    let mut s = contact_typed(false);
    answer(&mut s, &desk(), Msg::Pickups(DepartureId(4), Ok(stops())));
    assert!(s.pickups.is_empty());
}

#[test]
fn snapshot_pickup_step_in_both_languages() {
    let mut s = contact_typed(true);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let buf = testing::draw(80, 24, |a, b| view::render(&s, &desk(), a, b));
    insta::assert_snapshot!("pickup_80x24", testing::text(&buf));
    // the highlighted row (no pickup) reads as the selection
    let at = testing::find(&buf, "▸  0").expect("the highlighted row");
    assert_ne!(testing::fg(&buf, at), Color::Reset);
    let ru = testing::ctx_in(Role::Desk, crate::tui::strings::Lang::Ru);
    let buf = testing::draw(80, 24, |a, b| view::render(&s, &ru, a, b));
    insta::assert_snapshot!("pickup_ru_80x24", testing::text(&buf));
}
