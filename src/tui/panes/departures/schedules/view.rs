//! Drawing the schedule screen: the rules as a table, the selected one's
//! details under it, and the boxes (form, preview, skip, result).

use super::form::{Field, FormError, RuleForm, SkipForm, major};
use super::{Modal, Outcome, Preview, Screen};
use crate::booking::{CancelledStart, KeptStart, Schedule};
use crate::domain::states::ScheduleSlot;
use crate::tui::panes::Ctx;
use crate::tui::strings::{SchedulesText, fill};
use crate::tui::theme;
use crate::tui::view::popup;
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

pub fn render(s: &Screen, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    if area.height < 5 || area.width < 40 {
        return;
    }
    render_list(s, ctx, area, buf);
    match &s.modal {
        None => {}
        Some(Modal::Form(f)) => form(s, f, ctx, area, buf),
        Some(Modal::Preview(p)) => preview(p, ctx, area, buf),
        Some(Modal::Skip(f)) => skip(f, ctx, area, buf),
        Some(Modal::Result(o)) => outcome(o, ctx, area, buf),
    }
}

/// Where each column starts and how wide it is.
struct Cols {
    tour: (u16, u16),
    days: (u16, u16),
    times: (u16, u16),
    dates: (u16, u16),
    seats: (u16, u16),
    price: (u16, u16),
    ahead: (u16, u16),
    meeting: (u16, u16),
    /// dates with their years (from 100 columns)
    years: bool,
}

fn columns(x: u16, width: u16) -> Cols {
    let years = width >= 100;
    let dates = if years { 17 } else { 11 };
    // days 11, times 11, dates, seats 5, adult 8, ahead 7, 7 gaps
    let fixed = 11 + 11 + dates + 5 + 8 + 7 + 7;
    let rest = width.saturating_sub(fixed + 1);
    let tour = rest.min(36);
    let spare = rest - tour;
    let meeting = if spare > 12 { spare - 1 } else { 0 };
    let mut at = x;
    let mut next = |w: u16| {
        let c = (at, w);
        at += w + 1;
        c
    };
    Cols {
        tour: next(tour),
        days: next(11),
        times: next(11),
        dates: next(dates),
        seats: next(5),
        price: next(8),
        ahead: next(7),
        meeting: next(meeting),
        years,
    }
}

fn put(buf: &mut Buffer, (x, w): (u16, u16), y: u16, s: &str, style: Style) {
    if w == 0 {
        return;
    }
    if s.chars().count() <= w as usize {
        buf.set_stringn(x, y, s, w as usize, style);
    } else {
        // cut with an ellipsis, so a cut name reads as cut
        let cut: String = s.chars().take(w as usize - 1).chain(['…']).collect();
        buf.set_stringn(x, y, &cut, w as usize, style);
    }
}

fn put_right(buf: &mut Buffer, (x, w): (u16, u16), y: u16, s: &str, style: Style) {
    let pad = w.saturating_sub(s.chars().count() as u16);
    put(buf, (x + pad, w - pad), y, s, style);
}

