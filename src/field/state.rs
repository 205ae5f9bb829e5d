//! The store in memory: what was prepared, with the journal applied.

use crate::booking::{FieldBooking, FieldDeparture, FieldParticipant, FieldPrice, FieldStaff};
use crate::domain::{BookingRef, DepartureId, ParticipantRef};
use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use std::collections::HashMap;

/// A seat allotment as this laptop keeps it: the core's type (one
/// `is_live` for both), its `left` counting down with offline sales.
pub type LocalAllotment = crate::booking::Allotment;

#[derive(Default)]
pub(super) struct State {
    pub device: String,
    pub prepared_at: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
    /// how long before departure check-in opens, as the server had it
    pub window: chrono::Duration,
    /// the operator's time zone, as the server had it: the fallback where a
    /// departure names no readable zone
    pub time_zone: chrono_tz::Tz,
    /// the operator's currency, as the server had it (none in a store
    /// prepared before the currency was a setting)
    pub currency: Option<crate::domain::money::Currency>,
    pub pending: usize,
    pub departures: HashMap<DepartureId, FieldDeparture>,
    /// those taken along, and this laptop's own sales (`BookingRef::Local`)
    pub bookings: HashMap<BookingRef, FieldBooking>,
    pub by_number: HashMap<String, BookingRef>,
    /// those taken along, and the people of this laptop's own sales
    /// (`ParticipantRef::Local`)
    pub participants: HashMap<ParticipantRef, FieldParticipant>,
    /// participants of each booking in position order
    pub by_booking: HashMap<BookingRef, Vec<ParticipantRef>>,
    pub keys: HashMap<u16, (VerifyingKey, Option<DateTime<Utc>>)>,
    /// the staff the store was wrapped for, with names (empty while sealed)
    pub staff: Vec<FieldStaff>,
    /// their ids, readable while sealed
    pub keyholders: Vec<crate::domain::StaffId>,
    pub prices: HashMap<(DepartureId, u32, u32), FieldPrice>,
    pub allotments: Vec<LocalAllotment>,
    /// tickets of bookings made after the laptop was prepared, admitted on
    /// their signature alone (a second scan here is "already checked in")
    pub unknown_in: HashMap<i64, DateTime<Utc>>,
    /// the last measurement of the laptop's clock against the server's
    pub anchor: Option<super::ClockCheck>,
    /// the journal's last entry time: offline time never goes before it
    pub last_time: Option<DateTime<Utc>>,
    /// a wall-clock jump seen since the last measurement
    pub clock_warning: Option<super::ClockWarning>,
    /// who came back (or left the group) as this laptop recorded or was told
    /// (people of its own offline sales too)
    pub returns: HashMap<ParticipantRef, LocalReturn>,
    /// the event id of each offline sale applied here, by its journal
    /// position: a return names its people by it (`SoldPerson`)
    pub sale_events: HashMap<i64, uuid::Uuid>,
    /// the journal's returns by key: a retry answers the first again
    pub return_entries: HashMap<uuid::Uuid, crate::booking::FieldReturn>,
    /// the operator's grace period after a departure's end, as prepare took
    /// it along (none in stores prepared before)
    pub return_grace: Option<chrono::Duration>,
}

/// A return as the laptop knows it.
#[derive(Debug, Clone)]
pub struct LocalReturn {
    pub state: crate::domain::ReturnState,
    pub at: DateTime<Utc>,
    pub note: String,
    pub staff: String,
    pub device: String,
}

impl State {
    pub fn add_booking(&mut self, b: FieldBooking) {
        self.by_number.insert(b.booking_number.clone(), b.id);
        self.bookings.insert(b.id, b);
    }

    pub fn add_participant(&mut self, p: FieldParticipant) {
        let list = self.by_booking.entry(p.booking_id).or_default();
        if !list.contains(&p.id) {
            list.push(p.id);
        }
        self.participants.insert(p.id, p);
    }

    pub fn sort_parties(&mut self) {
        let participants = &self.participants;
        for list in self.by_booking.values_mut() {
            list.sort_by_key(|id| participants.get(id).map(|p| p.position).unwrap_or(i32::MAX));
        }
    }
}
