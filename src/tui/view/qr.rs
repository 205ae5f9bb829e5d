//! A ticket's QR on the whole screen, for a customer's phone to photograph:
//! the widest quiet zone that fits, centred on a dark screen.

use crate::ticket::render::ticket_unicode_fit;
use crate::tui::strings::Text;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub fn render(text: &Text, code: &str, area: Rect, buf: &mut Buffer) {
    // dark around the code whatever the terminal's theme: the light quiet
    // zone must stand out from it
    buf.set_style(area, Style::new().bg(Color::Black));
    let Ok(Some(qr)) = ticket_unicode_fit(code, area.width, area.height) else {
        Paragraph::new(text.common.qr_no_room)
            .wrap(Wrap { trim: true })
            .style(Style::new().fg(Color::Yellow).bg(Color::Black))
            .render(area, buf);
        return;
    };
    let lines: Vec<Line> = qr.lines().map(|l| Line::raw(l.to_string())).collect();
    let w = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    let h = lines.len() as u16;
    // a line under the code for the clerk, when a blank row can separate it
    let hint = area.height >= h + 2;
    let top = area.y + (area.height - h - if hint { 2 } else { 0 }) / 2;
    let r = Rect::new(area.x + (area.width - w) / 2, top, w, h);
    Paragraph::new(lines)
        .style(Style::new().fg(Color::White).bg(Color::Black))
        .render(r, buf);
    if hint {
        let row = Rect::new(area.x, top + h + 1, area.width, 1);
        Paragraph::new(text.common.qr_back)
            .alignment(Alignment::Center)
            .style(theme::muted().bg(Color::Black))
            .render(row, buf);
    }
}
