//! `tourdesk time-zone`: the operator's zone, shown and set through the
//! server, and the zone of "today" where no departure is named.

use super::*;
use chrono::Timelike;
use tourdesk::domain::Role;

/// The fixed-offset IANA zone that is `hours` ahead of UTC (-12 to 14;
/// "Etc/GMT-5" is UTC+5, POSIX's sign).
fn offset_zone(hours: i32) -> String {
    match hours {
        0 => "Etc/GMT".into(),
        h if h > 0 => format!("Etc/GMT-{h}"),
        h => format!("Etc/GMT+{}", -h),
    }
}

/// The zone where it is now `hour` o'clock (0 to 23).
fn zone_at_hour(hour: i32) -> String {
    let utc = chrono::Utc::now().hour() as i32;
    let ahead = (hour - utc).rem_euclid(24);
    offset_zone(if ahead > 14 { ahead - 24 } else { ahead })
}

#[tokio::test]
async fn the_operators_zone_is_shown_and_set_by_a_manager() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let v = cli.ok(&["time-zone"]);
    assert_eq!((v["time_zone"].as_str(), v["changed"].is_null()), (Some("UTC"), true));
    let e = cli.err(&["time-zone", "Mars/Olympus"], "INVALID_INPUT", 2);
    assert!(e["error"]["message"].as_str().unwrap().contains("IANA name"), "{e}");
    let v = cli.ok(&["time-zone", "Asia/Kamchatka"]);
    assert_eq!(
        (v["time_zone"].as_str(), v["changed"].as_bool()),
        (Some("Asia/Kamchatka"), Some(true))
    );
    let r = cli.run(&["time-zone", "Asia/Kamchatka"]);
    assert!(
        r.stdout
            .contains("The operator's time zone is already Asia/Kamchatka (unchanged)."),
        "{}",
        r.stdout
    );

    // a desk clerk reads it, and may not change it
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    let app = db.app_url().await;
    let r = cli.run_as(&app, "7364", &["time-zone", "--json"]);
    assert_eq!(r.json["time_zone"], "Asia/Kamchatka", "{}", r.json);
    let r = cli.run_as(&app, "7364", &["time-zone", "Europe/Berlin", "--json"]);
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (1, Some("FORBIDDEN")),
        "{}",
        r.json
    );
    assert_eq!(cli.ok(&["time-zone"])["time_zone"], "Asia/Kamchatka");
}

#[tokio::test]
async fn the_listings_day_is_the_operators() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    // 13 hours from now: tomorrow where it is now past noon, today where it
    // is not yet one in the morning (an hour's margin either way)
    let id = cli.departure(13, 10);
    let today = |zone: &str| -> Vec<String> {
        cli.ok(&["time-zone", zone]);
        cli.ok(&["departure", "list", "--days", "1"])["departures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].to_string())
            .collect()
    };
    let noon = zone_at_hour(12);
    let midnight = zone_at_hour(0);
    assert_eq!(today(&noon), Vec::<String>::new(), "at noon in {noon} it is tomorrow's");
    assert_eq!(
        today(&midnight),
        [id],
        "just after midnight in {midnight} it is today's"
    );

    // --from is a date in the operator's zone too: 2030-06-01 09:00 +12 is
    // still 31 May in UTC
    cli.ok(&["time-zone", "UTC"]);
    cli.ok(&[
        "departure",
        "add",
        "--tour",
        "Avacha Bay boat trip",
        "--starts-at",
        "2030-06-01T09:00:00+12:00",
        "--capacity",
        "40",
        "--adult-price",
        "650000",
    ]);
    let on = |day: &str| {
        cli.ok(&["departure", "list", "--from", day, "--days", "1"])["departures"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!((on("2030-05-31"), on("2030-06-01")), (1, 0));
    cli.ok(&["time-zone", "Asia/Kamchatka"]);
    assert_eq!((on("2030-05-31"), on("2030-06-01")), (0, 1));
}
