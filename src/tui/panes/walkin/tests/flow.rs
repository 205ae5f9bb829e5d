//! The walk-in driven by keys and the core's answers, without rendering.

use super::*;
use crate::domain::ErrorCode;

#[test]
fn show_preselects_the_first_departure_with_seats() {
    let s = shown();
    // departure 1 is full: the second one is preselected
    assert_eq!(s.selected, 1);
    assert_eq!(s.highlighted().map(|d| d.id), Some(DepartureId(2)));
}

#[test]
fn a_walk_in_for_two_adults_and_a_child_takes_8_keys_besides_the_name_and_phone() {
    let mut s = shown();
    let mut keys = 0;
    let mut book = None;
    let mut feed = |s: &mut State, k: KeyEvent| {
        keys += 1;
        let out = press_bound(s, &desk(), k);
        answer_quotes(s, &out);
        for c in calls(&out) {
            match c {
                Call::Hold { departure, party, key } => {
                    assert_eq!((party.adults(), party.children()), (2, 1));
                    answer(s, &desk(), Msg::Held(key, Ok(hold(9, departure.0))));
                }
                Call::Book(req) => book = Some(req),
                _ => {}
            }
        }
    };
    feed(&mut s, code(KeyCode::Enter));
    assert_eq!(s.step, Step::Party);
    feed(&mut s, key('2'));
    feed(&mut s, code(KeyCode::Tab));
    feed(&mut s, key('1'));
    assert_eq!(s.quote.as_ref().map(|q| q.total_minor), Some(1_950_000));
    feed(&mut s, code(KeyCode::Enter));
    assert_eq!(s.step, Step::Details);
    assert!(matches!(s.hold, HoldState::Active(_)));
    for c in "Anna".chars() {
        feed(&mut s, key(c));
    }
    feed(&mut s, code(KeyCode::Tab));
    for c in "89001234567".chars() {
        feed(&mut s, key(c));
    }
    feed(&mut s, code(KeyCode::Enter));
    assert_eq!(s.step, Step::Payment);
    feed(&mut s, code(KeyCode::Enter));
    let req = book.expect("a Book call");
    let typed = "Anna".len() + "89001234567".len();
    // Enter, 2, Tab, 1, Enter (hold), Tab (to the phone), Enter, Enter (book)
    assert_eq!(keys - typed, 8, "{keys} keys in all");
    assert_eq!(req.departure, DepartureId(2));
    assert_eq!((req.party.adults(), req.party.children()), (2, 1));
    assert_eq!(req.contact_name, "Anna");
    assert_eq!(req.contact_phone, "89001234567");
    assert_eq!(req.hold, Some(HoldId(9)));
    assert_eq!(req.payment.method, crate::booking::PaymentMethod::Cash);
    // no details typed: the kiosk names them, in its language
    let names: Vec<_> = req.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Anna", "Anna (guest 2)", "Anna (guest 3)"]);

    // the answer: the booking number and the QR on screen
    let key = req.key;
    answer(&mut s, &desk(), Msg::Booked(key, Box::new(Ok(sale(&req)))));
    assert_eq!(s.step, Step::Done);
    assert!(s.done.as_ref().is_some_and(|d| d.qr.is_some()));
    let buf = testing::draw(200, 47, |a, b| view::render(&s, &desk(), a, b));
    assert!(testing::find(&buf, "TD-7KX9PQ").is_some());
    // Enter starts the next walk-in with a fresh list
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::Pick);
    assert!(matches!(calls(&out)[..], [Call::Departures { .. }]));
}

#[test]
fn the_first_digit_replaces_the_counter_later_ones_append() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.adults.text, "1");
    press_bound(&mut s, &desk(), key('1'));
    press_bound(&mut s, &desk(), key('2'));
    assert_eq!(s.adults.number(), 12);
    let out = press_bound(&mut s, &desk(), code(KeyCode::Up));
    assert_eq!(s.adults.number(), 13);
    assert!(matches!(calls(&out)[..], [Call::Quote { .. }]));
    // letters do nothing in a counter
    let out = press_bound(&mut s, &desk(), key('x'));
    assert!(out.cmds.is_empty());
    assert_eq!(s.adults.number(), 13);
}

