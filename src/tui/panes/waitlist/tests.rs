//! The waitlist pane: keys into update, the core's answers simulated, and
//! the queue as drawn.

use super::*;
use crate::booking::Booking;
use crate::domain::{BookingId, BookingStatus, HoldId, PaymentStatus, Role};
use crate::service::Sold;
use crate::tui::action::Cmd;
use crate::tui::keymap;
use crate::tui::panes::walkin::Sale;
use crate::tui::testing::{self, answer, code, departure, desk, key, press_bound};
use crossterm::event::KeyCode;
use ratatui::style::Color;

fn calls(out: &Outbox) -> Vec<Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Waitlist(c)) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn departures() -> Vec<Departure> {
    let mut full = departure(2, "Mutnovsky volcano", 3, 15, 13, 2);
    full.waitlist = 3;
    vec![departure(1, "Avacha Bay by boat", 1, 20, 5, 0), full]
}

fn entry(id: i64, pos: i64, name: &str, phone: &str, offer_secs: Option<i64>) -> WaitlistEntry {
    WaitlistEntry {
        id: WaitlistEntryId(id),
        departure_id: DepartureId(2),
        position: pos,
        adults: 2,
        children: (id % 2) as i32,
        name: name.into(),
        phone: phone.into(),
        status: if offer_secs.is_some() {
            WaitlistStatus::Offered
        } else {
            WaitlistStatus::Waiting
        },
        offer_hold_id: offer_secs.map(|_| HoldId(40 + id)),
        offer_expires_at: offer_secs.map(|s| testing::now() + TimeDelta::seconds(s)),
        created_at: testing::now() - TimeDelta::hours(2),
    }
}

fn queue() -> Vec<WaitlistEntry> {
    vec![
        entry(11, 1, "Irina Sokolova", "+7 914 555 01 02", Some(9 * 60 + 30)),
        entry(12, 2, "Pavel", "89001112233", None),
        entry(13, 3, "Jean Dupont", "", None),
    ]
}

/// Shown: the departures loaded, the one with a queue chosen and its queue in.
fn shown() -> State {
    let mut s = State::default();
    let mut out = Outbox::default();
    s.show(&desk(), &mut out);
    assert!(matches!(calls(&out)[..], [Call::Departures { .. }]));
    let out = answer(&mut s, &desk(), Msg::Departures(Ok(departures())));
    assert!(matches!(calls(&out)[..], [Call::Queue(DepartureId(2))]));
    answer(&mut s, &desk(), Msg::Queue(DepartureId(2), Ok(queue())));
    s
}

fn booking() -> Booking {
    Booking {
        booking_id: BookingId(5),
        booking_number: "TD-4MWQ7R".into(),
        confirmation_code: "X1".into(),
        departure_id: DepartureId(2),
        status: BookingStatus::Confirmed,
        adults: 2,
        children: 1,
        contact_name: "Irina Sokolova".into(),
        total_minor: 1_950_000,
        currency: "RUB".into(),
        price: serde_json::Value::Null,
        payment_status: PaymentStatus::Paid,
        participants: Vec::new(),
        replayed: false,
    }
}

#[test]
fn defaults_to_the_next_departure_with_a_queue() {
    let s = shown();
    assert_eq!(s.current, Some(DepartureId(2)));
    assert_eq!(s.entries.len(), 3);
}

#[test]
fn focus_departure_wins_over_the_default() {
    let mut s = State::default();
    let mut out = Outbox::default();
    s.show(&desk(), &mut out);
    s.focus_departure(&desk(), DepartureId(1), &mut out);
    let out = answer(&mut s, &desk(), Msg::Departures(Ok(departures())));
    assert!(calls(&out).is_empty());
    assert_eq!(s.current, Some(DepartureId(1)));
    // a late queue of another departure is dropped
    answer(&mut s, &desk(), Msg::Queue(DepartureId(2), Ok(queue())));
    assert!(s.entries.is_empty());
}

