//! The Bookings pane: keys into update, the core's answers simulated, the
//! search's debounce and stale answers, each card action's call and key,
//! and the screens as drawn (the whole kiosk at 80×24 and 200×47).

use super::card::Field;
use super::*;
use crate::booking::{AuditLine, Booking, CheckInLine, Contact, LedgerEntry, Person, TicketLine};
use crate::domain::{
    AdmissionMethod, BookingId, BookingStatus, CheckInStatus, ErrorCode, LedgerKind, ParticipantId, PaymentStatus,
    Role, SearchMatch,
};
use crate::tui::action::{Action, Cmd, Session};
use crate::tui::app::{App, Config};
use crate::tui::panes::PaneId;
use crate::tui::strings::Lang;
use crate::tui::testing::{self, answer, code, desk, key, press_app, press_bound, typed};
use chrono::TimeDelta;
use crossterm::event::KeyCode;
use ratatui::style::Color;

fn calls(out: &Outbox) -> Vec<Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Bookings(c)) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn timers(out: &Outbox) -> Vec<u64> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Later(d, Timer::Search(seq)) if *d == DEBOUNCE => Some(*seq),
            _ => None,
        })
        .collect()
}

fn notice(out: &Outbox) -> &str {
    out.notice.as_ref().map(|n| n.text.as_str()).unwrap_or_default()
}

fn err(code: ErrorCode) -> UiError {
    UiError {
        code,
        message: format!("{code:?}"),
    }
}

#[allow(clippy::too_many_arguments)]
fn found(
    id: i64,
    number: &str,
    name: &str,
    phone: &str,
    tour: &str,
    hours: i64,
    status: BookingStatus,
    paid: PaymentStatus,
) -> Found {
    Found {
        booking_id: BookingId(id),
        booking_number: number.into(),
        confirmation_code: "K7Q2".into(),
        departure_id: DepartureId(2),
        tour: tour.into(),
        starts_at: testing::now() + TimeDelta::hours(hours),
        time_zone: testing::TZ.name().into(),
        status,
        payment_status: paid,
        adults: 2,
        children: 1,
        contact_name: name.into(),
        contact_phone: phone.into(),
        contact_email: String::new(),
        created_at: testing::now() - TimeDelta::days(id),
        rank: 2,
        matched: SearchMatch::Phone,
        matched_text: phone.into(),
    }
}

fn results() -> Vec<Found> {
    vec![
        found(
            5,
            "TD-4MWQ7R",
            "Irina Sokolova",
            "+79145550102",
            "Avacha Bay by boat",
            26,
            BookingStatus::Confirmed,
            PaymentStatus::PartiallyPaid,
        ),
        found(
            6,
            "TD-9XK2PD",
            "Ирина Соколова",
            "+79145550102",
            "Mutnovsky volcano",
            -72,
            BookingStatus::Cancelled,
            PaymentStatus::Refunded,
        ),
        found(
            7,
            "TD-J3LMQA",
            "Irina S.",
            "+79145550102",
            "Vilyuchinsky waterfall",
            100,
            BookingStatus::Confirmed,
            PaymentStatus::Unpaid,
        ),
    ]
}

fn ledger(kind: LedgerKind, amount: i64, method: MoneyMethod, reference: &str, reason: &str) -> LedgerEntry {
    LedgerEntry {
        entry_id: amount,
        kind,
        amount_minor: amount,
        currency: "RUB".into(),
        method,
        reference: reference.into(),
        reason: reason.into(),
        staff_name: "Елена Морозова".into(),
        device_name: "front-desk-1".into(),
        at: testing::now() - TimeDelta::hours(3),
    }
}

fn person(id: i64, name: &str, kind: &str, medical: &str) -> Person {
    Person {
        id: ParticipantId(id),
        name: name.into(),
        kind: kind.into(),
        medical_notes: medical.into(),
        emergency_contact: if id == 1 {
            "+7 914 000 11 22".into()
        } else {
            String::new()
        },
        dietary: if id == 2 { "vegetarian".into() } else { String::new() },
        equipment: String::new(),
        no_show: false,
        no_show_reason: String::new(),
    }
}

