//! `tourdesk calendar`: a guide's, a resource's and one departure's feed,
//! written to a file and parsed back with the `icalendar` crate's parser.
//! What a phone calendar relies on is checked across changes: a departure
//! keeps its UID, its SEQUENCE grows when it changes (a sale), and a
//! cancelled one stays in the feed as STATUS:CANCELLED under the same UID.

use super::*;
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};

/// A departure of "Avachinsky volcano" `hours` ahead from Pier 3, in Kamchatka.
fn departure_at_pier(cli: &Cli, starts_at: &str) -> String {
    let v = cli.ok(&[
        "departure",
        "add",
        "--tour",
        "Avachinsky volcano",
        "--starts-at",
        starts_at,
        "--capacity",
        "12",
        "--adult-price",
        "750000",
        "--child-price",
        "450000",
        "--time-zone",
        "Asia/Kamchatka",
        "--meeting-point",
        "Pier 3",
    ]);
    v["departure_id"].as_i64().expect("departure_id").to_string()
}

/// The feed for `selector` (e.g. ["--guide", "Anna"]), written with --out
/// and parsed back: its one event.
fn feed(cli: &Cli, selector: &[&str]) -> (Calendar, icalendar::Event) {
    let out = cli.data_dir.0.join("feed.ics");
    let path = out.to_str().expect("utf-8 path");
    let mut args = vec!["calendar"];
    args.extend_from_slice(selector);
    args.extend_from_slice(&["--out", path]);
    let v = cli.ok(&args);
    assert_eq!(v["out"], path, "{v}");
    let text = std::fs::read_to_string(&out).expect("the feed was written");
    assert!(text.lines().all(|l| l.len() <= 76), "lines folded at 75 octets: {text}");
    let cal: Calendar = text.parse().expect("a real iCalendar parser reads it");
    let events: Vec<icalendar::Event> = cal.components.iter().filter_map(|c| c.as_event().cloned()).collect();
    assert_eq!(events.len(), 1, "one departure, one VEVENT: {text}");
    assert_eq!(v["events"], 1);
    (cal, events[0].clone())
}

fn sequence(e: &icalendar::Event) -> u32 {
    e.get_sequence().expect("SEQUENCE")
}

#[tokio::test]
async fn a_departure_keeps_its_uid_through_a_sale_and_a_cancellation() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    // 2027-07-01 20:00 UTC is 08:00 on 2 July in Kamchatka (UTC+12)
    let dep = departure_at_pier(&cli, "2027-07-01T20:00:00Z");
    cli.ok(&["staff", "add", "Anna", "--role", "guide", "--pin", "271828"]);
    cli.ok(&["guide", "assign", "Anna", "--departure", &dep]);
    cli.ok(&[
        "resource",
        "add",
        "--name",
        "Mi-8",
        "--kind",
        "helicopter",
        "--seats",
        "20",
    ]);
    cli.ok(&["resource", "assign", "Mi-8", "--departure", &dep]);
    let book = |name: &str| cli.ok(&["book", &dep, "--adults", "2", "--name", name, "--phone", "+79001234567"]);
    book("Ivanov");

    let (_, first) = feed(&cli, &["--guide", "anna"]);
    let uid = format!("departure-{dep}@tourdesk");
    assert_eq!(first.get_uid(), Some(uid.as_str()));
    assert_eq!(first.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(first.get_location(), Some("Pier 3"));
    let summary = first.get_summary().expect("SUMMARY");
    assert!(
        summary.contains("Avachinsky volcano") && summary.contains("2 booked, 1 party"),
        "{summary}"
    );
    let description = first.get_description().expect("DESCRIPTION");
    for part in ["Guides: Anna", "Resources: Mi-8", "Booked: 2 of 12 seats"] {
        assert!(description.contains(part), "{part} in {description}");
    }
    let local = |h: u32| {
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: chrono::NaiveDate::from_ymd_opt(2027, 7, 2)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
            tzid: "Asia/Kamchatka".into(),
        })
    };
    // a new tour lasts 8 hours
    assert_eq!((first.get_start(), first.get_end()), (Some(local(8)), Some(local(16))));

    // nothing changed: the same feed, the same sequence
    let (_, again) = feed(&cli, &["--guide", "Anna"]);
    assert_eq!(
        (again.get_uid(), sequence(&again)),
        (Some(uid.as_str()), sequence(&first))
    );

    // a sale changes the departure: the same UID, a higher SEQUENCE
    book("Petrov");
    let (_, sold) = feed(&cli, &["--guide", "Anna"]);
    assert_eq!(sold.get_uid(), Some(uid.as_str()));
    assert!(
        sequence(&sold) > sequence(&first),
        "{} after {}",
        sequence(&sold),
        sequence(&first)
    );
    assert!(sold.get_summary().is_some_and(|s| s.contains("4 booked, 2 parties")));

    // cancelled: still in the guide's feed, cancelled, same UID, higher SEQUENCE
    cli.ok(&["weather", &dep, "--status", "danger", "--cancel"]);
    let (cal, cancelled) = feed(&cli, &["--guide", "Anna"]);
    assert_eq!(cancelled.get_uid(), Some(uid.as_str()));
    assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
    assert!(sequence(&cancelled) > sequence(&sold));
    assert_eq!(cal.get_name(), Some("tourdesk: Anna"));
    // the resource's feed and the departure's own carry the same event
    for selector in [["--resource", "MI-8"], ["--departure", dep.as_str()]] {
        let (_, e) = feed(&cli, &selector);
        assert_eq!(
            (e.get_uid(), e.get_sequence(), e.get_status()),
            (
                Some(uid.as_str()),
                Some(sequence(&cancelled)),
                Some(EventStatus::Cancelled)
            ),
            "{selector:?}"
        );
    }
}