#[test]
fn an_invalid_party_is_explained_and_not_held() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let out = press_bound(&mut s, &desk(), key('0'));
    assert!(calls(&out).is_empty(), "no quote for nobody");
    assert_eq!(s.party_error, Some(crate::domain::PartyError::Empty));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    assert_eq!(s.step, Step::Party);
    assert_eq!(
        out.notice.map(|n| n.text),
        Some("The party is empty: at least one adult.".into())
    );
}

#[test]
fn quotes_out_of_order_keep_the_latest() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), key('2'));
    let first = s.quote_seq;
    press_bound(&mut s, &desk(), key('3'));
    let last = s.quote_seq;
    answer(&mut s, &desk(), Msg::Quoted(last, Ok(quote(23, 0))));
    answer(&mut s, &desk(), Msg::Quoted(first, Ok(quote(2, 0))));
    assert_eq!(s.quote.as_ref().map(|q| q.adults), Some(23));
}

#[test]
fn confirm_before_the_hold_lands_books_when_it_does() {
    let mut s = shown();
    let key = to_details(&mut s);
    assert_eq!(s.hold, HoldState::Pending);
    for c in "Anna".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Enter)); // a warning: no phone
    assert_eq!(s.step, Step::Details);
    press_bound(&mut s, &desk(), code(KeyCode::Enter)); // go on without
    assert_eq!(s.step, Step::Payment);
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty(), "no booking before the hold");
    let out = answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    assert!(matches!(&calls(&out)[..], [Call::Book(r)] if r.hold == Some(HoldId(5))));
}

#[test]
fn a_failed_booking_keeps_everything_and_retries_with_the_same_key() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    for c in "Anna".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    for c in "+7 900 123".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let first = match &calls(&press_bound(&mut s, &desk(), code(KeyCode::Enter)))[..] {
        [Call::Book(r)] => r.key,
        other => panic!("{other:?}"),
    };
    let busy = UiError {
        code: ErrorCode::LockTimeout,
        message: "busy".into(),
    };
    let out = answer(&mut s, &desk(), Msg::Booked(first, Box::new(Err(busy))));
    assert_eq!(s.step, Step::Payment);
    assert_eq!(
        out.notice.map(|n| n.text),
        Some("The departure is busy right now. Try again.".into())
    );
    let again = match &calls(&press_bound(&mut s, &desk(), code(KeyCode::Enter)))[..] {
        [Call::Book(r)] => r.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(again.key, first);
    assert_eq!(again.contact_phone, "+7 900 123");
}

#[test]
fn the_phone_field_takes_only_phone_characters_and_is_checked() {
    let mut s = shown();
    to_details(&mut s);
    press_bound(&mut s, &desk(), key('A'));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    for c in "12ab".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    assert_eq!(s.contact.phone, "12");
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::Details);
    assert_eq!(s.contact_focus, ContactField::Phone);
    assert!(out.notice.is_some_and(|n| n.text.contains("phone")));
    // no name: said so, and the name field gets the focus
    s.contact.name.clear();
    s.contact.phone = "89001234567".into();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.contact_focus, ContactField::Name);
}

#[test]
fn the_countdown_redraws_only_when_its_value_changes_and_expires() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    let mut c = desk();
    let mut out = Outbox::default();
    assert!(s.tick(&c, &mut out), "first draw of the countdown");
    assert!(!s.tick(&c, &mut out), "same second: nothing to redraw");
    c.now += TimeDelta::seconds(1);
    assert!(s.tick(&c, &mut out));
    // on the party step (not shown) nothing ticks
    let mut hidden = shown();
    assert!(!hidden.tick(&c, &mut out));
    c.now = testing::now() + TimeDelta::minutes(15);
    let mut out = Outbox::default();
    assert!(s.tick(&c, &mut out));
    assert_eq!(s.hold, HoldState::Expired);
    assert!(out.notice.is_some_and(|n| n.text.contains("expired")));
    // confirming now asks to hold again; Ctrl-E holds again with a new key
    s.contact.name = "Anna".into();
    s.step = Step::Payment;
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    let out = press_bound(&mut s, &desk(), ctrl('e'));
    assert!(matches!(&calls(&out)[..], [Call::Hold { key: k, .. }] if *k != key));
}

