//! Drawing the parties to rebook: the departure, the run's progress, the
//! alternatives (chosen ones numbered in the order they are tried), the
//! parties with their phones, and the keys — or the question asked. At 80
//! columns the phone and the booking number keep their width; the contact's
//! name gives way first.

use super::parties::{Ask, Focus, Mark, Parties, Run};
use super::view::pad;
use crate::booking::RebookParty;
use crate::domain::RebookStatus;
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::view::local_time;
use crate::tui::strings::{PartiesText, fill};
use crate::tui::theme;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

// column widths with the gap after them
const NUMBER: usize = 10;
const PHONE: usize = 13;
const PARTY: usize = 6;
const PAID: usize = 11;
const DUE: usize = 12;
/// alternatives shown at once (the list scrolls)
const ALTERNATIVES: usize = 4;

pub fn render(p: &Parties, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.parties;
    let alt_rows = p.alternatives.len().clamp(1, ALTERNATIVES) as u16;
    let [top, info, alt_head, alts, head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(alt_rows),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    heading(p, ctx, top, buf);
    summary(p, ctx, info, buf);
    let focus = |f: Focus| if p.focus == f { theme::key() } else { theme::muted() };
    Paragraph::new(Line::styled(t.alternatives_head, focus(Focus::Alternatives))).render(alt_head, buf);
    alternatives(p, ctx, alts, buf);
    let rest = (area.width as usize).saturating_sub(NUMBER + PHONE + PARTY + PAID + DUE);
    let name_w = (rest * 9 / 20).clamp(8, 40);
    let plan_w = rest.saturating_sub(name_w);
    let currency = p.list.first().map_or("", |x| x.currency.as_str());
    let header = [
        col(t.col_number, NUMBER),
        col(t.col_contact, name_w),
        col(t.col_phone, PHONE),
        col(t.col_party, PARTY),
        format!("{} ", right(&fill(t.col_paid, &[&currency]), PAID - 1)),
        col(t.col_due, DUE),
        pad(t.col_plan, plan_w),
    ]
    .concat();
    Paragraph::new(Line::styled(header, focus(Focus::Parties))).render(head, buf);
    let rows = body.height as usize;
    if p.list.is_empty() {
        let text = if p.loading { ctx.text.common.loading } else { t.none };
        Paragraph::new(Line::styled(text, theme::muted())).render(body, buf);
    }
    let first = p.selected.saturating_sub(rows.saturating_sub(1));
    for (i, party) in p.list.iter().enumerate().skip(first).take(rows) {
        let mut line = party_line(p, ctx, party, name_w, plan_w);
        if i == p.selected && p.focus == Focus::Parties {
            line = line.patch_style(theme::selected());
        }
        let r = Rect {
            y: body.y + (i - first) as u16,
            height: 1,
            ..body
        };
        Paragraph::new(line).render(r, buf);
    }
    footer(p, ctx, foot, buf);
}

/// `s` in `w - 1` cells and a gap.
fn col(s: &str, w: usize) -> String {
    format!("{} ", pad(s, w.saturating_sub(1)))
}

/// `s` right-aligned in `w` cells.
fn right(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        pad(s, w)
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// `05.12 09:00` in `zone`: the rows are narrow, the weekday is in the heading.
fn short(ctx: &Ctx, at: DateTime<Utc>, zone: &str) -> String {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(ctx.tz);
    at.with_timezone(&tz).format("%d.%m %H:%M").to_string()
}

fn heading(p: &Parties, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.parties;
    let mut spans = vec![Span::styled(t.title, theme::title())];
    if let Some(d) = &p.source {
        spans.push(Span::raw(format!(
            " · {} · {} · ",
            d.tour,
            local_time(ctx, d.starts_at, &d.time_zone)
        )));
        spans.push(Span::styled(t.cancelled, Style::new().fg(theme::FULL)));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// How many parties, how many open and by when; or the run as it goes.
fn summary(p: &Parties, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.parties;
    let line = match &p.run {
        Some(run) => progress(t, run),
        None => {
            let open: Vec<&RebookParty> = p.open().collect();
            let zone = p.source.as_ref().map_or("", |d| d.time_zone.as_str());
            match open.iter().map(|x| x.due_at).min() {
                Some(due) => Line::styled(
                    fill(t.summary, &[&p.list.len(), &open.len(), &local_time(ctx, due, zone)]),
                    Style::new().fg(theme::HELD),
                ),
                None if p.list.is_empty() => Line::raw(""),
                None => Line::styled(fill(t.all_resolved, &[&p.list.len()]), Style::new().fg(theme::ADMITTED)),
            }
        }
    };
    Paragraph::new(line).render(area, buf);
}

fn progress(t: &PartiesText, run: &Run) -> Line<'static> {
    let (text, colour) = if run.finished() {
        (
            fill(t.done, &[&run.moved, &run.not_fitted, &run.failed]),
            theme::ADMITTED,
        )
    } else {
        let n = (run.done + 1).min(run.queue.len());
        let template = if run.paused { t.progress_paused } else { t.progress };
        (
            fill(
                template,
                &[&n, &run.queue.len(), &run.moved, &run.not_fitted, &run.failed],
            ),
            if run.paused { theme::REJECTED } else { theme::HELD },
        )
    };
    Line::styled(
        text,
        Style::new().fg(colour).add_modifier(ratatui::style::Modifier::BOLD),
    )
}

fn alternatives(p: &Parties, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.parties;
    if p.alternatives.is_empty() {
        let text = if p.loading {
            ctx.text.common.loading
        } else {
            t.no_alternatives
        };
        Paragraph::new(Line::styled(text, Style::new().fg(theme::HELD))).render(area, buf);
        return;
    }
    let rows = area.height as usize;
    let first = p.alt_selected.saturating_sub(rows.saturating_sub(1));
    let tour_w = (area.width as usize).saturating_sub(4 + 18 + 10).min(40);
    for (i, d) in p.alternatives.iter().enumerate().skip(first).take(rows) {
        let mark = match p.chosen.iter().position(|c| *c == d.id) {
            Some(n) => Span::styled(format!("[{}] ", n + 1), theme::key()),
            None => Span::styled("[ ] ", theme::muted()),
        };
        let (free, colour): (String, Color) = if d.free > 0 {
            (fill(t.free, &[&d.free]), theme::FREE)
        } else {
            (t.full.to_string(), theme::FULL)
        };
        let mut line = Line::from(vec![
            mark,
            Span::raw(format!("{} ", pad(&local_time(ctx, d.starts_at, &d.time_zone), 17))),
            Span::raw(format!("{} ", pad(&d.tour, tour_w))),
            Span::styled(free, Style::new().fg(colour)),
        ]);
        if i == p.alt_selected && p.focus == Focus::Alternatives {
            line = line.patch_style(theme::selected());
        }
        let r = Rect {
            y: area.y + (i - first) as u16,
            height: 1,
            ..area
        };
        Paragraph::new(line).render(r, buf);
    }
}

fn party_line(p: &Parties, ctx: &Ctx, x: &RebookParty, name_w: usize, plan_w: usize) -> Line<'static> {
    let t = &ctx.text.parties;
    let open = x.status == RebookStatus::Open;
    // a resolved party is greyed: done, nothing to do
    let base = if open { Style::new() } else { theme::muted() };
    let paid = crate::domain::money::show(x.paid_minor, &x.currency);
    let paid = paid.trim_end_matches(x.currency.as_str()).trim_end();
    let zone = p.source.as_ref().map_or("", |d| d.time_zone.as_str());
    let mut spans = vec![
        Span::styled(col(&x.booking_number, NUMBER), base),
        Span::styled(col(&x.contact_name, name_w), base),
        Span::styled(
            col(&x.contact_phone, PHONE),
            base.add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::styled(col(&format!("{}+{}", x.adults, x.children), PARTY), base),
        Span::styled(format!("{} ", right(paid, PAID - 1)), base),
    ];
    if open {
        spans.push(Span::styled(
            col(&short(ctx, x.due_at, zone), DUE),
            Style::new().fg(theme::HELD),
        ));
        let (text, colour) = match (p.marks.get(&x.booking_number), p.planned(&x.booking_number)) {
            (Some(Mark::Moved(to)), _) => {
                let when = p
                    .alternative(*to)
                    .map(|d| short(ctx, d.starts_at, &d.time_zone))
                    .unwrap_or_else(|| to.to_string());
                (fill(t.just_moved, &[&when]), theme::ADMITTED)
            }
            (Some(Mark::NoRoom), _) => (t.left_no_room.to_string(), theme::REJECTED),
            (Some(Mark::Failed(code)), _) => (
                fill(t.left_failed, &[&crate::tui::strings::error_text(ctx.lang, *code)]),
                theme::REJECTED,
            ),
            (None, Some(pl)) => match (pl.to_starts_at, &pl.to_time_zone) {
                (Some(at), Some(z)) => (fill(t.plan_to, &[&short(ctx, at, z)]), theme::FREE),
                _ => (t.plan_none.to_string(), theme::REJECTED),
            },
            (None, None) => (String::new(), theme::MUTED),
        };
        spans.push(Span::styled(pad(&text, plan_w), Style::new().fg(colour)));
    } else {
        let how = match (x.status, x.moved_to_starts_at, &x.moved_to_time_zone, &x.voucher_code) {
            (RebookStatus::Moved, Some(at), Some(z), _) => fill(t.moved_to, &[&short(ctx, at, z)]),
            (RebookStatus::Credited, _, _, Some(code)) => fill(t.credited, &[code]),
            (RebookStatus::Refunded, ..) => t.refunded.to_string(),
            (RebookStatus::Swept, ..) => t.swept.to_string(),
            (s, ..) => s.as_str().to_string(),
        };
        spans.push(Span::styled(pad(&how, DUE + plan_w), base));
    }
    Line::from(spans)
}

fn footer(p: &Parties, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.parties;
    let line = match &p.ask {
        Some(Ask::MoveAll { fit, of }) => Line::styled(fill(t.ask_all, &[fit, of]), theme::key()),
        Some(Ask::MoveOne { busy: true, .. }) => Line::styled(ctx.text.bookings.working, theme::key()),
        Some(Ask::MoveOne { number, to, .. }) => {
            let when = p
                .alternative(*to)
                .map(|d| local_time(ctx, d.starts_at, &d.time_zone))
                .unwrap_or_default();
            let seats = p
                .list
                .iter()
                .find(|x| &x.booking_number == number)
                .map_or(0, |x| x.seats);
            Line::styled(fill(t.ask_one, &[number, &seats, &when]), theme::key())
        }
        None => Line::styled(t.hint, theme::muted()),
    };
    Paragraph::new(line).render(area, buf);
}
