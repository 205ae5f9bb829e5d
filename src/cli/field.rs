//! `tourdesk field …`: prepare a laptop, sync its journal, see its state and
//! conflicts, sell from its allotment, give seats back.

use super::args::FieldCmd;
use super::commands::{money, party_of_args, payment_of_args};
use super::field_conflict::conflict_text;
use super::field_pins;
use super::output::{CliError, Output};
use super::time;
use crate::booking::Core;
use crate::domain::DepartureId;
use crate::field::{self, FieldStore, OfflineSale, SyncReport};
use crate::service::{Prepare, Review, Service, TakeAlong};
use chrono_tz::Tz;
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

type Res = Result<Output, CliError>;

/// How long field commands wait for the database before working offline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

async fn online(url: Option<&str>, device: &str) -> Result<Core, CliError> {
    let pool = crate::db::connect_quick(url, crate::db::DEFAULT_POOL, CONNECT_TIMEOUT).await?;
    super::auth::core(pool, device, crate::booking::Source::Field).await
}

pub async fn run(url: Option<&str>, path: &Path, device: &str, cmd: FieldCmd) -> Res {
    let mut store = FieldStore::open(path, device).await?;
    let device = store.device().to_string();
    // the operator's zone as the last prepare took it along: times where no
    // departure is named, online or not
    let zone = store.time_zone();
    if let Some(e) = store.expiry() {
        eprintln!("{}", e.describe());
    }
    match cmd {
        FieldCmd::Prepare {
            date,
            departure,
            allotment,
            also,
        } => prepare(url, store, &device, date, departure, allotment, also).await,
        FieldCmd::Sync { retry_failed } => sync(url, store, &device, retry_failed, zone).await,
        FieldCmd::Status => {
            let online = online(url, &device).await.is_ok();
            let s = store.status(online).await?;
            let mut text = format!(
                "{} — {}; {} entr{} waiting to sync; last sync {}; prepared {}",
                s.device,
                if s.online { "ONLINE" } else { "OFFLINE" },
                s.pending,
                if s.pending == 1 { "y" } else { "ies" },
                s.last_sync.map_or("never".into(), |t| time::show(t, zone.name())),
                s.prepared_at.map_or("never".into(), |t| time::show(t, zone.name())),
            );
            if let Some(e) = &s.expiry {
                let _ = write!(text, "\n{}", e.describe());
            }
            if !s.wrapped_for.is_empty() {
                let ids: Vec<String> = s.wrapped_for.iter().map(|d| d.to_string()).collect();
                let _ = write!(
                    text,
                    "\nPersonal data sealed; it opens with the PIN of staff {} ({})",
                    ids.join(", "),
                    if s.sealed { "not opened by this command" } else { "open" }
                );
            }
            if !s.departures.is_empty() {
                let ids: Vec<String> = s.departures.iter().map(|d| d.to_string()).collect();
                let _ = write!(text, "\nDepartures taken along: {}", ids.join(", "));
            }
            if s.prepared_at.is_some() {
                let _ = write!(
                    text,
                    "\nSigning keys taken along: {} (a key made since needs a new prepare)",
                    key_list(&s.key_ids)
                );
            }
            for a in &s.allotments {
                let _ = write!(
                    text,
                    "\nAllotment {} on departure {}: {} of {} seat(s) left ({}, until {})",
                    a.hold_id,
                    a.departure_id,
                    a.left,
                    a.leased,
                    a.status,
                    time::show(a.expires_at, zone.name())
                );
            }
            if let Some(c) = &s.clock {
                let _ = write!(
                    text,
                    "\nClock: the laptop's was {} when last measured ({}); offline time now {} ({})",
                    field::describe_skew(c.skew()),
                    time::show(c.server_at, zone.name()),
                    time::show(s.now.at, zone.name()),
                    time_source(s.now.source)
                );
            }
            if let Some(w) = &s.clock_warning {
                let _ = write!(
                    text,
                    "\nWARNING: the laptop's clock was set {} at {} (it read {}): offline entries keep the \
                     corrected time. Set the clock right (or turn on network time) and prepare again.",
                    w.describe(),
                    time::show(w.detected_at, zone.name()),
                    time::show(w.wall, zone.name())
                );
            }
            if s.failed > 0 {
                let _ = write!(
                    text,
                    "\n{} entr{} refused by the server: see `tourdesk field conflicts`",
                    s.failed,
                    if s.failed == 1 { "y" } else { "ies" }
                );
            }
            Ok(Output::new(serde_json::to_value(&s).unwrap_or(Value::Null), text))
        }
        FieldCmd::Conflicts { all } => conflicts(url, store, &device, all, zone).await,
        FieldCmd::Resolve { conflict_id, note } => {
            let core = online(url, &device).await?;
            let c = Service::with_core(Some(core), Some(store))
                .resolve(conflict_id, &note)
                .await?;
            Ok(Output::new(
                serde_json::to_value(&c).unwrap_or(Value::Null),
                format!("Conflict {} resolved: {}", c.id, c.resolution),
            ))
        }
        FieldCmd::Release { departure } => release(url, store, &device, departure).await,
        FieldCmd::Sell {
            departure_id,
            party,
            name,
            phone,
            payment,
            reference,
            location,
            language,
        } => {
            field_pins::unlock(&mut store).await?;
            let mut sale = OfflineSale::new(DepartureId(departure_id), party_of_args(&party)?, &name);
            sale.language = language.map(crate::booking::Language::from);
            sale.contact_phone = phone;
            sale.payment = payment_of_args(payment, String::new()).method;
            sale.payment_reference = reference;
            sale.location = location;
            // sold from the allotment whatever the link, then sent now when
            // the database answers; offline it waits in the journal
            let service = Service::with_core(None, Some(store));
            let r = service.sell_offline(&sale).await?;
            let synced = match online(url, &device).await {
                Ok(core) => {
                    service.attach(core);
                    service.sync(|_| {}).await.ok()
                }
                Err(_) => None,
            };
            let pending = service.pending().await;
            let mut text = format!(
                "Sold {} — {} adult(s), {} child(ren), {} ({}); everyone checked in. Confirmation {}. \
                 {} seat(s) left to sell offline.",
                r.booking_number,
                r.adults,
                r.children,
                money(r.total_minor, &r.currency),
                r.payment_method,
                r.confirmation_code,
                r.allotment_left
            );
            match &synced {
                Some(s) if s.conflicts.is_empty() => text.push_str("\nSynced."),
                Some(s) => {
                    for c in &s.conflicts {
                        let _ = write!(text, "\n{}", conflict_text(c, zone));
                    }
                }
                None => {
                    let _ = write!(text, "\nOFFLINE: {} entr(ies) waiting to sync.", pending);
                }
            }
            let mut j = serde_json::to_value(&r).unwrap_or(Value::Null);
            if let Some(m) = j.as_object_mut() {
                m.insert("synced".into(), json!(synced.is_some()));
                m.insert("pending".into(), json!(pending));
                m.insert("sync".into(), serde_json::to_value(&synced).unwrap_or(Value::Null));
            }
            let mut out = Output::new(j, text);
            if synced.is_some_and(|s| !s.conflicts.is_empty()) {
                out.exit_code = 1;
            }
            Ok(out)
        }
    }
}

