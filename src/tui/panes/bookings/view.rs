//! Drawing the Bookings pane: the search and its results, or a booking's
//! card (a fixed header, the rest scrolled), with an action's form over it.

use super::card::{Field, Form, MoneyForm};
use super::card_view::{self, method_text, payment_text, status_text};
use super::moving::{self, MoveForm};
use super::{Opened, State, change_view};
use crate::booking::Found;
use crate::booking::Resolution;
use crate::domain::MoveReason;
use crate::domain::money::show as money;
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::view::local_time;
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

// column widths with the gap after them
const NUMBER: usize = 10;
const PHONE: usize = 13;
const SEATS: usize = 6;
const STATUS: usize = 11;
const PAID: usize = 13;

/// `s` in exactly `w` cells: cut with `…`, or padded.
pub fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// A column: `s` in `w - 1` cells and a gap.
fn col(s: &str, w: usize) -> String {
    format!("{} ", pad(s, w.saturating_sub(1)))
}

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    match (&state.card, &state.parties) {
        (Some(o), _) => render_card(state, o, ctx, area, buf),
        (None, Some(p)) => super::parties_view::render(p, ctx, area, buf),
        (None, None) => render_search(state, ctx, area, buf),
    }
    render_form(state, ctx, area, buf);
}

fn render_search(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let [top, info, head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let status = if state.searching.is_some() || state.opening.is_some() {
        Span::styled(format!("  {}", t.searching), theme::muted())
    } else if !state.searched.is_empty() {
        Span::styled(format!("  {}", fill(t.found, &[&state.results.len()])), theme::muted())
    } else {
        Span::raw("")
    };
    Paragraph::new(Line::from(vec![
        Span::styled(format!("{}  ", t.title), theme::title()),
        Span::styled(t.search_label, theme::key()),
        Span::raw(state.query.clone()),
        Span::styled("█", Style::new().fg(theme::ACCENT)),
        status,
    ]))
    .render(top, buf);
    Paragraph::new(Line::styled(t.list_hint, theme::muted())).render(foot, buf);
    if state.query.trim().is_empty() {
        Paragraph::new(Line::styled(t.search_help, theme::muted())).render(info, buf);
        return;
    }
    if state.results.is_empty() {
        if !state.searched.is_empty() && state.searching.is_none() {
            Paragraph::new(fill(t.nothing_found, &[&state.searched])).render(info, buf);
        }
        return;
    }
    let spare = (area.width as usize).saturating_sub(NUMBER + SEATS + STATUS + PAID + PHONE);
    let dep_w = (spare * 3 / 5).min(56);
    let contact_w = (spare - spare * 3 / 5).min(36);
    let header = [
        col(t.col_number, NUMBER),
        col(t.col_contact, contact_w),
        col(t.col_phone, PHONE),
        col(t.col_departure, dep_w),
        col(t.col_seats, SEATS),
        col(t.col_status, STATUS),
        t.col_paid.to_string(),
    ]
    .concat();
    Paragraph::new(Line::styled(header, theme::muted())).render(head, buf);
    let rows = body.height as usize;
    let first = state.selected.saturating_sub(rows.saturating_sub(1));
    for (i, f) in state.results.iter().enumerate().skip(first).take(rows) {
        let mut line = result_line(ctx, f, contact_w, dep_w);
        if i == state.selected {
            line = line.patch_style(theme::selected());
        }
        let r = Rect {
            y: body.y + (i - first) as u16,
            height: 1,
            ..body
        };
        Paragraph::new(line).render(r, buf);
    }
}

fn result_line(ctx: &Ctx, f: &Found, contact_w: usize, dep_w: usize) -> Line<'static> {
    let (status, status_color) = status_text(ctx, f.status);
    let (paid, paid_color) = payment_text(ctx, f.payment_status);
    // the time first, in the departure's zone: a long tour name gives way
    // (and at 80 columns the weekday too)
    let when = if dep_w >= 30 {
        local_time(ctx, f.starts_at, &f.time_zone)
    } else {
        let tz: chrono_tz::Tz = f.time_zone.parse().unwrap_or(ctx.tz);
        f.starts_at.with_timezone(&tz).format("%d.%m %H:%M").to_string()
    };
    let departure = format!("{when} {}", f.tour);
    Line::from(vec![
        Span::raw(col(&f.booking_number, NUMBER)),
        Span::raw(col(&f.contact_name, contact_w)),
        Span::raw(col(&f.contact_phone, PHONE)),
        Span::raw(col(&departure, dep_w)),
        Span::raw(col(&format!("{}+{}", f.adults, f.children), SEATS)),
        Span::styled(col(status, STATUS), Style::new().fg(status_color)),
        Span::styled(pad(paid, PAID - 1), Style::new().fg(paid_color)),
    ])
}

