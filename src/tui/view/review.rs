//! The conflict review after a sync: each thing a person must look at —
//! a duplicate across devices, a cancelled ticket let in offline, a refused
//! check-in, a walk-in that could not be applied, an entry whose time is
//! impossible (a wrong clock), an entry the server would not take, a walk-in
//! sold at a total other than the server's price — with what to do about it.
//! Each is read from its typed details (booking::conflict), money in the
//! currency the data names; one this version cannot read is shown as it came.

use crate::booking::{
    ClockConflict, ClockProblem, ConflictDetails, EntryKind, FieldConflict, PriceCause, PriceConflict, StaffProblem,
    WalkInFailed, WalkInProblem,
};
use crate::domain::money;
use crate::tui::app::App;
use crate::tui::app::field::{Review, ReviewItem};
use crate::tui::strings::{FieldText, fill};
use crate::tui::theme;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// What one item says: its headline (kind), the booking, and the sentence
/// of what happened and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemText {
    pub headline: String,
    pub booking: String,
    pub body: String,
    pub color: Color,
}

fn when(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%d.%m %H:%M").to_string()
}

pub fn item_text(item: &ReviewItem, f: &FieldText, tz: Tz) -> ItemText {
    match item {
        ReviewItem::Conflict(c) => conflict_text(c, f, tz),
        ReviewItem::Failed(e) => ItemText {
            headline: f.failed.to_string(),
            booking: String::new(),
            body: format!("{} {}", fill(f.failed_text, &[&e.code, &e.message]), f.cannot_resolve),
            color: theme::REJECTED,
        },
    }
}

fn conflict_text(c: &FieldConflict, f: &FieldText, tz: Tz) -> ItemText {
    let at = when(c.occurred_at, tz);
    let (headline, body, color) = match &c.details {
        ConflictDetails::Duplicate(d) => {
            let names: Vec<String> = (d.duplicates.iter())
                .map(|x| fill(f.first_in, &[&x.name, &when(x.at, tz), &x.device]))
                .collect();
            (
                f.duplicate,
                fill(f.duplicate_text, &[&names.join(", "), &c.device, &at]),
                theme::ALREADY,
            )
        }
        ConflictDetails::Cancelled(d) => {
            let reason = d
                .server
                .reason
                .as_deref()
                .filter(|r| !r.is_empty())
                .unwrap_or("revoked");
            (
                f.cancelled,
                fill(f.cancelled_text, &[&c.device, &at, &reason]),
                theme::REJECTED,
            )
        }
        ConflictDetails::Refused(d) => {
            let verdict = if d.server.verdict.is_empty() {
                "no"
            } else {
                d.server.verdict.as_str()
            };
            (
                f.refused,
                fill(f.refused_text, &[&c.device, &at, &verdict]),
                theme::REJECTED,
            )
        }
        ConflictDetails::Clock(d) => (f.clock, clock_text(c, d, f, tz), theme::ALREADY),
        ConflictDetails::Staff(d) => {
            let why = match d.problem {
                StaffProblem::NotSealedFor => f.staff_not_sealed_for,
                StaffProblem::Inactive => f.staff_inactive,
                StaffProblem::Role => f.staff_role,
                StaffProblem::UnknownStaff => f.staff_unknown,
            };
            let what = entry_text(d.entry_kind(), f);
            (
                f.staff,
                fill(f.staff_text, &[&what, &d.staff_name, &c.device, &at, &why]),
                theme::REJECTED,
            )
        }
        ConflictDetails::Price(d) => (f.price, price_text(c, d, f, tz), theme::ALREADY),
        ConflictDetails::Return(d) => {
            let before: Vec<String> = (d.already.iter())
                .map(|x| format!("{} ({} {})", x.name, x.device, when(x.at, tz)))
                .collect();
            let not_in: Vec<&str> = d.not_checked_in.iter().map(|x| x.name.as_str()).collect();
            (
                f.return_conflict,
                fill(
                    f.return_conflict_text,
                    &[&c.device, &at, &before.join(", "), &not_in.join(", ")],
                ),
                theme::ALREADY,
            )
        }
        ConflictDetails::WalkInFailed(d) => (f.walk_in, walk_in_text(c, d, f, tz), theme::REJECTED),
        ConflictDetails::Unreadable(u) => (
            f.unreadable,
            fill(f.unreadable_text, &[&u.kind, &c.device, &at, &u.details]),
            theme::REJECTED,
        ),
    };
    ItemText {
        headline: headline.to_string(),
        booking: c.details.booking_number().unwrap_or("").to_string(),
        body,
        color,
    }
}

fn entry_text(kind: EntryKind, f: &FieldText) -> &'static str {
    match kind {
        EntryKind::Sale => f.clock_sale,
        EntryKind::CheckIn => f.clock_check_in,
        EntryKind::Return => f.clock_return,
    }
}

fn clock_text(c: &FieldConflict, d: &ClockConflict, f: &FieldText, tz: Tz) -> String {
    let why = match d.problem {
        ClockProblem::InTheFuture => fill(f.clock_future, &[&when(d.server_time, tz)]),
        ClockProblem::BeforePrepare => fill(f.clock_before_prepare, &[&when(d.bound, tz)]),
        ClockProblem::BeforeLease => fill(f.clock_before_lease, &[&when(d.bound, tz)]),
        ClockProblem::AfterDeparture => fill(f.clock_after_departure, &[&when(d.bound, tz)]),
    };
    let what = entry_text(d.entry_kind, f);
    fill(f.clock_text, &[&what, &c.device, &when(c.occurred_at, tz), &why])
}

