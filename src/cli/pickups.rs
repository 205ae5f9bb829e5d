//! `tourdesk pickup …`, `booking pickup` and `manifest DEP --pickups`:
//! a tour's pickup points, a booking's stop, and the pickup run of a
//! departure (booking::pickups). The server decides every refusal
//! (PICKUP_NOT_ON_TOUR) and every time (a stop's instant in the departure's
//! zone); a write's key was decided before anything was sent
//! (commands::write_key), so a retry with the same `--key` is safe. The run
//! is written as CSV with `--csv FILE`, or as CSV and PNG pages to print with
//! `--out DIR` (service::pickups, the same table the muster list uses).

use super::commands::{key_of, money};
use super::output::{CliError, Output};
use super::pickup_args::{BookingPickupArgs, PickupCmd};
use super::safe_text::{csv_cell, one_line};
use super::time;
use crate::booking::{Core, PickupGroup, PickupManifest, PickupTime};
use crate::domain::{DepartureId, PickupPointId};
use crate::service::pickups::{pickups_stem, stop_title, write_pickup_png};
use chrono::{DateTime, NaiveTime, Utc};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt::Write;

type Res = Result<Output, CliError>;

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn again(replayed: bool) -> &'static str {
    if replayed {
        " — already done with this key"
    } else {
        ""
    }
}

/// "45 min before" or "at 07:15".
fn when(minutes_before: Option<i32>, at: Option<NaiveTime>) -> String {
    match (minutes_before, at) {
        (Some(m), _) => format!("{m} min before"),
        (None, Some(t)) => format!("at {}", t.format("%H:%M")),
        (None, None) => String::new(),
    }
}

/// A stop's local clock time in the departure's zone.
fn clock(t: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%H:%M").to_string(),
        Err(_) => t.format("%H:%M UTC").to_string(),
    }
}

pub(super) async fn pickup(core: &Core, cmd: PickupCmd) -> Res {
    match cmd {
        PickupCmd::Add {
            tour,
            name,
            minutes_before,
            at,
            position,
            key,
        } => {
            let time = match (minutes_before, at) {
                (Some(m), _) => PickupTime::MinutesBefore(m),
                (None, Some(at)) => PickupTime::At(
                    crate::domain::schedule::parse_time(at.trim())
                        .map_err(|e| CliError::Input(format!("--at: {e}")))?,
                ),
                (None, None) => return Err(CliError::Usage("give --minutes-before N or --at HH:MM".into())),
            };
            let p = core
                .add_pickup(&tour, &name, time, position, key_of(key.as_deref())?)
                .await?;
            let text = format!(
                "Pickup point {} added to {}: stop {} {}, {}{}",
                p.pickup_point_id,
                one_line(&p.tour),
                p.position,
                one_line(&p.name),
                when(p.minutes_before, p.at_time),
                again(p.replayed)
            );
            Ok(Output::new(json(&p), text))
        }
        PickupCmd::List { tour } => {
            let list = core.pickup_list(&tour).await?;
            let mut text = String::new();
            for p in &list {
                let _ = writeln!(
                    text,
                    "{:>4}  {:>2}. {:<28} {:<16} {} booking(s){}",
                    p.pickup_point_id,
                    p.position,
                    one_line(&p.name),
                    when(p.minutes_before, p.at_time),
                    p.bookings,
                    if p.active { "" } else { "  (removed)" }
                );
            }
            if list.is_empty() {
                text.push_str("No pickup points yet: `tourdesk pickup add --tour NAME --name TEXT --minutes-before N`");
            }
            Ok(Output::new(
                serde_json::json!({ "tour": tour.trim(), "pickup_points": list }),
                text.trim_end(),
            ))
        }
        PickupCmd::Remove { point, key } => {
            let r = core
                .remove_pickup(PickupPointId(point), key_of(key.as_deref())?)
                .await?;
            let mut text = format!(
                "Pickup point {} ({}, {}) {}{}",
                r.pickup_point_id,
                one_line(&r.name),
                one_line(&r.tour),
                if r.changed { "removed" } else { "was removed already" },
                again(r.replayed)
            );
            if r.bookings.is_empty() {
                text.push_str("; no bookings to come use it");
            } else {
                let _ = write!(
                    text,
                    "; {} booking(s) to come chose it (`tourdesk booking pickup NUMBER --point ID`):",
                    r.bookings.len()
                );
                for b in &r.bookings {
                    let _ = write!(
                        text,
                        "\n  {}  departure {} {}  {} seat(s)  {} {}",
                        b.booking_number,
                        b.departure_id,
                        time::show(b.starts_at, &b.time_zone),
                        b.seats,
                        one_line(&b.contact_name),
                        one_line(&b.contact_phone)
                    );
                }
            }
            Ok(Output::new(json(&r), text))
        }
    }
}

