//! Issue 14's views: the rules with their guide and resources and the
//! adult price as money; the preview scrolled through a long horizon with
//! where it is; a start's crew warnings wrapped at 80 columns with the
//! other departure's name and time; and the first preview of a new rule
//! with its warnings. 80×21 is the pane of an 80×24 terminal, 120×37 of a
//! 120×40 one.

use super::*;
use crate::booking::{Conflict, ScheduleAdded, SlotCrew, SlotResource};

const SIZES: [(u16, u16); 2] = [(80, 21), (120, 37)];

fn render(s: &State, c: &Ctx, (w, h): (u16, u16)) -> ratatui::buffer::Buffer {
    draw(w, h, |area, buf| departures::view::render(s, c, area, buf))
}

fn ru() -> Ctx {
    testing::ctx_in(Role::Manager, Lang::Ru)
}

/// The rules, the first led by a guide on two resources, prices in the
/// hundreds of thousands of roubles.
fn crewed_rules() -> State {
    let mut s = opened();
    let mut rules = rules();
    rules[0].guide = Some("Anna Guide".into());
    rules[0].resources = ["Mi-8 helicopter", "UAZ-452 Bukhanka", "Boat Aleut", "Raft kit Bystraya"]
        .map(String::from)
        .to_vec();
    rules[0].adult_price_minor = 45_000_000;
    rules[1].resources = vec!["Boat Aleut".into()];
    msg(&mut s, Msg::Listed(Ok(rules)));
    s
}

#[test]
fn the_rules_show_their_crew_and_the_price_as_money_80x21_and_120x37() {
    let s = crewed_rules();
    for size in SIZES {
        let buf = render(&s, &manager(), size);
        insta::assert_snapshot!(format!("rules_crew_{}x{}", size.0, size.1), text(&buf));
        let shown = text(&buf);
        assert!(shown.contains("450 000.00"), "{shown}");
        assert!(shown.contains("  9 500.00"), "{shown}");
        assert!(!shown.contains("45000000") && !shown.contains(" 9500 "), "{shown}");
        assert!(shown.contains("guide Anna Guide · Mi-8 helicopter, UAZ-452"), "{shown}");
        assert!(shown.contains("no guide · Boat Aleut"), "{shown}");
        assert!(shown.contains("no guide · no resources"), "{shown}");
        // the selected rule's crew row is selected too, the others muted
        let first = find(&buf, "guide Anna Guide").unwrap();
        assert!(buf[first].modifier.contains(ratatui::style::Modifier::REVERSED));
        assert_eq!(fg(&buf, find(&buf, "no guide · Boat").unwrap()), theme::MUTED);
        let buf = render(&s, &ru(), size);
        insta::assert_snapshot!(format!("rules_crew_ru_{}x{}", size.0, size.1), text(&buf));
        assert!(text(&buf).contains("гид Anna Guide · Mi-8"), "{}", text(&buf));
        assert!(text(&buf).contains("без гида · без ресурсов"), "{}", text(&buf));
    }
    // at 80 columns a long crew is cut with an ellipsis, never mid-word silently
    let buf = render(&s, &manager(), (80, 21));
    let y = find(&buf, "guide Anna Guide").unwrap().1;
    assert_eq!(buf[(79, y)].symbol(), "…");
}

/// A year of daily starts (365), the first led by a guide busy elsewhere.
fn year() -> Vec<PreviewSlot> {
    let start = day(2026, 12, 2).and_time(hm(7, 0));
    (0..365)
        .map(|i| {
            let local_start = start + TimeDelta::days(i);
            let mut s = slot((12, 2, 7, 0), ScheduleSlot::Create);
            s.local_start = local_start;
            s.starts_at = testing::TZ
                .from_local_datetime(&local_start)
                .unwrap()
                .with_timezone(&chrono::Utc);
            s
        })
        .collect()
}

fn previewing(slots: Vec<PreviewSlot>) -> State {
    let mut s = opened();
    press(&mut s, &manager(), code(KeyCode::Enter));
    press(&mut s, &manager(), code(KeyCode::Right));
    press(&mut s, &manager(), code(KeyCode::Right));
    msg(&mut s, Msg::Previewed(ScheduleId(3), 365, Ok(slots)));
    s
}

fn preview_scroll(s: &State) -> usize {
    match &screen(s).modal {
        Some(Modal::Preview(p)) => p.scroll,
        other => panic!("no preview: {other:?}"),
    }
}

#[test]
fn the_preview_scrolls_a_years_starts_with_where_it_is() {
    let mut s = previewing(year());
    let c = manager();
    assert_eq!(screen(&s).horizon, 365);
    let buf = render(&s, &c, (80, 21));
    let range = find(&buf, "1–13 of 365").expect("where the window is");
    assert_eq!(fg(&buf, range), theme::MUTED);
    press(&mut s, &c, code(KeyCode::Down));
    assert_eq!(preview_scroll(&s), 1);
    press(&mut s, &c, code(KeyCode::PageDown));
    assert_eq!(preview_scroll(&s), 11);
    assert!(text(&render(&s, &c, (80, 21))).contains("12–24 of 365"));
    press(&mut s, &c, code(KeyCode::PageUp));
    press(&mut s, &c, code(KeyCode::PageUp));
    assert_eq!(preview_scroll(&s), 0, "not before the first");
    press(&mut s, &c, code(KeyCode::End));
    assert_eq!(preview_scroll(&s), 364);
    let shown = text(&render(&s, &c, (80, 21)));
    assert!(shown.contains("353–365 of 365"), "the last page is full: {shown}");
    assert!(shown.contains("Wed 01.12 07:00"), "{shown}");
    for _ in 0..3 {
        press(&mut s, &c, code(KeyCode::PageDown));
    }
    assert_eq!(preview_scroll(&s), 364, "not past the last");
    press(&mut s, &c, code(KeyCode::Home));
    assert_eq!(preview_scroll(&s), 0);
    // ←/→ still change the horizon, from the top
    press(&mut s, &c, code(KeyCode::PageDown));
    let out = press(&mut s, &c, code(KeyCode::Left));
    assert!(matches!(calls(&out)[..], [Call::Preview(_, 180)]));
    assert_eq!(preview_scroll(&s), 0);
}