/// "daily", "Mon–Fri", or the days' short names.
pub fn days_text(t: &SchedulesText, weekdays: &[&str; 7], days: &[i16]) -> String {
    match days {
        [1, 2, 3, 4, 5, 6, 7] => t.daily.to_string(),
        [1, 2, 3, 4, 5] => t.weekdays.to_string(),
        _ => days
            .iter()
            .filter_map(|d| weekdays.get(usize::try_from(*d - 1).ok()?))
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn render_list(s: &Screen, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let cols = columns(area.x, area.width);
    let y0 = area.y;
    put(buf, (area.x, area.width), y0, t.title, theme::title().fg(theme::ACCENT));
    let head = theme::title().fg(theme::MUTED);
    let y = y0 + 1;
    put(buf, cols.tour, y, t.col_tour, head);
    put(buf, cols.days, y, t.col_days, head);
    put(buf, cols.times, y, t.col_times, head);
    put(buf, cols.dates, y, t.col_dates, head);
    put_right(buf, cols.seats, y, t.col_seats, head);
    put_right(buf, cols.price, y, t.col_price, head);
    put_right(buf, cols.ahead, y, t.col_ahead, head);
    put(buf, cols.meeting, y, t.col_meeting, head);

    // title, header, a blank and the detail line, the footer
    let body = area.height.saturating_sub(5) as usize;
    if s.rules.is_empty() {
        let msg = if s.loading && !s.loaded {
            ctx.text.common.loading
        } else {
            t.empty
        };
        put(buf, (area.x, area.width), y0 + 3, msg, theme::muted());
    }
    let start = super::super::window(0, s.selected, body, s.rules.len());
    for (i, rule) in s.rules.iter().enumerate().skip(start).take(body) {
        let y = y0 + 2 + (i - start) as u16;
        row(rule, i == s.selected, ctx, &cols, y, buf);
    }
    if let Some(rule) = s.selected_rule() {
        put(
            buf,
            (area.x, area.width),
            area.bottom() - 2,
            &detail(t, ctx, rule),
            theme::muted(),
        );
    }
    let count = fill(t.count, &[&s.rules.len()]);
    let foot = area.bottom() - 1;
    put(buf, (area.x, area.width), foot, &count, theme::muted());
    let x = area.x + count.chars().count() as u16 + 3;
    put(buf, (x, area.right().saturating_sub(x)), foot, t.hint, theme::muted());
}

fn row(r: &Schedule, selected: bool, ctx: &Ctx, cols: &Cols, y: u16, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let base = if selected { theme::selected() } else { Style::new() };
    if selected {
        let end = cols.ahead.0 + cols.ahead.1;
        buf.set_style(Rect::new(cols.tour.0, y, end - cols.tour.0, 1), base);
    }
    put(buf, cols.tour, y, &r.tour, base.add_modifier(Modifier::BOLD));
    put(
        buf,
        cols.days,
        y,
        &days_text(t, &ctx.text.departures.weekdays, &r.days),
        base,
    );
    let times: Vec<String> = r.times.iter().map(|t| t.format("%H:%M").to_string()).collect();
    put(buf, cols.times, y, &times.join(" "), base);
    let fmt = if cols.years { "%d.%m.%y" } else { "%d.%m" };
    let dates = format!("{}–{}", r.valid_from.format(fmt), r.valid_to.format(fmt));
    put(buf, cols.dates, y, &dates, base);
    put_right(buf, cols.seats, y, &r.capacity.to_string(), base);
    put_right(buf, cols.price, y, &major(r.adult_price_minor), base);
    let ahead = if r.booked_departures > 0 {
        format!("{} ({})", r.departures, r.booked_departures)
    } else {
        r.departures.to_string()
    };
    // a rule with nothing ahead still has departures to make (p)
    let ahead_style = if r.departures == 0 { base.fg(theme::HELD) } else { base };
    put_right(buf, cols.ahead, y, &ahead, ahead_style);
    put(buf, cols.meeting, y, &r.meeting_point, theme::muted());
}

fn detail(t: &SchedulesText, ctx: &Ctx, r: &Schedule) -> String {
    let child = crate::domain::money::show(r.child_price_minor, &r.currency);
    let meeting = if r.meeting_point.is_empty() {
        "—"
    } else {
        r.meeting_point.as_str()
    };
    // most wanted first: a narrow screen cuts the end
    let mut out = fill(t.detail, &[&child, &meeting]);
    if let Some(next) = r.next_start {
        out.push_str(" · ");
        out.push_str(&fill(t.detail_next, &[&when(ctx, next, &r.time_zone)]));
    }
    out.push_str(" · ");
    out.push_str(&fill(t.detail_ahead, &[&r.departures, &r.booked_departures]));
    if !r.skipped_dates.is_empty() {
        let list: Vec<String> = r.skipped_dates.iter().map(|d| d.format("%d.%m").to_string()).collect();
        out.push_str(" · ");
        out.push_str(&fill(t.detail_skips, &[&list.join(" ")]));
    }
    out
}

/// `Tue 08.12 07:00` in the rule's zone.
fn when(ctx: &Ctx, at: DateTime<Utc>, zone: &str) -> String {
    let tz: Tz = zone.parse().unwrap_or(ctx.tz);
    local(ctx, at.with_timezone(&tz).naive_local())
}

fn local(ctx: &Ctx, at: NaiveDateTime) -> String {
    let wd = ctx.text.departures.weekdays[at.weekday().num_days_from_monday() as usize];
    format!("{wd} {}", at.format("%d.%m %H:%M"))
}

fn boxed(area: Rect, w: u16, h: u16, title: &str, colour: Color, lines: Vec<Line>, buf: &mut Buffer) -> Rect {
    let r = popup(area, w, h, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(colour))
        .title(Span::styled(format!(" {title} "), theme::title().fg(colour)));
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
    inner
}

/// The keys of a box, on its last inner row.
fn hint(inner: Rect, text: &str, buf: &mut Buffer) {
    if inner.height > 0 {
        buf.set_stringn(inner.x, inner.bottom() - 1, text, inner.width as usize, theme::muted());
    }
}

fn error_text(t: &SchedulesText, e: FormError) -> &'static str {
    match e {
        FormError::TourEmpty => t.err_tour_empty,
        FormError::NoDays => t.err_no_days,
        FormError::BadTimes => t.err_times,
        FormError::BadDate => t.err_date,
        FormError::Range => t.err_range,
        FormError::BadCapacity => t.err_capacity,
        FormError::BadPrice => t.err_price,
        FormError::NoCurrency => t.err_no_currency,
        FormError::Unchanged => t.err_unchanged,
    }
}

fn form(s: &Screen, f: &RuleForm, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let zone = f.editing.as_ref().map_or(ctx.tz.name(), |r| r.time_zone.as_str());
    let mut lines = Vec::new();
    for (i, field) in Field::ALL.iter().enumerate() {
        let focused = i == f.focus;
        let mut spans = vec![Span::styled(
            format!("{:>14} ", t.fields[i]),
            if focused { theme::key() } else { theme::muted() },
        )];
        if *field == Field::Days {
            spans.extend(days(f, focused, &ctx.text.departures.weekdays));
            if focused {
                spans.push(Span::styled(format!(" {}", t.days_hint), theme::muted()));
            }
        } else {
            let mut value = f.values[i].clone();
            if focused {
                value.push('▏');
            }
            spans.push(Span::styled(
                value,
                if focused { theme::selected() } else { Style::new() },
            ));
        }
        let note = match field {
            Field::Tour if f.editing.is_some() => Some(t.tour_fixed.to_string()),
            Field::Times => Some(fill(t.zone, &[&zone])),
            Field::Adult | Field::Child => Some(f.currency.as_ref().map_or("?", |c| c.as_str()).to_string()),
            _ => None,
        };
        if let Some(note) = note {
            spans.push(Span::styled(format!("  {note}"), theme::muted()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    match (&f.error, f.busy) {
        (_, true) => lines.push(Line::styled(t.saving, Style::new().fg(theme::HELD))),
        (Some((field, e)), _) => lines.push(Line::styled(
            format!("{}: {}", t.fields[*field as usize], error_text(t, *e)),
            Style::new().fg(theme::REJECTED).add_modifier(Modifier::BOLD),
        )),
        _ => lines.push(Line::raw("")),
    }
    if f.editing.is_none() && !s.tours.is_empty() {
        let w = area.width.min(76).saturating_sub(2) as usize;
        let mut text = format!("{}: ", t.known_tours);
        for (i, name) in s.tours.iter().enumerate() {
            if i > 0 {
                text.push_str(" · ");
            }
            text.push_str(name);
        }
        let cut: String = if text.chars().count() > w {
            text.chars().take(w.saturating_sub(1)).chain(['…']).collect()
        } else {
            text
        };
        lines.push(Line::styled(cut, theme::muted()));
    }
    let title = match &f.editing {
        Some(r) => fill(t.edit_title, &[&r.schedule_id]),
        None => t.new_title.to_string(),
    };
    let h = lines.len() as u16 + 4;
    let inner = boxed(area, 76, h, &title, theme::ACCENT, lines, buf);
    hint(inner, if f.editing.is_some() { t.edit_hint } else { t.new_hint }, buf);
}

/// `[Mon] tue [Wed]`: on days bracketed and coloured, the arrows' day
/// underlined while the field has the keys.
fn days<'a>(f: &RuleForm, focused: bool, names: &[&'a str; 7]) -> Vec<Span<'a>> {
    let mut spans = Vec::with_capacity(14);
    for (i, name) in names.iter().enumerate() {
        let on = f.days[i];
        let mut style = if on {
            Style::new().fg(theme::ACCENT).add_modifier(Modifier::BOLD)
        } else {
            theme::muted()
        };
        if focused && i == f.day {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let text = if on { format!("[{name}]") } else { format!(" {name} ") };
        spans.push(Span::styled(text, style));
    }
    spans
}

fn preview(p: &Preview, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let mut lines = Vec::new();
    let Some(slots) = &p.slots else {
        lines.push(Line::styled(t.preview_loading, Style::new().fg(theme::HELD)));
        boxed(
            area,
            76,
            5,
            &fill(t.preview_title, &[&p.tour]),
            theme::ACCENT,
            lines,
            buf,
        );
        return;
    };
    let count = |k: ScheduleSlot| slots.iter().filter(|x| x.slot == k).count();
    let create = count(ScheduleSlot::Create);
    lines.push(Line::styled(
        fill(
            t.preview_summary,
            &[
                &p.horizon,
                &create,
                &count(ScheduleSlot::Exists),
                &count(ScheduleSlot::Skipped),
            ],
        ),
        theme::title(),
    ));
    lines.push(Line::raw(""));
    // borders, summary and blank, "… more", blank and keys
    let room = area.height.saturating_sub(7) as usize;
    let shown = if slots.len() > room {
        room.saturating_sub(1)
    } else {
        slots.len()
    };
    for s in slots.iter().take(shown) {
        let (word, colour) = match s.slot {
            ScheduleSlot::Create => (t.slots[0], theme::FREE),
            ScheduleSlot::Exists => (t.slots[1], theme::MUTED),
            ScheduleSlot::Skipped => (t.slots[2], theme::HELD),
        };
        let mut spans = vec![
            Span::raw(format!(" {}  ", local(ctx, s.local_start))),
            Span::styled(format!("{word:<8}"), Style::new().fg(colour)),
        ];
        if s.added {
            spans.push(Span::styled(format!(" {}", t.slot_added), theme::muted()));
        }
        if s.shifted {
            let tz: Tz = p.zone.parse().unwrap_or(ctx.tz);
            let at = s.starts_at.with_timezone(&tz).format("%H:%M").to_string();
            let asked = s.local_start.format("%H:%M").to_string();
            spans.push(Span::styled(
                format!(" {}", fill(t.slot_shifted, &[&asked, &at])),
                Style::new().fg(theme::HELD).add_modifier(Modifier::BOLD),
            ));
        }
        lines.push(Line::from(spans));
    }
    if shown < slots.len() {
        lines.push(Line::styled(
            fill(t.preview_more, &[&(slots.len() - shown)]),
            theme::muted(),
        ));
    }
    lines.push(Line::raw(""));
    if p.applying {
        lines.push(Line::styled(t.applying, Style::new().fg(theme::HELD)));
    }
    let h = lines.len() as u16 + 3;
    let inner = boxed(
        area,
        76,
        h,
        &fill(t.preview_title, &[&p.tour]),
        theme::ACCENT,
        lines,
        buf,
    );
    if !p.applying {
        hint(
            inner,
            if create > 0 {
                t.preview_hint
            } else {
                t.preview_hint_nothing
            },
            buf,
        );
    }
}

fn skip(f: &SkipForm, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let r = &f.rule;
    let times: Vec<String> = r.times.iter().map(|t| t.format("%H:%M").to_string()).collect();
    let head = format!(
        "{} · {}",
        days_text(t, &ctx.text.departures.weekdays, &r.days),
        times.join(" ")
    );
    let status = if f.busy {
        Line::styled(t.saving, Style::new().fg(theme::HELD))
    } else if f.bad {
        Line::styled(
            t.err_date,
            Style::new().fg(theme::REJECTED).add_modifier(Modifier::BOLD),
        )
    } else {
        Line::raw("")
    };
    let lines = vec![
        Line::styled(head, theme::title()),
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!("{} ", t.skip_label), theme::key()),
            Span::styled(format!("{}▏", f.date), theme::selected()),
        ]),
        status,
    ];
    let inner = boxed(area, 60, 8, &fill(t.skip_title, &[&r.tour]), theme::ACCENT, lines, buf);
    hint(inner, t.skip_hint, buf);
}