#[test]
fn extend_and_release_keys() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    let out = press_bound(&mut s, &desk(), code(KeyCode::F(7)));
    assert!(matches!(calls(&out)[..], [Call::Extend(HoldId(5))]));
    let later = testing::now() + TimeDelta::minutes(30);
    answer(&mut s, &desk(), Msg::Extended(HoldId(5), Ok(later)));
    assert!(matches!(&s.hold, HoldState::Active(h) if h.expires_at == later));
    let out = press_bound(&mut s, &desk(), ctrl('r'));
    assert!(matches!(calls(&out)[..], [Call::Release(HoldId(5))]));
    assert_eq!(s.step, Step::Party);
    assert_eq!(s.hold, HoldState::None);
}

#[test]
fn esc_with_seats_held_asks_before_releasing() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(out.cmds.is_empty());
    assert!(s.confirm_release);
    press_bound(&mut s, &desk(), key_n());
    assert!(!s.confirm_release);
    assert_eq!(s.step, Step::Details);
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    let out = press_bound(&mut s, &desk(), testing::key('y'));
    assert!(matches!(calls(&out)[..], [Call::Release(HoldId(5))]));
    assert_eq!(s.step, Step::Party);
}

#[test]
fn a_hold_answer_for_an_abandoned_sale_is_released() {
    let mut s = shown();
    let key = to_details(&mut s);
    press_bound(&mut s, &desk(), code(KeyCode::Esc)); // pending: asks
    press_bound(&mut s, &desk(), code(KeyCode::Enter)); // release
    let out = answer(&mut s, &desk(), Msg::Held(key, Ok(hold(8, 2))));
    assert!(matches!(calls(&out)[..], [Call::Release(HoldId(8))]));
}

#[test]
fn participant_details_are_optional_and_sent_when_typed() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    for c in "Anna".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    press_bound(&mut s, &desk(), ctrl('d'));
    assert_eq!(s.step, Step::Participants);
    press_bound(&mut s, &desk(), code(KeyCode::Down)); // the second participant
    for c in "Boris".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    for c in "asthma".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert_eq!(s.step, Step::Details);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Book(req)] = &calls(&out)[..] else {
        panic!("no booking")
    };
    let names: Vec<_> = req.participants.iter().map(|p| (p.name.as_str(), p.kind)).collect();
    use crate::domain::ParticipantKind::{Adult, Child};
    assert_eq!(names, [("Anna", Adult), ("Boris", Adult), ("Anna (guest 3)", Child)]);
    assert_eq!(req.participants[1].medical_notes, "asthma");
}

#[test]
fn card_payment_needs_the_terminal_slip() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    s.contact.name = "Anna".into();
    s.contact.phone = "89001234567".into();
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    assert_eq!(s.payment, Pay::Card);
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    for c in "004512".chars() {
        press_bound(&mut s, &desk(), testing::key(c));
    }
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Book(r)]
        if r.payment.method == crate::booking::PaymentMethod::Card && r.payment.reference == "004512"));
}

