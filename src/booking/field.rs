//! What offline field mode (src/field/) needs of the core: a snapshot of some
//! departures to take along, seat allotments, and the journal's entries —
//! offline check-ins, offline sales and offline returns (their replay:
//! field_replay.rs).

use super::{BookingError, Core, Result};
use crate::domain::{
    Action, AdmissionMethod, BookingId, BookingRef, BookingStatus, CheckInMethod, DepartureId, DepartureStatus, HoldId,
    HoldStatus, ParticipantId, ParticipantKind, ParticipantRef, PaymentMethod, StaffId,
};
use crate::ticket::TicketKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct FieldDeparture {
    pub id: DepartureId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub meeting_point: String,
    pub capacity: i32,
    pub booked: i32,
    pub status: DepartureStatus,
    pub check_in_closed_at: Option<DateTime<Utc>>,
    pub currency: String,
    /// its scheduled end (the roll-call's "missing" counts from it); none in
    /// stores prepared before returns were recorded offline
    #[sqlx(default)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// the departure as the desk listed it when the laptop was prepared (tour,
    /// weather, holds and waitlist then); none in stores prepared before it
    /// was taken along
    #[sqlx(skip)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<super::Departure>,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct FieldBooking {
    /// the server's (all a store holds); a laptop's own sales are `Local`
    #[sqlx(try_from = "BookingId")]
    pub id: BookingRef,
    pub booking_number: String,
    pub departure_id: DepartureId,
    pub status: BookingStatus,
    /// tickets of earlier generations are revoked
    pub ticket_gen: i32,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub contact_name: String,
    pub contact_phone: String,
    pub special_requests: String,
    pub unpaid_minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct FieldParticipant {
    /// the server's (all a store holds); the people of a laptop's own
    /// sales are `Local`
    #[sqlx(try_from = "ParticipantId")]
    pub id: ParticipantRef,
    #[sqlx(try_from = "BookingId")]
    pub booking_id: BookingRef,
    pub departure_id: DepartureId,
    pub position: i32,
    pub name: String,
    pub kind: ParticipantKind,
    pub medical_notes: String,
    pub dietary: String,
    pub equipment: String,
    pub no_show: bool,
    /// the accepted check-in, if any
    pub checked_in_at: Option<DateTime<Utc>>,
    /// none while nobody let them in (`''` in the server's row and the store)
    #[sqlx(try_from = "crate::domain::states::AdmissionWord")]
    #[serde(with = "crate::domain::states::admission_or_blank")]
    pub checked_in_method: Option<AdmissionMethod>,
    pub checked_in_device: String,
    pub checked_in_staff: String,
    pub checked_in_location: String,
    /// whom to call for them (the roll-call lists it); empty in stores
    /// prepared before it was taken along
    #[sqlx(default)]
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub emergency_contact: String,
    /// their return as the server had it at prepare (none: not back yet)
    #[sqlx(default)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<crate::domain::ReturnState>,
    #[sqlx(default)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_at: Option<DateTime<Utc>>,
    #[sqlx(default)]
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub return_note: String,
    #[sqlx(default)]
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub returned_by: String,
    #[sqlx(default)]
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub returned_device: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct FieldKey {
    pub id: i32,
    pub public_key: Vec<u8>,
    pub retired_at: Option<DateTime<Utc>>,
}

/// Staff the laptop's store is wrapped for: they may log in on it offline
/// (by unwrapping its key with their PIN; no PIN hash is taken along).
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct FieldStaff {
    pub id: StaffId,
    pub name: String,
    pub role: String,
}

/// Everything a laptop takes along for some departures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldSnapshot {
    pub taken_at: DateTime<Utc>,
    pub departures: Vec<FieldDeparture>,
    pub bookings: Vec<FieldBooking>,
    pub participants: Vec<FieldParticipant>,
    pub keys: Vec<FieldKey>,
    pub staff: Vec<FieldStaff>,
}

/// The price of one party, quoted when the laptop was prepared: offline
/// sales charge it (the rules that apply at the desk, a few hours earlier).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldPrice {
    pub adults: u32,
    pub children: u32,
    pub total_minor: i64,
    pub currency: String,
    /// the breakdown, stored with the booking as at the desk
    pub breakdown: crate::domain::pricing::PriceBreakdown,
}

