//! A party to rebook after a weather cancellation: the card says so with
//! the deadline, `m` moves it for free, `R` refunds in full, `C` credits a
//! voucher, and `x` is not offered.

use super::*;

#[test]
fn a_cancelled_departures_party_is_to_rebook_and_x_is_not_offered() {
    let mut s = to_rebook();
    let out = press_bound(&mut s, &desk(), key('x'));
    assert!(calls(&out).is_empty());
    assert!(s.form.is_none());
    assert_eq!(
        notice(&out),
        "This party waits to be rebooked: m move, R refund in full or C credit."
    );
    // a booking with no case: R and C are not keys of the card
    let s = opened(0);
    assert!(crate::tui::keymap::bookings::key(&s, &desk(), &key('R')).is_none());
    assert!(crate::tui::keymap::bookings::key(&s, &desk(), &key('C')).is_none());
}

#[test]
fn r_refunds_in_full_after_asking_with_one_key_per_request() {
    let mut s = to_rebook();
    press_bound(&mut s, &desk(), key('R'));
    assert!(matches!(&s.form, Some(Form::Rebook(f)) if f.amount_minor == 1_000_000));
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Resolve { number, how, key: k }] = &calls(&out)[..] else {
        panic!("one resolution asked for");
    };
    assert_eq!(
        (number.as_str(), *how),
        ("TD-4MWQ7R", crate::booking::Resolution::Refund)
    );
    let k = *k;
    answer(&mut s, &desk(), Msg::Resolved(k, Err(err(ErrorCode::DbUnavailable))));
    let out = press_bound(&mut s, &desk(), key('y'));
    assert!(
        matches!(&calls(&out)[..], [Call::Resolve { key, .. }] if *key == k),
        "the retry keeps its key"
    );
    let out = answer(&mut s, &desk(), Msg::Resolved(k, Ok(outcome(false))));
    assert_eq!(notice(&out), "TD-4MWQ7R refunded in full: 10 000.00 RUB.");
    assert!(s.form.is_none());
    assert!(s.rebook_case().is_none());
    assert!(matches!(&calls(&out)[0], Call::Card(_)));
}

#[test]
fn c_credits_a_voucher_and_shows_its_code() {
    let mut s = to_rebook();
    press_bound(&mut s, &desk(), key('С')); // C on the Russian layout
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Resolve { how, key: k, .. }] = &calls(&out)[..] else {
        panic!("one resolution asked for");
    };
    assert_eq!(*how, crate::booking::Resolution::Credit);
    let k = *k;
    answer(&mut s, &desk(), Msg::Resolved(k, Ok(outcome(true))));
    assert!(
        matches!(&s.form, Some(Form::Voucher(v)) if v.code == "V-7KQ2-M4XA" && v.amount == "10 000.00 RUB" && v.until == "01.12.2027")
    );
    press_bound(&mut s, &desk(), key(' '));
    assert!(s.form.is_none(), "any key closes the voucher");
    // n keeps the case
    let mut s = to_rebook();
    press_bound(&mut s, &desk(), key('C'));
    assert!(calls(&press_bound(&mut s, &desk(), key('n'))).is_empty());
    assert!(s.form.is_none() && s.rebook_case().is_some());
}

#[test]
fn the_to_rebook_card_shows_the_deadline_in_colour() {
    for buf in screens(to_rebook, "to_rebook") {
        let line = testing::find(&buf, "TO REBOOK").expect("the case");
        assert_eq!(testing::fg(&buf, line), Color::Yellow);
        assert!(
            testing::find(&buf, "03.12 05:00").is_some(),
            "the deadline in the departure's zone"
        );
        assert!(testing::find(&buf, "R refund all").is_some());
        assert!(testing::find(&buf, "x cancel").is_none());
    }
    let credit = || {
        let mut s = to_rebook();
        press_bound(&mut s, &desk(), key('C'));
        s
    };
    for buf in screens(credit, "rebook_credit") {
        let ask = testing::find(&buf, "Credit 10 000.00 RUB as a voucher?").expect("the question");
        assert_eq!(testing::fg(&buf, ask), Color::Cyan);
    }
}
