//! The words of a message: one template per kind and language in
//! `assets/notify/{en,ru}/KIND.txt` (a `Subject:` line, a blank line, the
//! body), compiled in. `{name}` placeholders are filled from the message;
//! a kind this build does not know uses `other.txt`, so a new kind the
//! core queues is still delivered, in general words.

use crate::booking::{Language, NotificationKind, OutboxMessage};
use chrono_tz::Tz;

/// A template's text: `assets/notify/LANG/NAME.txt`, compiled in.
macro_rules! asset {
    ($lang:literal, $name:literal) => {
        include_str!(concat!("../../../assets/notify/", $lang, "/", $name, ".txt"))
    };
}

/// Both languages' text of one template.
macro_rules! both {
    ($language:expr, $name:literal) => {
        match $language {
            Language::En => asset!("en", $name),
            Language::Ru => asset!("ru", $name),
        }
    };
}

/// The template of `kind` in `language`: one per kind, matched exhaustively
/// (a new kind does not compile until it has its words in both languages);
/// `Other` in general words.
fn source(kind: &NotificationKind, language: Language) -> &'static str {
    match kind {
        NotificationKind::BookingConfirmed => both!(language, "booking_confirmed"),
        NotificationKind::DepartureCancelled => both!(language, "departure_cancelled"),
        NotificationKind::RebookOffered => both!(language, "rebook_offered"),
        NotificationKind::RebookCredited => both!(language, "rebook_credited"),
        NotificationKind::RebookRefunded => both!(language, "rebook_refunded"),
        NotificationKind::RebookSwept => both!(language, "rebook_swept"),
        NotificationKind::WaitlistOffer => both!(language, "waitlist_offer"),
        NotificationKind::Other(_) => both!(language, "other"),
    }
}

/// What a template may name.
pub const PLACEHOLDERS: &[&str] = &["booking_number", "tour", "departure", "details"];

/// A message's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

/// The departure's start in its own zone, as the desk writes it.
fn departure(m: &OutboxMessage) -> String {
    match (m.starts_at, m.time_zone.as_deref().and_then(|z| z.parse::<Tz>().ok())) {
        (Some(at), Some(tz)) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        (Some(at), None) => at.format("%Y-%m-%d %H:%M UTC").to_string(),
        _ => String::new(),
    }
}

fn fill(template: &str, m: &OutboxMessage) -> String {
    let values = [
        m.booking_number.clone().unwrap_or_default(),
        m.tour.clone().unwrap_or_default(),
        departure(m),
        m.body.clone(),
    ];
    // one pass, so a value that itself contains "{tour}" is not filled again
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            PLACEHOLDERS.iter().position(|p| *p == name).map(|i| (i, close))
        });
        match named {
            Some((i, close)) => {
                out.push_str(&values[i]);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The subject and body of `m` in its language.
pub fn render(m: &OutboxMessage) -> Text {
    let src = source(&m.kind, m.language);
    let (head, body) = src.split_once("\n\n").unwrap_or((src, ""));
    let subject = head.strip_prefix("Subject:").unwrap_or(head).trim();
    // a header is one line: whatever a value brought along is folded into spaces
    let subject = fill(subject, m).split_whitespace().collect::<Vec<_>>().join(" ");
    Text {
        subject,
        body: fill(body, m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn message(kind: &str, language: Language) -> OutboxMessage {
        OutboxMessage {
            id: 7,
            message_id: "<outbox-7@tourdesk>".into(),
            recipient: "anna@example.com".into(),
            kind: NotificationKind::parse(kind),
            body: "Refund: 100%. {tour}".into(),
            attempts: 1,
            language,
            booking_id: Some(3),
            booking_number: Some("TD-0003".into()),
            departure_id: Some(2),
            tour: Some("Avachinsky volcano".into()),
            starts_at: Some(chrono::Utc.with_ymd_and_hms(2026, 7, 1, 22, 0, 0).unwrap()),
            ends_at: None,
            time_zone: Some("Asia/Kamchatka".into()),
            meeting_point: None,
        }
    }

    #[test]
    fn every_template_has_a_subject_and_names_only_known_placeholders() {
        let other = NotificationKind::Other("x".into());
        for lang in [Language::En, Language::Ru] {
            for kind in NotificationKind::KNOWN.iter().chain([&other]) {
                let src = source(kind, lang);
                let (head, body) = src.split_once("\n\n").expect("a blank line after the subject");
                assert!(head.starts_with("Subject: ") && !head.contains('\n'), "{lang:?}/{kind}");
                for part in [head, body] {
                    for piece in part.split('{').skip(1) {
                        let name = piece.split('}').next().unwrap_or_default();
                        assert!(PLACEHOLDERS.contains(&name), "{lang:?}/{kind}: unknown {{{name}}}");
                    }
                }
            }
        }
    }

    #[test]
    fn fills_in_the_booking_and_the_local_departure_once() {
        let t = render(&message("departure_cancelled", Language::En));
        assert_eq!(t.subject, "Departure cancelled: Avachinsky volcano, 2026-07-02 10:00");
        assert!(t.body.contains("Refund: 100%. {tour}"), "{}", t.body);
        let ru = render(&message("booking_confirmed", Language::Ru));
        assert_eq!(
            ru.subject,
            "Бронирование TD-0003 подтверждено: Avachinsky volcano, 2026-07-02 10:00"
        );
    }

    #[test]
    fn an_unknown_kind_is_sent_in_general_words() {
        let t = render(&message("something_new", Language::Ru));
        assert_eq!(t.subject, "Ваша экскурсия: Avachinsky volcano, 2026-07-02 10:00");
        assert!(t.body.contains("Refund: 100%."));
    }
}
