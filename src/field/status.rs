//! `field status` and `field conflicts`: what this laptop holds and what its
//! syncs found.

use super::{ClockCheck, FieldStore, LocalAllotment, Now, Result, TimeSource};
use crate::booking::{EntryKind, FieldConflict};
use crate::domain::{BookingStatus, DepartureId, ManifestState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct FieldStatus {
    pub device: String,
    pub store: String,
    /// the database answered just now
    pub online: bool,
    pub pending: usize,
    pub prepared_at: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
    pub departures: Vec<DepartureId>,
    /// the signing keys taken along that may sign, by id (a key made after
    /// the prepare is not among them: prepare again)
    pub key_ids: Vec<u16>,
    pub allotments: Vec<LocalAllotment>,
    /// entries the server refused outright (see `field conflicts`)
    pub failed: i64,
    /// the last measurement of the laptop's clock against the server's
    pub clock: Option<ClockCheck>,
    /// the time offline entries get now, and where it comes from
    pub now: Now,
    /// the wall clock was set after that measurement
    pub clock_warning: Option<ClockWarning>,
    /// the personal data is sealed and no PIN has opened it in this process
    pub sealed: bool,
    /// the staff ids the store's key is wrapped for (who can open it)
    pub wrapped_for: Vec<crate::domain::StaffId>,
    /// past its time: wiped, or kept because entries wait
    pub expiry: Option<super::Expiry>,
}

/// The laptop's wall clock was set (back or forward) after it was measured
/// against the server's: offline entries keep the corrected time.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ClockWarning {
    /// the corrected time when the jump was seen
    pub detected_at: DateTime<Utc>,
    /// what the wall clock said then
    pub wall: DateTime<Utc>,
    /// by how much it was set (positive: forward)
    pub jump_ms: i64,
    pub source: TimeSource,
}

impl ClockWarning {
    /// "back by 6 h 0 min"
    pub fn describe(&self) -> String {
        let d = chrono::Duration::milliseconds(self.jump_ms);
        format!(
            "{} by {}",
            if self.jump_ms < 0 { "back" } else { "forward" },
            super::clock::span(d)
        )
    }
}

/// A conflict as this laptop recorded it when it synced, or an entry the
/// server refused.
#[derive(Debug, Clone, Serialize)]
pub struct LocalConflict {
    pub event_id: Uuid,
    /// the journal entry's kind
    pub kind: EntryKind,
    pub occurred_at: DateTime<Utc>,
    pub conflict: Option<FieldConflict>,
    /// the entry's time was impossible (a `clock` conflict)
    pub clock: Option<FieldConflict>,
    /// why the server refused the entry outright
    pub failed: Option<super::Refusal>,
}

impl FieldStore {
    pub async fn status(&self, online: bool) -> Result<FieldStatus> {
        let failed: i64 = sqlx::query_scalar("select count(*) from journal where failed is not null")
            .fetch_one(&self.pool)
            .await?;
        Ok(FieldStatus {
            device: self.state.device.clone(),
            store: self.path.display().to_string(),
            online,
            pending: self.state.pending,
            prepared_at: self.state.prepared_at,
            last_sync: self.state.last_sync,
            departures: self.departures().iter().map(|d| d.id).collect(),
            key_ids: {
                let mut ids: Vec<u16> = (self.state.keys.iter())
                    .filter(|(_, (_, retired))| retired.is_none())
                    .map(|(id, _)| *id)
                    .collect();
                ids.sort_unstable();
                ids
            },
            allotments: self.allotments(),
            failed,
            clock: self.state.anchor.clone(),
            now: self.now(),
            clock_warning: self.state.clock_warning.clone(),
            sealed: !self.unlocked(),
            wrapped_for: self.state.keyholders.clone(),
            expiry: self.expiry.clone(),
        })
    }

