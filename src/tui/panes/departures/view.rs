//! Drawing the departures pane. Only the visible rows are formatted, so
//! 10,000 departures draw as fast as 20.

/// the boxes' frame and keys, the schedule screen's too
pub(in crate::tui::panes::departures) mod boxes;
mod calendar;
mod modal;

use super::{Flag, Row, State, window};
use crate::domain::{DepartureStatus, ResourceKind, Role, WeatherStatus};
use crate::tui::panes::Ctx;
use crate::tui::strings::{DeparturesText, fill};
use crate::tui::theme;
use chrono::{Datelike, Timelike};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use std::fmt::Write;

/// From this width the calendar sits beside the list.
pub const WIDE: u16 = 140;
const CALENDAR_W: u16 = 34;

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    if let Some(screen) = &state.schedules {
        return super::schedules::view::render(screen, ctx, area, buf);
    }
    if area.width >= WIDE {
        let list = Rect {
            width: area.width - CALENDAR_W - 1,
            ..area
        };
        let side = Rect {
            x: area.right() - CALENDAR_W,
            width: CALENDAR_W,
            ..area
        };
        render_list(state, ctx, list, buf);
        calendar::render(state, ctx, side, false, buf);
    } else if state.calendar {
        calendar::render(state, ctx, area, true, buf);
    } else {
        render_list(state, ctx, area, buf);
    }
    modal::render(state, ctx, area, buf);
}

/// Where each column starts and how wide it is.
#[derive(Debug, Clone, Copy)]
struct Cols {
    date: (u16, u16),
    time: (u16, u16),
    tour: (u16, u16),
    bar: (u16, u16),
    nums: (u16, u16),
    wait: (u16, u16),
    weather: (u16, u16),
    status: (u16, u16),
    meeting: (u16, u16),
}

fn columns(x: u16, width: u16) -> Cols {
    // fixed: date 9, time 5, numbers 9, wait 4, weather 11 (its widest
    // badge and a blank, so it does not read on into the status), status 9, 7 gaps
    let fixed = 9 + 5 + 9 + 4 + 11 + 9 + 7;
    let rest = width.saturating_sub(fixed + 1);
    // at 80 columns the tour name needs the room more than the bar
    let bar = (rest / 4).clamp(6, 24);
    let tour = rest.saturating_sub(bar).min(36);
    let spare = rest.saturating_sub(bar + tour);
    let meeting = if spare > 12 { spare - 1 } else { 0 };
    let mut at = x;
    let mut next = |w: u16| {
        let c = (at, w);
        at += w + 1;
        c
    };
    let date = next(9);
    let time = next(5);
    let tour = next(tour);
    let bar = next(bar);
    let nums = next(9);
    let wait = next(4);
    let weather = next(11);
    let status = next(9);
    let meeting = next(meeting);
    Cols {
        date,
        time,
        tour,
        bar,
        nums,
        wait,
        weather,
        status,
        meeting,
    }
}

fn put(buf: &mut Buffer, (x, w): (u16, u16), y: u16, s: &str, style: Style) {
    if w > 0 {
        buf.set_stringn(x, y, s, w as usize, style);
    }
}

/// Cut to its column with an ellipsis, so a cut name reads as cut.
fn put_clipped(buf: &mut Buffer, (x, w): (u16, u16), y: u16, s: &str, style: Style) {
    if s.chars().count() <= w as usize {
        put(buf, (x, w), y, s, style);
    } else if w > 0 {
        let cut: String = s.chars().take(w as usize - 1).chain(['…']).collect();
        put(buf, (x, w), y, &cut, style);
    }
}

/// Right-aligned in its column.
fn put_right(buf: &mut Buffer, (x, w): (u16, u16), y: u16, s: &str, style: Style) {
    let len = s.chars().count() as u16;
    let pad = w.saturating_sub(len);
    put(buf, (x + pad, w - pad), y, s, style);
}

