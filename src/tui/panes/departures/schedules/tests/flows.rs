//! What the keys and the answers do: no I/O, no drawing but to read a result.

use super::*;

#[test]
fn a_manager_opens_the_rules_with_s_and_esc_goes_back_to_a_fresh_list() {
    let mut s = State::with_departures(Vec::new(), now());
    let out = press(&mut s, &manager(), testing::key('s'));
    assert!(
        matches!(calls(&out)[..], [Call::List, Call::Tours, Call::Crew]),
        "{:?}",
        out.cmds
    );
    assert!(s.schedules.is_some());
    // the Russian layout's s
    let mut ru = State::with_departures(Vec::new(), now());
    press(&mut ru, &manager(), testing::key('ы'));
    assert!(ru.schedules.is_some());
    msg(&mut s, Msg::Listed(Ok(rules())));
    press(&mut s, &manager(), code(KeyCode::Down));
    assert_eq!(screen(&s).selected_rule().unwrap().schedule_id, ScheduleId(2));
    let out = press(&mut s, &manager(), code(KeyCode::Esc));
    assert!(s.schedules.is_none());
    // the rules may have made departures: the list is asked again
    let reloads = out
        .cmds
        .iter()
        .filter(|c| matches!(c, Cmd::Call(PaneCall::Departures(DepCall::Load { .. }))))
        .count();
    assert_eq!(reloads, 1, "{:?}", out.cmds);
}

#[test]
fn desk_and_guide_are_refused_the_schedule_screen() {
    for role in [Role::Desk, Role::Guide] {
        let mut s = State::with_departures(Vec::new(), now());
        let out = press(&mut s, &ctx(role), testing::key('s'));
        assert!(s.schedules.is_none(), "{role:?}");
        assert!(out.cmds.is_empty());
        assert_eq!(out.notice.unwrap().text, ctx(role).text.common.not_allowed);
    }
    // and a screen left open when a desk clerk logs in refuses the writes
    let mut s = opened();
    for k in ['a', 'e', 's', 'p'] {
        let out = press(&mut s, &ctx(Role::Desk), testing::key(k));
        assert!(out.cmds.is_empty(), "{k}");
        assert!(screen(&s).modal.is_none(), "{k}");
    }
}

