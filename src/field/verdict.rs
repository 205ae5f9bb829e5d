//! An offline check-in: the same verdicts as the server's td_check_in
//! (`sql/core/td_check_in.sql`), decided from the prepared manifest and the journal, then
//! journalled — on disk before the verdict is returned. One table of cases
//! run through both (`tests/field/checkin_scenarios.rs`) keeps them agreeing
//! and lists where the laptop must differ (what happened after its prepare).

use super::state::State;
use super::{FieldError, FieldStore, Result, TimeSource, load};
use crate::booking::{
    Admission, Attention, CheckIn, CheckInRequest, CheckInSubject, EarlierCheckIn, FieldBooking, FieldCheckIn,
    FieldDeparture, FieldEntry, FieldParticipant, Verdict,
};
use crate::domain::{
    AdmissionMethod, BookingId, BookingRef, BookingStatus, DepartureId, DepartureStatus, ParticipantId, ParticipantRef,
    StaffId, codes,
};
use crate::ticket::{SignedTicket, TicketKind, input};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

/// What the laptop decided, before it is journalled.
struct Decision {
    verdict: Verdict,
    raw: String,
    ticket: Option<(i64, TicketKind, i32)>,
    participant: Option<ParticipantId>,
    booking: Option<BookingId>,
    admitted: Vec<ParticipantId>,
}

impl FieldStore {
    /// Checks in offline: verifies the code and the prepared manifest, writes
    /// the journal entry to disk, then answers. `staff`: who is logged in.
    pub async fn check_in(&mut self, req: &CheckInRequest, staff: Option<StaffId>) -> Result<CheckIn> {
        self.need_key()?;
        let staff = staff.or(self.opened_by);
        // a code is judged by what it is signed for even at a departure this
        // laptop did not take along (wrong departure, not today); a person or
        // booking picked by hand needs the departure's manifest
        if let Some(d) = req.departure
            && !matches!(req.subject, CheckInSubject::Code(_))
            && !self.state.departures.contains_key(&d)
        {
            return Err(FieldError::NotPrepared(d));
        }
        if req.party_limit == Some(0) {
            return Err(FieldError::invalid("party limit", "admit at least one person"));
        }
        // the laptop's corrected time, unless the caller names one (`--at`: the sync
        // flags it if it is impossible)
        let now = self.now();
        let occurred_at = req.at.unwrap_or(now.at);
        self.note_clock(&now).await?;
        let req = &CheckInRequest {
            occurred_at,
            ..req.clone()
        };
        let d = decide(&self.state, req)?;
        let entry = FieldEntry::CheckIn(FieldCheckIn {
            event_id: req.event_id,
            method: req.method,
            raw: d.raw,
            ticket: d.ticket,
            participant: d.participant,
            booking: d.booking,
            departure: req.departure,
            location: req.location.trim().to_string(),
            occurred_at: req.occurred_at,
            party_limit: req.party_limit.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
            device_verdict: d.verdict.kind(),
            device_detail: detail(&d.verdict),
            admitted: d.admitted,
            staff,
            prepared_at: self.state.prepared_at,
            wall_time: Some(now.wall),
        });
        let seq = self
            .append(
                &entry,
                req.departure.map(|d| d.0),
                req.occurred_at,
                &now,
                if req.at.is_some() {
                    TimeSource::Given
                } else {
                    now.source
                },
            )
            .await?;
        load::apply(&mut self.state, seq, &entry);
        Ok(CheckIn {
            event_id: req.event_id,
            occurred_at: req.occurred_at,
            replayed: false,
            verdict: d.verdict,
        })
    }

    /// An answer from the server (the laptop was online): the local manifest
    /// learns who is in, so it knows when the network goes.
    pub fn note_online(&mut self, c: &CheckIn) {
        if let Verdict::Admitted { admitted, .. } = &c.verdict {
            for a in admitted {
                if let Some(p) = a
                    .participant_id
                    .and_then(|id| self.state.participants.get_mut(&ParticipantRef::Server(id)))
                    && p.checked_in_at.is_none()
                {
                    p.checked_in_at = Some(c.occurred_at);
                    p.checked_in_method = Some(AdmissionMethod::Qr);
                    p.checked_in_device = self.state.device.clone();
                }
            }
        }
    }
}

/// The verdict's fields without its name, as the server records a rejection.
fn detail(v: &Verdict) -> Value {
    let mut d = serde_json::to_value(v).unwrap_or(Value::Null);
    if let Some(m) = d.as_object_mut() {
        m.remove("verdict");
    }
    d
}

