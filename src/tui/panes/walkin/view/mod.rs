//! Drawing the walk-in pane: one function per step, all pure.

mod done;
mod form;
mod list;

use super::{HoldState, State, Step};
use crate::booking::Departure;
use crate::tui::panes::Ctx;
use crate::tui::strings::fill;
use crate::tui::theme;
use chrono::{DateTime, Datelike, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub use done::{Booked, render_booked};
pub use list::render_list;

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    match state.step {
        Step::Pick => list::render_list(state, ctx, area, buf),
        Step::Party => form::render_party(state, ctx, area, buf),
        Step::Details => form::render_details(state, ctx, area, buf),
        Step::Participants => form::render_people(state, ctx, area, buf),
        Step::Pickup => form::render_pickup(state, ctx, area, buf),
        Step::Payment => form::render_payment(state, ctx, area, buf),
        Step::Done => done::render_done(state, ctx, area, buf),
        Step::SoldOut => done::render_sold_out(state, ctx, area, buf),
    }
}

/// "Tue 01.12 08:00" in the departure's own zone.
pub fn local_time(ctx: &Ctx, at: DateTime<Utc>, zone: &str) -> String {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(ctx.tz);
    let t = at.with_timezone(&tz);
    let wd = ctx.text.walkin.weekdays[t.weekday().num_days_from_monday() as usize];
    format!("{wd} {}", t.format("%d.%m %H:%M"))
}

pub use crate::domain::money::show as money;

pub fn mmss(secs: i64) -> String {
    let s = secs.max(0);
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// The departure this sale is on, in one line: tour · time · seats.
fn departure_line(ctx: &Ctx, d: Option<&Departure>) -> Line<'static> {
    let Some(d) = d else {
        return Line::styled(ctx.text.walkin.title, theme::title());
    };
    let free = fill(ctx.text.walkin.free_of, &[&d.free, &d.capacity]);
    Line::from(vec![
        Span::styled(d.tour.clone(), theme::title()),
        Span::raw(" · "),
        Span::raw(local_time(ctx, d.starts_at, &d.time_zone)),
        Span::raw(" · "),
        Span::styled(free, Style::new().fg(theme::occupancy(d.free, d.capacity))),
    ])
}

/// The hold's state in one coloured line.
fn hold_line(state: &State, ctx: &Ctx) -> Line<'static> {
    let t = &ctx.text.walkin;
    match &state.hold {
        HoldState::Pending => Line::styled(t.holding, theme::muted()),
        HoldState::Active(_) => {
            let left = state.left(ctx.now).unwrap_or(0);
            Line::styled(fill(t.held_for, &[&mmss(left)]), theme::panel(theme::HELD))
        }
        HoldState::Expired => Line::styled(t.hold_expired_short, theme::panel(theme::FULL)),
        HoldState::None => Line::styled(t.no_hold, theme::panel(theme::FULL)),
    }
}

/// A hint line at the bottom of `area`.
fn hint(text: &str, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let r = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    Paragraph::new(Line::styled(text.to_string(), theme::muted())).render(r, buf);
}

/// `label  value▏` — the focused field marked and its cursor shown.
fn field(label: &str, value: &str, focused: bool, label_w: usize) -> Line<'static> {
    let mark = if focused { "▸ " } else { "  " };
    let label_style = if focused { theme::key() } else { Style::new() };
    let mut spans = vec![
        Span::styled(format!("{mark}{label:<label_w$} "), label_style),
        Span::raw(value.to_string()),
    ];
    if focused {
        spans.push(Span::styled("▏", theme::key()));
    }
    Line::from(spans)
}