/// A seat allotment: as the server sees it, and as a field laptop keeps it
/// (its `left` counts down with the sales journalled offline).
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct Allotment {
    pub hold_id: HoldId,
    pub departure_id: DepartureId,
    pub leased: i32,
    /// seats not sold yet (0 once used up or ended)
    pub left: i32,
    /// converted: all sold
    pub status: HoldStatus,
    pub expires_at: DateTime<Utc>,
}

impl Allotment {
    /// Whether its seats may still be sold at `now`: active (not released
    /// or used up) and not past its end. The one test of it everywhere —
    /// the server's list marks an ended lease `expired`, but a laptop's copy
    /// only learns that from the clock.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        matches!(self.status, HoldStatus::Active) && self.expires_at > now
    }
}

/// An offline check-in, as journalled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldCheckIn {
    pub event_id: Uuid,
    pub method: CheckInMethod,
    pub raw: String,
    /// ticket id, kind, key id — for a verified code
    pub ticket: Option<(i64, TicketKind, i32)>,
    pub participant: Option<ParticipantId>,
    pub booking: Option<BookingId>,
    pub departure: Option<DepartureId>,
    pub location: String,
    pub occurred_at: DateTime<Utc>,
    pub party_limit: Option<i32>,
    /// what the guide saw: the verdict's name and its JSON
    pub device_verdict: super::VerdictKind,
    pub device_detail: Value,
    /// who the device let in
    pub admitted: Vec<ParticipantId>,
    pub staff: Option<StaffId>,
    /// the server's time when the laptop was prepared (an entry cannot be
    /// older); none in journals written before clocks were checked
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepared_at: Option<DateTime<Utc>>,
    /// the laptop's wall clock when the entry was made (occurred_at is the
    /// corrected time): they differ when the clock was wrong or was set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_time: Option<DateTime<Utc>>,
}

/// An offline walk-in sold from an allotment, as journalled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldSale {
    pub event_id: Uuid,
    pub hold: HoldId,
    pub departure: DepartureId,
    pub adults: i32,
    pub children: i32,
    pub booking_number: String,
    pub confirmation_code: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub special_requests: String,
    /// one per seat, as sold
    #[serde(serialize_with = "keys_in_order")]
    pub participants: Vec<super::ParticipantInput>,
    pub price: Value,
    pub total_minor: i64,
    pub currency: String,
    pub payment_method: PaymentMethod,
    pub payment_reference: String,
    pub occurred_at: DateTime<Utc>,
    pub location: String,
    pub staff: Option<StaffId>,
    /// the server's time when the laptop was prepared (an entry cannot be
    /// older); none in journals written before clocks were checked
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepared_at: Option<DateTime<Utc>>,
    /// the laptop's wall clock when the entry was made (occurred_at is the
    /// corrected time): they differ when the clock was wrong or was set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_time: Option<DateTime<Utc>>,
    /// the customer's language (the kiosk's at the sale, `field sell
    /// --language`), stored on the booking for the messages sent to them;
    /// none in entries written before it was kept, and then the operator's
    /// notify language is used, as for `book` without `--language`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<super::Language>,
}

/// A person of an offline sale not synced yet, as a journal entry names
/// them: the sale's event id (the booking's idempotency key on the server)
/// and their place in the party, from 1. The server finds them by it once
/// the sale, earlier in the journal, is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldPerson {
    pub sale: Uuid,
    pub position: i32,
}