#[test]
fn a_new_rule_is_saved_previewed_and_applied_each_write_with_its_own_key_kept_on_retry() {
    let mut s = opened();
    press(&mut s, &manager(), testing::key('a'));
    msg(
        &mut s,
        Msg::Tours(Ok(vec!["Avachinsky volcano ascent".into(), "Mutnovsky".into()])),
    );
    // PgDn: the first known tour, its seats and prices from its departure
    press(&mut s, &manager(), code(KeyCode::PageDown));
    assert_eq!(form(&s).value(Field::Tour), "Avachinsky volcano ascent");
    assert_eq!(form(&s).value(Field::Capacity), "16");
    assert_eq!(form(&s).value(Field::Adult), "7500");
    // days: Monday with Space, Wednesday and Friday by their digits
    tab(&mut s, 1);
    press(&mut s, &manager(), testing::key(' '));
    typing(&mut s, "35");
    press(&mut s, &manager(), code(KeyCode::Right));
    press(&mut s, &manager(), testing::key(' '));
    press(&mut s, &manager(), testing::key(' '));
    assert_eq!(form(&s).days, [true, false, true, false, true, false, false]);
    tab(&mut s, 1);
    typing(&mut s, "13:00, 07:00");
    tab(&mut s, 2);
    typing(&mut s, "1.3.2027");
    tab(&mut s, 2);
    typing(&mut s, "9 500,50");
    let out = press(&mut s, &manager(), code(KeyCode::Enter));
    let [Call::Add(new, key)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    let key = *key;
    assert_eq!(new.days, [1, 3, 5]);
    assert_eq!(new.times, [hm(7, 0), hm(13, 0)], "sorted");
    assert_eq!((new.from, new.to), (day(2026, 12, 2), day(2027, 3, 1)));
    assert_eq!(
        (new.capacity, new.adult_price_minor, new.child_price_minor),
        (16, 950_050, 450_000)
    );
    assert_eq!((new.currency.as_str(), new.time_zone), ("RUB", testing::TZ));
    assert_eq!(new.meeting_point, "Office, Leninskaya 26");
    assert!(form(&s).busy);
    assert!(
        press(&mut s, &manager(), code(KeyCode::Enter)).cmds.is_empty(),
        "one at a time"
    );

    // the answer was lost: the retry is the same write
    let out = msg(&mut s, Msg::Added(Err(unknown())));
    assert_eq!(out.notice.unwrap().level, Level::Warning);
    let out = press(&mut s, &manager(), code(KeyCode::Enter));
    assert!(matches!(calls(&out)[..], [Call::Add(_, k)] if *k == key));
    let out = msg(
        &mut s,
        Msg::Added(Ok(ScheduleAdded {
            schedule_id: ScheduleId(4),
            tour_created: false,
            replayed: true,
        })),
    );
    assert!(
        matches!(calls(&out)[..], [Call::Preview(ScheduleId(4), 90), Call::List]),
        "{:?}",
        out.cmds
    );
    assert!(out.notice.unwrap().text.contains("Rule 4 saved"));
    assert!(
        press(&mut s, &manager(), code(KeyCode::Enter)).cmds.is_empty(),
        "no preview yet"
    );
    msg(&mut s, Msg::Previewed(ScheduleId(4), 90, Ok(slots())));

    // Enter applies what the preview showed, for 90 days, with a new key
    let out = press(&mut s, &manager(), code(KeyCode::Enter));
    let [Call::Apply(ScheduleId(4), 90, apply_key)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    let apply_key = *apply_key;
    assert_ne!(apply_key, key);
    assert!(press(&mut s, &manager(), code(KeyCode::Esc)).cmds.is_empty());
    assert!(
        matches!(screen(&s).modal, Some(Modal::Preview(_))),
        "Esc waits for the answer"
    );
    msg(&mut s, Msg::Applied(ScheduleId(4), Err(unknown())));
    let out = press(&mut s, &manager(), code(KeyCode::Enter));
    assert!(matches!(calls(&out)[..], [Call::Apply(_, _, k)] if *k == apply_key));
    let mut listed = rules();
    listed.insert(0, rule(4, "Avachinsky volcano ascent", &[1, 3, 5], &[hm(7, 0)], 0, 0));
    msg(&mut s, Msg::Listed(Ok(listed)));
    let out = msg(
        &mut s,
        Msg::Applied(
            ScheduleId(4),
            Ok(ScheduleApplied {
                schedule_id: ScheduleId(4),
                horizon_days: 90,
                created: 11,
                existing: 1,
                skipped: 1,
                departure_ids: Vec::new(),
                failures: Vec::new(),
                replayed: false,
            }),
        ),
    );
    assert!(screen(&s).modal.is_none());
    assert!(matches!(calls(&out)[..], [Call::List]));
    let notice = out.notice.unwrap();
    assert_eq!(notice.level, Level::Success);
    assert_eq!(
        notice.text,
        "Avachinsky volcano ascent: departures made: 11, there already: 1."
    );
}

#[test]
fn an_apply_with_refused_assignments_warns_and_counts_them() {
    let mut s = opened();
    let failure = AssignmentFailure {
        departure_id: DepartureId(12),
        starts_at: now(),
        what: CrewKind::Guide,
        name: "Anna".into(),
        code: ErrorCode::GuideBusy,
        conflicts: Vec::new(),
        day: None,
        problem: None,
    };
    let out = msg(
        &mut s,
        Msg::Applied(
            ScheduleId(3),
            Ok(ScheduleApplied {
                schedule_id: ScheduleId(3),
                horizon_days: 90,
                created: 4,
                existing: 0,
                skipped: 0,
                departure_ids: Vec::new(),
                failures: vec![failure.clone(), failure],
                replayed: false,
            }),
        ),
    );
    let notice = out.notice.unwrap();
    assert_eq!(notice.level, Level::Warning);
    assert!(
        notice.text.ends_with(
            " 2 guide/resource assignments refused (busy or out of service): those departures are flagged on Departures."
        ),
        "{}",
        notice.text
    );
}

#[test]
fn a_changed_form_is_a_new_write_with_a_new_key() {
    let mut s = opened();
    press(&mut s, &manager(), testing::key('a'));
    typing(&mut s, "Kuril lake");
    tab(&mut s, 1);
    typing(&mut s, "6");
    tab(&mut s, 5);
    typing(&mut s, "12000");
    tab(&mut s, 1);
    typing(&mut s, "9000");
    let out = press(&mut s, &manager(), code(KeyCode::Enter));
    let [Call::Add(_, first)] = calls(&out)[..] else {
        panic!()
    };
    let first = *first;
    msg(&mut s, Msg::Added(Err(unknown())));
    typing(&mut s, "1");
    let out = press(&mut s, &manager(), code(KeyCode::Enter));
    let [Call::Add(new, second)] = calls(&out)[..] else {
        panic!()
    };
    assert_ne!(*second, first);
    assert_eq!(new.child_price_minor, 9_000_100, "9000 and a 1 typed after");
}

#[test]
fn the_form_names_the_first_wrong_field() {
    let mut s = opened();
    press(&mut s, &manager(), testing::key('a'));
    let enter = |s: &mut State| {
        assert!(press(s, &manager(), code(KeyCode::Enter)).cmds.is_empty());
        form(s).error.unwrap()
    };
    assert_eq!(enter(&mut s), (Field::Tour, FormError::TourEmpty));
    typing(&mut s, "Kuril lake");
    assert_eq!(enter(&mut s), (Field::Days, FormError::NoDays));
    assert_eq!(form(&s).field(), Field::Days, "the wrong field has the keys");
    typing(&mut s, "7");
    tab(&mut s, 1);
    typing(&mut s, "25:00");
    assert_eq!(enter(&mut s), (Field::Times, FormError::BadTimes));
    press(&mut s, &manager(), code(KeyCode::Backspace));
    typing(&mut s, "0");
    assert_eq!(form(&s).value(Field::Times), "25:00", "typed, then edited");
    for _ in 0..5 {
        press(&mut s, &manager(), code(KeyCode::Backspace));
    }
    typing(&mut s, "10:00");
    tab(&mut s, 2);
    typing(&mut s, "01.12.2026");
    assert_eq!(enter(&mut s), (Field::To, FormError::Range));
    for _ in 0..10 {
        press(&mut s, &manager(), code(KeyCode::Backspace));
    }
    typing(&mut s, "2027-01-31");
    assert_eq!(enter(&mut s), (Field::Adult, FormError::BadPrice));
}

#[test]
fn an_edit_sends_only_what_changed_and_shows_the_sold_departures_it_kept() {
    let mut s = opened();
    let c = manager();
    press(&mut s, &c, testing::key('e'));
    assert_eq!(form(&s).days, [true, false, true, false, true, false, false]);
    assert_eq!(form(&s).value(Field::Times), "07:00, 13:00");
    assert_eq!(form(&s).value(Field::Child), "6000.50");
    // the tour does not change
    press(&mut s, &c, code(KeyCode::BackTab));
    typing(&mut s, "x");
    assert_eq!(form(&s).value(Field::Tour), "Avachinsky volcano ascent");
    assert!(press(&mut s, &c, code(KeyCode::Enter)).cmds.is_empty());
    assert_eq!(form(&s).error.unwrap().1, FormError::Unchanged);
    tab(&mut s, 5);
    typing(&mut s, "20");
    let (edit, check) = checked(&press(&mut s, &c, code(KeyCode::Enter)));
    assert_eq!(edit.capacity, Some(20));
    assert!(edit.days.is_none() && edit.times.is_none() && edit.adult_price_minor.is_none());
    assert!(edit.meeting_point.is_none() && edit.from.is_none());
    msg(&mut s, Msg::EditChecked(check, Ok(edited())));
    let out = press(&mut s, &c, code(KeyCode::Enter));
    let [Call::Edit(ScheduleId(3), sent, _)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(sent.capacity, Some(20), "the edit checked is the edit sent");

    let out = msg(&mut s, Msg::Edited(ScheduleId(3), Ok(edited())));
    assert!(matches!(calls(&out)[..], [Call::List]));
    let buf = draw(80, 21, |area, buf| departures::view::render(&s, &c, area, buf));
    let shown = text(&buf);
    assert!(
        shown.contains("35 unsold departures updated, 1 cancelled, 2 with"),
        "{shown}"
    );
    let kept = find(&buf, "KEPT: 4 booked").expect("a sold departure listed");
    assert_eq!(fg(&buf, kept), theme::HELD);
    assert!(shown.contains("differs in capacity"), "{shown}");
    press(&mut s, &c, code(KeyCode::Esc));
    assert!(screen(&s).modal.is_none());
}

#[test]
fn a_skipped_date_is_typed_and_the_answer_shown() {
    let mut s = opened();
    let c = manager();
    press(&mut s, &c, testing::key('s'));
    typing(&mut s, "31.02");
    assert!(press(&mut s, &c, code(KeyCode::Enter)).cmds.is_empty());
    let Some(Modal::Skip(f)) = &screen(&s).modal else {
        panic!()
    };
    assert!(f.bad);
    for _ in 0..5 {
        press(&mut s, &c, code(KeyCode::Backspace));
    }
    typing(&mut s, "2026-12-09");
    let out = press(&mut s, &c, code(KeyCode::Enter));
    let [Call::Skip(ScheduleId(3), date, key)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(*date, day(2026, 12, 9));
    let key = *key;
    msg(&mut s, Msg::Skipped(ScheduleId(3), Err(unknown())));
    let out = press(&mut s, &c, code(KeyCode::Enter));
    assert!(matches!(calls(&out)[..], [Call::Skip(_, _, k)] if *k == key));
    let result = DateSkipped {
        schedule_id: ScheduleId(3),
        date: day(2026, 12, 9),
        already: false,
        cancelled: vec![CancelledStart {
            departure_id: DepartureId(7),
            starts_at: now() + TimeDelta::hours(192),
        }],
        kept: Vec::new(),
        replayed: true,
    };
    msg(&mut s, Msg::Skipped(ScheduleId(3), Ok(result)));
    let shown = text(&draw(80, 21, |area, buf| departures::view::render(&s, &c, area, buf)));
    assert!(
        shown.contains("09.12.2026: 1 unsold departures cancelled, 0 with"),
        "{shown}"
    );
    assert!(shown.contains("cancelled (nobody booked)"), "{shown}");
    assert!(shown.contains("nothing done twice"), "{shown}");
}

#[test]
fn an_error_is_shown_in_the_kiosks_language_and_the_form_stays() {
    let mut s = opened();
    press(&mut s, &manager(), testing::key('e'));
    tab(&mut s, 5);
    typing(&mut s, "20");
    let (_, check) = checked(&press(&mut s, &manager(), code(KeyCode::Enter)));
    let gone = UiError {
        code: ErrorCode::DbUnavailable,
        message: "gone".into(),
    };
    let ru = testing::ctx_in(Role::Manager, Lang::Ru);
    let out = answer(&mut s, &ru, DepMsg::Schedule(Msg::EditChecked(check, Err(gone))));
    assert_eq!(
        out.notice.unwrap().text,
        crate::tui::strings::error_text(Lang::Ru, ErrorCode::DbUnavailable)
    );
    assert!(out.offline);
    assert!(!form(&s).busy, "Enter tries again");
}

#[test]
fn a_failed_write_gives_the_keys_back_only_to_the_box_that_sent_it() {
    let mut s = opened();
    let c = manager();
    let busy = |s: &State| match &screen(s).modal {
        Some(Modal::Skip(f)) => f.busy,
        Some(Modal::Form(f)) => f.busy,
        Some(Modal::Check(c)) => c.sending,
        other => panic!("no form: {other:?}"),
    };
    press(&mut s, &c, testing::key('s'));
    typing(&mut s, "2026-12-09");
    press(&mut s, &c, code(KeyCode::Enter));
    assert!(busy(&s));
    for other in [Msg::Edited(ScheduleId(3), Err(unknown())), Msg::Added(Err(unknown()))] {
        msg(&mut s, other);
        assert!(busy(&s), "a rule form's answer leaves the date box waiting");
    }
    let out = msg(&mut s, Msg::DateAdded(ScheduleId(3), Err(unknown())));
    assert!(!busy(&s));
    assert!(calls(&out).is_empty(), "a failure lists nothing again");
    press(&mut s, &c, code(KeyCode::Esc));
    press(&mut s, &c, testing::key('e'));
    tab(&mut s, 5);
    typing(&mut s, "20");
    let (_, check) = checked(&press(&mut s, &c, code(KeyCode::Enter)));
    msg(&mut s, Msg::EditChecked(check, Ok(edited())));
    press(&mut s, &c, code(KeyCode::Enter));
    assert!(busy(&s));
    for other in [
        Msg::Skipped(ScheduleId(3), Err(unknown())),
        Msg::DateAdded(ScheduleId(3), Err(unknown())),
    ] {
        msg(&mut s, other);
        assert!(busy(&s), "a date box's answer leaves the rule form waiting");
    }
    msg(&mut s, Msg::Edited(ScheduleId(3), Err(unknown())));
    assert!(!busy(&s));
}
