//! The parties to rebook after a weather cancellation: the list with
//! phones, the alternatives kept live, the plan, "move all that fit" party
//! by party with its progress and one run key, and the per-party actions
//! with the card's calls.

use super::*;
use crate::booking::PlannedParty;
use crate::service::{RebookFailure, RebookStep};
use crate::tui::panes::bookings::parties::{Ask, Mark};

fn party(number: &str, name: &str, phone: &str, adults: i32, paid: i64, status: RebookStatus) -> RebookParty {
    RebookParty {
        booking_number: number.into(),
        contact_name: name.into(),
        contact_phone: phone.into(),
        contact_email: String::new(),
        seats: adults + i32::from(number == "TD-4MWQ7R"),
        adults,
        children: i32::from(number == "TD-4MWQ7R"),
        paid_minor: paid,
        refunded_minor: 0,
        currency: "RUB".into(),
        status,
        opened_at: testing::now() - TimeDelta::hours(2),
        due_at: testing::now() + TimeDelta::hours(46),
        resolved_at: (status != RebookStatus::Open).then(testing::now),
        voucher_code: (status == RebookStatus::Credited).then(|| "V-7KQ2M-4XAAB".into()),
        moved_to: (status == RebookStatus::Moved).then_some(5),
        moved_to_starts_at: (status == RebookStatus::Moved).then(|| testing::now() + TimeDelta::hours(74)),
        moved_to_time_zone: (status == RebookStatus::Moved).then(|| testing::TZ.name().into()),
    }
}

/// Departure 2 (Avacha Bay, cancelled): three parties open, one moved, one credited.
fn loaded() -> crate::tui::panes::bookings::parties::Loaded {
    let (source, all) = departures(DepartureStatus::Cancelled);
    crate::tui::panes::bookings::parties::Loaded {
        source,
        parties: vec![
            party(
                "TD-4MWQ7R",
                "Irina Sokolova",
                "+79145550102",
                2,
                1_950_000,
                RebookStatus::Open,
            ),
            party(
                "TD-7KX9PQ",
                "Pavel Orlov",
                "+79098887766",
                2,
                1_300_000,
                RebookStatus::Open,
            ),
            party(
                "TD-9TZNM3",
                "Ivan Smirnov",
                "+79241110000",
                1,
                650_000,
                RebookStatus::Moved,
            ),
            party(
                "TD-2HNC4M",
                "Olga Petrova",
                "+79241234567",
                1,
                650_000,
                RebookStatus::Open,
            ),
            party(
                "TD-3MNBVC",
                "Anna Kim",
                "+79160001122",
                2,
                1_300_000,
                RebookStatus::Credited,
            ),
        ],
        departures: all,
    }
}

fn planned(number: &str, seats: i32, to: Option<i64>) -> PlannedParty {
    PlannedParty {
        booking_number: number.into(),
        contact_name: String::new(),
        contact_phone: String::new(),
        seats,
        to_departure: to,
        to_starts_at: to.map(|_| testing::now() + TimeDelta::hours(74)),
        to_time_zone: to.map(|_| testing::TZ.name().into()),
    }
}

/// Departure 5 (5 free) fits Irina's 3 and Pavel's 2; Olga's 1 fits nowhere.
fn plan() -> Vec<PlannedParty> {
    vec![
        planned("TD-4MWQ7R", 3, Some(5)),
        planned("TD-7KX9PQ", 2, Some(5)),
        planned("TD-2HNC4M", 1, None),
    ]
}

/// The parties of departure 2 opened with departure 5 chosen, and the plan came.
fn rebooking() -> State {
    let mut s = State::default();
    let mut out = Outbox::default();
    s.open_parties(DepartureId(2), Some(DepartureId(5)), &mut out);
    assert!(matches!(&calls(&out)[..], [Call::Parties(DepartureId(2))]));
    let out = answer(&mut s, &desk(), Msg::Parties(DepartureId(2), Ok(Box::new(loaded()))));
    let [Call::Plan { seq, from, to }] = &calls(&out)[..] else {
        panic!("the plan for the chosen departure: {:?}", out.cmds)
    };
    assert_eq!((*from, to.as_slice()), (DepartureId(2), &[DepartureId(5)][..]));
    let seq = *seq;
    answer(&mut s, &desk(), Msg::Plan(seq, Ok(plan())));
    s
}

