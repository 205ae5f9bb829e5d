//! The muster list: who went out on a departure, who is back, left or
//! missing, with the contacts a search needs — one CSV writer and one PNG
//! table for the CLI's `muster` and the kiosk's return mode (`m`), so both
//! write the same files. They hold medical notes and emergency contacts:
//! the PNG pages are always 0600, and the kiosk writes both into the
//! private data folder (`crate::private`).

use crate::booking::{Rollcall, RollcallPerson};
use crate::domain::{DepartureId, ParticipantKind};
use crate::render::{Column, Line, Table, TablePngError, render_table, write_pages};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A CSV cell that no spreadsheet evaluates: a cell beginning with `=`, `+`,
/// `-`, `@`, tab or CR is a formula to Excel and LibreOffice, so it gets a
/// leading `'` (OWASP's "CSV injection" advice). Names and notes are typed
/// by customers and clerks.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// `DIR/muster-DEP.csv`.
pub fn muster_path(dir: &Path, departure: DepartureId) -> PathBuf {
    dir.join(format!("muster-{}.csv", departure.0))
}

/// The PNG pages' name: `DIR/muster-DEP.png` (`-p1.png`, `-p2.png`, … when long).
pub fn muster_stem(departure: DepartureId) -> String {
    format!("muster-{}", departure.0)
}

/// RFC 3339 in the departure's zone (UTC when the zone is unknown).
fn rfc3339(t: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => t.with_timezone(&tz).to_rfc3339(),
        Err(_) => t.to_rfc3339(),
    }
}

/// Writes the roll-call as CSV: one header line, then everyone who went out
/// (missing first, then out, left, back).
pub fn write_muster<W: Write>(r: &Rollcall, out: W) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "state",
        "participant_id",
        "name",
        "kind",
        "booking_number",
        "contact_name",
        "phone",
        "emergency_contact",
        "medical_notes",
        "checked_in_at",
        "returned_at",
        "returned_by",
        "note",
        "missing_since",
    ])?;
    let z = &r.time_zone;
    let at = |t: Option<DateTime<Utc>>| t.map(|t| rfc3339(t, z)).unwrap_or_default();
    for p in r.everyone() {
        let cells = [
            p.state.as_str().to_string(),
            p.participant_id.label(),
            p.name.clone(),
            p.kind.as_str().to_string(),
            p.booking_number.clone(),
            p.contact_name.clone(),
            p.phone.clone(),
            p.emergency_contact.clone(),
            p.medical_notes.clone(),
            rfc3339(p.checked_in_at, z),
            at(p.returned_at),
            p.returned_by.clone(),
            p.note.clone(),
            at(p.missing_since),
        ];
        w.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}

/// A time as printed on paper, in the departure's zone.
pub(super) fn local(t: DateTime<Utc>, zone: &str, format: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => t.with_timezone(&tz).format(format).to_string(),
        Err(_) => format!("{} UTC", t.format(format)),
    }
}

/// The roll-call as a printable table: the departure and the counts on top,
/// then the missing first (a search starts with them), out, left, back.
pub fn muster_table(r: &Rollcall) -> Table {
    let z = &r.time_zone;
    let c = &r.counts;
    let mut title = vec![
        format!("Muster list · {} · departure {}", r.tour, r.departure_id.0),
        format!(
            "{} – ends {} · missing after {} ({} min grace) · {z}",
            local(r.starts_at, z, "%a %d %b %Y %H:%M"),
            local(r.ends_at, z, "%H:%M"),
            local(r.missing_after, z, "%H:%M"),
            r.grace_minutes
        ),
        format!(
            "{} checked in: {} back, {} out, {} MISSING, {} left the group",
            c.checked_in, c.back, c.out, c.missing, c.left
        ),
        format!(
            "As of {}{}",
            local(r.as_of, z, "%d %b %Y %H:%M"),
            if r.offline {
                " (this laptop's view, not the server's)"
            } else {
                ""
            }
        ),
    ];
    for d in &r.synced_devices {
        title.push(format!(
            "Laptop {} last synced {}",
            d.device,
            local(d.last_sync_at, z, "%d %b %H:%M")
        ));
    }
    // exactly the page's 100 characters (7 columns, 6 gaps of 2): a booking
    // number and a phone stay on one line
    let columns = vec![
        Column::new("Name", 18),
        Column::new("Booking", 9),
        Column::new("Phone", 14),
        Column::new("Emergency contact", 17),
        Column::new("Medical notes", 17),
        Column::new("Out / back", 11),
        Column::new("Note", 14),
    ];
    let mut lines = Vec::new();
    for (heading, people) in [
        ("MISSING", &r.missing),
        ("Out", &r.out),
        ("Left the group", &r.left),
        ("Back", &r.back),
    ] {
        if people.is_empty() {
            continue;
        }
        lines.push(Line::Section(format!("{heading} ({})", people.len())));
        lines.extend(people.iter().map(|p| Line::Row(muster_cells(p, z))));
    }
    if lines.is_empty() {
        lines.push(Line::Section("Nobody was checked in on this departure".into()));
    }
    Table { title, columns, lines }
}

fn muster_cells(p: &RollcallPerson, zone: &str) -> Vec<String> {
    let mut times = format!("out {}", local(p.checked_in_at, zone, "%H:%M"));
    if let Some(t) = p.returned_at {
        times.push_str(&format!(" {} {}", p.state.as_str(), local(t, zone, "%H:%M")));
    } else if let Some(t) = p.missing_since {
        times.push_str(&format!(" missing since {}", local(t, zone, "%H:%M")));
    }
    vec![
        match p.kind {
            ParticipantKind::Adult => p.name.clone(),
            ParticipantKind::Child => format!("{} (child)", p.name),
        },
        p.booking_number.clone(),
        p.phone.clone(),
        p.emergency_contact.clone(),
        p.medical_notes.clone(),
        times,
        p.note.clone(),
    ]
}

/// Writes the muster list's PNG pages into `dir` (0600) and returns them.
pub fn write_muster_png(r: &Rollcall, dir: &Path) -> Result<Vec<PathBuf>, TablePngError> {
    write_pages(&render_table(&muster_table(r)), dir, &muster_stem(r.departure_id))
}
