//! Drawing the return mode: the counts on top (MISSING in red), the last
//! return and the selected person's contacts on the left (phone, emergency
//! contact, medical notes: what a search needs, no key away), the people
//! who went out on the right, missing first.

use super::{ask, confirm, footer, local};
use crate::booking::{Rollcall, RollcallPerson};
use crate::domain::{ReturnState, RollcallState};
use crate::tui::panes::Ctx;
use crate::tui::panes::checkin::{Modal, ReturnPanel, Returns, State};
use crate::tui::strings::fill;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let Some(ret) = &state.returns else { return };
    let [head, body, foot] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let [left, right] = Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(body);
    match &ret.rollcall {
        Some(rc) => {
            header(rc, ctx, head, buf);
            panel(state, ret, ctx, left, buf);
            list(state, ret, rc, ctx, right.inner(Margin::new(1, 0)), buf);
        }
        None => Paragraph::new(ctx.text.returns.loading)
            .style(theme::muted())
            .render(head, buf),
    }
    match &state.modal {
        Modal::None if state.query.is_empty() => {
            let t = &ctx.text.returns;
            let hint = if t.hint.chars().count() <= foot.width as usize {
                t.hint
            } else {
                t.hint_short
            };
            Line::styled(hint, theme::muted()).render(foot, buf);
        }
        _ => footer(state, ctx, foot, buf),
    }
    match &state.modal {
        Modal::Confirm(c) => confirm(state, ctx, c, body, buf),
        Modal::LeftNote(_, name, note) => ask::draw(
            fill(ctx.text.returns.ask_left, &[name]),
            theme::key(),
            vec![ask::field(ctx.text.returns.note, note, true)],
            body,
            buf,
        ),
        Modal::Picker(sel) => super::picker(state, ctx, *sel, right, buf),
        _ => {}
    }
}

fn header(rc: &Rollcall, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.returns;
    let sep = || Span::styled(" · ", theme::muted());
    let first = Line::from(vec![
        Span::styled(format!(" {} ", t.title), theme::panel(theme::ACCENT)),
        Span::raw(" "),
        Span::styled(rc.tour.clone(), theme::title()),
        sep(),
        Span::styled(local(rc.starts_at, &rc.time_zone, ctx), theme::title()),
        sep(),
        Span::styled(
            fill(t.missing_after, &[&local(rc.missing_after, &rc.time_zone, ctx)]),
            theme::muted(),
        ),
    ]);
    let c = &rc.counts;
    let mut second = Vec::new();
    if c.missing > 0 {
        // first, so a narrow screen never cuts it
        second.push(Span::styled(
            format!(" {} {} ", t.missing, c.missing),
            theme::panel(theme::MISSING),
        ));
        second.push(Span::raw(" "));
    }
    second.push(Span::styled(
        fill(t.counts, &[&c.out, &c.back, &c.missing, &c.left]),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    Paragraph::new(vec![first, Line::from(second)]).render(area, buf);
}

/// The last return's answer, then who is selected with their contacts.
fn panel(state: &State, ret: &Returns, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.returns;
    let (title, colour) = match &ret.panel {
        ReturnPanel::Ready => (t.ready.to_string(), theme::ACCENT),
        ReturnPanel::Sending(what) => (format!("{} {what}", t.sending), theme::RECONNECTING),
        ReturnPanel::Failed(why) => (why.clone(), theme::REJECTED),
        ReturnPanel::Done(o) => {
            let word = if o.state == ReturnState::Left {
                t.marked_left
            } else {
                t.marked_back
            };
            match (o.recorded.as_slice(), o.already.first()) {
                ([], None) => (t.nobody_out.to_string(), theme::REJECTED),
                ([], Some(a)) => (fill(t.already_back, &[&a.name, &local(a.at, "", ctx)]), theme::ALREADY),
                ([one], _) => (fill(word, &[&one.name]), theme::ADMITTED),
                (many, _) => (fill(word, &[&many.len()]), theme::ADMITTED),
            }
        }
    };
    let mut lines = vec![Line::styled(format!(" {title} "), theme::panel(colour)), Line::raw("")];
    if matches!(ret.panel, ReturnPanel::Ready) {
        lines.push(Line::styled(t.ready_hint, theme::muted()));
        lines.push(Line::raw(""));
    }
    if let Some(p) = state.selected_person() {
        lines.extend(person(p, ctx));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::new().borders(Borders::RIGHT).border_style(theme::muted()))
        .render(area, buf);
}

/// The selected person: what a search party or a phone call needs.
fn person(p: &RollcallPerson, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.returns;
    let (word, style) = state_word(p.state, ctx);
    let mut lines = vec![Line::from(vec![
        Span::styled(p.name.clone(), theme::title()),
        Span::raw("  "),
        Span::styled(word.to_string(), style),
    ])];
    let mut labelled = |label: &str, value: &str, style: Style| {
        if !value.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{label}: "), theme::muted()),
                Span::styled(value.to_string(), style),
            ]));
        }
    };
    let party = format!("{} ({})", p.booking_number, p.contact_name);
    labelled(t.party, &party, Style::new());
    labelled(t.phone, &p.phone, Style::new().add_modifier(Modifier::BOLD));
    labelled(
        t.emergency,
        &p.emergency_contact,
        Style::new().add_modifier(Modifier::BOLD),
    );
    labelled(t.medical, &p.medical_notes, Style::new().fg(theme::ALREADY));
    labelled(t.note, &p.note, Style::new());
    lines
}

fn state_word(s: RollcallState, ctx: &Ctx) -> (&'static str, Style) {
    let t = &ctx.text.returns;
    match s {
        RollcallState::Missing => (t.missing, theme::panel(theme::MISSING)),
        RollcallState::Out => (t.out, Style::new().fg(theme::ALREADY)),
        RollcallState::Back => (t.back, Style::new().fg(theme::ADMITTED)),
        RollcallState::Left => (t.left, theme::muted()),
    }
}

fn list(state: &State, ret: &Returns, rc: &Rollcall, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let rows = state.return_rows();
    if rows.is_empty() {
        let text = if rc.counts.checked_in == 0 {
            ctx.text.returns.nobody
        } else {
            ctx.text.checkin.no_match
        };
        Paragraph::new(text).style(theme::muted()).render(area, buf);
        return;
    }
    let h = area.height as usize;
    let selected = ret.selected.min(rows.len() - 1);
    let mut offset = ret.offset.min(selected);
    if h > 0 && selected >= offset + h {
        offset = selected + 1 - h;
    }
    let lines: Vec<Row> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, p)| {
            let (word, style) = state_word(p.state, ctx);
            let row = Row::new([
                Cell::from(word).style(style),
                Cell::from(p.name.clone()),
                Cell::from(p.booking_number.clone()),
                Cell::from(p.phone.clone()),
            ]);
            if i == selected {
                row.style(theme::selected())
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Length(9),
        Constraint::Fill(2),
        Constraint::Length(9),
        Constraint::Fill(1),
    ];
    Table::new(lines, widths).column_spacing(1).render(area, buf);
}
