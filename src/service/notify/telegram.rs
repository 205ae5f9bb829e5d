//! Telegram through the Bot API (<https://core.telegram.org/bots/api#sendmessage>):
//! `POST {TOURDESK_TELEGRAM_URL}/bot{TOURDESK_TELEGRAM_TOKEN}/sendMessage`
//! with JSON `{"chat_id": …, "text": …}`, answered `{"ok":true,"result":{"message_id":…}}`
//! or `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`
//! with the same HTTP status (429 with `parameters.retry_after`).
//!
//! The recipient is the chat id: a number (a person who has started the
//! bot, a group) or `@channelname`. Judging: the HTTP status (`http::judge`:
//! 429 and 5xx retried, 400 "chat not found", 403 "bot was blocked by the
//! user" dead) with Telegram's `description` kept; a 2xx whose `ok` is not
//! true is retried.
//!
//! Idempotency: sendMessage has no idempotency key, so a worker killed
//! between Telegram's answer and api.notify_result sends the message again
//! after the lease; the `Idempotency-Key` header carries the row's message
//! id for a relay (a self-hosted Bot API server behind a proxy) that
//! honours it. Text is cut at Telegram's 4096 characters.

use super::http::{self, Body, Failure};
use crate::booking::{BookingError, OutboxMessage, Result};
use serde_json::{Value, json};

/// The Bot API's own address, used when `TOURDESK_TELEGRAM_URL` is not set.
pub const DEFAULT_URL: &str = "https://api.telegram.org";
/// The longest text sendMessage takes.
const MAX_TEXT: usize = 4096;

/// A bot: where its API is and its token.
#[derive(Clone)]
pub struct TelegramGateway {
    base: String,
    token: String,
}

/// A gateway's base URL without its trailing slash; INVALID_INPUT naming
/// `var` when it is not an http(s) URL.
pub(super) fn base_url(var: &'static str, url: &str, example: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(url.to_string()),
        _ => Err(BookingError::invalid(
            var,
            format!("{url:?} is not an http(s) URL: use e.g. {example}"),
        )),
    }
}

impl TelegramGateway {
    /// From `TOURDESK_TELEGRAM_URL` (default [`DEFAULT_URL`]) and
    /// `TOURDESK_TELEGRAM_TOKEN` (BotFather's `123456:ABC…`).
    pub fn new(url: &str, token: &str) -> Result<TelegramGateway> {
        let base = base_url("TOURDESK_TELEGRAM_URL", url, DEFAULT_URL)?;
        let token = token.trim();
        // the token goes into the path: nothing that could leave it
        if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric() || "_-:".contains(c)) {
            return Err(BookingError::invalid(
                "TOURDESK_TELEGRAM_TOKEN",
                "not a bot token: BotFather gives one such as 123456789:AAH…",
            ));
        }
        Ok(TelegramGateway {
            base,
            token: token.to_string(),
        })
    }

    /// Sends `text` to the message's chat; Ok once Telegram accepted it.
    pub async fn send(&self, m: &OutboxMessage, text: &str) -> std::result::Result<(), Failure> {
        let chat = chat_id(&m.recipient)?;
        let text: String = text.chars().take(MAX_TEXT).collect();
        let url = format!("{}/bot{}/sendMessage", self.base, self.token);
        let body = Body::Json(json!({ "chat_id": chat, "text": text }));
        let (status, answer) = http::post(url, m.message_id.clone(), body).await?;
        let v: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
        let words = v
            .get("description")
            .and_then(Value::as_str)
            .map_or_else(|| http::one_line(&answer), str::to_string);
        if let Some(f) = http::judge(status, &format!("Telegram: {words}")) {
            return Err(f);
        }
        if v.get("ok") == Some(&Value::Bool(true)) {
            Ok(())
        } else {
            Err(Failure::Retry(format!("Telegram answered {}", http::one_line(&answer))))
        }
    }
}

/// One update from getUpdates that may matter: a message's text (None for
/// a sticker, a photo), its chat and the sender's language code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub update_id: i64,
    pub chat: i64,
    pub text: Option<String>,
    pub language: String,
}

