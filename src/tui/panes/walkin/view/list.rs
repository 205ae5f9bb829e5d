//! The departure list: when, tour, free / held seats, prices, waitlist.

use super::{hint, local_time, money};
use crate::booking::Departure;
use crate::domain::DepartureStatus;
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::State;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Width of the columns after the tour name.
const WHEN: usize = 15;
const FREE: usize = 9;
// "Удерж." and a gap before it
const HELD: usize = 7;
// "99 999.00 RUB" and a gap before it wide enough not to read as a digit
const PRICE: usize = 15;
const WAIT: usize = 6;

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn rpad(s: &str, w: usize) -> String {
    format!("{s:>w$}")
}

pub fn render_list(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let [title, head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Paragraph::new(Line::styled(t.title, theme::title())).render(title, buf);
    let width = area.width as usize;
    let meeting = width >= 140;
    // at 80 columns the child price gives its room to the tour name
    let child = width >= 100;
    let fixed = WHEN + FREE + HELD + PRICE * (1 + usize::from(child)) + WAIT + 3;
    let spare = width.saturating_sub(fixed);
    let (tour_w, meet_w) = if meeting {
        (spare / 2, (spare - spare / 2).saturating_sub(2))
    } else {
        (spare, 0)
    };
    let mut cols = vec![
        Span::raw(format!(" {} ", pad(t.col_when, WHEN))),
        Span::raw(pad(t.col_tour, tour_w)),
        Span::raw(rpad(t.col_free, FREE)),
        Span::raw(rpad(t.col_held, HELD)),
        Span::raw(rpad(t.col_adult, PRICE)),
    ];
    if child {
        cols.push(Span::raw(rpad(t.col_child, PRICE)));
    }
    cols.push(Span::raw(rpad(t.col_wait, WAIT)));
    if meeting {
        cols.push(Span::raw(format!("  {}", pad(t.col_meeting, meet_w))));
    }
    Paragraph::new(Line::from(cols).style(theme::muted())).render(head, buf);
    hint(t.pick_hint, foot, buf);
    if state.departures.is_empty() {
        let msg = if state.loaded {
            t.no_departures
        } else {
            ctx.text.common.loading
        };
        Paragraph::new(format!(" {msg}")).render(body, buf);
        return;
    }
    let rows = body.height as usize;
    // only the visible window is built, whatever the list's length
    let first = state.selected.saturating_sub(rows.saturating_sub(1));
    for (i, d) in state.departures.iter().enumerate().skip(first).take(rows) {
        let r = Rect {
            y: body.y + (i - first) as u16,
            height: 1,
            ..body
        };
        let line = row(ctx, d, tour_w, child, meet_w);
        let line = if i == state.selected {
            line.patch_style(Style::new().add_modifier(Modifier::REVERSED))
        } else {
            line
        };
        Paragraph::new(line).render(r, buf);
    }
}

fn row(ctx: &Ctx, d: &Departure, tour_w: usize, child: bool, meet_w: usize) -> Line<'static> {
    let t = &ctx.text.walkin;
    let (free, free_style) = if matches!(d.status, DepartureStatus::Cancelled) {
        (t.cancelled.to_string(), Style::new().fg(theme::FULL))
    } else if d.free <= 0 {
        (
            t.full.to_string(),
            Style::new().fg(theme::FULL).add_modifier(Modifier::BOLD),
        )
    } else {
        (
            format!("{}/{}", d.free, d.capacity),
            Style::new().fg(theme::occupancy(d.free, d.capacity)),
        )
    };
    let held_style = if d.held > 0 {
        Style::new().fg(theme::HELD)
    } else {
        theme::muted()
    };
    let mut spans = vec![
        Span::raw(format!(" {} ", pad(&local_time(ctx, d.starts_at, &d.time_zone), WHEN))),
        Span::raw(pad(&d.tour, tour_w)),
        Span::styled(rpad(&free, FREE), free_style),
        Span::styled(rpad(&d.held.to_string(), HELD), held_style),
        Span::raw(rpad(&money(d.adult_price_minor, &d.currency), PRICE)),
    ];
    if child {
        spans.push(Span::raw(rpad(&money(d.child_price_minor, &d.currency), PRICE)));
    }
    spans.push(Span::raw(rpad(&d.waitlist.to_string(), WAIT)));
    if meet_w > 0 {
        spans.push(Span::raw(format!("  {}", pad(&d.meeting_point, meet_w))));
    }
    Line::from(spans)
}
