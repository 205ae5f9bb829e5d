//! The end of a walk-in: the booking with its QR, or the sold-out offer.

use super::{departure_line, hint, local_time, money};
use crate::booking::Departure;
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::{Done, Pay, State, WaitField};
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Narrowest text column beside the QR.
const INFO_MIN: u16 = 36;

pub fn render_done(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let Some(done) = &state.done else { return };
    let booked = Booked {
        done,
        payment: state.payment,
        departure: state.current(),
        hint: ctx.text.walkin.done_hint,
    };
    render_booked(&booked, ctx, area, buf);
}

/// What the "booked" screen shows: a walk-in's sale or an accepted
/// waitlist offer (the waitlist pane draws it with this function too).
pub struct Booked<'a> {
    pub done: &'a Done,
    pub payment: Pay,
    /// the departure booked, as last loaded
    pub departure: Option<&'a Departure>,
    /// the keys at the bottom: what comes next differs by pane
    pub hint: &'a str,
}

/// The booking number, code, total, payment, party, departure, the tickets
/// written and the QR beside them when it fits.
pub fn render_booked(booked: &Booked<'_>, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let done = booked.done;
    let b = &done.sale.booking;
    let (adults, children) = b.party();
    let qr_lines: Vec<&str> = done.qr.as_deref().map(|q| q.lines().collect()).unwrap_or_default();
    let qr_w = qr_lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16;
    let qr_h = qr_lines.len() as u16;
    // the QR beside at least this much text, or the text alone
    let fits = qr_w > 0 && qr_w + INFO_MIN <= area.width && qr_h <= area.height;
    let info_w = if fits { area.width - qr_w - 2 } else { area.width };
    let [info, qr_area] = Layout::horizontal([Constraint::Length(info_w), Constraint::Min(0)]).areas(area);
    let [info, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(info);
    let pay = match booked.payment {
        Pay::Cash => t.cash,
        Pay::Card => t.card,
        Pay::Unpaid => t.unpaid,
    };
    let mut lines = vec![
        Line::styled(format!(" {} ", t.done_title), theme::panel(theme::ADMITTED)),
        Line::raw(""),
        Line::styled(b.booking_number().to_string(), theme::title()),
        Line::from(vec![
            Span::raw(format!("{}  ", t.confirmation)),
            Span::styled(b.confirmation_code().to_string(), theme::key()),
        ]),
        Line::raw(format!("{}  {}", t.total, money(b.total_minor(), b.currency()))),
        Line::raw(format!("{}  {pay}", t.payment)),
        Line::raw(format!(
            "{} · {}",
            b.contact_name(),
            fill(t.party_summary, &[&adults, &children])
        )),
        departure_line(ctx, booked.departure),
        Line::raw(""),
    ];
    if b.offline() {
        lines.push(Line::styled(
            ctx.text.field.offline_tag.trim().to_string(),
            Style::new().bg(Color::Black).fg(Color::White),
        ));
        lines.push(Line::raw(ctx.text.field.sold_offline));
        lines.push(Line::raw(""));
    }
    if let Some(e) = &done.sale.ticket_error {
        lines.push(Line::styled(
            crate::tui::panes::walkin::update::ticket_error_text(ctx, e),
            Style::new().fg(theme::FULL),
        ));
    }
    if let Some(e) = &done.sale.printer_error {
        lines.push(Line::styled(
            fill(ctx.text.walkin.printer_failed, &[&b.booking_number(), &e.message]),
            Style::new().fg(theme::HELD),
        ));
    }
    if qr_w > 0 && !fits {
        lines.push(Line::styled(t.qr_too_small, Style::new().fg(theme::HELD)));
        lines.push(Line::raw(""));
    }
    if !done.sale.pngs.is_empty() {
        lines.push(Line::styled(t.tickets_at, theme::muted()));
        for p in &done.sale.pngs {
            lines.push(Line::raw(p.display().to_string()));
        }
    }
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(info, buf);
    hint(booked.hint, foot, buf);
    if fits {
        let r = Rect {
            x: qr_area.x + (qr_area.width - qr_w) / 2,
            y: qr_area.y + (qr_area.height - qr_h) / 2,
            width: qr_w,
            height: qr_h,
        };
        // light quiet zone and dark modules whatever the terminal's theme
        let style = Style::new().fg(Color::White).bg(Color::Black);
        Paragraph::new(qr_lines.iter().map(|l| Line::raw(l.to_string())).collect::<Vec<_>>())
            .style(style)
            .render(r, buf);
    }
}

pub fn render_sold_out(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.walkin;
    let Some(so) = &state.sold_out else { return };
    let [top, panel, _, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Paragraph::new(departure_line(ctx, state.current())).render(top, buf);
    let seats = state.adults.number() + state.children.number();
    let free = so.free.map(|f| f.to_string()).unwrap_or_else(|| "0".into());
    Paragraph::new(Line::styled(
        format!(" {} · {} ", t.sold_out_title, fill(t.sold_out_line, &[&free, &seats])),
        theme::panel(theme::FULL),
    ))
    .render(panel, buf);
    let party = fill(t.party_summary, &[&state.adults.number(), &state.children.number()]);
    let mark = |i: usize| if so.selected == i { "▸ " } else { "  " };
    let style = |i: usize| {
        if so.selected == i {
            theme::selected()
        } else {
            Style::new()
        }
    };
    let mut lines = vec![Line::styled(
        format!("{}{}", mark(0), fill(t.join_waitlist, &[&party])),
        style(0),
    )];
    if so.asking.is_some() || so.joining {
        let f = so.asking;
        lines.push(Line::styled(format!("    {}", t.waitlist_prompt), theme::muted()));
        let fields = [
            (WaitField::Name, t.name, &state.contact.name),
            (WaitField::Phone, t.phone, &state.contact.phone),
            (WaitField::Adults, t.adults, &state.adults.text),
            (WaitField::Children, t.children, &state.children.text),
        ];
        for (field, label, value) in fields {
            lines.push(super::field(label, value, f == Some(field), 10));
        }
        if so.joining {
            lines.push(Line::styled(format!("    {}", t.joining), theme::muted()));
        }
    }
    lines.push(Line::raw(""));
    if so.alternatives.is_empty() {
        lines.push(Line::styled(format!("  {}", t.no_alternatives), theme::muted()));
    }
    for (i, a) in so.alternatives.iter().enumerate() {
        let when = local_time(ctx, a.starts_at, &a.time_zone);
        let line = Line::from(vec![
            Span::raw(mark(i + 1)),
            Span::raw(fill(t.alt_line, &[&when, &a.free])),
        ]);
        lines.push(line.style(style(i + 1)));
    }
    // keep the selected row in view on a short screen
    let skip = (so.selected + 4).saturating_sub(body.height as usize);
    Paragraph::new(lines).scroll((skip as u16, 0)).render(body, buf);
    hint(t.sold_out_hint, foot, buf);
}