/// Takes departures along (see `service::Prepare`): today's, a day's or
/// those named; sealed for whoever runs this and the `--also` names.
async fn prepare(
    url: Option<&str>,
    store: FieldStore,
    device: &str,
    date: Option<String>,
    departure: Vec<i64>,
    allotment: Option<u32>,
    also: Vec<String>,
) -> Res {
    let core = online(url, device).await?;
    // no day and no departure named: the server's today (prepare decides it)
    let take = match date {
        Some(day) if departure.is_empty() => TakeAlong::Day(time::date(&day)?),
        _ if departure.is_empty() => TakeAlong::Today,
        _ => TakeAlong::These(departure.into_iter().map(DepartureId).collect()),
    };
    // sealed for whoever runs this (an owner session has no PIN) and the --also names
    let pin = match core.actor().staff {
        Some(_) => Some(super::auth::pin()?),
        None => None,
    };
    let also = field_pins::also(&also)?;
    let store_path = store.path().to_path_buf();
    let mut service = Service::with_core(Some(core), Some(store));
    if let Some(pin) = pin {
        service = service.with_pin(pin);
    }
    let r = service
        .prepare_with(Prepare {
            take,
            allotment,
            also,
            keep_others: false,
        })
        .await?;
    // the zone just taken along
    let zone = service.store_zone().await;
    let mut text = format!(
        "Prepared {} for {} departure(s): {} bookings, {} participants ({} already in), {} verify key(s). \
         Personal data sealed; it opens with the PIN of: {}.",
        device,
        r.departures.len(),
        r.bookings,
        r.participants,
        r.checked_in,
        r.keys,
        r.wrapped_for.join(", ")
    );
    for a in &r.allotments {
        let _ = write!(
            text,
            "\nAllotment {} on departure {}: {} of {} seat(s) to sell offline, until {}",
            a.hold_id,
            a.departure_id,
            a.left,
            a.leased,
            time::show(a.expires_at, zone.name())
        );
    }
    if r.synced.applied + r.synced.already_applied > 0 {
        let _ = write!(text, "\n{}", sync_text(&r.synced, zone));
    }
    let _ = write!(
        text,
        "\nClock: the laptop's is {} (round trip {} ms); offline times are the server's.",
        field::describe_skew(r.clock.skew()),
        r.clock.round_trip_ms
    );
    let _ = write!(text, "\nSigning keys taken along: {}", key_list(&r.key_ids));
    let _ = write!(text, "\nStore: {}", store_path.display());
    Ok(Output::new(serde_json::to_value(&r).unwrap_or(Value::Null), text))
}

