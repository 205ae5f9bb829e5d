//! An offline walk-in: sold only from this laptop's seat allotment, priced
//! from the prices taken along, everyone checked in at once, journalled.

use super::{FieldError, FieldStore, Result, TimeSource, load};
use crate::booking::{FieldEntry, FieldSale, ParticipantInput, PaymentMethod};
use crate::domain::{DepartureId, HoldStatus, Party, StaffId, codes};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct OfflineSale {
    pub departure: DepartureId,
    pub party: Party,
    pub contact_name: String,
    pub contact_phone: String,
    pub special_requests: String,
    /// empty: one per seat, named after the contact
    pub participants: Vec<ParticipantInput>,
    pub payment: PaymentMethod,
    pub payment_reference: String,
    pub location: String,
    /// none: now, by the laptop's corrected clock (see `FieldStore::now`)
    pub occurred_at: Option<DateTime<Utc>>,
    /// the journal entry's id, also the booking's idempotency key
    pub event_id: Uuid,
}

impl OfflineSale {
    pub fn new(departure: DepartureId, party: Party, contact_name: &str) -> OfflineSale {
        OfflineSale {
            departure,
            party,
            contact_name: contact_name.to_string(),
            contact_phone: String::new(),
            special_requests: String::new(),
            participants: Vec::new(),
            payment: PaymentMethod::Cash,
            payment_reference: String::new(),
            location: String::new(),
            occurred_at: None,
            event_id: Uuid::now_v7(),
        }
    }
}

/// What the guide hands over: the booking reference and the price.
#[derive(Debug, Clone, Serialize)]
pub struct SaleReceipt {
    pub event_id: Uuid,
    pub booking_number: String,
    pub confirmation_code: String,
    pub departure_id: DepartureId,
    pub adults: u32,
    pub children: u32,
    pub total_minor: i64,
    pub currency: String,
    pub payment_method: String,
    /// seats this laptop may still sell on the departure
    pub allotment_left: i32,
    pub participants: Vec<String>,
}

fn clean(field: &'static str, s: &str, required: bool) -> Result<String> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(FieldError::invalid(field, "it is empty"));
    }
    if t.chars().count() > 500 || t.chars().any(|c| c.is_control()) {
        return Err(FieldError::invalid(field, "too long, or holds control characters"));
    }
    Ok(t.to_string())
}

impl FieldStore {
    /// Sells from the allotment without the database. Refuses beyond it.
    pub async fn sell(&mut self, sale: &OfflineSale, staff: Option<StaffId>) -> Result<SaleReceipt> {
        self.need_key()?;
        let staff = staff.or(self.opened_by);
        let dep = self
            .state
            .departures
            .get(&sale.departure)
            .cloned()
            .ok_or(FieldError::NotPrepared(sale.departure))?;
        let clock = self.now();
        let now = sale.occurred_at.unwrap_or(clock.at);
        if now >= dep.starts_at {
            return Err(FieldError::Departed(sale.departure));
        }
        let seats = sale.party.seats();
        let allotment = self
            .state
            .allotments
            .iter()
            .filter(|a| {
                a.departure_id == sale.departure
                    && matches!(a.status, HoldStatus::Active)
                    && a.expires_at > now
                    && a.left > 0
            })
            .max_by_key(|a| a.left)
            .cloned()
            .ok_or(FieldError::NoAllotment(sale.departure))?;
        if (allotment.left as u32) < seats {
            return Err(FieldError::AllotmentExhausted {
                departure: sale.departure,
                left: allotment.left,
                asked: seats,
            });
        }
        let price = self
            .state
            .prices
            .get(&(sale.departure, sale.party.adults(), sale.party.children()))
            .cloned()
            .ok_or_else(|| {
                FieldError::invalid(
                    "party",
                    format!(
                        "no price for {} adult(s) and {} child(ren) was taken along: sell smaller parties",
                        sale.party.adults(),
                        sale.party.children()
                    ),
                )
            })?;
        let name = clean("contact name", &sale.contact_name, true)?;
        let people: Vec<ParticipantInput> = if sale.participants.is_empty() {
            (0..seats)
                .map(|i| ParticipantInput {
                    name: if i == 0 {
                        name.clone()
                    } else {
                        format!("{name} (guest {})", i + 1)
                    },
                    kind: if i < sale.party.adults() { "adult" } else { "child" }.into(),
                    ..Default::default()
                })
                .collect()
        } else {
            let adults = sale.participants.iter().filter(|p| p.kind == "adult").count() as u32;
            if sale.participants.len() as u32 != seats || adults != sale.party.adults() {
                return Err(FieldError::invalid(
                    "participants",
                    "the participant list does not match the adults and children sold",
                ));
            }
            sale.participants.clone()
        };
        let entry = FieldSale {
            event_id: sale.event_id,
            hold: allotment.hold_id,
            departure: sale.departure,
            adults: sale.party.adults() as i32,
            children: sale.party.children() as i32,
            booking_number: codes::booking_number(),
            confirmation_code: codes::confirmation_code(),
            contact_name: name,
            contact_phone: clean("phone", &sale.contact_phone, false)?,
            special_requests: clean("special requests", &sale.special_requests, false)?,
            participants: serde_json::to_value(&people).map_err(|e| FieldError::Corrupt(e.to_string()))?,
            price: price.breakdown.clone(),
            total_minor: price.total_minor,
            currency: price.currency.clone(),
            payment_method: sale.payment.as_str().into(),
            payment_reference: clean("payment reference", &sale.payment_reference, false)?,
            occurred_at: now,
            location: clean("location", &sale.location, false)?,
            staff,
            prepared_at: self.state.prepared_at,
            wall_time: Some(clock.wall),
        };
        let receipt = SaleReceipt {
            event_id: entry.event_id,
            booking_number: entry.booking_number.clone(),
            confirmation_code: entry.confirmation_code.clone(),
            departure_id: sale.departure,
            adults: sale.party.adults(),
            children: sale.party.children(),
            total_minor: entry.total_minor,
            currency: entry.currency.clone(),
            payment_method: entry.payment_method.clone(),
            allotment_left: allotment.left - seats as i32,
            participants: people.iter().map(|p| p.name.clone()).collect(),
        };
        let entry = FieldEntry::Sale(entry);
        self.note_clock(&clock).await?;
        let source = if sale.occurred_at.is_some() {
            TimeSource::Given
        } else {
            clock.source
        };
        let seq = self.append(&entry, Some(sale.departure.0), now, &clock, source).await?;
        load::apply(&mut self.state, seq, &entry);
        Ok(receipt)
    }

    /// The price taken along for a party on a departure (what `sell` charges).
    pub fn price(&self, departure: DepartureId, party: Party) -> Option<&crate::booking::FieldPrice> {
        self.state.prices.get(&(departure, party.adults(), party.children()))
    }

    /// Seats this laptop may still sell offline on a departure.
    pub fn allotment_left(&self, departure: DepartureId, now: DateTime<Utc>) -> i32 {
        self.state
            .allotments
            .iter()
            .filter(|a| a.departure_id == departure && matches!(a.status, HoldStatus::Active) && a.expires_at > now)
            .map(|a| a.left)
            .max()
            .unwrap_or(0)
    }
}
