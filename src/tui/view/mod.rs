//! Drawing the whole screen: a pure function of `App`.

mod header;
mod help;
mod login;
mod qr;
pub mod review;

use super::app::{App, Quitting, Screen};
use super::panes::{Level, PaneId};
use super::strings::Text;
use super::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

pub const TABS_ROW: u16 = 1;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if app.too_small() {
        let msg = format!("{}\n{}×{}", app.text.common.enlarge, area.width, area.height);
        Paragraph::new(msg)
            .wrap(Wrap { trim: true })
            .style(Style::new().fg(Color::Yellow))
            .render(area, buf);
        return;
    }
    if let (Screen::Main, Some(code)) = (&app.screen, &app.fullscreen_qr) {
        qr::render(app.text, code, area, buf);
        return;
    }
    let [head, tabs, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::render(app, head, buf);
    match &app.screen {
        Screen::Login { .. } => login::render(app, body.union(tabs), buf),
        Screen::Main => {
            render_tabs(app, tabs, buf);
            let ctx = app.ctx();
            app.panes.render(app.pane, &ctx, body, buf);
            if app.panes.shift.visible {
                crate::tui::panes::shift::view::render(&app.panes.shift, &ctx, body, buf);
            }
            if let Some(r) = &app.field.review {
                review::render(app, r, body, buf);
            }
            if app.help {
                help::render(app, body, buf);
            }
        }
    }
    render_footer(app, foot, buf);
}

/// Where each tab sits on the tab row of a screen `width` wide: (first
/// column, width, pane). Seven names do not fit in 80 columns (six did not
/// in Russian): then only the current tab is named, the others show their key.
pub fn tab_layout(text: &Text, width: u16, current: PaneId) -> Vec<(u16, u16, PaneId)> {
    let full: usize = (0..PaneId::ALL.len())
        .map(|i| tab_label(text, i, true).chars().count() + 1)
        .sum();
    let named = |pane: PaneId| full <= width as usize || pane == current;
    let mut x = 0u16;
    PaneId::ALL
        .iter()
        .enumerate()
        .map(|(i, pane)| {
            let w = tab_label(text, i, named(*pane)).chars().count() as u16;
            let at = (x, w, *pane);
            x += w + 1;
            at
        })
        .collect()
}

fn tab_label(text: &Text, i: usize, named: bool) -> String {
    if named {
        format!(" {} {} ", i + 1, text.common.tabs[i])
    } else {
        format!(" {} ", i + 1)
    }
}

pub fn tab_at(text: &Text, width: u16, current: PaneId, column: u16) -> Option<PaneId> {
    tab_layout(text, width, current)
        .into_iter()
        .find(|(x, w, _)| column >= *x && column < x + w)
        .map(|(_, _, p)| p)
}

fn render_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let role = app.role();
    let mut spans = Vec::new();
    let layout = tab_layout(app.text, area.width, app.pane);
    for (i, pane) in PaneId::ALL.iter().enumerate() {
        let style = if *pane == app.pane {
            theme::selected().add_modifier(ratatui::style::Modifier::BOLD)
        } else if pane.allowed(role) {
            Style::new()
        } else {
            theme::muted()
        };
        let named = layout[i].1 as usize > format!(" {} ", i + 1).chars().count();
        spans.push(Span::styled(tab_label(app.text, i, named), style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans).render(area, buf);
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let quitting = match app.quitting {
        Quitting::No => None,
        Quitting::Asking => Some(app.text.common.quit_prompt),
        Quitting::Releasing => Some(app.text.common.quit_releasing),
    };
    if let Some(text) = quitting {
        Paragraph::new(text)
            .style(Style::new().fg(Color::Black).bg(Color::Yellow))
            .render(area, buf);
        return;
    }
    if let Some((notice, _)) = &app.notice {
        let color = match notice.level {
            Level::Info => Color::Cyan,
            Level::Success => Color::Green,
            Level::Warning => Color::Yellow,
            Level::Error => Color::Red,
        };
        Paragraph::new(notice.text.as_str())
            .style(Style::new().fg(Color::Black).bg(color))
            .render(area, buf);
        return;
    }
    let hint = match app.screen {
        Screen::Main => format!("? {} · q / Ctrl-C", app.text.common.help_title),
        Screen::Login { .. } => app.text.common.login_hint.to_string(),
    };
    Paragraph::new(hint).style(theme::muted()).render(area, buf);
}

/// A centred box of at most `w`×`h` inside `area`, cleared.
pub fn popup(area: Rect, w: u16, h: u16, buf: &mut Buffer) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    Clear.render(r, buf);
    r
}