#[test]
fn accept_an_offer_books_it_with_cash_and_shows_the_number() {
    let mut s = shown();
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [
        Call::Accept {
            entry,
            payment,
            key: first,
        },
    ] = calls(&out)[..]
    else {
        panic!("no accept")
    };
    assert_eq!(entry, WaitlistEntryId(11));
    assert_eq!(payment, Pay::Cash);
    // a failure keeps the key for the retry
    let busy = UiError {
        code: ErrorCode::LockTimeout,
        message: "busy".into(),
    };
    answer(&mut s, &desk(), Msg::Accepted(entry, Box::new(Err(busy))));
    let out = press_bound(&mut s, &desk(), key('a'));
    assert!(matches!(calls(&out)[..], [Call::Accept { key: k, .. }] if k == first));
    let out = answer(&mut s, &desk(), Msg::Accepted(entry, Box::new(Ok(sale()))));
    assert_eq!(
        out.notice.as_ref().map(|n| n.text.as_str()),
        Some("Booked TD-4MWQ7R for Irina Sokolova.")
    );
    assert!(matches!(calls(&out)[..], [Call::Queue(DepartureId(2))]));
    assert!(s.booked.is_some(), "the booked screen");
    // Esc: back to the queue, the booking named on top
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(s.booked.is_none());
    let buf = testing::draw(80, 21, |a, b| view::render(&s, &desk(), a, b));
    assert!(testing::find(&buf, "TD-4MWQ7R").is_some());
}

/// The sale an accepted offer makes: the booking and its printed tickets.
fn sale() -> Sale {
    Sale {
        booking: Sold::Online(booking()),
        group_code: Some("TD1-TEST-GROUP-CODE".into()),
        pngs: vec!["/data/tickets/TD-4MWQ7R-0.png".into()],
        ticket_error: None,
        printer_error: None,
    }
}

/// An accepted offer ends on the walk-in's booked screen: number, code,
/// total, tickets and the QR; v shows the QR, Esc or Enter the queue again.
#[test]
fn an_accepted_offer_ends_on_the_booked_screen() {
    let mut s = shown();
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Accept { entry, .. }] = calls(&out)[..] else {
        panic!("no accept")
    };
    answer(&mut s, &desk(), Msg::Accepted(entry, Box::new(Ok(sale()))));
    for (w, h) in [(80, 21), (200, 47)] {
        let buf = testing::draw(w, h, |a, b| view::render(&s, &desk(), a, b));
        insta::assert_snapshot!(format!("accepted_booked_{w}x{h}"), testing::text(&buf));
        let at = testing::find(&buf, "BOOKED").expect("the booked screen");
        assert_eq!(testing::bg(&buf, at), crate::tui::theme::ADMITTED);
        for shown in ["TD-4MWQ7R", "X1", "19 500.00 RUB", "TD-4MWQ7R-0.png", "Irina Sokolova"] {
            assert!(testing::find(&buf, shown).is_some(), "{shown} at {w}x{h}");
        }
        assert!(testing::find(&buf, "Mutnovsky").is_some(), "the departure");
        assert!(testing::find(&buf, "back to the queue").is_some());
    }
    let big = testing::draw(200, 47, |a, b| view::render(&s, &desk(), a, b));
    assert!(testing::find(&big, "█").is_some(), "the QR is drawn");
    // the queue's keys wait: no accept, skip or remove under the booked screen
    let out = testing::press(&mut s, &desk(), key('s'));
    assert!(out.cmds.is_empty() && s.skipping.is_none() && s.booked.is_some());
    for k in ['v', 'м'] {
        let out = press_bound(&mut s, &desk(), key(k));
        assert_eq!(out.fullscreen_qr.as_deref(), Some("TD1-TEST-GROUP-CODE"));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(s.booked.is_none());
}

#[test]
fn a_waiting_entry_has_no_offer_to_accept() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    assert!(out.notice.is_some_and(|n| n.text.starts_with("No offer yet")));
}