fn outcome(o: &Outcome, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let (title, summary, cancelled, kept, zone, scroll): (
        String,
        String,
        &[CancelledStart],
        &[KeptStart],
        &str,
        usize,
    ) = match o {
        Outcome::Edited {
            tour,
            zone,
            result,
            scroll,
        } => {
            let mut summary = fill(
                t.edited_summary,
                &[&result.updated.len(), &result.cancelled.len(), &result.kept.len()],
            );
            if result.replayed {
                summary.push_str(t.replayed);
            }
            (
                format!("{} · {tour}", fill(t.edited_title, &[&result.schedule_id])),
                summary,
                result.cancelled.as_slice(),
                result.kept.as_slice(),
                zone,
                *scroll,
            )
        }
        Outcome::Skipped {
            tour,
            zone,
            result,
            scroll,
        } => {
            let date = result.date.format("%d.%m.%Y").to_string();
            let mut summary = if result.already {
                fill(t.skipped_already, &[&date])
            } else {
                fill(t.skipped_summary, &[&date, &result.cancelled.len(), &result.kept.len()])
            };
            if result.replayed {
                summary.push_str(t.replayed);
            }
            (
                format!("{} · {tour}", fill(t.skipped_title, &[&date])),
                summary,
                result.cancelled.as_slice(),
                result.kept.as_slice(),
                zone,
                *scroll,
            )
        }
    };
    let mut list: Vec<Line> = Vec::new();
    for k in kept {
        let why = if k.differs.is_empty() {
            t.kept_gone.to_string()
        } else {
            let words: Vec<&str> = k.differs.iter().map(|d| differs_word(t, d)).collect();
            fill(t.kept_differs, &[&words.join(", ")])
        };
        list.push(Line::styled(
            format!(
                " {}",
                fill(t.kept_line, &[&when(ctx, k.starts_at, zone), &k.booked, &k.held, &why])
            ),
            Style::new().fg(theme::HELD).add_modifier(Modifier::BOLD),
        ));
    }
    for c in cancelled {
        list.push(Line::raw(format!(
            " {}",
            fill(t.cancelled_line, &[&when(ctx, c.starts_at, zone)])
        )));
    }
    let w = area.width.min(76).saturating_sub(2) as usize;
    let advice = if kept.is_empty() { None } else { Some(t.kept_advice) };
    // borders, the summary, a blank, the advice, a blank and the keys
    let fixed = 4 + rows(&summary, w) + advice.map_or(0, |a| rows(a, w)) + 1;
    let room = area.height.saturating_sub(fixed) as usize;
    let scroll = scroll.min(list.len().saturating_sub(room));
    let mut lines = vec![Line::styled(summary, theme::title()), Line::raw("")];
    let mut h = fixed;
    for l in list.into_iter().skip(scroll) {
        let n = rows(&line_text(&l), w);
        if h + n > area.height {
            break;
        }
        h += n;
        lines.push(l);
    }
    if let Some(a) = advice {
        lines.push(Line::styled(a, Style::new().fg(theme::HELD)));
    }
    let colour = if kept.is_empty() { theme::ACCENT } else { theme::HELD };
    let inner = boxed(area, 76, h, &title, colour, lines, buf);
    hint(inner, t.result_hint, buf);
}

fn line_text(l: &Line) -> String {
    l.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Rows `text` takes wrapped by words at `w` columns.
fn rows(text: &str, w: usize) -> u16 {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > w {
            rows += 1;
            used = n;
        } else {
            used += n + usize::from(used > 0);
        }
    }
    rows
}

fn differs_word(t: &SchedulesText, word: &str) -> &'static str {
    match word {
        "capacity" => t.differs[0],
        "adult_price" => t.differs[1],
        "child_price" => t.differs[2],
        "meeting_point" => t.differs[3],
        _ => "?",
    }
}
