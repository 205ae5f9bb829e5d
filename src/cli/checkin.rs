//! `checkin`, `undo-checkin`, `no-show`, `close-checkin`, `manifest`, and the
//! words for each verdict.

use super::args::CheckinArgs;
use super::commands::key_of;
use super::output::{CliError, Output};
use super::safe_text::{csv_cell, one_line};
use super::time;
use super::verdict::verdict_text;
use crate::booking::{CheckIn, CheckInRequest, Core, Manifest};
use crate::domain::{DepartureId, ErrorCode, ParticipantId};
use crate::field::FieldStore;
use crate::service::{Answer, Service};
use serde_json::{Value, json};
use std::fmt::Write;
use std::io::BufRead;
use std::path::Path;
use std::time::Duration;

type Res = Result<Output, CliError>;

/// Exit code of a refused check-in (admitted: 0): a refusal like any other.
pub const REFUSED_EXIT: u8 = super::exit::REFUSED;

/// How long `checkin` waits for the database before it checks in offline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// `tourdesk checkin`: online when the database answers, else offline from
/// the field store (when this laptop was prepared).
pub async fn run(url: Option<&str>, store: &Path, a: CheckinArgs) -> Res {
    let mut store = if store.exists() {
        Some(FieldStore::open(store, &a.device).await?)
    } else {
        None
    };
    if let Some(e) = store.as_ref().and_then(FieldStore::expiry) {
        eprintln!("{}", e.describe());
    }
    // a prepared store is sealed: the PIN given (or asked) opens it for offline verdicts;
    // without one, online check-in works and an offline one says the store is sealed
    if let Some(s) = store.as_mut().filter(|s| !s.keyholders().is_empty())
        && let Some(pin) = super::auth::pin_if_any()
        && s.unlock(&pin).await?.is_none()
    {
        tracing::warn!("this PIN does not open the field store: offline check-in needs one of its keyholders");
    }
    let prepared = store.as_ref().is_some_and(|s| s.prepared_at().is_some());
    let core = match connect(url, &a.device).await {
        Ok(core) => Some(core),
        Err(e) if prepared && e.code() == ErrorCode::DbUnavailable => {
            tracing::warn!("checking in offline: {e}");
            None
        }
        Err(e) => return Err(e),
    };
    checkin(Service::with_core(core, store), a).await
}

async fn connect(url: Option<&str>, device: &str) -> Result<Core, CliError> {
    let pool = crate::db::connect_quick(url, crate::db::DEFAULT_POOL, CONNECT_TIMEOUT).await?;
    super::auth::core(pool, device, crate::booking::Source::Cli).await
}

async fn checkin(service: Service, a: CheckinArgs) -> Res {
    let departure = a.departure.map(DepartureId);
    let zone = match departure {
        Some(d) => service.departure_zone(d).await?,
        // no departure named: the operator's zone, the server's or the one taken along
        None => service.operator_zone().await?.name().to_string(),
    };
    let mut req = if let Some(p) = a.participant {
        CheckInRequest::participant(ParticipantId(p), departure)
    } else if let Some(b) = &a.booking {
        CheckInRequest::booking(b, departure)
    } else {
        CheckInRequest::scan(a.code.as_deref().unwrap_or_default(), departure)
    };
    req.location = a.location.clone();
    req.party_limit = a.only;
    if let Some(at) = &a.at {
        req.occurred_at = time::parse_instant(at, time::parse_tz(&zone)?)?;
        req.at = Some(req.occurred_at);
    }
    if a.event.is_some() {
        req.event_id = key_of(a.event.as_deref())
            .map_err(|_| CliError::Input(format!("--event {:?} is not a UUID", a.event.as_deref().unwrap_or(""))))?;
    }
    if a.code.as_deref() == Some("-") {
        return scanner_loop(&service, req).await;
    }
    let answer = service.check_in(&req).await?;
    Ok(answered(&answer))
}

/// A verdict, saying so when it was decided offline.
fn answered(a: &Answer) -> Output {
    let mut out = outcome(&a.check_in);
    if a.offline {
        if let Some(m) = out.json.as_object_mut() {
            m.insert("offline".into(), json!(true));
            m.insert("pending".into(), json!(a.pending));
        }
        out.text = format!(
            "{}\n  (OFFLINE: decided on this laptop and journalled; {} entr{} waiting to sync)",
            out.text.trim_end(),
            a.pending,
            if a.pending == 1 { "y" } else { "ies" }
        );
    }
    out
}

