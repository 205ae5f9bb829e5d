//! Walk-ins with the database gone: sold only from this laptop's seat
//! allotment (the field store), priced from the prices taken along, everyone
//! checked in at once, journalled for the sync. The pane's steps stay the
//! same: the allotment stands in for the hold.

use super::super::{Call, Msg, Sale};
use crate::booking::{Booking, Hold, ParticipantOut, PaymentMethod};
use crate::domain::pricing::{PriceBreakdown, PriceLine};
use crate::domain::{BookingId, BookingStatus, ErrorCode, HoldId, HoldStatus, ParticipantId, PaymentStatus};
use crate::field::{FieldStore, LocalAllotment, OfflineSale};
use crate::tui::action::UiError;
use crate::tui::panes::Io;
use crate::tui::panes::checkin::io::{listed, unavailable as gone};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

/// How long the clerk has for the details of an offline walk-in (nothing
/// is held: the allotment is this laptop's anyway).
const OFFLINE_HOLD: TimeDelta = TimeDelta::minutes(15);

/// Answers `call` from the field store when the database is gone, or when it
/// concerns a sale begun offline (its "hold" is the allotment: never released
/// or booked on the server); gives the call back otherwise.
pub(super) async fn offline(io: &Io, call: Call) -> Result<Msg, Call> {
    let mut gate = io.gate.lock().await;
    let offline = gate.offline() || io.core.is_none();
    let Some(store) = gate.store.as_mut().filter(|s| s.prepared_at().is_some()) else {
        return Err(call);
    };
    // the laptop's corrected time, not its wall clock (see field/clock.rs)
    let now = store.now().at;
    let allotment = |store: &FieldStore, id: HoldId| store.allotments().into_iter().any(|a| a.hold_id == id);
    Ok(match call {
        Call::Book(req) if req.hold.is_some_and(|h| allotment(store, h)) => {
            let key = req.key;
            let mut sale = OfflineSale::new(req.departure, req.party, &req.contact_name);
            sale.contact_phone = req.contact_phone.clone();
            sale.special_requests = req.special_requests.clone();
            sale.participants = req.participants.clone();
            sale.payment = req.payment.method;
            sale.payment_reference = req.payment.reference.clone();
            // the booking's key: a sale the server did take before the line went is applied once
            sale.event_id = key;
            let sold = store.sell(&sale, io.staff).await.map(|r| Sale {
                booking: Booking {
                    booking_id: BookingId(0),
                    booking_number: r.booking_number,
                    confirmation_code: r.confirmation_code,
                    departure_id: r.departure_id,
                    status: BookingStatus::Confirmed,
                    adults: r.adults as i32,
                    children: r.children as i32,
                    contact_name: req.contact_name.trim().to_string(),
                    total_minor: r.total_minor,
                    currency: r.currency,
                    price: Value::Null,
                    // as the server records a sale
                    payment_status: if req.payment.method == PaymentMethod::Unpaid {
                        PaymentStatus::Unpaid
                    } else {
                        PaymentStatus::Paid
                    },
                    participants: r
                        .participants
                        .into_iter()
                        .map(|name| ParticipantOut {
                            id: ParticipantId(0),
                            name,
                            kind: String::new(),
                        })
                        .collect(),
                    replayed: false,
                },
                group_code: None,
                pngs: Vec::new(),
                ticket_error: None,
                offline: true,
            });
            Msg::Booked(key, Box::new(sold.map_err(UiError::from)))
        }
        // the seat goes back to the allotment, which stays active
        Call::Release(id) if allotment(store, id) => Msg::Released(id, Ok(HoldStatus::Active)),
        Call::Extend(id) if allotment(store, id) => Msg::Extended(id, Ok(until(store, id, now))),
        call if !offline => return Err(call),
        Call::Departures { .. } => Msg::Departures(Ok(store
            .departures()
            .iter()
            .filter(|d| best(store, d.id, now).is_some())
            .map(|d| {
                let mut shown = listed(d);
                shown.free = store.allotment_left(d.id, now);
                // unit prices, from the prices taken along
                let total = |a, c| {
                    crate::domain::Party::new(a, c)
                        .ok()
                        .and_then(|p| store.price(d.id, p))
                        .map(|p| p.total_minor)
                };
                shown.adult_price_minor = total(1, 0).unwrap_or(0);
                shown.child_price_minor = total(1, 1).map_or(0, |t| t - shown.adult_price_minor);
                shown
            })
            .collect())),
        Call::Availability(id) => Msg::Availability(
            id,
            match store.departures().iter().find(|d| d.id == id) {
                Some(d) => Ok(crate::booking::Availability {
                    departure_id: id,
                    capacity: d.capacity,
                    booked: d.booked,
                    held: 0,
                    free: store.allotment_left(id, now),
                    waitlist: 0,
                    status: d.status,
                }),
                None => Err(UiError::from(crate::field::FieldError::NotPrepared(id))),
            },
        ),
        Call::Quote {
            seq, departure, party, ..
        } => Msg::Quoted(
            seq,
            store
                .price(departure, party)
                .and_then(|p| breakdown(&p.breakdown))
                .ok_or_else(|| UiError {
                    code: ErrorCode::NoPrice,
                    message: format!(
                        "no price for {} adult(s) and {} child(ren) was taken along: sell smaller parties",
                        party.adults(),
                        party.children()
                    ),
                }),
        ),
        Call::Hold { departure, party, key } => Msg::Held(
            key,
            match best(store, departure, now) {
                Some(a) if a.left as u32 >= party.seats() => Ok(Hold {
                    hold_id: a.hold_id,
                    departure_id: departure,
                    adults: party.adults(),
                    children: party.children(),
                    expires_at: until(store, a.hold_id, now),
                    replayed: false,
                }),
                Some(a) => Err(UiError::from(crate::field::FieldError::AllotmentExhausted {
                    departure,
                    left: a.left,
                    asked: party.seats(),
                })),
                None => Err(UiError::from(crate::field::FieldError::NoAllotment(departure))),
            },
        ),
        Call::Alternatives(id) => Msg::Alternatives(id, Ok(Vec::new())),
        other => return Err(other),
    })
}

