//! The verdict panel: a tall block in the verdict's colour with the word in
//! big letters (and once more in plain bold capitals), then who, how many of
//! the party, and what to watch for — or why not.

use super::{big, local};
use crate::booking::{CheckIn, PersonalFlag, Verdict};
use crate::tui::panes::Ctx;
use crate::tui::panes::checkin::{Panel, State};
use crate::tui::strings::{CheckInText, fill};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// What the panel says: its colour, the big word, and the lines under it.
pub struct Shown {
    pub style: Style,
    pub word: String,
    /// whether the word is worth big letters (a verdict, not a prompt)
    pub big: bool,
    pub lines: Vec<Line<'static>>,
    /// a marker in the panel's top corner (OFFLINE on a verdict made here)
    pub tag: Option<&'static str>,
}

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let recent_rows = if area.height >= 24 {
        state.recent.len().saturating_sub(1).min(6)
    } else {
        0
    };
    let [panel, recent] = Layout::vertical([
        Constraint::Min(6),
        Constraint::Length(if recent_rows > 0 { recent_rows as u16 + 1 } else { 0 }),
    ])
    .areas(area);
    let mut now = shown(&state.panel, ctx);
    if !state.checking.is_empty() && !matches!(state.panel, Panel::Checking(_)) {
        now.lines.push(Line::raw(""));
        now.lines.push(Line::raw(fill(
            ctx.text.checkin.checking_more,
            &[&state.checking.len()],
        )));
    }
    draw_panel(&now, panel, buf);
    if recent_rows > 0 {
        let lines: Vec<Line> = state.recent[1..=recent_rows]
            .iter()
            .map(|p| {
                let s = shown(p, ctx);
                let who = s.lines.first().map(|l| l.to_string()).unwrap_or_default();
                let offline = s.tag.map(|t| format!(" ·{t}")).unwrap_or_default();
                Line::styled(
                    format!("{} · {who}{offline}", s.word),
                    Style::new().fg(s.style.bg.unwrap_or(Color::Reset)),
                )
            })
            .collect();
        Paragraph::new(lines).render(recent.inner(ratatui::layout::Margin::new(1, 0)).offset_down(1), buf);
    }
}

trait Down {
    fn offset_down(self, n: u16) -> Rect;
}

impl Down for Rect {
    fn offset_down(self, n: u16) -> Rect {
        Rect {
            y: self.y + n.min(self.height),
            height: self.height.saturating_sub(n),
            ..self
        }
    }
}

fn draw_panel(s: &Shown, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, s.style);
    if let Some(tag) = s.tag {
        // white on black reads on every verdict colour
        let marker = Style::new()
            .bg(Color::Black)
            .fg(Color::White)
            .add_modifier(Modifier::BOLD);
        let top = Rect {
            height: 1,
            ..area.inner(ratatui::layout::Margin::new(1, 0))
        };
        Line::styled(tag, marker).alignment(Alignment::Right).render(top, buf);
    }
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    // the word as is, not letter-spaced: what a guide (and a test) looks for
    let word = Line::styled(s.word.clone(), s.style.add_modifier(Modifier::BOLD)).alignment(Alignment::Center);
    if s.big && draw_big(s, &word, inner, buf) {
        return;
    }
    let tall = inner.height >= 12;
    let mut lines = Vec::new();
    if tall {
        lines.push(Line::raw(""));
    }
    lines.push(word);
    lines.push(Line::raw(""));
    if tall {
        lines.push(Line::raw(""));
    }
    lines.extend(s.lines.iter().cloned());
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
}

/// The word in the biggest letters that leave room for the plain word and
/// every detail line; false when none fit (or the fonts lack a letter).
fn draw_big(s: &Shown, word: &Line, inner: Rect, buf: &mut Buffer) -> bool {
    let details = Paragraph::new(s.lines.clone()).wrap(Wrap { trim: false });
    let details_rows = u16::try_from(details.line_count(inner.width)).unwrap_or(u16::MAX);
    // the plain word and a blank line always go under the big letters
    let room = inner.height.saturating_sub(details_rows.saturating_add(2));
    let Some(big) = big::fit(&s.word, inner.width, room) else {
        return false;
    };
    let big_rows = big.height();
    let top = u16::from(room > big_rows);
    let [_, letters, plain, rest] = Layout::vertical([
        Constraint::Length(top),
        Constraint::Length(big_rows),
        Constraint::Length(2),
        Constraint::Fill(1),
    ])
    .areas(inner);
    (&big.style(s.style)).render(letters, buf);
    word.render(plain, buf);
    details.render(rest, buf);
    true
}

pub fn shown(panel: &Panel, ctx: &Ctx) -> Shown {
    let t = &ctx.text.checkin;
    match panel {
        Panel::Ready => Shown {
            style: Style::new().bg(Color::Indexed(236)).fg(Color::White),
            word: t.ready.to_string(),
            big: false,
            lines: vec![Line::raw(t.ready_hint).alignment(Alignment::Center)],
            tag: None,
        },
        Panel::Checking(what) => Shown {
            style: theme::panel(theme::ACCENT),
            word: t.checking.to_string(),
            big: true,
            lines: vec![Line::raw(short(what)).alignment(Alignment::Center)],
            tag: None,
        },
        Panel::Failed(msg) => Shown {
            style: Style::new()
                .bg(Color::Indexed(238))
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            word: t.no_answer.to_string(),
            big: false,
            lines: vec![Line::raw(msg.clone()), Line::raw(""), Line::raw(t.no_answer_hint)],
            tag: None,
        },
        Panel::Verdict(c, false) => verdict(c, ctx),
        Panel::Verdict(c, true) => {
            // the same verdict, marked: nothing pushes the big word out
            let mut s = verdict(c, ctx);
            s.tag = Some(ctx.text.field.offline_tag);
            s
        }
    }
}

