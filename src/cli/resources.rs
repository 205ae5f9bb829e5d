//! `tourdesk resource …` and `tourdesk guide …`: resources and guides of
//! departures (booking::resources). The server decides every refusal
//! (RESOURCE_BUSY, GUIDE_BUSY, RESOURCE_OUT_OF_SERVICE); a write's key was
//! decided before anything was sent (commands::write_key), so a retry with
//! the same `--key` is safe.

use super::args::{GuideCmd, ResourceCmd, ResourceKindArg};
use super::commands::key_of;
use super::output::{CliError, Output};
use super::time;
use crate::booking::Core;
use crate::domain::{DepartureId, ResourceKind};
use serde_json::Value;
use std::fmt::Write;

type Res = Result<Output, CliError>;

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn kind_of(k: ResourceKindArg) -> ResourceKind {
    match k {
        ResourceKindArg::Vehicle => ResourceKind::Vehicle,
        ResourceKindArg::Boat => ResourceKind::Boat,
        ResourceKindArg::Helicopter => ResourceKind::Helicopter,
        ResourceKindArg::Raft => ResourceKind::Raft,
        ResourceKindArg::EquipmentSet => ResourceKind::EquipmentSet,
    }
}

fn again(replayed: bool) -> &'static str {
    if replayed {
        " — already done with this key"
    } else {
        ""
    }
}

pub(super) async fn resource(core: &Core, cmd: ResourceCmd) -> Res {
    match cmd {
        ResourceCmd::Add { name, kind, seats, key } => {
            let r = core
                .add_resource(&name, kind_of(kind), seats, key_of(key.as_deref())?)
                .await?;
            let text = format!(
                "Resource {} added: {} {}, {} seats{}",
                r.resource_id,
                r.kind,
                r.name,
                r.seats,
                again(r.replayed)
            );
            Ok(Output::new(json(&r), text))
        }
        ResourceCmd::List => {
            let list = core.resources().await?;
            let mut text = String::new();
            for r in &list {
                let _ = write!(
                    text,
                    "{:>4}  {:<24} {:<13} {:>5} seats",
                    r.resource_id, r.name, r.kind, r.seats
                );
                if !r.departures.is_empty() {
                    let ids: Vec<String> = r.departures.iter().map(i64::to_string).collect();
                    let _ = write!(text, "  departures {}", ids.join(", "));
                }
                if !r.out_of_service.is_empty() {
                    let days: Vec<String> = r.out_of_service.iter().map(|d| d.to_string()).collect();
                    let _ = write!(text, "  out of service {}", days.join(", "));
                }
                text.push('\n');
            }
            if list.is_empty() {
                text.push_str("No resources yet: `tourdesk resource add --name NAME --kind helicopter --seats N`\n");
            }
            Ok(Output::new(serde_json::json!({ "resources": list }), text.trim_end()))
        }
        ResourceCmd::Assign {
            resource,
            departure,
            key,
        } => {
            let a = core
                .assign_resource(&resource, DepartureId(departure), key_of(key.as_deref())?)
                .await?;
            let text = format!(
                "{} ({} seats) {} departure {}; it leaves {} seat(s) free there{}",
                a.resource,
                a.seats,
                if a.changed { "now serves" } else { "already served" },
                a.departure_id,
                a.free.unwrap_or(a.seats).max(0),
                again(a.replayed)
            );
            Ok(Output::new(json(&a), text))
        }
        ResourceCmd::Edit { resource, seats, key } => {
            let e = core.edit_resource(&resource, seats, key_of(key.as_deref())?).await?;
            let text = if e.changed {
                format!(
                    "{} now has {} seats (was {}){}",
                    e.name,
                    e.seats,
                    e.seats_before,
                    again(e.replayed)
                )
            } else {
                format!("{} has {} seats already: nothing to do", e.name, e.seats)
            };
            Ok(Output::new(json(&e), text))
        }
        ResourceCmd::InService { resource, date } => {
            let day = time::date(&date)?;
            let i = core.resource_in_service(&resource, day).await?;
            let text = if i.changed {
                format!(
                    "{} is back in service on {}: {} departure(s) that day sell again",
                    i.resource,
                    i.day,
                    i.departures.len()
                )
            } else {
                format!("{} was not out of service on {}: nothing to do", i.resource, i.day)
            };
            Ok(Output::new(json(&i), text))
        }
        ResourceCmd::Unassign { resource, departure } => {
            let u = core.unassign_resource(&resource, DepartureId(departure)).await?;
            let text = if u.changed {
                format!("{} no longer serves departure {}", u.resource, u.departure_id)
            } else {
                format!(
                    "{} did not serve departure {}: nothing to do",
                    u.resource, u.departure_id
                )
            };
            Ok(Output::new(json(&u), text))
        }
        ResourceCmd::OutOfService {
            resource,
            date,
            note,
            key,
        } => {
            let day = time::date(&date)?;
            let o = core
                .resource_out_of_service(&resource, day, &note, key_of(key.as_deref())?)
                .await?;
            let mut text = format!(
                "{} is out of service on {}{}: {} departure(s) sell nothing more that day",
                o.resource,
                o.day,
                if o.created { "" } else { " (already)" },
                o.departures.len()
            );
            if o.bookings.is_empty() {
                text.push_str("; no bookings to move");
            } else {
                let _ = write!(
                    text,
                    "; {} booking(s) to move (`tourdesk booking move NUMBER --to ID`):",
                    o.bookings.len()
                );
                for b in &o.bookings {
                    let _ = write!(
                        text,
                        "\n  {}  departure {} {} {}  {} seat(s)  {} {}",
                        b.booking_number,
                        b.departure_id,
                        b.tour,
                        time::show(b.starts_at, &b.time_zone),
                        b.seats,
                        b.contact_name,
                        b.contact_phone
                    );
                }
            }
            Ok(Output::new(json(&o), text))
        }
    }
}

pub(super) async fn guide(core: &Core, cmd: GuideCmd) -> Res {
    match cmd {
        GuideCmd::Assign { staff, departure, key } => {
            let g = core
                .assign_guide(&staff, DepartureId(departure), key_of(key.as_deref())?)
                .await?;
            let text = format!(
                "{} {} departure {}{}",
                g.guide,
                if g.changed { "now leads" } else { "already led" },
                g.departure_id,
                again(g.replayed)
            );
            Ok(Output::new(json(&g), text))
        }
        GuideCmd::Unassign { staff, departure } => {
            let g = core.unassign_guide(&staff, DepartureId(departure)).await?;
            let text = if g.changed {
                format!("{} no longer leads departure {}", g.guide, g.departure_id)
            } else {
                format!("{} did not lead departure {}: nothing to do", g.guide, g.departure_id)
            };
            Ok(Output::new(json(&g), text))
        }
    }
}
