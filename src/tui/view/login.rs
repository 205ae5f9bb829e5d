//! The PIN screen (at start, after a lock, and after the server ended the
//! session — then it says why, in the kiosk's language).

use crate::tui::action::SessionEnd;
use crate::tui::app::{App, Screen};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Screen::Login {
        pin,
        error,
        busy,
        locked,
        ended,
    } = &app.screen
    else {
        return;
    };
    let c = &app.text.common;
    let r = super::popup(area, 44, 9, buf);
    let title = if *locked { c.locked_title } else { c.login_title };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .title_style(theme::title());
    let inner = block.inner(r);
    block.render(r, buf);
    let dots: String = "●".repeat(pin.chars().count());
    let mut lines = vec![
        Line::raw(""),
        Line::raw(format!("{}: {dots}_", c.login_prompt)),
        Line::raw(""),
    ];
    if *busy {
        lines.push(Line::styled(c.login_checking, theme::muted()));
    } else if *error {
        lines.push(Line::styled(c.login_wrong_pin, Style::new().fg(Color::Red)));
    } else if let Some(why) = ended {
        let text = match why {
            SessionEnd::Expired => c.session_expired,
            SessionEnd::Unknown => c.session_unknown,
            SessionEnd::DeviceRevoked => c.device_revoked,
            SessionEnd::NoScreen => c.no_screen,
        };
        lines.push(Line::styled(text, Style::new().fg(Color::Yellow)));
    } else if *locked {
        lines.push(Line::styled(c.locked_hint, theme::muted()));
    }
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}
