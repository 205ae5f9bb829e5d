//! Changing a booking from its card: `c` the contact, `e` a person, `a` add
//! one, `d` remove one — keys through update, the server's price before
//! `y`, one key per confirmed request, and the forms drawn at 80×24 in
//! English and Russian with their colours.

use super::*;
use crate::booking::{BookingChanged, PartyChange};
use crate::domain::{BookingChangeKind, ParticipantKind};

/// The server's answer to a change of the card's booking (19 500 total,
/// 10 000 paid) that moves the total by `change` and refunds `refund`.
fn changed(kind: BookingChangeKind, change: i64, refund: i64, percent: Option<i32>) -> BookingChanged {
    let total = 1_950_000 + change;
    BookingChanged {
        booking_number: "TD-4MWQ7R".into(),
        change: kind,
        participant_id: Some(ParticipantId(2)),
        adults: 2,
        children: 1,
        total_minor: total,
        price_change_minor: change,
        charged_minor: 0,
        refund_percent: percent,
        refund_minor: refund,
        paid_minor: 1_000_000,
        refunded_minor: refund,
        balance_minor: (total - 1_000_000).max(0),
        payment_status: PaymentStatus::PartiallyPaid,
        currency: "RUB".into(),
        waitlist_offers: 0,
        at: testing::now(),
        replayed: false,
    }
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        press_bound(s, &desk(), typed(c));
    }
}

/// How many keys a run of presses took, and the calls the last one made.
fn keys(s: &mut State, presses: &[KeyEvent]) -> (usize, Vec<Call>) {
    let mut last = Vec::new();
    for k in presses {
        last = calls(&press_bound(s, &desk(), *k));
    }
    (presses.len(), last)
}

use crossterm::event::KeyEvent;

#[test]
fn c_changes_the_contact_sending_only_what_changed() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('с')); // c on the Russian layout
    let Some(Form::Contact(f)) = &s.form else {
        panic!("no contact form")
    };
    assert_eq!(f.values[1], "+79145550102", "prefilled with the card's");
    assert!(s.typing(), "digits are typed, not screens switched");
    // Enter with nothing changed sends nothing
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty());
    assert_eq!(notice(&out), "Nothing changed.");
    assert!(s.form.is_none());

    press_bound(&mut s, &desk(), key('c'));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    for _ in 0..4 {
        press_bound(&mut s, &desk(), code(KeyCode::Backspace));
    }
    type_text(&mut s, "9999");
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [Call::ChangeContact { number, change, key }] = &calls(&out)[..] else {
        panic!("no change sent")
    };
    assert_eq!(number, "TD-4MWQ7R");
    assert_eq!(
        (change.name.as_deref(), change.phone.as_deref(), change.email.as_deref()),
        (None, Some("+79145559999"), None)
    );
    // the answer lost: Enter again is the same request under the same key
    answer(&mut s, &desk(), Msg::Changed(*key, Err(err(ErrorCode::OutcomeUnknown))));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::ChangeContact { key: k, .. }] if k == key));
    let out = answer(
        &mut s,
        &desk(),
        Msg::Changed(*key, Ok(changed(BookingChangeKind::Contact, 0, 0, None))),
    );
    assert_eq!(notice(&out), "The contact of TD-4MWQ7R is changed.");
    assert!(s.form.is_none());
    assert!(matches!(&calls(&out)[0], Call::Card(n) if n == "TD-4MWQ7R"));
}

