//! `tourdesk weather parties|rebook`, `tourdesk rebook refund|credit` and
//! `tourdesk voucher show`: after a weather cancellation, through the
//! service (booking::rebook). Times in the cancelled departure's zone (a
//! plan's alternatives in their own). The JSON is the service's values as
//! serde writes them, as for `pay` (cli::money); the text is for the desk.
//!
//! `weather rebook --dry-run` shows the plan and changes nothing; without
//! the flag it runs the bulk rebooking (`Service::rebook_all`): each party
//! moved, left (fits nowhere) or failed, on its own line.

use super::args::{RebookCmd, VoucherCmd, WeatherCmd};
use super::commands::{key_of, money};
use super::output::{CliError, Output};
use super::safe_text::one_line;
use super::time;
use crate::booking::{Core, PlannedParty, RebookOutcome, RebookParty, Resolution, Voucher};
use crate::domain::{DepartureId, RebookStatus};
use crate::service::{RebookRun, Service};
use serde_json::{Value, json};
use std::fmt::Write;

type Res = Result<Output, CliError>;

pub(super) async fn weather(core: Core, cmd: WeatherCmd) -> Res {
    let service = Service::with_core(Some(core.clone()), None);
    match cmd {
        WeatherCmd::Parties { departure_id } => {
            let id = DepartureId(departure_id);
            let parties = service.rebookings(id).await?;
            let zone = core.departure(id).await?.time_zone;
            Ok(Output::new(
                json!({ "departure_id": id, "parties": parties }),
                parties_text(id, &parties, &zone),
            ))
        }
        WeatherCmd::Rebook {
            departure_id,
            to,
            dry_run: true,
            ..
        } => {
            let id = DepartureId(departure_id);
            let to: Vec<DepartureId> = to.into_iter().map(DepartureId).collect();
            let plan = service.rebook_plan(id, &to).await?;
            Ok(Output::new(
                json!({ "departure_id": id, "dry_run": true, "to": to, "plan": plan }),
                plan_text(id, &plan),
            ))
        }
        WeatherCmd::Rebook {
            departure_id,
            to,
            dry_run: false,
            key,
        } => {
            let id = DepartureId(departure_id);
            let to: Vec<DepartureId> = to.into_iter().map(DepartureId).collect();
            let run = service.rebook_all(id, &to, key_of(key.as_deref())?).await?;
            Ok(Output::new(
                json!({ "departure_id": id, "dry_run": false, "to": to, "moved": run.moved,
                        "not_fitted": run.not_fitted, "failed": run.failed }),
                run_text(id, &run),
            ))
        }
    }
}

pub(super) async fn rebook(core: Core, cmd: RebookCmd) -> Res {
    let (number, how, key) = match cmd {
        RebookCmd::Refund { booking_number, key } => (booking_number, Resolution::Refund, key),
        RebookCmd::Credit { booking_number, key } => (booking_number, Resolution::Credit, key),
    };
    let key = key_of(key.as_deref())?;
    let outcome = Service::with_core(Some(core), None)
        .rebook_resolve(&number, how, key)
        .await?;
    Ok(Output::new(
        serde_json::to_value(&outcome).unwrap_or(Value::Null),
        outcome_text(&outcome),
    ))
}

pub(super) async fn voucher(core: Core, cmd: VoucherCmd) -> Res {
    let VoucherCmd::Show { code } = cmd;
    let v = Service::with_core(Some(core.clone()), None).voucher(&code).await?;
    let zone = core.time_zone().await?.to_string();
    Ok(Output::new(
        serde_json::to_value(&v).unwrap_or(Value::Null),
        voucher_text(&v, &zone),
    ))
}

