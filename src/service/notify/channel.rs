//! The gateways a worker sends through, one per channel
//! (`notification_outbox.channel`, parsed once into [`NotifyChannel`]):
//! e-mail over SMTP (`mail`), SMS through SMS.ru (`sms`), Telegram through
//! the Bot API (`telegram`). Each is configured by its own variables; a
//! worker claims only the channels it has a gateway for, so a channel no
//! worker is configured for stays pending — `notify status` counts it and
//! names what to set ([`missing`]).

use super::http::Failure;
use super::mail::{File, Mailer};
use super::sms::SmsGateway;
use super::telegram::TelegramGateway;
use super::template::Text;
use crate::booking::{BookingError, OutboxMessage, Result};
use crate::domain::NotifyChannel;

/// What configures the gateways (flags or environment; empty = not set).
#[derive(Debug, Clone, Default)]
pub struct GatewayConfig {
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub sms_url: Option<String>,
    pub sms_token: Option<String>,
    pub telegram_url: Option<String>,
    pub telegram_token: Option<String>,
    /// the bot's username (`TOURDESK_TELEGRAM_BOT`): confirmations carry its
    /// deep link (https://t.me/BOT?start=TOKEN) while a booking has no chat
    pub telegram_bot: Option<String>,
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl GatewayConfig {
    /// From the environment alone (the kiosk's worker, `notify status`).
    pub fn from_env() -> GatewayConfig {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        GatewayConfig {
            smtp_url: var("TOURDESK_SMTP_URL"),
            mail_from: var("TOURDESK_MAIL_FROM").unwrap_or_else(|| super::DEFAULT_FROM.to_string()),
            sms_url: var("TOURDESK_SMS_URL"),
            sms_token: var("TOURDESK_SMS_TOKEN"),
            telegram_url: var("TOURDESK_TELEGRAM_URL"),
            telegram_token: var("TOURDESK_TELEGRAM_TOKEN"),
            telegram_bot: var("TOURDESK_TELEGRAM_BOT"),
        }
    }

    /// Whether `channel` has what its gateway needs (not whether it is right).
    pub fn configured(&self, channel: NotifyChannel) -> bool {
        match channel {
            NotifyChannel::Email => set(&self.smtp_url).is_some(),
            NotifyChannel::Sms => set(&self.sms_url).is_some() && set(&self.sms_token).is_some(),
            NotifyChannel::Telegram => set(&self.telegram_token).is_some(),
        }
    }
}

/// What to set for `channel` to be delivered.
pub fn missing(channel: NotifyChannel) -> &'static str {
    match channel {
        NotifyChannel::Email => "TOURDESK_SMTP_URL (an SMTP server)",
        NotifyChannel::Sms => "TOURDESK_SMS_URL and TOURDESK_SMS_TOKEN (an SMS.ru account)",
        NotifyChannel::Telegram => {
            "TOURDESK_TELEGRAM_TOKEN (a bot's token; TOURDESK_TELEGRAM_URL for another Bot API server)"
        }
    }
}

/// The gateways of one worker.
#[derive(Clone, Default)]
pub struct Gateways {
    mail: Option<Mailer>,
    sms: Option<SmsGateway>,
    telegram: Option<TelegramGateway>,
    /// the bot's username, for the deep link in confirmations
    bot: Option<String>,
}

/// A bot's username as BotFather allows it (5 to 32 letters, digits and
/// `_`, ending in "bot"; a leading `@` is dropped); INVALID_INPUT naming
/// `TOURDESK_TELEGRAM_BOT` otherwise — it goes into every link we send.
fn bot_name(name: &str) -> Result<String> {
    let name = name.trim().trim_start_matches('@');
    let ok = (5..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.to_ascii_lowercase().ends_with("bot");
    if ok {
        Ok(name.to_string())
    } else {
        Err(BookingError::invalid(
            "TOURDESK_TELEGRAM_BOT",
            format!("{name:?} is not a bot's username: BotFather's, e.g. kamchatka_tours_bot"),
        ))
    }
}

impl Gateways {
    /// Every configured gateway; a configured one that is wrong (a URL that
    /// is none) is INVALID_INPUT naming its variable, and none at all is
    /// INVALID_INPUT naming them all.
    pub fn new(c: &GatewayConfig) -> Result<Gateways> {
        let mail = set(&c.smtp_url).map(|u| Mailer::new(u, &c.mail_from)).transpose()?;
        let sms = match (set(&c.sms_url), set(&c.sms_token)) {
            (None, None) => None,
            (url, token) => Some(SmsGateway::new(url.unwrap_or(""), token.unwrap_or(""))?),
        };
        let telegram = match set(&c.telegram_token) {
            Some(token) => Some(TelegramGateway::new(
                set(&c.telegram_url).unwrap_or(super::telegram::DEFAULT_URL),
                token,
            )?),
            None => None,
        };
        let bot = set(&c.telegram_bot).map(bot_name).transpose()?;
        let g = Gateways {
            mail,
            sms,
            telegram,
            bot,
        };
        if g.channels().is_empty() {
            return Err(BookingError::invalid(
                "gateways",
                "none configured: set TOURDESK_SMTP_URL (e-mail), TOURDESK_SMS_URL and \
                 TOURDESK_SMS_TOKEN (SMS.ru), or TOURDESK_TELEGRAM_TOKEN (Telegram)",
            ));
        }
        Ok(g)
    }

    /// The channels this worker can send, so the only ones it claims.
    pub fn channels(&self) -> Vec<NotifyChannel> {
        let mut c = Vec::new();
        if self.mail.is_some() {
            c.push(NotifyChannel::Email);
        }
        if self.sms.is_some() {
            c.push(NotifyChannel::Sms);
        }
        if self.telegram.is_some() {
            c.push(NotifyChannel::Telegram);
        }
        c
    }

    /// The Telegram gateway, for reading the bot's updates.
    pub fn telegram(&self) -> Option<&TelegramGateway> {
        self.telegram.as_ref()
    }

    /// The bot's username, when configured.
    pub fn telegram_bot(&self) -> Option<&str> {
        self.bot.as_deref()
    }

    /// Sends one message by its channel. `files` go with e-mail only.
    pub async fn send(
        &self,
        channel: NotifyChannel,
        m: &OutboxMessage,
        text: &Text,
        files: &[File],
    ) -> std::result::Result<(), Failure> {
        let short = || format!("{}\n{}", text.subject, text.body);
        let unconfigured = || Failure::Retry(format!("no gateway for {channel} here: set {}", missing(channel)));
        match channel {
            // SMTP's refusals are retried as before (0036): a mailbox may come back
            NotifyChannel::Email => match &self.mail {
                Some(mail) => mail.send(m, text, files).await.map_err(Failure::Retry),
                None => Err(unconfigured()),
            },
            NotifyChannel::Sms => match &self.sms {
                Some(sms) => sms.send(m, &short()).await,
                None => Err(unconfigured()),
            },
            NotifyChannel::Telegram => match &self.telegram {
                Some(t) => t.send(m, &short()).await,
                None => Err(unconfigured()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bot_name_is_botfathers_or_refused() {
        assert_eq!(bot_name(" @Kamchatka_Tours_bot ").unwrap(), "Kamchatka_Tours_bot");
        assert!(bot_name("kamchatka").is_err(), "not a bot's name");
        assert!(bot_name("evil/bot").is_err());
        assert!(bot_name("bot").is_err(), "too short");
    }
}