fn decide(s: &State, req: &CheckInRequest) -> Result<Decision> {
    let mut d = Decision {
        verdict: Verdict::Malformed { reason: String::new() },
        raw: String::new(),
        ticket: None,
        participant: None,
        booking: None,
        admitted: Vec::new(),
    };
    let (booking, participant) = match &req.subject {
        CheckInSubject::Participant(p) => {
            let found = s.participants.get(&ParticipantRef::Server(*p)).ok_or_else(|| {
                FieldError::invalid(
                    "participant",
                    format!("participant {p} is not in this laptop's manifest"),
                )
            })?;
            d.participant = Some(*p);
            (found.booking_id, Some(found.id))
        }
        CheckInSubject::Booking(number) => {
            let n = codes::normalize_booking_number(&input::normalize(number));
            let id = *s.by_number.get(&n).ok_or_else(|| {
                FieldError::invalid("booking", format!("booking {n} is not in this laptop's manifest"))
            })?;
            // the journal names the server's booking; a sale of this laptop
            // has no id yet (its people were all let in when it was sold)
            d.booking = id.server();
            (id, None)
        }
        CheckInSubject::Code(raw) => {
            let code = input::normalize(raw);
            d.raw = code.chars().take(300).collect();
            let ticket = match SignedTicket::parse(&code) {
                Ok(t) => t,
                Err(e) => {
                    d.verdict = Verdict::malformed(&code, e);
                    return Ok(d);
                }
            };
            let key_id = ticket.claims.key_id;
            match s.keys.get(&key_id) {
                None => {
                    d.verdict = Verdict::UnknownKey { key_id, offline: true };
                    return Ok(d);
                }
                Some((k, _)) if !ticket.verify(k) => {
                    d.verdict = Verdict::InvalidSignature { key_id };
                    return Ok(d);
                }
                Some((_, Some(retired_at))) => {
                    d.verdict = Verdict::RetiredKey {
                        key_id,
                        retired_at: *retired_at,
                    };
                    return Ok(d);
                }
                Some(_) => {}
            }
            let id = i64::try_from(ticket.claims.ticket_id).unwrap_or(i64::MAX);
            let kind = ticket.claims.kind;
            d.ticket = Some((id, kind, i32::from(key_id)));
            if id >> 48 < 1 {
                // generation 0 was never printed: as td_check_in, whatever the booking
                d.verdict = Verdict::UnknownTicket { ticket_id: id as u64 };
                return Ok(d);
            }
            let subject = id & ((1 << 48) - 1);
            let found = match kind {
                TicketKind::Participant => s
                    .participants
                    .get(&ParticipantRef::Server(ParticipantId(subject)))
                    .map(|p| (p.booking_id, Some(p.id))),
                TicketKind::Group => s
                    .bookings
                    .get(&BookingRef::Server(BookingId(subject)))
                    .map(|b| (b.id, None)),
            };
            match found {
                Some(f) => f,
                None => {
                    d.verdict = unknown_booking(s, req, &ticket, id)?;
                    // a group code of an unknown booking names nobody: the journal
                    // keeps its ticket, and the store remembers the ticket as in
                    if let Verdict::Admitted { admitted, .. } = &d.verdict {
                        d.admitted = admitted.iter().filter_map(|a| a.participant_id).collect();
                    }
                    return Ok(d);
                }
            }
        }
    };
    let Some(b) = s.bookings.get(&booking) else {
        return Err(FieldError::Corrupt(format!(
            "booking {booking} of the manifest is missing"
        )));
    };
    let Some(dep) = s.departures.get(&b.departure_id) else {
        return Err(FieldError::NotPrepared(b.departure_id));
    };
    // A generation newer than the manifest's was printed by a reissue after
    // the prepare: its signature makes it valid (the server admits it too),
    // as a booking made after the prepare is. Only older ones are revoked.
    let generation = d.ticket.as_ref().map(|t| t.0 >> 48);
    let cancelled = matches!(b.status, BookingStatus::Cancelled);
    d.verdict = if cancelled || generation.is_some_and(|g| g < i64::from(b.ticket_gen)) {
        Verdict::Cancelled {
            booking_number: b.booking_number.clone(),
            revoked_at: b.cancelled_at,
            reason: if matches!(dep.status, DepartureStatus::Cancelled) {
                "departure cancelled"
            } else if cancelled {
                "booking cancelled"
            } else {
                "reissued"
            }
            .into(),
        }
    } else if req.departure.is_some_and(|r| r != dep.id) {
        Verdict::WrongDeparture {
            booking_number: b.booking_number.clone(),
            departure_id: dep.id,
            tour: dep.tour.clone(),
            starts_at: dep.starts_at,
            time_zone: dep.time_zone.clone(),
            meeting_point: dep.meeting_point.clone(),
        }
    } else if let Some(v) = timing(s, dep, req.occurred_at, &b.booking_number) {
        v
    } else {
        admit(s, req, &mut d, booking, participant)
    };
    Ok(d)
}

