//! Drawing the dashboard: bar charts and gauges, numbers as their labels.

use super::{Period, State};
use crate::booking::Stats;
use crate::domain::money::Currency;
use crate::domain::{DepartureStatus, Money};
use crate::tui::panes::Ctx;
use crate::tui::strings::fill;
use crate::tui::theme;
use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, LineGauge, Paragraph, Widget};
use std::collections::BTreeMap;

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.dashboard;
    if area.height < 6 {
        return;
    }
    let [head, top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Percentage(45), Constraint::Min(6)]).areas(area);
    let period = match state.period {
        Period::Next => t.next,
        Period::Past => t.past,
    };
    let Some(stats) = &state.stats else {
        let msg = if state.loading {
            ctx.text.common.loading
        } else {
            t.no_data
        };
        Line::from(vec![
            Span::styled(format!("{period}  "), theme::title()),
            Span::styled(msg, theme::muted()),
        ])
        .render(head, buf);
        return;
    };
    let currency = stats.currency;
    let mut head_line = Line::from(vec![
        Span::styled(format!("{period} · "), theme::title()),
        Span::styled(format!("{} ", t.revenue), theme::muted()),
        Span::styled(
            Money::new(stats.revenue_minor, currency).to_string(),
            Style::new().fg(theme::FREE),
        ),
        Span::styled(format!(" · {} ", t.refunds), theme::muted()),
        Span::styled(
            Money::new(stats.refunds_minor, currency).to_string(),
            Style::new().fg(theme::FULL),
        ),
        Span::styled(format!(" · {}", fill(t.bookings, &[&stats.bookings])), theme::muted()),
    ]);
    // the keys only when they fit whole (the figures come first)
    let hint = Span::styled(format!("   {}", t.hint), theme::muted());
    if head_line.width() + hint.width() <= head.width as usize {
        head_line.push_span(hint);
    }
    head_line.render(head, buf);

    by_day(stats, ctx, top, buf);
    let [tours, money, today] = Layout::horizontal([
        Constraint::Percentage(34),
        Constraint::Percentage(33),
        Constraint::Percentage(33),
    ])
    .areas(bottom);
    by_tour(stats, ctx, tours, buf);
    money_and_cancellations(stats, ctx, currency, money, buf);
    check_in(state, ctx, today, buf);
}

fn block(title: &str) -> Block<'_> {
    Block::default()
        .borders(Borders::TOP)
        .border_style(theme::muted())
        .title(Span::styled(format!(" {title} "), theme::title()))
}

/// Seats booked of seats offered, in percent, coloured like the calendar.
fn pct_bar(label: String, booked: i64, capacity: i64) -> Bar<'static> {
    let pct = if capacity > 0 { booked * 100 / capacity } else { 0 };
    let colour = if pct >= 90 {
        theme::FULL
    } else if pct >= 60 {
        theme::HELD
    } else {
        theme::FREE
    };
    Bar::default()
        .value(pct as u64)
        .label(Line::from(label))
        .text_value(pct.to_string())
        .style(Style::new().fg(colour))
        .value_style(Style::new().fg(Color::Black).bg(colour))
}

fn by_day(stats: &Stats, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.dashboard;
    let b = block(t.by_day);
    let inner = b.inner(area);
    b.render(area, buf);
    let mut days: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    for o in &stats.occupancy {
        let d = days.entry(o.day).or_default();
        d.0 += o.booked;
        d.1 += o.capacity;
    }
    if days.is_empty() {
        buf.set_stringn(inner.x, inner.y, t.no_data, inner.width as usize, theme::muted());
        return;
    }
    // as many days as fit, bars as wide as they can be (at least 2 for the value)
    let n = days.len() as u16;
    let width = (inner.width / n.max(1)).saturating_sub(1).clamp(2, 5);
    let fits = (inner.width / (width + 1)).max(1) as usize;
    let bars: Vec<Bar> = days
        .iter()
        .take(fits)
        .map(|(d, (booked, cap))| pct_bar(format!("{:02}", d.day()), *booked, *cap))
        .collect();
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .max(100)
        .label_style(theme::muted())
        .render(inner, buf);
}