#[test]
fn a_full_departure_offers_the_waitlist_and_later_departures() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Up)); // the full Mutnovsky departure
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::SoldOut);
    assert!(
        calls(&out)
            .iter()
            .any(|c| matches!(c, Call::Alternatives(DepartureId(1))))
    );
    let so = s.sold_out.as_ref().expect("panel");
    // the same tour later, with room
    assert_eq!(
        so.alternatives.iter().map(|a| a.departure_id).collect::<Vec<_>>(),
        [DepartureId(3)]
    );
    // the waitlist needs a name: asked for, typed, joined
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(s.typing());
    for c in "Oleg".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::WaitlistJoin { name, departure: DepartureId(1), .. }] if name == "Oleg"));
    let out = answer(&mut s, &desk(), Msg::Joined(Ok((WaitlistEntryId(3), 2))));
    assert_eq!(
        out.notice.map(|n| n.text),
        Some("Oleg is on the waitlist, place 2.".into())
    );
    assert_eq!(s.step, Step::Pick);
}

/// The party may change its mind at the sold-out screen: the counters are
/// fields of the waitlist's form, and what is typed there is what joins.
#[test]
fn the_waitlist_counters_are_editable_on_the_sold_out_screen() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Up)); // the full departure
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::SoldOut);
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    for c in "Oleg".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    for c in "89001234567".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    assert_eq!(s.sold_out.as_ref().and_then(|so| so.asking), Some(WaitField::Adults));
    press_bound(&mut s, &desk(), key('2'));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), code(KeyCode::Up)); // ↑ adds one
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::WaitlistJoin { party, name, phone, .. }] = &calls(&out)[..] else {
        panic!("no join: {:?}", calls(&out))
    };
    assert_eq!((party.adults(), party.children()), (2, 1));
    assert_eq!((name.as_str(), phone.as_str()), ("Oleg", "89001234567"));
    // a retry of the same join keeps its key; the answer names the place
    let out = answer(&mut s, &desk(), Msg::Joined(Ok((WaitlistEntryId(3), 1))));
    assert_eq!(
        out.notice.map(|n| n.text),
        Some("Oleg is on the waitlist, place 1.".into())
    );
}

/// A known name goes straight to the counters; a party that cannot go
/// (children alone) is not sent.
#[test]
fn joining_with_a_name_shows_the_counters_first() {
    let mut s = shown();
    s.contact.name = "Anna".into();
    press_bound(&mut s, &desk(), code(KeyCode::Up));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty(), "the party is shown before joining");
    assert_eq!(s.sold_out.as_ref().and_then(|so| so.asking), Some(WaitField::Adults));
    press_bound(&mut s, &desk(), key('0'));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), key('2'));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    assert!(out.notice.is_some_and(|n| n.level == crate::tui::panes::Level::Error));
    assert_eq!(s.sold_out.as_ref().and_then(|so| so.asking), Some(WaitField::Adults));
    press_bound(&mut s, &desk(), key('1'));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(
        matches!(&calls(&out)[..], [Call::WaitlistJoin { party, .. }] if (party.adults(), party.children()) == (1, 2))
    );
}

#[test]
fn sold_out_on_hold_continues_on_another_departure_with_the_party() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Up));
    s.departures[0].free = 2; // the list said seats were free
    s.departures[0].booked = 13;
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::Party);
    press_bound(&mut s, &desk(), key('2'));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Hold { key, .. }] = calls(&out)[..] else {
        panic!("no hold")
    };
    press_bound(&mut s, &desk(), testing::key('O'));
    let sold = UiError {
        code: ErrorCode::SoldOut,
        message: "sold out".into(),
    };
    answer(&mut s, &desk(), Msg::Held(key, Err(sold)));
    assert_eq!(s.step, Step::SoldOut);
    // the rest of the name typed meanwhile neither switches panes nor quits
    assert!(s.typing());
    for c in "lq3".chars() {
        assert!(press_bound(&mut s, &desk(), testing::key(c)).cmds.is_empty());
    }
    assert_eq!(s.step, Step::SoldOut);
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert_eq!(s.step, Step::Party);
    assert_eq!(s.departure, Some(DepartureId(3)));
    assert_eq!(s.adults.number(), 2);
    assert_eq!(s.contact.name, "O");
    assert!(calls(&out).iter().any(|c| matches!(
        c,
        Call::Quote {
            departure: DepartureId(3),
            ..
        }
    )));
}

