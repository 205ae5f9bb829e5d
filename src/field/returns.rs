//! Returns on a field laptop without the network (issue 14): the same
//! requests and the same typed answers as online (booking/rollcall.rs),
//! decided from what the laptop holds — who it knows as checked in (its
//! prepare plus its journal) and who it has marked back — and journalled
//! like a check-in, on disk before the answer. The sync replays each return
//! once (api.field_return) after the check-ins before it, and reports a
//! `return` conflict where the server disagrees.
//!
//! The roll-call is computed here the same way, at the laptop's corrected
//! clock, and says so (`offline`, `as_of`). People of this laptop's offline
//! sales are in it as everyone else — sold at the gate, they went out — named
//! by their sale until the server numbers them (`ParticipantRef::Local`); a
//! return journals them by the sale's event id (`SoldPerson`), and the sync,
//! which applies the sale first, records them on the people it made.

use super::state::{LocalReturn, State};
use super::{FieldError, FieldStore, Result, load};
use crate::booking::{
    BookingError, EarlierReturn, FieldParticipant, FieldReturn, ReturnOutcome, ReturnRequest, ReturnSubject, Returned,
    Rollcall, RollcallCounts, RollcallPerson, SoldPerson, SyncedDevice,
};
use crate::domain::{
    BookingId, BookingRef, DepartureId, ParticipantId, ParticipantRef, ReturnState, RollcallState, StaffId,
};
use crate::ticket::{SignedTicket, TicketKind, input};
use chrono::{DateTime, Utc};

/// Who a request names, as the laptop resolved it.
struct Named {
    departure: DepartureId,
    people: Vec<ParticipantRef>,
    raw: String,
    /// a ticket or a participant (not "everyone"): naming nobody who went out is an error
    someone: bool,
}

impl FieldStore {
    /// Records a return offline: answered from the laptop's state, journalled
    /// when it marks someone. `staff`: who is logged in.
    pub async fn record_return(&mut self, req: &ReturnRequest, staff: Option<StaffId>) -> Result<ReturnOutcome> {
        self.need_key()?;
        let staff = staff.or(self.opened_by);
        let now = self.now();
        if let Some(first) = self.state.return_entries.get(&req.key) {
            if first.state != req.state {
                return Err(BookingError::IdempotencyConflict {
                    booking_number: String::new(),
                }
                .into());
            }
            return Ok(answer(&self.state, first, true, now.at));
        }
        let note = req.note.trim().to_string();
        if req.state == ReturnState::Left {
            if note.is_empty() {
                return Err(FieldError::invalid("note", "say where they went and how"));
            }
            if !matches!(req.subject, ReturnSubject::Participant(_)) {
                return Err(FieldError::invalid(
                    "participant",
                    "one person leaves the group at a time: name them by participant id",
                ));
            }
        }
        if note.chars().count() > 500 {
            return Err(FieldError::invalid("note", "at most 500 characters"));
        }
        let named = name(&self.state, req)?;
        let (mut recorded, mut already) = (Vec::new(), Vec::new());
        for id in &named.people {
            let Some(p) = self.state.participants.get(id) else {
                continue;
            };
            if p.departure_id != named.departure || p.checked_in_at.is_none() {
                continue;
            }
            match self.state.returns.get(id) {
                Some(r) => already.push(earlier(&self.state, p, r)),
                None => recorded.push(*id),
            }
        }
        if named.someone && recorded.is_empty() && already.is_empty() {
            return Err(match named.people.first() {
                // a person of this laptop's sale, on another departure than the one counted
                Some(p @ ParticipantRef::Local { .. }) => FieldError::invalid(
                    "participant",
                    format!("{p} did not go out on departure {}", named.departure),
                ),
                first => BookingError::NotCheckedIn {
                    participant: first.and_then(|p| p.server()).map_or(0, |p| p.0),
                    departure: named.departure.0,
                }
                .into(),
            });
        }
        self.note_clock(&now).await?;
        let sold = recorded
            .iter()
            .filter_map(|r| match r {
                ParticipantRef::Local { sale, position } => Some(SoldPerson {
                    sale: *self.state.sale_events.get(sale)?,
                    position: *position,
                }),
                ParticipantRef::Server(_) => None,
            })
            .collect();
        let entry = FieldReturn {
            event_id: req.key,
            state: req.state,
            departure: named.departure,
            participants: recorded.iter().filter_map(|r| r.server()).collect(),
            sold,
            already,
            raw: named.raw,
            note,
            occurred_at: now.at,
            staff,
            prepared_at: self.state.prepared_at,
            wall_time: Some(now.wall),
        };
        if !entry.participants.is_empty() || !entry.sold.is_empty() {
            let journalled = crate::booking::FieldEntry::Return(entry.clone());
            let seq = self
                .append(&journalled, Some(named.departure.0), now.at, &now, now.source)
                .await?;
            load::apply(&mut self.state, seq, &journalled);
        }
        Ok(answer(&self.state, &entry, false, now.at))
    }

