//! The outbox as a delivery queue (migration 0036, api.notify_*): a worker
//! claims due messages under a lease, sends them and reports each one back.
//! The server decides what is due, counts attempts, backs off and
//! dead-letters; a worker only says "sent" or "failed: why". A manager's
//! session: the messages carry every customer's address.

use super::{BookingError, Core, Result};
use crate::domain::{Action, NotifyChannel};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The language a message is written in: the booking's, else the operator's
/// `notify_language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Ru,
}

/// Where a queued message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxStatus {
    Pending,
    Sent,
    /// written by releases before 0036, never by the worker
    Failed,
    /// gave up after the worker's last attempt; `last_error` says why
    Dead,
}

impl OutboxStatus {
    pub fn parse(s: &str) -> Result<OutboxStatus> {
        serde_json::from_value(Value::String(s.to_string()))
            .map_err(|_| BookingError::invalid("outbox status", format!("unknown status {s:?} from the database")))
    }
}

/// One claimed message with what its template needs (api.notify_claim).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// `<outbox-ID@tourdesk>`: the same for every attempt
    pub message_id: String,
    pub recipient: String,
    /// what the core queued it as (`booking_confirmed`, `rebook_offered`, …)
    pub kind: String,
    /// the core's own words (English), kept as the message's details
    pub body: String,
    /// this attempt's number (the claim counted it)
    pub attempts: i32,
    pub language: Language,
    pub booking_id: Option<i64>,
    pub booking_number: Option<String>,
    pub departure_id: Option<i64>,
    pub tour: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub time_zone: Option<String>,
    pub meeting_point: Option<String>,
}

/// A claimed message and the channel it leaves by (its own type so that
/// the templates' `OutboxMessage` stays channel-blind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claimed {
    /// e-mail, an SMS gateway, a Telegram chat
    pub channel: NotifyChannel,
    #[serde(flatten)]
    pub message: OutboxMessage,
}

/// How a worker retries: after `backoff_seconds · 2^(attempt−1)`, dead after
/// `max_attempts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub backoff_seconds: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            backoff_seconds: 60,
        }
    }
}

/// One row of `notify status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedMessage {
    pub id: i64,
    pub message_id: String,
    pub channel: String,
    pub recipient: String,
    pub kind: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: String,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub booking_number: Option<String>,
}

/// The queue at a glance (api.notify_status).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifyStatus {
    pub pending: i64,
    pub sent: i64,
    pub dead: i64,
    /// pending messages per channel (`sms` → 3): a channel without a
    /// gateway stays pending
    #[serde(default)]
    pub pending_by_channel: std::collections::BTreeMap<String, i64>,
    /// every dead message, the first pending ones by when they are due,
    /// the latest sent ones
    pub messages: Vec<QueuedMessage>,
}

fn unreadable(what: &'static str, e: serde_json::Error) -> BookingError {
    BookingError::invalid(what, format!("unreadable answer from the database: {e}"))
}

impl Core {
    /// Claims up to `limit` due messages of `channels` (those the worker
    /// can send) for `lease`; the same `claim` key asked again answers the
    /// same rows (a lost answer is safe to retry).
    pub async fn notify_claim(
        &self,
        claim: Uuid,
        limit: u32,
        lease: std::time::Duration,
        channels: &[NotifyChannel],
    ) -> Result<Vec<Claimed>> {
        self.allow(Action::Notify, "send notifications")?;
        let channels: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
        let v: Value = sqlx::query_scalar("select api.notify_claim($1, $2, $3, $4, $5)")
            .bind(self.session())
            .bind(claim)
            .bind(i32::try_from(limit).unwrap_or(i32::MAX))
            .bind(i32::try_from(lease.as_secs()).unwrap_or(i32::MAX))
            .bind(channels)
            .fetch_one(&self.pool)
            .await?;
        serde_json::from_value(v).map_err(|e| unreadable("claim", e))
    }

    /// Reports one claimed message: `error` None → sent. Answers its status
    /// after (a failure is `Pending` again until the last attempt, then `Dead`).
    pub async fn notify_result(
        &self,
        id: i64,
        claim: Uuid,
        error: Option<&str>,
        policy: RetryPolicy,
    ) -> Result<OutboxStatus> {
        self.allow(Action::Notify, "send notifications")?;
        let s: String = sqlx::query_scalar("select api.notify_result($1, $2, $3, $4, $5, $6)")
            .bind(self.session())
            .bind(id)
            .bind(claim)
            .bind(error)
            .bind(i32::try_from(policy.max_attempts).unwrap_or(i32::MAX))
            .bind(i32::try_from(policy.backoff_seconds).unwrap_or(i32::MAX))
            .fetch_one(&self.pool)
            .await?;
        OutboxStatus::parse(&s)
    }

    /// The queue: counts, every dead message, the first `pending_limit`
    /// pending in the order they are due, the last `sent_limit` sent.
    pub async fn notify_status(&self, sent_limit: u32, pending_limit: u32) -> Result<NotifyStatus> {
        self.allow(Action::Notify, "read the notification queue")?;
        let v: Value = sqlx::query_scalar("select api.notify_status($1, $2, $3)")
            .bind(self.session())
            .bind(i32::try_from(sent_limit).unwrap_or(i32::MAX))
            .bind(i32::try_from(pending_limit).unwrap_or(i32::MAX))
            .fetch_one(&self.pool)
            .await?;
        serde_json::from_value(v).map_err(|e| unreadable("notify status", e))
    }
}
