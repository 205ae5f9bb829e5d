//! A booking's card as lines: one line per person, payment, ticket,
//! check-in and audit row (cut at the screen's edge, never wrapped), so the
//! update can clamp the scroll without knowing the width. Money sums come
//! from the ledger rows the card carries, the way the server derives them.

use super::Opened;
use crate::booking::BookingCard;
use crate::domain::money::show as money;
use crate::domain::{BookingStatus, LedgerKind, ParticipantKind, PaymentMethod, PaymentStatus};
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::view::local_time;
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

/// Paid in, by the ledger.
pub fn paid(card: &BookingCard) -> i64 {
    sum(card, LedgerKind::Payment)
}

/// Given back, by the ledger.
pub fn refunded(card: &BookingCard) -> i64 {
    sum(card, LedgerKind::Refund)
}

fn sum(card: &BookingCard, kind: LedgerKind) -> i64 {
    card.ledger
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.amount_minor)
        .sum()
}

/// Still to pay on a live booking: the total less what was paid.
pub fn due(card: &BookingCard) -> i64 {
    if live(card) {
        (card.booking.total_minor - paid(card)).max(0)
    } else {
        0
    }
}

/// Not cancelled: its tickets admit.
pub fn live(card: &BookingCard) -> bool {
    match card.booking.status {
        BookingStatus::Confirmed => true,
        BookingStatus::Cancelled => false,
    }
}

/// How many times its tickets were printed (the most of any one).
pub fn printed(card: &BookingCard) -> i32 {
    card.tickets.iter().map(|t| t.printed).max().unwrap_or(0)
}

pub fn status_text(ctx: &Ctx, status: BookingStatus) -> (&'static str, Color) {
    let t = &ctx.text.bookings;
    match status {
        BookingStatus::Confirmed => (t.confirmed, theme::ADMITTED),
        BookingStatus::Cancelled => (t.cancelled, theme::REJECTED),
    }
}

pub fn payment_text(ctx: &Ctx, status: PaymentStatus) -> (&'static str, Color) {
    let t = &ctx.text.bookings;
    match status {
        PaymentStatus::Unpaid => (t.unpaid, theme::REJECTED),
        PaymentStatus::PartiallyPaid => (t.partially_paid, theme::HELD),
        PaymentStatus::Paid => (t.paid, theme::ADMITTED),
        PaymentStatus::Refunded => (t.refunded, theme::MUTED),
        PaymentStatus::PartiallyRefunded => (t.partially_refunded, theme::HELD),
    }
}

pub fn method_text(ctx: &Ctx, method: PaymentMethod) -> &'static str {
    let t = &ctx.text.bookings;
    match method {
        PaymentMethod::Cash => t.cash,
        PaymentMethod::Card => t.card,
        PaymentMethod::Transfer => t.transfer,
        PaymentMethod::Voucher => t.voucher,
        // no ledger row is unpaid (the column's CHECK): the status's word
        PaymentMethod::Unpaid => t.unpaid,
    }
}

fn section(title: &str) -> Line<'static> {
    Line::styled(title.to_string(), theme::title())
}

fn row(parts: Vec<String>) -> Line<'static> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
    Line::raw(format!("  {}", parts.join(" · ")))
}

fn none(ctx: &Ctx) -> Line<'static> {
    Line::styled(format!("  {}", ctx.text.bookings.none), theme::muted())
}

/// Labelled detail, left out when empty.
fn detail(label: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        format!("{label}: {value}")
    }
}

/// The card below its header: people, money, tickets, check-ins, history,
/// the customer's other bookings.
pub fn lines(o: &Opened, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.bookings;
    let card = &o.card;
    let zone = o.found.time_zone.as_str();
    let when = |at| local_time(ctx, at, zone);
    let mut out = Vec::new();
    if let Some(p) = &o.rebook {
        out.push(Line::styled(
            super::rebook::case_line(ctx, p, zone),
            Style::new().fg(theme::HELD),
        ));
    }
    out.push(section(t.participants));
    for p in &card.participants {
        let kind = match ParticipantKind::parse(&p.kind) {
            Ok(ParticipantKind::Child) => t.child,
            _ => t.adult,
        };
        let mut parts = vec![
            p.name.clone(),
            kind.to_string(),
            detail(t.medical, &p.medical_notes),
            detail(t.diet, &p.dietary),
            detail(t.equipment, &p.equipment),
            detail(t.emergency, &p.emergency_contact),
        ];
        if p.no_show {
            parts.push(format!("{} {}", t.no_show, p.no_show_reason));
        }
        out.push(row(parts));
    }
    out.push(section(t.ledger));
    if card.ledger.is_empty() {
        out.push(none(ctx));
    }
    for e in &card.ledger {
        let (kind, color) = match e.kind {
            LedgerKind::Payment => (t.payment, theme::ADMITTED),
            LedgerKind::Refund => (t.refund, theme::HELD),
        };
        let rest: String = [
            method_text(ctx, e.method),
            &e.reference,
            &e.reason,
            &e.staff_name,
            &e.device_name,
        ]
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!(" · {p}"))
        .collect();
        out.push(Line::from(vec![
            Span::raw(format!("  {} · ", when(e.at))),
            Span::styled(
                format!("{kind} {}", money(e.amount_minor, &e.currency)),
                Style::new().fg(color),
            ),
            Span::raw(rest),
        ]));
    }
    out.push(section(t.tickets));
    if card.tickets.is_empty() {
        out.push(none(ctx));
    }
    for k in &card.tickets {
        let kind = if k.participant_id.is_none() {
            t.group_ticket.to_string()
        } else {
            String::new()
        };
        let printed = match k.printed {
            0 => t.never_printed.to_string(),
            n => fill(t.printed_times, &[&n]),
        };
        let mut parts = vec![kind, k.holder.clone(), fill(t.admits, &[&k.admits]), printed];
        if !k.live {
            parts.push(t.revoked.to_string());
        }
        out.push(row(parts));
    }
    out.push(section(t.check_ins));
    if card.check_ins.is_empty() {
        out.push(none(ctx));
    }
    for c in &card.check_ins {
        let mut parts = vec![
            when(c.occurred_at),
            c.participant.clone(),
            c.status.as_str().to_string(),
            c.method.as_str().to_string(),
            c.staff.clone().unwrap_or_default(),
            c.device.clone().unwrap_or_default(),
        ];
        if c.undone_at.is_some() {
            parts.push(t.undone.to_string());
        }
        out.push(row(parts));
    }
    out.push(section(t.history));
    for a in &card.audit {
        out.push(row(vec![
            when(a.at),
            ctx.text.history.label(&a.action).to_string(),
            a.staff.clone().unwrap_or_default(),
            a.device.clone().unwrap_or_default(),
        ]));
    }
    if !card.customer_bookings.is_empty() {
        out.push(section(t.other_bookings));
        for f in &card.customer_bookings {
            out.push(row(vec![
                f.booking_number.clone(),
                f.tour.clone(),
                local_time(ctx, f.starts_at, &f.time_zone),
                status_text(ctx, f.status).0.to_string(),
            ]));
        }
    }
    out
}
