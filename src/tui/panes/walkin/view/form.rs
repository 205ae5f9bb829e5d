//! The steps with fields: party and quote, contact, participants, payment.

use super::{departure_line, field, hint, hold_line, money};
use crate::domain::ParticipantKind;
use crate::domain::pricing::PriceLineKind;
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::update::party_error_text;
use crate::tui::panes::walkin::{ContactField, PartyField, Pay, PersonField, State};
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

const LABEL: usize = 12;

/// The departure and the hold above, the step's lines in the middle, its hint below.
fn frame(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer, with_hold: bool) -> Rect {
    let [top, hold, _, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(with_hold)),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    Paragraph::new(departure_line(ctx, state.current())).render(top, buf);
    if with_hold {
        Paragraph::new(hold_line(state, ctx)).render(hold, buf);
    }
    let _ = foot;
    body
}

fn summary(state: &State, ctx: &Ctx) -> Line<'static> {
    let t = &ctx.text.walkin;
    let mut spans = vec![Span::raw(fill(
        t.party_summary,
        &[&state.adults.number(), &state.children.number()],
    ))];
    if let Some(q) = &state.quote {
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(
            format!("{} {}", t.total, money(q.total_minor, &q.currency)),
            theme::title(),
        ));
    }
    Line::from(spans)
}

fn price_lines(state: &State, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.walkin;
    if let Some(e) = &state.party_error {
        return vec![Line::styled(party_error_text(ctx, e), Style::new().fg(theme::FULL))];
    }
    let Some(q) = &state.quote else {
        return vec![Line::styled(t.quoting, theme::muted())];
    };
    let mut lines = vec![Line::styled(t.price, theme::title())];
    for l in &q.lines {
        let label = match l.kind {
            PriceLineKind::Adults => fill(t.adult_line, &[&q.adults]),
            PriceLineKind::Children => fill(t.child_line, &[&q.children]),
            // a pricing rule's own description
            PriceLineKind::Seasonal
            | PriceLineKind::GroupDiscount
            | PriceLineKind::EarlyBird
            | PriceLineKind::Other => l.label.clone(),
        };
        lines.push(Line::raw(format!(
            "  {label:<30}{:>16}",
            money(l.amount_minor, &q.currency)
        )));
    }
    lines.push(Line::styled(
        format!("  {:<30}{:>16}", t.total, money(q.total_minor, &q.currency)),
        theme::title(),
    ));
    lines
}

pub fn render_party(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let body = frame(state, ctx, area, buf, false);
    let unit = |minor: i64| {
        state
            .current()
            .map(|d| format!("  × {}", money(minor, &d.currency)))
            .unwrap_or_default()
    };
    let (adult, child) = state
        .current()
        .map(|d| (d.adult_price_minor, d.child_price_minor))
        .unwrap_or_default();
    let mut a = field(
        t.adults,
        &state.adults.text,
        state.party_focus == PartyField::Adults,
        LABEL,
    );
    a.spans.push(Span::styled(unit(adult), theme::muted()));
    let mut c = field(
        t.children,
        &state.children.text,
        state.party_focus == PartyField::Children,
        LABEL,
    );
    c.spans.push(Span::styled(unit(child), theme::muted()));
    let mut lines = vec![a, c, Line::raw("")];
    lines.extend(price_lines(state, ctx));
    Paragraph::new(lines).render(body, buf);
    hint(t.party_hint, area, buf);
}

pub fn render_details(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let body = frame(state, ctx, area, buf, true);
    let c = &state.contact;
    let f = state.contact_focus;
    let mut lines = vec![summary(state, ctx), Line::raw("")];
    lines.push(field(t.name, &c.name, f == ContactField::Name, LABEL));
    lines.push(field(t.phone, &c.phone, f == ContactField::Phone, LABEL));
    lines.push(field(t.email, &c.email, f == ContactField::Email, LABEL));
    lines.push(field(t.special, &c.special, f == ContactField::Special, LABEL));
    let filled = state
        .people
        .iter()
        .filter(|p| super::super::form::any_details(std::slice::from_ref(p)))
        .count();
    if filled > 0 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            fill(t.people_filled, &[&format!("{filled}/{}", state.people.len())]),
            theme::muted(),
        ));
    }
    Paragraph::new(lines).render(body, buf);
    hint_wrapped(t.details_hint, area, buf);
    if state.confirm_release {
        prompt(t.release_prompt, area, buf);
    }
}

