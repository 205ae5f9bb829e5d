//! `tourdesk schedule add|preview|apply|list|skip|add-date|edit`: recurring
//! rules through the service (booking::schedules). The JSON is the service's
//! values as serde writes them (times in UTC, local starts as the rule's
//! wall clock); the text is for the manager, in the rule's zone.
//!
//! Days and times are parsed here, once, by domain::schedule: a bad one is
//! INVALID_INPUT naming the flag and the word (`--days: unknown day "mnd"`).

use super::commands::{key_of, money};
use super::output::{CliError, Output};
use super::safe_text::one_line;
use super::schedule_args::{ScheduleAddArgs, ScheduleCmd, ScheduleEditArgs};
use super::time;
use crate::booking::{
    AssignmentFailure, CancelledStart, Core, DateSkipped, KeptStart, NewSchedule, PreviewSlot, Schedule, ScheduleEdit,
    ScheduleEdited, SlotCrew,
};
use crate::domain::schedule::{day_names, parse_days, parse_times};
use crate::domain::states::ScheduleSlot;
use crate::domain::{CrewKind, ScheduleId};
use crate::service::Service;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::fmt::Write;

type Res = Result<Output, CliError>;

pub(super) async fn run(core: Core, cmd: ScheduleCmd) -> Res {
    let service = Service::with_core(Some(core.clone()), None);
    match cmd {
        ScheduleCmd::Add(args) => add(&core, &service, args).await,
        ScheduleCmd::Preview {
            schedule_id,
            horizon_days,
        } => {
            let id = ScheduleId(schedule_id);
            let slots = service.preview_schedule(id, horizon_days).await?;
            let rule = rule(&service, id).await?;
            let count = |s: ScheduleSlot| slots.iter().filter(|x| x.slot == s).count();
            Ok(Output::new(
                json!({ "schedule_id": id, "tour": rule.tour, "time_zone": rule.time_zone,
                        "horizon_days": horizon_days, "create": count(ScheduleSlot::Create),
                        "exists": count(ScheduleSlot::Exists), "skipped": count(ScheduleSlot::Skipped),
                        "slots": slots }),
                preview_text(&rule, horizon_days, &slots),
            ))
        }
        ScheduleCmd::Apply {
            schedule_id,
            horizon_days,
            key,
        } => {
            let a = service
                .apply_schedule(ScheduleId(schedule_id), horizon_days, key_of(key.as_deref())?)
                .await?;
            let mut text = format!(
                "Schedule {}: {} departure(s) created for the next {} days, {} there already, {} skipped{}",
                a.schedule_id,
                a.created,
                a.horizon_days,
                a.existing,
                a.skipped,
                again(a.replayed)
            );
            if !a.failures.is_empty() {
                let zone = rule(&service, a.schedule_id).await?.time_zone;
                failure_lines(&mut text, &a.failures, &zone);
            }
            Ok(Output::new(serde_json::to_value(&a).unwrap_or(Value::Null), text))
        }
        ScheduleCmd::List => {
            let rules = service.schedules().await?;
            Ok(Output::new(json!({ "schedules": rules }), list_text(&rules)))
        }
        ScheduleCmd::Skip { schedule_id, date, key } => {
            let id = ScheduleId(schedule_id);
            let date = day(&date, "date")?;
            let s = service.skip_schedule_date(id, date, key_of(key.as_deref())?).await?;
            let zone = rule(&service, id).await?.time_zone;
            Ok(Output::new(
                serde_json::to_value(&s).unwrap_or(Value::Null),
                skip_text(&s, &zone),
            ))
        }
        ScheduleCmd::AddDate { schedule_id, date, key } => {
            let date = day(&date, "date")?;
            let a = service
                .add_schedule_date(ScheduleId(schedule_id), date, key_of(key.as_deref())?)
                .await?;
            let text = format!(
                "Schedule {}: {} added{}{}; `tourdesk schedule apply {}` makes its departures",
                a.schedule_id,
                a.date,
                if a.was_skipped { " (it was skipped)" } else { "" },
                again(a.replayed),
                a.schedule_id
            );
            Ok(Output::new(serde_json::to_value(&a).unwrap_or(Value::Null), text))
        }
        ScheduleCmd::Edit(args) => edit(&service, args).await,
    }
}

