//! What a queued message is about, as typed data: the `details` the core
//! writes where the change happens (migration 0039), read here into one
//! struct per kind so that the worker renders amounts, dates and people in
//! the customer's language rather than passing on the core's English.
//!
//! The database sends the details with their kind as the tag; a row queued
//! before 0039 has none, and a row this build cannot read (a newer core's
//! kind, a field of the wrong type) is `None` too: it is sent in general
//! words with the core's own text rather than stopping the worker's batch.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A booking's party and price (a confirmation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub adults: i32,
    pub children: i32,
    pub total_minor: i64,
    pub currency: String,
}

/// People added or removed, or a price changed (td_change_finish).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    /// `add_person`, `remove_person`, `participant`
    pub change: String,
    pub adults: i32,
    pub children: i32,
    pub total_minor: i64,
    pub price_change_minor: i64,
    pub charged_minor: i64,
    pub refund_minor: i64,
    pub currency: String,
}

/// Moved to another departure (td_move: a desk move or a weather case's);
/// the new departure is the message's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    pub reason: String,
    pub from_tour: String,
    pub from_starts_at: DateTime<Utc>,
    pub from_time_zone: String,
    pub total_minor: i64,
    pub refund_minor: i64,
    pub charge_minor: i64,
    pub currency: String,
}

/// A booking cancelled, with its refund (td_cancel, td_cancel_departure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancelled {
    pub reason: String,
    #[serde(default)]
    pub note: String,
    pub refund_percent: i32,
    pub refund_minor: i64,
    pub currency: String,
}

/// A departure the customer is free to move to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub departure_id: i64,
    pub starts_at: DateTime<Utc>,
    pub free: i32,
}

/// A weather cancellation: the money kept, the choice due, the departures
/// the party fits on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebookOffered {
    pub due_at: DateTime<Utc>,
    #[serde(default)]
    pub note: String,
    pub alternatives: Vec<Alternative>,
}

/// A weather case credited as a voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credited {
    pub voucher: String,
    pub amount_minor: i64,
    pub currency: String,
    pub expires_on: NaiveDate,
}

/// A weather case refunded in full (by the desk or by the sweep).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refunded {
    pub refund_minor: i64,
    pub currency: String,
}

/// Seats offered to a waitlist entry until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistOffer {
    pub seats: i32,
    pub expires_at: DateTime<Utc>,
}

/// The departure a waitlist entry waited for is cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistCancelled {
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// The evening before: which departure (a moved booking is reminded again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub departure_id: i64,
}

/// The bot's answer to a chat (api.telegram_update): the chat, and the
/// sender's language as Telegram gave it ('' unknown), used when the
/// message has no booking whose language to write in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramChat {
    pub chat: String,
    #[serde(default)]
    pub language: String,
}

/// The details of a message, tagged by its kind (the names of
/// `NotificationKind`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Details {
    BookingConfirmed(Party),
    BookingChanged(Changed),
    BookingMoved(Moved),
    BookingCancelled(Cancelled),
    DepartureCancelled(Cancelled),
    DepartureReminder(Reminder),
    RebookOffered(RebookOffered),
    RebookCredited(Credited),
    RebookRefunded(Refunded),
    RebookSwept(Refunded),
    WaitlistOffer(WaitlistOffer),
    WaitlistCancelled(WaitlistCancelled),
    TelegramLinked(TelegramChat),
    TelegramNotLinked(TelegramChat),
}

/// `details` as sent by api.notify_claim: absent, null or unreadable → None
/// (see the module's header), logged when unreadable.
pub(crate) fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Details>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(v.and_then(|v| match serde_json::from_value::<Details>(v) {
        Ok(details) => Some(details),
        Err(e) => {
            tracing::warn!(error = %e, "notification details not readable: sent in general words");
            None
        }
    }))
}
