//! The walk-in: keys through the keymap into update, the core's answers
//! simulated, and what the clerk sees at each step.

use super::*;
use crate::booking::{Booking, Hold};
use crate::domain::pricing::{PriceBreakdown, PriceLine, PriceLineKind};
use crate::domain::{BookingId, BookingStatus, DepartureStatus, PaymentStatus, Role};
use crate::tui::action::Cmd;
use crate::tui::keymap;
use crate::tui::panes::{Outbox, PaneCall};
use crate::tui::testing::{self, answer, code, ctrl, departure, desk, key, press_bound};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Color;

fn list() -> Vec<Departure> {
    let mut later = departure(3, "Mutnovsky volcano", 25, 15, 3, 0);
    later.tour_id = crate::domain::TourId(2); // the same tour as departure 1
    vec![
        departure(1, "Mutnovsky volcano", 1, 15, 15, 0),
        departure(2, "Avacha Bay by boat", 3, 20, 8, 4),
        later,
        departure(4, "Vachkazhets lakes", 49, 12, 9, 2),
    ]
}

fn calls(out: &Outbox) -> Vec<Call> {
    out.cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Call(PaneCall::Walkin(c)) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

/// The pane shown, with the list loaded.
fn shown() -> State {
    let mut s = State::default();
    let mut out = Outbox::default();
    s.show(&desk(), &mut out);
    assert!(matches!(calls(&out)[..], [Call::Departures { .. }]));
    answer(&mut s, &desk(), Msg::Departures(Ok(list())));
    s
}

fn quote(adults: u32, children: u32) -> PriceBreakdown {
    let mut lines = vec![PriceLine {
        kind: PriceLineKind::Adults,
        label: format!("{adults} × adult"),
        amount_minor: 750_000 * i64::from(adults),
    }];
    if children > 0 {
        lines.push(PriceLine {
            kind: PriceLineKind::Children,
            label: format!("{children} × child"),
            amount_minor: 450_000 * i64::from(children),
        });
    }
    let total = 750_000 * i64::from(adults) + 450_000 * i64::from(children);
    PriceBreakdown {
        adults,
        children,
        adult_unit_minor: 750_000,
        child_unit_minor: 450_000,
        lines,
        subtotal_minor: total,
        total_minor: total,
        currency: "RUB".into(),
    }
}

fn hold(id: i64, departure: i64) -> Hold {
    Hold {
        hold_id: HoldId(id),
        departure_id: DepartureId(departure),
        adults: 2,
        children: 1,
        expires_at: testing::now() + TimeDelta::minutes(15),
        replayed: false,
    }
}

fn sale(req: &BookRequest) -> Sale {
    Sale {
        booking: Sold::Online(Booking {
            booking_id: BookingId(77),
            booking_number: "TD-7KX9PQ".into(),
            confirmation_code: "K7P2QX".into(),
            departure_id: req.departure,
            status: BookingStatus::Confirmed,
            adults: req.party.adults() as i32,
            children: req.party.children() as i32,
            contact_name: req.contact_name.clone(),
            total_minor: 1_950_000,
            currency: "RUB".into(),
            price: serde_json::Value::Null,
            payment_status: PaymentStatus::Paid,
            participants: Vec::new(),
            replayed: false,
        }),
        group_code: Some("TD1-TEST-GROUP-CODE".into()),
        pngs: vec!["/data/tickets/TD-7KX9PQ-0.png".into()],
        ticket_error: None,
        printer_error: None,
    }
}

/// Answers every quote the outbox asked for.
fn answer_quotes(s: &mut State, out: &Outbox) {
    for c in calls(out) {
        if let Call::Quote { seq, party, .. } = c {
            answer(
                s,
                &desk(),
                Msg::Quoted(seq, Ok(quote(party.adults(), party.children()))),
            );
        }
    }
}

fn to_details(s: &mut State) -> Uuid {
    press_bound(s, &desk(), code(KeyCode::Enter));
    press_bound(s, &desk(), key('2'));
    press_bound(s, &desk(), code(KeyCode::Tab));
    press_bound(s, &desk(), key('1'));
    let out = press_bound(s, &desk(), code(KeyCode::Enter));
    match &calls(&out)[..] {
        [Call::Hold { key, .. }] => *key,
        other => panic!("expected a hold, got {other:?}"),
    }
}

fn key_n() -> KeyEvent {
    key('n')
}

mod after_sale;
mod flow;
mod pickups;
mod views;
