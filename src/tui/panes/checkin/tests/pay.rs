//! "UNPAID: collect" leads to taking the payment at the gate: the form,
//! its key kept for retries, offline and the guide's role.

use super::*;
use crate::booking::MoneyMoved;
use crate::domain::{LedgerKind, PaymentMethod, PaymentStatus};
use crate::tui::panes::checkin::{Modal, Panel};
use crossterm::event::KeyCode;

fn desk() -> crate::tui::panes::Ctx {
    testing::desk()
}

/// The pane with the unpaid admission of `admitted()` on the panel.
fn unpaid() -> State {
    let mut s = loaded();
    testing::answer(
        &mut s,
        &desk(),
        Msg::CheckedIn(Uuid::nil(), Ok(Box::new(checked(admitted())))),
    );
    s
}

fn pays(cmds: &[Cmd]) -> Vec<(String, i64, PaymentMethod, String, Uuid)> {
    calls(cmds)
        .into_iter()
        .filter_map(|c| match c {
            Call::Pay {
                booking,
                amount_minor,
                method,
                reference,
                key,
            } => Some((booking, amount_minor, method, reference, key)),
            _ => None,
        })
        .collect()
}

pub fn moved(amount: i64, balance: i64) -> MoneyMoved {
    MoneyMoved {
        entry_id: 1,
        booking_number: "TD-7KX9PQ".into(),
        kind: LedgerKind::Payment,
        amount_minor: amount,
        currency: "RUB".into(),
        method: PaymentMethod::Cash,
        reference: String::new(),
        reason: String::new(),
        at: testing::now(),
        paid_minor: amount,
        refunded_minor: 0,
        balance_minor: balance,
        payment_status: if balance > 0 {
            PaymentStatus::PartiallyPaid
        } else {
            PaymentStatus::Paid
        },
        replayed: false,
    }
}

fn unpaid_on_panel(s: &State) -> i64 {
    match &s.panel {
        Panel::Verdict(c, _) => match &c.verdict {
            Verdict::Admitted { unpaid_minor, .. } => *unpaid_minor,
            _ => panic!("not an admission"),
        },
        _ => panic!("no verdict"),
    }
}

#[test]
fn the_balance_is_taken_in_cash_with_one_key_per_payment() {
    let mut s = unpaid();
    testing::press_bound(&mut s, &desk(), testing::key('m'));
    let Modal::Pay(f) = &s.modal else { panic!("no form") };
    assert_eq!((f.amount.as_str(), f.due_minor, f.card), ("4500", 450_000, false));
    assert!(s.typing());
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    let sent = pays(&out.cmds);
    assert!(matches!(&sent[..], [(b, 450_000, PaymentMethod::Cash, r, _)] if b == "TD-7KX9PQ" && r.is_empty()));
    let key = sent[0].4;
    // a second Enter while it is on its way sends nothing
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    assert!(pays(&out.cmds).is_empty());
    // the network dropped: said so, and the retry is the same payment
    let out = testing::answer(&mut s, &desk(), Msg::Paid(Err(offline())));
    assert!(out.notice.unwrap().text.contains("needs the network"));
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    assert_eq!(pays(&out.cmds)[0].4, key, "the same key for the retry");
    let out = testing::answer(&mut s, &desk(), Msg::Paid(Ok(moved(450_000, 0))));
    assert_eq!(s.modal, Modal::None);
    assert!(out.notice.unwrap().text.contains("fully paid"));
    assert_eq!(unpaid_on_panel(&s), 0, "the verdict no longer says UNPAID");
    let out = testing::press_bound(&mut s, &desk(), testing::key('m'));
    assert_eq!(s.modal, Modal::None);
    assert!(out.notice.unwrap().text.contains("Nothing to collect"));
}

#[test]
fn part_by_card_needs_the_slip_and_is_a_new_payment() {
    let mut s = unpaid();
    testing::press_bound(&mut s, &desk(), testing::key('m'));
    for _ in 0..4 {
        testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Backspace));
    }
    for c in "1000,5".chars() {
        testing::press_bound(&mut s, &desk(), testing::key(c));
    }
    testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Down));
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    assert!(pays(&out.cmds).is_empty());
    assert!(out.notice.unwrap().text.contains("slip number"));
    assert!(matches!(&s.modal, Modal::Pay(f) if f.card && f.on_reference));
    for c in "0045".chars() {
        testing::press_bound(&mut s, &desk(), testing::key(c));
    }
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    let sent = pays(&out.cmds);
    assert!(matches!(&sent[..], [(_, 100_050, PaymentMethod::Card, r, _)] if r == "0045"));
    testing::answer(&mut s, &desk(), Msg::Paid(Err(offline())));
    // changed after a failure: another payment, another key
    testing::press_bound(&mut s, &desk(), testing::key('6'));
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    let again = pays(&out.cmds);
    assert_eq!(again[0].3, "00456");
    assert_ne!(again[0].4, sent[0].4);
    let out = testing::answer(&mut s, &desk(), Msg::Paid(Ok(moved(100_050, 349_950))));
    assert_eq!(
        out.notice.unwrap().text,
        "1 000.50 RUB taken for TD-7KX9PQ; 3 499.50 RUB still to collect."
    );
    assert_eq!(unpaid_on_panel(&s), 349_950);
}

#[test]
fn more_than_due_or_no_amount_is_refused_here() {
    let mut s = unpaid();
    testing::press_bound(&mut s, &desk(), testing::key('m'));
    testing::press_bound(&mut s, &desk(), testing::key('0'));
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    assert!(pays(&out.cmds).is_empty());
    assert!(out.notice.unwrap().text.contains("More than is due"));
    for _ in 0..5 {
        testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Backspace));
    }
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Enter));
    assert!(out.notice.unwrap().text.contains("Type the amount"));
    let out = testing::press_bound(&mut s, &desk(), testing::code(KeyCode::Esc));
    assert!(pays(&out.cmds).is_empty() && s.modal == Modal::None);
}

#[test]
fn offline_or_a_guide_is_told_where_to_pay() {
    let mut s = unpaid();
    let mut away = desk();
    away.online = false;
    let out = testing::press_bound(&mut s, &away, testing::key('m'));
    assert_eq!(s.modal, Modal::None);
    assert!(out.notice.unwrap().text.contains("needs the network"));
    // a verdict decided on this laptop
    testing::answer(
        &mut s,
        &desk(),
        Msg::Offline(Uuid::nil(), Box::new(checked(admitted()))),
    );
    let out = testing::press_bound(&mut s, &desk(), testing::key('m'));
    assert!(out.notice.unwrap().text.contains("needs the network"));
    let mut s = unpaid();
    let out = testing::press_bound(&mut s, &guide(), testing::key('m'));
    assert_eq!(s.modal, Modal::None);
    assert!(out.notice.unwrap().text.contains("desk"));
}