fn render_list(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.departures;
    if area.height < 3 || area.width < 20 {
        return;
    }
    let cols = columns(area.x, area.width);
    let head = theme::title().fg(theme::MUTED);
    let y0 = area.y;
    put(buf, cols.date, y0, t.col_date, head);
    put(buf, cols.time, y0, t.col_time, head);
    put(buf, cols.tour, y0, t.col_tour, head);
    put(buf, (cols.bar.0, cols.bar.1 + 1 + cols.nums.1), y0, t.col_seats, head);
    put_right(buf, cols.wait, y0, t.col_waitlist, head);
    put(buf, cols.weather, y0, t.col_weather, head);
    put(buf, cols.status, y0, t.col_status, head);
    put(buf, cols.meeting, y0, t.col_meeting, head);

    let body = area.height - 2;
    state.viewport.set(body);
    let foot_y = area.bottom() - 1;
    if state.rows.is_empty() {
        let msg = if state.loading && !state.loaded {
            ctx.text.common.loading
        } else {
            t.empty
        };
        put(buf, (area.x, area.width), y0 + 2, msg, theme::muted());
    }
    let start = window(state.offset, state.selected, body as usize, state.rows.len());
    let end = (start + body as usize).min(state.rows.len());
    let mut s = String::with_capacity(32);
    for (i, row) in state.rows[start..end].iter().enumerate() {
        let y = y0 + 1 + i as u16;
        let idx = start + i;
        let prev = if i == 0 { None } else { state.rows.get(idx - 1) };
        render_row(row, prev, idx == state.selected, t, cols, y, buf, &mut s);
    }
    // the footer: how many, and what the keys do for this role
    let hint = match ctx.role {
        // a notifier never reaches a pane (the PIN screen refuses it)
        Role::Guide | Role::Notifier => t.hint_guide,
        Role::Desk => t.hint_desk,
        Role::Manager => t.hint_manager,
    };
    let count = fill(t.count, &[&state.rows.len()]);
    put(buf, (area.x, area.width), foot_y, &count, theme::muted());
    let x = area.x + count.chars().count() as u16 + 3;
    put(buf, (x, area.right().saturating_sub(x)), foot_y, hint, theme::muted());
}

#[allow(clippy::too_many_arguments)]
fn render_row(
    row: &Row,
    prev: Option<&Row>,
    selected: bool,
    t: &DeparturesText,
    cols: Cols,
    y: u16,
    buf: &mut Buffer,
    s: &mut String,
) {
    let d = &row.dep;
    let cancelled = matches!(d.status, DepartureStatus::Cancelled);
    let base = if selected { theme::selected() } else { Style::new() };
    let text = if cancelled { base.fg(theme::MUTED) } else { base };
    if selected {
        // the whole line reads as chosen, bar and badges keep their colours
        buf.set_style(Rect::new(cols.date.0, y, cols.bar.0 - cols.date.0, 1), base);
    }
    let date = row.local.date();
    if prev.is_none_or(|p| p.local.date() != date) {
        s.clear();
        let wd = t.weekdays[date.weekday().num_days_from_monday() as usize];
        let _ = write!(s, "{wd} {:02}.{:02}", date.day(), date.month());
        put(buf, cols.date, y, s, text.add_modifier(Modifier::BOLD));
    }
    s.clear();
    let _ = write!(s, "{:02}:{:02}", row.local.hour(), row.local.minute());
    put(buf, cols.time, y, s, text);
    let tour_style = if cancelled {
        text.add_modifier(Modifier::CROSSED_OUT)
    } else {
        text
    };
    put_clipped(buf, cols.tour, y, &d.tour, tour_style);
    seat_bar(buf, cols.bar, y, row);
    s.clear();
    if d.held > 0 {
        let _ = write!(s, "{}+{}/{}", d.booked, d.held, d.capacity);
    } else {
        let _ = write!(s, "{}/{}", d.booked, d.capacity);
    }
    let nums = if row.full() {
        Style::new().fg(theme::FULL).add_modifier(Modifier::BOLD)
    } else if cancelled {
        theme::muted()
    } else {
        Style::new()
    };
    put_right(buf, cols.nums, y, s, nums);
    if d.waitlist > 0 {
        s.clear();
        let _ = write!(s, "{}", d.waitlist);
        put_right(buf, cols.wait, y, s, Style::new().fg(theme::HELD));
    }
    let (badge, colour) = weather_badge(t, d.weather_status);
    let mut wstyle = Style::new().fg(colour);
    if matches!(d.weather_status, WeatherStatus::Danger) {
        wstyle = wstyle.add_modifier(Modifier::BOLD);
    }
    put(buf, cols.weather, y, badge, wstyle);
    let (status, sstyle) = match d.status {
        _ if row.flag().is_some() => (
            flag_text(t, row.flag()),
            Style::new().fg(theme::FLAG).add_modifier(Modifier::BOLD),
        ),
        DepartureStatus::Cancelled => (t.status_cancelled, Style::new().fg(theme::FULL)),
        DepartureStatus::Closed => (t.status_closed, theme::muted()),
        DepartureStatus::Scheduled if row.full() => {
            (t.status_full, Style::new().fg(theme::FULL).add_modifier(Modifier::BOLD))
        }
        DepartureStatus::Scheduled => (t.status_scheduled, theme::muted()),
    };
    put(buf, cols.status, y, status, sstyle);
    put(buf, cols.meeting, y, &d.meeting_point, theme::muted());
}

