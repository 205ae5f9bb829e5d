//! `return`, `rollcall`, `muster` and `return-grace`: the return roll-call
//! at the end of a trip (booking::rollcall). The server decides who is out,
//! back, left or missing, at its own time; a return's key was decided before
//! anything was sent (commands::write_key), so a retry with `--key` is safe.
//! The muster list is written twice, as CSV for a spreadsheet and as PNG
//! pages to print (service::muster, the kiosk's writers).
//!
//! On a prepared field laptop `return`, `rollcall` and `muster` answer from
//! its store when the database does not (rollcall_field.rs); the requests
//! and the words are these.

use super::commands::key_of;
use super::output::{CliError, Output};
use super::rollcall_args::ReturnArgs;
use super::safe_text::one_line;
use super::time;
use crate::booking::{Core, ReturnOutcome, ReturnRequest, ReturnSubject, Rollcall, RollcallCounts, RollcallPerson};
use crate::domain::{DepartureId, ParticipantRef, ReturnState};
use crate::service::muster::{muster_path, write_muster, write_muster_png};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::Path;

type Res = Result<Output, CliError>;

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn counts_line(c: &RollcallCounts) -> String {
    format!(
        "{} checked in: {} back, {} out, {} missing, {} left the group",
        c.checked_in, c.back, c.out, c.missing, c.left
    )
}

/// `tourdesk return …`
pub(super) async fn record(core: &Core, a: ReturnArgs) -> Res {
    let r = core.record_return(&request(a)?).await?;
    Ok(returned(&r))
}

/// The request `tourdesk return …` names: its key was decided before (write_key).
pub(super) fn request(a: ReturnArgs) -> Result<ReturnRequest, CliError> {
    let departure = a.departure.map(DepartureId);
    let participant = match a.participant.as_deref() {
        Some(p) => Some(ParticipantRef::parse(p).ok_or_else(|| {
            CliError::Input(format!(
                "--participant {p:?}: a participant id, or SALE/POSITION as the laptop's roll-call lists \
                 the people of its offline sales (e.g. 17/2)"
            ))
        })?),
        None => None,
    };
    let subject = match (a.code, participant) {
        (Some(code), _) => ReturnSubject::Code(code),
        (None, Some(p)) => ReturnSubject::Participant(p),
        (None, None) => match departure {
            Some(d) if a.everyone => ReturnSubject::Everyone(d),
            _ => {
                return Err(CliError::Usage(
                    "give a code, --participant ID or --everyone --departure ID".into(),
                ));
            }
        },
    };
    Ok(ReturnRequest {
        subject,
        state: if a.left { ReturnState::Left } else { ReturnState::Back },
        departure,
        note: a.note.unwrap_or_default(),
        key: key_of(a.key.as_deref())?,
    })
}

/// A return's answer, as a script and a person read it.
pub(super) fn returned(r: &ReturnOutcome) -> Output {
    Output::new(to_json(r), outcome_text(r))
}

fn outcome_text(r: &ReturnOutcome) -> String {
    let mut text = String::new();
    let word = match r.state {
        ReturnState::Back => "Back",
        ReturnState::Left => "Left the group",
    };
    for p in &r.recorded {
        let _ = writeln!(text, "{word}: {} ({})", one_line(&p.name), one_line(&p.booking_number));
    }
    for p in &r.already {
        let _ = writeln!(
            text,
            "Already {}: {} ({}) at {}{}{}",
            if p.state == ReturnState::Back {
                "back"
            } else {
                "left the group"
            },
            one_line(&p.name),
            one_line(&p.booking_number),
            p.at.format("%Y-%m-%d %H:%M UTC"),
            if p.staff.is_empty() {
                String::new()
            } else {
                format!(" by {}", one_line(&p.staff))
            },
            if p.device.is_empty() {
                String::new()
            } else {
                format!(" on {}", one_line(&p.device))
            },
        );
    }
    if r.recorded.is_empty() && r.already.is_empty() {
        text.push_str("Nobody was out to come back.\n");
    }
    let _ = write!(text, "Departure {}: {}", r.departure_id.0, counts_line(&r.counts));
    if r.replayed {
        text.push_str(" — already done with this key");
    }
    text
}

/// `tourdesk rollcall DEP`
pub(super) async fn show(core: &Core, departure: i64) -> Res {
    let r = core.rollcall(DepartureId(departure)).await?;
    Ok(shown(&r))
}