/// The allotment an offline sale on `departure` comes from.
fn best(store: &FieldStore, departure: crate::domain::DepartureId, now: DateTime<Utc>) -> Option<LocalAllotment> {
    store
        .allotments()
        .into_iter()
        .filter(|a| a.departure_id == departure && matches!(a.status, HoldStatus::Active) && a.expires_at > now)
        .max_by_key(|a| a.left)
}

/// The clerk's time for an offline sale, never past the allotment's end.
fn until(store: &FieldStore, id: HoldId, now: DateTime<Utc>) -> DateTime<Utc> {
    let end = store
        .allotments()
        .into_iter()
        .find(|a| a.hold_id == id)
        .map_or(now, |a| a.expires_at);
    (now + OFFLINE_HOLD).min(end)
}

/// The breakdown taken along (the core's JSON) in the pane's shape.
fn breakdown(v: &Value) -> Option<PriceBreakdown> {
    let int = |k: &str| v[k].as_i64();
    let lines = v["lines"]
        .as_array()?
        .iter()
        .map(|l| {
            let kind = match l["kind"].as_str()? {
                "adults" => "adults",
                "children" => "children",
                "seasonal" => "seasonal",
                "group_discount" => "group_discount",
                "early_bird" => "early_bird",
                _ => "other",
            };
            Some(PriceLine {
                kind,
                label: l["label"].as_str()?.to_string(),
                amount_minor: l["amount_minor"].as_i64()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(PriceBreakdown {
        adults: u32::try_from(int("adults")?).ok()?,
        children: u32::try_from(int("children")?).ok()?,
        adult_unit_minor: int("adult_unit_minor")?,
        child_unit_minor: int("child_unit_minor")?,
        lines,
        subtotal_minor: int("subtotal_minor")?,
        total_minor: int("total_minor")?,
        currency: v["currency"].as_str()?.to_string(),
    })
}

/// The answer to a call that needs the database, when there is no core.
pub(super) fn unavailable(call: Call) -> Msg {
    let e = || gone("logged in offline: this needs the database");
    match call {
        Call::Departures { .. } => Msg::Departures(Err(e())),
        Call::Availability(id) => Msg::Availability(id, Err(e())),
        Call::Quote { seq, .. } => Msg::Quoted(seq, Err(e())),
        Call::Hold { key, .. } => Msg::Held(key, Err(e())),
        Call::Extend(id) => Msg::Extended(id, Err(e())),
        Call::Release(id) => Msg::Released(id, Err(e())),
        Call::Book(req) => Msg::Booked(req.key, Box::new(Err(e()))),
        Call::Alternatives(id) => Msg::Alternatives(id, Err(e())),
        Call::WaitlistJoin { .. } => Msg::Joined(Err(e())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_breakdown_taken_along_reads_back_as_the_quote() {
        let v = json!({
            "adults": 2, "children": 1, "adult_unit_minor": 750_000, "child_unit_minor": 450_000,
            "lines": [
                {"kind": "adults", "label": "2 × adult", "amount_minor": 1_500_000},
                {"kind": "children", "label": "1 × child", "amount_minor": 450_000},
                {"kind": "group_discount", "label": "group −10%", "amount_minor": -195_000},
            ],
            "subtotal_minor": 1_950_000, "total_minor": 1_755_000, "currency": "RUB",
        });
        let b = breakdown(&v).expect("a breakdown");
        assert_eq!((b.adults, b.children, b.total_minor), (2, 1, 1_755_000));
        assert_eq!(b.lines[2].kind, "group_discount");
        assert_eq!(b.lines[2].amount_minor, -195_000);
        assert!(breakdown(&json!({"adults": 2})).is_none(), "half a breakdown is none");
    }
}