#[tokio::test]
async fn a_guide_or_resource_taken_off_keeps_the_event_as_cancelled_in_their_feed() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = departure_at_pier(&cli, "2027-07-01T20:00:00Z");
    cli.ok(&["staff", "add", "Anna", "--role", "guide", "--pin", "271828"]);
    cli.ok(&[
        "resource",
        "add",
        "--name",
        "Mi-8",
        "--kind",
        "helicopter",
        "--seats",
        "20",
    ]);
    cli.ok(&["guide", "assign", "Anna", "--departure", &dep]);
    cli.ok(&["resource", "assign", "Mi-8", "--departure", &dep]);
    let uid = format!("departure-{dep}@tourdesk");
    let (_, led) = feed(&cli, &["--guide", "Anna"]);
    let (_, served) = feed(&cli, &["--resource", "Mi-8"]);

    // taken off: still in their feeds under the same UID, cancelled, with a
    // higher SEQUENCE, so a calendar that imported it drops it
    cli.ok(&["guide", "unassign", "Anna", "--departure", &dep]);
    cli.ok(&["resource", "unassign", "Mi-8", "--departure", &dep]);
    for (selector, before) in [(["--guide", "Anna"], &led), (["--resource", "Mi-8"], &served)] {
        let (_, gone) = feed(&cli, &selector);
        assert_eq!(gone.get_uid(), Some(uid.as_str()), "{selector:?}");
        assert_eq!(gone.get_status(), Some(EventStatus::Cancelled), "{selector:?}");
        assert!(sequence(&gone) > sequence(before), "{selector:?}");
        let summary = gone.get_summary().expect("SUMMARY");
        assert!(summary.starts_with("NO LONGER YOURS: "), "{summary}");
    }
    // the departure itself is not cancelled: its own feed says so
    let (_, own) = feed(&cli, &["--departure", &dep]);
    assert_eq!(own.get_status(), Some(EventStatus::Confirmed));

    // assigned again: confirmed again in the guide's feed
    cli.ok(&["guide", "assign", "Anna", "--departure", &dep]);
    let (_, back) = feed(&cli, &["--guide", "Anna"]);
    assert_eq!(back.get_status(), Some(EventStatus::Confirmed));
    assert!(back.get_summary().is_some_and(|s| !s.starts_with("NO LONGER")));
}

#[tokio::test]
async fn a_feed_is_printed_without_out_and_unknown_names_are_not_found() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = departure_at_pier(&cli, "2027-01-15T21:30:00Z");
    let printed = cli.run(&["calendar", "--departure", &dep]);
    assert_eq!(printed.code, 0, "{}", printed.stdout);
    let cal: Calendar = printed.stdout.parse().expect("parses");
    let zones: Vec<_> = cal.components.iter().filter(|c| c.as_event().is_none()).collect();
    assert_eq!(zones.len(), 1, "one VTIMEZONE: {}", printed.stdout);
    assert!(printed.stdout.contains("TZID:Asia/Kamchatka"), "{}", printed.stdout);
    assert!(
        printed.stdout.contains("DTSTART;TZID=Asia/Kamchatka:20270116T093000"),
        "{}",
        printed.stdout
    );
    // --json carries the text too
    let v = cli.ok(&["calendar", "--departure", &dep]);
    assert!(v["ics"].as_str().is_some_and(|t| t.contains("BEGIN:VEVENT")), "{v}");

    cli.err(&["calendar", "--guide", "Nobody"], "NOT_FOUND", 1);
    cli.err(&["calendar", "--resource", "Nothing"], "NOT_FOUND", 1);
    cli.err(&["calendar", "--departure", "999999"], "NOT_FOUND", 1);
    // a desk clerk is staff but not a guide: no feed under that name
    cli.ok(&["staff", "add", "Olga", "--role", "desk", "--pin", "314159"]);
    cli.err(&["calendar", "--guide", "Olga"], "NOT_FOUND", 1);
    let neither = cli.run(&["calendar", "--json"]);
    assert_ne!(neither.code, 0, "a feed of nothing is refused");
}