fn card(printed: i32) -> BookingCard {
    let at = testing::now() - TimeDelta::hours(3);
    BookingCard {
        booking: Booking {
            booking_id: BookingId(5),
            booking_number: "TD-4MWQ7R".into(),
            confirmation_code: "K7Q2".into(),
            departure_id: DepartureId(2),
            status: BookingStatus::Confirmed,
            adults: 2,
            children: 1,
            contact_name: "Irina Sokolova".into(),
            total_minor: 1_950_000,
            currency: "RUB".into(),
            price: serde_json::Value::Null,
            payment_status: PaymentStatus::PartiallyPaid,
            participants: Vec::new(),
            replayed: false,
        },
        contact: Contact {
            phone: "+79145550102".into(),
            email: "irina@example.com".into(),
            special_requests: String::new(),
            source: "desk".into(),
            created_at: at,
            cancelled_at: None,
        },
        participants: vec![
            person(1, "Irina Sokolova", "adult", "asthma, carries an inhaler"),
            person(2, "Pavel Sokolov", "adult", ""),
            person(3, "Masha Sokolova", "child", ""),
        ],
        tickets: vec![TicketLine {
            ticket_id: 1,
            kind: "group".into(),
            participant_id: None,
            holder: "Irina Sokolova".into(),
            admits: 3,
            live: true,
            printed,
            last_printed_at: Some(at),
        }],
        check_ins: vec![CheckInLine {
            participant_id: ParticipantId(1),
            participant: "Irina Sokolova".into(),
            status: CheckInStatus::Accepted,
            method: AdmissionMethod::Qr,
            occurred_at: at,
            recorded_at: at,
            undone_at: None,
            device: Some("gate-1".into()),
            staff: Some("Guide".into()),
        }],
        audit: vec![AuditLine {
            id: 1,
            at,
            action: "booking.created".into(),
            staff: Some("Елена Морозова".into()),
            device: Some("front-desk-1".into()),
            details: serde_json::Value::Null,
        }],
        customer_bookings: Vec::new(),
        ledger: vec![ledger(
            LedgerKind::Payment,
            1_000_000,
            MoneyMethod::Card,
            "slip 0042",
            "",
        )],
    }
}

/// The text typed, the pause, the answer: the results on screen.
fn searched() -> State {
    let mut s = State::default();
    for c in "0102".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    let seq = s.seq;
    let out = answer(&mut s, &desk(), Msg::Debounced(seq));
    assert!(matches!(&calls(&out)[..], [Call::Find { text, .. }] if text == "0102"));
    answer(&mut s, &desk(), Msg::Found(seq, Ok(results())));
    s
}

/// The first result's card open.
fn opened(printed: i32) -> State {
    let mut s = searched();
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Card(n)] if n == "TD-4MWQ7R"));
    answer(
        &mut s,
        &desk(),
        Msg::Card("TD-4MWQ7R".into(), Box::new(Ok(card(printed)))),
    );
    assert!(s.card.is_some());
    s
}

#[test]
fn typing_searches_once_the_typing_pauses_and_only_the_latest_text() {
    let mut s = State::default();
    let mut seqs = Vec::new();
    for c in "+7 914".chars() {
        let out = press_bound(&mut s, &desk(), typed(c));
        assert!(calls(&out).is_empty(), "nothing goes out while typing");
        seqs.extend(timers(&out));
    }
    assert_eq!(seqs.len(), 6, "each key asks for a pause");
    // the pauses of the earlier keys have nothing to send
    for seq in &seqs[..5] {
        assert!(calls(&answer(&mut s, &desk(), Msg::Debounced(*seq))).is_empty());
    }
    let out = answer(&mut s, &desk(), Msg::Debounced(seqs[5]));
    assert!(matches!(&calls(&out)[..], [Call::Find { seq, text }] if *seq == seqs[5] && text == "+7 914"));
    assert_eq!(s.searching, Some(seqs[5]));
    // an empty text searches nothing and clears the list
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert_eq!(s.query, "");
    assert!(s.results.is_empty() && s.searching.is_none());
}

#[test]
fn a_late_answer_to_an_older_text_is_dropped() {
    let mut s = State::default();
    press_bound(&mut s, &desk(), key('i'));
    let first = s.seq;
    answer(&mut s, &desk(), Msg::Debounced(first));
    press_bound(&mut s, &desk(), key('r'));
    let second = s.seq;
    answer(&mut s, &desk(), Msg::Debounced(second));
    // the answer for "ir" comes first, then the slow one for "i"
    answer(&mut s, &desk(), Msg::Found(second, Ok(results()[..1].to_vec())));
    let out = answer(&mut s, &desk(), Msg::Found(first, Ok(results())));
    assert!(out.notice.is_none() && out.cmds.is_empty());
    assert_eq!(s.results.len(), 1, "the list answers what is typed");
    assert_eq!(s.searched, "ir");
    // so is an old error
    let out = answer(&mut s, &desk(), Msg::Found(first, Err(err(ErrorCode::DbUnavailable))));
    assert!(out.notice.is_none());
}

