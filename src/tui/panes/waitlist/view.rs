//! Drawing the waitlist pane: the departure, its queue, the offers' countdowns.

use super::State;
use crate::domain::WaitlistStatus;
use crate::tui::panes::Ctx;
use crate::tui::panes::walkin::Pay;
use crate::tui::panes::walkin::view::{Booked, local_time, mmss, render_booked};
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

const POS: usize = 4;
const PARTY: usize = 7;
const STATUS: usize = 12;
const OFFER: usize = 7;

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.waitlist;
    if let Some(done) = &state.booked {
        let departure = state
            .last_booking
            .as_ref()
            .and_then(|b| state.departures.iter().find(|d| d.id == b.departure_id));
        let booked = Booked {
            done,
            payment: state.payment,
            departure,
            hint: t.booked_hint,
        };
        return render_booked(&booked, ctx, area, buf);
    }
    let [top, info, last, head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut title = vec![Span::styled(t.title, theme::title())];
    if let Some(d) = state.departure() {
        let i = state.departures.iter().position(|x| x.id == d.id).unwrap_or(0);
        title.push(Span::styled(
            format!(" ‹{}/{}› ", i + 1, state.departures.len()),
            theme::key(),
        ));
        let when = format!(" · {} · ", local_time(ctx, d.starts_at, &d.time_zone));
        let free = fill(ctx.text.walkin.free_of, &[&d.free, &d.capacity]);
        // the tour name gives way, so the free seats always show
        let used: usize = title.iter().map(Span::width).sum::<usize>() + when.chars().count() + free.chars().count();
        let room = (top.width as usize).saturating_sub(used);
        let tour = if d.tour.chars().count() <= room {
            d.tour.clone()
        } else {
            d.tour.chars().take(room.saturating_sub(1)).chain(['…']).collect()
        };
        title.push(Span::raw(tour));
        title.push(Span::raw(when));
        title.push(Span::styled(
            free,
            Style::new().fg(theme::occupancy(d.free, d.capacity)),
        ));
    }
    Paragraph::new(Line::from(title)).render(top, buf);
    Paragraph::new(info_line(state, ctx)).render(info, buf);
    if let Some(b) = &state.last_booking {
        Paragraph::new(Line::styled(
            fill(t.last_booking, &[&b.booking_number, &b.contact_name]),
            Style::new().fg(theme::ADMITTED),
        ))
        .render(last, buf);
    }
    Paragraph::new(Line::styled(t.hint, theme::muted())).render(foot, buf);
    if state.current.is_none() {
        let msg = if state.loading {
            ctx.text.common.loading
        } else {
            t.no_departures
        };
        Paragraph::new(msg).render(body, buf);
        return;
    }
    if !state.loaded {
        Paragraph::new(ctx.text.common.loading).render(body, buf);
        return;
    }
    if state.entries.is_empty() {
        Paragraph::new(Line::styled(t.empty, theme::muted())).render(body, buf);
        return;
    }
    let width = area.width as usize;
    let spare = width.saturating_sub(POS + PARTY + STATUS + OFFER + 4);
    let name_w = (spare * 3 / 5).min(40);
    let phone_w = (spare - spare * 3 / 5).min(24);
    let header = format!(
        "{}{}{}{}{} {}",
        pad(t.col_pos, POS),
        pad(t.col_party, PARTY),
        pad(t.col_name, name_w),
        pad(t.col_phone, phone_w),
        pad(t.col_status, STATUS),
        t.col_offer
    );
    Paragraph::new(Line::styled(header, theme::muted())).render(head, buf);
    let rows = body.height as usize;
    let first = state.selected.saturating_sub(rows.saturating_sub(1));
    for (i, e) in state.entries.iter().enumerate().skip(first).take(rows) {
        let offered = matches!(e.status, WaitlistStatus::Offered);
        let (status, style) = if offered {
            (t.offered, Style::new().fg(theme::HELD).add_modifier(Modifier::BOLD))
        } else {
            (t.waiting, theme::muted())
        };
        let left = e
            .offer_expires_at
            .map(|x| mmss((x - ctx.now).num_seconds()))
            .unwrap_or_default();
        let mut line = Line::from(vec![
            Span::raw(pad(&e.position.to_string(), POS)),
            Span::raw(pad(&format!("{}+{}", e.adults, e.children), PARTY)),
            Span::raw(pad(&e.name, name_w)),
            Span::raw(pad(&e.phone, phone_w)),
            Span::styled(pad(status, STATUS), style),
            Span::styled(format!(" {left}"), style),
        ]);
        if i == state.selected {
            line = line.patch_style(theme::selected());
        }
        let r = Rect {
            y: body.y + (i - first) as u16,
            height: 1,
            ..body
        };
        Paragraph::new(line).render(r, buf);
    }
    if let Some(id) = state.confirm_remove {
        let name = state
            .entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.as_str())
            .unwrap_or("");
        let text = fill(t.remove_prompt, &[&name]);
        let w = (text.chars().count() as u16 + 4).min(area.width);
        let r = crate::tui::view::popup(area, w, 3, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::new().fg(theme::FULL));
        let inner = block.inner(r);
        block.render(r, buf);
        Paragraph::new(text).render(inner, buf);
    }
}

/// How many wait, and how an accepted offer is paid.
fn info_line(state: &State, ctx: &Ctx) -> Line<'static> {
    let t = &ctx.text.waitlist;
    let w = &ctx.text.walkin;
    let pay = match state.payment {
        Pay::Cash => w.cash,
        Pay::Card => w.card,
        Pay::Unpaid => w.unpaid,
    };
    let mut spans = vec![];
    if state.loaded {
        spans.push(Span::raw(fill(t.queued, &[&state.entries.len()])));
        spans.push(Span::raw(" · "));
    }
    spans.push(Span::raw(fill(t.pay_with, &[&pay])));
    if state.accepting.is_some() {
        spans.push(Span::styled(format!(" · {}", t.accepting), theme::muted()));
    }
    Line::from(spans)
}