fn parties(s: &State) -> &crate::tui::panes::bookings::parties::Parties {
    s.parties.as_ref().expect("the parties on screen")
}

fn one(out: &Outbox) -> (String, Vec<DepartureId>, Uuid) {
    match &calls(out)[..] {
        [Call::RebookOne { party, to, key }] => (party.booking_number.clone(), to.clone(), *key),
        other => panic!("one party sent: {other:?}"),
    }
}

fn moved_step(number: &str, replayed: bool) -> RebookStep {
    RebookStep::Moved(crate::booking::RebookMove {
        booking_number: number.into(),
        seats: 2,
        to_departure_id: Some(5),
        replayed,
    })
}

#[test]
fn the_alternatives_are_the_same_tour_first_and_the_chosen_one_is_planned() {
    let s = rebooking();
    let p = parties(&s);
    let ids: Vec<i64> = p.alternatives.iter().map(|d| d.id.0).collect();
    // 4 and 5 are Avacha Bay, 7 another tour; gone, cancelled and the source are not
    assert_eq!(ids, [4, 5, 7]);
    assert_eq!(p.chosen, [DepartureId(5)]);
    assert_eq!(p.list.len(), 5);
    assert_eq!(p.open().count(), 3);
    assert!(!s.typing(), "digits switch panes and q quits here");
}

#[test]
fn move_all_asks_then_goes_party_by_party_with_one_run_key_and_resumes_after_a_lost_answer() {
    let mut s = rebooking();
    let out = press_bound(&mut s, &desk(), key('a'));
    assert!(calls(&out).is_empty(), "it asks first");
    assert_eq!(parties(&s).ask, Some(Ask::MoveAll { fit: 2, of: 3 }));
    assert!(s.typing(), "the question takes the next key");
    let out = press_bound(&mut s, &desk(), key('y'));
    let (first, to, k) = one(&out);
    assert_eq!((first.as_str(), to.as_slice()), ("TD-4MWQ7R", &[DepartureId(5)][..]));
    // the run waits on that party: Esc and Space wait too
    let out = press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert_eq!(notice(&out), "Wait: the rebooking is under way.");
    assert!(s.parties.is_some());

    let out = answer(&mut s, &desk(), Msg::Stepped(k, moved_step("TD-4MWQ7R", false)));
    let (second, _, k2) = one(&out);
    assert_eq!(
        (second.as_str(), k2),
        ("TD-7KX9PQ", k),
        "the next party, the same run key"
    );
    assert_eq!(parties(&s).run.as_ref().map(|r| (r.done, r.moved)), Some((1, 1)));
    // an answer of another run, or for another party, changes nothing
    let stale = answer(
        &mut s,
        &desk(),
        Msg::Stepped(Uuid::now_v7(), moved_step("TD-7KX9PQ", false)),
    );
    assert!(calls(&stale).is_empty());
    assert_eq!(parties(&s).run.as_ref().map(|r| r.done), Some(1));

    // its answer was lost: the run pauses at that party, nobody else is tried
    let lost = RebookStep::Failed(RebookFailure {
        party: planned("TD-7KX9PQ", 2, Some(5)),
        code: ErrorCode::OutcomeUnknown,
        message: "lost".into(),
    });
    let out = answer(&mut s, &desk(), Msg::Stepped(k, lost));
    assert!(calls(&out).is_empty());
    assert!(
        notice(&out).starts_with("Rebooking paused at 2 of 3"),
        "{}",
        notice(&out)
    );
    assert!(parties(&s).run.as_ref().is_some_and(|r| r.paused && r.done == 1));
    // a again: the same party under the same run key (the server replays its move)
    let out = press_bound(&mut s, &desk(), key('a'));
    assert_eq!(one(&out), ("TD-7KX9PQ".into(), vec![DepartureId(5)], k));
    let out = answer(&mut s, &desk(), Msg::Stepped(k, moved_step("TD-7KX9PQ", true)));
    assert_eq!(one(&out).0, "TD-2HNC4M");
    let out = answer(
        &mut s,
        &desk(),
        Msg::Stepped(k, RebookStep::NotFitted(planned("TD-2HNC4M", 1, None))),
    );
    assert_eq!(notice(&out), "Rebooking done: 2 moved, 1 no room, 0 failed.");
    assert!(
        matches!(&calls(&out)[..], [Call::Parties(DepartureId(2))]),
        "everything read again"
    );
    let p = parties(&s);
    assert_eq!(
        p.marks.get("TD-2HNC4M"),
        Some(&Mark::NoRoom),
        "it stays listed, with why"
    );
    assert_eq!(p.marks.get("TD-7KX9PQ"), Some(&Mark::Moved(DepartureId(5))));
    // another run from this screen keeps the key: nobody moves twice
    assert_eq!(p.run_key, Some(k));
}

