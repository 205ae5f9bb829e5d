//! `?`: the keys of the current pane, then the global ones.

use crate::tui::app::App;
use crate::tui::panes::PaneId;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.text;
    let pane_keys: &[(&str, &str)] = match app.pane {
        PaneId::Departures => t.departures.keys,
        PaneId::Occupancy => t.occupancy.keys,
        PaneId::Walkin => t.walkin.keys,
        PaneId::Waitlist => t.waitlist.keys,
        PaneId::CheckIn => t.checkin.keys,
        PaneId::Dashboard => t.dashboard.keys,
    };
    let mut lines = vec![Line::styled(t.common.tabs[app.pane.index()], theme::title())];
    let row = |(k, what): &(&str, &str)| {
        Line::from(vec![
            Span::styled(format!("{k:>12}  "), theme::key()),
            Span::raw(what.to_string()),
        ])
    };
    lines.extend(pane_keys.iter().map(row));
    // keys of actions a role may not take are not offered
    if app.pane == PaneId::Departures {
        if app.role() >= crate::domain::Role::Desk {
            lines.extend(t.departures.desk_keys.iter().map(row));
        }
        if app.role() == crate::domain::Role::Manager {
            lines.extend(t.departures.manager_keys.iter().map(row));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t.common.help_global, theme::title()));
    lines.extend(t.common.global_keys.iter().map(row));
    let h = lines.len() as u16 + 2;
    let r = super::popup(area, 72, h, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t.common.help_title))
        .title_bottom(format!(" {} ", t.common.help_close));
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines).render(inner, buf);
}
