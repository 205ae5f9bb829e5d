//! iCalendar (RFC 5545) text, written in one place: the feeds of
//! `tourdesk calendar` (cli/calendar.rs) a phone calendar can subscribe to,
//! and the departure a booking confirmation carries as an .ics
//! ([`booking_ics`], service::notify).
//!
//! The server picks the departures and decides each one's SEQUENCE (the
//! audit rows naming it: it grows with every change); here they become
//! VEVENTs with the `icalendar` crate. Each departure keeps one UID for
//! good (`departure-<id>@tourdesk`), so a calendar that imported it before
//! updates it in place, and a cancelled departure stays in the feed as
//! STATUS:CANCELLED under that UID rather than vanishing. So does a
//! departure the feed's guide or resource was taken off ("NO LONGER
//! YOURS"): a calendar that imported the file keeps whatever vanishes.
//!
//! Times are the departure's local times with TZID set to its IANA zone;
//! the crate writes no VTIMEZONE, so [`vtimezone`] writes one per zone
//! from chrono-tz, with the zone's offset changes over the feed's span.

use crate::booking::{CalendarEvent, CalendarFeed};
use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, EventStatus};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The UID of a departure's event: the same in every feed, for good.
pub fn uid(departure_id: i64) -> String {
    format!("departure-{departure_id}@tourdesk")
}

/// The feed as iCalendar text (CRLF lines, folded at 75 octets).
pub fn ics(feed: &CalendarFeed) -> String {
    // the crate's default PRODID names the crate: RFC 5545 wants the product
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//tourdesk//departures//EN"))
        .append_property(("CALSCALE", "GREGORIAN"));
    cal.name(&format!("tourdesk: {}", feed.title));
    for e in &feed.events {
        cal.push(event(e, feed.generated_at));
    }
    let text = cal.done().to_string();
    let zones = vtimezones(&feed.events);
    // the VTIMEZONEs go before the first event (the crate has no type for them)
    let at = text
        .find("BEGIN:VEVENT\r\n")
        .or_else(|| text.find("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{}{}", &text[..at], zones, &text[at..])
}

/// A customer's booked departure, for the .ics of a confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedDeparture {
    pub departure_id: i64,
    pub tour: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub meeting_point: String,
    pub booking_number: String,
}

/// One departure as the customer sees it (their booking, where to meet),
/// under the departure's own UID: a calendar that imports a later change of
/// the same departure updates this event rather than adding one.
pub fn booking_ics(b: &BookedDeparture, stamp: DateTime<Utc>) -> String {
    let tz = zone(&b.time_zone);
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//tourdesk//booking//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"));
    let mut ev = icalendar::Event::new();
    ev.uid(&uid(b.departure_id))
        .timestamp(stamp)
        .starts(local(b.starts_at, tz))
        .ends(local(b.ends_at, tz))
        .summary(&b.tour)
        .description(&format!("Booking {}", b.booking_number))
        .status(EventStatus::Confirmed);
    if !b.meeting_point.trim().is_empty() {
        ev.location(&b.meeting_point);
    }
    cal.push(ev.done());
    let text = cal.done().to_string();
    let at = text.find("BEGIN:VEVENT\r\n").unwrap_or(text.len());
    format!(
        "{}{}{}",
        &text[..at],
        vtimezone(tz, b.starts_at, b.ends_at),
        &text[at..]
    )
}

fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

fn local(at: DateTime<Utc>, tz: Tz) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: at.with_timezone(&tz).naive_local(),
        tzid: tz.name().to_string(),
    }
}