#[test]
fn n_keeps_everyone_and_nothing_chosen_asks_to_choose() {
    let mut s = rebooking();
    press_bound(&mut s, &desk(), key('a'));
    let out = press_bound(&mut s, &desk(), key('n'));
    assert!(calls(&out).is_empty() && parties(&s).ask.is_none() && parties(&s).run.is_none());
    // Tab to the departures; Space drops 5 (the cursor is on 4, Down to 5)
    press_bound(&mut s, &desk(), code(KeyCode::Tab));
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    let out = press_bound(&mut s, &desk(), key(' '));
    assert!(parties(&s).chosen.is_empty());
    assert!(calls(&out).is_empty(), "no plan for nothing");
    let out = press_bound(&mut s, &desk(), key('a'));
    assert_eq!(notice(&out), "Choose a departure first: Tab, then Space.");
    // Space on 4 then 7: tried in that order
    press_bound(&mut s, &desk(), code(KeyCode::Up));
    press_bound(&mut s, &desk(), key(' '));
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(
        matches!(&calls(&out)[..], [Call::Plan { to, .. }] if to == &[DepartureId(4), DepartureId(7)]),
        "{:?}",
        out.cmds
    );
    // an old plan's answer is dropped
    answer(&mut s, &desk(), Msg::Plan(1, Ok(plan())));
    assert!(parties(&s).plan.is_none());
}

#[test]
fn a_party_is_moved_refunded_or_credited_with_the_cards_calls_and_enter_opens_its_card() {
    let mut s = rebooking();
    // R on Irina: the card's question, for her booking
    press_bound(&mut s, &desk(), key('R'));
    assert!(matches!(&s.form, Some(Form::Rebook(f)) if f.number == "TD-4MWQ7R" && f.amount_minor == 1_950_000));
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Resolve { number, how, key: k }] = &calls(&out)[..] else {
        panic!("one resolution: {:?}", out.cmds)
    };
    assert_eq!(
        (number.as_str(), *how),
        ("TD-4MWQ7R", crate::booking::Resolution::Refund)
    );
    let out = answer(&mut s, &desk(), Msg::Resolved(*k, Ok(outcome(false))));
    assert!(s.form.is_none());
    assert!(
        matches!(&calls(&out)[..], [Call::Parties(DepartureId(2))]),
        "the list again"
    );

    // m on Pavel: where the plan puts him, free (weather), asked first
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    press_bound(&mut s, &desk(), key('ь')); // m on the Russian layout
    assert!(matches!(&parties(&s).ask, Some(Ask::MoveOne { number, to: DepartureId(5), .. }) if number == "TD-7KX9PQ"));
    let out = press_bound(&mut s, &desk(), key('y'));
    let [Call::Move { request, key: k }] = &calls(&out)[..] else {
        panic!("one move: {:?}", out.cmds)
    };
    assert_eq!(
        (request.booking_number.as_str(), request.to, request.reason),
        ("TD-7KX9PQ", DepartureId(5), MoveReason::Weather)
    );
    let k = *k;
    // lost: the same key on the retry
    answer(&mut s, &desk(), Msg::Moved(k, Err(err(ErrorCode::OutcomeUnknown))));
    let out = press_bound(&mut s, &desk(), key('y'));
    assert!(matches!(&calls(&out)[..], [Call::Move { key, .. }] if *key == k));
    let out = answer(&mut s, &desk(), Msg::Moved(k, Ok(moved_to(5, true))));
    assert!(
        notice(&out).starts_with("TD-4MWQ7R moved: t prints new tickets (old void) · Fri 04.12 09:00 Avacha Bay"),
        "the card's notice: {}",
        notice(&out)
    );
    assert!(parties(&s).ask.is_none());
    assert!(matches!(&calls(&out)[..], [Call::Parties(DepartureId(2))]));

    // the moved party: resolved already, no action; Olga fits nowhere
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    assert_eq!(
        notice(&press_bound(&mut s, &desk(), key('m'))),
        "This party is resolved already."
    );
    press_bound(&mut s, &desk(), code(KeyCode::Down));
    assert_eq!(
        notice(&press_bound(&mut s, &desk(), key('m'))),
        "TD-2HNC4M fits on none of the chosen departures."
    );

    // Enter: Olga's card; Esc comes back to the parties, read again
    let out = press_bound(&mut s, &desk(), code(KeyCode::Enter));
    assert!(matches!(&calls(&out)[..], [Call::Card(n)] if n == "TD-2HNC4M"));
    answer(&mut s, &desk(), Msg::Card("TD-2HNC4M".into(), Box::new(Ok(card(0)))));
    assert!(s.card.is_some());
    let out = press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(s.card.is_none() && s.parties.is_some());
    assert!(matches!(&calls(&out)[..], [Call::Parties(DepartureId(2))]));
    // Esc again: back to the search
    press_bound(&mut s, &desk(), code(KeyCode::Esc));
    assert!(s.parties.is_none() && s.typing());
}

