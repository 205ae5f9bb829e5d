//! Drawing the schedule screen: the rules as a table, two rows each (the
//! rule, then its guide and resources), the selected one's details under
//! it; the boxes over it in modal.rs and preview.rs.

mod modal;
mod preview;

use super::{Modal, Schedule, Screen};
use crate::domain::money::amount;
use crate::tui::panes::Ctx;
use crate::tui::strings::{SchedulesText, fill};
use crate::tui::theme;
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

pub fn render(s: &Screen, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    if area.height < 5 || area.width < 40 {
        return;
    }
    render_list(s, ctx, area, buf);
    match &s.modal {
        None => {}
        Some(Modal::Form(f)) => modal::form(s, f, ctx, area, buf),
        Some(Modal::Preview(p)) => preview::preview(p, ctx, area, buf),
        Some(Modal::Check(c)) => modal::check(c, ctx, area, buf),
        Some(Modal::Skip(f)) => modal::skip(f, ctx, area, buf),
        Some(Modal::Result(o)) => modal::outcome(o, ctx, area, buf),
    }
}

/// Where each column starts and how wide it is.
struct Cols {
    tour: (u16, u16),
    days: (u16, u16),
    times: (u16, u16),
    dates: (u16, u16),
    seats: (u16, u16),
    price: (u16, u16),
    ahead: (u16, u16),
    meeting: (u16, u16),
    /// dates with their years (from 100 columns)
    years: bool,
}

fn columns(x: u16, width: u16) -> Cols {
    let years = width >= 100;
    let dates = if years { 17 } else { 11 };
    // days 11, times 11, dates, seats 5, adult 10 (`45 000.00`), ahead 7,
    // 7 gaps
    let fixed = 11 + 11 + dates + 5 + 10 + 7 + 7;
    let rest = width.saturating_sub(fixed + 1);
    let tour = rest.min(36);
    let spare = rest - tour;
    let meeting = if spare > 12 { spare - 1 } else { 0 };
    let mut at = x;
    let mut next = |w: u16| {
        let c = (at, w);
        at += w + 1;
        c
    };
    Cols {
        tour: next(tour),
        days: next(11),
        times: next(11),
        dates: next(dates),
        seats: next(5),
        price: next(10),
        ahead: next(7),
        meeting: next(meeting),
        years,
    }
}

fn put(buf: &mut Buffer, (x, w): (u16, u16), y: u16, s: &str, style: Style) {
    if w == 0 {
        return;
    }
    if s.chars().count() <= w as usize {
        buf.set_stringn(x, y, s, w as usize, style);
    } else {
        // cut with an ellipsis, so a cut name reads as cut
        let cut: String = s.chars().take(w as usize - 1).chain(['…']).collect();
        buf.set_stringn(x, y, &cut, w as usize, style);
    }
}

fn put_right(buf: &mut Buffer, (x, w): (u16, u16), y: u16, s: &str, style: Style) {
    let pad = w.saturating_sub(s.chars().count() as u16);
    put(buf, (x + pad, w - pad), y, s, style);
}

