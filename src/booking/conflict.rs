//! Sync conflicts, typed. The SQL that finds them (td_field_check_in,
//! td_field_sell, td_field_staff_check, td_field_price_check,
//! api.field_clock_check) writes a `kind` and a JSON `details` whose shape
//! depends on the kind; they are decoded here once — where the core reads
//! them from PostgreSQL and where the laptop's store reads its own copy — so
//! the CLI and the kiosk say the same thing from the same fields, money in
//! the currency the data names (never a default one).
//!
//! A kind this version does not know, or details it cannot read (a newer
//! server, a damaged row), must not stop a sync or the kiosk: it becomes
//! [`ConflictDetails::Unreadable`], logged and shown as it came. Written back
//! (JSON output, the laptop's store), a conflict has the database's shape:
//! `kind` and `details`, every field kept.

use super::checkin::EarlierCheckIn;
use crate::domain::{BookingId, DepartureId, ParticipantId, StaffId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

/// What a conflict is about (field_conflicts.kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// people let in offline whom another device had let in first
    Duplicate,
    /// a cancelled or reissued ticket let in offline
    Cancelled,
    /// an offline admission the server refuses for another reason
    Refused,
    /// an offline sale that could not be booked
    WalkInFailed,
    /// an entry whose time cannot be right
    Clock,
    /// an entry under a name the laptop may not act for
    Staff,
    /// an offline sale at a total other than the server's price
    Price,
    /// an offline return the server disagrees with: not checked in there,
    /// or marked back before by another device
    Return,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Duplicate => "duplicate",
            ConflictKind::Cancelled => "cancelled",
            ConflictKind::Refused => "refused",
            ConflictKind::WalkInFailed => "walk_in_failed",
            ConflictKind::Clock => "clock",
            ConflictKind::Staff => "staff",
            ConflictKind::Price => "price",
            ConflictKind::Return => "return",
        }
    }
}

/// Which kind of journal entry a conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    CheckIn,
    Sale,
    Return,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::CheckIn => "check_in",
            EntryKind::Sale => "sale",
            EntryKind::Return => "return",
        }
    }

    /// As the laptop's journal names it; None for a name it never writes.
    pub fn parse(s: &str) -> Option<EntryKind> {
        match s {
            "check_in" => Some(EntryKind::CheckIn),
            "sale" => Some(EntryKind::Sale),
            "return" => Some(EntryKind::Return),
            _ => None,
        }
    }
}

/// The server's answer to an offline admission (td_check_in's JSON): the
/// parts a person reads, the rest kept as it came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerVerdict {
    pub verdict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_number: Option<String>,
    /// why a ticket is void (a `cancelled` verdict)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// Details of a `duplicate`, `cancelled` or `refused` conflict
/// (td_field_check_in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckInConflict {
    /// what the server said now
    pub server: ServerVerdict,
    /// what the guide saw offline
    pub device_verdict: super::VerdictKind,
    /// the laptop's verdict JSON, as it sent it
    #[serde(default)]
    pub device: Value,
    /// for a duplicate: who was in first, where and when
    #[serde(default)]
    pub duplicates: Vec<EarlierCheckIn>,
}

/// An offline sale as the conflict records it: enough to rebook or refund.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaleFacts {
    pub booking_number: String,
    pub adults: i32,
    pub children: i32,
    pub total_minor: i64,
    pub currency: String,
    pub payment_method: crate::domain::PaymentMethod,
    pub contact_name: String,
    pub contact_phone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WalkInProblem {
    NotAnAllotment,
    DepartureCancelled,
    SoldAfterDeparture,
    NoSeats,
}

/// Details of a `walk_in_failed` conflict (td_field_sell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkInFailed {
    pub problem: WalkInProblem,
    #[serde(flatten)]
    pub sale: SaleFacts,
    /// seats free on the departure when the sync came
    pub free: i32,
    /// seats left of the allotment, when it was still active
    pub allotment_left: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockProblem {
    InTheFuture,
    BeforePrepare,
    BeforeLease,
    AfterDeparture,
}

/// Details of a `clock` conflict (api.field_clock_check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockConflict {
    pub problem: ClockProblem,
    /// the entry whose time is wrong (it may have a conflict of its own)
    pub entry_event_id: Uuid,
    pub entry_kind: EntryKind,
    pub device_time: DateTime<Utc>,
    /// the laptop's wall clock then, when the journal kept it
    pub wall_time: Option<DateTime<Utc>>,
    /// the time the entry's should not cross (the server's now, the
    /// prepare, the lease or the departure, as `problem` says)
    pub bound: DateTime<Utc>,
    pub server_time: DateTime<Utc>,
    pub off_by_seconds: i64,
    pub booking_number: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffProblem {
    UnknownStaff,
    NotSealedFor,
    Inactive,
    Role,
}