/// One verdict as an [`Output`]: exit 0 when admitted, 1 when refused.
pub fn outcome(c: &CheckIn) -> Output {
    let mut out = Output::new(serde_json::to_value(c).unwrap_or(Value::Null), verdict_text(c));
    out.exit_code = if c.verdict.is_admitted() { 0 } else { REFUSED_EXIT };
    out
}

/// A USB scanner on stdin, one verdict per scan (JSON Lines with --json),
/// until the end of input — or, at a terminal, until Esc / Ctrl-C. At a
/// terminal keys are read raw, so scanners with or without Enter work; from a
/// pipe a line is a scan (codes typed back to back are split). A bad line or
/// a failed scan is reported and the loop goes on: the scanner must keep
/// working. Exit 0 when every scan admitted.
async fn scanner_loop(service: &Service, template: CheckInRequest) -> Res {
    use std::io::IsTerminal;
    let json = std::env::args().any(|a| a == "--json");
    let mut tally = Tally::default();
    if std::io::stdin().is_terminal() {
        let mut scanner = super::scanner::TtyScanner::start()
            .map_err(|e| CliError::Input(format!("cannot read the keyboard: {e}")))?;
        while let Some(code) = scanner.next().await {
            for line in tally.scan(service, &template, &code, json).await {
                super::scanner::raw_line(&line);
            }
        }
    } else {
        let mut stdin = std::io::stdin().lock();
        let mut bytes = Vec::new();
        loop {
            bytes.clear();
            match stdin.read_until(b'\n', &mut bytes) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => return Err(CliError::Input(format!("cannot read stdin: {e}"))),
            }
            // a scanner in the wrong mode can send bytes that are not UTF-8: refuse that scan, not the rest
            let line = String::from_utf8_lossy(&bytes).to_string();
            for out in tally.scan(service, &template, &line, json).await {
                super::output::line(&out);
            }
        }
    }
    let mut out = Output::new(
        json!({"scans": tally.scans, "refused": tally.refused}),
        format!("{} scan(s), {} refused", tally.scans, tally.refused),
    );
    if json {
        out.json = Value::Null; // each scan was its own line
        out.text.clear();
    }
    out.exit_code = if tally.refused == 0 { 0 } else { REFUSED_EXIT };
    Ok(out)
}

#[derive(Default)]
struct Tally {
    scans: u32,
    refused: u32,
}

impl Tally {
    /// Checks in every code in `input`; returns the lines to print.
    async fn scan(&mut self, service: &Service, template: &CheckInRequest, input: &str, json: bool) -> Vec<String> {
        let mut lines = Vec::new();
        for code in crate::ticket::input::split_codes(input) {
            let mut req = CheckInRequest::scan(&code, template.departure);
            req.location = template.location.clone();
            req.party_limit = template.party_limit;
            self.scans += 1;
            match service.check_in(&req).await {
                Ok(a) => {
                    if !a.check_in.verdict.is_admitted() {
                        self.refused += 1;
                        if !json {
                            // the terminal bell: a refused scan is heard at a busy gate
                            lines.push("\u{7}".to_string());
                        }
                    }
                    let o = answered(&a);
                    lines.push(if json {
                        o.json.to_string()
                    } else {
                        o.text.trim_end().to_string()
                    });
                }
                Err(e) => {
                    self.refused += 1;
                    let e = CliError::from(e);
                    lines.push(if json {
                        json!({"error": {"code": e.code(), "message": e.to_string()}}).to_string()
                    } else {
                        format!("error [{}]: {e}", e.code())
                    });
                }
            }
        }
        lines
    }
}

pub async fn undo(core: &Core, participant: i64, reason: &str) -> Res {
    let u = core.undo_check_in(ParticipantId(participant), reason).await?;
    let zone = core.manifest_zone(ParticipantId(participant)).await?;
    let text = format!(
        "Check-in of participant {participant} undone (it was at {})",
        time::show(u.was_at, &zone)
    );
    Ok(Output::new(serde_json::to_value(&u).unwrap_or(Value::Null), text))
}

pub async fn no_show(core: &Core, participant: i64, reason: &str, clear: bool) -> Res {
    core.set_no_show(ParticipantId(participant), !clear, reason).await?;
    let text = if clear {
        format!("Participant {participant} is no longer a no-show")
    } else {
        format!("Participant {participant} marked as a no-show")
    };
    Ok(Output::new(
        json!({"participant_id": participant, "no_show": !clear}),
        text,
    ))
}

