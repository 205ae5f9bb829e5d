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