/// The entry a `staff` conflict kept instead of applying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "entry_kind", rename_all = "snake_case")]
pub enum StaffEntry {
    CheckIn {
        device_verdict: super::VerdictKind,
        booking_number: Option<String>,
    },
    Sale(SaleFacts),
    Return {
        state: crate::domain::ReturnState,
    },
}

/// Details of a `staff` conflict (td_field_staff_check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffConflict {
    pub problem: StaffProblem,
    /// the id the entry named (perhaps one the server does not know)
    pub staff_id: StaffId,
    pub staff_name: String,
    pub role: String,
    #[serde(flatten)]
    pub entry: StaffEntry,
}

impl StaffConflict {
    pub fn entry_kind(&self) -> EntryKind {
        match self.entry {
            StaffEntry::CheckIn { .. } => EntryKind::CheckIn,
            StaffEntry::Sale(_) => EntryKind::Sale,
            StaffEntry::Return { .. } => EntryKind::Return,
        }
    }

    pub fn booking_number(&self) -> Option<&str> {
        match &self.entry {
            StaffEntry::CheckIn { booking_number, .. } => booking_number.as_deref(),
            StaffEntry::Sale(s) => Some(s.booking_number.as_str()),
            StaffEntry::Return { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceCause {
    PriceMoved,
    UnitPricesChanged,
    PartyNotPriced,
    Unexplained,
}

/// Details of a `price` conflict (td_field_price_check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceConflict {
    pub cause: PriceCause,
    pub sale_event_id: Uuid,
    pub booking_number: String,
    pub adults: i32,
    pub children: i32,
    /// what the laptop charged, in its currency
    pub laptop_total_minor: i64,
    pub laptop_currency: String,
    /// the server's price; none when it does not price such a party
    pub server_total_minor: Option<i64>,
    /// the server's currency (the laptop's when it has no price)
    pub currency: String,
    pub difference_minor: Option<i64>,
    #[serde(default)]
    pub server_breakdown: Value,
    #[serde(default)]
    pub laptop_breakdown: Value,
    pub at_lease_total_minor: Option<i64>,
}

/// Someone an offline return named whom the server does not know as
/// checked in on the departure (nothing recorded for them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotOut {
    pub participant_id: ParticipantId,
    pub name: String,
    pub booking_number: String,
}

/// Details of a `return` conflict (api.field_return): the others of the
/// entry were recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnConflict {
    pub state: crate::domain::ReturnState,
    /// recorded by this entry
    pub recorded: Vec<super::Returned>,
    /// returned before, by another request (who, when, where)
    pub already: Vec<super::EarlierReturn>,
    pub not_checked_in: Vec<NotOut>,
}

/// A conflict this version cannot read, kept as it came.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub kind: String,
    pub details: Value,
    /// why it could not be read
    pub error: String,
}

/// A conflict's details, by kind. Boxed: the kinds differ much in size,
/// and a conflict is carried in lists and screens by value.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictDetails {
    Duplicate(Box<CheckInConflict>),
    Cancelled(Box<CheckInConflict>),
    Refused(Box<CheckInConflict>),
    WalkInFailed(Box<WalkInFailed>),
    Clock(Box<ClockConflict>),
    Staff(Box<StaffConflict>),
    Price(Box<PriceConflict>),
    Return(Box<ReturnConflict>),
    Unreadable(Box<Unreadable>),
}

impl ConflictDetails {
    /// Reads a kind and its details as the database wrote them; anything it
    /// cannot read is [`ConflictDetails::Unreadable`].
    pub fn decode(kind: &str, details: Value) -> ConflictDetails {
        fn read<T: serde::de::DeserializeOwned>(d: &Value) -> Result<T, String> {
            T::deserialize(d).map_err(|e| e.to_string())
        }
        let typed = match kind {
            "duplicate" => read(&details).map(ConflictDetails::Duplicate),
            "cancelled" => read(&details).map(ConflictDetails::Cancelled),
            "refused" => read(&details).map(ConflictDetails::Refused),
            "walk_in_failed" => read(&details).map(ConflictDetails::WalkInFailed),
            "clock" => read(&details).map(ConflictDetails::Clock),
            "staff" => read(&details).map(ConflictDetails::Staff),
            "price" => read(&details).map(ConflictDetails::Price),
            "return" => read(&details).map(ConflictDetails::Return),
            other => Err(format!("unknown kind {other:?}")),
        };
        typed.unwrap_or_else(|error| {
            ConflictDetails::Unreadable(Box::new(Unreadable {
                kind: kind.to_string(),
                details,
                error,
            }))
        })
    }

    /// None when unreadable.
    pub fn kind(&self) -> Option<ConflictKind> {
        Some(match self {
            ConflictDetails::Duplicate(_) => ConflictKind::Duplicate,
            ConflictDetails::Cancelled(_) => ConflictKind::Cancelled,
            ConflictDetails::Refused(_) => ConflictKind::Refused,
            ConflictDetails::WalkInFailed(_) => ConflictKind::WalkInFailed,
            ConflictDetails::Clock(_) => ConflictKind::Clock,
            ConflictDetails::Staff(_) => ConflictKind::Staff,
            ConflictDetails::Price(_) => ConflictKind::Price,
            ConflictDetails::Return(_) => ConflictKind::Return,
            ConflictDetails::Unreadable(_) => return None,
        })
    }

