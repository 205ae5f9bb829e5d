//! The add-departure form's defaults: the operator's currency, the picked
//! tour's own seats and prices, and a filled-in value replaced when typed over.

use super::*;
use crate::domain::money::Currency;
use crate::tui::panes::Ctx;

fn manager_in(currency: &str) -> Ctx {
    let mut c = ctx(Role::Manager);
    c.currency = Currency::parse(currency);
    c
}

fn form(s: &State) -> &form::AddForm {
    match &s.modal {
        Some(Modal::Add(f)) => f,
        other => panic!("no add form: {other:?}"),
    }
}

fn typing(s: &mut State, c: &Ctx, text: &str) {
    for ch in text.chars() {
        press(s, c, testing::key(ch));
    }
}

#[test]
fn a_new_tour_is_priced_in_the_operators_currency() {
    let c = manager_in("EUR");
    // nothing listed to copy from: the operator's currency, not a literal
    let mut s = State::with_departures(Vec::new(), now());
    press(&mut s, &c, testing::key('a'));
    assert_eq!(form(&s).currency, Currency::parse("EUR"));
    typing(&mut s, &c, "Kuril lake bears");
    for _ in 0..4 {
        press(&mut s, &c, code(KeyCode::Tab));
    }
    typing(&mut s, &c, "12000");
    press(&mut s, &c, code(KeyCode::Tab));
    typing(&mut s, &c, "9000");
    let text = testing::text(&render_as(&s, &c));
    assert!(text.contains("Adult price 12000  EUR"), "{text}");
    assert!(text.contains("Child price 9000▏  EUR"), "{text}");
    let out = press(&mut s, &c, code(KeyCode::Enter));
    let [Call::Add(new)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!((new.currency.as_str(), new.capacity), ("EUR", 16));

    // copying a listed departure copies its currency too
    let mut s = State::with_departures(fixtures(), now());
    press(&mut s, &c, testing::key('a'));
    assert_eq!(form(&s).currency, Some(Currency::RUB));
}

#[test]
fn without_the_operators_currency_the_form_says_so_instead_of_guessing() {
    let mut c = ctx(Role::Manager);
    c.currency = None;
    let mut s = State::with_departures(Vec::new(), now());
    press(&mut s, &c, testing::key('a'));
    typing(&mut s, &c, "Kuril lake bears");
    for _ in 0..4 {
        press(&mut s, &c, code(KeyCode::Tab));
    }
    typing(&mut s, &c, "12000");
    press(&mut s, &c, code(KeyCode::Tab));
    typing(&mut s, &c, "9000");
    assert!(press(&mut s, &c, code(KeyCode::Enter)).cmds.is_empty());
    assert_eq!(form(&s).error, Some((form::Field::Adult, form::FormError::NoCurrency)));
}

#[test]
fn another_known_tour_brings_its_own_seats_and_prices() {
    let c = ctx(Role::Manager);
    let mut boat = departure(2, "Avacha Bay boat trip", 4, 40, 12, 0);
    boat.adult_price_minor = 650_000;
    boat.child_price_minor = 300_050;
    boat.meeting_point = "Pier 3".into();
    let mut later_boat = boat.clone();
    later_boat.id = DepartureId(3);
    later_boat.starts_at += chrono::TimeDelta::days(2);
    later_boat.adult_price_minor = 700_000;
    let mut s = State::with_departures(
        vec![departure(1, "Avachinsky volcano", 2, 16, 12, 2), boat, later_boat],
        now(),
    );
    press(&mut s, &c, testing::key('a'));
    answer(
        &mut s,
        &c,
        Msg::Tours(Ok(vec![
            "Avacha Bay boat trip".into(),
            "Avachinsky volcano".into(),
            "Kuril lake bears".into(),
        ])),
    );
    assert_eq!(
        form(&s).values[3..].to_vec(),
        ["16", "7500", "4500", "Office, Leninskaya 26"]
    );
    // PgUp from the copied tour: the boat, as its latest departure has it
    press(&mut s, &c, code(KeyCode::PageUp));
    assert_eq!(form(&s).values[0], "Avacha Bay boat trip");
    assert_eq!(form(&s).values[3..].to_vec(), ["40", "7000", "3000.50", "Pier 3"]);
    // a tour with nothing listed keeps no other tour's prices
    press(&mut s, &c, code(KeyCode::PageUp));
    assert_eq!(form(&s).values[0], "Kuril lake bears");
    assert_eq!(form(&s).values[3..].to_vec(), ["16", "", "", ""]);
    let out = press(&mut s, &c, code(KeyCode::Enter));
    assert!(out.cmds.is_empty());
    assert_eq!(form(&s).error, Some((form::Field::Adult, form::FormError::BadPrice)));
}

#[test]
fn typing_over_a_filled_in_value_replaces_it() {
    let c = ctx(Role::Manager);
    let mut s = state();
    press(&mut s, &c, testing::key('a'));
    press(&mut s, &c, code(KeyCode::Tab));
    assert_eq!(form(&s).values[1], "2026-12-02");
    typing(&mut s, &c, "24.12");
    assert_eq!(form(&s).values[1], "24.12", "typed over, not appended");
    // the clerk's own text is appended to, and a filled-in one edited with
    // Backspace stays (only its last character goes)
    press(&mut s, &c, code(KeyCode::Tab));
    press(&mut s, &c, code(KeyCode::Backspace));
    typing(&mut s, &c, "5");
    assert_eq!(form(&s).values[2], "09:05");
    press(&mut s, &c, code(KeyCode::BackTab));
    typing(&mut s, &c, ".2027");
    assert_eq!(form(&s).values[1], "24.12.2027");
    // a character the field refuses replaces nothing
    press(&mut s, &c, code(KeyCode::Tab));
    press(&mut s, &c, code(KeyCode::Tab));
    typing(&mut s, &c, "x");
    assert_eq!(form(&s).values[3], "16");
    typing(&mut s, &c, "30");
    assert_eq!(form(&s).values[3], "30");
}

fn render_as(s: &State, c: &Ctx) -> ratatui::buffer::Buffer {
    draw(200, 47, |area, buf| view::render(s, c, area, buf))
}