#[test]
fn e_picks_a_person_by_number_and_a_detail_is_saved_by_enter() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('e'));
    assert!(matches!(&s.form, Some(Form::Pick(_))));
    press_bound(&mut s, &desk(), key('2'));
    let Some(Form::Person(f)) = &s.form else {
        panic!("no person form")
    };
    assert_eq!(f.values.name, "Pavel Sokolov");
    assert_eq!(f.values.diet, "vegetarian");
    // to the medical notes: name, ticket, medical
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    type_text(&mut s, "knee");
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let [
        Call::ChangeParticipant {
            participant,
            change,
            key,
            ..
        },
    ] = &calls(&out)[..]
    else {
        panic!("no change sent: a detail costs nothing, no price asked")
    };
    assert_eq!(*participant, ParticipantId(2));
    assert_eq!(change.medical_notes.as_deref(), Some("knee"));
    assert!(change.name.is_none() && change.kind.is_none() && change.dietary.is_none());
    let out = answer(
        &mut s,
        &desk(),
        Msg::Changed(*key, Ok(changed(BookingChangeKind::Participant, 0, 0, None))),
    );
    assert_eq!(notice(&out), "Pavel Sokolov changed; due now 9 500.00 RUB.");
    assert!(s.form.is_none());
}

#[test]
fn adult_to_child_shows_the_servers_new_total_before_y() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), code(KeyCode::Down)); // the card scrolls: no form yet
    press_bound(&mut s, &desk(), key('e'));
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Right));
    assert!(calls(&out).is_empty());
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let kind = PartyChange::Kind {
        participant: ParticipantId(2),
        kind: ParticipantKind::Child,
    };
    assert!(matches!(&calls(&out)[..], [Call::ChangeQuote { change, .. }] if *change == kind));
    // y before the price came does nothing
    let y = press_bound(&mut s, &desk(), key('y'));
    assert!(calls(&y).is_empty());
    assert!(matches!(&s.form, Some(Form::Person(f)) if f.quoting && f.quote.is_none()));
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(
            kind.clone(),
            Ok(changed(BookingChangeKind::Participant, -300_000, 0, None)),
        ),
    );
    assert!(matches!(&s.form, Some(Form::Person(f)) if f.quote.is_some()));
    let out = press_bound(&mut s, &desk(), key('н')); // y on the Russian layout
    let [Call::ChangeParticipant { change, key: sent, .. }] = &calls(&out)[..] else {
        panic!("no change sent")
    };
    assert_eq!(change.kind, Some(ParticipantKind::Child));
    assert!(change.name.is_none());
    // a failure keeps the key: y again is the same change
    answer(&mut s, &desk(), Msg::Changed(*sent, Err(err(ErrorCode::LockTimeout))));
    let out = press_bound(&mut s, &desk(), key('y'));
    assert!(matches!(&calls(&out)[..], [Call::ChangeParticipant { key: k, .. }] if k == sent));
}

#[test]
fn a_adds_a_person_priced_first_and_sold_out_changes_nothing() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('a'));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(calls(&out).is_empty(), "a name first");
    assert!(matches!(&s.form, Some(Form::Person(f)) if f.problem == Some(desk().text.bookings.need_name)));
    type_text(&mut s, "Olga Sokolova");
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let add = PartyChange::Add {
        name: "Olga Sokolova".into(),
        kind: ParticipantKind::Adult,
    };
    assert!(matches!(&calls(&out)[..], [Call::ChangeQuote { change, .. }] if *change == add));
    // sold out: said in the kiosk's words, nothing sent, the form stays
    let out = answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(add.clone(), Err(err(ErrorCode::SoldOut))),
    );
    assert_eq!(
        notice(&out),
        crate::tui::strings::error_text(Lang::En, ErrorCode::SoldOut)
    );
    assert!(matches!(&s.form, Some(Form::Person(f)) if f.quote.is_none() && !f.quoting && f.key.is_none()));
    // a seat came free: priced, y adds, the balance and `p` in the notice
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(add, Ok(changed(BookingChangeKind::AddPerson, 650_000, 0, None))),
    );
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::AddPerson { person, key, .. }] = &calls(&out)[..] else {
        panic!("no addition sent")
    };
    assert_eq!(
        (person.name.as_str(), person.kind),
        ("Olga Sokolova", ParticipantKind::Adult)
    );
    let out = answer(
        &mut s,
        &desk(),
        Msg::Changed(*key, Ok(changed(BookingChangeKind::AddPerson, 650_000, 0, None))),
    );
    assert_eq!(notice(&out), "Olga Sokolova added; due now 16 000.00 RUB: p takes it.");
    assert!(s.form.is_none());
}