    /// An answer from the server (the laptop was online): the laptop learns
    /// who is back, so its roll-call is right when the network goes.
    pub fn note_return(&mut self, o: &ReturnOutcome) {
        for r in &o.recorded {
            self.state
                .returns
                .entry(r.participant_id)
                .or_insert_with(|| LocalReturn {
                    state: o.state,
                    at: o.occurred_at,
                    note: String::new(),
                    staff: String::new(),
                    device: self.state.device.clone(),
                });
        }
    }

    /// The departure's roll-call from what this laptop holds, at its
    /// corrected clock.
    pub fn rollcall(&self, departure: DepartureId) -> Result<Rollcall> {
        self.need_key()?;
        rollcall(&self.state, departure, self.now().at)
    }
}

/// Resolves the request's subject: a ticket verified here as a check-in's
/// is, a participant of the manifest, or everyone still out.
fn name(s: &State, req: &ReturnRequest) -> Result<Named> {
    match &req.subject {
        ReturnSubject::Participant(p) => {
            let found = s.participants.get(p).ok_or_else(|| {
                FieldError::invalid(
                    "participant",
                    format!("participant {p} is not in this laptop's manifest"),
                )
            })?;
            Ok(Named {
                departure: req.departure.unwrap_or(found.departure_id),
                people: vec![*p],
                raw: String::new(),
                someone: true,
            })
        }
        ReturnSubject::Everyone(d) => {
            if !s.departures.contains_key(d) {
                return Err(FieldError::NotPrepared(*d));
            }
            let mut people: Vec<&FieldParticipant> = s
                .participants
                .values()
                .filter(|p| p.departure_id == *d && p.checked_in_at.is_some())
                .filter(|p| !s.returns.contains_key(&p.id))
                .collect();
            people.sort_by_key(|p| (booking_number(s, p.booking_id), p.position));
            Ok(Named {
                departure: *d,
                people: people.iter().map(|p| p.id).collect(),
                raw: String::new(),
                someone: false,
            })
        }
        ReturnSubject::Code(raw) => code(s, req, raw),
    }
}

/// A scanned ticket: its signature checked with the keys taken along.
fn code(s: &State, req: &ReturnRequest, raw: &str) -> Result<Named> {
    let code = input::normalize(raw);
    let ticket = SignedTicket::parse(&code).map_err(|e| FieldError::invalid("ticket", format!("not a ticket: {e}")))?;
    let key_id = ticket.claims.key_id;
    match s.keys.get(&key_id) {
        None => {
            return Err(FieldError::invalid(
                "ticket",
                format!("the code was signed with key {key_id}, which is unknown here"),
            ));
        }
        Some((k, _)) if !ticket.verify(k) => {
            return Err(FieldError::invalid(
                "ticket",
                format!("the code's signature (key {key_id}) is not valid"),
            ));
        }
        Some(_) => {}
    }
    let id = i64::try_from(ticket.claims.ticket_id).unwrap_or(i64::MAX);
    let subject = id & ((1 << 48) - 1);
    let (booking, people) = match ticket.claims.kind {
        TicketKind::Participant => {
            let p = s
                .participants
                .get(&ParticipantRef::Server(ParticipantId(subject)))
                .ok_or_else(|| BookingError::not_found("ticket", id))?;
            (p.booking_id, vec![ParticipantRef::Server(ParticipantId(subject))])
        }
        TicketKind::Group => {
            let b = BookingRef::Server(BookingId(subject));
            (b, s.by_booking.get(&b).cloned().unwrap_or_default())
        }
    };
    let b = s
        .bookings
        .get(&booking)
        .filter(|_| id >> 48 >= 1)
        .ok_or_else(|| BookingError::not_found("ticket", id))?;
    if id >> 48 < i64::from(b.ticket_gen) {
        return Err(FieldError::invalid(
            "ticket",
            "this code was reissued and names nobody now: scan the current ticket, or return the person by participant id",
        ));
    }
    Ok(Named {
        departure: req.departure.unwrap_or(b.departure_id),
        people,
        raw: code.chars().take(300).collect(),
        someone: true,
    })
}

