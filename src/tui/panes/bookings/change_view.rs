//! Drawing the change forms over a booking's card: which person, the
//! contact, a person's fields, and the server's price before `y` (the new
//! total, a refund in green with its tier, what is due in red).

use super::change::{ContactForm, PERSON_FIELDS, PersonField, PersonForm, Pick, PickForm, RemoveForm};
use super::view::{boxed, pad};
use super::{Form, Opened};
use crate::booking::BookingChanged;
use crate::domain::ParticipantKind;
use crate::domain::money::show as money;
use crate::tui::panes::Ctx;
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

fn kind_text(ctx: &Ctx, kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::Adult => ctx.text.bookings.adult,
        ParticipantKind::Child => ctx.text.bookings.child,
    }
}

/// A labelled field; the one being typed is bold with a cursor.
fn field(label: &str, width: usize, value: String, on: bool, cursor: bool) -> Line<'static> {
    let mut spans = vec![Span::styled(pad(label, width), theme::muted()), Span::raw(value)];
    if on && cursor {
        spans.push(Span::styled("█", Style::new().fg(theme::ACCENT)));
    }
    let line = Line::from(spans);
    if on { line.patch_style(theme::title()) } else { line }
}

fn label_width(labels: &[&str]) -> usize {
    labels.iter().map(|s| s.chars().count()).max().unwrap_or(0) + 2
}

/// The forms about the card's people, over the card.
pub fn people(ctx: &Ctx, o: &Opened, form: Option<&Form>, area: Rect, buf: &mut Buffer) {
    match form {
        Some(Form::Pick(f)) => pick(ctx, o, f, area, buf),
        Some(Form::Person(f)) => person(ctx, o, f, area, buf),
        Some(Form::Remove(f)) => remove(ctx, o, f, area, buf),
        _ => {}
    }
}

fn pick(ctx: &Ctx, o: &Opened, f: &PickForm, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (i, p) in o.card.participants.iter().enumerate() {
        let kind = kind_text(ctx, ParticipantKind::parse(&p.kind).unwrap_or_default());
        let text = format!("{} {} · {kind}", i + 1, p.name);
        lines.push(if i == f.selected {
            Line::styled(format!("› {text}"), theme::title().fg(theme::ACCENT))
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    lines.push(Line::styled(t.pick_hint, theme::muted()));
    let (title, color) = match f.then {
        Pick::Edit => (t.pick_edit_title, theme::ACCENT),
        Pick::Remove => (t.pick_remove_title, theme::FULL),
    };
    boxed(title, lines, color, area, buf);
}

pub fn contact(ctx: &Ctx, f: &ContactForm, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let labels = [t.name_label, t.phone_label, t.email_label];
    let w = label_width(&labels);
    let mut lines: Vec<Line<'static>> = labels
        .iter()
        .zip(&f.values)
        .enumerate()
        .map(|(i, (label, value))| field(label, w, value.clone(), i == f.field, !f.busy))
        .collect();
    lines.push(if f.busy {
        Line::styled(t.working, theme::muted())
    } else {
        Line::raw("")
    });
    lines.push(Line::styled(t.contact_hint, theme::muted()));
    boxed(t.contact_title, lines, theme::ACCENT, area, buf);
}

/// The server's price: the party's price before and after, a refund with
/// its tier and what the tier keeps, what is due after. The price, not the
/// total: a removal under a tier below 100 % keeps part of the paid money in
/// the total (td_settle), and "Total 10 000 → 10 000" next to a refund read
/// as nothing changing.
fn priced(ctx: &Ctx, total_before: i64, q: &BookingChanged) -> Vec<Line<'static>> {
    let t = &ctx.text.bookings;
    let m = |minor| money(minor, &q.currency);
    let price_after = total_before + q.price_change_minor;
    let kept = q.total_minor - price_after;
    let mut lines = vec![Line::raw(fill(t.change_totals, &[&m(total_before), &m(price_after)]))];
    if q.refund_minor > 0 || q.refund_percent.is_some_and(|p| p < 100) {
        lines.push(Line::styled(
            fill(t.change_refund, &[&q.refund_percent.unwrap_or(0), &m(q.refund_minor)]),
            Style::new().fg(theme::ADMITTED),
        ));
    }
    if kept > 0 {
        lines.push(Line::styled(fill(t.change_kept, &[&m(kept)]), theme::muted()));
    }
    let due = if q.balance_minor > 0 {
        theme::REJECTED
    } else {
        theme::ADMITTED
    };
    lines.push(Line::styled(
        fill(t.change_due, &[&m(q.balance_minor)]),
        theme::title().fg(due),
    ));
    lines
}

fn person(ctx: &Ctx, o: &Opened, f: &PersonForm, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let label = |field| match field {
        PersonField::Name => t.name_label,
        PersonField::Kind => t.kind_label,
        PersonField::Medical => t.medical_label,
        PersonField::Emergency => t.emergency_label,
        PersonField::Diet => t.diet_label,
        PersonField::Equipment => t.equipment_label,
    };
    let w = label_width(&PERSON_FIELDS.map(label));
    let asking = f.quote.is_some() || f.quoting;
    let mut lines: Vec<Line<'static>> = PERSON_FIELDS
        .iter()
        .map(|&at| {
            let value = match f.values.text(at) {
                Some(text) => text.clone(),
                None => format!("‹{}›", kind_text(ctx, f.values.kind)),
            };
            let cursor = !asking && !f.busy && at != PersonField::Kind;
            field(label(at), w, value, f.field == at && !asking, cursor)
        })
        .collect();
    lines.push(Line::raw(""));
    let ask = if f.participant.is_some() {
        t.change_ask
    } else {
        t.add_ask
    };
    match (&f.quote, f.quoting, f.busy, f.problem) {
        (_, true, _, _) => lines.push(Line::styled(t.change_quoting, theme::muted())),
        (Some(q), _, busy, _) => {
            lines.extend(priced(ctx, o.card.booking.total_minor, q));
            lines.push(Line::styled(if busy { t.working } else { ask }, theme::key()));
        }
        (None, _, true, _) => lines.push(Line::styled(t.working, theme::muted())),
        (None, _, _, Some(p)) => lines.push(Line::styled(p, Style::new().fg(theme::REJECTED))),
        (None, _, _, None) => {
            let hint = if f.participant.is_some() {
                t.person_hint
            } else {
                t.add_hint
            };
            lines.push(Line::styled(hint, theme::muted()));
        }
    }
    let title = match f.participant {
        Some(_) => fill(t.person_title, &[&f.was.name]),
        None => t.add_title.to_string(),
    };
    boxed(&title, lines, theme::ACCENT, area, buf);
}

fn remove(ctx: &Ctx, o: &Opened, f: &RemoveForm, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.bookings;
    let lines = match &f.quote {
        None => vec![Line::styled(t.change_quoting, theme::muted())],
        Some(q) => {
            // the tier even when nothing comes back (an unpaid booking's balance shrinks)
            let mut lines = priced(ctx, o.card.booking.total_minor, q);
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                if f.busy { t.working } else { t.remove_ask },
                theme::key(),
            ));
            lines
        }
    };
    boxed(&fill(t.remove_title, &[&f.name]), lines, theme::FULL, area, buf);
}