#[test]
fn enter_opens_the_chosen_booking_and_esc_goes_back_to_the_results() {
    let mut s = searched();
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Card(n)] if n == "TD-9XK2PD"));
    // an answer for another booking than the one being opened is dropped
    answer(&mut s, &desk(), Msg::Card("TD-4MWQ7R".into(), Box::new(Ok(card(0)))));
    assert!(s.card.is_none());
    let mut s = opened(0);
    assert!(!s.typing(), "on a card the digits switch screens again");
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(s.card.is_none());
    assert_eq!(s.query, "0102", "the search is kept");
    assert_eq!(s.results.len(), 3);
}

#[test]
fn pay_takes_the_balance_with_one_key_per_request() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('p'));
    let Some(Form::Pay(f)) = &s.form else {
        panic!("no pay form")
    };
    assert_eq!(f.amount, "9500", "the balance: 19 500 less 10 000 paid");
    assert!(s.typing());
    // card needs a slip
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), code(KeyCode::Right));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    assert!(matches!(&s.form, Some(Form::Pay(f)) if f.problem.is_some() && f.field == Field::Text));
    for c in "0043".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [
        Call::Pay {
            amount_minor,
            method,
            reference,
            key: first,
            ..
        },
    ] = &calls(&out)[..]
    else {
        panic!("no payment sent")
    };
    assert_eq!(
        (*amount_minor, *method, reference.as_str()),
        (950_000, MoneyMethod::Card, "0043")
    );
    // the answer lost: the retry is the same request under the same key
    let out = answer(&mut s, &desk(), Msg::Paid(*first, Err(err(ErrorCode::OutcomeUnknown))));
    assert!(!notice(&out).is_empty());
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Pay { key, .. }] if key == first));
    // a changed request is another one
    answer(&mut s, &desk(), Msg::Paid(*first, Err(err(ErrorCode::LockTimeout))));
    press_bound(&mut s, &desk(), code(KeyCode::Backspace));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Pay { key, reference, .. }] if key != first && reference == "004"));
}

fn moved(kind: LedgerKind, amount: i64, balance: i64) -> MoneyMoved {
    MoneyMoved {
        entry_id: 9,
        booking_number: "TD-4MWQ7R".into(),
        kind,
        amount_minor: amount,
        currency: "RUB".into(),
        method: MoneyMethod::Cash,
        reference: String::new(),
        reason: String::new(),
        at: testing::now(),
        paid_minor: 1_950_000 - balance,
        refunded_minor: 0,
        balance_minor: balance,
        payment_status: PaymentStatus::Paid,
        replayed: false,
    }
}

#[test]
fn a_payment_taken_closes_the_form_says_so_and_reads_the_card_again() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('з')); // p on the Russian layout
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Pay { key, method, .. }] = &calls(&out)[..] else {
        panic!("no payment")
    };
    assert_eq!(*method, MoneyMethod::Cash, "cash needs no slip");
    let out = answer(
        &mut s,
        &desk(),
        Msg::Paid(*key, Ok(moved(LedgerKind::Payment, 950_000, 0))),
    );
    assert_eq!(notice(&out), "Took 9 500.00 RUB for TD-4MWQ7R; due now 0.00 RUB.");
    assert!(s.form.is_none());
    let c = calls(&out);
    assert!(matches!(&c[0], Call::Card(n) if n == "TD-4MWQ7R"));
    assert!(
        matches!(&c[1], Call::Find { text, .. } if text == "0102"),
        "the list's payment status too"
    );
}

#[test]
fn nothing_due_opens_no_payment() {
    let mut s = opened(0);
    if let Some(o) = &mut s.card {
        o.card.ledger = vec![ledger(LedgerKind::Payment, 1_950_000, MoneyMethod::Cash, "", "")];
    }
    let out = press_bound(&mut s, &desk(), key('p'));
    assert_eq!(notice(&out), "Nothing is due on this booking.");
    assert!(s.form.is_none());
}

