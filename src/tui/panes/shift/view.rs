//! Drawing the shift screen over the pane: a bordered box with the shift's
//! status, a form, the count beside its live figures, or the Z-report.
//! Over/short is coloured as the drawer stands: exact green, short red,
//! over yellow (money that is not the shift's is a question too).

use super::{LiveLine, Mode, State};
use crate::booking::{Shift, ShiftState, TallyLine, ZReport};
use crate::domain::money::show as money;
use crate::domain::{CashMoveKind, DenominationKind, PaymentMethod, ShiftStatus};
use crate::tui::panes::Ctx;
use crate::tui::strings::{ShiftText, fill};
use crate::tui::theme;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

const MAX_W: u16 = 100;

pub fn render(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.shift;
    let w = area.width.min(MAX_W);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        width: w,
        ..area
    };
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", t.title), theme::title()))
        .title_bottom(Span::styled(format!(" {} ", hint(state, t)), theme::muted()));
    let inner = block.inner(r);
    block.render(r, buf);
    let lines = match &state.mode {
        Mode::Status => status(state, ctx),
        Mode::Open { float, .. } => {
            let cur = ctx.currency.map(|c| c.to_string()).unwrap_or_default();
            vec![
                Line::styled(t.open_title, theme::title()),
                Line::raw(""),
                field(t.float, float, true, &cur),
            ]
        }
        Mode::Cash {
            out,
            amount,
            reason,
            on_reason,
            ..
        } => {
            let cur = state
                .shift
                .as_ref()
                .map(|s| s.shift.currency.clone())
                .unwrap_or_default();
            vec![
                Line::styled(if *out { t.cash_out_title } else { t.cash_in_title }, theme::title()),
                Line::raw(""),
                field(t.amount, amount, !on_reason, &cur),
                field(t.reason, reason, *on_reason, ""),
            ]
        }
        Mode::Count { .. } => return count(state, ctx, inner, buf),
        Mode::Approve { pin, .. } => {
            let mut l = status(state, ctx);
            l.push(Line::raw(""));
            l.push(Line::styled(t.approve_title, Style::new().fg(theme::HELD)));
            l.push(field(t.approve_prompt, &"•".repeat(pin.chars().count()), true, ""));
            l
        }
        Mode::Report(r) => return report_page(&report(r, ctx), state.report_scroll, inner, buf),
        Mode::Awaiting { list, row } => {
            let lines = awaiting(list, *row, state.loading, ctx);
            // the chosen row kept in view (its line is row + 2)
            let top = u16::try_from(*row + 3).unwrap_or(u16::MAX).saturating_sub(inner.height);
            return Paragraph::new(lines).scroll((top, 0)).render(inner, buf);
        }
    };
    let mut lines = lines;
    if state.sending {
        lines.push(Line::styled(t.sending, theme::muted()));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The Z-report from line `scroll` on (never past the page that shows its
/// end), with ▲ / ▼ in the right column where more lies above or below.
fn report_page(lines: &[Line<'static>], scroll: u16, area: Rect, buf: &mut Buffer) {
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let top = scroll.min(total.saturating_sub(area.height));
    Paragraph::new(lines.to_vec()).scroll((top, 0)).render(area, buf);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let x = area.right() - 1;
    let more = Style::new().fg(theme::HELD);
    if top > 0 {
        buf[(x, area.y)].set_char('▲').set_style(more);
    }
    if top + area.height < total {
        buf[(x, area.bottom() - 1)].set_char('▼').set_style(more);
    }
}

fn hint(state: &State, t: &ShiftText) -> &'static str {
    match &state.mode {
        Mode::Status => match state.shift.as_ref().map(|s| s.shift.status) {
            None => t.hint_status_none,
            Some(ShiftStatus::Open) => t.hint_status_open,
            Some(_) => t.hint_status_awaiting,
        },
        Mode::Open { .. } => t.hint_form,
        Mode::Cash { .. } => t.hint_cash,
        Mode::Count { confirm: true, .. } => t.hint_confirm,
        Mode::Count { .. } => t.hint_count,
        Mode::Approve { .. } => t.hint_approve,
        Mode::Report(_) => t.hint_report,
        Mode::Awaiting { .. } => t.hint_awaiting,
    }
}

/// The shifts awaiting approval: number, device, when and by whom closed.
fn awaiting(list: &[Shift], row: usize, loading: bool, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.shift;
    let mut lines = vec![Line::styled(t.awaiting_title, theme::title()), Line::raw("")];
    if loading {
        lines.push(Line::styled(t.loading, theme::muted()));
        return lines;
    }
    if list.is_empty() {
        lines.push(Line::styled(t.awaiting_none, theme::muted()));
    }
    for (i, s) in list.iter().enumerate() {
        let closed = s.closed_at.map(|at| local(ctx, at)).unwrap_or_default();
        let text = fill(
            t.awaiting_row,
            &[&s.shift_id, &s.device, &closed, &who(&s.closed_by, t)],
        );
        let style = if i == row { theme::selected() } else { Style::new() };
        lines.push(Line::styled(format!(" {text}"), style));
    }
    lines
}

/// `Label: value▏ CUR`, the cursor shown on the field that takes the keys.
fn field<'a>(label: &'a str, value: &str, active: bool, suffix: &str) -> Line<'a> {
    let style = if active { theme::selected() } else { Style::new() };
    let mut spans = vec![
        Span::styled(format!("{label}: "), theme::muted()),
        Span::styled(format!("{value}{}", if active { "▏" } else { " " }), style),
    ];
    if !suffix.is_empty() {
        spans.push(Span::raw(format!(" {suffix}")));
    }
    Line::from(spans)
}

