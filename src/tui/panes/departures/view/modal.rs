//! The boxes over the list: add form, weather, cancel confirmation,
//! progress and result.

use super::super::form::{AddForm, Field, FormError, WeatherForm};
use super::super::{Modal, Row, State};
use super::boxes::{boxed, hint, rows};
use crate::booking::{DepartureCancellation, WeatherStatus};
use crate::tui::panes::Ctx;
use crate::tui::strings::{DeparturesText, fill};
use crate::tui::theme;
use chrono::Datelike;
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.departures;
    match &state.modal {
        None => {}
        Some(Modal::Add(f)) => add(state, f, ctx, area, buf),
        Some(Modal::Weather(f)) => weather(state, f, ctx, area, buf),
        Some(Modal::Confirm { id, bookings, people }) => {
            let row = state.rows.iter().find(|r| r.dep.id == *id);
            let name = row.map(|r| r.dep.tour.as_str()).unwrap_or_default();
            let when = row.map(|r| when(t, r)).unwrap_or_default();
            let counts = match bookings {
                Some(b) => fill(t.confirm_counts, &[b, people]),
                None => fill(t.confirm_counting, &[people]),
            };
            let question = fill(t.confirm_question, &[&name, &when]);
            // a long tour name wraps the question: the box grows, the keys stay
            let h = 5 + rows(&question, 64) + rows(&counts, 64);
            let lines = vec![Line::styled(question, theme::title()), Line::raw(""), Line::raw(counts)];
            let inner = boxed(area, 66, h, t.confirm_title, theme::FULL, lines, buf);
            if inner.height > 0 {
                let y = inner.bottom() - 1;
                buf.set_stringn(inner.x, y, t.confirm_hint, inner.width as usize, theme::key());
            }
        }
        Some(Modal::Cancelling(_)) => {
            let lines = vec![Line::raw(""), Line::styled(t.cancelling, theme::title())];
            boxed(area, 60, 5, t.confirm_title, theme::HELD, lines, buf);
        }
        Some(Modal::Cancelled {
            tour,
            currency,
            result,
            selected,
        }) => {
            let row = state.rows.iter().find(|r| r.dep.id == result.departure_id);
            let head = match row {
                Some(r) => format!("{tour} · {}", when(t, r)),
                None => tour.clone(),
            };
            // the rebooking deadline in the departure's own zone
            let zone = row.and_then(|r| r.dep.time_zone.parse().ok()).unwrap_or(ctx.tz);
            cancelled(t, &head, currency, zone, result, *selected, area, buf)
        }
    }
}

/// `Tue 01.12 09:00` in the departure's own zone.
fn when(t: &DeparturesText, r: &Row) -> String {
    let wd = t.weekdays[r.local.weekday().num_days_from_monday() as usize];
    format!("{wd} {}", r.local.format("%d.%m %H:%M"))
}

fn error_text(t: &DeparturesText, e: FormError) -> &'static str {
    match e {
        FormError::TourEmpty => t.err_tour_empty,
        FormError::BadDate => t.err_bad_date,
        FormError::BadTime => t.err_bad_time,
        FormError::Past => t.err_past,
        FormError::BadCapacity => t.err_capacity,
        FormError::BadPrice => t.err_price,
        FormError::NoCurrency => t.err_no_currency,
    }
}