#[test]
fn the_alternatives_are_kept_live_and_the_plan_follows() {
    let mut s = rebooking();
    let ctx = desk();
    // the cancelled departure changed (a party resolved at another desk): the list again
    let mut out = Outbox::default();
    s.departure_changed(&ctx, DepartureId(2), true, &mut out);
    assert!(matches!(&calls(&out)[..], [Call::Parties(DepartureId(2))]));
    answer(&mut s, &ctx, Msg::Parties(DepartureId(2), Ok(Box::new(loaded()))));
    let seq = parties(&s).plan_seq;
    answer(&mut s, &ctx, Msg::Plan(seq, Ok(plan())));
    // another departure: that one alone
    let mut out = Outbox::default();
    s.departure_changed(&ctx, DepartureId(4), true, &mut out);
    assert!(matches!(&calls(&out)[..], [Call::Alternative(DepartureId(4))]));
    // 4 sold out (not chosen): it leaves the list; no plan needed for it
    let full = departure(4, 1, 50, 0, DepartureStatus::Scheduled);
    answer(&mut s, &ctx, Msg::Alternative(DepartureId(4), Ok(Box::new(full))));
    let ids: Vec<i64> = parties(&s).alternatives.iter().map(|d| d.id.0).collect();
    assert_eq!(ids, [5, 7]);
    // 5 sold a seat (chosen): it stays, and the plan is asked again
    let less = departure(5, 1, 74, 1, DepartureStatus::Scheduled);
    let out = answer(&mut s, &ctx, Msg::Alternative(DepartureId(5), Ok(Box::new(less))));
    assert!(matches!(&calls(&out)[..], [Call::Plan { .. }]));
    assert_eq!(parties(&s).alternative(DepartureId(5)).map(|d| d.free), Some(1));
    // a new departure added elsewhere shows up
    let new = departure(9, 1, 60, 12, DepartureStatus::Scheduled);
    answer(&mut s, &ctx, Msg::Alternative(DepartureId(9), Ok(Box::new(new))));
    let ids: Vec<i64> = parties(&s).alternatives.iter().map(|d| d.id.0).collect();
    assert_eq!(ids, [9, 5, 7]);
    // hidden, nothing
    let mut out = Outbox::default();
    s.departure_changed(&ctx, DepartureId(7), false, &mut out);
    assert!(out.cmds.is_empty());
}

/// The kiosk on the parties to rebook, at 80×24, in `lang`.
fn parties_screen(lang: Lang, state: impl FnOnce(&mut State)) -> ratatui::buffer::Buffer {
    let mut app = kiosk(80, 24, lang);
    press_app(&mut app, key('7'));
    let mut s = rebooking();
    state(&mut s);
    app.panes.bookings = s;
    draw(&app)
}