#[test]
fn d_shows_the_refund_and_its_tier_and_y_removes() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), code(KeyCode::Delete));
    let out = press_bound(&mut s, &desk(), key('3'));
    let remove = PartyChange::Remove {
        participant: ParticipantId(3),
    };
    assert!(matches!(&calls(&out)[..], [Call::ChangeQuote { change, .. }] if *change == remove));
    assert!(
        calls(&press_bound(&mut s, &desk(), key('y'))).is_empty(),
        "not before the refund is shown"
    );
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(
            remove,
            Ok(changed(BookingChangeKind::RemovePerson, -450_000, 0, Some(90))),
        ),
    );
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::RemovePerson { participant, key, .. }] = &calls(&out)[..] else {
        panic!("no removal sent")
    };
    assert_eq!(*participant, ParticipantId(3));
    let out = answer(
        &mut s,
        &desk(),
        Msg::Changed(
            *key,
            Ok(changed(BookingChangeKind::RemovePerson, -450_000, 0, Some(90))),
        ),
    );
    assert_eq!(notice(&out), "Masha Sokolova removed; refund 0.00 RUB.");
}

#[test]
fn a_checked_in_or_last_person_is_refused_with_the_kiosk_text_and_nothing_asked() {
    for code_ in [ErrorCode::AlreadyCheckedIn, ErrorCode::LastPerson] {
        let mut s = opened(0);
        press_bound(&mut s, &desk(), key('d'));
        press_bound(&mut s, &desk(), key('1'));
        let remove = PartyChange::Remove {
            participant: ParticipantId(1),
        };
        let out = answer(&mut s, &desk(), Msg::ChangeQuoted(remove, Err(err(code_))));
        assert_eq!(notice(&out), crate::tui::strings::error_text(Lang::En, code_));
        assert!(s.form.is_none());
        assert!(calls(&out).is_empty());
    }
    // one person: no choice to make, the price is asked at once
    let mut s = opened(0);
    if let Some(o) = &mut s.card {
        o.card.participants.truncate(1);
    }
    let out = press_bound(&mut s, &desk(), key('d'));
    assert!(matches!(&calls(&out)[..], [Call::ChangeQuote { .. }]));
}

#[test]
fn a_late_price_for_a_form_since_edited_is_dropped() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('a'));
    type_text(&mut s, "Olga");
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    press_bound(&mut s, &desk(), code(KeyCode::Esc)); // back to the form
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), code(KeyCode::Right)); // a child now
    let old = PartyChange::Add {
        name: "Olga".into(),
        kind: ParticipantKind::Adult,
    };
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(old, Ok(changed(BookingChangeKind::AddPerson, 650_000, 0, None))),
    );
    assert!(matches!(&s.form, Some(Form::Person(f)) if f.quote.is_none()));
}

