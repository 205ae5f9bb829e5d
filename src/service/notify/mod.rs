//! The delivery worker for the outbox (`tourdesk notify run`): claims due
//! messages (api.notify_claim: SKIP LOCKED under a lease), renders each in
//! its language (`template`), sends it (`mail`) with its files (`files`) and
//! reports it back (api.notify_result), one message at a time so that a
//! worker killed mid-batch leaves at most one message whose fate it did not
//! record. That one is sent again after the lease, with the same
//! Message-ID: SMTP has no idempotency key, so the receiver gets a
//! duplicate it can recognise — the only one the protocol allows.
//!
//! Each message leaves by its channel (`channel`): e-mail (`mail`), SMS
//! through SMS.ru (`sms`), Telegram through the Bot API (`telegram`), the
//! HTTP ones judged alike (`http`: 5xx, 429 and timeouts retried, other
//! 4xx dead at once with the gateway's words). A worker claims only the
//! channels it has a gateway for; the others stay pending for a worker
//! that has (`notify status` says which are waiting for what).
//!
//! With Telegram configured, each batch first reads the bot's new updates
//! (getUpdates from the offset the server keeps, while this worker holds
//! the poll: api.telegram_poll) and hands each to the server
//! (api.telegram_update), which links a `/start <token>` chat to its
//! booking and queues the reply — so the reply leaves in the same batch,
//! as a message like any other.

pub mod channel;
mod files;
pub mod http;
pub mod mail;
pub mod sms;
pub mod telegram;
pub mod template;

use crate::booking::{Claimed, Core, OutboxStatus, Result, RetryPolicy};
use crate::domain::NotifyChannel;
use ed25519_dalek::SigningKey;
use serde::Serialize;
use std::time::Duration;
use uuid::Uuid;

pub use channel::{GatewayConfig, Gateways};
pub use http::Failure;
pub use mail::{DEFAULT_FROM, File, Mailer};

/// How a worker works.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// messages claimed at once
    pub batch: u32,
    /// how long a claim holds its rows: longer than a batch takes to send
    pub lease: Duration,
    pub retry: RetryPolicy,
    /// the wait between polls when nothing is due (`run` without `--once`)
    pub poll: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            batch: 50,
            lease: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            poll: Duration::from_secs(5),
        }
    }
}

/// What a worker did (one `--once` run, or everything until it stopped).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Delivered {
    pub batches: u64,
    pub claimed: u64,
    pub sent: u64,
    /// failed attempts that will be retried
    pub retrying: u64,
    /// failed for the last time
    pub dead: u64,
}

pub struct Worker<'a> {
    core: &'a Core,
    gateways: Gateways,
    config: WorkerConfig,
    /// signs the tickets attached to confirmations; without it they go without
    key: Option<SigningKey>,
    /// this worker, for the lease on the Telegram poll
    id: Uuid,
}

/// The lease on the Telegram poll: a worker gives the poll back after each
/// read, so this bounds only how long one that died mid-read keeps the
/// others from polling.
const TELEGRAM_POLL_LEASE: Duration = Duration::from_secs(30);

impl<'a> Worker<'a> {
    pub fn new(core: &'a Core, gateways: Gateways, config: WorkerConfig, key: Option<SigningKey>) -> Worker<'a> {
        Worker {
            core,
            gateways,
            config,
            key,
            id: Uuid::now_v7(),
        }
    }

    /// Reads the bot's new updates and hands each to the server; a gateway
    /// that fails is logged and tried again next batch (the offset stays).
    /// Returns how many updates were read.
    pub async fn telegram_updates(&self) -> Result<usize> {
        let Some(telegram) = self.gateways.telegram() else {
            return Ok(0);
        };
        let Some(offset) = self.core.telegram_poll(self.id, TELEGRAM_POLL_LEASE).await? else {
            return Ok(0); // another worker polls
        };
        let updates = match telegram.updates(offset).await {
            Ok(u) => u,
            Err(e) => {
                tracing::warn!(error = e.text(), "the Telegram bot's updates not read");
                Vec::new()
            }
        };
        for u in &updates {
            let outcome = self
                .core
                .telegram_update(u.update_id, u.chat, u.text.as_deref(), &u.language)
                .await?;
            tracing::info!(update_id = u.update_id, ?outcome, "a Telegram update");
        }
        self.core.telegram_release(self.id).await?;
        Ok(updates.len())
    }

    /// One claim and its messages; `claimed` 0 when nothing was due.
    pub async fn batch(&self) -> Result<Delivered> {
        self.telegram_updates().await?;
        let claim = Uuid::now_v7();
        let messages = self
            .core
            .notify_claim(claim, self.config.batch, self.config.lease, &self.gateways.channels())
            .await?;
        let mut d = Delivered {
            batches: 1,
            claimed: messages.len() as u64,
            ..Delivered::default()
        };
        for Claimed { channel, message: m } in &messages {
            let mut text = template::render(m);
            if let (Some(bot), Some(token), false) = (
                self.gateways.telegram_bot(),
                m.telegram_start.as_deref(),
                *channel == NotifyChannel::Telegram,
            ) {
                text.body.truncate(text.body.trim_end().len());
                text.body.push_str("\n\n");
                text.body.push_str(&template::telegram_invite(m.language, bot, token));
            }
            let sent = match channel {
                NotifyChannel::Email => match files::for_message(self.core, self.key.as_ref(), m).await {
                    Ok(files) => self.gateways.send(*channel, m, &text, &files).await,
                    Err(e) => Err(Failure::Retry(e)),
                },
                _ => self.gateways.send(*channel, m, &text, &[]).await,
            };
            if let Err(e) = &sent {
                tracing::warn!(outbox_id = m.id, %channel, attempt = m.attempts, error = e.text(), "notification not sent");
            }
            // a gateway's "never" is dead now: one attempt is the last
            let retry = match &sent {
                Err(Failure::Dead(_)) => RetryPolicy {
                    max_attempts: 1,
                    ..self.config.retry
                },
                _ => self.config.retry,
            };
            match self
                .core
                .notify_result(m.id, claim, sent.as_ref().err().map(Failure::text), retry)
                .await?
            {
                OutboxStatus::Sent => d.sent += 1,
                OutboxStatus::Dead => d.dead += 1,
                OutboxStatus::Pending | OutboxStatus::Failed => d.retrying += 1,
            }
        }
        Ok(d)
    }

    /// Everything due now, batch after batch, then returns (`--once`).
    pub async fn drain(&self) -> Result<Delivered> {
        let mut total = Delivered::default();
        loop {
            let d = self.batch().await?;
            total.add(d);
            if d.claimed == 0 {
                return Ok(total);
            }
        }
    }

    /// Runs until `stop` resolves: batch after batch, a poll interval's
    /// wait when nothing was due. A stop is heeded between batches, never
    /// inside one, so every message claimed is sent and recorded first.
    pub async fn run(&self, stop: impl std::future::Future<Output = ()>) -> Result<Delivered> {
        let mut total = Delivered::default();
        tokio::pin!(stop);
        loop {
            let d = self.batch().await?;
            total.add(d);
            let wait = if d.claimed == 0 {
                self.config.poll
            } else {
                Duration::ZERO
            };
            tokio::select! {
                biased;
                _ = &mut stop => return Ok(total),
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }
}

impl Delivered {
    fn add(&mut self, d: Delivered) {
        self.batches += d.batches;
        self.claimed += d.claimed;
        self.sent += d.sent;
        self.retrying += d.retrying;
        self.dead += d.dead;
    }
}