/// The queue as the core returns it after a skip: `order` by id, with the
/// offered ones and fresh positions.
fn after(order: &[i64], offered: &[i64]) -> Vec<WaitlistEntry> {
    let old = queue();
    order
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let e = old.iter().find(|e| e.id.0 == *id).expect("an entry of queue()");
            let offer = offered.contains(id).then_some(10 * 60);
            entry(*id, i as i64 + 1, &e.name, &e.phone, offer)
        })
        .collect()
}

fn skipped(s: &mut State, id: i64, status: WaitlistStatus, queue: Result<Vec<WaitlistEntry>, UiError>) -> Outbox {
    let skip = Skip {
        status,
        departure: DepartureId(2),
        queue,
    };
    answer(s, &desk(), Msg::Skipped(WaitlistEntryId(id), Ok(skip)))
}

fn notice(out: &Outbox) -> &str {
    out.notice.as_ref().map(|n| n.text.as_str()).unwrap_or_default()
}

fn ids(s: &State) -> Vec<i64> {
    s.entries.iter().map(|e| e.id.0).collect()
}

#[test]
fn skip_sends_the_offered_party_to_the_end_and_names_who_got_the_seats() {
    let mut s = shown();
    let out = press_bound(&mut s, &desk(), key('s'));
    assert!(matches!(
        calls(&out)[..],
        [Call::Skip {
            entry: WaitlistEntryId(11),
            departure: DepartureId(2)
        }]
    ));
    assert!(out.notice.is_none(), "nothing is said before the core answers");
    // a second press while the first is under way does not skip again
    assert!(calls(&press_bound(&mut s, &desk(), key('ы'))).is_empty());

    let out = skipped(&mut s, 11, WaitlistStatus::Waiting, Ok(after(&[12, 13, 11], &[12])));
    assert_eq!(
        notice(&out),
        "Irina Sokolova moved to the end of the queue; seats offered to Pavel."
    );
    assert!(out.cmds.is_empty(), "the answer carries the fresh queue");
    assert_eq!(ids(&s), [12, 13, 11]);
    assert_eq!(s.skipping, None);
    assert_eq!(s.selected, 0, "the party now offered the seats is next to serve");
    let buf = testing::draw(80, 21, |a, b| view::render(&s, &desk(), a, b));
    insta::assert_snapshot!("waitlist_after_skip_80x21", testing::text(&buf));
    let at = testing::find(&buf, "OFFERED").expect("Pavel's offer");
    assert_eq!(at.1, testing::find(&buf, "Pavel").expect("Pavel").1);
    assert_eq!(testing::fg(&buf, at), Color::Yellow);
    // and the next skip goes to the core again
    assert!(matches!(
        calls(&press_bound(&mut s, &desk(), key('s')))[..],
        [Call::Skip {
            entry: WaitlistEntryId(12),
            ..
        }]
    ));
}

#[test]
fn skipping_a_waiting_party_moves_it_last_and_selects_the_one_after() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    let out = press_bound(&mut s, &desk(), key('s'));
    assert!(matches!(
        calls(&out)[..],
        [Call::Skip {
            entry: WaitlistEntryId(12),
            ..
        }]
    ));
    let out = skipped(&mut s, 12, WaitlistStatus::Waiting, Ok(after(&[11, 13, 12], &[11])));
    // Irina's offer was already on screen: nobody new got seats
    assert_eq!(notice(&out), "Pavel moved to the end of the queue.");
    assert_eq!(ids(&s), [11, 13, 12]);
    assert_eq!(s.entries[1].name, "Jean Dupont");
    assert_eq!(s.selected, 1);
}

