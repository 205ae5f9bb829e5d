//! The arguments of `tourdesk notify` (its own file: args.rs is long).

use super::args::KeyFileArg;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum NotifyCmd {
    /// Deliver the queued notifications (e-mail over SMTP, SMS through SMS.ru, Telegram through
    /// the Bot API: each channel whose gateway is configured) until stopped (Ctrl-C, SIGTERM), or
    /// with --once everything due now and exit. Several workers may run at once. A manager's
    /// session (TOURDESK_PIN): the messages carry every customer's address
    Run(NotifyRunArgs),
    /// The delivery queue: how many messages are pending (per channel, and what a channel
    /// without a gateway here waits for), sent and dead; every dead one (with its last error),
    /// the first pending ones by when they are due, and the latest sent
    Status {
        /// how many of the latest sent messages to list
        #[arg(long, default_value_t = 20)]
        sent: u32,
        /// how many pending messages to list (the next due first)
        #[arg(long, default_value_t = 20)]
        pending: u32,
    },
    /// When the reminders of tomorrow's departures are queued: HH:MM in the operator's time
    /// zone (default 18:00); without a time, shows it. Setting it is a manager's
    ReminderTime {
        /// e.g. 18:00
        time: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct NotifyRunArgs {
    /// deliver what is due now, then exit
    #[arg(long)]
    pub once: bool,
    /// the SMTP server: smtp://HOST:PORT, smtp://USER:PASS@HOST:587?tls=required (STARTTLS),
    /// smtps://USER:PASS@HOST (TLS)
    #[arg(long, env = "TOURDESK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// the sender, e.g. "Kamchatka Tours <desk@example.com>"
    #[arg(long, env = "TOURDESK_MAIL_FROM", default_value = crate::service::notify::DEFAULT_FROM)]
    pub from: String,
    /// SMS.ru's API (https://sms.ru, or a relay speaking it): SMS go only with this and --sms-token
    #[arg(long, env = "TOURDESK_SMS_URL")]
    pub sms_url: Option<String>,
    /// the SMS.ru account's api_id
    #[arg(long, env = "TOURDESK_SMS_TOKEN", hide_env_values = true)]
    pub sms_token: Option<String>,
    /// the Telegram Bot API server
    #[arg(long, env = "TOURDESK_TELEGRAM_URL", default_value = crate::service::notify::telegram::DEFAULT_URL)]
    pub telegram_url: String,
    /// the bot's token from BotFather: Telegram messages go only with this
    #[arg(long, env = "TOURDESK_TELEGRAM_TOKEN", hide_env_values = true)]
    pub telegram_token: Option<String>,
    /// the bot's username: confirmations by e-mail and SMS carry its link
    /// (https://t.me/BOT?start=…) until the customer's chat is linked
    #[arg(long, env = "TOURDESK_TELEGRAM_BOT")]
    pub telegram_bot: Option<String>,
    /// messages claimed at once
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub batch: u32,
    /// seconds a claim holds its messages: a worker that dies leaves them to others after this
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(10..=86400))]
    pub lease_secs: u32,
    /// attempts before a message is dead
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,
    /// the first retry's wait in seconds; each further one waits twice as long (at most a day)
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(0..=86400))]
    pub backoff_secs: u32,
    /// seconds between looks at the queue when nothing is due
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub poll_secs: u32,
    /// signs the tickets attached to booking confirmations
    #[command(flatten)]
    pub key: KeyFileArg,
}
