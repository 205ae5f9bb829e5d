//! One HTTP request to a gateway, shared by `sms` and `telegram`.
//!
//! Why ureq: a small blocking client (5 crates on top of what lettre and
//! sqlx already bring in: it reuses the same rustls with ring — no
//! OpenSSL, no second TLS stack) with a global timeout and the proxy from
//! `HTTPS_PROXY`/`NO_PROXY`. reqwest would pull in hyper, h2 and tower for
//! one POST per message. A blocking call runs on tokio's blocking pool
//! (`spawn_blocking`), so neither the worker's other work nor a kiosk's
//! UI waits on a slow gateway.
//!
//! How an answer is judged — the same for every gateway, so that `notify
//! status` reads alike: a timeout, a refused connection, a 5xx or a 429 is
//! [`Failure::Retry`] (the gateway or the network is having a bad moment);
//! any other 4xx is [`Failure::Dead`] (the request itself is wrong: the
//! token, the recipient; sending it again changes nothing). The gateway's
//! own words are kept in the error text.

use std::time::Duration;

/// How long one request may take (connect, send, answer) before it is a
/// failure to retry.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The most of an answer read: gateways answer a few hundred bytes.
const MAX_ANSWER: u64 = 64 * 1024;

/// Why a message was not sent, and whether sending it again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// try again after the backoff (until the worker's last attempt)
    Retry(String),
    /// dead now: the same request will be refused again
    Dead(String),
}

impl Failure {
    pub fn text(&self) -> &str {
        match self {
            Failure::Retry(t) | Failure::Dead(t) => t,
        }
    }
}

/// A body to POST.
pub enum Body {
    Json(serde_json::Value),
    Form(Vec<(&'static str, String)>),
}

/// POSTs `body` to `url` with an `Idempotency-Key` header (the outbox
/// row's message id: neither gateway documents such a key, so it is for
/// whatever sits in between — a relay, our tests — to recognise a resend).
/// Answers the status and the body of any HTTP answer; only a request that
/// got none is a failure here (always to retry).
pub async fn post(url: String, idempotency_key: String, body: Body) -> Result<(u16, String), Failure> {
    tokio::task::spawn_blocking(move || post_blocking(&url, &idempotency_key, body))
        .await
        .map_err(|e| Failure::Retry(format!("the HTTP request did not finish: {e}")))?
}

fn post_blocking(url: &str, key: &str, body: Body) -> Result<(u16, String), Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("tourdesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let request = agent.post(url).header("Idempotency-Key", key);
    let answer = match body {
        Body::Json(v) => request.content_type("application/json").send(v.to_string().as_bytes()),
        Body::Form(fields) => request.send_form(fields.iter().map(|(k, v)| (*k, v.as_str()))),
    };
    let mut answer = answer.map_err(|e| Failure::Retry(format!("{}: {e}", without_secrets(url))))?;
    let status = answer.status().as_u16();
    let text = answer
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .read_to_string()
        .unwrap_or_else(|e| format!("(unreadable answer: {e})"));
    Ok((status, text))
}

/// The judgement of an HTTP status with the gateway's words: 2xx → None
/// (the gateway's body says the rest), 429 and 5xx → retry, other → dead.
pub fn judge(status: u16, what: &str) -> Option<Failure> {
    let text = format!("HTTP {status}: {}", one_line(what));
    match status {
        200..=299 => None,
        429 | 500..=599 => Some(Failure::Retry(text)),
        _ => Some(Failure::Dead(text)),
    }
}

/// The gateway's words on one line, at most 500 characters.
pub fn one_line(s: &str) -> String {
    let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(500).collect()
}

/// A URL for an error message: Telegram's carries the bot token in its
/// path, so the path is left out.
pub fn without_secrets(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            format!("{}://{}", u.scheme(), u.host_str().unwrap_or("?"))
                + &u.port().map(|p| format!(":{p}")).unwrap_or_default()
        }
        Err(_) => "the gateway".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_5xx_or_429_is_retried_another_4xx_is_dead_2xx_is_fine() {
        assert_eq!(judge(200, "ok"), None);
        assert!(matches!(judge(503, "busy"), Some(Failure::Retry(t)) if t == "HTTP 503: busy"));
        assert!(matches!(judge(429, "slow down"), Some(Failure::Retry(_))));
        assert!(matches!(judge(400, "bad\n chat"), Some(Failure::Dead(t)) if t == "HTTP 400: bad chat"));
        assert!(matches!(judge(401, ""), Some(Failure::Dead(_))));
    }

    #[test]
    fn an_error_never_shows_the_token_in_the_path() {
        let shown = without_secrets("https://api.telegram.org/bot123:SECRET/sendMessage");
        assert_eq!(shown, "https://api.telegram.org");
        assert!(!without_secrets("http://127.0.0.1:8080/bot1:S/x").contains('S'));
    }
}