/// A flag's words ("no guide", "no heli"); empty for none.
pub fn flag_text(t: &DeparturesText, flag: Option<Flag>) -> &'static str {
    match flag {
        None => "",
        Some(Flag::NoGuide) => t.flag_no_guide,
        Some(Flag::NoResource(kind)) => {
            let i = ResourceKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
            t.flag_no_resource[i]
        }
    }
}

/// The weather badge and its colour: ok green, watch ⚠ yellow, danger ⛔ red.
pub fn weather_badge(t: &DeparturesText, status: WeatherStatus) -> (&'static str, Color) {
    match status {
        WeatherStatus::Danger => (t.badges[2], theme::FULL),
        WeatherStatus::Watch => (t.badges[1], theme::HELD),
        WeatherStatus::Ok => (t.badges[0], theme::FREE),
    }
}

/// Seats as a bar: booked blue (red once full), held yellow, free green.
pub fn seat_bar(buf: &mut Buffer, (x, w): (u16, u16), y: u16, row: &Row) {
    if w == 0 {
        return;
    }
    let d = &row.dep;
    if matches!(d.status, DepartureStatus::Cancelled) {
        buf.set_string(x, y, "░".repeat(w as usize), theme::muted());
        return;
    }
    let (booked, held, free) = segments(d.booked, d.held, d.capacity, w);
    let booked_colour = if row.full() { theme::FULL } else { theme::BOOKED };
    let mut cx = x;
    for (n, sym, colour) in [
        (booked, "█", booked_colour),
        (held, "█", theme::HELD),
        (free, "░", theme::FREE),
    ] {
        for _ in 0..n {
            buf[(cx, y)].set_symbol(sym).set_style(Style::new().fg(colour));
            cx += 1;
        }
    }
}

/// Cells for booked, held and free out of `w`: any non-zero part gets at
/// least one cell, so one held seat on a big boat still shows.
pub fn segments(booked: i32, held: i32, capacity: i32, w: u16) -> (u16, u16, u16) {
    let w = i64::from(w);
    let cap = i64::from(capacity.max(1));
    let (b, h) = (i64::from(booked.max(0)), i64::from(held.max(0)));
    let free = (cap - b - h).max(0);
    let cells = |n: i64| ((n * w + cap / 2) / cap).min(w);
    let mut bc = cells(b).max(i64::from(b > 0));
    let mut hc = (cells(b + h) - cells(b)).max(i64::from(h > 0));
    // leave a free cell when seats are free, taking it from the larger part
    let mut fc = w - bc - hc;
    if free > 0 && fc <= 0 {
        if bc >= hc && bc > 1 {
            bc -= 1;
        } else if hc > 1 {
            hc -= 1;
        }
    }
    while bc + hc > w {
        if bc > hc { bc -= 1 } else { hc -= 1 }
    }
    fc = w - bc - hc;
    (bc as u16, hc as u16, fc.max(0) as u16)
}
