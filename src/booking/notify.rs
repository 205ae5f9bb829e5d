//! The outbox as a delivery queue (migration 0036, api.notify_*): a worker
//! claims due messages under a lease, sends them and reports each one back.
//! The server decides what is due, counts attempts, backs off and
//! dead-letters; a worker only says "sent" or "failed: why". A manager's
//! session: the messages carry every customer's address.

use super::notify_details::Details;
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

/// What a message is about: the kind the core queued it as
/// (`notification_outbox.kind`), parsed once where a message is read so
/// that rendering and attaching match on it exhaustively. A kind this build
/// does not know (a newer core's) is `Other` and is sent in general words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum NotificationKind {
    BookingConfirmed,
    BookingChanged,
    BookingMoved,
    BookingCancelled,
    DepartureCancelled,
    DepartureReminder,
    RebookOffered,
    RebookCredited,
    RebookRefunded,
    RebookSwept,
    WaitlistOffer,
    WaitlistCancelled,
    /// the bot's answer to a customer's `/start <token>`: linked
    TelegramLinked,
    /// the bot's answer to anything else: nothing linked, what to do
    TelegramNotLinked,
    Other(String),
}

impl NotificationKind {
    /// Every kind the core queues (all but `Other`).
    pub const KNOWN: &'static [NotificationKind] = &[
        NotificationKind::BookingConfirmed,
        NotificationKind::BookingChanged,
        NotificationKind::BookingMoved,
        NotificationKind::BookingCancelled,
        NotificationKind::DepartureCancelled,
        NotificationKind::DepartureReminder,
        NotificationKind::RebookOffered,
        NotificationKind::RebookCredited,
        NotificationKind::RebookRefunded,
        NotificationKind::RebookSwept,
        NotificationKind::WaitlistOffer,
        NotificationKind::WaitlistCancelled,
        NotificationKind::TelegramLinked,
        NotificationKind::TelegramNotLinked,
    ];

    /// The name in the outbox.
    pub fn as_str(&self) -> &str {
        match self {
            NotificationKind::BookingConfirmed => "booking_confirmed",
            NotificationKind::BookingChanged => "booking_changed",
            NotificationKind::BookingMoved => "booking_moved",
            NotificationKind::BookingCancelled => "booking_cancelled",
            NotificationKind::DepartureCancelled => "departure_cancelled",
            NotificationKind::DepartureReminder => "departure_reminder",
            NotificationKind::RebookOffered => "rebook_offered",
            NotificationKind::RebookCredited => "rebook_credited",
            NotificationKind::RebookRefunded => "rebook_refunded",
            NotificationKind::RebookSwept => "rebook_swept",
            NotificationKind::WaitlistOffer => "waitlist_offer",
            NotificationKind::WaitlistCancelled => "waitlist_cancelled",
            NotificationKind::TelegramLinked => "telegram_linked",
            NotificationKind::TelegramNotLinked => "telegram_not_linked",
            NotificationKind::Other(s) => s,
        }
    }

    /// The kind named `s`; never fails (an unknown name is `Other`).
    pub fn parse(s: &str) -> NotificationKind {
        NotificationKind::KNOWN
            .iter()
            .find(|k| k.as_str() == s)
            .cloned()
            .unwrap_or_else(|| NotificationKind::Other(s.to_string()))
    }
}

impl From<String> for NotificationKind {
    fn from(s: String) -> Self {
        NotificationKind::parse(&s)
    }
}

impl From<NotificationKind> for String {
    fn from(k: NotificationKind) -> Self {
        k.as_str().to_string()
    }
}

impl std::fmt::Display for NotificationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Language {
    /// The name the database keeps (`bookings.language`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
        }
    }
}

/// Read once where a row is decoded (`bookings.language` is checked to be
/// one of these by its constraint).
impl TryFrom<String> for Language {
    type Error = String;

    fn try_from(s: String) -> std::result::Result<Language, String> {
        match s.as_str() {
            "en" => Ok(Language::En),
            "ru" => Ok(Language::Ru),
            _ => Err(format!("unknown language {s:?}: en or ru")),
        }
    }
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
    /// what the core queued it as
    pub kind: NotificationKind,
    /// the core's own words (English): what a message without `details`
    /// says, in general words
    pub body: String,
    /// what it is about, typed (None: queued before migration 0039, or unreadable)
    #[serde(default, deserialize_with = "super::notify_details::lenient")]
    pub details: Option<Details>,
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
    /// the booking's Telegram start token while no chat is linked to it (a
    /// confirmation by e-mail or SMS carries the bot's deep link with it)
    #[serde(default)]
    pub telegram_start: Option<String>,
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
    pub kind: NotificationKind,
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

