//! The form's guide and resources, the added date (`d`) and the preview's
//! horizon (←/→): keys and answers, then what they look like.

use super::*;
use crate::booking::DateAdded;
use crate::tui::panes::departures::schedules::form::Crew;

fn crew() -> Crew {
    Crew {
        guides: vec!["Anna Guide".into(), "Boris Guide".into()],
        resources: vec!["Mi-8".into(), "UAZ-1".into()],
    }
}

/// The rules listed, the crew lists arrived.
fn crewed() -> State {
    let mut s = opened();
    msg(&mut s, Msg::Crew(Ok(crew())));
    s
}

/// The edit Enter on the form asks the server to check (it is sent after).
fn edit_sent(out: &Outbox) -> ScheduleEdit {
    let [Call::CheckEdit(_, edit, _)] = calls(out)[..] else {
        panic!("{:?}", out.cmds)
    };
    (**edit).clone()
}

#[test]
fn a_rules_guide_and_resources_are_picked_and_an_edit_sends_them_only_when_changed() {
    let mut s = crewed();
    let c = manager();
    press(&mut s, &c, testing::key('e'));
    // from the days field to the guide: none, then the first listed guide
    tab(&mut s, 8);
    assert_eq!(form(&s).field(), Field::Guide);
    assert_eq!(form(&s).guide, None);
    typing(&mut s, "abc");
    assert_eq!(form(&s).guide, None, "a guide is picked, never typed");
    press(&mut s, &c, code(KeyCode::Right));
    assert_eq!(form(&s).guide.as_deref(), Some("Anna Guide"));
    press(&mut s, &c, code(KeyCode::PageDown));
    assert_eq!(form(&s).guide.as_deref(), Some("Boris Guide"));
    press(&mut s, &c, code(KeyCode::Right));
    assert_eq!(form(&s).guide, None, "round to none");
    press(&mut s, &c, code(KeyCode::Left));
    assert_eq!(form(&s).guide.as_deref(), Some("Boris Guide"));
    // the resources: → to UAZ-1, Space; 1 toggles Mi-8 on and off
    tab(&mut s, 1);
    press(&mut s, &c, code(KeyCode::Right));
    typing(&mut s, " 11");
    assert_eq!(form(&s).resources, vec!["UAZ-1".to_string()]);
    let edit = edit_sent(&press(&mut s, &c, code(KeyCode::Enter)));
    assert_eq!(edit.guide, Some(Some("Boris Guide".into())));
    assert_eq!(edit.resources, Some(vec!["UAZ-1".into()]));
    assert!(edit.capacity.is_none() && edit.days.is_none());

    // a rule with a crew: a changed seat count leaves the crew out
    let mut s = crewed();
    let mut rules = rules();
    rules[0].guide = Some("Anna Guide".into());
    rules[0].resources = vec!["UAZ-1".into(), "Mi-8".into()];
    msg(&mut s, Msg::Listed(Ok(rules)));
    press(&mut s, &c, testing::key('e'));
    assert_eq!(form(&s).guide.as_deref(), Some("Anna Guide"));
    tab(&mut s, 4);
    typing(&mut s, "20");
    let edit = edit_sent(&press(&mut s, &c, code(KeyCode::Enter)));
    assert_eq!(edit.capacity, Some(20));
    assert_eq!((edit.guide, edit.resources), (None, None));
    // the same set in another order is no change; no guide is one
    // Esc on the check: the form again, as it was
    press(&mut s, &c, code(KeyCode::Esc));
    assert_eq!(form(&s).value(Field::Capacity), "20");
    tab(&mut s, 4);
    press(&mut s, &c, code(KeyCode::Left));
    tab(&mut s, 1);
    typing(&mut s, "22");
    assert_eq!(form(&s).resources, vec!["Mi-8".to_string(), "UAZ-1".to_string()]);
    let edit = edit_sent(&press(&mut s, &c, code(KeyCode::Enter)));
    assert_eq!(edit.guide, Some(None), "{edit:?}");
    assert_eq!(edit.resources, None, "{edit:?}");
}

