//! The Bookings pane's tests: keys and answers through update (`actions`,
//! with the fixtures in `fixtures`), and here the whole kiosk: keys 7 and
//! `/`, and the screens as drawn at 80×24 and 200×47 with their colours.

use super::card::Field;
use super::*;
use crate::booking::{
    AuditLine, Booking, CheckInLine, Contact, LedgerEntry, Person, RebookOutcome, RebookParty, TicketLine,
    WeatherStatus,
};
use crate::domain::{
    AdmissionMethod, BookingId, BookingStatus, CheckInStatus, DepartureStatus, ErrorCode, LedgerKind, MoveReason,
    ParticipantId, PaymentStatus, RebookStatus, Role, SearchMatch, TourId,
};
use crate::tui::action::{Action, Cmd, Session};
use crate::tui::app::{App, Config};
use crate::tui::panes::PaneId;
use crate::tui::strings::Lang;
use crate::tui::testing::{self, answer, code, desk, key, press_app, press_bound, typed};
use chrono::TimeDelta;
use crossterm::event::KeyCode;
use ratatui::style::Color;

mod actions;
mod changes;
mod fixtures;
mod moves;
mod parties;
mod rebooks;
use fixtures::*;

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
        staff: None,
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