/// The keys each change takes from an open card (the typed text not counted).
#[test]
fn each_change_takes_few_keys() {
    let mut s = opened(0);
    // a person's detail: e, 2, Tab Tab, (text), Enter
    let (n, sent) = keys(&mut s, &[key('e'), key('2'), code(KeyCode::Tab), code(KeyCode::Tab)]);
    type_text(&mut s, "knee");
    let (m, last) = keys(&mut s, &[code(KeyCode::Enter)]);
    assert!(sent.is_empty() && matches!(&last[..], [Call::ChangeParticipant { .. }]));
    assert_eq!(n + m, 5);
    // adult -> child: e, 2, Tab, →, Enter, (price), y
    let mut s = opened(0);
    let (n, _) = keys(
        &mut s,
        &[
            key('e'),
            key('2'),
            code(KeyCode::Tab),
            code(KeyCode::Right),
            code(KeyCode::Enter),
        ],
    );
    let Some(Form::Person(f)) = &s.form else { panic!() };
    let change = f.priced().expect("a kind priced");
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(change, Ok(changed(BookingChangeKind::Participant, -300_000, 0, None))),
    );
    let (m, last) = keys(&mut s, &[key('y')]);
    assert!(matches!(&last[..], [Call::ChangeParticipant { .. }]));
    assert_eq!(n + m, 6);
    // add an adult: a, (name), Enter, (price), y
    let mut s = opened(0);
    let (n, _) = keys(&mut s, &[key('a')]);
    type_text(&mut s, "Olga");
    let (m, _) = keys(&mut s, &[code(KeyCode::Enter)]);
    let Some(Form::Person(f)) = &s.form else { panic!() };
    let change = f.priced().expect("an addition priced");
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(change, Ok(changed(BookingChangeKind::AddPerson, 650_000, 0, None))),
    );
    let (k, last) = keys(&mut s, &[key('y')]);
    assert!(matches!(&last[..], [Call::AddPerson { .. }]));
    assert_eq!(n + m + k, 3);
    // remove: d, 3, (price), y
    let mut s = opened(0);
    let (n, _) = keys(&mut s, &[key('d'), key('3')]);
    let remove = PartyChange::Remove {
        participant: ParticipantId(3),
    };
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(
            remove,
            Ok(changed(BookingChangeKind::RemovePerson, -450_000, 0, Some(90))),
        ),
    );
    let (m, last) = keys(&mut s, &[key('y')]);
    assert!(matches!(&last[..], [Call::RemovePerson { .. }]));
    assert_eq!(n + m, 3);
}

// --- drawn at 80×24, English and Russian ---

fn drawn(state: &State, lang: Lang, name: &str) -> ratatui::buffer::Buffer {
    let mut app = kiosk(80, 24, lang);
    press_app(&mut app, key('7'));
    app.panes.bookings = state.clone();
    let buf = draw(&app);
    let lang = match lang {
        Lang::En => "en",
        Lang::Ru => "ru",
    };
    insta::assert_snapshot!(format!("bookings_{name}_{lang}_80x24"), testing::text(&buf));
    buf
}

fn adding_priced() -> State {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('a'));
    type_text(&mut s, "Olga Sokolova");
    press_bound(&mut s, &desk(), code(KeyCode::Enter));
    let add = PartyChange::Add {
        name: "Olga Sokolova".into(),
        kind: ParticipantKind::Adult,
    };
    answer(
        &mut s,
        &desk(),
        Msg::ChangeQuoted(add, Ok(changed(BookingChangeKind::AddPerson, 650_000, 0, None))),
    );
    s
}

fn removing_priced() -> State {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('d'));
    press_bound(&mut s, &desk(), key('2'));
    let remove = PartyChange::Remove {
        participant: ParticipantId(2),
    };
    // paid in full, 19 500 less an adult's 6 500: 90 % of the 6 500 paid
    // beyond the new price back (5 850), 650 kept in the total
    let mut q = changed(BookingChangeKind::RemovePerson, -650_000, 585_000, Some(90));
    q.total_minor = 1_365_000;
    q.balance_minor = 0;
    answer(&mut s, &desk(), Msg::ChangeQuoted(remove, Ok(q)));
    s
}

#[test]
fn the_card_keys_fit_80_columns_in_both_languages() {
    for (lang, shown) in [
        (
            Lang::En,
            [
                "p pay",
                "e edit",
                "a add",
                "d remove",
                "c contact",
                "m move",
                "x cancel",
                "Esc back",
            ],
        ),
        (
            Lang::Ru,
            [
                "p оплата",
                "e изменить",
                "a добавить",
                "d убрать",
                "c контакт",
                "m перенос",
                "x отмена",
                "Esc назад",
            ],
        ),
    ] {
        let buf = drawn(&opened(0), lang, "card_keys");
        // every key on screen whole (two lines at 80 columns), in the key colour
        for k in shown {
            let at = testing::find(&buf, k).unwrap_or_else(|| panic!("{k} in {lang:?}"));
            assert_eq!(testing::fg(&buf, at), Color::Cyan, "{k}");
        }
        assert!(testing::find(&buf, "…").is_none(), "nothing cut");
    }
}

