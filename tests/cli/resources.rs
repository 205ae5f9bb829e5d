//! `tourdesk resource edit` and `resource in-service`: the JSON, the text,
//! and a lowering refused with the departures named and exit code 1.

use super::*;
use chrono::{Duration, Utc};
use tourdesk::domain::DepartureId;

#[tokio::test]
async fn resource_seats_are_edited_and_a_day_out_of_service_is_taken_back() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(48, 10);
    cli.ok(&[
        "resource",
        "add",
        "--name",
        "Mi-8",
        "--kind",
        "helicopter",
        "--seats",
        "6",
    ]);
    cli.ok(&["resource", "assign", "Mi-8", "--departure", &dep]);
    let owner = db.manager().await;
    owner
        .book(&common::request(DepartureId(dep.parse().unwrap()), 4, 0, "Ivanov"))
        .await
        .unwrap();

    // below the 4 sold: refused, naming the departure and the seats needed
    let e = cli.err(&["resource", "edit", "Mi-8", "--seats", "3"], "RESOURCE_BUSY", 1);
    let message = e["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&dep) && message.contains("at least 4 seats"),
        "{message}"
    );
    assert_eq!(e["error"]["needed"], 4, "{e}");
    cli.err(&["resource", "edit", "Mi-8", "--seats", "0"], "USAGE", 2);
    let up = cli.ok(&["resource", "edit", "Mi-8", "--seats", "8"]);
    assert_eq!(
        (
            up["seats"].as_i64(),
            up["seats_before"].as_i64(),
            up["changed"].as_bool()
        ),
        (Some(8), Some(6), Some(true))
    );
    let text = cli.run(&["resource", "edit", "Mi-8", "--seats", "4"]).stdout;
    assert!(text.contains("Mi-8 now has 4 seats (was 8)"), "{text}");
    assert_eq!(cli.ok(&["resource", "list"])["resources"][0]["seats"], 4);

    let day = (Utc::now() + Duration::hours(48))
        .with_timezone(&chrono_tz::Asia::Kamchatka)
        .date_naive()
        .to_string();
    cli.ok(&["resource", "out-of-service", "Mi-8", "--date", &day]);
    let back = cli.ok(&["resource", "in-service", "Mi-8", "--date", &day]);
    assert_eq!(back["changed"], true, "{back}");
    assert_eq!(
        back["departures"],
        serde_json::json!([dep.parse::<i64>().unwrap()]),
        "{back}"
    );
    let text = cli.run(&["resource", "in-service", "Mi-8", "--date", &day]).stdout;
    assert!(text.contains("was not out of service"), "{text}");
    assert!(
        cli.ok(&["resource", "list"])["resources"][0]["out_of_service"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    cli.err(
        &["resource", "in-service", "Mi-8", "--date", "someday"],
        "INVALID_INPUT",
        2,
    );
    cli.err(&["resource", "in-service", "Nope", "--date", &day], "NOT_FOUND", 1);
}
