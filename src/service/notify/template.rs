//! The words of a message: one template per kind and language in
//! `assets/notify/{en,ru}/KIND.txt` (a `Subject:` line, a blank line, the
//! body), compiled in. `{name}` placeholders are filled from the message
//! and its typed details (`values`): numbers, amounts and local times are
//! the same in every language, the words around them the template's. A
//! kind this build does not know, or a message without details (queued
//! before migration 0039), uses `other.txt` with the core's own words, so
//! it is still delivered, in general words.

use crate::booking::notify_details::Details;
use crate::booking::{Language, NotificationKind, OutboxMessage};
use crate::domain::money::show;
use chrono::{DateTime, Utc};
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
        NotificationKind::BookingChanged => both!(language, "booking_changed"),
        NotificationKind::BookingMoved => both!(language, "booking_moved"),
        NotificationKind::BookingCancelled => both!(language, "booking_cancelled"),
        NotificationKind::DepartureCancelled => both!(language, "departure_cancelled"),
        NotificationKind::DepartureReminder => both!(language, "departure_reminder"),
        NotificationKind::RebookOffered => both!(language, "rebook_offered"),
        NotificationKind::RebookCredited => both!(language, "rebook_credited"),
        NotificationKind::RebookRefunded => both!(language, "rebook_refunded"),
        NotificationKind::RebookSwept => both!(language, "rebook_swept"),
        NotificationKind::WaitlistOffer => both!(language, "waitlist_offer"),
        NotificationKind::WaitlistCancelled => both!(language, "waitlist_cancelled"),
        NotificationKind::TelegramLinked => both!(language, "telegram_linked"),
        NotificationKind::TelegramNotLinked => both!(language, "telegram_not_linked"),
        NotificationKind::Other(_) => both!(language, "other"),
    }
}

/// The line a confirmation by e-mail or SMS ends with while the booking
/// has no Telegram chat: the bot's deep link, which the customer opens and
/// presses Start (the worker then links the chat: api.telegram_update).
pub fn telegram_invite(language: Language, bot: &str, token: &str) -> String {
    let link = format!("https://t.me/{bot}?start={token}");
    fill(both!(language, "telegram_invite").trim_end(), &[("link", link)])
}

/// A message's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

