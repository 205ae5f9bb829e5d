//! What the clerk reads once a walk-in is sold: the seats left on the
//! "booked" screen of an offline sale, and the participants nobody named in
//! the kiosk's language.

use super::*;
use crate::booking::Availability;
use crate::tui::panes::Ctx;
use crate::tui::strings::Lang;

/// The same sale as `sale`, made on this laptop from its allotment.
fn offline_sale(req: &BookRequest, allotment_left: i32) -> Sale {
    Sale {
        booking: Sold::Offline(crate::field::SaleReceipt {
            event_id: req.key,
            booking_number: "TD-OFF123".into(),
            confirmation_code: "K7P2QX".into(),
            departure_id: req.departure,
            adults: req.party.adults(),
            children: req.party.children(),
            total_minor: 1_950_000,
            currency: "RUB".into(),
            payment_method: crate::domain::PaymentMethod::Cash,
            contact_name: req.contact_name.clone(),
            allotment_left,
            participants: Vec::new(),
        }),
        group_code: None,
        pngs: Vec::new(),
        ticket_error: None,
        printer_error: None,
    }
}

#[test]
fn the_booked_screen_of_an_offline_sale_shows_the_seats_left_after_it() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    // offline the list's "free" is this laptop's allotment: 4 left before
    answer(
        &mut s,
        &desk(),
        Msg::Availability(DepartureId(2), Ok(availability(2, 20, 8, 4))),
    );
    let req = sell(&mut s, &desk());
    let out = answer(
        &mut s,
        &desk(),
        Msg::Booked(req.key, Box::new(Ok(offline_sale(&req, 1)))),
    );
    assert_eq!(s.step, Step::Done);
    // the line kept the count from before the sale; nothing refreshes it
    // offline but the pane asking the store
    assert!(
        matches!(calls(&out)[..], [Call::Availability(DepartureId(2))]),
        "{:?}",
        out.cmds
    );
    answer(
        &mut s,
        &desk(),
        Msg::Availability(DepartureId(2), Ok(availability(2, 20, 11, 1))),
    );
    let text = testing::text(&testing::draw(80, 21, |a, b| view::render(&s, &desk(), a, b)));
    assert!(text.contains("1 of 20 free"), "{text}");
    assert!(!text.contains("4 of 20 free"), "{text}");
}

#[test]
fn a_sale_on_the_server_waits_for_its_departures_notify() {
    // online the departure's NOTIFY refreshes the line (departure_changed):
    // no second read of the same numbers
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    let req = sell(&mut s, &desk());
    let out = answer(&mut s, &desk(), Msg::Booked(req.key, Box::new(Ok(sale(&req)))));
    assert_eq!(s.step, Step::Done);
    assert!(calls(&out).is_empty(), "{:?}", out.cmds);
}

fn availability(id: i64, capacity: i32, booked: i32, free: i32) -> Availability {
    Availability {
        departure_id: DepartureId(id),
        capacity,
        booked,
        held: capacity - booked - free,
        free,
        waitlist: 0,
        status: DepartureStatus::Scheduled,
    }
}

/// Details typed (a name and a phone) and the Book call the clerk's
/// Enter sends, the seats held.
fn sell(s: &mut State, ctx: &Ctx) -> BookRequest {
    for c in "Анна Петрова".chars() {
        press_bound(s, ctx, key(c));
    }
    press_bound(s, ctx, code(KeyCode::Tab));
    for c in "89001234567".chars() {
        press_bound(s, ctx, key(c));
    }
    press_bound(s, ctx, code(KeyCode::Enter));
    let out = press_bound(s, ctx, code(KeyCode::Enter));
    match &calls(&out)[..] {
        [Call::Book(req)] => (**req).clone(),
        other => panic!("{other:?}"),
    }
}

/// The participants a sale for 2 adults and a child sends when the clerk
/// typed only the contact, in `lang`.
fn unnamed(lang: Lang) -> Vec<String> {
    let ctx = testing::ctx_in(Role::Desk, lang);
    let mut s = shown();
    press_bound(&mut s, &ctx, code(KeyCode::Enter));
    press_bound(&mut s, &ctx, key('2'));
    press_bound(&mut s, &ctx, code(KeyCode::Tab));
    press_bound(&mut s, &ctx, key('1'));
    let out = press_bound(&mut s, &ctx, code(KeyCode::Enter));
    let [Call::Hold { key: hold_key, .. }] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    answer(&mut s, &ctx, Msg::Held(hold_key, Ok(hold(5, 2))));
    sell(&mut s, &ctx).participants.into_iter().map(|p| p.name).collect()
}