#[test]
fn another_kiosks_sale_refreshes_the_shown_departure_only_when_visible() {
    let mut s = shown();
    let mut out = Outbox::default();
    s.departure_changed(&desk(), DepartureId(2), true, &mut out);
    assert!(matches!(calls(&out)[..], [Call::Availability(DepartureId(2))]));
    let mut out = Outbox::default();
    s.departure_changed(&desk(), DepartureId(2), false, &mut out);
    s.departure_changed(&desk(), DepartureId(99), true, &mut out);
    assert!(out.cmds.is_empty());
    let a = Availability {
        departure_id: DepartureId(2),
        capacity: 20,
        booked: 20,
        held: 0,
        free: 0,
        waitlist: 0,
        status: DepartureStatus::Scheduled,
    };
    answer(&mut s, &desk(), Msg::Availability(DepartureId(2), Ok(a)));
    assert_eq!(s.departures[1].free, 0);
}

#[test]
fn a_guide_gets_no_walk_in_keys() {
    let s = shown();
    let guide = testing::ctx(Role::Guide);
    assert!(keymap::walkin::key(&s, &guide, &code(KeyCode::Enter)).is_none());
}

/// Name, phone, to payment, confirm: the Book call's key.
fn book_now(s: &mut State) -> BookRequest {
    for c in "Anna".chars() {
        press_bound(s, &desk(), testing::key(c));
    }
    press_bound(s, &desk(), code(KeyCode::Tab));
    for c in "89001234567".chars() {
        press_bound(s, &desk(), testing::key(c));
    }
    press_bound(s, &desk(), code(KeyCode::Enter));
    match &calls(&press_bound(s, &desk(), code(KeyCode::Enter)))[..] {
        [Call::Book(r)] => (**r).clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_booking_in_flight_outlives_the_countdown_and_a_release_key() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    let req = book_now(&mut s);
    // the hold runs out on screen and the clerk presses release meanwhile
    let mut c = desk();
    c.now = testing::now() + TimeDelta::minutes(15);
    s.tick(&c, &mut Outbox::default());
    let out = press_bound(&mut s, &desk(), ctrl('r'));
    assert!(calls(&out).is_empty(), "no release while the booking is decided");
    assert!(matches!(s.hold, HoldState::Active(_)));
    // the core booked it: the clerk sees the booking
    answer(&mut s, &desk(), Msg::Booked(req.key, Box::new(Ok(sale(&req)))));
    assert_eq!(s.step, Step::Done);
    assert!(!s.booking);
}

#[test]
fn a_lost_answer_keeps_its_key_through_a_new_hold() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    let first = book_now(&mut s);
    let gone = UiError {
        code: ErrorCode::DbUnavailable,
        message: "connection reset".into(),
    };
    answer(&mut s, &desk(), Msg::Booked(first.key, Box::new(Err(gone))));
    // the hold expires, the clerk holds again and confirms again
    let mut c = desk();
    c.now = testing::now() + TimeDelta::minutes(15);
    s.tick(&c, &mut Outbox::default());
    assert_eq!(s.hold, HoldState::Expired);
    let rehold = match &calls(&press_bound(&mut s, &desk(), ctrl('e')))[..] {
        [Call::Hold { key, .. }] => *key,
        other => panic!("{other:?}"),
    };
    answer(&mut s, &desk(), Msg::Held(rehold, Ok(hold(6, 2))));
    s.step = Step::Payment;
    let again = match &calls(&press_bound(&mut s, &desk(), code(KeyCode::Enter)))[..] {
        [Call::Book(r)] => r.key,
        other => panic!("{other:?}"),
    };
    assert_eq!(again, first.key, "if the first booking committed, the core returns it");
}