pub(super) async fn booking_pickup(core: &Core, a: BookingPickupArgs) -> Res {
    let point = if a.none { None } else { a.point.map(PickupPointId) };
    let p = core
        .set_booking_pickup(&a.booking_number, point, key_of(a.key.as_deref())?)
        .await?;
    let stop = match (&p.pickup, p.pickup_at) {
        (Some(name), Some(at)) => {
            let zone = match core.departure(p.departure_id).await {
                Ok(d) => d.time_zone,
                Err(_) => "UTC".to_string(),
            };
            format!("picked up at {} ({})", one_line(name), time::show(at, &zone))
        }
        _ => "no pickup (comes to the meeting point)".to_string(),
    };
    let text = format!(
        "{}: {stop}{}{}",
        p.booking_number,
        if p.changed { "" } else { " — unchanged" },
        again(p.replayed)
    );
    Ok(Output::new(json(&p), text))
}

pub(super) async fn manifest(
    core: &Core,
    departure: i64,
    csv: Option<&std::path::Path>,
    out: Option<&std::path::Path>,
) -> Res {
    let m = core.pickup_manifest(DepartureId(departure)).await?;
    if let Some(path) = csv {
        write_csv(&m, path)?;
    }
    let mut written = Vec::new();
    if let Some(dir) = out {
        let path = dir.join(format!("{}.csv", pickups_stem(m.departure_id)));
        write_csv(&m, &path)?;
        written.push(path);
        written.extend(write_pickup_png(&m, dir).map_err(|e| CliError::Input(e.to_string()))?);
    }
    let mut text = format!(
        "{} · {} · pickups\n",
        one_line(&m.tour),
        time::show(m.starts_at, &m.time_zone)
    );
    for g in &m.stops {
        let head = match (&g.name, g.pickup_at) {
            (Some(name), Some(at)) => format!(
                "{:>2}. {}  {}{}",
                g.position.unwrap_or(0),
                clock(at, &m.time_zone),
                one_line(name),
                if g.active { "" } else { " (removed)" }
            ),
            _ => "--  no pickup".to_string(),
        };
        let currency = g.parties.first().map_or("", |p| p.currency.as_str());
        let _ = writeln!(
            text,
            "{head}  ·  {} adult(s) {} child(ren){}",
            g.adults,
            g.children,
            if g.unpaid_minor > 0 {
                format!("  ·  unpaid {}", money(g.unpaid_minor, currency))
            } else {
                String::new()
            }
        );
        for p in &g.parties {
            let _ = writeln!(
                text,
                "      {}  {:<24} {:<16} {}+{}{}",
                p.booking_number,
                one_line(&p.contact_name),
                one_line(&p.contact_phone),
                p.adults,
                p.children,
                if p.unpaid_minor > 0 {
                    format!("  unpaid {}", money(p.unpaid_minor, &p.currency))
                } else {
                    String::new()
                }
            );
            let _ = writeln!(text, "        {}", one_line(&p.names.join(", ")));
        }
    }
    if let Some(path) = csv {
        let _ = writeln!(text, "CSV written to {}", path.display());
    }
    for path in &written {
        let _ = writeln!(text, "Written to {}", path.display());
    }
    let mut value = json(&m);
    if let Some(o) = value.as_object_mut()
        && out.is_some()
    {
        o.insert("files".into(), json(&written));
    }
    Ok(Output::new(value, text.trim_end()))
}