#[test]
fn a_new_rule_carries_the_crew_picked_and_a_rules_crew_not_listed_stays_pickable() {
    let mut s = opened();
    let c = manager();
    press(&mut s, &c, testing::key('a'));
    // the lists arrive with the form open
    msg(&mut s, Msg::Crew(Ok(crew())));
    typing(&mut s, "Kuril lake");
    tab(&mut s, 1);
    typing(&mut s, "7");
    tab(&mut s, 5);
    typing(&mut s, "100");
    tab(&mut s, 1);
    typing(&mut s, "50");
    tab(&mut s, 2);
    press(&mut s, &c, code(KeyCode::Right));
    tab(&mut s, 1);
    typing(&mut s, "2");
    let out = press(&mut s, &c, code(KeyCode::Enter));
    let [Call::Add(new, _)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(new.guide.as_deref(), Some("Anna Guide"));
    assert_eq!(new.resources, vec!["UAZ-1".to_string()]);

    // a guide who has left the list: still shown, and kept unless changed
    let mut s = crewed();
    let mut rules = rules();
    rules[0].guide = Some("Vera Left".into());
    rules[0].resources = vec!["Old raft".into()];
    msg(&mut s, Msg::Listed(Ok(rules)));
    press(&mut s, &c, testing::key('e'));
    assert_eq!(form(&s).crew.guides.last().map(String::as_str), Some("Vera Left"));
    assert_eq!(form(&s).crew.resources.last().map(String::as_str), Some("Old raft"));
    assert!(
        press(&mut s, &c, code(KeyCode::Enter)).cmds.is_empty(),
        "nothing changed"
    );
}

#[test]
fn a_date_is_added_with_d_one_key_kept_on_retry_and_the_answer_told() {
    let mut s = opened();
    let c = manager();
    assert!(press(&mut s, &ctx(Role::Desk), testing::key('d')).cmds.is_empty());
    assert!(screen(&s).modal.is_none(), "a desk clerk adds no dates");
    press(&mut s, &c, testing::key('в'));
    let Some(Modal::Skip(f)) = &screen(&s).modal else {
        panic!()
    };
    assert!(f.adding);
    typing(&mut s, "2027-01-02");
    let out = press(&mut s, &c, code(KeyCode::Enter));
    let [Call::AddDate(ScheduleId(3), date, key)] = calls(&out)[..] else {
        panic!("{:?}", out.cmds)
    };
    assert_eq!(*date, day(2027, 1, 2));
    let key = *key;
    msg(&mut s, Msg::DateAdded(ScheduleId(3), Err(unknown())));
    let out = press(&mut s, &c, code(KeyCode::Enter));
    assert!(matches!(calls(&out)[..], [Call::AddDate(_, _, k)] if *k == key));
    let added = DateAdded {
        schedule_id: ScheduleId(3),
        date: day(2027, 1, 2),
        was_skipped: true,
        replayed: true,
    };
    let out = msg(&mut s, Msg::DateAdded(ScheduleId(3), Ok(added)));
    assert!(screen(&s).modal.is_none());
    assert!(matches!(calls(&out)[..], [Call::List]));
    let notice = out.notice.unwrap();
    assert_eq!(notice.level, Level::Success);
    assert_eq!(
        notice.text,
        "02.01.2027 of Avachinsky volcano ascent is no longer skipped: p makes its departures. (answered before: nothing done twice)"
    );
}

#[test]
fn the_preview_horizon_steps_with_the_arrows_drops_late_answers_and_is_kept() {
    let mut s = opened();
    let c = manager();
    let out = press(&mut s, &c, code(KeyCode::Enter));
    assert!(matches!(calls(&out)[..], [Call::Preview(ScheduleId(3), 90)]));
    let out = press(&mut s, &c, code(KeyCode::Right));
    assert!(
        matches!(calls(&out)[..], [Call::Preview(ScheduleId(3), 180)]),
        "{:?}",
        out.cmds
    );
    // the 90 days' answer comes late: dropped
    msg(&mut s, Msg::Previewed(ScheduleId(3), 90, Ok(slots())));
    let Some(Modal::Preview(p)) = &screen(&s).modal else {
        panic!()
    };
    assert_eq!((p.horizon, p.slots.is_none()), (180, true));
    msg(&mut s, Msg::Previewed(ScheduleId(3), 180, Ok(slots())));
    let shown = text(&draw(80, 21, |area, buf| departures::view::render(&s, &c, area, buf)));
    assert!(shown.contains("Next 180 days: 11 new"), "{shown}");
    // up to the longest, no further; an apply goes with the horizon shown
    for _ in 0..4 {
        press(&mut s, &c, testing::key('+'));
    }
    msg(&mut s, Msg::Previewed(ScheduleId(3), 731, Ok(slots())));
    let out = press(&mut s, &c, code(KeyCode::Enter));
    assert!(
        matches!(calls(&out)[..], [Call::Apply(ScheduleId(3), 731, _)]),
        "{:?}",
        out.cmds
    );
    assert!(
        press(&mut s, &c, code(KeyCode::Right)).cmds.is_empty(),
        "not while applying"
    );
    msg(&mut s, Msg::Applied(ScheduleId(3), Err(unknown())));
    assert!(press(&mut s, &c, code(KeyCode::Right)).cmds.is_empty(), "the longest");
    // the next preview starts from the horizon last chosen
    press(&mut s, &c, code(KeyCode::Left));
    press(&mut s, &c, code(KeyCode::Esc));
    let out = press(&mut s, &c, testing::key('p'));
    assert!(
        matches!(calls(&out)[..], [Call::Preview(ScheduleId(3), 365)]),
        "{:?}",
        out.cmds
    );
}

#[test]
fn form_with_crew_80x21_and_120x30() {
    let mut s = crewed();
    let mut rules = rules();
    rules[0].guide = Some("Anna Guide".into());
    rules[0].resources = vec!["Mi-8".into()];
    msg(&mut s, Msg::Listed(Ok(rules)));
    let c = manager();
    press(&mut s, &c, testing::key('e'));
    tab(&mut s, 9);
    press(&mut s, &c, code(KeyCode::Right));
    let render = |c: &Ctx, w, h| draw(w, h, |area, buf| departures::view::render(&s, c, area, buf));
    let buf = render(&c, 80, 21);
    insta::assert_snapshot!("form_crew_80x21", text(&buf));
    // the resource on in the accent colour, one off muted
    assert_eq!(fg(&buf, find(&buf, "[Mi-8]").unwrap()), theme::ACCENT);
    assert_eq!(fg(&buf, find(&buf, " UAZ-1 ").unwrap()), theme::MUTED);
    assert_eq!(fg(&buf, find(&buf, "Anna Guide").unwrap()), theme::ACCENT);
    let buf = render(&c, 120, 30);
    insta::assert_snapshot!("form_crew_120x30", text(&buf));
    let ru = testing::ctx_in(Role::Manager, Lang::Ru);
    insta::assert_snapshot!("form_crew_ru_80x21", text(&render(&ru, 80, 21)));
}

#[test]
fn add_date_and_a_longer_preview_80x21() {
    let mut s = opened();
    let c = manager();
    press(&mut s, &c, testing::key('d'));
    typing(&mut s, "2027-01-02");
    let buf = draw(80, 21, |area, buf| departures::view::render(&s, &c, area, buf));
    insta::assert_snapshot!("add_date_80x21", text(&buf));
    assert!(find(&buf, "Add a date · Avachinsky").is_some());
    assert_eq!(fg(&buf, find(&buf, "Add a date").unwrap()), theme::ACCENT);
    press(&mut s, &c, code(KeyCode::Esc));
    press(&mut s, &c, code(KeyCode::Enter));
    press(&mut s, &c, code(KeyCode::Left));
    msg(&mut s, Msg::Previewed(ScheduleId(3), 60, Ok(slots())));
    let buf = draw(80, 21, |area, buf| departures::view::render(&s, &c, area, buf));
    insta::assert_snapshot!("preview_60_80x21", text(&buf));
    assert!(text(&buf).contains("Next 60 days: 11 new"), "{}", text(&buf));
    assert_eq!(fg(&buf, find(&buf, "new     ").unwrap()), theme::FREE);
}

#[test]
fn the_preview_flags_a_busy_guide_and_the_rules_own_overlapping_starts_120x30() {
    use crate::booking::{Conflict, ResourceOverlap, RuleStart, SlotCrew, SlotResource};
    let mut slots = slots();
    let at = |i: usize| slots[i].starts_at;
    let (first, third) = (at(0), at(4));
    let crew = |guide_conflict, guide_overlap, resource_overlaps| SlotCrew {
        guide: Some("Anna Guide".into()),
        guide_conflict,
        resources: vec![SlotResource {
            resource: "Mi-8".into(),
            seats: 6,
            taken: 0,
            free: 6,
            out_of_service: None,
            conflicts: Vec::new(),
        }],
        guide_overlap,
        resource_overlaps,
    };
    slots[0].crew = Some(crew(
        Some(Conflict {
            departure_id: 12,
            tour: "Mutnovsky".into(),
            starts_at: first,
            ends_at: first + TimeDelta::hours(8),
            booked: None,
        }),
        None,
        Vec::new(),
    ));
    slots[2].crew = Some(crew(
        None,
        Some(RuleStart {
            starts_at: first,
            ends_at: first + TimeDelta::hours(8),
        }),
        vec![ResourceOverlap {
            resource: "Mi-8".into(),
            seats: 6,
            needed: 24,
            starts: vec![third],
        }],
    ));
    slots[4].crew = Some(crew(None, None, Vec::new()));
    let mut s = opened();
    let c = manager();
    press(&mut s, &c, code(KeyCode::Enter));
    msg(&mut s, Msg::Previewed(ScheduleId(3), 90, Ok(slots)));
    let buf = draw(120, 30, |area, buf| departures::view::render(&s, &c, area, buf));
    insta::assert_snapshot!("preview_crew_120x30", text(&buf));
    let busy = find(&buf, "⚠ Anna Guide leads departure 12").expect("the busy guide flagged");
    assert_eq!(fg(&buf, busy), theme::FLAG);
    let own = find(&buf, "⚠ Anna Guide leads this rule's Wed 02.12 07:00").expect("the other start named");
    assert_eq!(fg(&buf, own), theme::FLAG);
    assert!(
        text(&buf).contains("⚠ Mi-8 shared with Fri 11.12 07:00: 24 seats for 6"),
        "{}",
        text(&buf)
    );
    let ru = testing::ctx_in(Role::Manager, Lang::Ru);
    let buf = draw(120, 30, |area, buf| departures::view::render(&s, &ru, area, buf));
    assert!(
        text(&buf).contains("⚠ Anna Guide ведёт это правило в"),
        "{}",
        text(&buf)
    );
}
