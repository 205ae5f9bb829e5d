//! `m` on the card: pick a departure, see the server's quote, `y` moves;
//! the key of a move is made once and kept for its retries.

use super::*;

fn targets(s: &State) -> Vec<i64> {
    match &s.form {
        Some(Form::Move(f)) => f.targets.iter().flatten().map(|d| d.id.0).collect(),
        _ => panic!("no move form"),
    }
}

fn move_form(s: &State) -> &MoveForm {
    match &s.form {
        Some(Form::Move(f)) => f,
        _ => panic!("no move form"),
    }
}

#[test]
fn the_picker_offers_departures_with_room_the_same_tour_first() {
    let s = picking(DepartureStatus::Scheduled);
    // 4 is too small for 3, 6 has left, 8 is cancelled, 2 is the booking's own
    assert_eq!(targets(&s), vec![5, 7]);
    assert_eq!(move_form(&s).reason, MoveReason::Customer);
}

#[test]
fn enter_asks_the_quote_and_y_moves_only_after_it() {
    let mut s = picking(DepartureStatus::Scheduled);
    // y before the quote does nothing: the clerk has not seen the price
    assert!(calls(&press_bound(&mut s, &desk(), key('y'))).is_empty());
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    press_bound(&mut s, &desk(), code(KeyCode::Up));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(
        &calls(&out)[..],
        [Call::MoveQuote(r)] if r.to == DepartureId(5) && r.reason == MoveReason::Customer && r.booking_number == "TD-4MWQ7R"
    ));
    answer(
        &mut s,
        &desk(),
        Msg::MoveQuoted(DepartureId(5), Ok(move_quote(5, MoveReason::Customer, 150_000, 0))),
    );
    assert!(move_form(&s).quote.is_some());
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Move { request, key: k }] = &calls(&out)[..] else {
        panic!("one move asked for");
    };
    assert_eq!(request.to, DepartureId(5));
    let k = *k;
    // moved: the form closes, the card and results are read again, the tickets reissued
    let out = answer(&mut s, &desk(), Msg::Moved(k, Ok(moved_to(5, false))));
    assert!(s.form.is_none());
    assert!(matches!(&calls(&out)[0], Call::Card(n) if n == "TD-4MWQ7R"));
    // what to do first (the notice is one line of 80 columns), the departure last
    assert!(
        notice(&out).starts_with("TD-4MWQ7R moved: t prints new tickets (old void) · "),
        "{}",
        notice(&out)
    );
    assert!(notice(&out).ends_with("Avacha Bay"), "{}", notice(&out));
    // the card's heading follows the party to its new departure
    assert_eq!(s.card.as_ref().map(|o| o.found.departure_id), Some(DepartureId(5)));
    answer(&mut s, &desk(), Msg::Card("TD-4MWQ7R".into(), Box::new(Ok(card(0)))));
    assert!(s.card.is_some(), "the reloaded card is shown");
}

#[test]
fn y_sends_the_quoted_total_and_a_changed_price_shows_the_new_quote_to_confirm() {
    let mut s = quoted();
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Move { request, key: first }] = &calls(&out)[..] else {
        panic!("one move asked for");
    };
    assert_eq!(request.expected_total, Some(1_950_000 + 150_000), "the total on screen");
    let first = *first;
    // the server's figure is another by now: nothing moved, the quote is asked again
    let out = answer(&mut s, &desk(), Msg::Moved(first, Err(err(ErrorCode::PriceChanged))));
    assert!(notice(&out).contains("price changed"), "{}", notice(&out));
    assert!(matches!(
        &calls(&out)[..],
        [Call::MoveQuote(r)] if r.to == DepartureId(5) && r.expected_total.is_none()
    ));
    assert!(matches!(&s.form, Some(Form::Move(f)) if f.quote.is_none() && f.quoting && !f.busy));
    // y does nothing until the new quote is on screen
    assert!(calls(&press_bound(&mut s, &desk(), key('y'))).is_empty());
    answer(
        &mut s,
        &desk(),
        Msg::MoveQuoted(DepartureId(5), Ok(move_quote(5, MoveReason::Customer, 250_000, 0))),
    );
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Move { request, .. }] = &calls(&out)[..] else {
        panic!("one move asked for");
    };
    assert_eq!(
        request.expected_total,
        Some(1_950_000 + 250_000),
        "the new total, once shown"
    );
}