/// A code is long: its start is enough to recognise it.
fn short(code: &str) -> String {
    if code.chars().count() > 24 {
        format!("{}…", code.chars().take(23).collect::<String>())
    } else {
        code.to_string()
    }
}

pub use crate::domain::money::show as money_text;

fn verdict(c: &CheckIn, ctx: &Ctx) -> Shown {
    let t = &ctx.text.checkin;
    let mut lines = Vec::new();
    let (color, word) = match &c.verdict {
        Verdict::Admitted {
            booking_number,
            admitted,
            already,
            party_in,
            party_total,
            unpaid_minor,
            currency,
            special_requests,
            ..
        } => {
            for a in admitted {
                lines.push(Line::styled(a.name.clone(), Style::new().add_modifier(Modifier::BOLD)));
            }
            lines.push(Line::raw(format!(
                "{booking_number} · {}",
                fill(t.party, &[party_in, party_total])
            )));
            let mut flags = Vec::new();
            for a in admitted {
                for (flag, v) in a.attention.personal() {
                    let label = match flag {
                        PersonalFlag::MedicalNotes => t.medical,
                        PersonalFlag::Dietary => t.diet,
                        PersonalFlag::Equipment => t.equipment,
                    };
                    let who = if admitted.len() > 1 {
                        format!("{}: ", a.name)
                    } else {
                        String::new()
                    };
                    flags.push(format!("! {who}{label}: {v}"));
                }
            }
            if !special_requests.is_empty() {
                flags.push(format!("! {}: {special_requests}", t.requests));
            }
            if *unpaid_minor > 0 {
                flags.push(format!("! {}", fill(t.unpaid, &[&money_text(*unpaid_minor, currency)])));
            }
            if !flags.is_empty() {
                lines.push(Line::raw(""));
                lines.extend(flags.into_iter().map(Line::raw));
            }
            for e in already {
                lines.push(Line::raw(fill(t.was_already_in, &[&e.name])));
            }
            (theme::ADMITTED, t.admitted)
        }
        Verdict::AlreadyCheckedIn {
            booking_number,
            already,
            party_in,
            party_total,
            time_zone,
            ..
        } => {
            for e in already {
                lines.push(Line::styled(
                    fill(t.in_at, &[&e.name, &local(e.at, time_zone, ctx)]),
                    Style::new().add_modifier(Modifier::BOLD),
                ));
                let mut how = Vec::new();
                if !e.location.is_empty() {
                    how.push(fill(t.at_place, &[&e.location]));
                }
                if !e.device.is_empty() {
                    how.push(fill(t.on_device, &[&e.device]));
                }
                if !e.staff.is_empty() {
                    how.push(fill(t.by_staff, &[&e.staff]));
                }
                if !how.is_empty() {
                    lines.push(Line::raw(how.join(" · ")));
                }
            }
            lines.push(Line::raw(format!(
                "{booking_number} · {}",
                fill(t.party, &[party_in, party_total])
            )));
            (theme::ALREADY, t.already)
        }
        refused => {
            lines.extend(reason(refused, t, ctx).into_iter().map(Line::raw));
            (theme::REJECTED, t.rejected)
        }
    };
    if c.replayed {
        lines.push(Line::raw(""));
        lines.push(Line::raw(t.replayed));
    }
    Shown {
        style: theme::panel(color),
        word: word.to_string(),
        big: true,
        lines,
        tag: None,
    }
}

/// Why a ticket was refused, in plain words (one or two lines).
pub fn reason(v: &Verdict, t: &CheckInText, ctx: &Ctx) -> Vec<String> {
    match v {
        Verdict::Admitted { .. } | Verdict::AlreadyCheckedIn { .. } => Vec::new(),
        Verdict::WrongDeparture {
            booking_number,
            tour,
            starts_at,
            time_zone,
            meeting_point,
            ..
        } => {
            let mut out = vec![fill(
                t.wrong_departure,
                &[booking_number, tour, &local(*starts_at, time_zone, ctx)],
            )];
            if !meeting_point.is_empty() {
                out.push(fill(t.meeting_point, &[meeting_point]));
            }
            out
        }
        Verdict::NotToday {
            booking_number,
            tour,
            starts_at,
            time_zone,
            ..
        } => {
            let z = super::zone(time_zone, ctx);
            let when = starts_at.with_timezone(&z).format("%d.%m.%Y %H:%M");
            vec![fill(t.not_today, &[booking_number, tour, &when])]
        }
        Verdict::TooEarly {
            booking_number,
            opens_at,
            time_zone,
            ..
        } => vec![fill(t.too_early, &[booking_number, &local(*opens_at, time_zone, ctx)])],
        Verdict::CheckInClosed {
            booking_number,
            closed_at,
            time_zone,
            ..
        } => vec![fill(t.closed, &[&local(*closed_at, time_zone, ctx), booking_number])],
        Verdict::Cancelled {
            booking_number, reason, ..
        } => vec![fill(t.cancelled, &[booking_number, reason])],
        Verdict::InvalidSignature { key_id } => vec![fill(t.invalid_signature, &[key_id])],
        Verdict::UnknownKey { key_id, offline: false } => vec![fill(t.unknown_key, &[key_id])],
        Verdict::UnknownKey { key_id, offline: true } => vec![fill(t.unknown_key_offline, &[key_id])],
        Verdict::RetiredKey { key_id, .. } => vec![fill(t.retired_key, &[key_id])],
        Verdict::Malformed { .. } => vec![t.malformed.to_string()],
        Verdict::UnknownTicket { ticket_id } => vec![fill(t.unknown_ticket, &[ticket_id])],
    }
}
