//! `?`: the keys of the current pane, then the global ones.

use crate::tui::app::App;
use crate::tui::panes::PaneId;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

const MAX_W: u16 = 78;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.text;
    let schedules = app.pane == PaneId::Departures && app.panes.departures.schedules.is_some();
    let mut keys: Vec<(&str, &str)> = match app.pane {
        _ if app.panes.shift.visible => t.shift.keys,
        PaneId::Departures if schedules => t.schedules.keys,
        PaneId::Departures => t.departures.keys,
        PaneId::Occupancy => t.occupancy.keys,
        PaneId::Walkin => t.walkin.keys,
        PaneId::Waitlist => t.waitlist.keys,
        PaneId::CheckIn if app.panes.checkin.returns.is_some() => t.returns.keys,
        PaneId::CheckIn => t.checkin.keys,
        PaneId::Dashboard => t.dashboard.keys,
        PaneId::Bookings if app.panes.bookings.card.is_none() && app.panes.bookings.parties.is_some() => t.parties.keys,
        PaneId::Bookings => t.bookings.keys,
    }
    .to_vec();
    // keys of actions a role may not take are not offered
    if app.pane == PaneId::Departures && !schedules && !app.panes.shift.visible {
        if app.role() >= crate::domain::Role::Desk {
            keys.extend(t.departures.desk_keys);
        }
        if app.role() == crate::domain::Role::Manager {
            keys.extend(t.departures.manager_keys);
        }
    }
    // the shift screen's key for those who have one (a guide does not)
    let mut globals = t.common.global_keys.to_vec();
    if app.role() >= crate::domain::Role::Desk {
        globals.insert(1, t.shift.global_key);
    }
    let globals = &globals;
    let width = |s: &str| s.chars().count();
    let key_w = keys
        .iter()
        .chain(globals.iter())
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0);
    let w = area.width.min(MAX_W);
    let what_w = (w as usize).saturating_sub(key_w + 4).max(10);
    let title = if app.panes.shift.visible {
        t.shift.title
    } else {
        t.common.tabs[app.pane.index()]
    };
    let mut lines = vec![Line::styled(title, theme::title())];
    let rows = |lines: &mut Vec<Line>, (k, what): &(&str, &str)| {
        // a long description goes on under itself, never under the keys
        for (i, part) in wrap(what, what_w).into_iter().enumerate() {
            let k = if i == 0 { *k } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{k:>key_w$}  "), theme::key()),
                Span::raw(part),
            ]));
        }
    };
    for k in &keys {
        rows(&mut lines, k);
    }
    let mut global = Vec::new();
    for k in globals {
        rows(&mut global, k);
    }
    let room = area.height.saturating_sub(2) as usize;
    if lines.len() + 2 + global.len() <= room {
        lines.push(Line::raw(""));
        lines.push(Line::styled(t.common.help_global, theme::title()));
        lines.extend(global);
    } else {
        // a short screen: the global keys as one paragraph
        lines.push(Line::styled(t.common.help_global, theme::title()));
        let mut spans = Vec::new();
        for (i, (k, what)) in globals.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", theme::muted()));
            }
            spans.push(Span::styled(*k, theme::key()));
            spans.push(Span::raw(format!(" {what}")));
        }
        lines.extend(wrap_spans(spans, w.saturating_sub(2) as usize));
    }
    let h = lines.len() as u16 + 2;
    let r = super::popup(area, w, h, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t.common.help_title))
        .title_bottom(format!(" {} ", t.common.help_close));
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
}

/// Words into lines of at most `w` characters.
fn wrap(text: &str, w: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let n = line.chars().count();
        if n > 0 && n + 1 + word.chars().count() > w {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out
}

/// Spans into lines of at most `w` characters, breaking only between spans.
fn wrap_spans(spans: Vec<Span<'static>>, w: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut line: Vec<Span> = Vec::new();
    let mut n = 0;
    // a separator and the key after it stay with the description they lead to
    let mut groups: Vec<Vec<Span>> = Vec::new();
    for s in spans {
        if s.content == " · " || groups.is_empty() {
            groups.push(vec![s]);
        } else if let Some(g) = groups.last_mut() {
            g.push(s);
        }
    }
    for mut g in groups {
        let gw: usize = g.iter().map(Span::width).sum();
        if n > 0 && n + gw > w {
            out.push(Line::from(std::mem::take(&mut line)));
            if g.first().is_some_and(|s| s.content == " · ") {
                g.remove(0);
            }
            n = 0;
        }
        n += g.iter().map(Span::width).sum::<usize>();
        line.extend(g);
    }
    if !line.is_empty() {
        out.push(Line::from(line));
    }
    out
}
