//! The manifest beside the verdict: one line per participant, only the
//! visible window built, the selection kept in view.

use super::local;
use crate::booking::{ManifestRow, PersonalFlag};
use crate::domain::ParticipantKind;
use crate::tui::panes::Ctx;
use crate::tui::panes::checkin::{Row, State};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Cell, Paragraph, Row as TableRow, Table, Widget};

/// Wide enough for the attention flags in words rather than a `!`.
const WIDE: u16 = 90;

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.checkin;
    let Some(m) = &state.manifest else {
        if state.departure.is_some() {
            Paragraph::new(ctx.text.common.loading)
                .style(theme::muted())
                .render(area, buf);
        }
        return;
    };
    let visible = state.visible();
    if visible.is_empty() {
        let text = if m.rows.is_empty() {
            t.empty_manifest
        } else {
            t.no_match
        };
        Paragraph::new(text).style(theme::muted()).render(area, buf);
        return;
    }
    let h = area.height.saturating_sub(1) as usize;
    let selected = state.selected.min(visible.len() - 1);
    // the stored offset, moved just enough to show the selection
    let mut offset = state.offset.min(selected);
    if h > 0 && selected >= offset + h {
        offset = selected + 1 - h;
    }
    let wide = area.width >= WIDE;
    let rows: Vec<TableRow> = visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(n, &i)| {
            let r = &m.rows[i];
            let row = row(state, ctx, r, &m.time_zone, wide);
            if n == selected {
                row.style(theme::selected())
            } else {
                row
            }
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(9),
        Constraint::Fill(2),
        Constraint::Length(1),
        Constraint::Length(9),
    ];
    widths.push(if wide {
        Constraint::Fill(3)
    } else {
        Constraint::Length(1)
    });
    let head = TableRow::new([
        t.col_booking,
        t.col_name,
        t.col_kind,
        t.col_state,
        if wide { t.col_attention } else { "!" },
    ])
    .style(theme::muted().add_modifier(Modifier::BOLD));
    Table::new(rows, widths)
        .header(head)
        .column_spacing(1)
        .render(area, buf);
}

fn row<'a>(state: &State, ctx: &Ctx, r: &'a ManifestRow, zone: &str, wide: bool) -> TableRow<'a> {
    let t = &ctx.text.checkin;
    let (text, style) = match state.row_state(r) {
        Row::In => (
            format!(
                "✓ {}",
                r.checked_in_at.map(|at| local(at, zone, ctx)).unwrap_or_default()
            ),
            Style::new().fg(theme::ADMITTED).add_modifier(Modifier::BOLD),
        ),
        Row::Waiting => (t.waiting.to_string(), Style::new()),
        Row::Undone => (t.undone.to_string(), Style::new().fg(theme::ALREADY)),
        Row::NoShow => (t.no_show.to_string(), Style::new().fg(theme::REJECTED)),
        Row::Cancelled => (t.booking_cancelled.to_string(), theme::muted()),
    };
    let kind = match r.kind {
        ParticipantKind::Adult => t.adult,
        ParticipantKind::Child => t.child,
    };
    let flags = attention(r, ctx);
    let flag = if wide {
        flags.join(" · ")
    } else if flags.is_empty() {
        String::new()
    } else {
        "!".to_string()
    };
    let muted = state.row_state(r) == Row::Cancelled;
    let base = if muted { theme::muted() } else { Style::new() };
    TableRow::new([
        Cell::from(r.booking_number.as_str()).style(base),
        Cell::from(r.name.as_str()).style(base),
        Cell::from(kind).style(base),
        Cell::from(text).style(style),
        Cell::from(flag).style(Style::new().fg(theme::ALREADY).add_modifier(Modifier::BOLD)),
    ])
}

/// The flags a guide must see, in the kiosk's language.
fn attention(r: &ManifestRow, ctx: &Ctx) -> Vec<String> {
    let t = &ctx.text.checkin;
    let flags = r.flags();
    let mut out: Vec<String> = flags
        .personal()
        .into_iter()
        .map(|(flag, v)| {
            let label = match flag {
                PersonalFlag::MedicalNotes => t.medical,
                PersonalFlag::Dietary => t.diet,
                PersonalFlag::Equipment => t.equipment,
            };
            format!("{label}: {v}")
        })
        .collect();
    if !flags.special_requests.is_empty() {
        out.push(format!("{}: {}", t.requests, flags.special_requests));
    }
    if let Some((minor, currency)) = flags.unpaid() {
        let due = super::verdict::money_text(minor, currency);
        out.push(crate::tui::strings::fill(t.unpaid, &[&due]));
    }
    out
}
