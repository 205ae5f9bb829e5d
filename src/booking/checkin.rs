//! Check-in: a scanned ticket, a participant picked by hand, or a whole
//! booking ("everyone here") → a verdict with what the guide needs to act.
//! The code is parsed and its signature verified here (no database needed
//! for that); one call of `td_check_in` (`sql/core/td_check_in.sql`) decides the rest and
//! records every scan, admitted or not. Idempotent on the event id.

use super::{BookingError, Core, Result};
pub use crate::domain::CheckInMethod;
use crate::domain::{Action, AdmissionMethod, DepartureId, ParticipantId, ParticipantKind, codes};
use crate::ticket::{SignedTicket, input};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

mod manifest;
pub use manifest::{CloseReport, Manifest, ManifestRow, UndoneCheckIn};

/// Who or what is being checked in.
#[derive(Debug, Clone)]
pub enum CheckInSubject {
    /// What the scanner typed or the photo held (normalised here).
    Code(String),
    Participant(ParticipantId),
    /// "Everyone here": all of a booking not yet admitted.
    Booking(String),
}

#[derive(Debug, Clone)]
pub struct CheckInRequest {
    pub subject: CheckInSubject,
    pub method: CheckInMethod,
    /// The departure the guide is checking in; a ticket for another is refused.
    pub departure: Option<DepartureId>,
    pub location: String,
    /// When it happened on the device. Online, the server's clock decides,
    /// not this; offline, the field store's corrected clock does (see
    /// field/clock.rs) unless `at` names a time.
    pub occurred_at: DateTime<Utc>,
    /// Online: check in as of this time instead of the server's now (after
    /// the fact). A manager's only, audited as `check_in.backdated`.
    /// Offline: the time the journal keeps (a sync flags it when impossible).
    pub at: Option<DateTime<Utc>>,
    /// Client-generated; a retry with the same id returns the first verdict.
    pub event_id: Uuid,
    /// With a group code or a whole booking: admit at most this many ("3 of 5 are here").
    pub party_limit: Option<u32>,
}

impl CheckInRequest {
    /// A scan now, with a fresh event id.
    pub fn scan(code: &str, departure: Option<DepartureId>) -> CheckInRequest {
        CheckInRequest {
            subject: CheckInSubject::Code(code.to_string()),
            method: CheckInMethod::Qr,
            departure,
            location: String::new(),
            occurred_at: Utc::now(),
            at: None,
            event_id: Uuid::now_v7(),
            party_limit: None,
        }
    }

    pub fn participant(id: ParticipantId, departure: Option<DepartureId>) -> CheckInRequest {
        CheckInRequest {
            subject: CheckInSubject::Participant(id),
            method: CheckInMethod::Manual,
            ..CheckInRequest::scan("", departure)
        }
    }

    pub fn booking(number: &str, departure: Option<DepartureId>) -> CheckInRequest {
        CheckInRequest {
            subject: CheckInSubject::Booking(number.to_string()),
            method: CheckInMethod::Bulk,
            ..CheckInRequest::scan("", departure)
        }
    }
}

/// One person let in by this scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Admission {
    /// none for someone this field laptop cannot name: a group code of a
    /// booking made after it was prepared (the server always names them)
    pub participant_id: Option<ParticipantId>,
    pub name: String,
    /// none for someone this field laptop cannot name (as `participant_id`):
    /// written as `""`, as the kind of nobody
    #[serde(with = "kind_or_blank")]
    pub kind: Option<ParticipantKind>,
    /// what the guide must know about them
    #[serde(default)]
    pub attention: super::Attention,
}

/// An earlier check-in, for "already checked in".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierCheckIn {
    /// none as for [`Admission::participant_id`]
    pub participant_id: Option<ParticipantId>,
    pub name: String,
    pub at: DateTime<Utc>,
    /// the server always names it; a field laptop's manifest row may have
    /// no word for it (`""`, as the store keeps it)
    #[serde(with = "crate::domain::states::admission_or_blank")]
    pub method: Option<AdmissionMethod>,
    pub device: String,
    pub staff: String,
    pub location: String,
}