fn render_card(state: &State, o: &Opened, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let b = &o.card.booking;
    let keys = if o.rebook.is_some() { t.rebook_keys } else { t.card_keys };
    let hint = key_lines(keys, area.width as usize, 2);
    let [top, dep, contact, sums, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(hint.len() as u16),
    ])
    .areas(area);
    let (status, status_color) = status_text(ctx, b.status);
    let (paid, paid_color) = payment_text(ctx, b.payment_status);
    Paragraph::new(Line::from(vec![
        Span::styled(b.booking_number.clone(), theme::title()),
        Span::raw(format!(" · {} · ", b.contact_name)),
        Span::styled(status, Style::new().fg(status_color)),
        Span::raw(" · "),
        Span::styled(paid, Style::new().fg(paid_color)),
    ]))
    .render(top, buf);
    let pickup = match (&o.card.contact.pickup_name, o.card.contact.pickup_at) {
        (Some(stop), Some(at)) => {
            let tz: chrono_tz::Tz = o.found.time_zone.parse().unwrap_or(ctx.tz);
            fill(t.pickup_line, &[stop, &at.with_timezone(&tz).format("%H:%M")])
        }
        _ => String::new(),
    };
    // the zone's name gives way to the pickup: 80 columns hold one of them
    let zone = if pickup.is_empty() {
        format!(" ({})", o.found.time_zone)
    } else {
        String::new()
    };
    Paragraph::new(format!(
        "{} · {}{zone} · {}+{}{pickup}",
        o.found.tour,
        local_time(ctx, o.found.starts_at, &o.found.time_zone),
        b.adults,
        b.children
    ))
    .render(dep, buf);
    let dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    Paragraph::new(fill(
        t.contact_line,
        &[&dash(&o.card.contact.phone), &dash(&o.card.contact.email)],
    ))
    .render(contact, buf);
    let due = card_view::due(&o.card);
    // what is due first: 80 columns cut the end of the line (in Russian)
    Paragraph::new(Line::from(vec![
        Span::styled(
            fill(t.due, &[&money(due, &b.currency)]),
            Style::new().fg(if due > 0 { theme::REJECTED } else { theme::ADMITTED }),
        ),
        Span::raw(fill(
            t.money_line,
            &[
                &money(b.total_minor, &b.currency),
                &money(card_view::paid(&o.card), &b.currency),
                &money(card_view::refunded(&o.card), &b.currency),
            ],
        )),
    ]))
    .render(sums, buf);
    let lines = card_view::lines(o, ctx);
    let rows = body.height as usize;
    let first = state.scroll.min(lines.len().saturating_sub(rows));
    for (i, line) in lines.into_iter().skip(first).take(rows).enumerate() {
        let r = Rect {
            y: body.y + i as u16,
            height: 1,
            ..body
        };
        Paragraph::new(line).render(r, buf);
    }
    Paragraph::new(hint).render(foot, buf);
}

