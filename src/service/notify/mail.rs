//! E-mail over SMTP with lettre: the transport from `TOURDESK_SMTP_URL`
//! (lettre's URL form: `smtp://host:port` plain, `smtp://user:pass@host:587?tls=required`
//! STARTTLS, `smtps://user:pass@host` TLS from the first byte; rustls, no
//! OpenSSL) and one message per outbox row, its Message-ID the row's own.
//!
//! The transport keeps its connections (lettre's pool: idle ones closed
//! after 60 s, each checked with NOOP before it is reused): without it
//! every message paid a TCP connect, the greeting, EHLO and QUIT, and two
//! workers delivered 34 messages/s (BENCHMARKS.md, "Notifications").

use super::template::Text;
use crate::booking::{BookingError, OutboxMessage, Result};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// A file sent along (a ticket's PNG, the departure's .ics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Where and as whom messages go.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// The sender when `TOURDESK_MAIL_FROM` is not set.
pub const DEFAULT_FROM: &str = "tourdesk <tourdesk@localhost>";

/// How long one SMTP conversation may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

impl Mailer {
    /// From the SMTP URL and the From address; either unreadable is
    /// INVALID_INPUT that says what to set.
    pub fn new(url: &str, from: &str) -> Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| {
                BookingError::invalid(
                    "TOURDESK_SMTP_URL",
                    format!(
                        "{e}: use smtp://HOST:PORT, smtp://USER:PASS@HOST:587?tls=required or smtps://USER:PASS@HOST"
                    ),
                )
            })?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from.parse().map_err(|e| {
            BookingError::invalid(
                "TOURDESK_MAIL_FROM",
                format!("{e}: use an address such as \"Desk <desk@example.com>\""),
            )
        })?;
        Ok(Mailer { transport, from })
    }

    /// Sends one message; the error (the server's answer, or why it could
    /// not be reached) is what `notify status` shows.
    pub async fn send(&self, m: &OutboxMessage, text: &Text, files: &[File]) -> std::result::Result<(), String> {
        let to: Mailbox = m
            .recipient
            .parse()
            .map_err(|e| format!("the address {:?} is not an e-mail address: {e}", m.recipient))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(text.subject.clone())
            .message_id(Some(m.message_id.clone()));
        let plain = SinglePart::plain(text.body.clone());
        let message = if files.is_empty() {
            builder.singlepart(plain)
        } else {
            let mut parts = MultiPart::mixed().singlepart(plain);
            for f in files {
                let kind = ContentType::parse(f.content_type).map_err(|e| format!("{}: {e}", f.name))?;
                parts = parts.singlepart(Attachment::new(f.name.clone()).body(f.bytes.clone(), kind));
            }
            builder.multipart(parts)
        }
        .map_err(|e| format!("cannot build the message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