#[test]
fn the_scrolled_preview_80x21_and_120x37_en_and_ru() {
    let mut s = previewing(year());
    press(&mut s, &manager(), code(KeyCode::PageDown));
    for size in SIZES {
        let buf = render(&s, &manager(), size);
        insta::assert_snapshot!(format!("preview_scrolled_{}x{}", size.0, size.1), text(&buf));
        assert_eq!(fg(&buf, find(&buf, "new     ").unwrap()), theme::FREE);
        assert!(text(&buf).contains("11–"), "{}", text(&buf));
        let buf = render(&s, &ru(), size);
        insta::assert_snapshot!(format!("preview_scrolled_ru_{}x{}", size.0, size.1), text(&buf));
        assert!(text(&buf).contains(" из 365"), "{}", text(&buf));
    }
}

/// Starts whose guide leads a departure of a long-named tour then, and a
/// resource (6 seats, under the rule's 12) full.
fn busy() -> Vec<PreviewSlot> {
    let mut slots = slots();
    let first = slots[0].starts_at;
    let crew = SlotCrew {
        guide: Some("Anna Guide-Petropavlovskaya".into()),
        guide_conflict: Some(Conflict {
            departure_id: 1204,
            tour: "Valley of Geysers and Uzon caldera by helicopter".into(),
            starts_at: first - TimeDelta::hours(1),
            ends_at: first + TimeDelta::hours(7),
            booked: None,
        }),
        resources: vec![SlotResource {
            resource: "Mi-8".into(),
            seats: 6,
            taken: 6,
            free: 0,
            out_of_service: None,
            conflicts: Vec::new(),
        }],
        guide_overlap: None,
        resource_overlaps: Vec::new(),
    };
    slots[0].crew = Some(crew.clone());
    slots[2].crew = Some(SlotCrew {
        guide_conflict: None,
        ..crew
    });
    slots
}

#[test]
fn a_busy_guide_warning_wraps_at_80_columns_with_the_other_departures_name_and_time() {
    let s = previewing(busy());
    for size in SIZES {
        let buf = render(&s, &manager(), size);
        insta::assert_snapshot!(format!("preview_busy_{}x{}", size.0, size.1), text(&buf));
        let shown = text(&buf);
        let warn = find(&buf, "⚠ Anna Guide-Petropavlovskaya leads departure 1204").expect("the busy guide");
        assert_eq!(fg(&buf, warn), theme::FLAG);
        // the tour's end and the time are on screen, on the wrapped row
        let time = find(&buf, "Wed 02.12 06:00").expect("the other departure's start");
        assert_eq!(fg(&buf, time), theme::FLAG);
        assert!(shown.contains("helicopter"), "{shown}");
        assert!(shown.contains("⚠ Mi-8 full"), "{shown}");
        // the rule's 12 seats on a 6-seat helicopter: said once, on top
        let short = find(&buf, "⚠ Mi-8 has 6 seats, the rule 12: sales stop at 6").expect("short seats");
        assert_eq!(fg(&buf, short), theme::FLAG);
        let buf = render(&s, &ru(), size);
        insta::assert_snapshot!(format!("preview_busy_ru_{}x{}", size.0, size.1), text(&buf));
        assert!(text(&buf).contains("ведёт отправление 1204"), "{}", text(&buf));
        assert!(find(&buf, "Ср 02.12 06:00").is_some(), "{}", text(&buf));
    }
}

#[test]
fn the_first_preview_of_a_new_rule_carries_its_crew_warnings() {
    // the server answers a preview with each start's crew in the same rows
    // (api.schedule_preview's crew column): nothing is loaded after
    let mut s = opened();
    let c = manager();
    press(&mut s, &c, testing::key('a'));
    typing(&mut s, "Kuril lake");
    tab(&mut s, 1);
    typing(&mut s, "3");
    tab(&mut s, 4);
    typing(&mut s, "12");
    tab(&mut s, 1);
    typing(&mut s, "9500");
    tab(&mut s, 1);
    typing(&mut s, "6000");
    press(&mut s, &c, code(KeyCode::Enter));
    let out = msg(
        &mut s,
        Msg::Added(Ok(ScheduleAdded {
            schedule_id: ScheduleId(4),
            tour_created: true,
            replayed: false,
        })),
    );
    assert!(matches!(
        calls(&out)[..],
        [Call::Preview(ScheduleId(4), 90), Call::List]
    ));
    match &screen(&s).modal {
        Some(Modal::Preview(p)) => assert_eq!(p.capacity, Some(12), "the form's seats, for the seat check"),
        other => panic!("{other:?}"),
    }
    msg(&mut s, Msg::Previewed(ScheduleId(4), 90, Ok(busy())));
    let buf = render(&s, &c, (80, 21));
    assert!(
        find(&buf, "⚠ Anna Guide-Petropavlovskaya leads departure 1204").is_some(),
        "{}",
        text(&buf)
    );
    assert!(find(&buf, "⚠ Mi-8 has 6 seats").is_some(), "{}", text(&buf));
}