/// An action's form or question, over the card or the parties to rebook.
fn render_form(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let number = state.number().unwrap_or_default();
    match &state.form {
        Some(Form::Pay(f)) => money_form(ctx, f, true, area, buf),
        Some(Form::Refund(f)) => money_form(ctx, f, false, area, buf),
        Some(Form::Cancel(c)) => {
            let lines = match &c.quote {
                None => vec![Line::styled(t.quoting, theme::muted())],
                Some(q) => vec![
                    Line::raw(fill(t.cancel_tier, &[&q.refund_percent, &q.hours_before])),
                    Line::styled(
                        fill(t.cancel_refund, &[&money(q.refund_minor, &q.currency)]),
                        theme::title(),
                    ),
                    Line::raw(""),
                    Line::styled(if c.busy { t.working } else { t.cancel_ask }, theme::key()),
                ],
            };
            let title = fill(t.cancel_title, &[&number]);
            boxed(&title, lines, theme::FULL, area, buf);
        }
        Some(Form::Reprint { printed }) => {
            let lines = vec![Line::styled(fill(t.reprint_ask, &[printed]), theme::key())];
            boxed(t.tickets, lines, theme::HELD, area, buf);
        }
        Some(Form::Move(f)) => move_form(ctx, f, area, buf),
        Some(Form::Rebook(f)) => {
            let amount = money(f.amount_minor, &f.currency);
            let ask = match f.how {
                Resolution::Refund => t.rebook_refund_ask,
                Resolution::Credit => t.rebook_credit_ask,
            };
            let line = if f.busy {
                t.working.to_string()
            } else {
                fill(ask, &[&amount])
            };
            // which party: a row of the list has no card around it
            boxed(
                &format!("{} · {}", t.rebook_title, f.number),
                vec![Line::styled(line, theme::key())],
                theme::HELD,
                area,
                buf,
            );
        }
        Some(Form::Voucher(v)) => {
            let lines = vec![
                Line::styled(fill(t.voucher_line, &[&v.code, &v.amount, &v.until]), theme::title()),
                Line::styled(t.voucher_hint, theme::muted()),
            ];
            boxed(t.voucher_title, lines, theme::ADMITTED, area, buf);
        }
        Some(Form::Contact(f)) => change_view::contact(ctx, f, area, buf),
        // the people's forms read the card (they open only over one)
        Some(Form::Pick(_) | Form::Person(_) | Form::Remove(_)) => {
            if let Some(o) = &state.card {
                change_view::people(ctx, o, state.form.as_ref(), area, buf);
            }
        }
        None => {}
    }
}

/// Keys and what they do, laid out in at most `max` lines of `width`
/// cells, in their order (the most used first): what does not fit is left
/// out, and `?` lists every key.
pub fn key_lines(keys: &[(&str, &str)], width: usize, max: usize) -> Vec<Line<'static>> {
    const GAP: &str = " · ";
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (key, word) in keys {
        let w = key.chars().count() + 1 + word.chars().count();
        let gap = if used == 0 { 0 } else { GAP.chars().count() };
        if used > 0 && used + gap + w > width {
            if lines.len() == max {
                break;
            }
            lines.push(Vec::new());
            used = 0;
        }
        let line = lines.last_mut().expect("one line at least");
        if used > 0 {
            line.push(Span::styled(GAP, theme::muted()));
            used += GAP.chars().count();
        }
        line.push(Span::styled(key.to_string(), theme::key()));
        line.push(Span::styled(format!(" {word}"), theme::muted()));
        used += w;
    }
    lines.into_iter().map(Line::from).collect()
}

