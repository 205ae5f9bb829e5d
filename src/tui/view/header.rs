//! The header on every screen: device, staff and role, clock in the
//! departure time zone, connection state and database latency, and
//! "MISSING n" in red while people are out past their trip's end plus grace.

use crate::domain::Role;
use crate::tui::app::{App, ConnState};
use crate::tui::strings::fill;
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
            Role::Notifier => c.role_notifier,
        };
        format!("{} ({role})", s.name)
    });
    let device = app.config.device.as_str();

    let (label, color) = match app.conn.state {
        ConnState::Online => (c.online, theme::ONLINE),
        ConnState::Offline => (c.offline, theme::OFFLINE),
        ConnState::Reconnecting => (c.reconnecting, theme::RECONNECTING),
    };
    // the journal: what waits for the server, or how far its sync got
    let f = &app.text.field;
    let (label, color) = match (app.field.syncing, app.field.info.pending) {
        (Some(p), _) => (fill(f.syncing, &[&p.done, &p.total]), theme::ACCENT),
        (None, 0) => (label.to_string(), color),
        (None, n) => (format!("{label} · {}", fill(f.waiting, &[&n])), color),
    };
    let local = app.now.with_timezone(&app.config.tz);
    let latency = match (app.conn.state, app.conn.latency) {
        (ConnState::Online, Some(d)) => format!(" {} {} ", crate::tui::app::latency_text(d), c.ms),
        _ => " ".to_string(),
    };
    // people out after their trip's end plus the grace period, on every pane
    let missing = if app.session.is_some() {
        app.panes.occupancy.missing_total()
    } else {
        0
    };
    let mut right = Vec::new();
    if missing > 0 {
        right.push(Span::styled(
            format!(" {} ", fill(app.text.occupancy.missing, &[&missing])),
            theme::panel(theme::MISSING),
        ));
        right.push(Span::raw(" "));
    }
    right.extend([
        Span::raw(format!("{} {} ", local.format("%d.%m %H:%M"), app.config.tz.name())),
        Span::styled(format!(" {label} "), theme::panel(color)),
        Span::raw(latency),
    ]);
    let right = Line::from(right);
    // the clock and the connection state always show; the device, then the
    // app's name give way to the person, and what still does not fit ends in …
    let right_width = (right.width() as u16).min(area.width);
    let room = area.width.saturating_sub(right_width + 2) as usize;
    let app_name = format!(" {} ", c.app);
    let fits = match who.as_deref() {
        Some(w) => vec![
            (app_name.as_str(), format!("· {device} · {w}")),
            (app_name.as_str(), format!("· {w}")),
            ("", format!(" {w}")),
        ],
        None => vec![(app_name.as_str(), format!("· {device}"))],
    };
    let width = |(a, r): &(&str, String)| a.chars().count() + r.chars().count();
    let (bold, rest) = match fits.iter().find(|f| width(f) <= room) {
        Some((a, r)) => (a.to_string(), r.clone()),
        None => {
            let (a, r) = fits.last().cloned().unwrap_or_default();
            let keep = room.saturating_sub(a.chars().count() + 1);
            (a.to_string(), r.chars().take(keep).chain(['…']).collect())
        }
    };
    let left = Line::from(vec![
        Span::styled(bold, Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(rest),
    ]);
    let left_area = Rect {
        width: area.width.saturating_sub(right_width + 1),
        ..area
    };
    Paragraph::new(left).render(left_area, buf);
    Paragraph::new(right).alignment(Alignment::Right).render(area, buf);
}
