//! Walk-ins: on the core while the database answers; with it gone, sold only
//! from this laptop's seat allotment (the field store), priced from the
//! prices taken along, everyone checked in at once, journalled for the sync.
//! The desk's steps stay the same: the allotment stands in for the hold, so a
//! sale begun offline stays offline (its "hold" is never released or booked
//! on the server).

use super::Service;
use crate::booking::{Alternative, Availability, BookRequest, Booking, Departure, Hold};
use crate::domain::pricing::PriceBreakdown;
use crate::domain::{DepartureId, HoldId, HoldStatus, Party};
use crate::field::{FieldError, FieldStore, OfflineSale, Result, SaleReceipt};
use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

/// How long the clerk has for the details of an offline walk-in (nothing
/// is held: the allotment is this laptop's anyway).
const OFFLINE_HOLD: TimeDelta = TimeDelta::minutes(15);

/// A walk-in sold: booked on the server, or sold offline from this laptop's
/// allotment (no server booking id until the sync: the booking number and
/// confirmation code are the laptop's, kept by the server at sync).
#[derive(Debug, Clone)]
pub enum Sold {
    Online(Booking),
    Offline(SaleReceipt),
}

impl Sold {
    pub fn booking_number(&self) -> &str {
        match self {
            Sold::Online(b) => &b.booking_number,
            Sold::Offline(r) => &r.booking_number,
        }
    }

    pub fn confirmation_code(&self) -> &str {
        match self {
            Sold::Online(b) => &b.confirmation_code,
            Sold::Offline(r) => &r.confirmation_code,
        }
    }

    pub fn total_minor(&self) -> i64 {
        match self {
            Sold::Online(b) => b.total_minor,
            Sold::Offline(r) => r.total_minor,
        }
    }

    pub fn currency(&self) -> &str {
        match self {
            Sold::Online(b) => &b.currency,
            Sold::Offline(r) => &r.currency,
        }
    }

    pub fn contact_name(&self) -> &str {
        match self {
            Sold::Online(b) => &b.contact_name,
            Sold::Offline(r) => &r.contact_name,
        }
    }

    /// Adults and children sold.
    pub fn party(&self) -> (u32, u32) {
        match self {
            Sold::Online(b) => (b.adults.max(0) as u32, b.children.max(0) as u32),
            Sold::Offline(r) => (r.adults, r.children),
        }
    }

    /// Sold on this laptop: journalled, everyone checked in.
    pub fn offline(&self) -> bool {
        matches!(self, Sold::Offline(_))
    }
}

/// What releasing a walk-in's hold did.
#[derive(Debug, Clone, PartialEq)]
pub enum HoldReleased {
    /// the server ended the hold; its status as the server says it
    Server(HoldStatus),
    /// the "hold" of a sale begun offline is this laptop's allotment:
    /// nothing went back, its seats stay this laptop's to sell
    AllotmentKept,
}

impl Service {
    /// Whether walk-in calls are answered from the store: the database is
    /// gone (or the login was offline) and something was prepared here.
    async fn selling_offline(&self) -> bool {
        let gone = self.core().is_none() || self.offline().await;
        gone && self.inner.link.lock().await.prepared().is_some()
    }

    /// True when `hold` is one of this laptop's allotments (a sale begun offline).
    async fn is_allotment(&self, hold: HoldId) -> bool {
        let link = self.inner.link.lock().await;
        link.prepared()
            .is_some_and(|s| s.allotments().iter().any(|a| a.hold_id == hold))
    }

    /// Runs `f` on the store when walk-ins are sold offline.
    async fn answer_offline<T>(&self, f: impl FnOnce(&FieldStore, DateTime<Utc>) -> Result<T>) -> Option<Result<T>> {
        if !self.selling_offline().await {
            return None;
        }
        let link = self.inner.link.lock().await;
        let store = link.prepared()?;
        // the laptop's corrected time, not its wall clock (see field/clock.rs)
        Some(f(store, store.now().at))
    }

