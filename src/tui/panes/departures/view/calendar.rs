//! The month calendar: each day coloured by how full its departures are.

use super::super::State;
use super::super::calendar::{day_colour, weeks};
use crate::domain::DepartureStatus;
use crate::tui::panes::Ctx;
use crate::tui::strings::fill;
use crate::tui::theme;
use chrono::{Datelike, NaiveDate, Timelike};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

const GRID_W: u16 = 7 * 4 + 2;

/// `focused`: the calendar has the keys (it is drawn alone, with the chosen
/// day's departures beside it).
pub fn render(state: &State, ctx: &Ctx, area: Rect, focused: bool, buf: &mut Buffer) {
    let t = &ctx.text.departures;
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let day = if focused || state.calendar {
        state.day
    } else {
        state.selected_row().map(|r| r.local.date())
    }
    .unwrap_or(today);
    let weeks = weeks(day);
    let grid_h = weeks.len() as u16 + 3;
    let grid = Rect {
        width: GRID_W.min(area.width),
        height: grid_h.min(area.height),
        ..area
    };
    let title = format!(" {} {} ", t.months[day.month0() as usize], day.year());
    let border = if focused || state.calendar {
        Style::new().fg(theme::ACCENT)
    } else {
        theme::muted()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(title, theme::title()));
    let inner = block.inner(grid);
    block.render(grid, buf);
    let heads: Vec<Span> = t
        .weekdays
        .iter()
        .map(|w| Span::styled(format!("{:>3} ", short(w)), theme::muted()))
        .collect();
    Line::from(heads).render(Rect { height: 1, ..inner }, buf);
    for (wi, week) in weeks.iter().enumerate() {
        let y = inner.y + 1 + wi as u16;
        if y >= inner.bottom() {
            break;
        }
        for (di, d) in week.iter().enumerate() {
            let Some(d) = d else { continue };
            let x = inner.x + di as u16 * 4;
            let style = match day_colour(state.days.get(d)) {
                Some(c) => Style::new().bg(c).fg(Color::Black),
                None => theme::muted(),
            };
            let label = if *d == day {
                format!("[{:>2}]", d.day())
            } else {
                format!(" {:>2} ", d.day())
            };
            let style = if *d == day {
                style.add_modifier(Modifier::BOLD)
            } else if *d == today {
                style.add_modifier(Modifier::UNDERLINED)
            } else {
                style
            };
            buf.set_stringn(x, y, label, 4, style);
        }
    }
    // beside the grid when there is room, else below it
    let side = if area.width >= GRID_W * 2 + 2 {
        Rect {
            x: area.x + GRID_W + 2,
            width: area.width - GRID_W - 2,
            ..area
        }
    } else {
        Rect {
            y: area.y + grid.height,
            height: area.height.saturating_sub(grid.height),
            ..area
        }
    };
    // the last row is the hint's
    let side = Rect {
        height: side.height.saturating_sub(u16::from(focused)),
        ..side
    };
    let mut lines = legend(ctx);
    lines.push(Line::raw(""));
    lines.extend(day_lines(state, ctx, day, focused));
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(side, buf);
    // the keys on the pane's last row, as on every other screen
    if focused && area.height > grid.height + 1 {
        let y = area.bottom() - 1;
        buf.set_stringn(area.x, y, t.cal_hint, area.width as usize, theme::muted());
    }
}

/// Two letters of a weekday name ("Mon" → "Mo", "Пн" stays).
fn short(w: &str) -> String {
    w.chars().take(2).collect()
}

fn legend(ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.departures;
    let swatch = |c: Option<Color>, label: &'static str| {
        let s = match c {
            Some(c) => Style::new().bg(c),
            None => theme::muted(),
        };
        Line::from(vec![
            Span::styled(if c.is_some() { "  " } else { "··" }, s),
            Span::raw(" "),
            Span::raw(label),
        ])
    };
    vec![
        Line::from(
            [
                swatch(Some(theme::FREE), t.cal_legend[0]).spans,
                vec![Span::raw("  ")],
                swatch(Some(theme::HELD), t.cal_legend[1]).spans,
            ]
            .concat(),
        ),
        Line::from(
            [
                swatch(Some(theme::FULL), t.cal_legend[2]).spans,
                vec![Span::raw("  ")],
                swatch(None, t.cal_legend[3]).spans,
            ]
            .concat(),
        ),
    ]
}

/// The chosen day in numbers, and (when the calendar is alone) its departures.
fn day_lines(state: &State, ctx: &Ctx, day: NaiveDate, list: bool) -> Vec<Line<'static>> {
    let t = &ctx.text.departures;
    let wd = t.weekdays[day.weekday().num_days_from_monday() as usize];
    let mut lines = vec![Line::styled(
        format!("{wd} {:02}.{:02}.{}", day.day(), day.month(), day.year()),
        theme::title(),
    )];
    match state.days.get(&day) {
        Some(load) => {
            let pct = load.percent().unwrap_or(0);
            let colour = day_colour(Some(load)).unwrap_or(theme::MUTED);
            lines.push(Line::styled(
                fill(t.cal_day, &[&load.departures, &load.booked, &load.capacity, &pct]),
                Style::new().fg(colour),
            ));
        }
        None => lines.push(Line::styled(t.cal_none, theme::muted())),
    }
    if list {
        for r in state.rows.iter().filter(|r| r.local.date() == day).take(12) {
            let d = &r.dep;
            let style = if matches!(d.status, DepartureStatus::Cancelled) {
                theme::muted().add_modifier(Modifier::CROSSED_OUT)
            } else {
                Style::new().fg(theme::occupancy(d.free, d.capacity))
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{:02}:{:02} ", r.local.hour(), r.local.minute())),
                Span::styled(format!("{:>3}/{:<3} ", d.booked + d.held, d.capacity), style),
                Span::raw(d.tour.clone()),
            ]));
        }
    }
    lines
}