fn local(ctx: &Ctx, at: DateTime<Utc>) -> String {
    at.with_timezone(&ctx.tz).format("%d.%m %H:%M").to_string()
}

fn who<'a>(name: &'a str, t: &'a ShiftText) -> &'a str {
    if name.is_empty() { t.owner } else { name }
}

fn method_word(m: PaymentMethod, t: &ShiftText) -> &'static str {
    match m {
        PaymentMethod::Cash => t.methods[0],
        PaymentMethod::Card => t.methods[1],
        PaymentMethod::Transfer => t.methods[2],
        _ => t.methods[3],
    }
}

/// The colour and words of an over/short figure.
pub fn diff(minor: i64, currency: &str, t: &ShiftText) -> Span<'static> {
    match minor {
        0 => Span::styled(t.exact.to_string(), Style::new().fg(theme::ADMITTED)),
        m if m < 0 => Span::styled(fill(t.short, &[&money(-m, currency)]), Style::new().fg(theme::REJECTED)),
        m => Span::styled(fill(t.over, &[&money(m, currency)]), Style::new().fg(theme::ALREADY)),
    }
}

fn status_colour(s: ShiftStatus) -> Color {
    match s {
        ShiftStatus::Open => theme::ONLINE,
        ShiftStatus::AwaitingApproval => theme::HELD,
        ShiftStatus::Approved => theme::ACCENT,
    }
}

/// The shift's heading and its figures per method.
fn status(state: &State, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.shift;
    let Some(st) = &state.shift else {
        let msg = if state.loading { t.loading } else { t.none };
        return vec![Line::styled(msg, theme::muted())];
    };
    let mut lines = heading(st, ctx);
    lines.push(Line::raw(""));
    lines.extend(tally(&st.tally, ctx));
    lines
}

fn heading(st: &ShiftState, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.shift;
    let s = &st.shift;
    let word = t.statuses[match s.status {
        ShiftStatus::Open => 0,
        ShiftStatus::AwaitingApproval => 1,
        ShiftStatus::Approved => 2,
    }];
    let mut lines = vec![
        Line::from(vec![
            Span::styled(fill(t.heading, &[&s.shift_id.0, &s.device]), theme::title()),
            Span::raw(" · "),
            Span::styled(word.to_string(), Style::new().fg(status_colour(s.status))),
        ]),
        Line::styled(
            fill(t.opened_by, &[&local(ctx, s.opened_at), &who(&s.opened_by, t)]),
            theme::muted(),
        ),
    ];
    // who counted the drawer and who signed it off, once they have: the
    // Z-report names both
    for (template, at, by) in [
        (t.closed_by, s.closed_at, &s.closed_by),
        (t.approved_by, s.approved_at, &s.approved_by),
    ] {
        if let Some(at) = at {
            lines.push(Line::styled(
                fill(template, &[&local(ctx, at), &who(by, t)]),
                theme::muted(),
            ));
        }
    }
    if let Some(cash) = st
        .tally
        .iter()
        .find(|l| l.method == PaymentMethod::Cash && l.currency == s.currency)
    {
        let c = cash.currency.as_str();
        lines.push(Line::raw(fill(
            t.cash_line,
            &[
                &money(cash.float_minor, c),
                &money(cash.cash_in_minor, c),
                &money(cash.cash_out_minor, c),
            ],
        )));
    }
    lines
}