    /// When the evening-before reminders are queued (HH:MM, the operator's zone).
    pub async fn reminder_time(&self) -> Result<String> {
        Ok(sqlx::query_scalar("select api.reminder_time($1)")
            .bind(self.session())
            .fetch_one(&self.pool)
            .await?)
    }

    /// Sets it (a manager's; `HH:MM`, else INVALID_INPUT), audited as
    /// `settings.reminder_time`. Returns whether it changed.
    pub async fn set_reminder_time(&self, time: &str) -> Result<bool> {
        self.allow(Action::ManageDepartures, "change the reminder time")?;
        let (_, changed): (String, bool) = sqlx::query_as("select * from api.set_reminder_time($1, $2)")
            .bind(self.session())
            .bind(time.trim())
            .fetch_one(&self.pool)
            .await?;
        Ok(changed)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` without the spans `open…)` (balanced parentheses) of every
    /// `open` it holds.
    fn strip_calls(text: &str, open: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(open) {
            out.push_str(&rest[..at]);
            let mut depth = 1;
            let after = &rest[at + open.len()..];
            let end = after
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(after.len(), |(i, _)| i + 1);
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }

    /// The literals of `text` that look like a kind (lower case words joined by `_`).
    fn kind_literals(text: &str) -> Vec<String> {
        text.split('\'')
            .skip(1)
            .step_by(2)
            .filter(|lit| {
                lit.contains('_')
                    && !lit.starts_with('_')
                    && !lit.ends_with('_')
                    && lit.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
            .map(str::to_string)
            .collect()
    }

    /// The kinds of every statement in `sql/` that queues a message: the
    /// second argument of a td_notify_booking call, the literals of an
    /// insert into the outbox (its details' keys and its text aside). A
    /// statement that names none (a kind built by concatenation) comes
    /// with an empty list.
    fn queued_kinds() -> Vec<(String, Vec<String>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sql");
        let mut found = Vec::new();
        for dir in ["core", "api"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("sql dir") {
                let path = entry.expect("entry").path();
                if path.file_name().is_some_and(|n| n == "td_notify_booking.sql") {
                    continue; // the helper itself: the kind is its parameter
                }
                let text = std::fs::read_to_string(&path).expect("sql file");
                // comments aside: their apostrophes would pair with the literals
                let text: String = text
                    .lines()
                    .map(|l| l.split_once("--").map_or(l, |(code, _)| code))
                    .collect::<Vec<_>>()
                    .join("\n");
                let file = path.display().to_string();
                for stmt in text.split(';') {
                    if let Some((_, call)) = stmt.split_once("td_notify_booking(") {
                        let kind = call.split(',').nth(1).unwrap_or_default();
                        found.push((file.clone(), kind_literals(kind)));
                    } else if stmt.contains("insert into notification_outbox") {
                        let mut plain = strip_calls(stmt, "jsonb_build_object(");
                        plain = strip_calls(&plain, "format(");
                        found.push((file.clone(), kind_literals(&plain)));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_kind_the_sql_queues_is_a_known_kind() {
        let found = queued_kinds();
        assert!(found.len() >= 5, "the scan found the queueing statements: {found:?}");
        for (file, kinds) in &found {
            assert!(!kinds.is_empty(), "{file}: a message queued without a literal kind");
            for k in kinds {
                assert!(
                    !matches!(NotificationKind::parse(k), NotificationKind::Other(_)),
                    "{file}: kind {k:?} is not a NotificationKind"
                );
            }
        }
    }

    #[test]
    fn a_kind_reads_back_as_itself_and_an_unknown_one_is_other() {
        for k in NotificationKind::KNOWN {
            assert_eq!(&NotificationKind::parse(k.as_str()), k);
            let json = serde_json::to_value(k).expect("serialize");
            assert_eq!(serde_json::from_value::<NotificationKind>(json).expect("parse"), *k);
        }
        assert_eq!(
            NotificationKind::parse("something_new"),
            NotificationKind::Other("something_new".into())
        );
    }
}