fn add(state: &State, f: &AddForm, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.departures;
    let mut lines = Vec::new();
    for (i, field) in Field::ALL.iter().enumerate() {
        let focused = i == f.focus;
        let label = Span::styled(
            format!("{:>15} ", t.fields[i]),
            if focused { theme::key() } else { theme::muted() },
        );
        let mut value = f.values[i].clone();
        if focused {
            value.push('▏');
        }
        let mut spans = vec![
            label,
            Span::styled(value, if focused { theme::selected() } else { Style::new() }),
        ];
        match field {
            Field::Time => spans.push(Span::styled(
                format!("  {}", fill(t.add_zone, &[&ctx.tz.name()])),
                theme::muted(),
            )),
            Field::Adult | Field::Child => spans.push(Span::styled(
                format!("  {}", f.currency.as_ref().map_or("?", |c| c.as_str())),
                theme::muted(),
            )),
            _ => {}
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    match (&f.error, f.busy) {
        (_, true) => lines.push(Line::styled(t.add_busy, Style::new().fg(theme::HELD))),
        (Some((field, e)), _) => lines.push(Line::styled(
            format!("{}: {}", t.fields[*field as usize], error_text(t, *e)),
            Style::new().fg(theme::REJECTED).add_modifier(Modifier::BOLD),
        )),
        _ => lines.push(Line::raw("")),
    }
    if !state.tours.is_empty() {
        // laid out here, a name never split, so the box is exactly as tall
        // as its lines and the keys below them stay clear
        let w = area.width.min(74).saturating_sub(2) as usize;
        let mut line = vec![Span::styled(format!("{}: ", t.known_tours), theme::muted())];
        let mut used = line[0].width();
        for (i, name) in state.tours.iter().enumerate() {
            let n = name.chars().count();
            let sep = if i > 0 { 3 } else { 0 };
            if used > 0 && used + sep + n > w {
                lines.push(Line::from(std::mem::take(&mut line)));
                used = 0;
            } else if i > 0 {
                line.push(Span::styled(" · ", theme::muted()));
                used += sep;
            }
            let style = if f.pick == Some(i) { theme::key() } else { Style::new() };
            line.push(Span::styled(name.clone(), style));
            used += n;
        }
        lines.push(Line::from(line));
    }
    let h = lines.len() as u16 + 4;
    let inner = boxed(area, 74, h, t.add_title, theme::ACCENT, lines, buf);
    hint(inner, t.add_hint, buf);
}

fn weather(state: &State, f: &WeatherForm, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.departures;
    let row = state.rows.iter().find(|r| r.dep.id == f.id);
    let head = row
        .map(|r| format!("{} · {}", r.dep.tour, when(t, r)))
        .unwrap_or_default();
    let mut choice = vec![Span::styled(format!("{:>8} ", t.weather_status), theme::muted())];
    for (s, label, colour) in [
        (WeatherStatus::Ok, t.badges[0], theme::FREE),
        (WeatherStatus::Watch, t.badges[1], theme::HELD),
        (WeatherStatus::Danger, t.badges[2], theme::FULL),
    ] {
        let style = if s == f.status {
            theme::panel(colour)
        } else {
            Style::new().fg(colour)
        };
        choice.push(Span::styled(format!(" {label} "), style));
        choice.push(Span::raw(" "));
    }
    let lines = vec![
        Line::styled(head, theme::title()),
        Line::raw(""),
        Line::from(choice),
        Line::from(vec![
            Span::styled(format!("{:>8} ", t.weather_note), theme::key()),
            Span::styled(format!("{}▏", f.note), theme::selected()),
        ]),
        Line::raw(""),
        if f.busy {
            Line::styled(t.weather_saving, Style::new().fg(theme::HELD))
        } else {
            Line::raw("")
        },
    ];
    let inner = boxed(area, 70, 9, t.weather_title, theme::ACCENT, lines, buf);
    hint(inner, t.weather_hint, buf);
}

#[allow(clippy::too_many_arguments)]
fn cancelled(
    t: &DeparturesText,
    tour: &str,
    currency: &str,
    zone: Tz,
    r: &DepartureCancellation,
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    // as stored: a code that is not one is shown as it came, not guessed
    let money = crate::domain::money::show(r.refund_total_minor, currency);
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:>22}  "), theme::muted()),
            Span::styled(value, theme::title()),
        ])
    };
    let mut lines = vec![Line::styled(tour.to_string(), theme::title())];
    if r.already_cancelled {
        lines.push(Line::styled(t.result_already, Style::new().fg(theme::HELD)));
    }
    // weather keeps the money: the parties wait to be rebooked, refunded in
    // full by the sweep if nobody resolves them by the deadline
    match r.rebook_due_at {
        Some(due) => {
            lines.push(row(t.result_to_rebook, r.to_rebook.to_string()));
            lines.push(row(
                t.result_due,
                due.with_timezone(&zone).format("%d.%m %H:%M").to_string(),
            ));
        }
        None => {
            lines.push(row(t.result_bookings, r.bookings_cancelled.to_string()));
            lines.push(row(t.result_refunds, format!("{money} ({} %)", r.refund_percent)));
        }
    }
    lines.push(row(t.result_notified, r.notifications_queued.to_string()));
    lines.push(Line::raw(""));
    if r.alternatives.is_empty() {
        lines.push(Line::styled(t.no_alternatives, Style::new().fg(theme::HELD)));
    } else {
        lines.push(Line::styled(t.alternatives, theme::title()));
        for (i, a) in r.alternatives.iter().enumerate() {
            let tz: Tz = a.time_zone.parse().unwrap_or(chrono_tz::UTC);
            let local = a.starts_at.with_timezone(&tz);
            let wd = t.weekdays[local.weekday().num_days_from_monday() as usize];
            let style = if i == selected { theme::selected() } else { Style::new() };
            lines.push(Line::from(vec![
                Span::styled(format!(" {wd} {} ", local.format("%d.%m %H:%M")), style),
                Span::raw("  "),
                Span::styled(fill(t.alt_free, &[&a.free]), Style::new().fg(theme::FREE)),
            ]));
        }
    }
    let h = lines.len() as u16 + 4;
    let inner = boxed(area, 70, h, t.result_title, theme::FULL, lines, buf);
    // weather: the parties are rebooked, not sold seats again
    let keys = if r.rebook_due_at.is_some() {
        t.result_hint_rebook
    } else {
        t.result_hint
    };
    hint(inner, keys, buf);
}
