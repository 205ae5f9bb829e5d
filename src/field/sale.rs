//! An offline walk-in: sold only from this laptop's seat allotment, priced
//! from the prices taken along, everyone checked in at once, journalled.

use super::LocalAllotment;
use super::{FieldError, FieldStore, Result, TimeSource, load};
use crate::booking::{Availability, Departure, FieldEntry, FieldSale, Language, ParticipantInput, PaymentMethod};
use crate::domain::pricing::PriceBreakdown;
use crate::domain::{DepartureId, ParticipantKind, Party, StaffId, codes};
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
    /// the customer's language for the messages sent to them (the kiosk's
    /// at the sale, `field sell --language`); none: the operator's
    pub language: Option<Language>,
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
            language: None,
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
    pub payment_method: PaymentMethod,
    pub contact_name: String,
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
            .filter(|a| a.departure_id == sale.departure && a.is_live(now) && a.left > 0)
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
        let price = self.price(sale.departure, sale.party)?.clone();
        let name = clean("contact name", &sale.contact_name, true)?;
        let people: Vec<ParticipantInput> = if sale.participants.is_empty() {
            (0..seats)
                .map(|i| ParticipantInput {
                    name: if i == 0 {
                        name.clone()
                    } else {
                        format!("{name} (guest {})", i + 1)
                    },
                    kind: ParticipantKind::of_seat(i, sale.party),
                    ..Default::default()
                })
                .collect()
        } else {
            let adults = sale
                .participants
                .iter()
                .filter(|p| p.kind == ParticipantKind::Adult)
                .count() as u32;
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
            participants: people.clone(),
            price: serde_json::to_value(&price.breakdown).map_err(|e| FieldError::Corrupt(e.to_string()))?,
            total_minor: price.total_minor,
            currency: price.currency.clone(),
            payment_method: sale.payment,
            payment_reference: clean("payment reference", &sale.payment_reference, false)?,
            occurred_at: now,
            location: clean("location", &sale.location, false)?,
            staff,
            prepared_at: self.state.prepared_at,
            wall_time: Some(clock.wall),
            language: sale.language,
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
            payment_method: entry.payment_method,
            contact_name: entry.contact_name.clone(),
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
    pub fn price(&self, departure: DepartureId, party: Party) -> Result<&crate::booking::FieldPrice> {
        self.state
            .prices
            .get(&(departure, party.adults(), party.children()))
            .ok_or(FieldError::NoPrice {
                departure,
                adults: party.adults(),
                children: party.children(),
            })
    }

    /// The quote an offline sale of `party` on `departure` charges: the
    /// breakdown taken along, as the core quoted it at prepare.
    pub fn quote(&self, departure: DepartureId, party: Party) -> Result<PriceBreakdown> {
        Ok(self.price(departure, party)?.breakdown.clone())
    }

    /// The allotment an offline sale on `departure` comes from: the live one
    /// with the most seats left.
    pub fn allotment_for(&self, departure: DepartureId, now: DateTime<Utc>) -> Option<&LocalAllotment> {
        self.state
            .allotments
            .iter()
            .filter(|a| a.departure_id == departure && a.is_live(now))
            .max_by_key(|a| a.left)
    }

    /// Seats this laptop may still sell offline on a departure.
    pub fn allotment_left(&self, departure: DepartureId, now: DateTime<Utc>) -> i32 {
        self.allotment_for(departure, now).map_or(0, |a| a.left)
    }

    /// A prepared departure as the desk lists it: as listed at prepare, with
    /// the bookings and check-in state this laptop knows now (its own sales
    /// included). `held` and `free` are as the server had them then, less
    /// what this laptop sold from its allotment since.
    pub fn listing(&self, departure: DepartureId) -> Result<Departure> {
        let d = self
            .state
            .departures
            .get(&departure)
            .ok_or(FieldError::NotPrepared(departure))?;
        let mut shown = d.listed.clone().ok_or(FieldError::PreparedBefore(departure))?;
        // seats sold here since were held (the allotment) and are booked now
        let sold_here = (d.booked - shown.booked).max(0);
        shown.held = (shown.held - sold_here).max(0);
        shown.booked = d.booked;
        shown.status = d.status;
        shown.free = (shown.capacity - shown.booked - shown.held).max(0);
        Ok(shown)
    }

    /// Every prepared departure as listed (see `listing`), earliest first.
    pub fn listings(&self) -> Result<Vec<Departure>> {
        self.departures().iter().map(|d| self.listing(d.id)).collect()
    }

    /// A prepared departure as the walk-in desk lists it offline: `free` is
    /// this laptop's allotment left, the unit prices those taken along (what
    /// an offline sale charges). None without a live allotment.
    pub fn sale_listing(&self, departure: DepartureId, now: DateTime<Utc>) -> Result<Option<Departure>> {
        let Some(a) = self.allotment_for(departure, now) else {
            return Ok(None);
        };
        let mut shown = self.listing(departure)?;
        shown.free = a.left;
        if let Ok(party) = Party::new(1, 0)
            && let Ok(one) = self.quote(departure, party)
        {
            shown.adult_price_minor = one.adult_unit_minor;
            shown.child_price_minor = one.child_unit_minor;
        }
        Ok(Some(shown))
    }

    /// What the server's availability would say, as this laptop knows it.
    pub fn availability(&self, departure: DepartureId, now: DateTime<Utc>) -> Result<Availability> {
        let d = self.listing(departure)?;
        Ok(Availability {
            departure_id: departure,
            capacity: d.capacity,
            booked: d.booked,
            held: d.held,
            free: self.allotment_left(departure, now),
            waitlist: d.waitlist,
            status: d.status,
        })
    }
}
