//! What the clerk sees at each step: snapshots and status colours.

use super::*;

fn render(s: &State, w: u16, h: u16) -> ratatui::buffer::Buffer {
    testing::draw(w, h, |a, b| view::render(s, &desk(), a, b))
}

#[test]
fn snapshot_departure_list() {
    let s = shown();
    let small = render(&s, 80, 21);
    insta::assert_snapshot!("list_80x21", testing::text(&small));
    insta::assert_snapshot!("list_200x47", testing::text(&render(&s, 200, 47)));
    // free green, held yellow, full red
    let full = testing::find(&small, "FULL").expect("FULL shown");
    assert_eq!(testing::fg(&small, full), Color::Red);
    let free = testing::find(&small, "8/20").expect("free seats shown");
    assert_eq!(testing::fg(&small, free), Color::Green);
    // the held count ends the 5-wide column after "8/20"
    let held = testing::find(&small, "8/20").map(|(x, y)| (x + 8, y)).expect("held");
    assert_eq!(testing::fg(&small, held), Color::Yellow);
    // 1 of 12 free: nearly full reads yellow
    let nearly = testing::find(&small, "1/12").expect("nearly full");
    assert_eq!(testing::fg(&small, nearly), Color::Yellow);
}

#[test]
fn snapshot_party_with_quote() {
    let mut s = shown();
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    answer_quotes(&mut s, &out);
    let out = press_bound(&mut s, &desk(), key('2'));
    answer_quotes(&mut s, &out);
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    let out = press_bound(&mut s, &desk(), key('1'));
    answer_quotes(&mut s, &out);
    insta::assert_snapshot!("party_80x21", testing::text(&render(&s, 80, 21)));
}

fn details() -> State {
    let mut s = shown();
    let key = to_details(&mut s);
    let seq = s.quote_seq;
    answer(&mut s, &desk(), Msg::Quoted(seq, Ok(quote(2, 1))));
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    for c in "Anna".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    for c in "89001234567".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    s
}

#[test]
fn snapshot_details_with_countdown() {
    let s = details();
    let buf = render(&s, 80, 21);
    insta::assert_snapshot!("details_80x21", testing::text(&buf));
    let at = testing::find(&buf, "15:00").expect("countdown");
    assert_eq!(testing::bg(&buf, at), Color::Yellow);
    insta::assert_snapshot!("details_200x47", testing::text(&render(&s, 200, 47)));
}

#[test]
fn snapshot_payment() {
    let mut s = details();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    press_bound(&mut s, &desk(), testing::key('7'));
    insta::assert_snapshot!("payment_80x21", testing::text(&render(&s, 80, 21)));
}

fn done() -> State {
    let mut s = details();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Book(req)] = &calls(&out)[..] else {
        panic!("no booking")
    };
    answer(&mut s, &desk(), Msg::Booked(req.key, Box::new(Ok(sale(req)))));
    s
}

#[test]
fn snapshot_result_with_qr() {
    let s = done();
    let big = render(&s, 200, 47);
    insta::assert_snapshot!("done_200x47", testing::text(&big));
    assert!(testing::find(&big, "TD-7KX9PQ").is_some());
    assert!(testing::find(&big, "█").is_some(), "the QR is drawn");
    let small = render(&s, 80, 21);
    insta::assert_snapshot!("done_80x21", testing::text(&small));
    assert!(testing::find(&small, "TD-7KX9PQ").is_some());
}

#[test]
fn v_shows_the_ticket_qr_full_screen() {
    let mut s = done();
    for k in ['v', 'м'] {
        let out = press_bound(&mut s, &desk(), key(k));
        assert_eq!(out.fullscreen_qr.as_deref(), Some("TD1-TEST-GROUP-CODE"));
        assert_eq!(s.step, Step::Done, "the result stays behind the QR");
    }
}

#[test]
fn a_qr_too_big_for_the_screen_points_to_the_png() {
    let mut s = done();
    // a real ticket code is about this long
    let code = "TD1".to_string() + &"ABCDEFGHJK".repeat(13);
    if let Some(d) = &mut s.done {
        d.qr = crate::ticket::render::ticket_unicode(&code).ok();
    }
    let buf = render(&s, 80, 21);
    insta::assert_snapshot!("done_big_code_80x21", testing::text(&buf));
    assert!(testing::find(&buf, "full screen").is_some());
    assert!(testing::find(&buf, "TD-7KX9PQ").is_some());
}

#[test]
fn snapshot_sold_out_waitlist_form_with_the_counters() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Up));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    for c in "Oleg".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), key('3'));
    for (w, h) in [(80, 21), (200, 47)] {
        let buf = render(&s, w, h);
        insta::assert_snapshot!(format!("sold_out_waitlist_{w}x{h}"), testing::text(&buf));
        let at = testing::find(&buf, "SOLD OUT").expect("panel");
        assert_eq!(testing::bg(&buf, at), Color::Red);
        assert!(
            testing::find(&buf, "3 needed").is_some(),
            "the panel counts the party typed"
        );
        let adults = testing::find(&buf, "▸ Adults").expect("the adults field has the keys");
        assert_eq!(testing::fg(&buf, adults), crate::tui::theme::ACCENT);
        assert!(testing::find(&buf, "Children").is_some());
    }
}

#[test]
fn snapshot_sold_out_offer() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Up));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let buf = render(&s, 80, 21);
    insta::assert_snapshot!("sold_out_80x21", testing::text(&buf));
    let at = testing::find(&buf, "SOLD OUT").expect("panel");
    assert_eq!(testing::bg(&buf, at), Color::Red);
    insta::assert_snapshot!("sold_out_200x47", testing::text(&render(&s, 200, 47)));
}

#[test]
fn russian_strings_render() {
    let s = shown();
    let ru = testing::ctx_in(Role::Desk, crate::tui::strings::Lang::Ru);
    let buf = testing::draw(80, 21, |a, b| view::render(&s, &ru, a, b));
    assert!(testing::find(&buf, "МЕСТ НЕТ").is_some());
    assert!(testing::find(&buf, "Продажа на месте").is_some());
    // the column heads do not run together
    assert!(testing::find(&buf, "Своб. Удерж.").is_some(), "{}", testing::text(&buf));
}

#[test]
fn a_walk_in_sold_offline_says_so_and_that_everyone_is_in() {
    let mut s = done();
    if let Some(d) = &mut s.done {
        // the same sale, made on this laptop from its allotment
        let (adults, children) = d.sale.booking.party();
        d.sale.booking = Sold::Offline(crate::field::SaleReceipt {
            event_id: uuid::Uuid::nil(),
            booking_number: d.sale.booking.booking_number().to_string(),
            confirmation_code: d.sale.booking.confirmation_code().to_string(),
            departure_id: crate::domain::DepartureId(1),
            adults,
            children,
            total_minor: d.sale.booking.total_minor(),
            currency: d.sale.booking.currency().to_string(),
            payment_method: crate::domain::PaymentMethod::Cash,
            contact_name: d.sale.booking.contact_name().to_string(),
            allotment_left: 3,
            participants: Vec::new(),
        });
        d.sale.group_code = None;
        d.sale.pngs.clear();
        d.qr = None;
    }
    let buf = render(&s, 80, 21);
    let text = testing::text(&buf);
    assert!(text.contains("TD-7KX9PQ"), "{text}");
    assert!(text.contains("OFFLINE · saved here"), "{text}");
    assert!(text.contains("everyone is checked in"), "{text}");
}
