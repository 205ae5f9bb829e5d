//! Keys into update and the core's answers: the search's debounce and
//! stale answers, and each action of the card with its call and key.

use super::*;

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
        (950_000, PaymentMethod::Card, "0043")
    );
    // the answer lost: the retry is the same request under the same key
    let out = answer(
        &mut s,
        &desk(),
        Msg::Paid(*first, Err(err(ErrorCode::OutcomeUnknown)), None),
    );
    assert!(!notice(&out).is_empty());
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Pay { key, .. }] if key == first));
    // a changed request is another one
    answer(
        &mut s,
        &desk(),
        Msg::Paid(*first, Err(err(ErrorCode::LockTimeout)), None),
    );
    press_bound(&mut s, &desk(), code(KeyCode::Backspace));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Pay { key, reference, .. }] if key != first && reference == "004"));
}

#[test]
fn a_payment_taken_closes_the_form_says_so_and_reads_the_card_again() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('з')); // p on the Russian layout
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Pay { key, method, .. }] = &calls(&out)[..] else {
        panic!("no payment")
    };
    assert_eq!(*method, PaymentMethod::Cash, "cash needs no slip");
    let out = answer(
        &mut s,
        &desk(),
        Msg::Paid(*key, Ok(moved(LedgerKind::Payment, 950_000, 0)), None),
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
fn a_cash_receipt_that_did_not_print_is_a_warning_naming_the_printer_and_the_payment_stands() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('p'));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::Pay { key, .. }] = &calls(&out)[..] else {
        panic!("no payment")
    };
    let printer = UiError {
        code: ErrorCode::PrinterUnavailable,
        message: "tcp://10.0.0.9:9100".into(),
    };
    let out = answer(
        &mut s,
        &desk(),
        Msg::Paid(*key, Ok(moved(LedgerKind::Payment, 950_000, 0)), Some(printer)),
    );
    let n = out.notice.as_ref().expect("a notice");
    assert_eq!(n.level, crate::tui::panes::Level::Warning);
    assert!(
        n.text
            .starts_with("Took 9 500.00 RUB for TD-4MWQ7R; due now 0.00 RUB. The printer tcp://10.0.0.9:9100"),
        "{}",
        n.text
    );
    assert!(s.form.is_none(), "the payment is taken: the form closes");
}

#[test]
fn nothing_due_opens_no_payment() {
    let mut s = opened(0);
    if let Some(o) = &mut s.card {
        o.card.ledger = vec![ledger(LedgerKind::Payment, 1_950_000, PaymentMethod::Cash, "", "")];
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
        crate::tui::strings::error_text(Lang::En, ErrorCode::Forbidden)
    );
    assert!(
        matches!(&s.form, Some(Form::Refund(f)) if !f.busy),
        "the form stays to go back from"
    );
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(s.form.is_none());
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