impl TelegramGateway {
    /// The bot's updates from `offset` on (<https://core.telegram.org/bots/api#getupdates>):
    /// `POST …/getUpdates` `{"offset", "timeout": 0, "allowed_updates": ["message"]}`,
    /// answered `{"ok":true,"result":[{"update_id":…,"message":{"chat":{"id":…},"text":…}}]}`.
    /// A short poll (timeout 0): the worker asks again at its own pace, and
    /// its other messages never wait behind a long poll. Updates with no
    /// message (an edit, a callback) come back with `chat` 0 and are only
    /// passed over.
    pub async fn updates(&self, offset: i64) -> std::result::Result<Vec<Update>, Failure> {
        let url = format!("{}/bot{}/getUpdates", self.base, self.token);
        let body = Body::Json(json!({ "offset": offset, "timeout": 0, "allowed_updates": ["message"] }));
        let (status, answer) = http::post(url, String::new(), body).await?;
        let v: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
        let words = v
            .get("description")
            .and_then(Value::as_str)
            .map_or_else(|| http::one_line(&answer), str::to_string);
        if let Some(f) = http::judge(status, &format!("Telegram getUpdates: {words}")) {
            return Err(f);
        }
        let Some(result) = v.get("result").and_then(Value::as_array).filter(|_| v["ok"] == true) else {
            return Err(Failure::Retry(format!(
                "Telegram getUpdates answered {}",
                http::one_line(&answer)
            )));
        };
        Ok(result.iter().filter_map(update).collect())
    }
}

/// An update as [`Update`]; None without an update_id.
fn update(u: &Value) -> Option<Update> {
    let update_id = u.get("update_id")?.as_i64()?;
    let m = u.get("message");
    let get = |path: &[&str]| path.iter().try_fold(m?, |v, k| v.get(*k));
    Some(Update {
        update_id,
        chat: get(&["chat", "id"]).and_then(Value::as_i64).unwrap_or(0),
        text: get(&["text"]).and_then(Value::as_str).map(str::to_string),
        language: get(&["from", "language_code"])
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    })
}

/// A chat id as the Bot API takes it: an integer, or `@channelname`.
fn chat_id(recipient: &str) -> std::result::Result<Value, Failure> {
    let r = recipient.trim();
    if let Ok(n) = r.parse::<i64>() {
        return Ok(json!(n));
    }
    let name = r.strip_prefix('@').unwrap_or("");
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(json!(r));
    }
    Err(Failure::Dead(format!(
        "{recipient:?} is not a Telegram chat id (a number, or @channelname)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_id_is_a_number_or_a_channel_name() {
        assert_eq!(chat_id(" -100123 ").unwrap(), json!(-100123));
        assert_eq!(chat_id("@kamchatka_tours").unwrap(), json!("@kamchatka_tours"));
        assert!(matches!(chat_id("+7 925"), Err(Failure::Dead(_))));
        assert!(matches!(chat_id("@"), Err(Failure::Dead(_))));
    }

    #[test]
    fn an_update_is_read_as_the_bot_api_documents_it() {
        let u = json!({"update_id": 10, "message": {"message_id": 3, "chat": {"id": 5001, "type": "private"},
                       "from": {"id": 5001, "language_code": "ru"}, "text": "/start abc"}});
        assert_eq!(
            update(&u),
            Some(Update {
                update_id: 10,
                chat: 5001,
                text: Some("/start abc".into()),
                language: "ru".into()
            })
        );
        let edit = json!({"update_id": 11, "edited_message": {}});
        assert_eq!(update(&edit).map(|u| (u.chat, u.text)), Some((0, None)));
        assert_eq!(update(&json!({"message": {}})), None);
    }

    #[test]
    fn a_token_that_could_leave_the_path_is_refused() {
        assert!(TelegramGateway::new(DEFAULT_URL, "123:AB-c_d").is_ok());
        assert!(TelegramGateway::new(DEFAULT_URL, "123/../x").is_err());
        assert!(TelegramGateway::new("ftp://x", "123:A").is_err());
    }
}
