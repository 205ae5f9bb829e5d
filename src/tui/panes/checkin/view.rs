//! Drawing the check-in pane: the departure line on top, the verdict panel
//! on the left (big, in colour, readable from two metres), the manifest on
//! the right, and the field or question of the moment at the bottom.

mod ask;
mod big;
mod big_text;
mod manifest;
mod returns;
mod verdict;

pub use verdict::reason as reason_lines;

use super::{Confirm, Modal, State};
use crate::domain::{DepartureStatus, ManifestState};
use crate::tui::panes::Ctx;
use crate::tui::strings::fill;
use crate::tui::theme;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    if state.returns.is_some() {
        returns::render(state, ctx, area, buf);
        return;
    }
    let [head, body, foot] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(3), Constraint::Length(1)]).areas(area);
    header(state, ctx, head, buf);
    let [left, right] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
    verdict::render(state, ctx, left, buf);
    manifest::render(state, ctx, right.inner(ratatui::layout::Margin::new(1, 0)), buf);
    footer(state, ctx, foot, buf);
    match &state.modal {
        Modal::Picker(sel) => picker(state, ctx, *sel, right, buf),
        Modal::Confirm(c) => confirm(state, ctx, c, body, buf),
        Modal::Undo(a) => ask::undo(ctx, a, body, buf),
        Modal::Pay(f) => ask::pay(ctx, f, body, buf),
        _ => {}
    }
}

/// The zone a departure's times are shown in.
pub fn zone(name: &str, ctx: &Ctx) -> Tz {
    name.parse().unwrap_or(ctx.tz)
}

/// A local time: the clock alone on the kiosk's day, with the date otherwise.
pub fn local(t: DateTime<Utc>, zone_name: &str, ctx: &Ctx) -> String {
    let z = zone(zone_name, ctx);
    let t = t.with_timezone(&z);
    if t.date_naive() == ctx.now.with_timezone(&z).date_naive() {
        t.format("%H:%M").to_string()
    } else {
        t.format("%d.%m %H:%M").to_string()
    }
}

fn header(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.checkin;
    let Some(m) = &state.manifest else {
        let text = match (state.departure, state.departures_loaded) {
            (None, true) => t.no_departure,
            _ => ctx.text.common.loading,
        };
        Paragraph::new(text).style(theme::muted()).render(area, buf);
        return;
    };
    let sep = || Span::styled(" · ", theme::muted());
    let mut first = vec![
        Span::styled(m.tour.clone(), theme::title()),
        sep(),
        Span::styled(local(m.starts_at, &m.time_zone, ctx), theme::title()),
    ];
    if let Some(stop) = stop_span(state, ctx, &m.time_zone) {
        first.push(sep());
        first.push(stop);
    }
    if !m.meeting_point.is_empty() && state.shown_stop().is_none() {
        first.push(sep());
        // cut with an ellipsis, so a cut address reads as cut
        let used: usize = first.iter().map(Span::width).sum();
        let room = (area.width as usize).saturating_sub(used);
        let place = if m.meeting_point.chars().count() <= room {
            m.meeting_point.clone()
        } else {
            m.meeting_point
                .chars()
                .take(room.saturating_sub(1))
                .chain(['…'])
                .collect()
        };
        first.push(Span::raw(place));
    }
    let (inn, total, no_shows) = state.counts();
    let mut second = vec![Span::styled(
        fill(t.counts, &[&inn, &total]),
        Style::new().fg(theme::ADMITTED).add_modifier(Modifier::BOLD),
    )];
    if no_shows > 0 {
        second.push(sep());
        second.push(Span::raw(fill(t.no_shows, &[&no_shows])));
    }
    if state.shown_stop().is_some() {
        let at_stop = m.rows.iter().filter(|r| state.at_stop(r));
        let (inn, total) = at_stop.fold((0, 0), |(i, n), r| match r.state {
            ManifestState::Admitted => (i + 1, n + 1),
            ManifestState::Expected | ManifestState::NoShow => (i, n + 1),
            ManifestState::Cancelled => (i, n),
        });
        second.push(sep());
        second.push(Span::styled(
            fill(t.stop_counts, &[&inn, &total]),
            Style::new().fg(theme::ADMITTED),
        ));
    }
    second.push(sep());
    let opens = m.check_in_opens_at;
    second.push(match m.check_in_closed_at {
        Some(at) => Span::styled(
            fill(t.closed_at, &[&local(at, &m.time_zone, ctx)]),
            Style::new().fg(theme::REJECTED),
        ),
        None if ctx.now < opens => Span::raw(fill(t.opens_at, &[&local(opens, &m.time_zone, ctx)])),
        None => Span::styled(t.open, Style::new().fg(theme::ADMITTED)),
    });
    if state
        .shown_departure()
        .is_some_and(|d| matches!(d.status, DepartureStatus::Cancelled))
    {
        second.push(sep());
        second.push(Span::styled(t.departure_cancelled, theme::panel(theme::REJECTED)));
    }
    second.extend(field_spans(state, ctx).into_iter().flat_map(|s| [sep(), s]));
    Paragraph::new(vec![Line::from(first), Line::from(second)]).render(area, buf);
}

/// The pickup stop shown ("stop 2 of 4: 07:15 Hotel Avacha"), or how many
/// stops `s` would go through; nothing when the departure has none.
fn stop_span(state: &State, ctx: &Ctx, zone: &str) -> Option<Span<'static>> {
    let t = &ctx.text.checkin;
    let Some((n, count, g)) = state.shown_stop() else {
        let count = state.stops().len();
        return (count > 0).then(|| Span::styled(fill(t.all_stops, &[&count]), theme::muted()));
    };
    let place = match (&g.name, g.pickup_at) {
        (Some(name), Some(at)) => format!("{} {name}", local(at, zone, ctx)),
        _ => t.no_pickup.to_string(),
    };
    Some(Span::styled(
        fill(t.stop, &[&n, &count, &place]),
        theme::panel(theme::ALREADY),
    ))
}