/// Too early, not today, or check-in closed — as td_check_in decides them.
fn timing(s: &State, dep: &FieldDeparture, at: DateTime<Utc>, number: &str) -> Option<Verdict> {
    let tz: chrono_tz::Tz = dep.time_zone.parse().unwrap_or(s.time_zone);
    let day = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let opens = dep.starts_at - s.window;
    if at < opens && day(at) == day(opens) {
        Some(Verdict::TooEarly {
            booking_number: number.to_string(),
            departure_id: dep.id,
            tour: dep.tour.clone(),
            starts_at: dep.starts_at,
            time_zone: dep.time_zone.clone(),
            opens_at: opens,
        })
    } else if at < opens || day(at) > day(dep.starts_at) {
        Some(Verdict::NotToday {
            booking_number: number.to_string(),
            departure_id: dep.id,
            tour: dep.tour.clone(),
            starts_at: dep.starts_at,
            time_zone: dep.time_zone.clone(),
        })
    } else {
        dep.check_in_closed_at.map(|closed_at| Verdict::CheckInClosed {
            booking_number: number.to_string(),
            departure_id: dep.id,
            closed_at,
            time_zone: dep.time_zone.clone(),
        })
    }
}

fn admit(
    s: &State,
    req: &CheckInRequest,
    d: &mut Decision,
    booking: BookingRef,
    only: Option<ParticipantRef>,
) -> Verdict {
    let b = &s.bookings[&booking];
    let dep = &s.departures[&b.departure_id];
    let party: Vec<&FieldParticipant> = s
        .by_booking
        .get(&booking)
        .map(|ids| ids.iter().filter_map(|id| s.participants.get(id)).collect())
        .unwrap_or_default();
    let limit = req.party_limit.map(|n| n as usize);
    let mut admitted = Vec::new();
    let mut already = Vec::new();
    for p in party.iter().filter(|p| only.is_none_or(|o| o == p.id)) {
        if let Some(at) = p.checked_in_at {
            already.push(EarlierCheckIn {
                // none for a person of this laptop's own sale: the server
                // has not numbered them yet
                participant_id: p.id.server(),
                name: p.name.clone(),
                at,
                method: p.checked_in_method,
                device: p.checked_in_device.clone(),
                staff: p.checked_in_staff.clone(),
                location: p.checked_in_location.clone(),
            });
        } else if limit.is_none_or(|l| admitted.len() < l) {
            admitted.push(Admission {
                participant_id: p.id.server(),
                name: p.name.clone(),
                kind: Some(p.kind),
                attention: attention(p, b),
            });
        }
    }
    d.admitted = admitted.iter().filter_map(|a| a.participant_id).collect();
    let party_in = party.iter().filter(|p| p.checked_in_at.is_some()).count() + admitted.len();
    if admitted.is_empty() {
        Verdict::AlreadyCheckedIn {
            booking_number: b.booking_number.clone(),
            departure_id: dep.id,
            already,
            party_in: party_in as i64,
            party_total: party.len() as i64,
            time_zone: dep.time_zone.clone(),
        }
    } else {
        Verdict::Admitted {
            booking_number: b.booking_number.clone(),
            departure_id: dep.id,
            tour: dep.tour.clone(),
            starts_at: dep.starts_at,
            time_zone: dep.time_zone.clone(),
            admitted,
            already,
            party_in: party_in as i64,
            party_total: party.len() as i64,
            unpaid_minor: b.unpaid_minor,
            currency: b.currency.clone(),
            special_requests: b.special_requests.clone(),
        }
    }
}

/// The flags td_attention gives the same participant online.
fn attention(p: &FieldParticipant, b: &FieldBooking) -> Attention {
    Attention::of(
        [&p.medical_notes, &p.dietary, &p.equipment],
        &b.special_requests,
        b.unpaid_minor,
        &b.currency,
    )
}

