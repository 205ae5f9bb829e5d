//! The words for each check-in verdict, as the CLI prints them.

use super::commands::money;
use super::safe_text::one_line;
use super::time;
use crate::booking::{CheckIn, Verdict};
use std::fmt::Write;

fn local(t: chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    time::show(t, zone)
}

/// What the guide reads: the verdict in capitals, then what to do about it.
pub fn verdict_text(c: &CheckIn) -> String {
    let mut s = String::new();
    match &c.verdict {
        Verdict::Admitted {
            booking_number,
            admitted,
            already,
            party_in,
            party_total,
            unpaid_minor,
            currency,
            special_requests,
            ..
        } => {
            let names: Vec<String> = admitted
                .iter()
                .map(|a| match a.kind {
                    Some(kind) => format!("{} ({kind})", one_line(&a.name)),
                    // someone a field laptop cannot name: no kind to say
                    None => one_line(&a.name).into_owned(),
                })
                .collect();
            let _ = writeln!(
                s,
                "ADMITTED  {} — {booking_number}, {party_in} of {party_total} in",
                names.join(", ")
            );
            for a in admitted {
                // the participant's own flags (the booking's are said once,
                // below), by name as this command has always listed them
                let mut flags = a.attention.personal();
                flags.sort_by_key(|(flag, _)| flag.key());
                for (flag, v) in flags {
                    let _ = writeln!(
                        s,
                        "  ! {}: {}: {}",
                        one_line(&a.name),
                        flag.key().replace('_', " "),
                        one_line(v)
                    );
                }
            }
            if !special_requests.is_empty() {
                let _ = writeln!(s, "  ! requests: {special_requests}");
            }
            if *unpaid_minor > 0 {
                let _ = writeln!(s, "  ! UNPAID: {} to collect", money(*unpaid_minor, currency));
            }
            for e in already {
                let _ = writeln!(s, "  {} was already in", one_line(&e.name));
            }
        }
        Verdict::AlreadyCheckedIn {
            booking_number,
            already,
            time_zone,
            ..
        } => {
            let _ = writeln!(s, "ALREADY CHECKED IN  {booking_number}");
            for e in already {
                let by = if e.staff.is_empty() {
                    String::new()
                } else {
                    format!(" by {}", e.staff)
                };
                let _ = writeln!(
                    s,
                    "  {} at {} on {}{by}",
                    one_line(&e.name),
                    local(e.at, time_zone),
                    e.device
                );
            }
        }
        Verdict::WrongDeparture {
            booking_number,
            tour,
            starts_at,
            time_zone,
            meeting_point,
            departure_id,
        } => {
            let _ = writeln!(
                s,
                "WRONG DEPARTURE  {booking_number} is for {tour} at {} (departure {departure_id}, meeting point {})",
                local(*starts_at, time_zone),
                if meeting_point.is_empty() { "—" } else { meeting_point }
            );
        }
        Verdict::NotToday {
            booking_number,
            tour,
            starts_at,
            time_zone,
            ..
        } => {
            let _ = writeln!(
                s,
                "NOT TODAY  {booking_number} is for {tour} at {}",
                local(*starts_at, time_zone)
            );
        }
        Verdict::TooEarly {
            booking_number,
            opens_at,
            time_zone,
            ..
        } => {
            let _ = writeln!(
                s,
                "TOO EARLY  check-in for {booking_number} opens at {}",
                local(*opens_at, time_zone)
            );
        }
        Verdict::CheckInClosed {
            booking_number,
            closed_at,
            time_zone,
            ..
        } => {
            let _ = writeln!(
                s,
                "CHECK-IN CLOSED  at {} ({booking_number})",
                local(*closed_at, time_zone)
            );
        }
        Verdict::Cancelled {
            booking_number, reason, ..
        } => {
            let _ = writeln!(
                s,
                "CANCELLED  this ticket of {booking_number} is no longer valid ({reason})"
            );
        }
        Verdict::InvalidSignature { key_id } => {
            let _ = writeln!(
                s,
                "INVALID SIGNATURE  not signed by key {key_id}: altered or forged — check the booking by number"
            );
        }
        Verdict::UnknownKey { key_id, offline: false } => {
            let _ = writeln!(
                s,
                "UNKNOWN KEY  signed by key {key_id}, which this operator does not know"
            );
        }
        Verdict::UnknownKey { key_id, offline: true } => {
            let _ = writeln!(
                s,
                "UNKNOWN KEY  this ticket was signed by key {key_id}, made after this laptop was prepared: \
                 prepare again online (`tourdesk field prepare`)"
            );
        }
        Verdict::RetiredKey { key_id, .. } => {
            let _ = writeln!(
                s,
                "RETIRED KEY  key {key_id} was retired: ask the desk to reprint the ticket"
            );
        }
        Verdict::Malformed { reason } => {
            let _ = writeln!(s, "NOT A TICKET  {reason}");
        }
        Verdict::UnknownTicket { ticket_id } => {
            let _ = writeln!(s, "UNKNOWN TICKET  no ticket {ticket_id} here");
        }
    }
    if c.replayed {
        s.push_str("  (repeated event: the first verdict)\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(offline: bool) -> String {
        verdict_text(&CheckIn {
            event_id: uuid::Uuid::nil(),
            occurred_at: chrono::Utc::now(),
            replayed: false,
            verdict: Verdict::UnknownKey { key_id: 7, offline },
        })
    }

    #[test]
    fn an_unknown_key_offline_says_to_prepare_again() {
        let text = unknown(true);
        assert!(
            text.contains("this ticket was signed by key 7, made after this laptop was prepared: prepare again online"),
            "{text}"
        );
        assert!(!unknown(false).contains("prepare"), "online it is simply unknown");
    }
}