async fn sync(url: Option<&str>, mut store: FieldStore, device: &str, retry_failed: bool, zone: Tz) -> Res {
    let core = online(url, device).await?;
    if retry_failed {
        store.retry_failed().await?;
    }
    if store.pending() > 0 {
        field_pins::unlock(&mut store).await?;
    }
    let total = store.pending();
    let show_progress = !std::env::args().any(|a| a == "--json") && total >= 1000;
    let service = Service::with_core(Some(core), Some(store));
    let r = service
        .sync(|p| {
            if show_progress && p.done > 0 {
                eprint!("\rsynced {} of {}", p.done, p.total);
            }
        })
        .await?;
    if show_progress {
        eprintln!();
    }
    let mut out = Output::new(serde_json::to_value(&r).unwrap_or(Value::Null), sync_text(&r, zone));
    if !r.conflicts.is_empty() || !r.failed.is_empty() {
        out.exit_code = 1;
    }
    Ok(out)
}

/// The server's conflicts while it answers, else this laptop's own.
async fn conflicts(url: Option<&str>, mut store: FieldStore, device: &str, all: bool, zone: Tz) -> Res {
    let core = online(url, device).await.ok();
    if core.is_none() {
        field_pins::unlock(&mut store).await?;
    }
    match Service::with_core(core, Some(store)).review(all).await? {
        Review::Server(list) => {
            let mut text = if list.is_empty() {
                "No conflicts to review.".to_string()
            } else {
                format!("{} conflict(s) to review:", list.len())
            };
            for c in &list {
                let _ = write!(text, "\n{}", conflict_text(c, zone));
            }
            Ok(Output::new(json!({"online": true, "conflicts": list}), text))
        }
        Review::Laptop(list) => {
            let mut text = format!(
                "OFFLINE: what this laptop's syncs found ({}); other devices' conflicts need the network.",
                list.len()
            );
            for c in &list {
                if let Some(clock) = &c.clock {
                    let _ = write!(text, "\n{}", conflict_text(clock, zone));
                }
                match (&c.conflict, &c.failed) {
                    (Some(conflict), _) => {
                        let _ = write!(text, "\n{}", conflict_text(conflict, zone));
                    }
                    (None, Some(f)) => {
                        let _ = write!(text, "\n{} refused: {}", c.event_id, f.message);
                    }
                    _ => {}
                }
            }
            Ok(Output::new(json!({"online": false, "conflicts": list}), text))
        }
    }
}

async fn release(url: Option<&str>, mut store: FieldStore, device: &str, departure: Option<i64>) -> Res {
    let core = online(url, device).await?;
    if store.pending() > 0 {
        field_pins::unlock(&mut store).await?;
    }
    let service = Service::with_core(Some(core), Some(store));
    let released = service.release_allotments(departure.map(DepartureId)).await?.holds;
    let text = if released.is_empty() {
        "This laptop holds no allotment to give back.".to_string()
    } else {
        released
            .iter()
            .map(|(h, s)| format!("Allotment {h}: {s}; its unsold seats are free again"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let list: Vec<Value> = released
        .iter()
        .map(|(h, s)| json!({"hold_id": h, "status": s}))
        .collect();
    Ok(Output::new(json!({"released": list}), text))
}

fn time_source(s: field::TimeSource) -> &'static str {
    match s {
        field::TimeSource::Wall => "the laptop's clock: never measured",
        field::TimeSource::BootClock => "the server's, kept by the boot clock",
        field::TimeSource::CorrectedWall => "the laptop's clock, corrected: rebooted since the measurement",
        field::TimeSource::LastEntry => "the last journal entry's: the clock is behind it",
        field::TimeSource::Given => "as given",
    }
}

fn sync_text(r: &SyncReport, zone: Tz) -> String {
    let mut text = String::new();
    if let Some(c) = r.clock.as_ref().filter(|c| c.too_far()) {
        let _ = writeln!(
            text,
            "WARNING: the laptop's clock is {}: set it (or turn on network time) before the next prepare.",
            c.describe()
        );
    }
    let _ = write!(
        text,
        "Synced: {} applied, {} already applied before, {} conflict(s), {} refused; {} waiting.",
        r.applied,
        r.already_applied,
        r.conflicts.len(),
        r.failed.len(),
        r.pending
    );
    for c in &r.conflicts {
        let _ = write!(text, "\n{}", conflict_text(c, zone));
    }
    for f in &r.failed {
        let _ = write!(text, "\nrefused {} [{}]: {}", f.event_id, f.code, f.message);
    }
    text
}

/// Key ids as the field commands list them.
fn key_list(ids: &[u16]) -> String {
    if ids.is_empty() {
        "none".into()
    } else {
        ids.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
    }
}