/// An offline return, as journalled: the people the laptop marked back (or
/// as having left the group) — checked in on the departure and not back, as
/// it knew them. Replayed by api.field_return, after the check-ins before it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldReturn {
    pub event_id: Uuid,
    pub state: crate::domain::ReturnState,
    pub departure: DepartureId,
    pub participants: Vec<ParticipantId>,
    /// people of this laptop's offline sales not synced when they were
    /// marked (none in entries written before they could be)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sold: Vec<SoldPerson>,
    /// who the laptop knew as returned before (its answer's `already`)
    #[serde(default)]
    pub already: Vec<super::EarlierReturn>,
    /// the ticket as scanned, when one was
    pub raw: String,
    pub note: String,
    pub occurred_at: DateTime<Utc>,
    pub staff: Option<StaffId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepared_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_time: Option<DateTime<Utc>>,
}

/// Writes the participants as journals always had them — through a JSON
/// value, whose keys come out sorted — so an entry's bytes do not depend on
/// the struct's field order.
fn keys_in_order<S: serde::Serializer>(people: &[super::ParticipantInput], s: S) -> Result<S::Ok, S::Error> {
    serde_json::to_value(people)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// One journal entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldEntry {
    CheckIn(FieldCheckIn),
    Sale(FieldSale),
    Return(FieldReturn),
}

impl FieldEntry {
    pub fn event_id(&self) -> Uuid {
        match self {
            FieldEntry::CheckIn(c) => c.event_id,
            FieldEntry::Sale(s) => s.event_id,
            FieldEntry::Return(r) => r.event_id,
        }
    }

    /// When it happened, as the laptop (corrected) says.
    pub fn occurred_at(&self) -> DateTime<Utc> {
        match self {
            FieldEntry::CheckIn(c) => c.occurred_at,
            FieldEntry::Sale(s) => s.occurred_at,
            FieldEntry::Return(r) => r.occurred_at,
        }
    }
}

impl Core {
    /// The server's clock (not the transaction's start): what a field
    /// laptop's clock is measured against.
    pub async fn server_now(&self) -> Result<DateTime<Utc>> {
        Ok(sqlx::query_scalar("select clock_timestamp()")
            .fetch_one(&self.pool)
            .await?)
    }
}

impl Core {
    /// Everything the field laptop needs to check these departures in and
    /// sell from their allotments without the database. One read-only
    /// transaction, so the parts agree with each other.
    #[tracing::instrument(skip(self))]
    /// `keyholders`: whom the store will be wrapped for (the server checks each
    /// typed their PIN on this device just now, and records them for sync).
    pub async fn field_snapshot(&self, departures: &[DepartureId], keyholders: &[StaffId]) -> Result<FieldSnapshot> {
        self.allow(Action::CheckIn, "prepare for the field")?;
        let ids: Vec<i64> = departures.iter().map(|d| d.0).collect();
        let mut tx = self.pool.begin().await?;
        sqlx::query("set transaction isolation level repeatable read")
            .execute(&mut *tx)
            .await?;
        let taken_at: DateTime<Utc> = sqlx::query_scalar("select now()").fetch_one(&mut *tx).await?;
        let deps: Vec<FieldDeparture> = sqlx::query_as(
            "select d.id, t.name as tour, d.starts_at, d.time_zone, d.meeting_point, d.capacity, d.booked,
                    d.status, d.check_in_closed_at, d.currency, d.ends_at
               from departures d join tours t on t.id = d.tour_id where d.id = any($1) order by d.starts_at",
        )
        .bind(&ids)
        .fetch_all(&mut *tx)
        .await?;
        if let Some(missing) = ids.iter().find(|id| !deps.iter().any(|d| d.id.0 == **id)) {
            return Err(BookingError::not_found("departure", missing));
        }
        // the listing's select as the desk's (a constant: nothing typed is in it)
        let sql = format!("{} where d.id = any($1)", super::departures::DEPARTURE_SELECT);
        let listed: Vec<super::Departure> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
        let mut deps = deps;
        for d in &mut deps {
            d.listed = listed.iter().find(|l| l.id == d.id).cloned();
        }
        let bookings: Vec<FieldBooking> = sqlx::query_as("select * from api.field_bookings($1, $2)")
            .bind(self.session())
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
        let participants: Vec<FieldParticipant> = sqlx::query_as("select * from api.field_participants($1, $2)")
            .bind(self.session())
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
        let keys: Vec<FieldKey> = sqlx::query_as("select id, public_key, retired_at from ticket_keys order by id")
            .fetch_all(&mut *tx)
            .await?;
        let holders: Vec<i64> = keyholders.iter().map(|s| s.0).collect();
        let staff: Vec<FieldStaff> = sqlx::query_as("select * from api.field_staff($1, $2)")
            .bind(self.session())
            .bind(&holders)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(FieldSnapshot {
            taken_at,
            departures: deps,
            bookings,
            participants,
            keys,
            staff,
        })
    }