/// "daily", "Mon–Fri", or the days' short names.
pub fn days_text(t: &SchedulesText, weekdays: &[&str; 7], days: &[i16]) -> String {
    match days {
        [1, 2, 3, 4, 5, 6, 7] => t.daily.to_string(),
        [1, 2, 3, 4, 5] => t.weekdays.to_string(),
        _ => days
            .iter()
            .filter_map(|d| weekdays.get(usize::try_from(*d - 1).ok()?))
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn render_list(s: &Screen, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let cols = columns(area.x, area.width);
    let y0 = area.y;
    put(buf, (area.x, area.width), y0, t.title, theme::title().fg(theme::ACCENT));
    let head = theme::title().fg(theme::MUTED);
    let y = y0 + 1;
    put(buf, cols.tour, y, t.col_tour, head);
    put(buf, cols.days, y, t.col_days, head);
    put(buf, cols.times, y, t.col_times, head);
    put(buf, cols.dates, y, t.col_dates, head);
    put_right(buf, cols.seats, y, t.col_seats, head);
    put_right(buf, cols.price, y, t.col_price, head);
    put_right(buf, cols.ahead, y, t.col_ahead, head);
    put(buf, cols.meeting, y, t.col_meeting, head);

    // title, header, a blank and the detail line, the footer; two rows a rule
    let body = area.height.saturating_sub(5) as usize / 2;
    if s.rules.is_empty() {
        let msg = if s.loading && !s.loaded {
            ctx.text.common.loading
        } else {
            t.empty
        };
        put(buf, (area.x, area.width), y0 + 3, msg, theme::muted());
    }
    let start = super::super::window(0, s.selected, body, s.rules.len());
    for (i, rule) in s.rules.iter().enumerate().skip(start).take(body) {
        let y = y0 + 2 + 2 * (i - start) as u16;
        row(rule, i == s.selected, ctx, &cols, y, buf);
        crew_row(rule, i == s.selected, ctx, (area.x, area.width), y + 1, buf);
    }
    if let Some(rule) = s.selected_rule() {
        put(
            buf,
            (area.x, area.width),
            area.bottom() - 2,
            &detail(t, ctx, rule),
            theme::muted(),
        );
    }
    let count = fill(t.count, &[&s.rules.len()]);
    let foot = area.bottom() - 1;
    put(buf, (area.x, area.width), foot, &count, theme::muted());
    let x = area.x + count.chars().count() as u16 + 3;
    put(buf, (x, area.right().saturating_sub(x)), foot, t.hint, theme::muted());
}

fn row(r: &Schedule, selected: bool, ctx: &Ctx, cols: &Cols, y: u16, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let base = if selected { theme::selected() } else { Style::new() };
    if selected {
        let end = cols.ahead.0 + cols.ahead.1;
        buf.set_style(Rect::new(cols.tour.0, y, end - cols.tour.0, 1), base);
    }
    put(buf, cols.tour, y, &r.tour, base.add_modifier(Modifier::BOLD));
    put(
        buf,
        cols.days,
        y,
        &days_text(t, &ctx.text.departures.weekdays, &r.days),
        base,
    );
    let times: Vec<String> = r.times.iter().map(|t| t.format("%H:%M").to_string()).collect();
    put(buf, cols.times, y, &times.join(" "), base);
    let fmt = if cols.years { "%d.%m.%y" } else { "%d.%m" };
    let dates = format!("{}–{}", r.valid_from.format(fmt), r.valid_to.format(fmt));
    put(buf, cols.dates, y, &dates, base);
    put_right(buf, cols.seats, y, &r.capacity.to_string(), base);
    put_right(buf, cols.price, y, &amount(r.adult_price_minor), base);
    let ahead = if r.booked_departures > 0 {
        format!("{} ({})", r.departures, r.booked_departures)
    } else {
        r.departures.to_string()
    };
    // a rule with nothing ahead still has departures to make (p)
    let ahead_style = if r.departures == 0 { base.fg(theme::HELD) } else { base };
    put_right(buf, cols.ahead, y, &ahead, ahead_style);
    put(buf, cols.meeting, y, &r.meeting_point, theme::muted());
}

/// Under a rule, indented: `guide Anna Guide · Mi-8, UAZ-1`, cut with an
/// ellipsis at the screen's edge (the guide first: it is the one a clash
/// is about).
fn crew_row(r: &Schedule, selected: bool, ctx: &Ctx, (x, w): (u16, u16), y: u16, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let guide = r.guide.as_deref().unwrap_or(t.crew_no_guide);
    let resources = if r.resources.is_empty() {
        t.crew_no_resources.to_string()
    } else {
        r.resources.join(", ")
    };
    let text = if r.guide.is_some() {
        fill(t.crew_line, &[&guide, &resources])
    } else {
        format!("{guide} · {resources}")
    };
    let style = if selected { theme::selected() } else { theme::muted() };
    put(buf, (x + 2, w.saturating_sub(2)), y, &text, style);
}

fn detail(t: &SchedulesText, ctx: &Ctx, r: &Schedule) -> String {
    let child = crate::domain::money::show(r.child_price_minor, &r.currency);
    let meeting = if r.meeting_point.is_empty() {
        "—"
    } else {
        r.meeting_point.as_str()
    };
    // most wanted first: a narrow screen cuts the end
    let mut out = fill(t.detail, &[&child, &meeting]);
    if let Some(next) = r.next_start {
        out.push_str(" · ");
        out.push_str(&fill(t.detail_next, &[&when(ctx, next, &r.time_zone)]));
    }
    out.push_str(" · ");
    out.push_str(&fill(t.detail_ahead, &[&r.departures, &r.booked_departures]));
    if !r.skipped_dates.is_empty() {
        let list: Vec<String> = r.skipped_dates.iter().map(|d| d.format("%d.%m").to_string()).collect();
        out.push_str(" · ");
        out.push_str(&fill(t.detail_skips, &[&list.join(" ")]));
    }
    out
}

/// `Tue 08.12 07:00` in the rule's zone.
pub(super) fn when(ctx: &Ctx, at: DateTime<Utc>, zone: &str) -> String {
    let tz: Tz = zone.parse().unwrap_or(ctx.tz);
    local(ctx, at.with_timezone(&tz).naive_local())
}

pub(super) fn local(ctx: &Ctx, at: NaiveDateTime) -> String {
    let wd = ctx.text.departures.weekdays[at.weekday().num_days_from_monday() as usize];
    format!("{wd} {}", at.format("%d.%m %H:%M"))
}