/// A moment in a zone, as the desk writes it (the zone unreadable: UTC, said so).
fn local(at: DateTime<Utc>, zone: Option<&str>) -> String {
    match zone.and_then(|z| z.parse::<Tz>().ok()) {
        Some(tz) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The values a message's template may name: what every message has
/// (`booking_number`, `tour`, `departure` in its own zone, `meeting_point`,
/// `details`: the core's English words, for `other`) and what its details
/// say, formatted the same in every language (numbers, amounts, local
/// times); the words around them are the template's.
fn values(m: &OutboxMessage) -> Vec<(&'static str, String)> {
    let zone = m.time_zone.as_deref();
    let mut v = vec![
        ("booking_number", m.booking_number.clone().unwrap_or_default()),
        ("tour", m.tour.clone().unwrap_or_default()),
        ("departure", m.starts_at.map(|at| local(at, zone)).unwrap_or_default()),
        ("meeting_point", m.meeting_point.clone().unwrap_or_default()),
        ("details", m.body.clone()),
    ];
    let Some(details) = &m.details else {
        return v;
    };
    match details {
        Details::BookingConfirmed(p) => v.extend([
            ("adults", p.adults.to_string()),
            ("children", p.children.to_string()),
            ("total", show(p.total_minor, &p.currency)),
        ]),
        Details::BookingChanged(c) => v.extend([
            ("adults", c.adults.to_string()),
            ("children", c.children.to_string()),
            ("total", show(c.total_minor, &c.currency)),
            ("charged", show(c.charged_minor, &c.currency)),
            ("refund", show(c.refund_minor, &c.currency)),
        ]),
        Details::BookingMoved(x) => v.extend([
            ("old_tour", x.from_tour.clone()),
            ("old_departure", local(x.from_starts_at, Some(&x.from_time_zone))),
            ("total", show(x.total_minor, &x.currency)),
            ("charged", show(x.charge_minor, &x.currency)),
            ("refund", show(x.refund_minor, &x.currency)),
        ]),
        Details::BookingCancelled(c) | Details::DepartureCancelled(c) => v.extend([
            ("note", c.note.clone()),
            ("refund_percent", c.refund_percent.to_string()),
            ("refund", show(c.refund_minor, &c.currency)),
        ]),
        Details::DepartureReminder(_) => {}
        Details::RebookOffered(r) => v.extend([
            ("note", r.note.clone()),
            ("due", local(r.due_at, zone)),
            (
                "alternatives",
                r.alternatives
                    .iter()
                    .map(|a| format!("  {} ({})", local(a.starts_at, zone), a.free))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ]),
        Details::RebookCredited(c) => v.extend([
            ("voucher", c.voucher.clone()),
            ("amount", show(c.amount_minor, &c.currency)),
            ("expires_on", c.expires_on.format("%Y-%m-%d").to_string()),
        ]),
        Details::RebookRefunded(r) | Details::RebookSwept(r) => v.push(("refund", show(r.refund_minor, &r.currency))),
        Details::WaitlistOffer(w) => {
            v.extend([("seats", w.seats.to_string()), ("deadline", local(w.expires_at, zone))])
        }
        Details::WaitlistCancelled(w) => v.push(("note", w.note.clone())),
        Details::TelegramLinked(_) | Details::TelegramNotLinked(_) => {}
    }
    v
}

/// `template` with every `{name}` it names filled, in one pass (a value
/// that itself contains "{tour}" is not filled again); a name without a
/// value is left as written, which the tests catch.
fn fill(template: &str, values: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (v, close))
        });
        match named {
            Some((value, close)) => {
                out.push_str(value);
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

/// The subject and body of `m` in its language: its kind's template, or,
/// for a message without readable details (queued before they existed),
/// `other` with the core's own words.
pub fn render(m: &OutboxMessage) -> Text {
    let general = NotificationKind::Other(String::new());
    let kind = if m.details.is_some() { &m.kind } else { &general };
    let src = source(kind, m.language);
    let (head, body) = src.split_once("\n\n").unwrap_or((src, ""));
    let subject = head.strip_prefix("Subject:").unwrap_or(head).trim();
    let values = values(m);
    // a header is one line: whatever a value brought along is folded into spaces
    let subject = fill(subject, &values).split_whitespace().collect::<Vec<_>>().join(" ");
    Text {
        subject,
        body: fill(body, &values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::notify_details::*;
    use chrono::{NaiveDate, TimeZone};

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 7, d, h, 0, 0).unwrap()
    }

    /// Details of `kind` as the core writes them (None for `Other`).
    fn sample(kind: &NotificationKind) -> Option<Details> {
        let cancelled = Cancelled {
            reason: "customer".into(),
            note: "Storm warning".into(),
            refund_percent: 50,
            refund_minor: 150_000,
            currency: "RUB".into(),
        };
        let refunded = Refunded {
            refund_minor: 300_000,
            currency: "RUB".into(),
        };
        Some(match kind {
            NotificationKind::BookingConfirmed => Details::BookingConfirmed(Party {
                adults: 2,
                children: 1,
                total_minor: 450_000,
                currency: "RUB".into(),
            }),
            NotificationKind::BookingChanged => Details::BookingChanged(Changed {
                change: "add_person".into(),
                adults: 3,
                children: 1,
                total_minor: 600_000,
                price_change_minor: 150_000,
                charged_minor: 150_000,
                refund_minor: 0,
                currency: "RUB".into(),
            }),
            NotificationKind::BookingMoved => Details::BookingMoved(Moved {
                reason: "customer".into(),
                from_tour: "Avachinsky volcano".into(),
                from_starts_at: at(1, 22),
                from_time_zone: "Asia/Kamchatka".into(),
                total_minor: 450_000,
                refund_minor: 0,
                charge_minor: 0,
                currency: "RUB".into(),
            }),
            NotificationKind::BookingCancelled => Details::BookingCancelled(cancelled),
            NotificationKind::DepartureCancelled => Details::DepartureCancelled(cancelled),
            NotificationKind::DepartureReminder => Details::DepartureReminder(Reminder { departure_id: 2 }),
            NotificationKind::RebookOffered => Details::RebookOffered(RebookOffered {
                due_at: at(3, 6),
                note: "Storm warning".into(),
                alternatives: vec![Alternative {
                    departure_id: 5,
                    starts_at: at(4, 22),
                    free: 6,
                }],
            }),
            NotificationKind::RebookCredited => Details::RebookCredited(Credited {
                voucher: "V-ABCD".into(),
                amount_minor: 300_000,
                currency: "RUB".into(),
                expires_on: NaiveDate::from_ymd_opt(2027, 7, 2).unwrap(),
            }),
            NotificationKind::RebookRefunded => Details::RebookRefunded(refunded),
            NotificationKind::RebookSwept => Details::RebookSwept(refunded),
            NotificationKind::WaitlistOffer => Details::WaitlistOffer(WaitlistOffer {
                seats: 3,
                expires_at: at(1, 5),
            }),
            NotificationKind::WaitlistCancelled => Details::WaitlistCancelled(WaitlistCancelled {
                reason: "operator".into(),
                note: String::new(),
            }),
            NotificationKind::TelegramLinked => Details::TelegramLinked(TelegramChat {
                chat: "1001".into(),
                language: String::new(),
            }),
            NotificationKind::TelegramNotLinked => Details::TelegramNotLinked(TelegramChat {
                chat: "1001".into(),
                language: "ru".into(),
            }),
            NotificationKind::Other(_) => return None,
        })
    }

    fn message(kind: &str, language: Language) -> OutboxMessage {
        let kind = NotificationKind::parse(kind);
        OutboxMessage {
            id: 7,
            message_id: "<outbox-7@tourdesk>".into(),
            recipient: "anna@example.com".into(),
            details: sample(&kind),
            kind,
            body: "Refund: 100%. {tour}".into(),
            attempts: 1,
            language,
            booking_id: Some(3),
            booking_number: Some("TD-0003".into()),
            departure_id: Some(2),
            tour: Some("Avachinsky volcano".into()),
            starts_at: Some(at(1, 22)),
            ends_at: None,
            time_zone: Some("Asia/Kamchatka".into()),
            meeting_point: Some("Hotel Petropavlovsk".into()),
            telegram_start: None,
        }
    }

    #[test]
    fn the_telegram_invite_is_the_bots_deep_link_in_the_customers_language() {
        let en = telegram_invite(Language::En, "kamchatka_tours_bot", "AbC-_9");
        assert_eq!(
            en,
            "Messages about this booking in Telegram: https://t.me/kamchatka_tours_bot?start=AbC-_9"
        );
        let ru = telegram_invite(Language::Ru, "kamchatka_tours_bot", "AbC-_9");
        assert!(ru.starts_with("Сообщения") && ru.ends_with("?start=AbC-_9"), "{ru}");
    }

    #[test]
    fn every_kind_renders_in_both_languages_with_every_placeholder_filled() {
        let other = NotificationKind::Other("something_new".into());
        for lang in [Language::En, Language::Ru] {
            for kind in NotificationKind::KNOWN.iter().chain([&other]) {
                let src = source(kind, lang);
                let (head, _) = src.split_once("\n\n").expect("a blank line after the subject");
                assert!(head.starts_with("Subject: ") && !head.contains('\n'), "{lang:?}/{kind}");
                let t = render(&message(kind.as_str(), lang));
                assert!(
                    !t.subject.is_empty() && !t.subject.contains('{'),
                    "{lang:?}/{kind}: {}",
                    t.subject
                );
                // `other` carries the core's words, which may hold braces; the rest none
                if kind != &other {
                    assert!(
                        !t.body.contains('{'),
                        "{lang:?}/{kind}: a placeholder left:\n{}",
                        t.body
                    );
                }
                let cyrillic = t.body.chars().any(|c| ('а'..='я').contains(&c));
                assert_eq!(
                    cyrillic,
                    lang == Language::Ru,
                    "{lang:?}/{kind}: in its language:\n{}",
                    t.body
                );
            }
        }
    }

    #[test]
    fn fills_in_the_booking_and_the_local_departure_once() {
        let t = render(&message("departure_cancelled", Language::En));
        assert_eq!(t.subject, "Departure cancelled: Avachinsky volcano, 2026-07-02 10:00");
        assert!(t.body.contains("1 500.00 RUB"), "{}", t.body);
        let ru = render(&message("booking_confirmed", Language::Ru));
        assert_eq!(
            ru.subject,
            "Бронирование TD-0003 подтверждено: Avachinsky volcano, 2026-07-02 10:00"
        );
    }

    #[test]
    fn a_cancellation_says_the_refund_in_russian() {
        let t = render(&message("booking_cancelled", Language::Ru));
        assert!(
            t.subject.contains("TD-0003") && t.subject.contains("отменено"),
            "{}",
            t.subject
        );
        assert!(t.body.contains("50 %") && t.body.contains("RUB"), "{}", t.body);
    }

    #[test]
    fn a_move_names_the_old_and_the_new_departure_in_their_zone() {
        let mut m = message("booking_moved", Language::En);
        m.starts_at = Some(at(4, 22));
        let t = render(&m);
        assert!(t.body.contains("2026-07-02 10:00"), "old, Kamchatka time: {}", t.body);
        assert!(t.body.contains("2026-07-05 10:00"), "new, Kamchatka time: {}", t.body);
    }

    #[test]
    fn a_weather_cancellation_lists_the_alternatives_and_the_offer_its_deadline() {
        let t = render(&message("rebook_offered", Language::Ru));
        assert!(t.body.contains("2026-07-05 10:00 (6)"), "{}", t.body);
        assert!(t.body.contains("2026-07-03 18:00"), "the due time: {}", t.body);
        let w = render(&message("waitlist_offer", Language::En));
        assert!(
            w.body.contains("2026-07-01 17:00") && w.body.contains('3'),
            "{}",
            w.body
        );
    }

    #[test]
    fn a_message_without_details_is_sent_in_general_words() {
        let mut m = message("booking_confirmed", Language::Ru);
        m.details = None;
        let t = render(&m);
        assert_eq!(t.subject, "Ваша экскурсия: Avachinsky volcano, 2026-07-02 10:00");
        assert!(
            t.body.contains("Refund: 100%. {tour}"),
            "the core's words, filled once: {}",
            t.body
        );
        let u = render(&message("something_new", Language::En));
        assert!(u.body.contains("Refund: 100%."));
    }
}