    /// What this laptop's syncs found, oldest first.
    pub async fn conflicts(&self) -> Result<Vec<LocalConflict>> {
        if !self.unlocked() {
            return Err(super::FieldError::Sealed);
        }
        type Row = (String, String, String, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "select event_id, kind, device_time, conflict, clock, failed from journal
              where conflict is not null or clock is not null or failed is not null order by seq",
        )
        .fetch_all(&self.pool)
        .await?;
        // each column is sealed (it names people): opened here, a damaged one left out
        let open = |event: &str, column: &str, sealed: Option<String>| {
            sealed.and_then(|s| self.open_record(&super::unlock::journal_aad(event, column), &s).ok())
        };
        rows.into_iter()
            .map(|(event, kind, at, conflict, clock, failed)| {
                // the journal's CHECK allows no other kind
                let kind = EntryKind::parse(&kind)
                    .ok_or_else(|| super::FieldError::Corrupt(format!("journal entry {event} of kind {kind:?}")))?;
                Ok(LocalConflict {
                    kind,
                    occurred_at: DateTime::parse_from_rfc3339(&at)
                        .map(|t| t.with_timezone(&Utc))
                        .unwrap_or_default(),
                    conflict: open(&event, "conflict", conflict).and_then(|c| serde_json::from_str(&c).ok()),
                    clock: open(&event, "clock", clock).and_then(|c| serde_json::from_str(&c).ok()),
                    // a refusal is shown even when its record does not read
                    failed: open(&event, "failed", failed).map(|f| {
                        serde_json::from_str(&f).unwrap_or_else(|e| super::Refusal {
                            code: None,
                            message: format!("(unreadable: {e}) {f}"),
                        })
                    }),
                    event_id: event.parse().unwrap_or_default(),
                })
            })
            .collect()
    }
}

impl FieldStore {
    /// The manifest of a prepared departure as this laptop knows it (what
    /// was prepared, with what happened here since), in the core's shape so
    /// the kiosk shows it the same way online and offline.
    pub fn manifest(&self, departure: DepartureId) -> Result<crate::booking::Manifest> {
        use crate::booking::{Manifest, ManifestRow};
        self.need_key()?;
        let s = &self.state;
        let d = s
            .departures
            .get(&departure)
            .ok_or(super::FieldError::NotPrepared(departure))?;
        let mut rows: Vec<ManifestRow> = s
            .participants
            .values()
            .filter(|p| p.departure_id == departure)
            .filter_map(|p| {
                let b = s.bookings.get(&p.booking_id)?;
                // the order of api.manifest's case: a cancelled booking first
                let state = match b.status {
                    BookingStatus::Cancelled => ManifestState::Cancelled,
                    BookingStatus::Confirmed if p.checked_in_at.is_some() => ManifestState::Admitted,
                    BookingStatus::Confirmed if p.no_show => ManifestState::NoShow,
                    BookingStatus::Confirmed => ManifestState::Expected,
                };
                Some(ManifestRow {
                    participant_id: p.id,
                    booking_id: b.id,
                    booking_number: b.booking_number.clone(),
                    position: p.position,
                    name: p.name.clone(),
                    kind: p.kind,
                    state,
                    checked_in_at: p.checked_in_at,
                    checked_in_by: p.checked_in_staff.clone(),
                    checked_in_device: p.checked_in_device.clone(),
                    check_in_method: p.checked_in_method,
                    no_show_reason: String::new(),
                    medical_notes: p.medical_notes.clone(),
                    dietary: p.dietary.clone(),
                    equipment: p.equipment.clone(),
                    special_requests: b.special_requests.clone(),
                    unpaid_minor: b.unpaid_minor,
                    currency: b.currency.clone(),
                    contact_name: b.contact_name.clone(),
                    contact_phone: b.contact_phone.clone(),
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.state == ManifestState::Cancelled, &a.booking_number, a.position).cmp(&(
                b.state == ManifestState::Cancelled,
                &b.booking_number,
                b.position,
            ))
        });
        let count = |st: ManifestState| rows.iter().filter(|r| r.state == st).count();
        Ok(Manifest {
            departure_id: departure,
            tour: d.tour.clone(),
            starts_at: d.starts_at,
            time_zone: d.time_zone.clone(),
            meeting_point: d.meeting_point.clone(),
            check_in_closed_at: d.check_in_closed_at,
            // the window prepare took along, as the offline verdicts use it
            check_in_opens_at: d.starts_at - s.window,
            admitted: count(ManifestState::Admitted),
            expected: count(ManifestState::Expected),
            no_shows: count(ManifestState::NoShow),
            rows,
        })
    }
}