fn by_tour(stats: &Stats, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.dashboard;
    let b = block(t.by_tour);
    let inner = b.inner(area);
    b.render(area, buf);
    let mut tours: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for o in &stats.occupancy {
        let e = tours.entry(o.tour.as_str()).or_default();
        e.0 += o.booked;
        e.1 += o.capacity;
    }
    let label_w = (inner.width / 3).clamp(6, 24) as usize;
    let bars: Vec<Bar> = tours
        .iter()
        .take(inner.height as usize)
        .map(|(name, (booked, cap))| pct_bar(name.chars().take(label_w).collect(), *booked, *cap))
        .collect();
    horizontal(&bars, 100, inner, buf);
}

fn horizontal(bars: &[Bar], max: u64, area: Rect, buf: &mut Buffer) {
    BarChart::default()
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(bars))
        .bar_width(1)
        .bar_gap(0)
        .max(max)
        .render(area, buf);
}

fn money_and_cancellations(stats: &Stats, ctx: &Ctx, currency: Currency, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.dashboard;
    let [money, cancels] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let b = block(t.money);
    let inner = b.inner(money);
    b.render(money, buf);
    // gross taken = revenue + refunds: both bars on one scale
    let gross = (stats.revenue_minor + stats.refunds_minor).max(1);
    let bar = |label: &str, minor: i64, colour: Color| {
        Bar::default()
            .value((minor.max(0) * 1000 / gross) as u64)
            .label(Line::from(label.to_string()))
            .text_value(Money::new(minor, currency).to_string())
            .style(Style::new().fg(colour))
            .value_style(Style::new().fg(Color::Black).bg(colour))
    };
    horizontal(
        &[
            bar(t.revenue, stats.revenue_minor, theme::FREE),
            bar(t.refunds, stats.refunds_minor, theme::FULL),
        ],
        1000,
        inner,
        buf,
    );
    let b = block(t.cancellations);
    let inner = b.inner(cancels);
    b.render(cancels, buf);
    if stats.cancellations_by_reason.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y,
            t.no_cancellations,
            inner.width as usize,
            theme::muted(),
        );
        return;
    }
    let max = stats
        .cancellations_by_reason
        .values()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as u64;
    let bars: Vec<Bar> = stats
        .cancellations_by_reason
        .iter()
        .map(|(reason, n)| {
            let (label, colour) = match reason.as_str() {
                "customer" => (t.reasons[0], theme::ACCENT),
                "weather" => (t.reasons[1], theme::HELD),
                "operator" => (t.reasons[2], theme::BOOKED),
                "no_show" => (t.reasons[3], theme::MUTED),
                other => (other, theme::MUTED),
            };
            Bar::default()
                .value(*n as u64)
                .label(Line::from(label.to_string()))
                .style(Style::new().fg(colour))
                .value_style(Style::new().fg(Color::Black).bg(colour))
        })
        .collect();
    horizontal(&bars, max, inner, buf);
}

fn check_in(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.dashboard;
    let b = block(t.check_in);
    let inner = b.inner(area);
    b.render(area, buf);
    let live: Vec<_> = state
        .today
        .iter()
        .filter(|d| !matches!(d.status, DepartureStatus::Cancelled))
        .collect();
    if live.is_empty() {
        Paragraph::new(t.no_today).style(theme::muted()).render(inner, buf);
        return;
    }
    for (i, d) in live.iter().take(inner.height as usize).enumerate() {
        let tz: Tz = d.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let at = d.starts_at.with_timezone(&tz);
        let n = state.checked_in.get(&d.id).copied().unwrap_or(0);
        let booked = i64::from(d.booked);
        let ratio = if booked > 0 {
            (n as f64 / booked as f64).clamp(0.0, 1.0)
        } else {
            0.0
        };
        // the label leaves half the width to the gauge itself
        let tour_w = (inner.width.saturating_sub(12) / 2).min(16) as usize;
        let tour: String = d.tour.chars().take(tour_w).collect();
        LineGauge::default()
            .ratio(ratio)
            .label(format!(
                "{:02}:{:02} {tour:<tour_w$} {n}/{booked}",
                at.hour(),
                at.minute()
            ))
            .filled_symbol(ratatui::symbols::line::THICK_HORIZONTAL)
            .filled_style(Style::new().fg(theme::ADMITTED))
            .unfilled_style(theme::muted())
            .render(
                Rect {
                    y: inner.y + i as u16,
                    height: 1,
                    ..inner
                },
                buf,
            );
    }
}