#[test]
fn an_unknown_outcome_is_not_a_failure_and_enter_retries_with_the_same_key() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    let first = book_now(&mut s);
    let unknown = UiError {
        code: ErrorCode::OutcomeUnknown,
        message: "the outcome is unknown".into(),
    };
    let out = answer(&mut s, &desk(), Msg::Booked(first.key, Box::new(Err(unknown))));
    let notice = out.notice.expect("a notice");
    assert_eq!(
        notice.level,
        crate::tui::panes::Level::Warning,
        "shown as unknown, not as failed"
    );
    assert!(
        notice.text.starts_with("Unknown whether it went through"),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("Press Enter to retry"), "{}", notice.text);
    assert_eq!(s.book_key, Some(first.key), "the key is kept");
    assert!(matches!(s.hold, HoldState::Active(_)), "the hold is kept");
    let again = match &calls(&press_bound(&mut s, &desk(), code(KeyCode::Enter)))[..] {
        [Call::Book(r)] => r.key,
        other => panic!("{other:?}"),
    };
    assert_eq!(again, first.key, "Enter sends the same request again");
    // the retry replays the booking the first attempt made
    answer(&mut s, &desk(), Msg::Booked(again, Box::new(Ok(sale(&first)))));
    assert_eq!(s.step, Step::Done);
}

/// A kiosk without a ticket-signing key: the sale stands (Done, the booking
/// number shown) and the clerk reads why there are no tickets and what to do,
/// in the kiosk's language; no key is made.
#[test]
fn a_sale_without_a_signing_key_stands_and_says_so() {
    for lang in [crate::tui::strings::Lang::En, crate::tui::strings::Lang::Ru] {
        let c = testing::ctx_in(Role::Desk, lang);
        let mut s = shown();
        let key = to_details(&mut s);
        answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
        let req = book_now(&mut s);
        let mut sold = sale(&req);
        sold.group_code = None;
        sold.pngs.clear();
        sold.ticket_error = Some(UiError::from(crate::booking::BookingError::NoSigningKey {
            unregistered: false,
        }));
        let mut out = Outbox::default();
        s.update(&c, Msg::Booked(req.key, Box::new(Ok(sold))), &mut out);
        assert_eq!(s.step, Step::Done, "the booking stands");
        let notice = out.notice.expect("a notice");
        assert_eq!(notice.level, crate::tui::panes::Level::Error);
        assert!(notice.text.contains("TD-7KX9PQ"), "{}", notice.text);
        assert!(notice.text.contains("tourdesk keys new"), "{}", notice.text);
        let says = match lang {
            crate::tui::strings::Lang::En => "This machine has no ticket-signing key",
            _ => "нет ключа подписи билетов",
        };
        assert!(notice.text.contains(says), "{}", notice.text);
        let buf = testing::draw(200, 47, |a, b| view::render(&s, &c, a, b));
        assert!(testing::find(&buf, "TD-7KX9PQ").is_some());
        assert!(
            testing::find(&buf, "tourdesk keys new").is_some(),
            "the done screen says it too"
        );
    }
}

#[test]
fn the_price_on_screen_is_the_one_sent_and_a_new_one_is_shown_when_it_changed() {
    let mut s = shown();
    let key = to_details(&mut s);
    answer(&mut s, &desk(), Msg::Held(key, Ok(hold(5, 2))));
    s.quote = Some(quote(2, 1));
    let req = book_now(&mut s);
    assert_eq!(req.expected_total, Some(2 * 750_000 + 450_000));
    let changed = UiError {
        code: ErrorCode::PriceChanged,
        message: "the price changed".into(),
    };
    let out = answer(&mut s, &desk(), Msg::Booked(req.key, Box::new(Err(changed))));
    // the old figure is gone, a new quote is asked for, and the hold stands
    assert!(s.quote.is_none());
    assert!(
        calls(&out).iter().any(|c| matches!(c, Call::Quote { .. })),
        "{:?}",
        calls(&out)
    );
    assert!(matches!(s.hold, HoldState::Active(_)));
    assert_eq!(
        out.notice.map(|n| n.text),
        Some("Prices changed while booking. Check the quote and confirm again.".into())
    );
    assert!(!s.booking);
}