#[test]
fn participants_nobody_named_are_named_in_the_kiosks_language() {
    assert_eq!(
        unnamed(Lang::Ru),
        ["Анна Петрова", "Анна Петрова (гость 2)", "Анна Петрова (гость 3)"]
    );
    assert_eq!(
        unnamed(Lang::En),
        ["Анна Петрова", "Анна Петрова (guest 2)", "Анна Петрова (guest 3)"]
    );
}

/// A printer that is off after a sale: the sale stands, its tickets saved,
/// and the clerk is warned (not alarmed) with the printer named, in both
/// languages.
#[test]
fn a_printer_that_did_not_print_is_a_warning_naming_it() {
    for lang in [Lang::En, Lang::Ru] {
        let c = crate::tui::testing::ctx_in(crate::domain::Role::Desk, lang);
        let mut s = shown();
        let key = to_details(&mut s);
        answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
        let req = sell(&mut s, &desk());
        let mut sold = sale(&req);
        sold.failed(crate::tui::action::UiError {
            code: crate::domain::ErrorCode::PrinterUnavailable,
            message: "tcp://10.0.0.7:9100".into(),
        });
        let mut out = Outbox::default();
        s.update(&c, Msg::Booked(req.key, Box::new(Ok(sold))), &mut out);
        assert_eq!(s.step, Step::Done, "the booking stands");
        let notice = out.notice.expect("a notice");
        assert_eq!(notice.level, crate::tui::panes::Level::Warning);
        for want in ["TD-7KX9PQ", "tcp://10.0.0.7:9100"] {
            assert!(notice.text.contains(want), "{}", notice.text);
        }
        let says = match lang {
            Lang::En => "did not print",
            Lang::Ru => "не напечатал",
        };
        assert!(notice.text.contains(says), "{}", notice.text);
        assert_eq!(s.done.as_ref().map(|d| d.sale.pngs.len()), Some(1), "the PNGs are kept");
    }
}

/// Trials: the tickets could not be made (no signing key), then the cash
/// receipt's printer hung up after the paper query. The first error used to
/// win and the clerk read only about the key; the printer is what they must
/// act on, so its warning (naming it, "booked" all the same) is the notice,
/// and the "booked" screen still says why there are no tickets.
#[test]
fn a_printer_failure_after_a_ticket_error_is_the_notice_the_clerk_sees() {
    for lang in [Lang::En, Lang::Ru] {
        let c = crate::tui::testing::ctx_in(crate::domain::Role::Desk, lang);
        let mut s = shown();
        let key = to_details(&mut s);
        answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
        let req = sell(&mut s, &desk());
        let mut sold = sale(&req);
        sold.failed(crate::tui::action::UiError::from(
            crate::booking::BookingError::NoSigningKey { unregistered: false },
        ));
        sold.failed(crate::tui::action::UiError {
            code: crate::domain::ErrorCode::PrinterUnavailable,
            message: "tcp://10.0.0.7:9100".into(),
        });
        let mut out = Outbox::default();
        s.update(&c, Msg::Booked(req.key, Box::new(Ok(sold))), &mut out);
        assert_eq!(s.step, Step::Done, "the booking stands");
        let notice = out.notice.expect("a notice");
        assert_eq!(notice.level, crate::tui::panes::Level::Warning, "{}", notice.text);
        let (booked, says) = match lang {
            Lang::En => ("Booked TD-7KX9PQ", "did not print"),
            Lang::Ru => ("Бронь TD-7KX9PQ оформлена", "не напечатал"),
        };
        for want in [booked, "tcp://10.0.0.7:9100", says] {
            assert!(notice.text.contains(want), "{want:?} not in {}", notice.text);
        }
        let done = s.done.as_ref().expect("the booked screen");
        assert_eq!(
            done.sale.ticket_error.as_ref().map(|e| e.code),
            Some(crate::domain::ErrorCode::NoSigningKey),
            "the key problem is kept for the booked screen"
        );
    }
}
