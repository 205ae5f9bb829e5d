//! `notify run` and `notify status`: the delivery worker for the outbox
//! (service::notify) and a look at its queue. The worker acts as whoever
//! the CLI logs in as (cli/auth.rs): the server lets only a notifier (the
//! worker's own role, which may do nothing else) or a manager claim
//! messages, since they carry every customer's address.

use super::notify_args::{NotifyCmd, NotifyRunArgs};
use super::output::{CliError, Output};
use super::safe_text::one_line;
use crate::booking::{Core, NotifyStatus, OutboxStatus, RetryPolicy};
use crate::domain::NotifyChannel;
use crate::service::notify::channel::missing;
use crate::service::notify::{Delivered, GatewayConfig, Gateways, Worker, WorkerConfig};
use crate::ticket::keys;
use serde_json::{Value, json};
use std::fmt::Write;
use std::time::Duration;

type Res = Result<Output, CliError>;

pub(super) async fn run(core: &Core, cmd: NotifyCmd) -> Res {
    match cmd {
        NotifyCmd::Run(a) => deliver(core, a).await,
        NotifyCmd::Status { sent, pending } => status(core, sent, pending).await,
        NotifyCmd::ReminderTime { time } => reminder_time(core, time).await,
    }
}

/// Shows or sets when the evening-before reminders are queued.
async fn reminder_time(core: &Core, time: Option<String>) -> Res {
    let changed = match time {
        Some(t) => Some(core.set_reminder_time(&t).await?),
        None => None,
    };
    let at = core.reminder_time().await?;
    let text = match changed {
        Some(false) => format!("reminders at {at} (unchanged)"),
        _ => format!("reminders of tomorrow's departures are queued after {at}, the operator's local time"),
    };
    Ok(Output::new(json!({"reminder_time": at, "changed": changed}), text))
}

/// This machine's signing key when it has one: confirmations carry tickets
/// only when it does (a kiosk's key file, `keys new`).
fn signing_key(a: &NotifyRunArgs) -> Result<Option<ed25519_dalek::SigningKey>, CliError> {
    let path = a.key.key_file.clone().unwrap_or_else(keys::default_path);
    match keys::load(&path) {
        Ok(k) => Ok(Some(k)),
        Err(keys::KeyFileError::Missing { .. }) => Ok(None),
        Err(e) => Err(CliError::Input(e.to_string())),
    }
}

async fn deliver(core: &Core, a: NotifyRunArgs) -> Res {
    let gateways = Gateways::new(&GatewayConfig {
        smtp_url: a.smtp_url.clone(),
        mail_from: a.from.clone(),
        sms_url: a.sms_url.clone(),
        sms_token: a.sms_token.clone(),
        telegram_url: Some(a.telegram_url.clone()),
        telegram_token: a.telegram_token.clone(),
        telegram_bot: a.telegram_bot.clone(),
    })?;
    let channels = gateways.channels();
    let key = signing_key(&a)?;
    let config = WorkerConfig {
        batch: a.batch,
        lease: Duration::from_secs(u64::from(a.lease_secs)),
        retry: RetryPolicy {
            max_attempts: a.max_attempts,
            backoff_seconds: a.backoff_secs,
        },
        poll: Duration::from_secs(u64::from(a.poll_secs)),
    };
    let tickets = key.is_some();
    let worker = Worker::new(core, gateways, config, key);
    let d = if a.once {
        worker.drain().await?
    } else {
        worker.run(stopped()).await?
    };
    let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
    v["tickets_attached"] = json!(tickets);
    v["channels"] = json!(channels);
    Ok(Output::new(v, delivered_text(&d, tickets)))
}

/// Ctrl-C or SIGTERM (a service manager's stop): the batch in flight is
/// finished and recorded first (Worker::run).
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn delivered_text(d: &Delivered, tickets: bool) -> String {
    let mut text = format!(
        "{} sent, {} to retry, {} dead ({} claimed in {} batch(es))",
        d.sent, d.retrying, d.dead, d.claimed, d.batches
    );
    if !tickets {
        text.push_str(
            "\nNo ticket-signing key on this machine: confirmations went without tickets (tourdesk keys new)",
        );
    }
    text
}

async fn status(core: &Core, sent: u32, pending: u32) -> Res {
    let s = core.notify_status(sent, pending).await?;
    Ok(Output::new(
        serde_json::to_value(&s).unwrap_or(Value::Null),
        status_text(&s),
    ))
}

/// Pending messages per channel, and for a channel this machine has no
/// gateway for, what it waits for (a worker elsewhere may have one).
fn waiting(s: &NotifyStatus, here: &GatewayConfig) -> String {
    let mut text = String::new();
    for (channel, n) in &s.pending_by_channel {
        let _ = write!(text, "  {channel}: {n} pending");
        match NotifyChannel::parse(channel) {
            Ok(c) if !here.configured(c) => {
                let _ = write!(text, ", no gateway configured here: a worker needs {}", missing(c));
            }
            Ok(_) => {}
            Err(e) => {
                let _ = write!(text, " ({e})");
            }
        }
        text.push('\n');
    }
    text
}

fn status_text(s: &NotifyStatus) -> String {
    let mut text = format!("{} pending, {} sent, {} dead\n", s.pending, s.sent, s.dead);
    text.push_str(&waiting(s, &GatewayConfig::from_env()));
    for m in &s.messages {
        let word = match m.status {
            OutboxStatus::Pending => "PENDING",
            OutboxStatus::Sent => "SENT",
            OutboxStatus::Failed => "FAILED",
            OutboxStatus::Dead => "DEAD",
        };
        let _ = write!(
            text,
            "{word:<8} #{} {} {} to {} ({}), attempts {}",
            m.id,
            m.channel,
            one_line(m.kind.as_str()),
            one_line(&m.recipient),
            one_line(m.booking_number.as_deref().unwrap_or("waitlist")),
            m.attempts
        );
        match m.status {
            OutboxStatus::Sent => {
                if let Some(at) = m.sent_at {
                    let _ = write!(text, ", sent {}", at.format("%Y-%m-%d %H:%M:%S UTC"));
                }
            }
            OutboxStatus::Pending if m.attempts > 0 => {
                let _ = write!(text, ", next {}", m.next_attempt_at.format("%Y-%m-%d %H:%M:%S UTC"));
            }
            _ => {}
        }
        text.push('\n');
        if !m.last_error.is_empty() && m.status != OutboxStatus::Sent {
            let _ = writeln!(text, "         last error: {}", one_line(&m.last_error));
        }
    }
    let listed = s.messages.iter().filter(|m| m.status == OutboxStatus::Pending).count();
    let more = s.pending - i64::try_from(listed).unwrap_or(i64::MAX);
    if more > 0 {
        let _ = writeln!(text, "… and {more} more pending (--pending N lists more)");
    }
    text
}