#[test]
fn sold_out_keeps_the_card_and_the_retry_reuses_the_key() {
    let mut s = quoted();
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Move { key: first, .. }] = &calls(&out)[..] else {
        panic!("one move asked for");
    };
    let first = *first;
    // busy: another y sends nothing
    assert!(calls(&press_bound(&mut s, &desk(), key('y'))).is_empty());
    let out = answer(&mut s, &desk(), Msg::Moved(first, Err(err(ErrorCode::SoldOut))));
    assert!(!notice(&out).is_empty());
    assert!(s.card.is_some());
    assert!(matches!(&s.form, Some(Form::Move(f)) if !f.busy && f.quote.is_some()));
    let out = press_bound(&mut s, &desk(), key('н')); // y on the Russian layout
    assert!(matches!(&calls(&out)[..], [Call::Move { key, .. }] if *key == first));
    // back to the picker and another departure: a new request, a new key
    answer(&mut s, &desk(), Msg::Moved(first, Err(err(ErrorCode::DbUnavailable))));
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(matches!(&s.form, Some(Form::Move(f)) if f.quote.is_none() && f.key.is_none()));
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    answer(
        &mut s,
        &desk(),
        Msg::MoveQuoted(DepartureId(7), Ok(move_quote(7, MoveReason::Customer, 0, 0))),
    );
    let out = press_bound(&mut s, &desk(), key('y'));
    assert!(matches!(&calls(&out)[..], [Call::Move { key, request }] if *key != first && request.to == DepartureId(7)));
    // Esc twice: the card again
    let mut s = quoted();
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(s.form.is_none() && s.card.is_some());
}

#[test]
fn a_party_on_a_weather_cancelled_departure_moves_for_free() {
    let mut s = picking(DepartureStatus::Cancelled);
    assert_eq!(move_form(&s).reason, MoveReason::Weather);
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::MoveQuote(r)] if r.reason == MoveReason::Weather));
}

#[test]
fn a_quote_that_no_longer_fits_is_not_offered() {
    let mut s = picking(DepartureStatus::Scheduled);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let mut q = move_quote(5, MoveReason::Customer, 0, 0);
    q.fits = false;
    q.free_seats = 1;
    let out = answer(&mut s, &desk(), Msg::MoveQuoted(DepartureId(5), Ok(q)));
    assert_eq!(notice(&out), "Only 1 seats free there now: choose another.");
    assert!(move_form(&s).quote.is_none());
    assert!(calls(&press_bound(&mut s, &desk(), key('y'))).is_empty());
}

#[test]
fn the_picker_and_the_quote_are_drawn_with_their_colours() {
    for buf in screens(|| picking(DepartureStatus::Scheduled), "move_pick") {
        assert!(testing::find(&buf, "Move to another departure").is_some());
        let chosen = testing::find(&buf, "› ").expect("the choice marked");
        assert_eq!(testing::fg(&buf, chosen), Color::Cyan);
        assert!(testing::find(&buf, "Avacha Bay  · 5 free").is_some());
        assert!(testing::find(&buf, "Mutnovsky Volcano  · 8 free").is_some());
    }
    for buf in screens(quoted, "move_quote") {
        assert!(testing::find(&buf, "Total 19 500.00 RUB → 21 000.00 RUB").is_some());
        let charge = testing::find(&buf, "The customer pays 1 500.00 RUB more.").expect("the charge");
        assert_eq!(testing::fg(&buf, charge), Color::Red);
        let ask = testing::find(&buf, "y move").expect("the question");
        assert_eq!(testing::fg(&buf, ask), Color::Cyan);
    }
}
