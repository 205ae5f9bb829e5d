//! The return roll-call (issue 14, migrations/0029_return_rollcall.sql): at
//! the end of the trip the guide counts the group back — the same tickets
//! scanned again, a name ticked, or "everyone back" — and marks who left the
//! group on the way, with a note. Whoever is still out after the departure's
//! end plus the operator's grace period is MISSING.
//!
//! Why here and not in the UI: the server decides the time, who recorded it
//! and who is missing (sql/core/td_return.sql, sql/api/rollcall.sql), so the
//! guide's laptop, the desk kiosk and the CLI see one answer. A ticket's
//! signature is checked here, as for a check-in (checkin.rs), before the
//! server is asked. Every return carries the client's key: a retry returns
//! the first answer.

use super::{BookingError, Core, Result};
use crate::domain::{Action, DepartureId, ParticipantKind, ParticipantRef, ReturnState, RollcallState};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The longest grace period (24 hours), as the server's check.
pub const MAX_RETURN_GRACE_MINUTES: u32 = 1440;

/// Who comes back.
#[derive(Debug, Clone, PartialEq)]
pub enum ReturnSubject {
    /// A ticket as scanned (its holder, or a group code's whole party).
    Code(String),
    /// One person: the server's participant, or (on a field laptop) a
    /// person of an offline sale not synced yet, whom only the laptop knows.
    Participant(ParticipantRef),
    /// Everyone of the departure still out.
    Everyone(DepartureId),
}

/// One return request: back, or (one participant) left the group with a note.
#[derive(Debug, Clone)]
pub struct ReturnRequest {
    pub subject: ReturnSubject,
    pub state: ReturnState,
    /// The departure the guide is counting (a person of another is NOT_CHECKED_IN).
    pub departure: Option<DepartureId>,
    /// Required when leaving the group: where they went, how.
    pub note: String,
    /// Client-generated; a retry with the same key returns the first answer.
    pub key: Uuid,
}

impl ReturnRequest {
    /// Marked back, with a fresh key.
    pub fn back(subject: ReturnSubject, departure: Option<DepartureId>) -> ReturnRequest {
        ReturnRequest {
            subject,
            state: ReturnState::Back,
            departure,
            note: String::new(),
            key: Uuid::now_v7(),
        }
    }

    /// Left the group (a guide's or a manager's), with a fresh key.
    pub fn left(participant: impl Into<ParticipantRef>, note: &str) -> ReturnRequest {
        ReturnRequest {
            note: note.to_string(),
            state: ReturnState::Left,
            ..ReturnRequest::back(ReturnSubject::Participant(participant.into()), None)
        }
    }
}

/// A person this request marked back (or as left).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Returned {
    /// the server's id (a number); a laptop's person of an offline sale not
    /// synced yet is `{"sale": seq, "position": n}` (see `ParticipantRef`)
    pub participant_id: ParticipantRef,
    pub name: String,
    pub booking_number: String,
}

/// Someone of the request who had returned before: nothing written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierReturn {
    pub participant_id: ParticipantRef,
    pub name: String,
    pub booking_number: String,
    pub state: ReturnState,
    pub at: DateTime<Utc>,
    pub note: String,
    pub staff: String,
    pub device: String,
}

/// A departure's roll-call in numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollcallCounts {
    pub checked_in: i64,
    pub out: i64,
    pub back: i64,
    pub left: i64,
    pub missing: i64,
}

/// The answer to a return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnOutcome {
    pub departure_id: DepartureId,
    pub state: ReturnState,
    pub key: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// marked by this request
    pub recorded: Vec<Returned>,
    /// returned before ("already back"): nothing written for them
    pub already: Vec<EarlierReturn>,
    /// the departure's roll-call after it
    pub counts: RollcallCounts,
    /// true when the key had been used for this request before
    pub replayed: bool,
    /// decided on a field laptop without the database (journalled; the
    /// sync applies it and reports where the server disagrees)
    #[serde(default)]
    pub offline: bool,
}