/// What the guide is told. Every rejection says why and what it was for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Admitted {
        booking_number: String,
        departure_id: DepartureId,
        tour: String,
        starts_at: DateTime<Utc>,
        time_zone: String,
        /// admitted by this scan
        admitted: Vec<Admission>,
        /// of the same scan, already in before (a group code after one member came alone)
        already: Vec<EarlierCheckIn>,
        party_in: i64,
        party_total: i64,
        unpaid_minor: i64,
        currency: String,
        special_requests: String,
    },
    AlreadyCheckedIn {
        booking_number: String,
        departure_id: DepartureId,
        already: Vec<EarlierCheckIn>,
        party_in: i64,
        party_total: i64,
        time_zone: String,
    },
    WrongDeparture {
        booking_number: String,
        departure_id: DepartureId,
        tour: String,
        starts_at: DateTime<Utc>,
        time_zone: String,
        meeting_point: String,
    },
    NotToday {
        booking_number: String,
        departure_id: DepartureId,
        tour: String,
        starts_at: DateTime<Utc>,
        time_zone: String,
    },
    TooEarly {
        booking_number: String,
        departure_id: DepartureId,
        tour: String,
        starts_at: DateTime<Utc>,
        time_zone: String,
        opens_at: DateTime<Utc>,
    },
    CheckInClosed {
        booking_number: String,
        departure_id: DepartureId,
        closed_at: DateTime<Utc>,
        time_zone: String,
    },
    Cancelled {
        booking_number: String,
        revoked_at: Option<DateTime<Utc>>,
        reason: String,
    },
    InvalidSignature {
        key_id: u16,
    },
    UnknownKey {
        key_id: u16,
        /// said by a field laptop offline: a key made after it was prepared
        /// (it takes along every key there was then)
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        offline: bool,
    },
    RetiredKey {
        key_id: u16,
        retired_at: DateTime<Utc>,
    },
    Malformed {
        reason: String,
    },
    UnknownTicket {
        ticket_id: u64,
    },
}

impl Verdict {
    /// A code that is not a ticket; a booking number scanned or typed by
    /// mistake is named as such.
    pub fn malformed(code: &str, problem: impl std::fmt::Display) -> Verdict {
        let reason = if codes::is_booking_number(code) {
            format!("{code} is a booking number, not a ticket: check the booking in by number instead")
        } else {
            problem.to_string()
        };
        Verdict::Malformed { reason }
    }

    pub fn is_admitted(&self) -> bool {
        matches!(self, Verdict::Admitted { .. })
    }

    /// Which verdict it is, without its details.
    pub fn kind(&self) -> VerdictKind {
        match self {
            Verdict::Admitted { .. } => VerdictKind::Admitted,
            Verdict::AlreadyCheckedIn { .. } => VerdictKind::AlreadyCheckedIn,
            Verdict::WrongDeparture { .. } => VerdictKind::WrongDeparture,
            Verdict::NotToday { .. } => VerdictKind::NotToday,
            Verdict::TooEarly { .. } => VerdictKind::TooEarly,
            Verdict::CheckInClosed { .. } => VerdictKind::CheckInClosed,
            Verdict::Cancelled { .. } => VerdictKind::Cancelled,
            Verdict::InvalidSignature { .. } => VerdictKind::InvalidSignature,
            Verdict::UnknownKey { .. } => VerdictKind::UnknownKey,
            Verdict::RetiredKey { .. } => VerdictKind::RetiredKey,
            Verdict::Malformed { .. } => VerdictKind::Malformed,
            Verdict::UnknownTicket { .. } => VerdictKind::UnknownTicket,
        }
    }

    /// Stable name, as in the JSON `verdict` field.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }
}

crate::domain::states::state_enum! {
    /// A verdict's name: the JSON `verdict` tag of [`Verdict`], and what a
    /// field laptop's journal keeps of what the guide saw (`device_verdict`).
    VerdictKind ("check-in verdict") {
        Admitted = "admitted",
        AlreadyCheckedIn = "already_checked_in",
        WrongDeparture = "wrong_departure",
        NotToday = "not_today",
        TooEarly = "too_early",
        CheckInClosed = "check_in_closed",
        Cancelled = "cancelled",
        InvalidSignature = "invalid_signature",
        UnknownKey = "unknown_key",
        RetiredKey = "retired_key",
        Malformed = "malformed",
        UnknownTicket = "unknown_ticket",
    }
}

