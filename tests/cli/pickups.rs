//! `tourdesk pickup …`, `book --pickup`, `booking pickup` and `manifest DEP
//! --pickups [--csv FILE] [--out DIR]`: the JSON contract, a replayed key,
//! the run as CSV and PNG, and a stop of another tour refused with
//! PICKUP_NOT_ON_TOUR (exit 1).

use super::*;

#[tokio::test]
async fn stops_are_added_chosen_changed_and_printed_as_the_pickup_run() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(72, 10);
    let tour = "Avachinsky volcano ascent";
    let key = "0190a0b2-7c3d-7e5f-8a9b-0c1d2e3f4a5b";
    let hotel = cli.ok(&[
        "pickup",
        "add",
        "--tour",
        tour,
        "--name",
        "Hotel Petropavlovsk",
        "--minutes-before",
        "45",
        "--key",
        key,
    ]);
    let again = cli.ok(&[
        "pickup",
        "add",
        "--tour",
        tour,
        "--name",
        "Hotel Petropavlovsk",
        "--minutes-before",
        "45",
        "--key",
        key,
    ]);
    assert_eq!(
        (again["pickup_point_id"].clone(), again["replayed"].as_bool()),
        (hotel["pickup_point_id"].clone(), Some(true))
    );
    let airport = cli.ok(&[
        "pickup",
        "add",
        "--tour",
        tour,
        "--name",
        "Airport Yelizovo",
        "--at",
        "06:30",
        "--position",
        "1",
    ]);
    assert_eq!(
        (airport["position"].as_i64(), airport["at_time"].as_str()),
        (Some(1), Some("06:30:00"))
    );
    cli.err(
        &["pickup", "add", "--tour", tour, "--name", "X", "--at", "25:00"],
        "INVALID_INPUT",
        2,
    );
    let list = cli.ok(&["pickup", "list", "--tour", tour]);
    let names: Vec<&str> = list["pickup_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Airport Yelizovo", "Hotel Petropavlovsk"]);

    let hotel_id = hotel["pickup_point_id"].as_i64().unwrap().to_string();
    let b = cli.ok(&[
        "book",
        &dep,
        "--adults",
        "2",
        "--name",
        "Anna Ivanova",
        "--phone",
        "+79001234567",
        "--pickup",
        &hotel_id,
    ]);
    let number = b["booking_number"].as_str().unwrap().to_string();
    cli.err(
        &["book", &dep, "--adults", "1", "--name", "Petrov", "--pickup", "999999"],
        "PICKUP_NOT_ON_TOUR",
        1,
    );
    let airport_id = airport["pickup_point_id"].as_i64().unwrap().to_string();
    let moved = cli.ok(&["booking", "pickup", &number, "--point", &airport_id]);
    assert_eq!(
        (moved["pickup"].as_str(), moved["changed"].as_bool()),
        (Some("Airport Yelizovo"), Some(true))
    );

    let dir = TempDir::new();
    let csv = dir.0.join("pickups.csv");
    let m = cli.ok(&["manifest", &dep, "--pickups", "--csv", csv.to_str().unwrap()]);
    let stops = m["stops"].as_array().unwrap();
    assert_eq!(stops.len(), 2, "{m}");
    assert_eq!(stops[0]["name"], "Airport Yelizovo");
    assert_eq!(stops[0]["parties"][0]["booking_number"], number.as_str());
    assert_eq!(stops[0]["adults"], 2);
    assert_eq!(stops[1]["parties"].as_array().map(Vec::len), Some(0));
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("stop,pickup,pickup_time,booking_number"), "{text}");
    assert!(lines[1].starts_with("1,Airport Yelizovo,"), "{text}");
    assert!(lines[1].contains(&number) && lines[1].contains("+12:00"), "{text}");
    // --out: the same CSV and a page to print for the driver
    let m = cli.ok(&["manifest", &dep, "--pickups", "--out", dir.0.to_str().unwrap()]);
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2, "{m}");
    assert!(files[0].ends_with(&format!("pickups-{dep}.csv")), "{m}");
    assert_eq!(std::fs::read_to_string(files[0]).unwrap(), text);
    assert!(files[1].ends_with(&format!("pickups-{dep}.png")), "{m}");
    let img = image::open(files[1]).unwrap().to_luma8();
    assert_eq!(img.dimensions(), (1240, 1754));
    assert!(img.pixels().filter(|p| p.0[0] < 128).count() > 2000, "text on the page");
    cli.err(&["manifest", &dep, "--out", dir.0.to_str().unwrap()], "USAGE", 2);
    // the check-in list of one stop, for a guide on the bus
    cli.ok(&["book", &dep, "--adults", "1", "--name", "Oleg Walker"]);
    let at = cli.ok(&["manifest", &dep, "--pickup", "airport YELIZOVO"]);
    let rows = at["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "Anna's party only, not Oleg: {at}");
    assert!(rows.iter().all(|r| r["booking_number"] == number.as_str()), "{at}");
    assert_eq!(at["expected"], 2);
    assert!(at["pickup"].as_str().unwrap().contains("Airport Yelizovo"), "{at}");
    let walkers = cli.ok(&["manifest", &dep, "--pickup", "none"]);
    assert_eq!(walkers["rows"][0]["name"], "Oleg Walker", "{walkers}");
    assert_eq!(walkers["rows"].as_array().map(Vec::len), Some(1));
    let e = cli.err(&["manifest", &dep, "--pickup", "Nowhere"], "INVALID_INPUT", 2);
    assert!(
        e["error"]["message"].as_str().unwrap().contains("\"Airport Yelizovo\""),
        "{e}"
    );

    let none = cli.ok(&["booking", "pickup", &number, "--none"]);
    assert!(none["pickup_point_id"].is_null(), "{none}");
    let removed = cli.ok(&["pickup", "remove", &hotel_id]);
    assert_eq!(removed["changed"], true);
    let r = cli.run(&["manifest", &dep, "--pickups"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("no pickup") && r.stdout.contains(&number),
        "{}",
        r.stdout
    );
}