pub fn render_people(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let body = frame(state, ctx, area, buf, true);
    let Some(p) = state.people.get(state.person) else {
        return;
    };
    let kind = match p.kind {
        ParticipantKind::Adult => t.adult_kind,
        ParticipantKind::Child => t.child_kind,
    };
    let title = fill(t.person_title, &[&(state.person + 1), &state.people.len(), &kind]);
    let f = state.person_focus;
    let lines = vec![
        Line::styled(title, theme::title()),
        Line::raw(""),
        field(t.name, &p.name, f == PersonField::Name, LABEL),
        field(t.medical, &p.medical_notes, f == PersonField::Medical, LABEL),
        field(t.emergency, &p.emergency_contact, f == PersonField::Emergency, LABEL),
        field(t.dietary, &p.dietary, f == PersonField::Dietary, LABEL),
        field(t.equipment, &p.equipment, f == PersonField::Equipment, LABEL),
    ];
    Paragraph::new(lines).render(body, buf);
    hint_wrapped(t.people_hint, area, buf);
}

/// The pickup stops of the tour, numbered in route order with their local
/// times; row 0 is "no pickup".
pub fn render_pickup(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let body = frame(state, ctx, area, buf, true);
    let mut lines = vec![
        summary(state, ctx),
        Line::raw(""),
        Line::styled(t.pickup_title, theme::title()),
    ];
    let none = std::iter::once(format!("  0  {}", t.pickup_none));
    let stops = state
        .pickups
        .iter()
        .enumerate()
        .map(|(i, p)| format!("  {}  {}  {}", i + 1, stop_time(state, ctx, p), p.name));
    for (row, text) in none.chain(stops).enumerate() {
        let on = row == state.pickup_row;
        let style = if on { theme::key() } else { Style::new() };
        lines.push(Line::styled(format!("{}{text}", if on { "▸" } else { " " }), style));
    }
    Paragraph::new(lines).render(body, buf);
    hint_wrapped(t.pickup_hint, area, buf);
    if state.confirm_release {
        prompt(t.release_prompt, area, buf);
    }
}

/// A stop's time in the departure's zone ("06:20").
fn stop_time(state: &State, ctx: &Ctx, p: &crate::booking::PickupStop) -> String {
    let tz: chrono_tz::Tz = state.current().and_then(|d| d.time_zone.parse().ok()).unwrap_or(ctx.tz);
    p.pickup_at.with_timezone(&tz).format("%H:%M").to_string()
}

pub fn render_payment(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let body = frame(state, ctx, area, buf, true);
    let c = &state.contact;
    let reach = [c.phone.trim(), c.email.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let mut lines = vec![
        summary(state, ctx),
        Line::from(vec![
            Span::styled(c.name.trim().to_string(), theme::title()),
            Span::raw(format!("  {reach}")),
        ]),
    ];
    if let Some(p) = state.chosen_pickup() {
        lines.push(Line::raw(fill(t.pickup_chosen, &[&p.name, &stop_time(state, ctx, p)])));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t.payment_title, theme::title()));
    for p in Pay::ALL {
        let label = match p {
            Pay::Cash => t.cash,
            Pay::Card => t.card,
            Pay::Unpaid => t.unpaid,
        };
        let on = state.payment == p;
        let mark = if on { "(•)" } else { "( )" };
        let style = if on { theme::key() } else { Style::new() };
        lines.push(Line::styled(format!("  {mark} {label}"), style));
    }
    if state.payment == Pay::Card {
        lines.push(field(t.reference, &state.reference, true, LABEL));
    }
    if state.booking {
        lines.push(Line::raw(""));
        lines.push(Line::styled(t.booking_busy, theme::muted()));
    }
    Paragraph::new(lines).render(body, buf);
    hint(t.payment_hint, area, buf);
}

/// A hint that may take the last two rows on a narrow screen.
fn hint_wrapped(text: &str, area: Rect, buf: &mut Buffer) {
    // one row when it fits: the hint sits on the last row like every other
    let rows = if text.chars().count() <= area.width as usize {
        1
    } else {
        2
    };
    let h = rows.min(area.height);
    let r = Rect {
        y: area.bottom() - h,
        height: h,
        ..area
    };
    Paragraph::new(Line::styled(text.to_string(), theme::muted()))
        .wrap(Wrap { trim: true })
        .render(r, buf);
}

/// A yes/no question over the pane.
fn prompt(text: &str, area: Rect, buf: &mut Buffer) {
    let w = (text.chars().count() as u16 + 4).min(area.width);
    let r = crate::tui::view::popup(area, w, 3, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme::HELD));
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(text.to_string()).render(inner, buf);
}
