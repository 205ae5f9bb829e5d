//! The header on every screen: device, staff and role, clock in the
//! departure time zone, connection state and database latency.

use crate::domain::Role;
use crate::tui::app::{App, ConnState};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let c = &app.text.common;
    buf.set_style(area, Style::new().bg(Color::Indexed(236)));
    let who = app.session.as_ref().map(|s| {
        let role = match s.role {
            Role::Guide => c.role_guide,
            Role::Desk => c.role_desk,
            Role::Manager => c.role_manager,
        };
        format!("{} ({role})", s.name)
    });
    let device = app.config.device.as_str();

    let (label, color) = match app.conn.state {
        ConnState::Online => (c.online, theme::ONLINE),
        ConnState::Offline => (c.offline, theme::OFFLINE),
        ConnState::Reconnecting => (c.reconnecting, theme::RECONNECTING),
    };
    let local = app.now.with_timezone(&app.config.tz);
    let latency = match (app.conn.state, app.conn.latency) {
        (ConnState::Online, Some(d)) => format!(" {} {} ", d.as_millis(), c.ms),
        _ => " ".to_string(),
    };
    let right = Line::from(vec![
        Span::raw(format!("{} {} ", local.format("%d.%m %H:%M"), app.config.tz.name())),
        Span::styled(format!(" {label} "), theme::panel(color)),
        Span::raw(latency),
    ]);
    // the clock and the connection state always show; the device gives way
    // to the person, and what still does not fit ends in an ellipsis
    let right_width = (right.width() as u16).min(area.width);
    let room = area.width.saturating_sub(right_width + 2) as usize;
    let app_name = format!(" {} ", c.app);
    let fits = match who.as_deref() {
        Some(w) => vec![format!("· {device} · {w}"), format!("· {w}")],
        None => vec![format!("· {device}")],
    };
    let rest = fits
        .into_iter()
        .find(|r| app_name.chars().count() + r.chars().count() <= room)
        .unwrap_or_else(|| {
            let full = format!("· {}", who.as_deref().unwrap_or(device));
            let keep = room.saturating_sub(app_name.chars().count() + 1);
            let mut cut: String = full.chars().take(keep).collect();
            cut.push('…');
            cut
        });
    let left = Line::from(vec![
        Span::styled(app_name, Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(rest),
    ]);
    let left_area = Rect {
        width: area.width.saturating_sub(right_width + 1),
        ..area
    };
    Paragraph::new(left).render(left_area, buf);
    Paragraph::new(right).alignment(Alignment::Right).render(area, buf);
}