#[test]
fn a_refund_needs_an_amount_and_a_reason_and_a_clerk_is_told_it_is_a_managers() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('r'));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    assert!(matches!(&s.form, Some(Form::Refund(f)) if f.problem == Some(desk().text.bookings.bad_amount)));
    for c in "2000".chars() {
        press_bound(&mut s, &desk(), key(c));
    }
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&s.form, Some(Form::Refund(f)) if f.problem == Some(desk().text.bookings.need_reason)));
    for c in "one did not come".chars() {
        press_bound(&mut s, &desk(), typed(c));
    }
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [
        Call::Refund {
            amount_minor,
            reason,
            key,
            ..
        },
    ] = &calls(&out)[..]
    else {
        panic!("no refund")
    };
    assert_eq!((*amount_minor, reason.as_str()), (200_000, "one did not come"));
    let out = answer(&mut s, &desk(), Msg::Refunded(*key, Err(err(ErrorCode::Forbidden))));
    assert_eq!(
        notice(&out),
        crate::tui::strings::error_text(Lang::En, ErrorCode::Forbidden).unwrap()
    );
    assert!(
        matches!(&s.form, Some(Form::Refund(f)) if !f.busy),
        "the form stays to go back from"
    );
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(s.form.is_none());
}

fn quote(percent: i32, refund: i64, already: bool) -> CancelQuote {
    CancelQuote {
        refund_percent: percent,
        refund_minor: refund,
        already,
        hours_before: 26.0,
        currency: "RUB".into(),
    }
}

#[test]
fn cancel_shows_the_servers_refund_first_and_y_cancels() {
    let mut s = opened(0);
    let out = press_bound(&mut s, &desk(), key('x'));
    assert!(matches!(&calls(&out)[..], [Call::Quote(n)] if n == "TD-4MWQ7R"));
    // y before the quote came does nothing: the clerk has not seen the refund
    assert!(calls(&press_bound(&mut s, &desk(), key('y'))).is_empty());
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('x'));
    answer(
        &mut s,
        &desk(),
        Msg::Quoted("TD-4MWQ7R".into(), Ok(quote(50, 500_000, false))),
    );
    let out = press_bound(&mut s, &desk(), key('н')); // y on the Russian layout
    assert!(matches!(&calls(&out)[..], [Call::Cancel(n)] if n == "TD-4MWQ7R"));
    let c = Cancellation {
        booking_number: "TD-4MWQ7R".into(),
        reason: crate::domain::refund::CancelReason::Customer,
        hours_before: 26.0,
        refund_percent: 50,
        refund_minor: 500_000,
        currency: "RUB".into(),
        already_cancelled: false,
    };
    let out = answer(&mut s, &desk(), Msg::Cancelled("TD-4MWQ7R".into(), Ok(c)));
    assert_eq!(notice(&out), "TD-4MWQ7R cancelled; refund 5 000.00 RUB.");
    assert!(s.form.is_none());
    assert!(matches!(&calls(&out)[0], Call::Card(_)));
}

#[test]
fn n_keeps_the_booking_and_a_cancelled_one_is_not_asked_again() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('x'));
    answer(
        &mut s,
        &desk(),
        Msg::Quoted("TD-4MWQ7R".into(), Ok(quote(50, 500_000, false))),
    );
    assert!(calls(&press_bound(&mut s, &desk(), key('n'))).is_empty());
    assert!(s.form.is_none());
    press_bound(&mut s, &desk(), key('x'));
    let out = answer(
        &mut s,
        &desk(),
        Msg::Quoted("TD-4MWQ7R".into(), Ok(quote(50, 500_000, true))),
    );
    assert_eq!(notice(&out), "This booking is cancelled already.");
    assert!(s.form.is_none());
}

#[test]
fn reprint_warns_how_many_times_it_was_printed() {
    let mut s = opened(2);
    let out = press_bound(&mut s, &desk(), key('t'));
    assert!(calls(&out).is_empty());
    assert_eq!(s.form, Some(Form::Reprint { printed: 2 }));
    let out = press_bound(&mut s, &desk(), key('y'));
    assert!(matches!(&calls(&out)[..], [Call::Reprint(n)] if n == "TD-4MWQ7R"));
    let printed = Printed {
        count: 1,
        dir: "/tmp/desk/tickets".into(),
    };
    let out = answer(&mut s, &desk(), Msg::Reprinted("TD-4MWQ7R".into(), Ok(printed)));
    assert_eq!(notice(&out), "1 tickets written to /tmp/desk/tickets.");
    // never printed: no question
    let mut s = opened(0);
    let out = press_bound(&mut s, &desk(), key('t'));
    assert!(matches!(&calls(&out)[..], [Call::Reprint(_)]));
}