    /// Leases `seats` of a departure to this device until it departs (a hold
    /// of purpose "allotment"). SOLD_OUT with the free count when they are
    /// not free. Idempotent on `key`.
    #[tracing::instrument(skip(self))]
    pub async fn lease_allotment(&self, departure: DepartureId, seats: u32, key: Uuid) -> Result<Allotment> {
        self.allow(Action::Sell, "lease seats for offline sales")?;
        if seats == 0 || seats > 500 {
            return Err(BookingError::invalid("allotment", "lease 1 to 500 seats"));
        }
        let turn = self.gates.enter(departure).await;
        let (id, _, _): (i64, DateTime<Utc>, bool) = self
            .resend(Some(key), || {
                sqlx::query_as("select * from api.lease_allotment($1, $2, $3, $4)")
                    .bind(self.session())
                    .bind(departure.0)
                    .bind(seats as i32)
                    .bind(key)
                    .fetch_one(&self.pool)
            })
            .await?;
        drop(turn);
        self.allotments()
            .await?
            .into_iter()
            .find(|a| a.hold_id.0 == id)
            .ok_or_else(|| BookingError::not_found("allotment", id))
    }

    /// Prices of every party of 1 to `max_seats` people on a departure, now.
    pub async fn price_table(&self, departure: DepartureId, max_seats: u32) -> Result<Vec<FieldPrice>> {
        self.forget_prices(departure);
        let now = Utc::now();
        let mut out = Vec::new();
        for seats in 1..=max_seats {
            // children travel with an adult
            for children in 0..seats {
                let adults = seats - children;
                let party = crate::domain::Party::new(adults, children)?;
                let q = self.quote_at(departure, party, now).await?;
                out.push(FieldPrice {
                    adults,
                    children,
                    total_minor: q.total_minor,
                    currency: q.currency.clone(),
                    breakdown: q,
                });
            }
        }
        Ok(out)
    }

    /// This device's allotments, newest first.
    pub async fn allotments(&self) -> Result<Vec<Allotment>> {
        Ok(sqlx::query_as(
            "select id as hold_id, departure_id, coalesce(leased, seats) as leased,
                    case when status = 'active' and expires_at > now() then seats else 0 end as left,
                    case when status = 'active' and expires_at <= now() then 'expired' else status end as status,
                    expires_at
               from holds where purpose = 'allotment' and device_id = $1 order by id desc",
        )
        .bind(self.device_id())
        .fetch_all(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn allotment(status: HoldStatus, expires_at: DateTime<Utc>) -> Allotment {
        Allotment {
            hold_id: HoldId(1),
            departure_id: DepartureId(1),
            leased: 4,
            left: 4,
            status,
            expires_at,
        }
    }

    #[test]
    fn an_allotment_is_live_while_active_and_before_its_end() {
        let now = Utc::now();
        let later = now + TimeDelta::minutes(1);
        assert!(allotment(HoldStatus::Active, later).is_live(now));
        // a laptop's copy is still active after its end: the clock decides
        assert!(!allotment(HoldStatus::Active, now).is_live(now));
        assert!(!allotment(HoldStatus::Active, now - TimeDelta::seconds(1)).is_live(now));
        for ended in [
            HoldStatus::Released,
            HoldStatus::Expired,
            HoldStatus::Converted,
            HoldStatus::Cancelled,
        ] {
            assert!(!allotment(ended, later).is_live(now), "{ended}");
        }
    }
}

#[cfg(test)]
#[path = "field_store_tests.rs"]
mod store_tests;