    /// The kind as the database names it (an unreadable one's as it came).
    pub fn kind_name(&self) -> &str {
        match self {
            ConflictDetails::Unreadable(u) => &u.kind,
            known => known.kind().map_or("", ConflictKind::as_str),
        }
    }

    /// The details as the database wrote them.
    pub fn to_json(&self) -> Value {
        let v = match self {
            ConflictDetails::Duplicate(d) | ConflictDetails::Cancelled(d) | ConflictDetails::Refused(d) => {
                serde_json::to_value(d)
            }
            ConflictDetails::WalkInFailed(d) => serde_json::to_value(d),
            ConflictDetails::Clock(d) => serde_json::to_value(d),
            ConflictDetails::Staff(d) => serde_json::to_value(d),
            ConflictDetails::Price(d) => serde_json::to_value(d),
            ConflictDetails::Return(d) => serde_json::to_value(d),
            ConflictDetails::Unreadable(u) => return u.details.clone(),
        };
        // these types serialize to JSON without fail (string keys, no
        // non-finite floats)
        v.unwrap_or(Value::Null)
    }

    /// The booking it concerns, when the details name one.
    pub fn booking_number(&self) -> Option<&str> {
        match self {
            ConflictDetails::Duplicate(d) | ConflictDetails::Cancelled(d) | ConflictDetails::Refused(d) => {
                d.server.booking_number.as_deref()
            }
            ConflictDetails::WalkInFailed(d) => Some(d.sale.booking_number.as_str()),
            ConflictDetails::Clock(d) => d.booking_number.as_deref(),
            ConflictDetails::Staff(d) => d.booking_number(),
            ConflictDetails::Price(d) => Some(d.booking_number.as_str()),
            ConflictDetails::Return(d) => d
                .already
                .first()
                .map(|a| a.booking_number.as_str())
                .or(d.not_checked_in.first().map(|n| n.booking_number.as_str())),
            ConflictDetails::Unreadable(u) => u.details["booking_number"].as_str(),
        }
        .filter(|n| !n.is_empty())
    }
}

/// Something a sync found that a person must look at.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "RawConflict", into = "RawConflict")]
pub struct FieldConflict {
    pub id: i64,
    pub event_id: Uuid,
    pub departure_id: Option<DepartureId>,
    pub booking_id: Option<BookingId>,
    pub participant_id: Option<ParticipantId>,
    pub device: String,
    pub occurred_at: DateTime<Utc>,
    pub details: ConflictDetails,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: String,
}

impl FieldConflict {
    /// None when its details are unreadable.
    pub fn kind(&self) -> Option<ConflictKind> {
        self.details.kind()
    }
}

/// A conflict as the database (and the laptop's store) holds it.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct RawConflict {
    pub id: i64,
    pub event_id: Uuid,
    pub kind: String,
    pub departure_id: Option<DepartureId>,
    pub booking_id: Option<BookingId>,
    pub participant_id: Option<ParticipantId>,
    #[sqlx(default)]
    #[serde(default)]
    pub device: String,
    pub occurred_at: DateTime<Utc>,
    pub details: Value,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub resolution: String,
}

impl From<RawConflict> for FieldConflict {
    fn from(r: RawConflict) -> Self {
        let details = ConflictDetails::decode(&r.kind, r.details);
        if let ConflictDetails::Unreadable(u) = &details {
            tracing::warn!(conflict = r.id, kind = %u.kind, error = %u.error,
                           "a sync conflict this version cannot read: shown as it came");
        }
        FieldConflict {
            id: r.id,
            event_id: r.event_id,
            departure_id: r.departure_id,
            booking_id: r.booking_id,
            participant_id: r.participant_id,
            device: r.device,
            occurred_at: r.occurred_at,
            details,
            created_at: r.created_at,
            resolved_at: r.resolved_at,
            resolution: r.resolution,
        }
    }
}

impl From<FieldConflict> for RawConflict {
    fn from(c: FieldConflict) -> Self {
        RawConflict {
            id: c.id,
            event_id: c.event_id,
            kind: c.details.kind_name().to_string(),
            departure_id: c.departure_id,
            booking_id: c.booking_id,
            participant_id: c.participant_id,
            device: c.device,
            occurred_at: c.occurred_at,
            details: c.details.to_json(),
            created_at: c.created_at,
            resolved_at: c.resolved_at,
            resolution: c.resolution,
        }
    }
}

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for FieldConflict {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> sqlx::Result<Self> {
        <RawConflict as sqlx::FromRow<'r, sqlx::postgres::PgRow>>::from_row(row).map(FieldConflict::from)
    }
}

#[cfg(test)]
#[path = "conflict_tests.rs"]
mod tests;