/// Both figures, each in the currency the data names.
fn price_text(c: &FieldConflict, d: &PriceConflict, f: &FieldText, tz: Tz) -> String {
    let why = match d.cause {
        PriceCause::PriceMoved => f.price_moved,
        PriceCause::UnitPricesChanged => f.price_unit_prices_changed,
        PriceCause::PartyNotPriced => f.price_party_not_priced,
        PriceCause::Unexplained => f.price_unexplained,
    };
    let laptop = money::show(d.laptop_total_minor, &d.laptop_currency);
    let server = d
        .server_total_minor
        .map(|t| money::show(t, &d.currency))
        .unwrap_or_else(|| f.price_none.to_string());
    fill(
        f.price_text,
        &[
            &d.adults,
            &d.children,
            &c.device,
            &when(c.occurred_at, tz),
            &laptop,
            &server,
            &why,
        ],
    )
}

fn walk_in_text(c: &FieldConflict, d: &WalkInFailed, f: &FieldText, tz: Tz) -> String {
    let why = match d.problem {
        WalkInProblem::DepartureCancelled => f.walk_in_cancelled,
        WalkInProblem::NoSeats => f.walk_in_no_seats,
        WalkInProblem::SoldAfterDeparture => f.walk_in_late,
        WalkInProblem::NotAnAllotment => f.walk_in_allotment,
    };
    let s = &d.sale;
    fill(
        f.walk_in_text,
        &[
            &s.adults,
            &s.children,
            &money::show(s.total_minor, &s.currency),
            &s.payment_method,
            &c.device,
            &when(c.occurred_at, tz),
            &why,
            &s.contact_name,
            &s.contact_phone,
        ],
    )
}

/// An item as drawn: its headline line, and its sentence indented under it.
struct Drawn {
    head: Line<'static>,
    body: Paragraph<'static>,
}

impl Drawn {
    /// Rows it takes at `width`, with a blank row after it.
    fn height(&self, width: u16) -> u16 {
        let body = self.body.line_count(width.saturating_sub(INDENT));
        u16::try_from(body).unwrap_or(u16::MAX).saturating_add(2)
    }

    fn render(self, area: Rect, buf: &mut Buffer) {
        self.head.render(Rect { height: 1, ..area }, buf);
        let body = Rect {
            x: area.x + INDENT,
            y: area.y + 1,
            width: area.width.saturating_sub(INDENT),
            height: area.height.saturating_sub(1),
        };
        self.body.render(body, buf);
    }
}

const INDENT: u16 = 2;

fn drawn(app: &App, review: &Review, i: usize) -> Drawn {
    let f = &app.text.field;
    let item = &review.items[i];
    let t = item_text(item, f, app.config.tz);
    let mut head = vec![
        Span::raw(if i == review.selected { "▶ " } else { "  " }),
        Span::styled(format!(" {} ", t.headline), theme::panel(t.color)),
    ];
    if let ReviewItem::Conflict(c) = item {
        head.push(Span::styled(format!(" #{}", c.id), theme::muted()));
    }
    if !t.booking.is_empty() {
        head.push(Span::styled(format!(" {}", t.booking), theme::title()));
    }
    let state = match item {
        ReviewItem::Conflict(c) if c.resolved_at.is_some() => {
            let done = if c.resolution.is_empty() {
                f.resolved_tag.to_string()
            } else {
                format!("{}: {}", f.resolved_tag, c.resolution)
            };
            Some(Span::styled(format!("  {done}"), Style::new().fg(theme::ADMITTED)))
        }
        ReviewItem::Conflict(c) if review.resolving.iter().any(|(id, _)| *id == c.id) => {
            Some(Span::styled(format!("  {}", f.resolving), theme::muted()))
        }
        _ => None,
    };
    head.extend(state);
    let mut body = Style::new();
    if i == review.selected {
        body = body.add_modifier(Modifier::BOLD);
    }
    Drawn {
        head: Line::from(head),
        body: Paragraph::new(t.body).style(body).wrap(Wrap { trim: true }),
    }
}

pub fn render(app: &App, review: &Review, area: Rect, buf: &mut Buffer) {
    let f = &app.text.field;
    let r = super::popup(area, area.width.min(100), area.height, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::key())
        .title(Span::styled(
            format!(" {} ({}) ", f.review_title, review.items.len()),
            theme::title(),
        ));
    let inner = block.inner(r);
    block.render(r, buf);
    let [list, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let items: Vec<Drawn> = (0..review.items.len()).map(|i| drawn(app, review, i)).collect();
    let heights: Vec<u16> = items.iter().map(|d| d.height(list.width)).collect();
    // from the selected item back, as many as fit
    let mut first = review.selected.min(review.items.len().saturating_sub(1));
    let mut used = heights.get(first).copied().unwrap_or(0);
    while first > 0 && used.saturating_add(heights[first - 1]) <= list.height {
        first -= 1;
        used = used.saturating_add(heights[first]);
    }
    let mut y = list.y;
    for (d, h) in items.into_iter().zip(heights).skip(first) {
        if y >= list.bottom() {
            break;
        }
        let rect = Rect {
            y,
            height: h.min(list.bottom() - y),
            ..list
        };
        d.render(rect, buf);
        y = y.saturating_add(h);
    }
    let line = match &review.note {
        Some(note) => Line::from(vec![
            Span::styled(format!("{}: ", f.review_note), theme::key()),
            Span::styled(format!("{note}▏"), theme::title()),
            Span::styled(format!("  {}", f.review_note_hint), theme::muted()),
        ]),
        None => Line::styled(f.review_keys, theme::key()),
    };
    line.render(foot, buf);
}

#[cfg(test)]
#[path = "review_tests.rs"]
pub mod tests;
