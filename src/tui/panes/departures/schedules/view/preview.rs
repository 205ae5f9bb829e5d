//! The preview of a rule's starts: what an apply would make, each start's
//! crew warnings under it (wrapped, so the other departure's name and time
//! stay on screen at 80 columns), the rule's resources with fewer seats
//! than it, and a window over the starts that ↑/↓ and PgUp/PgDn move, with
//! where it is ("13–24 of 260").

use super::super::Preview;
use super::local;
use crate::booking::{PreviewSlot, SlotCrew};
use crate::domain::states::ScheduleSlot;
use crate::tui::panes::Ctx;
use crate::tui::panes::departures::view::boxes::{boxed, hint};
use crate::tui::strings::{SchedulesText, fill};
use crate::tui::theme;
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The preview box's width at most (its inner width two less).
const WIDTH: u16 = 76;
/// Where a start's warnings begin: under its slot word.
const INDENT: usize = 18;
/// A space `wrapped` does not break at (shown as a space).
const GLUE: &str = "\u{a0}";

pub(super) fn preview(p: &Preview, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let title = fill(t.preview_title, &[&p.tour]);
    let Some(slots) = &p.slots else {
        let lines = vec![Line::styled(t.preview_loading, Style::new().fg(theme::HELD))];
        boxed(area, WIDTH, 5, &title, theme::ACCENT, lines, buf);
        return;
    };
    let inner = area.width.min(WIDTH).saturating_sub(2) as usize;
    let count = |k: ScheduleSlot| slots.iter().filter(|x| x.slot == k).count();
    let create = count(ScheduleSlot::Create);
    let mut lines = vec![Line::styled(
        fill(
            t.preview_summary,
            &[
                &p.horizon,
                &create,
                &count(ScheduleSlot::Exists),
                &count(ScheduleSlot::Skipped),
            ],
        ),
        theme::title(),
    )];
    for short in short_seats(slots, p.capacity) {
        let [name, seats, rule, most] = &short;
        lines.extend(wrapped(
            &fill(t.short_seats, &[name, seats, rule, most]),
            inner,
            0,
            2,
            flag(),
        ));
    }
    lines.push(Line::raw(""));
    let per: Vec<Vec<Line>> = slots.iter().map(|s| slot_lines(s, &p.zone, ctx, inner)).collect();
    // borders, the lines so far, the range, a blank and the keys, and the
    // screen's title left in sight
    let room = (area.height as usize).saturating_sub(lines.len() + 6);
    let heights: Vec<usize> = per.iter().map(Vec::len).collect();
    let (first, shown) = page(&heights, p.scroll, room);
    lines.extend(per.into_iter().skip(first).take(shown).flatten().take(room.max(1)));
    if shown < slots.len() {
        lines.push(Line::styled(
            fill(t.preview_range, &[&(first + 1), &(first + shown), &slots.len()]),
            theme::muted(),
        ));
    }
    lines.push(Line::raw(""));
    if p.applying {
        lines.push(Line::styled(t.applying, Style::new().fg(theme::HELD)));
    }
    let h = lines.len() as u16 + 3;
    let inner = boxed(area, WIDTH, h, &title, theme::ACCENT, lines, buf);
    if !p.applying {
        hint(
            inner,
            if create > 0 {
                t.preview_hint
            } else {
                t.preview_hint_nothing
            },
            buf,
        );
    }
}

/// The window over the starts: the first shown and how many, given each
/// start's height in rows, the first asked (`scroll`) and the rows there
/// are. The last page is kept full (scrolling past the end shows the end),
/// and one start is shown even when it is taller than the room.
pub(super) fn page(heights: &[usize], scroll: usize, room: usize) -> (usize, usize) {
    let n = heights.len();
    let mut last = n;
    let mut used = 0;
    while last > 0 && used + heights[last - 1] <= room {
        used += heights[last - 1];
        last -= 1;
    }
    let first = scroll.min(last).min(n.saturating_sub(1));
    let mut shown = 0;
    let mut used = 0;
    for h in &heights[first..] {
        if used + h > room {
            break;
        }
        used += h;
        shown += 1;
    }
    (first, shown.max(usize::from(first < n)))
}

/// The rule's resources with fewer seats than the rule, as the starts'
/// crew names them (the same at every start): [resource, its seats, the
/// rule's, the seats sold at most].
fn short_seats(slots: &[PreviewSlot], capacity: Option<i32>) -> Vec<[String; 4]> {
    let Some(capacity) = capacity else {
        return Vec::new();
    };
    let Some(crew) = slots.iter().find_map(|s| s.crew.as_ref()) else {
        return Vec::new();
    };
    crew.resources
        .iter()
        .filter(|r| r.seats < capacity)
        .map(|r| {
            [
                r.resource.clone(),
                r.seats.to_string(),
                capacity.to_string(),
                r.seats.to_string(),
            ]
        })
        .collect()
}

pub(super) fn flag() -> Style {
    Style::new().fg(theme::FLAG).add_modifier(Modifier::BOLD)
}

/// `text` wrapped by words into `width` columns: the first row indented
/// `first`, the rest `rest`; a word longer than a row is cut with an
/// ellipsis; words joined by `GLUE` stay on one row.
pub(super) fn wrapped(text: &str, width: usize, first: usize, rest: usize, style: Style) -> Vec<Line<'static>> {
    let mut rows: Vec<String> = Vec::new();
    let mut row = " ".repeat(first);
    let mut used = first;
    let mut fresh = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if !fresh && used + 1 + n > width {
            rows.push(std::mem::take(&mut row));
            row = " ".repeat(rest);
            used = rest;
            fresh = true;
        }
        if !fresh {
            row.push(' ');
            used += 1;
        }
        let room = width.saturating_sub(used);
        if n > room {
            row.extend(word.chars().take(room.saturating_sub(1)).chain(['…']));
            used = width;
        } else {
            row.push_str(word);
            used += n;
        }
        fresh = false;
    }
    rows.push(row);
    rows.into_iter()
        .map(|r| Line::styled(r.replace(GLUE, " "), style))
        .collect()
}