pub async fn close(core: &Core, departure: i64, force: bool) -> Res {
    let r = core.close_check_in(DepartureId(departure), force).await?;
    let zone = core.departure(DepartureId(departure)).await?.time_zone;
    let text = format!(
        "Check-in {} at {}: {} checked in, {} no-show(s)",
        if r.already_closed {
            "was already closed"
        } else {
            "closed"
        },
        time::show(r.closed_at, &zone),
        r.admitted,
        r.no_shows
    );
    Ok(Output::new(serde_json::to_value(&r).unwrap_or(Value::Null), text))
}

pub async fn reopen(core: &Core, departure: i64) -> Res {
    let n = core.reopen_check_in(DepartureId(departure)).await?;
    let text = format!("Check-in of departure {departure} is open; {n} no-show(s) from the close are expected again");
    Ok(Output::new(
        json!({"departure_id": departure, "no_shows_cleared": n}),
        text,
    ))
}

pub async fn manifest(core: &Core, departure: i64, csv: Option<&std::path::Path>, pickup: Option<&str>) -> Res {
    let mut m = core.manifest(DepartureId(departure)).await?;
    let stop = match pickup {
        Some(name) => {
            let stop = super::pickups::stop_named(core, DepartureId(departure), name).await?;
            at_stop(&mut m, &stop.bookings);
            Some(stop.title)
        }
        None => None,
    };
    if let Some(path) = csv {
        write_csv(&m, path)?;
    }
    let mut text = format!(
        "{} · {} · {} in, {} expected, {} no-show(s){}\n",
        one_line(&m.tour),
        time::show(m.starts_at, &m.time_zone),
        m.admitted,
        m.expected,
        m.no_shows,
        m.check_in_closed_at
            .map(|t| format!(" · check-in closed {}", time::show(t, &m.time_zone)))
            .unwrap_or_default()
    );
    if let Some(title) = &stop {
        let _ = writeln!(text, "pickup stop {}", one_line(title));
    }
    for r in &m.rows {
        let when = r
            .checked_in_at
            .map(|t| {
                format!(
                    " {}",
                    t.with_timezone(&time::parse_tz(&m.time_zone).unwrap_or_default())
                        .format("%H:%M")
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "{:>6}  {}  {:<28} {:<5}  {:<9}{when}",
            r.participant_id,
            one_line(&r.booking_number),
            one_line(&r.name),
            r.kind.as_str(),
            r.state.as_str()
        );
        for a in r.attention() {
            let _ = writeln!(text, "{:>8}! {}", "", one_line(&a));
        }
    }
    if let Some(path) = csv {
        let _ = writeln!(text, "CSV written to {}", path.display());
    }
    let mut value = serde_json::to_value(&m).unwrap_or(Value::Null);
    if let (Some(o), Some(title)) = (value.as_object_mut(), stop) {
        o.insert("pickup".into(), Value::String(title));
    }
    Ok(Output::new(value, text))
}

/// Keeps the rows of these bookings, and counts them again.
fn at_stop(m: &mut Manifest, bookings: &std::collections::HashSet<String>) {
    use crate::domain::ManifestState;
    m.rows.retain(|r| bookings.contains(&r.booking_number));
    let count = |s: ManifestState| m.rows.iter().filter(|r| r.state == s).count();
    m.admitted = count(ManifestState::Admitted);
    m.expected = count(ManifestState::Expected);
    m.no_shows = count(ManifestState::NoShow);
}

fn write_csv(m: &Manifest, path: &std::path::Path) -> Result<(), CliError> {
    let err = |e: &dyn std::fmt::Display| CliError::Input(format!("cannot write {}: {e}", path.display()));
    let mut w = csv::Writer::from_path(path).map_err(|e| err(&e))?;
    w.write_record([
        "participant_id",
        "booking_number",
        "name",
        "kind",
        "state",
        "checked_in_at",
        "checked_in_by",
        "device",
        "method",
        "no_show_reason",
        "attention",
        "contact_name",
        "contact_phone",
    ])
    .map_err(|e| err(&e))?;
    for r in &m.rows {
        let cells = [
            r.participant_id.to_string(),
            r.booking_number.clone(),
            r.name.clone(),
            r.kind.to_string(),
            r.state.as_str().to_string(),
            r.checked_in_at
                .map(|t| time::rfc3339(t, &m.time_zone))
                .unwrap_or_default(),
            r.checked_in_by.clone(),
            r.checked_in_device.clone(),
            r.check_in_method.map_or("", |m| m.as_str()).to_string(),
            r.no_show_reason.clone(),
            r.attention().join("; "),
            r.contact_name.clone(),
            r.contact_phone.clone(),
        ];
        // every cell: names, notes and phones are typed by people (safe_text.rs)
        w.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))
            .map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))
}
