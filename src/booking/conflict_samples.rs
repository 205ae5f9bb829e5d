//! Conflict details exactly as the SQL writes them (every key, in the
//! shapes of td_field_check_in, td_field_sell, td_field_staff_check,
//! td_field_price_check and api.field_clock_check), for the tests of the
//! decoding and of the sentences the CLI and the kiosk make of them. Money
//! takes the currency given: the sentences must use the data's.

use super::conflict::{FieldConflict, RawConflict};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

/// A conflict of `kind` from gate-2 as the database returns it, decoded.
pub fn conflict(id: i64, kind: &str, details: Value, occurred_at: DateTime<Utc>) -> FieldConflict {
    FieldConflict::from(RawConflict {
        id,
        event_id: Uuid::nil(),
        kind: kind.into(),
        departure_id: Some(crate::domain::DepartureId(7)),
        booking_id: None,
        participant_id: None,
        device: "gate-2".into(),
        occurred_at,
        details,
        created_at: occurred_at,
        resolved_at: None,
        resolution: String::new(),
    })
}

/// td_check_in_info of someone let in first on gate-1.
fn first_in(name: &str, at: &str) -> Value {
    json!({"participant_id": 21, "name": name, "at": at, "method": "qr", "device": "gate-1",
           "staff": "Olga Guide", "location": "pier"})
}

/// What a laptop sent as its verdict: the admission it showed.
fn device_admitted(number: &str) -> Value {
    json!({"verdict": "admitted", "booking_number": number, "departure_id": 7, "admitted": []})
}

/// Anna let in on gate-2 offline after gate-1 had let her in online.
pub fn duplicate(number: &str, name: &str, first_at: &str) -> Value {
    let info = first_in(name, first_at);
    json!({
        "server": {"verdict": "already_checked_in", "event_id": Uuid::nil(), "occurred_at": first_at,
                   "booking_number": number, "departure_id": 7, "already": [info.clone()],
                   "party_in": 1, "party_total": 1, "time_zone": "Asia/Kamchatka", "replayed": false},
        "device_verdict": "admitted",
        "device": device_admitted(number),
        "duplicates": [info],
    })
}

pub fn cancelled(number: &str, reason: &str) -> Value {
    json!({
        "server": {"verdict": "cancelled", "event_id": Uuid::nil(), "occurred_at": "2026-11-30T18:40:00+00:00",
                   "ticket_id": 5, "booking_number": number, "revoked_at": "2026-11-30T10:00:00+00:00",
                   "reason": reason, "replayed": false},
        "device_verdict": "admitted",
        "device": device_admitted(number),
        "duplicates": [],
    })
}

pub fn refused(number: &str) -> Value {
    json!({
        "server": {"verdict": "wrong_departure", "event_id": Uuid::nil(),
                   "occurred_at": "2026-11-30T18:40:00+00:00", "booking_number": number, "departure_id": 8,
                   "tour": "Avacha Volcano", "starts_at": "2026-12-01T20:00:00+00:00",
                   "time_zone": "Asia/Kamchatka", "meeting_point": "Pier 3", "replayed": false},
        "device_verdict": "admitted",
        "device": device_admitted(number),
        "duplicates": [],
    })
}

/// The sale facts every walk-in conflict carries.
fn sale(number: &str, total_minor: i64, currency: &str) -> Value {
    json!({"booking_number": number, "adults": 2, "children": 1, "total_minor": total_minor,
           "currency": currency, "payment_method": "cash", "contact_name": "Petrov",
           "contact_phone": "+7 900 123-45-67"})
}

fn with(mut base: Value, more: Value) -> Value {
    if let (Some(b), Value::Object(m)) = (base.as_object_mut(), more) {
        b.extend(m);
    }
    base
}

pub fn walk_in_failed(number: &str, total_minor: i64, currency: &str) -> Value {
    with(
        sale(number, total_minor, currency),
        json!({"problem": "no_seats", "free": 1, "allotment_left": null}),
    )
}

/// A walk-in sold on a laptop whose clock was a day slow: before the
/// allotment existed.
pub fn clock(number: &str) -> Value {
    json!({
        "problem": "before_lease", "entry_event_id": Uuid::from_u128(1), "entry_kind": "sale",
        "device_time": "2026-11-30T18:40:00+00:00", "wall_time": "2026-11-29T18:40:00+00:00",
        "bound": "2026-11-30T20:00:00+00:00", "server_time": "2026-12-01T00:10:00+00:00",
        "off_by_seconds": -4800, "booking_number": number,
    })
}

pub fn staff_check_in() -> Value {
    json!({"device_verdict": "admitted", "booking_number": null, "problem": "not_sealed_for",
           "entry_kind": "check_in", "staff_id": 4, "staff_name": "Boris Boss", "role": "manager"})
}

pub fn staff_sale(number: &str, currency: &str) -> Value {
    with(
        sale(number, 1_350_000, currency),
        json!({"problem": "role", "entry_kind": "sale", "staff_id": 5, "staff_name": "Gleb Guide",
               "role": "guide"}),
    )
}

/// Two adults sold for 1 000.00 where the server's price is 15 000.00.
pub fn price(number: &str, cause: &str, currency: &str) -> Value {
    let breakdown = json!({"adult_unit_minor": 750_000, "child_unit_minor": 0, "total_minor": 1_500_000,
                           "currency": currency});
    json!({
        "cause": cause, "sale_event_id": Uuid::from_u128(2), "booking_number": number,
        "adults": 2, "children": 0, "laptop_total_minor": 100_000, "laptop_currency": currency,
        "server_total_minor": 1_500_000, "currency": currency, "difference_minor": -1_400_000,
        "server_breakdown": breakdown,
        "laptop_breakdown": {"adult_unit_minor": 50_000, "total_minor": 100_000, "currency": currency},
        "at_lease_total_minor": 1_500_000,
    })
}
