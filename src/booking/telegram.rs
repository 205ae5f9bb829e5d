//! The Telegram bot's side of linking a chat to a booking (migration 0045):
//! where a worker goes on reading the bot's updates, and one update
//! processed exactly once (api.telegram_poll, api.telegram_update). The
//! server decides what a `/start <token>` links and queues the reply; a
//! worker only reports what Telegram said. A notifier's (or a manager's)
//! session.

use super::{BookingError, Core, Result};
use crate::domain::Action;
use uuid::Uuid;

/// What became of one update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TelegramOutcome {
    /// `/start <token>` of a booking: the chat is linked now, the reply queued
    Linked,
    /// the chat was linked to that booking already (the reply queued again)
    Already,
    /// no booking has that token, or it was no `/start`: a polite reply queued
    Unknown,
    /// no text (a sticker, a photo): nothing to do
    Ignored,
    /// processed before (another worker, or before a restart): nothing done
    Seen,
}

impl TelegramOutcome {
    fn parse(s: &str) -> Result<TelegramOutcome> {
        Ok(match s {
            "linked" => TelegramOutcome::Linked,
            "already" => TelegramOutcome::Already,
            "unknown" => TelegramOutcome::Unknown,
            "ignored" => TelegramOutcome::Ignored,
            "seen" => TelegramOutcome::Seen,
            other => {
                return Err(BookingError::invalid(
                    "telegram_update",
                    format!("unreadable answer from the database: {other:?}"),
                ));
            }
        })
    }
}

impl Core {
    /// The getUpdates offset to go on from, or None while another worker
    /// holds the poll (its lease of `lease`; `worker` renews its own).
    pub async fn telegram_poll(&self, worker: Uuid, lease: std::time::Duration) -> Result<Option<i64>> {
        self.allow(Action::Notify, "read the Telegram bot's messages")?;
        Ok(sqlx::query_scalar("select api.telegram_poll($1, $2, $3)")
            .bind(self.session())
            .bind(worker)
            .bind(i32::try_from(lease.as_secs()).unwrap_or(i32::MAX))
            .fetch_one(&self.pool)
            .await?)
    }

    /// Gives the poll back once every update read was handed over.
    pub async fn telegram_release(&self, worker: Uuid) -> Result<()> {
        self.allow(Action::Notify, "read the Telegram bot's messages")?;
        let _: Option<i64> = sqlx::query_scalar("select api.telegram_poll($1, $2, 0)")
            .bind(self.session())
            .bind(worker)
            .fetch_one(&self.pool)
            .await?;
        Ok(())
    }

    /// One update from the bot: `text` from `chat`, the sender's Telegram
    /// `language` code. Idempotent on `update_id`.
    pub async fn telegram_update(
        &self,
        update_id: i64,
        chat: i64,
        text: Option<&str>,
        language: &str,
    ) -> Result<TelegramOutcome> {
        self.allow(Action::Notify, "read the Telegram bot's messages")?;
        let s: String = sqlx::query_scalar("select api.telegram_update($1, $2, $3, $4, $5)")
            .bind(self.session())
            .bind(update_id)
            .bind(chat.to_string())
            .bind(text)
            .bind(language)
            .fetch_one(&self.pool)
            .await?;
        TelegramOutcome::parse(&s)
    }
}