#[test]
fn a_skipped_party_nobody_else_fits_is_offered_again() {
    let mut s = shown();
    press_bound(&mut s, &desk(), key('s'));
    let out = skipped(&mut s, 11, WaitlistStatus::Offered, Ok(after(&[12, 13, 11], &[11])));
    assert_eq!(
        notice(&out),
        "Irina Sokolova moved to the end of the queue; nobody else fits: offered again."
    );
    assert_eq!(s.entries[2].status, WaitlistStatus::Offered);
    let ru = testing::ctx_in(Role::Desk, crate::tui::strings::Lang::Ru);
    let mut s = shown();
    press_bound(&mut s, &desk(), key('s'));
    let skip = Skip {
        status: WaitlistStatus::Waiting,
        departure: DepartureId(2),
        queue: Ok(after(&[12, 13, 11], &[12])),
    };
    let mut out = Outbox::default();
    s.update(&ru, Msg::Skipped(WaitlistEntryId(11), Ok(skip)), &mut out);
    assert_eq!(
        notice(&out),
        "Irina Sokolova — в конце очереди; места предложены: Pavel."
    );
}

#[test]
fn a_skip_of_an_entry_already_gone_says_so_and_failures_reload() {
    let mut s = shown();
    press_bound(&mut s, &desk(), key('s'));
    let out = skipped(&mut s, 11, WaitlistStatus::Booked, Ok(after(&[12, 13], &[])));
    assert_eq!(notice(&out), "Irina Sokolova is no longer in the queue.");
    assert_eq!(ids(&s), [12, 13]);

    // the core refused: said, and the queue reloaded to show the truth
    let mut s = shown();
    press_bound(&mut s, &desk(), key('s'));
    let denied = UiError {
        code: ErrorCode::Forbidden,
        message: "not allowed".into(),
    };
    let out = answer(&mut s, &desk(), Msg::Skipped(WaitlistEntryId(11), Err(denied)));
    assert!(out.notice.is_some());
    assert!(matches!(calls(&out)[..], [Call::Queue(DepartureId(2))]));
    assert_eq!(s.skipping, None);
    assert_eq!(ids(&s), [11, 12, 13]);

    // skipped, but the queue could not be read after: reload, keep what is shown
    let mut s = shown();
    press_bound(&mut s, &desk(), key('s'));
    let busy = UiError {
        code: ErrorCode::LockTimeout,
        message: "busy".into(),
    };
    let out = skipped(&mut s, 11, WaitlistStatus::Waiting, Err(busy));
    assert_eq!(notice(&out), "Irina Sokolova moved to the end of the queue.");
    assert!(matches!(calls(&out)[..], [Call::Queue(DepartureId(2))]));
    assert_eq!(ids(&s), [11, 12, 13]);
}

#[test]
fn a_skip_answer_for_another_departure_leaves_the_shown_queue() {
    let mut s = shown();
    press_bound(&mut s, &desk(), key('s'));
    press_bound(&mut s, &desk(), code(KeyCode::Left));
    answer(&mut s, &desk(), Msg::Queue(DepartureId(1), Ok(Vec::new())));
    skipped(&mut s, 11, WaitlistStatus::Waiting, Ok(after(&[12, 13, 11], &[12])));
    assert_eq!(s.current, Some(DepartureId(1)));
    assert!(s.entries.is_empty());
}

#[test]
fn remove_asks_first() {
    let mut s = shown();
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    let out = press_bound(&mut s, &desk(), key('d'));
    assert!(out.cmds.is_empty());
    assert_eq!(s.confirm_remove, Some(WaitlistEntryId(12)));
    let buf = testing::draw(80, 21, |a, b| view::render(&s, &desk(), a, b));
    assert!(testing::find(&buf, "Remove Pavel from the waitlist?").is_some());
    press_bound(&mut s, &desk(), key('x'));
    assert_eq!(s.confirm_remove, None);
    press_bound(&mut s, &desk(), key('d'));
    let out = press_bound(&mut s, &desk(), key('y'));
    assert!(matches!(calls(&out)[..], [Call::Leave(WaitlistEntryId(12))]));
    let out = answer(
        &mut s,
        &desk(),
        Msg::Left(WaitlistEntryId(12), Ok(WaitlistStatus::Left)),
    );
    assert!(matches!(calls(&out)[..], [Call::Queue(DepartureId(2))]));
}