fn event(e: &CalendarEvent, stamp: DateTime<Utc>) -> icalendar::Event {
    let tz = zone(&e.time_zone);
    let summary = format!(
        "{}{} — {} booked, {} part{}",
        if e.cancelled {
            "CANCELLED: "
        } else if e.withdrawn {
            "NO LONGER YOURS: "
        } else {
            ""
        },
        e.tour,
        e.booked,
        e.parties,
        if e.parties == 1 { "y" } else { "ies" }
    );
    let mut description = String::new();
    let none = |v: &[String]| if v.is_empty() { "none".to_string() } else { v.join(", ") };
    let _ = writeln!(description, "Departure {}", e.departure_id);
    let _ = writeln!(description, "Guides: {}", none(&e.guides));
    let _ = writeln!(description, "Resources: {}", none(&e.resources));
    let _ = writeln!(
        description,
        "Booked: {} of {} seats, {} part{}",
        e.booked,
        e.capacity,
        e.parties,
        if e.parties == 1 { "y" } else { "ies" }
    );
    let _ = write!(description, "Time zone: {}", tz.name());
    let mut ev = icalendar::Event::new();
    ev.uid(&uid(e.departure_id))
        .timestamp(stamp)
        .sequence(u32::try_from(e.sequence).unwrap_or(u32::MAX))
        .starts(local(e.starts_at, tz))
        .ends(local(e.ends_at, tz))
        .summary(&summary)
        .description(&description)
        .status(if e.cancelled || e.withdrawn {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !e.meeting_point.trim().is_empty() {
        ev.location(&e.meeting_point);
    }
    ev.done()
}

/// One VTIMEZONE per zone of the events, covering their span.
fn vtimezones(events: &[CalendarEvent]) -> String {
    let mut spans: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for e in events {
        let name = zone(&e.time_zone).name().to_string();
        let span = spans.entry(name).or_insert((e.starts_at, e.ends_at));
        span.0 = span.0.min(e.starts_at);
        span.1 = span.1.max(e.ends_at);
    }
    spans
        .iter()
        .map(|(name, (from, to))| vtimezone(zone(name), *from, *to))
        .collect()
}

/// Seconds east of UTC in `tz` at `at`.
fn offset(tz: Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc()
}

/// `+HHMM` (or `-HHMM`) of an offset in seconds.
fn hhmm(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.abs() / 60;
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

fn ical_local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The instants in `[from, to]` where `tz` changes its offset (found hour
/// by hour, then to the second): zones change at most a few times a year.
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut found = Vec::new();
    let mut t = from;
    while t < to {
        let next = (t + Duration::hours(1)).min(to);
        if offset(tz, t) != offset(tz, next) {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset(tz, mid) == offset(tz, lo) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(hi);
        }
        t = next;
    }
    found
}

/// A VTIMEZONE for `tz` valid over `[from, to]`: the offset in force at
/// `from`, then each change within the span (DAYLIGHT when it moves the
/// clock forward, STANDARD when back).
fn vtimezone(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let first = offset(tz, from);
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let _ = write!(
        out,
        "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{0}\r\nTZOFFSETTO:{0}\r\nEND:STANDARD\r\n",
        hhmm(first)
    );
    for at in transitions(tz, from, to) {
        let before = offset(tz, at - Duration::seconds(1));
        let after = offset(tz, at);
        let kind = if after > before { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the local time the change happens at, by the clock before it
        let local_before = at.naive_utc() + Duration::seconds(i64::from(before));
        let _ = write!(
            out,
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nEND:{kind}\r\n",
            ical_local(local_before),
            hhmm(before),
            hhmm(after)
        );
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_at(id: i64, zone: &str, starts: &str, hours: i64) -> CalendarEvent {
        let starts_at: DateTime<Utc> = starts.parse().unwrap();
        CalendarEvent {
            departure_id: id,
            tour: "Avachinsky volcano".into(),
            starts_at,
            ends_at: starts_at + Duration::hours(hours),
            time_zone: zone.into(),
            meeting_point: "Pier 3".into(),
            capacity: 12,
            booked: 5,
            parties: 2,
            cancelled: false,
            withdrawn: false,
            guides: vec!["Anna".into()],
            resources: vec![],
            sequence: 3,
        }
    }

    fn feed(events: Vec<CalendarEvent>) -> CalendarFeed {
        CalendarFeed {
            title: "Anna".into(),
            generated_at: "2026-03-01T00:00:00Z".parse().unwrap(),
            events,
        }
    }

    /// Components named `name` anywhere in the parsed text.
    fn count(text: &str, name: &str) -> usize {
        let unfolded = icalendar::parser::unfold(text);
        let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
        cal.components
            .iter()
            .flat_map(|c| std::iter::once(c).chain(c.components.iter()))
            .filter(|c| c.name == name)
            .count()
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_offset() {
        let text = ics(&feed(vec![event_at(7, "Asia/Kamchatka", "2026-07-01T20:00:00Z", 8)]));
        assert!(text.contains("TZID:Asia/Kamchatka\r\n"), "{text}");
        assert!(text.contains("TZOFFSETFROM:+1200\r\nTZOFFSETTO:+1200\r\n"), "{text}");
        assert!(
            text.contains("DTSTART;TZID=Asia/Kamchatka:20260702T080000\r\n"),
            "{text}"
        );
        assert_eq!((count(&text, "VTIMEZONE"), count(&text, "VEVENT")), (1, 1));
        assert!(!text.contains("DAYLIGHT"), "{text}");
    }

    #[test]
    fn a_span_across_a_dst_change_lists_the_change_in_local_time() {
        // Berlin moves to summer time on 2026-03-29 at 02:00 local (01:00 UTC)
        let text = ics(&feed(vec![
            event_at(1, "Europe/Berlin", "2026-03-20T09:00:00Z", 2),
            event_at(2, "Europe/Berlin", "2026-04-10T08:00:00Z", 2),
        ]));
        assert!(
            text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART;TZID=Europe/Berlin:20260320T100000\r\n"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART;TZID=Europe/Berlin:20260410T100000\r\n"),
            "{text}"
        );
        assert_eq!((count(&text, "VTIMEZONE"), count(&text, "VEVENT")), (1, 2));
    }

    #[test]
    fn an_empty_feed_is_still_a_calendar() {
        let text = ics(&feed(vec![]));
        assert!(
            text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"),
            "{text}"
        );
        assert_eq!(count(&text, "VEVENT"), 0);
    }
}