    /// Departures a walk-in can be sold on; offline, those with a live
    /// allotment here, with its seats left as `free`.
    pub async fn sale_departures(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Departure>> {
        let offline = self
            .answer_offline(|s, now| {
                let mut out = Vec::new();
                for d in s.departures() {
                    out.extend(s.sale_listing(d.id, now)?);
                }
                Ok(out)
            })
            .await;
        match offline {
            Some(r) => r,
            None => Ok(self.online()?.list_departures(from, to).await?),
        }
    }

    pub async fn availability(&self, departure: DepartureId) -> Result<Availability> {
        match self.answer_offline(|s, now| s.availability(departure, now)).await {
            Some(r) => r,
            None => Ok(self.online()?.availability(departure).await?),
        }
    }

    pub async fn quote(&self, departure: DepartureId, party: Party, at: DateTime<Utc>) -> Result<PriceBreakdown> {
        match self.answer_offline(|s, _| s.quote(departure, party)).await {
            Some(r) => r,
            None => Ok(self.online()?.quote(departure, party, at).await?),
        }
    }

    /// Seats held for the clerk; offline, the allotment stands in for the hold.
    pub async fn hold(&self, departure: DepartureId, party: Party, key: Uuid) -> Result<Hold> {
        let offline = self
            .answer_offline(|s, now| {
                let a = s
                    .allotment_for(departure, now)
                    .ok_or(FieldError::NoAllotment(departure))?;
                if (a.left.max(0) as u32) < party.seats() {
                    return Err(FieldError::AllotmentExhausted {
                        departure,
                        left: a.left,
                        asked: party.seats(),
                    });
                }
                Ok(Hold {
                    hold_id: a.hold_id,
                    departure_id: departure,
                    adults: party.adults(),
                    children: party.children(),
                    expires_at: until(s, a.hold_id, now),
                    replayed: false,
                })
            })
            .await;
        match offline {
            Some(r) => r,
            None => Ok(self.online()?.hold_with_key(departure, party, None, key).await?),
        }
    }

    pub async fn extend(&self, hold: HoldId) -> Result<DateTime<Utc>> {
        if self.is_allotment(hold).await {
            let link = self.inner.link.lock().await;
            if let Some(s) = link.prepared() {
                return Ok(until(s, hold, s.now().at));
            }
        }
        Ok(self.online()?.extend_hold(hold, None).await?)
    }

    pub async fn release(&self, hold: HoldId) -> Result<HoldReleased> {
        if self.is_allotment(hold).await {
            return Ok(HoldReleased::AllotmentKept);
        }
        Ok(HoldReleased::Server(self.online()?.release_hold(hold).await?))
    }

    /// Books the walk-in: from the allotment when its hold is one (the
    /// booking's key is the journal entry's id, so a sale the server did take
    /// before the line went is applied once), else on the core.
    pub async fn book(&self, req: &BookRequest) -> Result<Sold> {
        if let Some(hold) = req.hold
            && self.is_allotment(hold).await
        {
            let mut sale = OfflineSale::new(req.departure, req.party, &req.contact_name);
            sale.contact_phone = req.contact_phone.clone();
            sale.special_requests = req.special_requests.clone();
            sale.participants = req.participants.clone();
            sale.payment = req.payment.method;
            sale.payment_reference = req.payment.reference.clone();
            sale.event_id = req.key;
            // the kiosk's language at the sale, as online: the confirmation at sync is in it
            sale.language = req.language;
            let staff = self.staff();
            let mut link = self.inner.link.lock().await;
            let store = link.prepared_mut().ok_or(FieldError::NotPrepared(req.departure))?;
            return Ok(Sold::Offline(store.sell(&sale, staff).await?));
        }
        Ok(Sold::Online(self.online()?.book(req).await?))
    }

    /// Other departures for a sold-out one; offline none are known.
    pub async fn alternatives(&self, departure: DepartureId) -> Result<Vec<Alternative>> {
        match self.answer_offline(|_, _| Ok(Vec::new())).await {
            Some(r) => r,
            None => Ok(self.online()?.alternatives(departure, 5).await?),
        }
    }

    /// Sells from the allotment without the database, whatever the link
    /// (`tourdesk field sell`: the sale is journalled, then synced when the
    /// database answers).
    pub async fn sell_offline(&self, sale: &OfflineSale) -> Result<SaleReceipt> {
        let staff = self.staff();
        let mut link = self.inner.link.lock().await;
        let store = link.store.as_mut().ok_or(FieldError::NoStore)?;
        store.sell(sale, staff).await
    }
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