/// The departure picker, then the server's quote for the one chosen.
fn move_form(ctx: &Ctx, f: &MoveForm, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let mut lines = Vec::new();
    if f.reason == MoveReason::Weather {
        lines.push(Line::styled(t.move_weather, Style::new().fg(theme::ADMITTED)));
    }
    match (&f.targets, &f.quote) {
        (None, _) => lines.push(Line::styled(t.move_loading, theme::muted())),
        (Some(list), _) if list.is_empty() => lines.push(Line::styled(t.move_none, Style::new().fg(theme::REJECTED))),
        (Some(_), Some(q)) => {
            let (at, tour) = f.target().map(|d| moving::when(ctx, d)).unwrap_or_default();
            lines.push(Line::styled(fill(t.move_to, &[&at, &tour]), theme::title()));
            let m = |minor| money(minor, &q.currency);
            lines.push(Line::raw(fill(
                t.move_totals,
                &[&m(q.old_total_minor), &m(q.new_total_minor)],
            )));
            lines.push(if q.refund_minor > 0 {
                Line::styled(
                    fill(t.move_refund, &[&q.refund_percent, &m(q.refund_minor)]),
                    Style::new().fg(theme::ADMITTED),
                )
            } else if q.charge_minor > 0 {
                Line::styled(
                    fill(t.move_charge, &[&m(q.charge_minor)]),
                    Style::new().fg(theme::REJECTED),
                )
            } else {
                Line::raw(t.move_even)
            });
            lines.push(Line::raw(""));
            lines.push(Line::styled(if f.busy { t.working } else { t.move_ask }, theme::key()));
        }
        (Some(list), None) => {
            // a window of the list around the choice
            let rows = (area.height as usize).saturating_sub(8).max(3);
            let first = f.selected.saturating_sub(rows - 1);
            for (i, d) in list.iter().enumerate().skip(first).take(rows) {
                let (at, tour) = moving::when(ctx, d);
                let text = fill(t.move_row, &[&at, &tour, &d.free]);
                lines.push(if i == f.selected {
                    Line::styled(format!("› {text}"), theme::title().fg(theme::ACCENT))
                } else {
                    Line::raw(format!("  {text}"))
                });
            }
            lines.push(Line::styled(
                if f.quoting { t.move_quoting } else { t.move_pick_hint },
                theme::muted(),
            ));
        }
    }
    boxed(t.move_title, lines, theme::ACCENT, area, buf);
}

fn money_form(ctx: &Ctx, f: &MoneyForm, pay: bool, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let label_w = [t.amount, t.method, t.reference, t.reason]
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let field = |label: &str, value: String, at: Field| {
        let on = f.field == at;
        let mut spans = vec![Span::styled(pad(label, label_w), theme::muted()), Span::raw(value)];
        if on && at != Field::Method {
            spans.push(Span::styled("█", Style::new().fg(theme::ACCENT)));
        }
        let line = Line::from(spans);
        if on { line.patch_style(theme::title()) } else { line }
    };
    let mut lines = vec![field(t.amount, f.amount.clone(), Field::Amount)];
    if pay {
        let method = format!("‹{}›", method_text(ctx, f.method));
        lines.push(field(t.method, method, Field::Method));
        lines.push(field(t.reference, f.text.clone(), Field::Text));
    } else {
        lines.push(field(t.reason, f.text.clone(), Field::Text));
    }
    lines.push(match (f.busy, f.problem) {
        (true, _) => Line::styled(t.working, theme::muted()),
        (false, Some(p)) => Line::styled(p, Style::new().fg(theme::REJECTED)),
        (false, None) => Line::raw(""),
    });
    lines.push(Line::styled(
        if pay { t.pay_hint } else { t.refund_hint },
        theme::muted(),
    ));
    let title = if pay { t.pay_title } else { t.refund_title };
    boxed(title, lines, theme::ACCENT, area, buf);
}

/// A bordered box in the middle of `area`, as wide as its longest line.
pub(super) fn boxed(
    title: &str,
    lines: Vec<Line<'static>>,
    color: ratatui::style::Color,
    area: Rect,
    buf: &mut Buffer,
) {
    let w = lines
        .iter()
        .map(Line::width)
        .chain([title.chars().count() + 2])
        .max()
        .unwrap_or(0) as u16
        + 4;
    let r = crate::tui::view::popup(area, w.max(40), lines.len() as u16 + 2, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(color))
        .title(format!(" {title} "));
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines).render(inner, buf);
}