/// One person who went out, as the roll-call shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollcallPerson {
    /// the server's id; on a field laptop, a person of its own offline sale
    /// not synced yet is named by the sale and their place in it
    pub participant_id: ParticipantRef,
    pub name: String,
    pub kind: ParticipantKind,
    pub state: RollcallState,
    pub booking_number: String,
    pub contact_name: String,
    /// the booking's contact phone
    pub phone: String,
    pub emergency_contact: String,
    pub medical_notes: String,
    pub checked_in_at: DateTime<Utc>,
    pub returned_at: Option<DateTime<Utc>>,
    /// why they left the group (or a note made with the return)
    pub note: String,
    pub returned_by: String,
    pub returned_device: String,
    /// the departure's end plus the grace period, when missing
    pub missing_since: Option<DateTime<Utc>>,
}

/// A departure's roll-call at the server's time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollcall {
    pub departure_id: DepartureId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub grace_minutes: i64,
    /// after this, whoever is still out is missing
    pub missing_after: DateTime<Utc>,
    /// the server's time of this answer
    pub as_of: DateTime<Utc>,
    pub counts: RollcallCounts,
    pub out: Vec<RollcallPerson>,
    pub back: Vec<RollcallPerson>,
    pub missing: Vec<RollcallPerson>,
    pub left: Vec<RollcallPerson>,
    /// field laptops that checked people in on it, with when each last
    /// synced: what the desk sees of them is that old
    #[serde(default)]
    pub synced_devices: Vec<SyncedDevice>,
    /// computed on a field laptop from what it holds (its prepare and
    /// journal), at its corrected clock (`as_of`), not by the server
    #[serde(default)]
    pub offline: bool,
}

/// A field laptop's last sync, as the server (or the laptop itself) knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncedDevice {
    pub device: String,
    pub last_sync_at: DateTime<Utc>,
    /// how old it was at the roll-call's `as_of`
    pub age_seconds: i64,
}

impl Rollcall {
    /// Everyone who went out: missing first, then out, left, back.
    pub fn everyone(&self) -> impl Iterator<Item = &RollcallPerson> {
        self.missing.iter().chain(&self.out).chain(&self.left).chain(&self.back)
    }
}

/// A departure with people missing now (api.rollcall_missing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingDeparture {
    pub departure_id: DepartureId,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub missing: i64,
}

