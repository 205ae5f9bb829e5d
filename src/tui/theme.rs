//! Colours. Status colours mean the same everywhere: green free/admitted,
//! yellow held/already, red full/rejected/offline.

use ratatui::style::{Color, Modifier, Style};

pub const FREE: Color = Color::Green;
pub const BOOKED: Color = Color::Blue;
pub const HELD: Color = Color::Yellow;
pub const FULL: Color = Color::Red;
pub const ADMITTED: Color = Color::Green;
pub const ALREADY: Color = Color::Yellow;
pub const REJECTED: Color = Color::Red;
/// people still out after a trip's end plus the grace period
pub const MISSING: Color = Color::Red;
pub const ONLINE: Color = Color::Green;
pub const OFFLINE: Color = Color::Red;
pub const RECONNECTING: Color = Color::Yellow;
pub const MUTED: Color = Color::DarkGray;
pub const ACCENT: Color = Color::Cyan;
/// something to see to before a departure leaves: no guide, no vehicle
pub const FLAG: Color = Color::Magenta;

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn muted() -> Style {
    Style::new().fg(MUTED)
}

pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

/// Background for a big verdict panel: dark text on a bright colour reads
/// from two metres.
pub fn panel(bg: Color) -> Style {
    Style::new().bg(bg).fg(Color::Black).add_modifier(Modifier::BOLD)
}

/// Occupancy colour: red when nothing is free, yellow when nearly full.
pub fn occupancy(free: i32, capacity: i32) -> Color {
    if free <= 0 {
        FULL
    } else if capacity > 0 && free * 5 <= capacity {
        HELD
    } else {
        FREE
    }
}