/// A stop of a departure's pickup run as `manifest --pickup NAME` names it.
pub(super) struct NamedStop {
    /// "2. 06:20 Hotel Petropavlovsk"
    pub title: String,
    pub bookings: HashSet<String>,
}

/// The `--pickup` word for the people coming without a pickup (the
/// meeting point); a stop of that name, if one existed, would win.
const NO_PICKUP: &str = "none";

/// The stop of `departure` called `name` (any case; [`NO_PICKUP`]: the
/// bookings without a pickup); a name it does not have is refused with the
/// ones it has.
pub(super) async fn stop_named(core: &Core, departure: DepartureId, name: &str) -> Result<NamedStop, CliError> {
    let m = core.pickup_manifest(departure).await?;
    let want = name.trim().to_lowercase();
    let found = m
        .stops
        .iter()
        .find(|g| g.name.as_deref().is_some_and(|n| n.trim().to_lowercase() == want))
        .or_else(|| {
            (want == NO_PICKUP)
                .then(|| m.stops.iter().find(|g| g.pickup_point_id.is_none()))
                .flatten()
        });
    match found {
        Some(g) => Ok(NamedStop {
            title: stop_title(g, &m.time_zone),
            bookings: g.parties.iter().map(|p| p.booking_number.clone()).collect(),
        }),
        // NO_PICKUP with nobody coming without a pickup: nobody
        None if want == NO_PICKUP => Ok(NamedStop {
            title: stop_title(&empty_group(), &m.time_zone),
            bookings: HashSet::new(),
        }),
        None => {
            let names: Vec<String> = m
                .stops
                .iter()
                .filter_map(|g| g.name.as_deref())
                .map(|n| format!("\"{}\"", one_line(n)))
                .collect();
            Err(CliError::Input(if names.is_empty() {
                format!("departure {} has no pickup stops: leave out --pickup", departure.0)
            } else {
                format!(
                    "departure {} has no pickup stop \"{}\"; its stops: {} (or \"none\")",
                    departure.0,
                    one_line(name.trim()),
                    names.join(", ")
                )
            }))
        }
    }
}

fn empty_group() -> PickupGroup {
    PickupGroup {
        pickup_point_id: None,
        position: None,
        name: None,
        pickup_at: None,
        active: true,
        adults: 0,
        children: 0,
        unpaid_minor: 0,
        parties: Vec::new(),
    }
}

/// One line per party, stops in route order (the parties without a pickup
/// last); every cell made safe for a spreadsheet (safe_text.rs).
fn write_csv(m: &PickupManifest, path: &std::path::Path) -> Result<(), CliError> {
    let err = |e: &dyn std::fmt::Display| CliError::Input(format!("cannot write {}: {e}", path.display()));
    // phones and balances: 0600, as the PNG pages
    let file = crate::private::create_file(path, false).map_err(|e| err(&e))?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record([
        "stop",
        "pickup",
        "pickup_time",
        "booking_number",
        "contact_name",
        "contact_phone",
        "adults",
        "children",
        "names",
        "unpaid_minor",
        "currency",
    ])
    .map_err(|e| err(&e))?;
    for g in &m.stops {
        for p in &g.parties {
            let cells = [
                g.position.map(|n| n.to_string()).unwrap_or_default(),
                g.name.clone().unwrap_or_default(),
                g.pickup_at.map(|t| time::rfc3339(t, &m.time_zone)).unwrap_or_default(),
                p.booking_number.clone(),
                p.contact_name.clone(),
                p.contact_phone.clone(),
                p.adults.to_string(),
                p.children.to_string(),
                p.names.join("; "),
                p.unpaid_minor.to_string(),
                p.currency.clone(),
            ];
            w.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))
                .map_err(|e| err(&e))?;
        }
    }
    w.flush().map_err(|e| err(&e))
}