/// [`Admission::kind`] as written: a participant's kind, or `""` for
/// someone the laptop cannot name. Journals and verdicts written before it
/// was typed called such a person by their ticket's kind (`participant`,
/// `group`): read as unnamed too.
mod kind_or_blank {
    use crate::domain::ParticipantKind;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(k: &Option<ParticipantKind>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.map_or("", ParticipantKind::as_str))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ParticipantKind>, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        match word.as_ref() {
            "" | "participant" | "group" => Ok(None),
            other => ParticipantKind::parse(other)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckIn {
    pub event_id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// true when this event id was seen before: the first verdict is returned
    pub replayed: bool,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The ticket fields `td_check_in` needs, or the verdict that ends it early.
pub(super) struct Parsed {
    pub(super) raw: String,
    /// ticket id, kind, key id
    pub(super) ticket: Option<(i64, &'static str, i32)>,
    pub(super) early: Option<Verdict>,
}

impl Core {
    /// Checks in a ticket, a participant or a whole booking. Never an error
    /// for a bad ticket: that is a verdict. Errors are for the database, a
    /// missing participant/booking, or a role that may not check in.
    #[tracing::instrument(skip(self, req), fields(event = %req.event_id))]
    pub async fn check_in(&self, req: &CheckInRequest) -> Result<CheckIn> {
        self.allow(Action::CheckIn, "check people in")?;
        let location = super::book::clean("location", &req.location, false)?;
        if req.party_limit == Some(0) {
            return Err(BookingError::invalid("party limit", "admit at least one person"));
        }
        let (parsed, participant, booking) = match &req.subject {
            CheckInSubject::Code(code) => (self.parse_code(code).await?, None, None),
            CheckInSubject::Participant(p) => (Parsed::none(), Some(p.0), None),
            CheckInSubject::Booking(number) => (Parsed::none(), None, Some(self.booking_id(number).await?.0)),
        };
        let (early, detail) = match &parsed.early {
            Some(v) => {
                let mut d = serde_json::to_value(v).unwrap_or(Value::Null);
                let name = d.as_object_mut().and_then(|m| m.remove("verdict"));
                (name.and_then(|n| n.as_str().map(str::to_string)), d)
            }
            None => (None, json!({})),
        };
        let call = || {
            sqlx::query_scalar::<_, Value>(
                "select api.check_in($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(self.session())
            .bind(req.event_id)
            .bind(req.method.as_str())
            .bind(&parsed.raw)
            .bind(parsed.ticket.map(|t| t.0))
            .bind(parsed.ticket.map(|t| t.1))
            .bind(parsed.ticket.map(|t| t.2))
            .bind(participant)
            .bind(booking)
            .bind(req.departure.map(|d| d.0))
            .bind(&location)
            .bind(req.at)
            .bind(early.as_deref())
            .bind(&detail)
            .bind(req.party_limit.map(|n| i32::try_from(n).unwrap_or(i32::MAX)))
            .fetch_one(&self.pool)
        };
        // the event id is the key: a lost answer is sent again and replayed
        let out = match self.resend(Some(req.event_id), call).await {
            // the same event id from two tasks at once: the loser replays the winner's verdict
            Err(BookingError::Database(sqlx::Error::Database(e))) if e.code().as_deref() == Some("23505") => {
                self.resend(Some(req.event_id), call).await?
            }
            other => other?,
        };
        let mut verdict: Verdict = serde_json::from_value(out.clone())
            .map_err(|e| BookingError::invalid("verdict", format!("unreadable verdict from the database: {e}")))?;
        if let Verdict::Admitted { admitted, currency, .. } = &mut verdict {
            for a in admitted {
                a.attention.owed_in(currency);
            }
        }
        Ok(CheckIn {
            event_id: req.event_id,
            occurred_at: out
                .get("occurred_at")
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .unwrap_or(req.occurred_at),
            replayed: out.get("replayed").and_then(Value::as_bool).unwrap_or(false),
            verdict,
        })
    }

    pub(super) async fn parse_code(&self, raw: &str) -> Result<Parsed> {
        let code = input::normalize(raw);
        let mut p = Parsed {
            raw: code.chars().take(300).collect(),
            ticket: None,
            early: None,
        };
        let ticket = match SignedTicket::parse(&code) {
            Ok(t) => t,
            Err(e) => {
                p.early = Some(Verdict::malformed(&code, e));
                return Ok(p);
            }
        };
        let key_id = ticket.claims.key_id;
        p.early = match self.verify_key(key_id).await? {
            None => Some(Verdict::UnknownKey { key_id, offline: false }),
            Some(k) if !ticket.verify(&k) => Some(Verdict::InvalidSignature { key_id }),
            Some(_) => None,
        };
        if p.early.is_none() {
            let id = i64::try_from(ticket.claims.ticket_id).unwrap_or(i64::MAX);
            p.ticket = Some((id, ticket.claims.kind.as_str(), i32::from(key_id)));
        }
        Ok(p)
    }
}

impl Parsed {
    fn none() -> Parsed {
        Parsed {
            raw: String::new(),
            ticket: None,
            early: None,
        }
    }
}
