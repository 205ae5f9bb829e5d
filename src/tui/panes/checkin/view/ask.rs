//! The two small forms over the check-in pane: the undo question (whose
//! check-in, and why) and taking an unpaid balance at the gate.

use crate::tui::panes::Ctx;
use crate::tui::panes::checkin::{PayForm, UndoAsk};
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

const WIDTH: u16 = 64;

/// `label: value▏` with the cursor when the field has the keys.
pub(super) fn field(label: &str, value: &str, focused: bool) -> Line<'static> {
    let cursor = if focused { "▏" } else { "" };
    let value_style = if focused {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(
            format!("{label}: "),
            if focused { theme::key() } else { theme::muted() },
        ),
        Span::styled(format!("{value}{cursor}"), value_style),
    ])
}

pub(super) fn draw(title: String, border: Style, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let h = lines.len() as u16 + 2;
    let r = crate::tui::view::popup(area, WIDTH, h, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(border)
                .title(Span::styled(format!(" {title} "), theme::title())),
        )
        .render(r, buf);
}

pub fn undo(ctx: &Ctx, ask: &UndoAsk, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.checkin;
    let mut lines = Vec::new();
    let title = match &ask.people[..] {
        [(_, name)] => fill(t.undo_title, &[name]),
        _ => {
            lines.push(Line::styled(t.undo_who, theme::muted()));
            for (i, (_, name)) in ask.people.iter().enumerate() {
                let line = if i == ask.selected {
                    Line::styled(format!("▸ {name}"), theme::selected())
                } else {
                    Line::raw(format!("  {name}"))
                };
                lines.push(line);
            }
            lines.push(Line::raw(""));
            let who = ask.people.get(ask.selected).map_or("", |(_, n)| n.as_str());
            fill(t.undo_title, &[&who])
        }
    };
    for (i, p) in t.undo_presets.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", i + 1), theme::key()),
            Span::raw(p.to_string()),
        ]));
    }
    lines.push(field(t.undo_reason, &ask.reason, true));
    lines.push(Line::styled(t.undo_hint, theme::muted()));
    draw(title, Style::new().fg(theme::ALREADY), lines, area, buf);
}

pub fn pay(ctx: &Ctx, f: &PayForm, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.checkin;
    let due = crate::domain::money::show(f.due_minor, &f.currency);
    let method = |on: bool, word: &str| {
        if on {
            Span::styled(format!("[{word}]"), theme::selected())
        } else {
            Span::styled(format!(" {word} "), theme::muted())
        }
    };
    let mut lines = vec![
        Line::styled(fill(t.pay_due, &[&due]), Style::new().fg(theme::REJECTED)),
        field(
            t.pay_amount,
            &format!("{} {}", f.amount, f.currency),
            !f.on_reference && !f.sending,
        ),
        Line::from(vec![
            Span::styled(format!("{}: ", t.pay_method), theme::muted()),
            method(!f.card, t.pay_cash),
            Span::raw(" "),
            method(f.card, t.pay_card),
        ]),
    ];
    if f.card {
        lines.push(field(t.pay_slip, &f.reference, f.on_reference && !f.sending));
    }
    lines.push(if f.sending {
        Line::styled(t.pay_sending, theme::muted())
    } else {
        Line::styled(t.pay_hint, theme::muted())
    });
    draw(
        fill(t.pay_title, &[&f.booking]),
        Style::new().fg(theme::REJECTED),
        lines,
        area,
        buf,
    );
}