impl Core {
    /// Records a return. A ticket that does not parse or verify is
    /// INVALID_INPUT; a person who did not go out on the departure is
    /// NOT_CHECKED_IN; someone back before is answered in `already`.
    #[tracing::instrument(skip(self, req), fields(key = %req.key))]
    pub async fn record_return(&self, req: &ReturnRequest) -> Result<ReturnOutcome> {
        self.allow(Action::CheckIn, "record returns")?;
        let note = super::book::clean("note", &req.note, req.state == ReturnState::Left)?;
        let (mut raw, mut ticket, mut participant, mut departure) = (String::new(), None, None, req.departure);
        match &req.subject {
            ReturnSubject::Code(code) => {
                let parsed = self.parse_code(code).await?;
                if let Some(early) = parsed.early {
                    return Err(BookingError::invalid("ticket", refusal(&early)));
                }
                raw = parsed.raw;
                ticket = parsed.ticket;
            }
            ReturnSubject::Participant(p) => {
                // only the laptop that sold offline knows such a person until it syncs
                let id = p.server().ok_or_else(|| {
                    BookingError::invalid(
                        "participant",
                        format!("{p} is not on the server yet: sync the laptop that sold it first"),
                    )
                })?;
                participant = Some(id.0);
            }
            ReturnSubject::Everyone(d) => departure = Some(*d),
        }
        let call = || {
            sqlx::query_scalar::<_, Value>("select api.return_record($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(self.session())
                .bind(req.key)
                .bind(req.state.as_str())
                .bind(&raw)
                .bind(ticket.map(|t| t.0))
                .bind(ticket.map(|t| t.1))
                .bind(participant)
                .bind(departure.map(|d| d.0))
                .bind(&note)
                .fetch_one(&self.pool)
        };
        let out = match self.resend(Some(req.key), call).await {
            // the same key from two tasks at once: the loser replays the winner's answer
            Err(BookingError::Database(sqlx::Error::Database(e))) if e.code().as_deref() == Some("23505") => {
                self.resend(Some(req.key), call).await?
            }
            other => other?,
        };
        serde_json::from_value(out)
            .map_err(|e| BookingError::invalid("return", format!("unreadable answer from the database: {e}")))
    }

    /// A departure's roll-call now (the server's now): out, back, left,
    /// missing, each person with the contacts a search needs.
    #[tracing::instrument(skip(self))]
    pub async fn rollcall(&self, departure: DepartureId) -> Result<Rollcall> {
        self.allow(Action::CheckIn, "read the roll-call")?;
        let v: Value = sqlx::query_scalar("select api.rollcall($1, $2)")
            .bind(self.session())
            .bind(departure.0)
            .fetch_one(&self.pool)
            .await?;
        serde_json::from_value(v)
            .map_err(|e| BookingError::invalid("roll-call", format!("unreadable answer from the database: {e}")))
    }

    /// Announces (once each, on `rollcall_changed`) the departures whose
    /// people became missing since the last sweep. Returns how many.
    pub(super) async fn rollcall_sweep(&self) -> Result<i64> {
        let n: i32 = sqlx::query_scalar("select api.rollcall_sweep($1)")
            .bind(self.session())
            .fetch_one(&self.pool)
            .await?;
        Ok(i64::from(n))
    }

    /// The departures with people missing at the server's time (the last 7
    /// days), by start: what the desk's header and Occupancy show in red.
    pub async fn rollcall_missing(&self) -> Result<Vec<MissingDeparture>> {
        let v: Value = sqlx::query_scalar("select api.rollcall_missing($1)")
            .bind(self.session())
            .fetch_one(&self.pool)
            .await?;
        serde_json::from_value(v)
            .map_err(|e| BookingError::invalid("missing", format!("unreadable answer from the database: {e}")))
    }

    /// How long after a departure's end someone still out becomes missing.
    pub async fn return_grace_minutes(&self) -> Result<u32> {
        let m: i32 = sqlx::query_scalar("select api.return_grace($1)")
            .bind(self.session())
            .fetch_one(&self.pool)
            .await?;
        Ok(u32::try_from(m).unwrap_or(0))
    }

    /// Sets the grace period (a manager's; 0 to 1 440 minutes), audited as
    /// `settings.return_grace`. Returns whether it changed.
    pub async fn set_return_grace(&self, minutes: u32) -> Result<bool> {
        self.allow(Action::ManageDepartures, "change the return grace period")?;
        if minutes > MAX_RETURN_GRACE_MINUTES {
            return Err(BookingError::invalid(
                "grace period",
                format!("{minutes} minutes: 0 to {MAX_RETURN_GRACE_MINUTES} minutes after the scheduled end"),
            ));
        }
        let (_, changed): (i32, bool) = sqlx::query_as("select * from api.set_return_grace($1, $2)")
            .bind(self.session())
            .bind(minutes as i32)
            .fetch_one(&self.pool)
            .await?;
        Ok(changed)
    }
}

/// Why a scanned code names nobody to bring back.
fn refusal(v: &super::Verdict) -> String {
    use super::Verdict;
    match v {
        Verdict::Malformed { reason } => format!("not a ticket: {reason}"),
        Verdict::InvalidSignature { key_id } => format!("the code's signature (key {key_id}) is not valid"),
        Verdict::UnknownKey { key_id, .. } => format!("the code was signed with key {key_id}, which is unknown here"),
        other => format!("the code cannot be used: {}", other.name()),
    }
}