/// A roll-call, as a script and a person read it.
pub(super) fn shown(r: &Rollcall) -> Output {
    Output::new(to_json(r), rollcall_text(r))
}

fn rollcall_text(r: &Rollcall) -> String {
    let z = &r.time_zone;
    let mut text = String::new();
    if r.offline {
        // the laptop's answer: what it holds, at its own (corrected) clock
        let _ = writeln!(
            text,
            "OFFLINE: as this laptop knows it at {}; people of its offline sales not synced yet are \
             SALE/POSITION",
            time::show(r.as_of, z)
        );
    }
    let _ = write!(
        text,
        "{} · {} · ends {} · missing after {} ({} min grace)\n{}\n",
        one_line(&r.tour),
        time::show(r.starts_at, z),
        time::show(r.ends_at, z),
        time::show(r.missing_after, z),
        r.grace_minutes,
        counts_line(&r.counts)
    );
    for (title, people) in [
        ("MISSING", &r.missing),
        ("Out", &r.out),
        ("Left the group", &r.left),
        ("Back", &r.back),
    ] {
        if people.is_empty() {
            continue;
        }
        let _ = writeln!(text, "{title} ({}):", people.len());
        for p in people {
            person_line(&mut text, p, z);
        }
    }
    text.trim_end().to_string()
}

fn person_line(text: &mut String, p: &RollcallPerson, zone: &str) {
    let _ = write!(
        text,
        "{:>6}  {}  {:<28} phone {}",
        p.participant_id.label(),
        one_line(&p.booking_number),
        one_line(&p.name),
        if p.phone.is_empty() {
            "-".into()
        } else {
            one_line(&p.phone)
        }
    );
    if let Some(t) = p.returned_at {
        let _ = write!(text, "  at {}", time::show(t, zone));
    }
    text.push('\n');
    for (label, value) in [
        ("emergency", &p.emergency_contact),
        ("medical", &p.medical_notes),
        ("note", &p.note),
    ] {
        if !value.is_empty() {
            let _ = writeln!(text, "{:>8}! {label}: {}", "", one_line(value));
        }
    }
}

/// `tourdesk muster DEP --out DIR`: `DIR/muster-DEP.csv` and
/// `DIR/muster-DEP.png` (`-p1.png`, `-p2.png`, … when it takes pages).
pub(super) async fn muster(core: &Core, departure: i64, dir: &Path) -> Res {
    let r = core.rollcall(DepartureId(departure)).await?;
    write_all(&r, dir)
}

/// The muster list of a roll-call, written into `dir`.
pub(super) fn write_all(r: &Rollcall, dir: &Path) -> Res {
    let departure = r.departure_id.0;
    let path = muster_path(dir, r.departure_id);
    write_csv(r, &path)?;
    let pages = write_muster_png(r, dir).map_err(|e| CliError::Input(e.to_string()))?;
    let mut text = format!("Muster list of departure {departure} written to {}", path.display());
    for p in &pages {
        let _ = write!(text, "\n  and {}", p.display());
    }
    let _ = write!(text, "\n{}", counts_line(&r.counts));
    if r.offline {
        let _ = write!(text, "\nOFFLINE: as this laptop knows it (not synced entries included)");
    }
    Ok(Output::new(
        json!({"departure_id": departure, "csv": path, "png": pages, "counts": r.counts, "as_of": r.as_of,
               "offline": r.offline}),
        text,
    ))
}

fn write_csv(r: &Rollcall, path: &Path) -> Result<(), CliError> {
    let err = |e: &dyn std::fmt::Display| CliError::Input(format!("cannot write {}: {e}", path.display()));
    let file = std::fs::File::create(path).map_err(|e| err(&e))?;
    // one writer with the kiosk's (service::muster)
    write_muster(r, file).map_err(|e| err(&e))
}

/// `tourdesk return-grace [MINUTES]`
pub(super) async fn grace(core: &Core, minutes: Option<u32>) -> Res {
    let changed = match minutes {
        Some(m) => Some(core.set_return_grace(m).await?),
        None => None,
    };
    let minutes = core.return_grace_minutes().await?;
    let text = match changed {
        Some(true) => format!("People still out {minutes} minutes after a departure's end are now MISSING."),
        Some(false) => {
            format!("People still out {minutes} minutes after a departure's end are already MISSING (unchanged).")
        }
        None => format!("People still out {minutes} minutes after a departure's end are MISSING."),
    };
    Ok(Output::new(
        json!({"return_grace_minutes": minutes, "changed": changed}),
        text,
    ))
}