#[test]
fn the_parties_show_phones_plan_and_outcomes_in_colour_at_80x24() {
    let buf = parties_screen(Lang::En, |_| {});
    insta::assert_snapshot!("parties_80x24", testing::text(&buf));
    for phone in ["+79145550102", "+79098887766", "+79241234567"] {
        assert!(testing::find(&buf, phone).is_some(), "{phone} whole at 80 columns");
    }
    let chosen = testing::find(&buf, "[1]").expect("the chosen departure");
    assert_eq!(testing::fg(&buf, chosen), Color::Cyan);
    let fits = testing::find(&buf, "→ 04.12 09:00").expect("the plan");
    assert_eq!(testing::fg(&buf, fits), Color::Green);
    let none = testing::find(&buf, "no room").expect("the one that fits nowhere");
    assert_eq!(testing::fg(&buf, none), Color::Red);
    let moved = testing::find(&buf, "moved → 04.12 09:00").expect("how it was resolved");
    assert_eq!(testing::fg(&buf, moved), Color::DarkGray, "resolved: greyed");
    let credit = testing::find(&buf, "voucher V-7KQ2M-4XAAB").expect("the voucher");
    assert_eq!(testing::fg(&buf, credit), Color::DarkGray);
    let due = testing::find(&buf, "03.12 05:00").expect("the deadline");
    assert_eq!(testing::fg(&buf, due), Color::Yellow);
    assert!(testing::find(&buf, "2+1").is_some(), "adults + children");

    // mid-run: the progress as it goes
    let buf = parties_screen(Lang::En, |s| {
        press_bound(s, &desk(), key('a'));
        let out = press_bound(s, &desk(), key('y'));
        let (_, _, k) = one(&out);
        answer(s, &desk(), Msg::Stepped(k, moved_step("TD-4MWQ7R", false)));
    });
    insta::assert_snapshot!("parties_running_80x24", testing::text(&buf));
    let progress = testing::find(&buf, "Moving 2 of 3").expect("n of m");
    assert_eq!(testing::fg(&buf, progress), Color::Yellow);
    let done = testing::find(&buf, "✓ → 04.12 09:00").expect("the party just moved");
    assert_eq!(testing::fg(&buf, done), Color::Green);

    // the question before the run
    let buf = parties_screen(Lang::En, |s| {
        press_bound(s, &desk(), key('a'));
    });
    let ask = testing::find(&buf, "Move the 2 parties that fit (of 3)").expect("the question");
    assert_eq!(testing::fg(&buf, ask), Color::Cyan);
}

#[test]
fn the_parties_in_russian_at_80x24() {
    let buf = parties_screen(Lang::Ru, |_| {});
    insta::assert_snapshot!("parties_ru_80x24", testing::text(&buf));
    assert!(testing::find(&buf, "+79145550102").is_some());
    let none = testing::find(&buf, "нет мест").expect("fits nowhere, in Russian");
    assert_eq!(testing::fg(&buf, none), Color::Red);
    assert!(testing::find(&buf, "Решить до").is_some());
    let buf = parties_screen(Lang::Ru, |s| {
        press_bound(s, &desk(), key('C'));
    });
    insta::assert_snapshot!("parties_credit_ru_80x24", testing::text(&buf));
    let ask = testing::find(&buf, "Выдать ваучер на 19 500.00 RUB?").expect("the card's question");
    assert_eq!(testing::fg(&buf, ask), Color::Cyan);
}

/// `p` on a cancelled departure, from the Departures pane: the Bookings
/// pane opens on its parties and asks for them.
#[test]
fn p_on_a_cancelled_departure_opens_its_parties() {
    let mut app = kiosk(80, 24, Lang::En);
    press_app(&mut app, key('1'));
    let mut dep = testing::departure(2, "Avacha Bay", 26, 12, 9, 0);
    dep.status = DepartureStatus::Cancelled;
    app.panes.departures = crate::tui::panes::departures::State::with_departures(vec![dep], testing::now());
    let cmds = press_app(&mut app, key('p'));
    assert_eq!(app.pane, PaneId::Bookings);
    assert!(app.panes.bookings.parties.is_some());
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Call(PaneCall::Bookings(Call::Parties(DepartureId(2)))))),
        "{cmds:?}"
    );
    // 7 again keeps the screen (and reads it again); / leaves it for the search
    press_app(&mut app, key('1'));
    let cmds = press_app(&mut app, key('7'));
    assert!(app.panes.bookings.parties.is_some());
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Call(PaneCall::Bookings(Call::Parties(_)))))
    );
    press_app(&mut app, key('/'));
    assert!(app.panes.bookings.parties.is_none());
}