#[test]
fn the_contact_form_is_prefilled() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('c'));
    for lang in [Lang::En, Lang::Ru] {
        let buf = drawn(&s, lang, "contact");
        assert!(testing::find(&buf, "+79145550102").is_some());
        // the history in words of the clerk's language, not the log's codes
        let booked = match lang {
            Lang::En => "· booked ·",
            Lang::Ru => "· оформлена бронь ·",
        };
        assert!(testing::find(&buf, booked).is_some(), "{booked}");
        assert!(testing::find(&buf, "booking.created").is_none());
        let name = testing::find(&buf, "Irina Sokolova█").expect("the field being typed");
        assert!(buf[name].modifier.contains(ratatui::style::Modifier::BOLD));
    }
}

#[test]
fn the_pick_list_numbers_the_people() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('d'));
    for lang in [Lang::En, Lang::Ru] {
        let buf = drawn(&s, lang, "pick_remove");
        let first = testing::find(&buf, "› 1 Irina Sokolova").expect("the choice");
        assert_eq!(testing::fg(&buf, first), Color::Cyan);
        assert!(testing::find(&buf, "3 Masha Sokolova").is_some());
    }
}

#[test]
fn adding_shows_the_price_and_what_is_due_in_red() {
    let s = adding_priced();
    for (lang, total, due, ask) in [
        (
            Lang::En,
            "Price 19 500.00 RUB → 26 000.00 RUB",
            "Due after it: 16 000.00 RUB",
            "y add",
        ),
        (
            Lang::Ru,
            "Цена 19 500.00 RUB → 26 000.00 RUB",
            "К оплате после: 16 000.00 RUB",
            "y добавить",
        ),
    ] {
        let buf = drawn(&s, lang, "add_priced");
        assert!(testing::find(&buf, total).is_some(), "{lang:?}");
        let due = testing::find(&buf, due).expect("what is due");
        assert_eq!(testing::fg(&buf, due), Color::Red);
        let ask = testing::find(&buf, ask).expect("the question");
        assert_eq!(testing::fg(&buf, ask), Color::Cyan);
    }
}

#[test]
fn removing_shows_the_refund_and_its_tier_in_green() {
    let s = removing_priced();
    for (lang, title, price, refund, kept, due) in [
        (
            Lang::En,
            "Remove Pavel Sokolov?",
            "Price 19 500.00 RUB → 13 000.00 RUB",
            "Refund 90 %: the customer gets back 5 850.00 RUB.",
            "Kept as the cancellation fee: 650.00 RUB.",
            "Due after it: 0.00 RUB",
        ),
        (
            Lang::Ru,
            "Убрать: Pavel Sokolov?",
            "Цена 19 500.00 RUB → 13 000.00 RUB",
            "Возврат 90 %: клиент получит 5 850.00 RUB.",
            "Удерживается как штраф за отмену: 650.00 RUB.",
            "К оплате после: 0.00 RUB",
        ),
    ] {
        let buf = drawn(&s, lang, "remove_priced");
        assert!(testing::find(&buf, title).is_some(), "{lang:?}");
        // the party's price, not the total that keeps the fee
        assert!(testing::find(&buf, price).is_some(), "{lang:?}: {price}");
        assert!(testing::find(&buf, kept).is_some(), "{lang:?}: {kept}");
        let refund = testing::find(&buf, refund).expect("the refund");
        assert_eq!(testing::fg(&buf, refund), Color::Green);
        // nothing left to pay: green, not red
        let due = testing::find(&buf, due).expect("what is due");
        assert_eq!(testing::fg(&buf, due), Color::Green);
    }
}

#[test]
fn the_person_form_shows_every_detail() {
    let mut s = opened(0);
    press_bound(&mut s, &desk(), key('e'));
    press_bound(&mut s, &desk(), key('1'));
    for lang in [Lang::En, Lang::Ru] {
        let buf = drawn(&s, lang, "person");
        assert!(testing::find(&buf, "asthma, carries an inhaler").is_some());
        assert!(testing::find(&buf, "+7 914 000 11 22").is_some());
    }
}
