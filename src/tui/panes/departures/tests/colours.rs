//! Seat bars, weather badges and calendar days in their colours.

use super::*;

/// The colours of a row's seat bar, cell by cell.
fn bar_colours(buf: &ratatui::buffer::Buffer, row_text: &str) -> Vec<Color> {
    let header = find(buf, "Seats").unwrap();
    let y = find(buf, row_text).unwrap().1;
    let mut x = header.0;
    let mut out = Vec::new();
    while matches!(buf[(x, y)].symbol(), "█" | "░") {
        out.push(buf[(x, y)].fg);
        x += 1;
    }
    out
}

#[test]
fn seat_bar_booked_blue_held_yellow_free_green_full_red() {
    let mut s = state();
    s.selected = 6; // away from the rows checked
    let buf = render(&s, Role::Desk, 80, 21);
    let bar = bar_colours(&buf, "12+2/16");
    assert!(bar.len() >= 6);
    assert_eq!(bar[0], theme::BOOKED);
    assert!(bar.contains(&theme::HELD), "{bar:?}");
    assert_eq!(*bar.last().unwrap(), theme::FREE);
    let full = bar_colours(&buf, "12/12");
    assert!(full.iter().all(|c| *c == theme::FULL), "{full:?}");
    assert_eq!(fg(&buf, find(&buf, "12/12").unwrap()), theme::FULL);
    assert_eq!(fg(&buf, find(&buf, "full").unwrap()), theme::FULL);
}

#[test]
fn weather_badges_are_coloured() {
    let buf = render(&state(), Role::Desk, 80, 21);
    assert_eq!(fg(&buf, find(&buf, "⛔").unwrap()), theme::FULL);
    assert_eq!(fg(&buf, find(&buf, "danger").unwrap()), theme::FULL);
    assert_eq!(fg(&buf, find(&buf, "⚠ watch").unwrap()), theme::HELD);
    assert_eq!(fg(&buf, find(&buf, "✓ ok").unwrap()), theme::FREE);
    assert_eq!(fg(&buf, find(&buf, "cancelled").unwrap()), theme::FULL);
}

#[test]
fn calendar_days_are_coloured_by_occupancy() {
    let mut s = state();
    press(&mut s, &ctx(Role::Desk), testing::key('c'));
    let buf = render(&s, Role::Desk, 80, 21);
    // 1 December (a Tuesday, the cursor): 24 of 28 seats, 85 %
    let (x, y) = find(&buf, "[ 1]").unwrap();
    assert_eq!(testing::bg(&buf, (x, y)), theme::HELD);
    // 2nd: 5 of 20 (the cancelled departure does not count)
    assert_eq!(testing::bg(&buf, (x + 4, y)), theme::FREE);
    // 4th: 20 of 30, 66 %; 5th: 8 of 8, full
    assert_eq!(testing::bg(&buf, (x + 12, y)), theme::HELD);
    assert_eq!(testing::bg(&buf, (x + 16, y)), theme::FULL);
    // 6th: nothing departs
    assert_eq!(testing::bg(&buf, (x + 20, y)), Color::Reset);
}

#[test]
fn a_departure_without_its_guide_or_vehicle_is_flagged_in_the_flag_colour() {
    let buf = render(&state(), Role::Desk, 80, 21);
    for (flag, tour) in [("no guide", "Mutnovsky"), ("no car", "Khalaktyrsky")] {
        let at = find(&buf, flag).unwrap_or_else(|| panic!("{flag} shown"));
        assert_eq!(at.1, find(&buf, tour).unwrap().1, "{flag} on the {tour} row");
        assert_eq!(fg(&buf, at), theme::FLAG, "{flag}");
        assert!(buf[at].modifier.contains(ratatui::style::Modifier::BOLD));
    }
    // in Russian too
    let ru = testing::ctx_in(Role::Desk, crate::tui::strings::Lang::Ru);
    let buf = draw(80, 21, |area, buf| view::render(&state(), &ru, area, buf));
    for flag in ["нет гида", "нет авто"] {
        assert_eq!(fg(&buf, find(&buf, flag).unwrap()), theme::FLAG, "{flag}");
    }
}

#[test]
fn flags_go_once_the_guide_and_vehicle_are_assigned_and_never_on_cancelled_or_empty_ones() {
    let mut deps = fixtures();
    deps[2].guide_ids = vec![4];
    deps[5].missing_resource = None;
    let buf = render(&State::with_departures(deps.clone(), now()), Role::Desk, 80, 21);
    assert!(find(&buf, "no guide").is_none() && find(&buf, "no car").is_none());
    // nobody booked yet: no guide needed yet; cancelled: nothing to see to
    deps[3].guide_ids.clear();
    deps[3].missing_resource = Some(crate::domain::ResourceKind::Boat);
    let mut empty = deps[2].clone();
    empty.booked = 0;
    empty.guide_ids.clear();
    assert_eq!(Row::new(empty).flag(), None);
    assert_eq!(Row::new(deps[3].clone()).flag(), None);
    // no guide weighs more than no vehicle
    let mut both = deps[0].clone();
    both.guide_ids.clear();
    both.missing_resource = Some(crate::domain::ResourceKind::Helicopter);
    assert_eq!(Row::new(both.clone()).flag(), Some(Flag::NoGuide));
    both.guide_ids.push(1);
    assert_eq!(
        Row::new(both).flag(),
        Some(Flag::NoResource(crate::domain::ResourceKind::Helicopter))
    );
}

#[test]
fn every_flag_fits_the_status_column() {
    for lang in [crate::tui::strings::Lang::En, crate::tui::strings::Lang::Ru] {
        let t = &testing::ctx_in(Role::Desk, lang).text.departures;
        for f in std::iter::once(t.flag_no_guide).chain(t.flag_no_resource) {
            assert!(f.chars().count() <= 9, "{f}");
        }
    }
}