/// A ticket with a valid signature whose booking this laptop does not know:
/// made after it was prepared, or for a departure it did not take along. A
/// valid ticket is never called invalid because the network is gone — it is
/// admitted on its signature (the sync reports it if it was cancelled
/// meanwhile), unless it is for another departure or day. A departure not
/// taken along is judged by the day and departure its code is signed for;
/// only a ticket for today's departure the guide checks in, which this
/// laptop knows nothing of, cannot be judged (NOT_PREPARED).
fn unknown_booking(s: &State, req: &CheckInRequest, ticket: &SignedTicket, id: i64) -> Result<Verdict> {
    let claimed = DepartureId(i64::try_from(ticket.claims.departure_id).unwrap_or(i64::MAX));
    let Some(dep) = s.departures.get(&claimed) else {
        return not_taken_along(s, req, ticket, claimed);
    };
    if req.departure.is_some_and(|r| r != claimed) {
        return Ok(Verdict::WrongDeparture {
            booking_number: String::new(),
            departure_id: claimed,
            tour: dep.tour.clone(),
            starts_at: dep.starts_at,
            time_zone: dep.time_zone.clone(),
            meeting_point: dep.meeting_point.clone(),
        });
    }
    if let Some(v) = timing(s, dep, req.occurred_at, "") {
        return Ok(v);
    }
    if let Some(at) = s.unknown_in.get(&id) {
        return Ok(Verdict::AlreadyCheckedIn {
            booking_number: String::new(),
            departure_id: dep.id,
            already: vec![EarlierCheckIn {
                participant_id: named(ticket),
                name: String::new(),
                at: *at,
                // only the time of the first scan is kept of such a ticket
                method: Some(AdmissionMethod::Qr),
                device: s.device.clone(),
                staff: String::new(),
                location: String::new(),
            }],
            party_in: 0,
            party_total: 0,
            time_zone: dep.time_zone.clone(),
        });
    }
    Ok(Verdict::Admitted {
        booking_number: String::new(),
        departure_id: dep.id,
        tour: dep.tour.clone(),
        starts_at: dep.starts_at,
        time_zone: dep.time_zone.clone(),
        admitted: vec![Admission {
            participant_id: named(ticket),
            name: "(booked after this laptop was prepared)".into(),
            kind: None,
            attention: Attention::default(),
        }],
        already: Vec::new(),
        party_in: 0,
        party_total: 0,
        unpaid_minor: 0,
        currency: String::new(),
        special_requests: String::new(),
    })
}

/// Whom a ticket of an unknown booking names: a person's ticket its
/// participant (the signed subject), a group code nobody.
fn named(ticket: &SignedTicket) -> Option<ParticipantId> {
    let subject = i64::try_from(ticket.claims.ticket_id).unwrap_or(i64::MAX) & ((1 << 48) - 1);
    (ticket.claims.kind == TicketKind::Participant).then_some(ParticipantId(subject))
}

/// A ticket for a departure this laptop did not take along, judged by the
/// departure and day it is signed for: another departure first, as
/// td_check_in; then another day; today's, with no departure named, is not
/// one this laptop checks in. Only today's at its own gate cannot be judged.
fn not_taken_along(s: &State, req: &CheckInRequest, ticket: &SignedTicket, claimed: DepartureId) -> Result<Verdict> {
    let (zone, starts_at) = elsewhere(s, ticket.claims.day);
    let tour = format!("departure {claimed}");
    let today = req.occurred_at.with_timezone(&zone).date_naive();
    if req.departure.is_some_and(|r| r != claimed) || (req.departure.is_none() && ticket.claims.day == today) {
        Ok(Verdict::WrongDeparture {
            booking_number: String::new(),
            departure_id: claimed,
            tour,
            starts_at,
            time_zone: zone.name().into(),
            meeting_point: String::new(),
        })
    } else if ticket.claims.day != today {
        Ok(Verdict::NotToday {
            booking_number: String::new(),
            departure_id: claimed,
            tour,
            starts_at,
            time_zone: zone.name().into(),
        })
    } else {
        Err(FieldError::NotPrepared(claimed))
    }
}

/// For a departure this laptop did not take along: the zone of those it did
/// (one operator's; else the operator's zone taken along), and the start of
/// the day its ticket is signed for there
/// (the code carries the day, not the time).
fn elsewhere(s: &State, day: NaiveDate) -> (chrono_tz::Tz, DateTime<Utc>) {
    let zone = s
        .departures
        .values()
        .min_by_key(|d| d.id)
        .and_then(|d| d.time_zone.parse().ok())
        .unwrap_or(s.time_zone);
    let starts = day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(zone).earliest())
        .map_or_else(
            || day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
            |t| t.with_timezone(&Utc),
        );
    (zone, starts)
}
