//! The muster list: who went out on a departure, who is back, left or
//! missing, with the contacts a search needs — one CSV writer for the CLI's
//! `muster` and the kiosk's return mode (`m`), so both write the same file.
//! It holds medical notes and emergency contacts: the kiosk writes it 0600
//! into the private data folder (`crate::private`).

use crate::booking::Rollcall;
use crate::domain::DepartureId;
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
            p.participant_id.0.to_string(),
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