/// This laptop's readiness for the shown departure: prepared, seats left to
/// sell offline, conflicts waiting for a look.
fn field_spans(state: &State, ctx: &Ctx) -> Vec<Span<'static>> {
    let f = &ctx.text.field;
    let mut out = Vec::new();
    let Some(id) = state.departure else { return out };
    if state.field.prepared.contains(&id) {
        out.push(Span::styled(f.prepared, Style::new().fg(theme::ADMITTED)));
    }
    if let Some(left) = state.field.allotment_left(id, ctx.now) {
        out.push(Span::raw(fill(f.allotment_left, &[&left])));
    }
    if ctx.conflicts > 0 {
        out.push(Span::styled(
            fill(f.conflicts_hint, &[&ctx.conflicts]),
            theme::panel(theme::ALREADY),
        ));
    }
    out
}

pub(super) fn footer(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.checkin;
    let field = |label: &str, value: &str, hint: &str| {
        Line::from(vec![
            Span::styled(format!("{label}: "), theme::key()),
            Span::styled(format!("{value}▏"), Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(format!("  {hint}"), theme::muted()),
        ])
    };
    let line = match &state.modal {
        Modal::Search => field(t.search, &state.query, t.search_hint),
        Modal::Image(path) => field(t.image, path, t.image_hint),
        Modal::Prepare(seats) => field(ctx.text.field.prepare_label, seats, ctx.text.field.prepare_hint),
        Modal::Picker(_) => Line::styled(t.pick_hint, theme::muted()),
        Modal::Confirm(_) => Line::styled(t.yes_no, theme::key()),
        Modal::Undo(_) => Line::styled(t.undo_hint, theme::muted()),
        Modal::Pay(_) => Line::styled(t.pay_hint, theme::muted()),
        Modal::LeftNote(..) => Line::styled(ctx.text.returns.left_hint, theme::muted()),
        Modal::None if !state.query.is_empty() => Line::from(vec![
            Span::styled(format!("{}: ", t.search), theme::muted()),
            Span::styled(state.query.clone(), Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(format!("  {}", ctx.text.common.esc_back), theme::muted()),
        ]),
        Modal::None => {
            // `s` is offered only where there are stops to go through
            let stop = if state.stops().is_empty() { "" } else { t.stop_hint };
            let fits = |s: &str| s.chars().count() + stop.chars().count() <= area.width as usize;
            let hint = if fits(t.hint) { t.hint } else { t.hint_short };
            let hint = if fits(hint) {
                format!("{hint}{stop}")
            } else {
                hint.to_string()
            };
            Line::styled(hint, theme::muted())
        }
    };
    line.render(area, buf);
}

pub(super) fn confirm(state: &State, ctx: &Ctx, c: &Confirm, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.checkin;
    let question = match c {
        Confirm::Everyone { bookings, people } => fill(t.ask_everyone, &[people, &bookings.len()]),
        Confirm::Close { force: false } => {
            let waiting = state.manifest.as_ref().map_or(0, |m| m.expected);
            fill(t.ask_close, &[&waiting])
        }
        Confirm::Close { force: true } => t.ask_force_close.to_string(),
        Confirm::Reopen => t.ask_reopen.to_string(),
        Confirm::Release { seats } => fill(ctx.text.field.ask_release, &[seats]),
        Confirm::EveryoneBack { people } => fill(ctx.text.returns.ask_everyone, &[people]),
    };
    let r = crate::tui::view::popup(area, 60, 6, buf);
    Paragraph::new(vec![
        Line::styled(question, theme::title()),
        Line::raw(""),
        Line::styled(t.yes_no, theme::key()),
    ])
    .wrap(Wrap { trim: true })
    .block(Block::new().borders(Borders::ALL).border_style(theme::key()))
    .render(r, buf);
}

/// "Departure", and the mark's legend when a guide's own are listed.
fn picker_title(state: &State, ctx: &Ctx) -> String {
    let t = &ctx.text.checkin;
    if state.departures.iter().any(|d| super::mine::mine_today(d, ctx)) {
        format!(" {} · {} ", t.pick_title, t.mine_legend)
    } else {
        format!(" {} ", t.pick_title)
    }
}

pub(super) fn picker(state: &State, ctx: &Ctx, sel: usize, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.checkin;
    let r = crate::tui::view::popup(area, area.width, area.height, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Span::styled(picker_title(state, ctx), theme::title()));
    let inner = block.inner(r);
    block.render(r, buf);
    if state.departures.is_empty() {
        Paragraph::new(t.no_departure).style(theme::muted()).render(inner, buf);
        return;
    }
    let h = inner.height as usize;
    let offset = sel.saturating_sub(h.saturating_sub(1));
    let lines: Vec<Line> = state
        .departures
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, d)| {
            let mut style = if matches!(d.status, DepartureStatus::Cancelled) {
                theme::muted()
            } else {
                Style::new()
            };
            if i == sel {
                style = style.patch(theme::selected());
            }
            let mut when = local(d.starts_at, &d.time_zone, ctx);
            if super::mine::mine_today(d, ctx) {
                // today's: the time alone, room for the mark
                when = format!("{when} {}", t.mine);
            }
            let text = format!("{when:<11} {:>3}/{:<3} {}", d.booked, d.capacity, d.tour);
            Line::styled(text, style)
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