async fn add(core: &Core, service: &Service, a: ScheduleAddArgs) -> Res {
    let tz = match a.tz.as_deref() {
        Some(z) => time::parse_tz(z)?,
        None => core.time_zone().await?,
    };
    let new = NewSchedule {
        tour: a.tour,
        days: parse_days(&a.days).map_err(|e| flag("days", e))?,
        times: parse_times(&a.times).map_err(|e| flag("times", e))?,
        from: day(&a.from, "from")?,
        to: day(&a.to, "to")?,
        time_zone: tz,
        capacity: a.capacity,
        adult_price_minor: a.adult_price,
        child_price_minor: a.child_price.unwrap_or(a.adult_price),
        currency: match a.currency {
            Some(c) => c.trim().to_uppercase(),
            None => core.currency().await?.to_string(),
        },
        meeting_point: a.meeting_point,
        guide: a.guide,
        resources: a.resources,
    };
    if new.from > new.to {
        return Err(CliError::Input(format!(
            "--from {} is after --to {}: the first date comes first",
            new.from, new.to
        )));
    }
    let added = service.add_schedule(&new, key_of(a.key.as_deref())?).await?;
    let text = format!(
        "Schedule {} added{}: {} on {} at {} ({}), {} to {}{}; `tourdesk schedule preview {}` shows what it makes",
        added.schedule_id,
        again(added.replayed),
        one_line(new.tour.trim()),
        day_names(&new.days),
        times_text(&new.times),
        new.time_zone.name(),
        new.from,
        new.to,
        crew_text(new.guide.as_deref(), &new.resources),
        added.schedule_id
    );
    Ok(Output::new(serde_json::to_value(&added).unwrap_or(Value::Null), text))
}

async fn edit(service: &Service, a: ScheduleEditArgs) -> Res {
    let id = ScheduleId(a.schedule_id);
    let edit = ScheduleEdit {
        days: a
            .days
            .as_deref()
            .map(parse_days)
            .transpose()
            .map_err(|e| flag("days", e))?,
        times: a
            .times
            .as_deref()
            .map(parse_times)
            .transpose()
            .map_err(|e| flag("times", e))?,
        from: a.from.as_deref().map(|d| day(d, "from")).transpose()?,
        to: a.to.as_deref().map(|d| day(d, "to")).transpose()?,
        capacity: a.capacity,
        adult_price_minor: a.adult_price,
        child_price_minor: a.child_price,
        meeting_point: a.meeting_point,
        guide: if a.no_guide { Some(None) } else { a.guide.map(Some) },
        resources: if a.no_resources {
            Some(Vec::new())
        } else {
            Some(a.resources).filter(|r| !r.is_empty())
        },
    };
    // the dry run is the edit itself, undone by the server: one set of checks
    let e = if a.dry_run {
        service.check_schedule_edit(id, &edit).await?
    } else {
        service.edit_schedule(id, &edit, key_of(a.key.as_deref())?).await?
    };
    let zone = rule(service, id).await?.time_zone;
    let mut json = serde_json::to_value(&e).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut json {
        o.insert("dry_run".into(), Value::Bool(a.dry_run));
    }
    Ok(Output::new(json, edit_text(&e, &zone, a.dry_run)))
}

/// The rule `id` as listed (its zone and tour for the text).
async fn rule(service: &Service, id: ScheduleId) -> Result<Schedule, CliError> {
    service
        .schedules()
        .await?
        .into_iter()
        .find(|r| r.schedule_id == id)
        .ok_or_else(|| CliError::Booking(crate::booking::BookingError::not_found("schedule", id)))
}

fn flag(name: &str, problem: String) -> CliError {
    CliError::Input(format!("--{name}: {problem}"))
}

fn day(s: &str, name: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| CliError::Input(format!("--{name}: cannot read the date {s:?}; use YYYY-MM-DD")))
}

fn again(replayed: bool) -> &'static str {
    if replayed { " (already done with this key)" } else { "" }
}

