//! Drawing the occupancy pane: a card per departure, a seat gauge coloured
//! by occupancy with held seats marked yellow, and a check-in gauge.

use super::State;
use crate::booking::Departure;
use crate::domain::{DepartureStatus, WeatherStatus};
use crate::tui::panes::Ctx;
use crate::tui::strings::{DeparturesText, fill};
use crate::tui::theme;
use chrono::{Datelike, Timelike};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, LineGauge, Widget};

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.occupancy;
    if area.height < 3 {
        return;
    }
    let today = ctx.now.with_timezone(&ctx.tz).date_naive();
    let wd = ctx.text.departures.weekdays[today.weekday().num_days_from_monday() as usize];
    let live = state
        .rows
        .iter()
        .filter(|d| !matches!(d.status, DepartureStatus::Cancelled));
    let (mut n, mut booked, mut cap, mut held, mut boarded) = (0, 0i64, 0i64, 0i64, 0i64);
    for d in live {
        n += 1;
        booked += i64::from(d.booked);
        cap += i64::from(d.capacity);
        held += i64::from(d.held);
        boarded += state.checked_in.get(&d.id).copied().unwrap_or(0);
    }
    let head = Line::from(vec![
        Span::styled(
            format!("{} {wd} {:02}.{:02}", t.title, today.day(), today.month()),
            theme::title(),
        ),
        Span::raw("  "),
        Span::styled(fill(t.summary, &[&n, &booked, &cap, &held, &boarded]), theme::muted()),
    ]);
    let missing = state.missing_total();
    let head = if missing > 0 {
        // first, so a narrow screen never cuts it
        let mut spans = vec![
            Span::styled(
                format!(" {} ", fill(t.missing, &[&missing])),
                theme::panel(theme::MISSING),
            ),
            Span::raw(" "),
        ];
        spans.extend(head.spans);
        Line::from(spans)
    } else {
        head
    };
    head.render(Rect { height: 1, ..area }, buf);
    earlier_missing(
        state,
        ctx,
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
    );
    let body = Rect {
        y: area.y + 2,
        height: area.height - 2,
        ..area
    };
    if state.rows.is_empty() {
        let msg = if state.loading && !state.loaded {
            ctx.text.common.loading
        } else {
            t.empty
        };
        buf.set_stringn(body.x, body.y, msg, body.width as usize, theme::muted());
        return;
    }
    // three rows a card when all fit with a gap, else two
    let per: u16 = if state.rows.len() as u16 * 3 <= body.height {
        3
    } else {
        2
    };
    let fits = (body.height / per).max(1) as usize;
    state.viewport.set(fits as u16);
    let start = crate::tui::panes::departures::window(state.offset, state.selected, fits, state.rows.len());
    for (i, d) in state.rows.iter().skip(start).take(fits).enumerate() {
        let r = Rect {
            y: body.y + i as u16 * per,
            height: 2,
            ..body
        };
        card(d, state, ctx, start + i == state.selected, r, buf);
    }
}

/// Departures with people missing that are no longer among today's (they
/// ended yesterday, or started more than a few hours ago): one red line.
fn earlier_missing(state: &State, ctx: &Ctx, line: Rect, buf: &mut Buffer) {
    let t = &ctx.text.occupancy;
    let mut spans = Vec::new();
    for m in state
        .missing
        .iter()
        .filter(|m| !state.rows.iter().any(|d| d.id == m.departure_id))
    {
        let local = m.starts_at.with_timezone(&ctx.tz);
        spans.push(Span::styled(
            format!(" {} ", fill(t.missing, &[&m.missing])),
            theme::panel(theme::MISSING),
        ));
        spans.push(Span::styled(
            format!(
                " {} {:02}.{:02} {:02}:{:02}  ",
                m.tour,
                local.day(),
                local.month(),
                local.hour(),
                local.minute()
            ),
            Style::new().fg(theme::MISSING).add_modifier(Modifier::BOLD),
        ));
    }
    Line::from(spans).render(line, buf);
}

