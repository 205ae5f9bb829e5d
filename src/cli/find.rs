//! `tourdesk find TEXT` and `tourdesk booking show NUMBER`: the desk's
//! look-ups after the sale, through the service like the kiosk's will be.
//! Times are shown in each departure's zone.

use super::commands::money;
use super::output::{CliError, Output};
use super::safe_text::one_line;
use super::time;
use crate::booking::{BookingCard, Core, Found};
use crate::service::Service;
use serde_json::{Value, json};
use std::fmt::Write;

type Res = Result<Output, CliError>;

pub async fn find(core: Core, text: &str, limit: u32) -> Res {
    let found = Service::with_core(Some(core), None).find(text, limit).await?;
    let mut out = String::new();
    if found.is_empty() {
        let _ = writeln!(out, "Nothing found for {:?}", one_line(text));
    }
    for f in &found {
        let _ = writeln!(out, "{}", found_line(f));
    }
    let rows: Vec<Value> = found.iter().map(found_json).collect();
    Ok(Output::new(json!({ "query": text, "results": rows }), out))
}

/// `booking show`: the booking's card.
pub async fn booking(core: Core, booking_number: &str) -> Res {
    let card = Service::with_core(Some(core.clone()), None)
        .booking_card(booking_number)
        .await?;
    // the card's times in its departure's zone, as every listing
    let zone = core.departure(card.booking.departure_id).await?.time_zone;
    Ok(Output::new(card_json(&card, &zone), card_text(&card, &zone)))
}

/// "TD-7KX9PQ  2026-12-01 08:00 +12  Avacha volcano  Иванов Иван  +79141234567  (phone)"
fn found_line(f: &Found) -> String {
    let cancelled = match f.status {
        crate::domain::BookingStatus::Confirmed => "",
        crate::domain::BookingStatus::Cancelled => "  [cancelled]",
    };
    format!(
        "{}  {}  {}  {} ({}+{})  {}  {}  — {} {:?}{cancelled}",
        f.booking_number,
        time::show(f.starts_at, &f.time_zone),
        one_line(&f.tour),
        one_line(&f.contact_name),
        f.adults,
        f.children,
        one_line(&f.contact_phone),
        one_line(&f.contact_email),
        f.matched,
        one_line(&f.matched_text),
    )
}

fn found_json(f: &Found) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
    v["starts_at"] = json!(time::rfc3339(f.starts_at, &f.time_zone));
    v["created_at"] = json!(time::rfc3339(f.created_at, &f.time_zone));
    v
}

fn card_json(card: &BookingCard, zone: &str) -> Value {
    let mut v = serde_json::to_value(card).unwrap_or(Value::Null);
    v["time_zone"] = json!(zone);
    v["contact"]["created_at"] = json!(time::rfc3339(card.contact.created_at, zone));
    if let Some(t) = card.contact.cancelled_at {
        v["contact"]["cancelled_at"] = json!(time::rfc3339(t, zone));
    }
    for (i, c) in card.check_ins.iter().enumerate() {
        v["check_ins"][i]["occurred_at"] = json!(time::rfc3339(c.occurred_at, zone));
        v["check_ins"][i]["recorded_at"] = json!(time::rfc3339(c.recorded_at, zone));
    }
    for (i, a) in card.audit.iter().enumerate() {
        v["audit"][i]["at"] = json!(time::rfc3339(a.at, zone));
    }
    for (i, r) in card.removed.iter().enumerate() {
        v["removed"][i]["removed_at"] = json!(time::rfc3339(r.removed_at, zone));
    }
    v["customer_bookings"] = json!(card.customer_bookings.iter().map(found_json).collect::<Vec<_>>());
    v
}

fn card_text(card: &BookingCard, zone: &str) -> String {
    let b = &card.booking;
    let mut t = format!(
        "Booking {} (confirmation {}): departure {}, {} adult(s) {} child(ren), {} — {}, {} ({})\n",
        b.booking_number,
        b.confirmation_code,
        b.departure_id,
        b.adults,
        b.children,
        one_line(&b.contact_name),
        money(b.total_minor, &b.currency),
        b.payment_status,
        card.contact.payment_method,
    );
    let _ = writeln!(
        t,
        "  status {}; phone {}; e-mail {}; made {} ({})",
        b.status,
        one_line(or_dash(&card.contact.phone)),
        one_line(or_dash(&card.contact.email)),
        time::show(card.contact.created_at, zone),
        card.contact.source
    );
    if let (Some(stop), Some(at)) = (&card.contact.pickup_name, card.contact.pickup_at) {
        let _ = writeln!(t, "  pickup: {} at {}", one_line(stop), time::show(at, zone));
    }
    let _ = writeln!(t, "Participants:");
    for p in &card.participants {
        let no_show = if p.no_show { "  NO-SHOW" } else { "" };
        let _ = writeln!(t, "  #{} {} ({}){no_show}", p.id, one_line(&p.name), p.kind);
        for (what, text) in [
            ("medical", &p.medical_notes),
            ("emergency contact", &p.emergency_contact),
            ("dietary", &p.dietary),
            ("equipment", &p.equipment),
        ] {
            if !text.is_empty() {
                let _ = writeln!(t, "      {what}: {}", one_line(text));
            }
        }
    }
    if !card.removed.is_empty() {
        let _ = writeln!(t, "Removed:");
    }
    for r in &card.removed {
        let _ = writeln!(
            t,
            "  #{} {} ({}) removed {} by {} on {}; refunded {} ({} %)",
            r.participant_id,
            one_line(&r.name),
            r.kind,
            time::show(r.removed_at, zone),
            one_line(or_dash(&r.staff_name)),
            one_line(or_dash(&r.device_name)),
            money(r.refund_minor, &r.currency),
            r.refund_percent
        );
    }
    let _ = writeln!(t, "Tickets:");
    for k in &card.tickets {
        let live = if k.live { "" } else { "  revoked" };
        let _ = writeln!(
            t,
            "  {} {} {} (admits {}), printed {} time(s){live}",
            k.ticket_id,
            k.kind,
            one_line(&k.holder),
            k.admits,
            k.printed
        );
    }
    let _ = writeln!(t, "Check-ins:");
    for c in &card.check_ins {
        let _ = writeln!(
            t,
            "  {} {} {} by {} on {}",
            time::show(c.occurred_at, zone),
            one_line(&c.participant),
            c.status,
            one_line(c.staff.as_deref().unwrap_or("-")),
            one_line(c.device.as_deref().unwrap_or("-"))
        );
    }
    let _ = writeln!(t, "Payments and refunds:");
    for e in &card.ledger {
        let note = [e.reference.as_str(), e.reason.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(one_line)
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            t,
            "  {} {} {} {}{} by {} on {}",
            time::show(e.at, zone),
            e.kind,
            money(e.amount_minor, &e.currency),
            e.method,
            if note.is_empty() {
                String::new()
            } else {
                format!(" ({note})")
            },
            one_line(&e.staff_name),
            one_line(&e.device_name)
        );
    }
    let _ = writeln!(t, "History:");
    for a in &card.audit {
        let _ = writeln!(
            t,
            "  {} {} by {} on {}",
            time::show(a.at, zone),
            a.action.as_str(),
            one_line(a.staff.as_deref().unwrap_or("-")),
            one_line(a.device.as_deref().unwrap_or("-"))
        );
    }
    if !card.customer_bookings.is_empty() {
        let _ = writeln!(t, "Same customer:");
        for f in &card.customer_bookings {
            let _ = writeln!(t, "  {}", found_line(f));
        }
    }
    t
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}