fn times_text(times: &[chrono::NaiveTime]) -> String {
    times
        .iter()
        .map(|t| t.format("%H:%M").to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn preview_text(rule: &Schedule, horizon: u32, slots: &[PreviewSlot]) -> String {
    let count = |s: ScheduleSlot| slots.iter().filter(|x| x.slot == s).count();
    let mut out = format!(
        "Schedule {} ({}), next {horizon} days in {}: {} to create, {} exist, {} skipped",
        rule.schedule_id,
        one_line(&rule.tour),
        rule.time_zone,
        count(ScheduleSlot::Create),
        count(ScheduleSlot::Exists),
        count(ScheduleSlot::Skipped)
    );
    for s in slots {
        let what = match (s.slot, s.departure_id) {
            (ScheduleSlot::Create, _) => "create".to_string(),
            (ScheduleSlot::Exists, Some(d)) if s.from_rule == Some(true) => format!("exists: departure {d}"),
            (ScheduleSlot::Exists, Some(d)) => format!("exists: departure {d} (added by hand)"),
            (ScheduleSlot::Skipped, Some(d)) => format!(
                "skipped: departure {d} {} ({} booked)",
                s.departure_status.map_or("", |st| st.as_str()),
                s.booked.unwrap_or(0)
            ),
            (ScheduleSlot::Skipped, None) => "skipped".to_string(),
            (ScheduleSlot::Exists, None) => "exists".to_string(),
        };
        let _ = write!(
            out,
            "\n  {}  {what}{}{}{}",
            s.local_start.format("%a %Y-%m-%d %H:%M"),
            s.crew
                .as_ref()
                .map(|c| crew_problems(c, &rule.time_zone))
                .unwrap_or_default(),
            if s.added { "  (added date)" } else { "" },
            if s.shifted {
                format!(
                    "  (no such time that day: starts {})",
                    time::show(s.starts_at, &rule.time_zone)
                )
            } else {
                String::new()
            }
        );
    }
    out
}

fn list_text(rules: &[Schedule]) -> String {
    if rules.is_empty() {
        return "No schedules yet: `tourdesk schedule add` makes one".into();
    }
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(
            out,
            "{:>4}  {}  {} at {}  {} to {} ({})  {} seats  {} / {} child{}  {} ahead ({} with bookings){}{}",
            r.schedule_id,
            one_line(&r.tour),
            day_names(&r.days),
            times_text(&r.times),
            r.valid_from,
            r.valid_to,
            r.time_zone,
            r.capacity,
            money(r.adult_price_minor, &r.currency),
            money(r.child_price_minor, &r.currency),
            crew_text(r.guide.as_deref(), &r.resources),
            r.departures,
            r.booked_departures,
            dates(" skips", &r.skipped_dates),
            dates(" adds", &r.added_dates)
        );
    }
    out
}

fn dates(label: &str, dates: &[NaiveDate]) -> String {
    if dates.is_empty() {
        return String::new();
    }
    let list: Vec<String> = dates.iter().map(ToString::to_string).collect();
    format!("{label} {}", list.join(","))
}

fn cancelled_lines(out: &mut String, cancelled: &[CancelledStart], zone: &str) {
    for c in cancelled {
        let _ = write!(
            out,
            "\n  departure {}  {}  cancelled (no bookings)",
            c.departure_id,
            time::show(c.starts_at, zone)
        );
    }
}

fn kept_lines(out: &mut String, kept: &[KeptStart], zone: &str) {
    for k in kept {
        let why = if !k.differs.is_empty() {
            format!("differs in {}", k.differs.join(", "))
        } else {
            "no longer in the rule".to_string()
        };
        let _ = write!(
            out,
            "\n  departure {}  {}  KEPT: {} booked, {} held ({why}): move or cancel it yourself",
            k.departure_id,
            time::show(k.starts_at, zone),
            k.booked,
            k.held
        );
    }
}

fn skip_text(s: &DateSkipped, zone: &str) -> String {
    let mut out = format!(
        "Schedule {}: {} {}{}; {} departure(s) cancelled, {} kept (bookings)",
        s.schedule_id,
        s.date,
        if s.already { "was already skipped" } else { "skipped" },
        again(s.replayed),
        s.cancelled.len(),
        s.kept.len()
    );
    cancelled_lines(&mut out, &s.cancelled, zone);
    kept_lines(&mut out, &s.kept, zone);
    out
}

fn edit_text(e: &ScheduleEdited, zone: &str, dry_run: bool) -> String {
    let mut out = if dry_run {
        format!(
            "Dry run, nothing changed: schedule {} would become revision {}: {} departure(s) updated, {} cancelled, {} with bookings kept as they are",
            e.schedule_id,
            e.revision,
            e.updated.len(),
            e.cancelled.len(),
            e.kept.len()
        )
    } else {
        format!(
            "Schedule {} is now revision {}{}: {} departure(s) updated, {} cancelled, {} with bookings kept as they were",
            e.schedule_id,
            e.revision,
            again(e.replayed),
            e.updated.len(),
            e.cancelled.len(),
            e.kept.len()
        )
    };
    cancelled_lines(&mut out, &e.cancelled, zone);
    kept_lines(&mut out, &e.kept, zone);
    failure_lines(&mut out, &e.failures, zone);
    for s in &e.short_seats {
        let _ = write!(
            out,
            "\n  ! {} has {} seats, the rule {}: its departures sell at most {}",
            one_line(&s.resource),
            s.seats,
            s.capacity,
            s.seats
        );
    }
    let _ = write!(
        out,
        "\n`tourdesk schedule preview {}` shows what an apply adds now",
        e.schedule_id
    );
    out
}

/// ", guide Anna Guide, Mi-8 + Bus 2" (nothing when the rule has neither).
fn crew_text(guide: Option<&str>, resources: &[String]) -> String {
    let mut out = String::new();
    if let Some(g) = guide.map(str::trim).filter(|g| !g.is_empty()) {
        let _ = write!(out, ", guide {}", one_line(g));
    }
    if !resources.is_empty() {
        let names: Vec<String> = resources.iter().map(|r| one_line(r.trim()).into_owned()).collect();
        let _ = write!(out, ", {}", names.join(" + "));
    }
    out
}

/// What an apply would meet at one start of the preview, after its line:
/// "  ! guide Anna Guide leads departure 12 (Avachinsky volcano)"; the
/// rule's own overlapping starts as "  ! guide Anna Guide leads this rule's
/// start 2027-06-12 07:00 +10" and "  ! Mi-8 shared with this rule's start
/// …: 24 seats for 6".
fn crew_problems(crew: &SlotCrew, zone: &str) -> String {
    let mut out = String::new();
    if let (Some(g), Some(c)) = (&crew.guide, &crew.guide_conflict) {
        let _ = write!(
            out,
            "  ! guide {} leads departure {} ({})",
            one_line(g),
            c.departure_id,
            one_line(&c.tour)
        );
    }
    if let (Some(g), Some(o)) = (&crew.guide, &crew.guide_overlap) {
        let _ = write!(
            out,
            "  ! guide {} leads this rule's start {}",
            one_line(g),
            time::show(o.starts_at, zone)
        );
    }
    for r in &crew.resource_overlaps {
        let starts: Vec<String> = r.starts.iter().map(|at| time::show(*at, zone)).collect();
        let _ = write!(
            out,
            "  ! {} shared with this rule's start {}: {} seats for {}",
            one_line(&r.resource),
            starts.join(", "),
            r.needed,
            r.seats
        );
    }
    for r in &crew.resources {
        if let Some(day) = r.out_of_service {
            let _ = write!(out, "  ! {} out of service {day}", one_line(&r.resource));
        } else if r.free == 0 {
            let ids: Vec<String> = r.conflicts.iter().map(|c| c.departure_id.to_string()).collect();
            let _ = write!(
                out,
                "  ! {} full: {} seats taken by departure {}",
                one_line(&r.resource),
                r.taken,
                ids.join(", ")
            );
        }
    }
    out
}

/// The assignments an apply or an edit could not make: each departure was
/// made (or left) without that guide or resource.
fn failure_lines(out: &mut String, failures: &[AssignmentFailure], zone: &str) {
    if failures.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n{} assignment(s) refused; those departures are left without them (assign by hand: `tourdesk guide assign` / `tourdesk resource assign`):",
        failures.len()
    );
    for f in failures {
        let why = match (f.conflicts.first(), f.day, f.problem.as_deref()) {
            (Some(c), _, _) => format!(
                "{} departure {} ({}) {} to {}",
                match f.what {
                    CrewKind::Guide => "already leads",
                    CrewKind::Resource => "is full with",
                },
                c.departure_id,
                one_line(&c.tour),
                time::show(c.starts_at, zone),
                time::show(c.ends_at, zone)
            ),
            (None, Some(day), _) => format!("out of service on {day}"),
            (None, None, Some(p)) => one_line(p).into_owned(),
            (None, None, None) => String::new(),
        };
        let _ = write!(
            out,
            "\n  departure {}  {}  {} {}: {} {why}",
            f.departure_id,
            time::show(f.starts_at, zone),
            f.what,
            one_line(&f.name),
            f.code
        );
    }
}