/// ` Mon 14.12 02:30  new      ⚠ no 02:30 that day (DST): starts 03:30`
/// A start's line, then its crew warnings, each wrapped under it.
fn slot_lines(s: &PreviewSlot, zone: &str, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let t = &ctx.text.schedules;
    let (word, colour) = match s.slot {
        ScheduleSlot::Create => (t.slots[0], theme::FREE),
        ScheduleSlot::Exists => (t.slots[1], theme::MUTED),
        ScheduleSlot::Skipped => (t.slots[2], theme::HELD),
    };
    let mut spans = vec![
        Span::raw(format!(" {}  ", local(ctx, s.local_start))),
        Span::styled(format!("{word:<8}"), Style::new().fg(colour)),
    ];
    if s.added {
        spans.push(Span::styled(format!(" {}", t.slot_added), theme::muted()));
    }
    if s.shifted {
        // the server moved a start the clocks skipped: asked and actual, local
        let tz: Tz = zone.parse().unwrap_or(ctx.tz);
        let at = s.starts_at.with_timezone(&tz).format("%H:%M").to_string();
        let asked = s.local_start.format("%H:%M").to_string();
        spans.push(Span::styled(
            format!(" {}", fill(t.slot_shifted, &[&asked, &at])),
            Style::new().fg(theme::HELD).add_modifier(Modifier::BOLD),
        ));
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(crew) = &s.crew {
        for f in crew_flags(t, crew, zone, ctx) {
            lines.extend(wrapped(&f, width, INDENT, INDENT + 2, flag()));
        }
    }
    lines
}

/// What the apply would meet at a start, as the CLI's preview marks it:
/// the guide busy (elsewhere — that departure's tour and start named — or
/// with an earlier start of this rule) and each resource out of service,
/// full, or shared beyond its seats by starts of this rule — one warning
/// each, the other start named.
fn crew_flags(t: &SchedulesText, crew: &SlotCrew, zone: &str, ctx: &Ctx) -> Vec<String> {
    let tz: Tz = zone.parse().unwrap_or(ctx.tz);
    // a time is one unit for the wrapping: `Wed 02.12 06:00` is never split
    let at = |u: chrono::DateTime<chrono::Utc>| local(ctx, u.with_timezone(&tz).naive_local()).replace(' ', GLUE);
    let mut flags = Vec::new();
    if let Some(g) = &crew.guide {
        if let Some(c) = &crew.guide_conflict {
            flags.push(fill(
                t.slot_guide_busy,
                &[g, &c.departure_id, &c.tour, &at(c.starts_at)],
            ));
        } else if let Some(o) = &crew.guide_overlap {
            flags.push(fill(t.slot_guide_own, &[g, &at(o.starts_at)]));
        }
    }
    for r in &crew.resources {
        if r.out_of_service.is_some() {
            flags.push(fill(t.slot_resource_out, &[&r.resource]));
        } else if r.free == 0 {
            flags.push(fill(t.slot_resource_full, &[&r.resource]));
        }
    }
    for r in &crew.resource_overlaps {
        let starts: Vec<String> = r.starts.iter().map(|u| at(*u)).collect();
        flags.push(fill(
            t.slot_resource_shared,
            &[&r.resource, &starts.join(", "), &r.needed, &r.seats],
        ));
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_the_last_page_full_and_shows_a_tall_start() {
        let h = [1, 1, 3, 1, 1, 1];
        assert_eq!(page(&h, 0, 4), (0, 2), "1+1, then the 3-row start does not fit");
        assert_eq!(page(&h, 2, 4), (2, 2));
        assert_eq!(page(&h, 5, 4), (3, 3), "past the end: the last full page");
        assert_eq!(page(&h, 99, 4), (3, 3));
        assert_eq!(page(&h, 0, 100), (0, 6));
        assert_eq!(page(&[5], 0, 2), (0, 1), "one start even when taller");
        assert_eq!(page(&[], 3, 4), (0, 0));
    }

    #[test]
    fn a_long_warning_wraps_by_words_and_keeps_its_end() {
        let text = "⚠ Anna Guide leads departure 12 Valley of Geysers Tue 14.12 07:00";
        let rows: Vec<String> = wrapped(text, 40, 18, 20, Style::new())
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert!(rows.iter().all(|r| r.chars().count() <= 40), "{rows:?}");
        assert!(rows[0].starts_with(&" ".repeat(18)), "{rows:?}");
        assert!(rows[1].starts_with(&" ".repeat(20)), "{rows:?}");
        let joined: Vec<&str> = rows.iter().flat_map(|r| r.split_whitespace()).collect();
        assert_eq!(joined.join(" "), text, "nothing cut");
        let glued = format!("one two Wed{GLUE}02.12{GLUE}06:00");
        let rows: Vec<String> = wrapped(&glued, 16, 0, 0, Style::new())
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(rows, ["one two", "Wed 02.12 06:00"], "a time stays whole");
        let cut = wrapped("x Abcdefghijklmnop", 10, 0, 0, Style::new());
        let last: String = cut[1].spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(last, "Abcdefghi…");
    }
}
