//! The boxes over the rules: the rule form, the preview, the date to skip,
//! and what an edit or a skip did.

use super::super::form::{Field, FormError, RuleForm, SkipForm};
use super::super::{Outcome, Preview, Screen};
use super::{days_text, local, when};
use crate::booking::{CancelledStart, KeptStart, PreviewSlot, SlotCrew};
use crate::domain::states::ScheduleSlot;
use crate::tui::panes::Ctx;
use crate::tui::panes::departures::view::boxes::{boxed, hint, rows};
use crate::tui::strings::{SchedulesText, fill};
use crate::tui::theme;
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

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

pub(super) fn form(s: &Screen, f: &RuleForm, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
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
            let names = ctx.text.departures.weekdays.iter().copied();
            spans.extend(toggles(names.zip(f.days), focused.then_some(f.day)));
            if focused {
                spans.push(Span::styled(format!(" {}", t.days_hint), theme::muted()));
            }
        } else if *field == Field::Resources {
            let on = f.crew.resources.iter().map(|r| (r.as_str(), f.resources.contains(r)));
            spans.extend(toggles(on, focused.then_some(f.resource_at)));
        } else if *field == Field::Guide {
            let (name, style) = match &f.guide {
                Some(g) => (g.as_str(), Style::new().fg(theme::ACCENT).add_modifier(Modifier::BOLD)),
                None => (t.guide_none, theme::muted()),
            };
            spans.push(Span::styled(
                name.to_string(),
                if focused {
                    style.add_modifier(Modifier::REVERSED)
                } else {
                    style
                },
            ));
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
            Field::Resources if f.crew.resources.is_empty() => Some(t.resources_none.to_string()),
            Field::Guide if focused => Some(t.guide_hint.to_string()),
            Field::Resources if focused => Some(t.resources_hint.to_string()),
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

/// `[Mon] tue [Wed]`, `[Mi-8] UAZ-1`: the items on bracketed and coloured,
/// the one the arrows are on reversed while the field has the keys.
fn toggles<'a>(items: impl Iterator<Item = (&'a str, bool)>, cursor: Option<usize>) -> Vec<Span<'static>> {
    items
        .enumerate()
        .map(|(i, (name, on))| {
            let mut style = if on {
                Style::new().fg(theme::ACCENT).add_modifier(Modifier::BOLD)
            } else {
                theme::muted()
            };
            if cursor == Some(i) {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let text = if on { format!("[{name}]") } else { format!(" {name} ") };
            Span::styled(text, style)
        })
        .collect()
}

pub(super) fn preview(p: &Preview, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
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
    // a start takes a line, and one more per crew warning under it
    let room = area.height.saturating_sub(7) as usize;
    let per: Vec<Vec<Line>> = slots.iter().map(|s| slot_lines(s, &p.zone, ctx)).collect();
    let total: usize = per.iter().map(Vec::len).sum();
    let mut shown = 0;
    let mut used = 0;
    for l in &per {
        // the last row left for "… more" unless everything fits
        let limit = if total > room { room.saturating_sub(1) } else { room };
        if used + l.len() > limit {
            break;
        }
        used += l.len();
        shown += 1;
    }
    lines.extend(per.into_iter().take(shown).flatten());
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

/// ` Mon 14.12 02:30  new      ⚠ no 02:30 that day (DST): starts 03:30`
/// A start's line, then its crew warnings, each on a line of its own.
fn slot_lines(s: &PreviewSlot, zone: &str, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.schedules;
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
        // the server moved a start the clocks skipped: asked and actual, local
        let tz: Tz = zone.parse().unwrap_or(ctx.tz);
        let at = s.starts_at.with_timezone(&tz).format("%H:%M").to_string();
        let asked = s.local_start.format("%H:%M").to_string();
        spans.push(Span::styled(
            format!(" {}", fill(t.slot_shifted, &[&asked, &at])),
            Style::new().fg(theme::HELD).add_modifier(Modifier::BOLD),
        ));
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(crew) = &s.crew {
        lines.extend(crew_flags(crew, zone, ctx));
    }
    lines
}

/// What the apply would meet at a start, as the CLI's preview marks it:
/// the guide busy (elsewhere, or with an earlier start of this rule) and
/// each resource out of service, full, or shared beyond its seats by
/// starts of this rule — one warning each, the other start named.
fn crew_flags(crew: &SlotCrew, zone: &str, ctx: &Ctx) -> Vec<Line<'static>> {
    let t = &ctx.text.schedules;
    let tz: Tz = zone.parse().unwrap_or(ctx.tz);
    let at = |u: chrono::DateTime<chrono::Utc>| local(ctx, u.with_timezone(&tz).naive_local());
    let mut flags = Vec::new();
    if let Some(g) = &crew.guide {
        if let Some(c) = &crew.guide_conflict {
            flags.push(fill(t.slot_guide_busy, &[g, &c.departure_id]));
        } else if let Some(o) = &crew.guide_overlap {
            flags.push(fill(t.slot_guide_own, &[g, &at(o.starts_at)]));
        }
    }
    for r in &crew.resources {
        if r.out_of_service.is_some() {
            flags.push(fill(t.slot_resource_out, &[&r.resource]));
        } else if r.free == 0 {
            flags.push(fill(t.slot_resource_full, &[&r.resource]));
        }
    }
    for r in &crew.resource_overlaps {
        let starts: Vec<String> = r.starts.iter().map(|u| at(*u)).collect();
        flags.push(fill(
            t.slot_resource_shared,
            &[&r.resource, &starts.join(", "), &r.needed, &r.seats],
        ));
    }
    let style = Style::new().fg(theme::FLAG).add_modifier(Modifier::BOLD);
    flags
        .into_iter()
        .map(|f| Line::styled(format!("{:18}{f}", ""), style))
        .collect()
}

pub(super) fn skip(f: &SkipForm, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
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
    let (title, keys) = if f.adding {
        (t.add_title, t.add_hint)
    } else {
        (t.skip_title, t.skip_hint)
    };
    let inner = boxed(area, 60, 8, &fill(title, &[&r.tour]), theme::ACCENT, lines, buf);
    hint(inner, keys, buf);
}

/// What an edit or a skip did, as the box shows it.
struct Told<'a> {
    title: String,
    summary: String,
    cancelled: &'a [CancelledStart],
    kept: &'a [KeptStart],
    zone: &'a str,
    scroll: usize,
}

fn told<'a>(t: &SchedulesText, o: &'a Outcome) -> Told<'a> {
    match o {
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
            Told {
                title: format!("{} · {tour}", fill(t.edited_title, &[&result.schedule_id])),
                summary,
                cancelled: &result.cancelled,
                kept: &result.kept,
                zone,
                scroll: *scroll,
            }
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
            Told {
                title: format!("{} · {tour}", fill(t.skipped_title, &[&date])),
                summary,
                cancelled: &result.cancelled,
                kept: &result.kept,
                zone,
                scroll: *scroll,
            }
        }
    }
}

pub(super) fn outcome(o: &Outcome, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let Told {
        title,
        summary,
        cancelled,
        kept,
        zone,
        scroll,
    } = told(t, o);
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

fn differs_word(t: &SchedulesText, word: &str) -> &'static str {
    match word {
        "capacity" => t.differs[0],
        "adult_price" => t.differs[1],
        "child_price" => t.differs[2],
        "meeting_point" => t.differs[3],
        _ => "?",
    }
}