#[test]
fn left_and_right_change_the_departure() {
    let mut s = shown();
    let out = press_bound(&mut s, &desk(), code(KeyCode::Left));
    assert!(matches!(calls(&out)[..], [Call::Queue(DepartureId(1))]));
    assert_eq!(s.current, Some(DepartureId(1)));
    assert!(s.entries.is_empty());
}

#[test]
fn a_change_reloads_the_shown_queue_only_when_visible() {
    let mut s = shown();
    let mut out = Outbox::default();
    s.departure_changed(&desk(), DepartureId(2), true, &mut out);
    // the header's counts are reloaded with the queue
    assert!(matches!(
        calls(&out)[..],
        [Call::Departures { .. }, Call::Queue(DepartureId(2))]
    ));
    let mut sold = departures();
    sold[1].booked = 15;
    sold[1].held = 0;
    sold[1].free = 0;
    answer(&mut s, &desk(), Msg::Departures(Ok(sold)));
    let buf = testing::draw(80, 24, |area, buf| view::render(&s, &desk(), area, buf));
    assert!(testing::find(&buf, "0 of 15").is_some(), "{}", testing::text(&buf));
    let mut out = Outbox::default();
    s.departure_changed(&desk(), DepartureId(2), false, &mut out);
    s.departure_changed(&desk(), DepartureId(1), true, &mut out);
    assert!(out.cmds.is_empty());
}

#[test]
fn the_offer_countdown_ticks_and_its_end_reloads() {
    let mut s = shown();
    let mut c = desk();
    let mut out = Outbox::default();
    assert!(s.tick(&c, &mut out));
    assert!(!s.tick(&c, &mut out), "nothing moved");
    c.now += TimeDelta::seconds(1);
    assert!(s.tick(&c, &mut out));
    assert!(out.cmds.is_empty());
    c.now = testing::now() + TimeDelta::minutes(10);
    let mut out = Outbox::default();
    assert!(s.tick(&c, &mut out));
    assert!(matches!(calls(&out)[..], [Call::Queue(DepartureId(2))]));
    // no offers: never a redraw
    let mut quiet = shown();
    quiet.entries.retain(|e| e.offer_expires_at.is_none());
    let mut out = Outbox::default();
    assert!(!quiet.tick(&c, &mut out));
}

#[test]
fn a_guide_gets_no_waitlist_keys() {
    let s = shown();
    for k in ['a', 's', 'd'] {
        assert!(keymap::waitlist::key(&s, &testing::ctx(Role::Guide), &key(k)).is_none());
    }
}

#[test]
fn snapshot_waitlist() {
    let mut s = shown();
    s.last_booking = Some(booking());
    let small = testing::draw(80, 21, |a, b| view::render(&s, &desk(), a, b));
    insta::assert_snapshot!("waitlist_80x21", testing::text(&small));
    let at = testing::find(&small, "OFFERED").expect("offer shown");
    assert_eq!(testing::fg(&small, at), Color::Yellow);
    assert!(testing::find(&small, "09:30").is_some(), "the offer's countdown");
    let big = testing::draw(200, 47, |a, b| view::render(&s, &desk(), a, b));
    insta::assert_snapshot!("waitlist_200x47", testing::text(&big));
}

#[test]
fn snapshot_empty_queue_in_russian() {
    let mut s = shown();
    answer(&mut s, &desk(), Msg::Queue(DepartureId(2), Ok(Vec::new())));
    let ru = testing::ctx_in(Role::Desk, crate::tui::strings::Lang::Ru);
    let buf = testing::draw(80, 21, |a, b| view::render(&s, &ru, a, b));
    insta::assert_snapshot!("waitlist_empty_ru_80x21", testing::text(&buf));
}