fn booking_number(s: &State, b: BookingRef) -> String {
    s.bookings.get(&b).map(|b| b.booking_number.clone()).unwrap_or_default()
}

fn earlier(s: &State, p: &FieldParticipant, r: &LocalReturn) -> EarlierReturn {
    EarlierReturn {
        participant_id: p.id,
        name: p.name.clone(),
        booking_number: booking_number(s, p.booking_id),
        state: r.state,
        at: r.at,
        note: r.note.clone(),
        staff: r.staff.clone(),
        device: r.device.clone(),
    }
}

/// The typed answer to a journalled (or answered-only) return.
fn answer(s: &State, e: &FieldReturn, replayed: bool, now: DateTime<Utc>) -> ReturnOutcome {
    let recorded = load::returned_people(s, e)
        .iter()
        .filter_map(|id| s.participants.get(id))
        .map(|p| Returned {
            participant_id: p.id,
            name: p.name.clone(),
            booking_number: booking_number(s, p.booking_id),
        })
        .collect();
    ReturnOutcome {
        departure_id: e.departure,
        state: e.state,
        key: e.event_id,
        occurred_at: e.occurred_at,
        recorded,
        already: e.already.clone(),
        counts: rollcall(s, e.departure, now).map(|r| r.counts).unwrap_or_default(),
        replayed,
        offline: true,
    }
}

/// Out, back, left or missing for everyone the laptop knows went out.
fn rollcall(s: &State, departure: DepartureId, now: DateTime<Utc>) -> Result<Rollcall> {
    let d = s.departures.get(&departure).ok_or(FieldError::NotPrepared(departure))?;
    let (Some(ends_at), Some(grace)) = (d.ends_at, s.return_grace) else {
        return Err(FieldError::PreparedBefore(departure));
    };
    let missing_after = ends_at + grace;
    let mut people: Vec<(String, i32, RollcallPerson)> = Vec::new();
    for p in s.participants.values().filter(|p| p.departure_id == departure) {
        let Some(checked_in_at) = p.checked_in_at else {
            continue;
        };
        let b = s.bookings.get(&p.booking_id);
        let r = s.returns.get(&p.id);
        let state = match r.map(|r| r.state) {
            Some(ReturnState::Back) => RollcallState::Back,
            Some(ReturnState::Left) => RollcallState::Left,
            None if now >= missing_after => RollcallState::Missing,
            None => RollcallState::Out,
        };
        let number = b.map(|b| b.booking_number.clone()).unwrap_or_default();
        people.push((
            number.clone(),
            p.position,
            RollcallPerson {
                participant_id: p.id,
                name: p.name.clone(),
                kind: p.kind,
                state,
                booking_number: number,
                contact_name: b.map(|b| b.contact_name.clone()).unwrap_or_default(),
                phone: b.map(|b| b.contact_phone.clone()).unwrap_or_default(),
                emergency_contact: p.emergency_contact.clone(),
                medical_notes: p.medical_notes.clone(),
                checked_in_at,
                returned_at: r.map(|r| r.at),
                note: r.map(|r| r.note.clone()).unwrap_or_default(),
                returned_by: r.map(|r| r.staff.clone()).unwrap_or_default(),
                returned_device: r.map(|r| r.device.clone()).unwrap_or_default(),
                missing_since: (state == RollcallState::Missing).then_some(missing_after),
            },
        ));
    }
    people.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let of = |st: RollcallState| -> Vec<RollcallPerson> {
        people.iter().filter(|p| p.2.state == st).map(|p| p.2.clone()).collect()
    };
    let (out, back, missing, left) = (
        of(RollcallState::Out),
        of(RollcallState::Back),
        of(RollcallState::Missing),
        of(RollcallState::Left),
    );
    let n = |v: &Vec<RollcallPerson>| v.len() as i64;
    Ok(Rollcall {
        departure_id: departure,
        tour: d.tour.clone(),
        starts_at: d.starts_at,
        ends_at,
        time_zone: d.time_zone.clone(),
        grace_minutes: grace.num_minutes(),
        missing_after,
        as_of: now,
        counts: RollcallCounts {
            checked_in: people.len() as i64,
            out: n(&out),
            back: n(&back),
            left: n(&left),
            missing: n(&missing),
        },
        out,
        back,
        missing,
        left,
        synced_devices: s
            .last_sync
            .map(|at| SyncedDevice {
                device: s.device.clone(),
                last_sync_at: at,
                age_seconds: (now - at).num_seconds(),
            })
            .into_iter()
            .collect(),
        offline: true,
    })
}
