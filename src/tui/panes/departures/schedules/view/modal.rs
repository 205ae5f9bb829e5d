//! The boxes over the rules: the rule form, the preview, the date to skip,
//! and what an edit or a skip did.

use super::super::form::{Field, FormError, RuleForm, SkipForm};
use super::super::{EditCheck, Outcome, Screen};
use super::preview::{flag, wrapped};
use super::{days_text, when};
use crate::booking::{CancelledStart, KeptStart};
use crate::tui::panes::Ctx;
use crate::tui::panes::departures::view::boxes::{boxed, hint, rows};
use crate::tui::strings::{SchedulesText, fill};
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
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
    let told = told(t, o);
    let colour = if told.kept.is_empty() {
        theme::ACCENT
    } else {
        theme::HELD
    };
    listing(
        Listing {
            title: told.title,
            colour,
            head: vec![Line::styled(told.summary, theme::title())],
            list: departures(ctx, told.kept, told.cancelled, told.zone),
            advice: (!told.kept.is_empty()).then_some(t.kept_advice),
            hint: t.result_hint,
            scroll: told.scroll,
        },
        area,
        buf,
    );
}

/// An edit's dry run: what it would update, cancel and keep, the
/// assignments it could not make and the resources with fewer seats than
/// the rule, before Enter sends it.
pub(super) fn check(c: &EditCheck, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let t = &ctx.text.schedules;
    let title = format!("{} · {}", fill(t.check_title, &[&c.rule]), c.tour);
    let Some(w) = &c.would else {
        let lines = vec![Line::styled(t.check_loading, Style::new().fg(theme::HELD))];
        boxed(area, 76, 5, &title, theme::ACCENT, lines, buf);
        return;
    };
    let width = area.width.min(76).saturating_sub(2) as usize;
    let mut head = vec![Line::styled(
        fill(t.check_summary, &[&w.updated.len(), &w.cancelled.len(), &w.kept.len()]),
        theme::title(),
    )];
    if !w.failures.is_empty() {
        head.extend(wrapped(
            &fill(t.check_refused, &[&w.failures.len()]),
            width,
            0,
            2,
            flag(),
        ));
    }
    for s in &w.short_seats {
        let text = fill(t.short_seats, &[&s.resource, &s.seats, &s.capacity, &s.seats]);
        head.extend(wrapped(&text, width, 0, 2, flag()));
    }
    let warned = !w.kept.is_empty() || !w.short_seats.is_empty() || !w.failures.is_empty();
    listing(
        Listing {
            title,
            colour: if warned { theme::HELD } else { theme::ACCENT },
            head,
            list: departures(ctx, &w.kept, &w.cancelled, &c.zone),
            advice: (!w.kept.is_empty()).then_some(t.kept_advice),
            hint: if c.sending { t.saving } else { t.check_hint },
            scroll: c.scroll,
        },
        area,
        buf,
    );
}

/// A box of departures listed under a head, scrolled, with advice and keys
/// under them.
struct Listing<'a> {
    title: String,
    colour: Color,
    head: Vec<Line<'static>>,
    list: Vec<Line<'static>>,
    advice: Option<&'a str>,
    hint: &'a str,
    scroll: usize,
}

/// The sold departures kept (what differs), then the unsold cancelled.
fn departures(ctx: &Ctx, kept: &[KeptStart], cancelled: &[CancelledStart], zone: &str) -> Vec<Line<'static>> {
    let t = &ctx.text.schedules;
    let mut list = Vec::new();
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
    list
}

fn listing(l: Listing, area: Rect, buf: &mut Buffer) {
    let w = area.width.min(76).saturating_sub(2) as usize;
    let head_rows: u16 = l.head.iter().map(|x| rows(&line_text(x), w)).sum();
    // borders, the head, a blank, the advice, a blank and the keys
    let fixed = 2 + head_rows + 1 + l.advice.map_or(0, |a| rows(a, w)) + 2;
    let room = area.height.saturating_sub(fixed) as usize;
    let scroll = l.scroll.min(l.list.len().saturating_sub(room));
    let mut lines = l.head;
    lines.push(Line::raw(""));
    let mut h = fixed;
    for x in l.list.into_iter().skip(scroll) {
        let n = rows(&line_text(&x), w);
        if h + n > area.height {
            break;
        }
        h += n;
        lines.push(x);
    }
    if let Some(a) = l.advice {
        lines.push(Line::styled(a, Style::new().fg(theme::HELD)));
    }
    let inner = boxed(area, 76, h, &l.title, l.colour, lines, buf);
    hint(inner, l.hint, buf);
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
        "guide" => t.differs[4],
        "resources" => t.differs[5],
        _ => "?",
    }
}
