//! SMS through SMS.ru's HTTP API (<https://sms.ru/api/send>):
//! `POST {TOURDESK_SMS_URL}/sms/send` with the form fields `api_id`
//! (`TOURDESK_SMS_TOKEN`), `to`, `msg` and `json=1`, answered
//! `{"status":"OK","status_code":100,"sms":{"79255070602":{"status":"OK","status_code":100,"sms_id":"…"}}}`
//! or, per number or for the whole request, `"status":"ERROR"` with a
//! `status_code` and a `status_text`.
//!
//! Why SMS.ru: the operators this kiosk is written for send to Russian
//! numbers, and SMS.ru's API is exactly "a URL and a token" (Twilio's needs
//! an account SID, a token and a sender number, and its Messages resource
//! path carries the SID). The fields go in a POST form, not the query
//! string its examples show (it accepts both), so neither the token nor the
//! message lands in a proxy's access log.
//!
//! Judging an answer: SMS.ru answers HTTP 200 also for errors, so after the
//! HTTP status (`http::judge`) its own codes decide: 100 sent; 220 (service
//! unavailable for a while), 201 (the account is out of money: someone
//! tops it up), 230–232 (per-number and identical-message limits) are
//! retried; every other code — 200 wrong api_id, 202 wrong number, 207 a
//! number that cannot be sent to, … — is dead with SMS.ru's own words.
//!
//! Idempotency: the API has no idempotency key (nor a field for one of
//! ours), so a worker killed between SMS.ru's answer and api.notify_result
//! sends the SMS again after the lease. The `Idempotency-Key` header carries
//! the row's message id for any relay that honours it.

use super::http::{self, Body, Failure};
use crate::booking::{BookingError, OutboxMessage, Result};
use serde_json::Value;

/// An SMS.ru account: where (SMS.ru itself, or a relay or test server
/// speaking its API) and the account's api_id.
#[derive(Clone)]
pub struct SmsGateway {
    base: String,
    token: String,
}

impl SmsGateway {
    /// From `TOURDESK_SMS_URL` (e.g. `https://sms.ru`) and `TOURDESK_SMS_TOKEN`.
    pub fn new(url: &str, token: &str) -> Result<SmsGateway> {
        let base = super::telegram::base_url("TOURDESK_SMS_URL", url, "https://sms.ru")?;
        if token.trim().is_empty() {
            return Err(BookingError::invalid(
                "TOURDESK_SMS_TOKEN",
                "not set: the SMS.ru api_id (its account settings, \"API\")",
            ));
        }
        Ok(SmsGateway {
            base,
            token: token.trim().to_string(),
        })
    }

    /// Sends `text` to the message's phone number; Ok once SMS.ru accepted it.
    pub async fn send(&self, m: &OutboxMessage, text: &str) -> std::result::Result<(), Failure> {
        let to = phone(&m.recipient)?;
        let form = vec![
            ("api_id", self.token.clone()),
            ("to", to.clone()),
            ("msg", text.to_string()),
            ("json", "1".to_string()),
        ];
        let url = format!("{}/sms/send", self.base);
        let (status, answer) = http::post(url, m.message_id.clone(), Body::Form(form)).await?;
        if let Some(f) = http::judge(status, &answer) {
            return Err(f);
        }
        judge_answer(&answer, &to)
    }
}

/// A phone number as SMS.ru wants it: its digits, in international form
/// (`+7 (925) 507-06-02` → `79255070602`).
fn phone(recipient: &str) -> std::result::Result<String, Failure> {
    let digits: String = recipient.chars().filter(char::is_ascii_digit).collect();
    if (7..=15).contains(&digits.len()) {
        Ok(digits)
    } else {
        Err(Failure::Dead(format!(
            "{recipient:?} is not a phone number in international form (+7 925 507-06-02)"
        )))
    }
}

/// SMS.ru's answer to one message: the request's status, then the number's.
fn judge_answer(answer: &str, to: &str) -> std::result::Result<(), Failure> {
    let v: Value = serde_json::from_str(answer)
        .map_err(|_| Failure::Retry(format!("SMS.ru answered no JSON: {}", http::one_line(answer))))?;
    let outcome = |v: &Value| -> Option<std::result::Result<(), Failure>> {
        let code = v.get("status_code")?.as_i64()?;
        if v.get("status").and_then(Value::as_str) == Some("OK") && code == 100 {
            return Some(Ok(()));
        }
        let words = v.get("status_text").and_then(Value::as_str).unwrap_or("");
        let text = format!("SMS.ru {code}: {}", http::one_line(words));
        Some(Err(match code {
            201 | 220 | 230..=232 => Failure::Retry(text),
            _ => Failure::Dead(text),
        }))
    };
    match outcome(&v) {
        Some(Ok(())) => {}
        Some(Err(f)) => return Err(f),
        None => return Err(Failure::Retry(format!("SMS.ru answered {}", http::one_line(answer)))),
    }
    let sms = v.get("sms").and_then(Value::as_object);
    let number = sms.and_then(|s| s.get(to).or_else(|| s.values().next()));
    match number.and_then(outcome) {
        Some(r) => r,
        None => Err(Failure::Retry(format!("SMS.ru did not say what became of {to}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_number_is_its_digits_and_anything_else_is_dead() {
        assert_eq!(phone("+7 (925) 507-06-02").unwrap(), "79255070602");
        assert!(matches!(phone("ask at the desk"), Err(Failure::Dead(_))));
    }

    #[test]
    fn sms_ru_codes_decide_sent_retry_or_dead() {
        let ok = r#"{"status":"OK","status_code":100,"sms":{"79255070602":{"status":"OK","status_code":100,"sms_id":"1-2"}}}"#;
        assert_eq!(judge_answer(ok, "79255070602"), Ok(()));
        let bad_number = r#"{"status":"OK","status_code":100,"sms":{"79255070602":{"status":"ERROR","status_code":207,"status_text":"cannot send to this number"}}}"#;
        assert_eq!(
            judge_answer(bad_number, "79255070602"),
            Err(Failure::Dead("SMS.ru 207: cannot send to this number".into()))
        );
        let down = r#"{"status":"ERROR","status_code":220,"status_text":"try later"}"#;
        assert!(matches!(judge_answer(down, "7925"), Err(Failure::Retry(_))));
        let token = r#"{"status":"ERROR","status_code":200,"status_text":"wrong api_id"}"#;
        assert!(matches!(judge_answer(token, "7925"), Err(Failure::Dead(t)) if t.contains("wrong api_id")));
        assert!(matches!(judge_answer("<html>", "7925"), Err(Failure::Retry(_))));
    }
}