fn card(d: &Departure, state: &State, ctx: &Ctx, selected: bool, r: Rect, buf: &mut Buffer) {
    let t = &ctx.text.occupancy;
    let tz: Tz = d.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = d.starts_at.with_timezone(&tz);
    let started = d.starts_at <= ctx.now;
    let cancelled = matches!(d.status, DepartureStatus::Cancelled);
    let colour = theme::occupancy(d.free, d.capacity);
    let name = if selected {
        theme::selected().add_modifier(Modifier::BOLD)
    } else if cancelled || started {
        theme::muted()
    } else {
        theme::title()
    };
    let mut spans = vec![
        Span::styled(format!(" {:02}:{:02} ", local.hour(), local.minute()), name),
        Span::styled(format!(" {} ", d.tour), name),
        Span::raw("  "),
    ];
    // the badges before the numbers: on a narrow screen the numbers are cut,
    // and the gauge below repeats them; missing people before anything else
    let missing = state.missing_on(d.id);
    if missing > 0 {
        spans.push(Span::styled(
            format!(" {} ", fill(t.missing, &[&missing])),
            theme::panel(theme::MISSING),
        ));
        spans.push(Span::raw("  "));
    }
    if cancelled {
        spans.push(Span::styled(t.cancelled, Style::new().fg(theme::FULL)));
    } else {
        if d.free <= 0 {
            spans.push(Span::styled(t.full, theme::panel(theme::FULL)));
            spans.push(Span::raw("  "));
        }
        if started {
            spans.push(Span::styled(t.started, theme::muted()));
            spans.push(Span::raw("  "));
        }
    }
    let (badge, wcolour) = weather(&ctx.text.departures, d.weather_status);
    if !matches!(d.weather_status, WeatherStatus::Ok) {
        spans.push(Span::styled(badge, Style::new().fg(wcolour)));
        spans.push(Span::raw("  "));
    }
    if !cancelled {
        spans.push(Span::raw(fill(t.seats, &[&d.booked, &d.held, &d.free])));
    }
    Line::from(spans).render(Rect { height: 1, ..r }, buf);

    let row = Rect {
        y: r.y + 1,
        height: 1,
        ..r
    };
    let seats_w = (row.width * 3 / 5).max(10).min(row.width);
    let seats = Rect { width: seats_w, ..row };
    if cancelled {
        buf.set_stringn(
            seats.x,
            seats.y,
            "░".repeat(seats.width as usize),
            seats.width as usize,
            theme::muted(),
        );
    } else {
        seat_gauge(d, colour, seats, buf);
    }
    let rest = Rect {
        x: seats.right() + 2,
        width: row.width.saturating_sub(seats_w + 2),
        ..row
    };
    if rest.width >= 8 && !cancelled {
        let n = state.checked_in.get(&d.id).copied();
        let booked = i64::from(d.booked);
        let ratio = match n {
            Some(n) if booked > 0 => (n as f64 / booked as f64).clamp(0.0, 1.0),
            _ => 0.0,
        };
        let label = fill(
            t.checked_in,
            &[&n.map_or_else(|| "…".to_string(), |n| n.to_string()), &booked],
        );
        LineGauge::default()
            .ratio(ratio)
            .label(Span::styled(label, Style::new().fg(theme::ADMITTED)))
            .filled_style(Style::new().fg(theme::ADMITTED))
            .unfilled_style(theme::muted())
            .filled_symbol(symbols::line::THICK_HORIZONTAL)
            .render(rest, buf);
    }
}

/// The seat gauge: booked in the occupancy colour, held seats yellow after
/// them, the percent of seats taken as its label.
fn seat_gauge(d: &Departure, colour: ratatui::style::Color, area: Rect, buf: &mut Buffer) {
    let cap = f64::from(d.capacity.max(1));
    let taken = f64::from((d.booked + d.held).max(0));
    let ratio = (f64::from(d.booked.max(0)) / cap).clamp(0.0, 1.0);
    let pct = taken / cap * 100.0;
    let label = if d.held > 0 {
        format!("{}+{}/{}  {pct:.0} %", d.booked, d.held, d.capacity)
    } else {
        format!("{}/{}  {pct:.0} %", d.booked, d.capacity)
    };
    let label_w = (label.chars().count() as u16).min(area.width);
    let label_x = area.x + (area.width - label_w) / 2;
    Gauge::default()
        .ratio(ratio)
        .label(label)
        .gauge_style(Style::new().fg(colour).bg(theme::MUTED))
        .render(area, buf);
    if d.held <= 0 {
        return;
    }
    let w = f64::from(area.width);
    let from = area.x + (ratio * w).round() as u16;
    let to = (area.x + ((taken / cap).min(1.0) * w).round() as u16)
        .max(from + 1)
        .min(area.right());
    for x in from..to {
        let cell = &mut buf[(x, area.y)];
        if (label_x..label_x + label_w).contains(&x) {
            cell.set_bg(theme::HELD).set_fg(ratatui::style::Color::Black);
        } else {
            cell.set_symbol(symbols::block::FULL).set_fg(theme::HELD);
        }
    }
}

fn weather(t: &DeparturesText, status: WeatherStatus) -> (&'static str, ratatui::style::Color) {
    crate::tui::panes::departures::view::weather_badge(t, status)
}