#[test]
fn v_shows_the_group_code_as_a_qr_on_the_whole_screen() {
    let mut s = opened(0);
    let out = press_bound(&mut s, &desk(), key('v'));
    assert!(matches!(&calls(&out)[..], [Call::Code(n)] if n == "TD-4MWQ7R"));
    let out = answer(&mut s, &desk(), Msg::Code("TD-4MWQ7R".into(), Ok("TDG1.abc".into())));
    assert_eq!(out.fullscreen_qr.as_deref(), Some("TDG1.abc"));
    let out = answer(
        &mut s,
        &desk(),
        Msg::Code("TD-4MWQ7R".into(), Err(err(ErrorCode::NoSigningKey))),
    );
    assert!(!notice(&out).is_empty());
}

#[test]
fn a_cancelled_booking_offers_no_ticket() {
    let mut s = opened(0);
    if let Some(o) = &mut s.card {
        o.card.booking.status = BookingStatus::Cancelled;
    }
    for k in ['t', 'v'] {
        let out = press_bound(&mut s, &desk(), key(k));
        assert!(calls(&out).is_empty());
        assert_eq!(notice(&out), desk().text.bookings.not_live);
    }
}

#[test]
fn the_card_scrolls_within_its_lines() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), code(KeyCode::PageDown));
    press_bound(&mut s, &desk(), code(KeyCode::PageDown));
    let len = card_view::lines(s.card.as_ref().unwrap(), &desk()).len();
    assert_eq!(s.scroll, len - 1);
    press_bound(&mut s, &desk(), code(KeyCode::Up));
    assert_eq!(s.scroll, len - 2);
    press_bound(&mut s, &desk(), code(KeyCode::PageUp));
    press_bound(&mut s, &desk(), code(KeyCode::PageUp));
    assert_eq!(s.scroll, 0);
}

// --- the kiosk as a whole: keys 7 and /, and the screens drawn ---

fn kiosk(w: u16, h: u16, lang: Lang) -> App {
    let config = Config {
        lang,
        device: "front-desk-1".into(),
        tz: testing::TZ,
        currency: Some(crate::domain::money::Currency::RUB),
        idle_lock: std::time::Duration::from_secs(300),
    };
    let mut app = App::new(config, testing::now(), (w, h));
    for c in "222222".chars() {
        press_app(&mut app, key(c));
    }
    press_app(&mut app, code(KeyCode::Enter));
    app.update(Action::LoggedIn(Ok(Session {
        name: "Елена Морозова".into(),
        role: Role::Desk,
        offline: false,
    })));
    app
}

#[test]
fn seven_and_slash_open_the_search_but_check_in_keeps_its_slash() {
    let mut app = kiosk(80, 24, Lang::En);
    press_app(&mut app, key('7'));
    assert_eq!(app.pane, PaneId::Bookings);
    // the search field takes digits (a phone): F-keys leave
    press_app(&mut app, code(KeyCode::F(1)));
    assert_eq!(app.pane, PaneId::Departures);
    press_app(&mut app, key('/'));
    assert_eq!(app.pane, PaneId::Bookings);
    // from a card, `/` goes back to the search
    app.panes.bookings = opened(0);
    press_app(&mut app, key('/'));
    assert!(app.panes.bookings.card.is_none());
    assert_eq!(app.panes.bookings.query, "0102");
    // typing in the search: the debounce timer comes back through the app
    let cmds = press_app(&mut app, key('3'));
    let seq = app.panes.bookings.seq;
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Later(_, Timer::Search(s)) if *s == seq))
    );
    let cmds = app.update(Action::Timer(Timer::Search(seq), std::time::Instant::now()));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Call(PaneCall::Bookings(Call::Find { text, .. })) if text == "01023"))
    );
    // check-in's own search keeps `/`
    press_app(&mut app, code(KeyCode::F(5)));
    assert_eq!(app.pane, PaneId::CheckIn);
    press_app(&mut app, key('/'));
    assert_eq!(app.pane, PaneId::CheckIn);
}

fn draw(app: &App) -> ratatui::buffer::Buffer {
    testing::draw(app.size.0, app.size.1, |a, b| crate::tui::view::render(app, a, b))
}