/// Method · expected · counted · over/short, one line each.
fn tally(tally: &[TallyLine], ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.shift;
    let mut lines = vec![Line::styled(
        format!(
            "{:<10} {:>16} {:>16}  {}",
            t.col_method, t.col_expected, t.col_counted, t.col_diff
        ),
        theme::muted(),
    )];
    for l in tally {
        let c = l.currency.as_str();
        let counted = l
            .counted_minor
            .map(|m| money(m, c))
            .unwrap_or_else(|| t.not_counted.to_string());
        let mut spans = vec![Span::raw(format!(
            "{:<10} {:>16} {:>16}  ",
            method_word(l.method, t),
            money(l.expected_minor, c),
            counted
        ))];
        if let Some(d) = l.over_short_minor {
            spans.push(diff(d, c, t));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The count: the notes and coins on the left, the figures as they stand
/// on the right (below, on a narrow screen there is no room: stacked).
fn count(state: &State, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.shift;
    let Mode::Count {
        counts, row, confirm, ..
    } = &state.mode
    else {
        return;
    };
    let cur = state
        .shift
        .as_ref()
        .map(|s| s.shift.currency.clone())
        .unwrap_or_default();
    let [left, right] = Layout::horizontal([Constraint::Length(36), Constraint::Min(20)]).areas(area);
    let mut l = vec![Line::styled(t.count_title, theme::title())];
    for (i, (d, n)) in state.denominations.iter().zip(counts).enumerate() {
        let kind = match d.kind {
            DenominationKind::Coin => t.coin,
            DenominationKind::Note => t.note,
        };
        let here = i == *row && !confirm;
        let cell = format!("{:>5}{}", n, if here { "▏" } else { " " });
        l.push(Line::from(vec![
            Span::raw(format!("{:>14} {:<7} ", money(d.value_minor, &cur), kind)),
            Span::styled(cell, if here { theme::selected() } else { Style::new() }),
        ]));
    }
    Paragraph::new(l).render(left, buf);
    let mut r = vec![Line::from(vec![
        Span::styled(format!("{}: ", t.counted_total), theme::muted()),
        Span::styled(money(state.counted(), &cur), theme::title()),
    ])];
    for LiveLine {
        currency,
        method,
        expected_minor,
        counted_minor,
        over_short_minor,
    } in state.live()
    {
        r.push(Line::raw(""));
        r.push(Line::styled(method_word(method, t).to_string(), theme::title()));
        r.push(Line::raw(format!(
            "  {:<12} {:>16}",
            t.col_expected,
            money(expected_minor, &currency)
        )));
        r.push(Line::raw(format!(
            "  {:<12} {:>16}",
            t.col_counted,
            money(counted_minor, &currency)
        )));
        r.push(Line::from(vec![Span::raw("  "), diff(over_short_minor, &currency, t)]));
    }
    if *confirm {
        r.push(Line::raw(""));
        // the question, then its keys: one line did not fit the column at 80×24
        for line in t.confirm_close.lines() {
            r.push(Line::styled(line, Style::new().fg(Color::Black).bg(theme::HELD)));
        }
    }
    Paragraph::new(r).render(right, buf);
}

/// The approved shift's Z-report, every line (the page shows part of it).
pub(super) fn report(r: &ZReport, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.shift;
    let z = r.shift.z_number.unwrap_or(0);
    let st = ShiftState {
        shift: r.shift.clone(),
        tally: r.by_method.clone(),
    };
    let mut lines = vec![Line::styled(fill(t.report_title, &[&z]), theme::title())];
    lines.extend(heading(&st, ctx));
    lines.push(Line::styled(t.by_method, theme::title()));
    lines.extend(tally(&r.by_method, ctx));
    for (title, groups) in [(t.by_tour, &r.by_tour), (t.by_staff, &r.by_staff)] {
        lines.push(Line::styled(title, theme::title()));
        if groups.is_empty() {
            lines.push(Line::styled(format!("  {}", t.nothing), theme::muted()));
        }
        for g in groups {
            lines.push(Line::raw(format!(
                "  {:<30} {:>3} × {:>16}  − {:>3} × {:>16}",
                who(&g.label, t),
                g.payments,
                money(g.payments_minor, &g.currency),
                g.refunds,
                money(g.refunds_minor, &g.currency)
            )));
        }
    }
    lines.push(Line::styled(t.cash_moves, theme::title()));
    if r.cash_moves.is_empty() {
        lines.push(Line::styled(format!("  {}", t.nothing), theme::muted()));
    }
    for m in &r.cash_moves {
        let kind = match m.kind {
            CashMoveKind::Float => t.moved_float,
            CashMoveKind::In => t.moved_in,
            CashMoveKind::Out => t.moved_out,
        };
        lines.push(Line::raw(format!(
            "  {} {:<8} {:>16}  {} ({})",
            local(ctx, m.at),
            kind,
            money(m.amount_minor, &m.currency),
            m.reason,
            who(&m.staff, t)
        )));
    }
    lines
}