fn run_text(id: DepartureId, run: &RebookRun) -> String {
    let mut out = format!(
        "Departure {id}: {} party(ies) moved, {} still to rebook (no room), {} failed",
        run.moved.len(),
        run.not_fitted.len(),
        run.failed.len()
    );
    for m in &run.moved {
        let to = m.to_departure_id.map_or_else(String::new, |d| d.to_string());
        let again = if m.replayed { " (moved before)" } else { "" };
        let _ = write!(
            out,
            "\n  {}  {} seat(s)  -> departure {to}{again}",
            m.booking_number, m.seats
        );
    }
    for p in &run.not_fitted {
        let _ = write!(
            out,
            "\n  {}  {} seat(s)  no room: still to rebook ({}, {})",
            p.booking_number,
            p.seats,
            one_line(&p.contact_name),
            one_line(&p.contact_phone)
        );
    }
    for f in &run.failed {
        let _ = write!(
            out,
            "\n  {}  {} seat(s)  not moved: {}",
            f.party.booking_number,
            f.party.seats,
            one_line(&f.message)
        );
    }
    out
}

fn parties_text(id: DepartureId, parties: &[RebookParty], zone: &str) -> String {
    if parties.is_empty() {
        return format!("Departure {id} has no parties to rebook (it was not cancelled for weather)");
    }
    let open = parties.iter().filter(|p| p.status == RebookStatus::Open).count();
    let mut out = format!("Departure {id}: {} party(ies), {open} still to rebook", parties.len());
    for p in parties {
        let _ = write!(
            out,
            "\n  {}  {:<24} {:<16} {} seat(s)  {} held  {}",
            p.booking_number,
            one_line(&p.contact_name),
            if p.contact_phone.is_empty() {
                "(no phone)".into()
            } else {
                one_line(&p.contact_phone)
            },
            p.seats,
            money(p.paid_minor - p.refunded_minor, &p.currency),
            match (p.status, &p.voucher_code) {
                (RebookStatus::Open, _) => format!("to rebook by {}", time::show(p.due_at, zone)),
                (RebookStatus::Credited, Some(code)) => format!("credited: voucher {code}"),
                (s, _) => s.as_str().to_string(),
            }
        );
    }
    out
}

fn plan_text(id: DepartureId, plan: &[PlannedParty]) -> String {
    if plan.is_empty() {
        return format!("Departure {id}: no party is waiting to be rebooked");
    }
    let fit = plan.iter().filter(|p| p.to_departure.is_some()).count();
    let mut out = format!(
        "Departure {id}, dry run (nothing changed): {fit} of {} party(ies) would fit",
        plan.len()
    );
    for p in plan {
        let place = match (p.to_departure, p.to_starts_at, &p.to_time_zone) {
            (Some(to), Some(at), Some(zone)) => format!("-> departure {to} ({})", time::show(at, zone)),
            _ => "fits on none: stays to rebook".to_string(),
        };
        let _ = write!(
            out,
            "\n  {}  {:<24} {:<16} {} seat(s)  {place}",
            p.booking_number,
            one_line(&p.contact_name),
            one_line(&p.contact_phone),
            p.seats
        );
    }
    out
}

fn outcome_text(o: &RebookOutcome) -> String {
    let again = if o.replayed {
        " (already done with this key)"
    } else {
        ""
    };
    match (&o.voucher_code, o.voucher_amount_minor, o.voucher_expires_at) {
        (Some(code), Some(amount), Some(expires)) => format!(
            "{}: credited{again}: voucher {code} for {}, valid until {} UTC; the booking is cancelled",
            o.booking_number,
            money(amount, &o.currency),
            expires.format("%Y-%m-%d %H:%M")
        ),
        _ => format!(
            "{}: {}{again}: {} refunded; the booking is cancelled",
            o.booking_number,
            o.status,
            money(o.refund_minor, &o.currency)
        ),
    }
}

fn voucher_text(v: &Voucher, zone: &str) -> String {
    format!(
        "Voucher {}: {} left of {}, {} {}; issued for {}",
        v.code,
        money(v.remaining_minor, &v.currency),
        money(v.amount_minor, &v.currency),
        if v.expired { "expired" } else { "valid until" },
        time::show(v.expires_at, zone),
        v.issued_for
    )
}