/// The kiosk on the Bookings screen with `state`, at both sizes.
fn screens(state: impl Fn() -> State, name: &str) -> [ratatui::buffer::Buffer; 2] {
    [(80, 24), (200, 47)].map(|(w, h)| {
        let mut app = kiosk(w, h, Lang::En);
        press_app(&mut app, key('7'));
        app.panes.bookings = state();
        let buf = draw(&app);
        insta::assert_snapshot!(format!("bookings_{name}_{w}x{h}"), testing::text(&buf));
        buf
    })
}

#[test]
fn the_empty_search_says_what_to_type() {
    for buf in screens(State::default, "empty") {
        let at = testing::find(&buf, "Find:").expect("the search field");
        assert_eq!(testing::fg(&buf, at), Color::Cyan);
        assert!(testing::find(&buf, "Type a booking number").is_some());
        // the tab of this screen is the one marked
        let tab = testing::find(&buf, "7 Bookings").expect("the tab named");
        assert!(buf[tab].modifier.contains(ratatui::style::Modifier::REVERSED));
    }
}

#[test]
fn results_show_status_and_payment_in_colour() {
    for buf in screens(searched, "results") {
        assert!(testing::find(&buf, "3 found").is_some());
        let cancelled = testing::find(&buf, "CANCELLED").expect("the cancelled one");
        assert_eq!(testing::fg(&buf, cancelled), Color::Red);
        let unpaid = testing::find(&buf, "UNPAID").expect("the unpaid one");
        assert_eq!(testing::fg(&buf, unpaid), Color::Red);
        let part = testing::find(&buf, "part paid").expect("the part paid one");
        assert_eq!(testing::fg(&buf, part), Color::Yellow);
        // the time in the departure's zone: 26 h after 07:00 on Tue 1 Dec
        assert!(testing::find(&buf, "02.12 09:00").is_some());
    }
}

#[test]
fn the_card_shows_people_money_tickets_check_ins_and_history() {
    for buf in screens(|| opened(2), "card") {
        assert!(testing::find(&buf, "TD-4MWQ7R").is_some());
        let due = testing::find(&buf, "Due 9 500.00 RUB").expect("the balance");
        assert_eq!(testing::fg(&buf, due), Color::Red);
        assert!(testing::find(&buf, "asthma").is_some());
        let paid = testing::find(&buf, "payment 10 000.00 RUB").expect("the ledger row");
        assert_eq!(testing::fg(&buf, paid), Color::Green);
        assert!(testing::find(&buf, "printed 2×").is_some());
    }
}

#[test]
fn the_pay_form_is_filled_with_the_balance() {
    let pay = || {
        let mut s = opened(0);
        press_bound(&mut s, &desk(), key('p'));
        s
    };
    for buf in screens(pay, "pay") {
        assert!(testing::find(&buf, "Take a payment").is_some());
        assert!(testing::find(&buf, "‹cash›").is_some(), "the method");
        let amount = testing::find(&buf, "9500").expect("the amount");
        assert!(
            buf[amount].modifier.contains(ratatui::style::Modifier::BOLD),
            "the field being typed"
        );
    }
}

#[test]
fn the_cancel_question_shows_the_refund() {
    let cancel = || {
        let mut s = opened(0);
        press_bound(&mut s, &desk(), key('x'));
        answer(
            &mut s,
            &desk(),
            Msg::Quoted("TD-4MWQ7R".into(), Ok(quote(50, 500_000, false))),
        );
        s
    };
    for buf in screens(cancel, "cancel") {
        assert!(testing::find(&buf, "Cancel TD-4MWQ7R?").is_some());
        assert!(testing::find(&buf, "Refund 50 % (26 h before departure).").is_some());
        assert!(testing::find(&buf, "5 000.00 RUB").is_some());
        let ask = testing::find(&buf, "y cancel").expect("the question");
        assert_eq!(testing::fg(&buf, ask), Color::Cyan);
    }
}

#[test]
fn in_russian_every_screen_speaks_russian() {
    let mut app = kiosk(80, 24, Lang::Ru);
    press_app(&mut app, key('7'));
    app.panes.bookings = searched();
    let buf = draw(&app);
    insta::assert_snapshot!("bookings_results_ru_80x24", testing::text(&buf));
    assert!(testing::find(&buf, "ОТМЕНЕНА").is_some());
    let unpaid = testing::find(&buf, "НЕ ОПЛАЧЕНА").expect("unpaid, in Russian");
    assert_eq!(testing::fg(&buf, unpaid), Color::Red);
}
