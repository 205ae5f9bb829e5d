//! `tourdesk schedule …`: the JSON contract (add → id, preview, apply →
//! created, a second apply 0, list, skip, edit) and bad input named with
//! its flag, with the usual error codes and exit codes.

use super::*;
use chrono::{Duration, Utc};

/// Local dates in Kamchatka `days` from today, as YYYY-MM-DD.
fn date_in(days: i64) -> String {
    (Utc::now().with_timezone(&chrono_tz::Asia::Kamchatka).date_naive() + Duration::days(days)).to_string()
}

fn add_args<'a>(from: &'a str, to: &'a str) -> Vec<&'a str> {
    vec![
        "schedule",
        "add",
        "--tour",
        "Avachinsky volcano",
        "--days",
        "mon,wed,fri",
        "--times",
        "07:00,13:00",
        "--from",
        from,
        "--to",
        to,
        "--capacity",
        "12",
        "--adult-price",
        "750000",
        "--child-price",
        "450000",
        "--tz",
        "Asia/Kamchatka",
        "--meeting-point",
        "Pier 3",
    ]
}

#[tokio::test]
async fn a_schedule_is_added_previewed_applied_once_listed_skipped_and_edited() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let (from, to) = (date_in(1), date_in(28));
    let v = cli.ok(&add_args(&from, &to));
    let id = v["schedule_id"].as_i64().expect("schedule_id").to_string();
    assert_eq!(
        (v["tour_created"].as_bool(), v["replayed"].as_bool()),
        (Some(true), Some(false))
    );

    let p = cli.ok(&["schedule", "preview", &id]);
    let slots = p["slots"].as_array().expect("slots");
    let to_create = p["create"].as_u64().expect("create");
    assert!(to_create >= 22, "four weeks of mon/wed/fri, twice a day: {p}");
    assert_eq!(
        (slots.len() as u64, p["exists"].as_u64(), p["time_zone"].as_str()),
        (to_create, Some(0), Some("Asia/Kamchatka"))
    );
    assert!(slots.iter().all(|s| s["slot"] == "create"), "{p}");
    let first = slots[0]["local_start"].as_str().unwrap();
    assert!(first.ends_with("T07:00:00") || first.ends_with("T13:00:00"), "{first}");

    let a = cli.ok(&["schedule", "apply", &id]);
    assert_eq!(
        (a["created"].as_u64(), a["horizon_days"].as_u64()),
        (Some(to_create), Some(90))
    );
    assert_eq!(a["departure_ids"].as_array().map(Vec::len), Some(to_create as usize));
    let again = cli.ok(&["schedule", "apply", &id, "--horizon-days", "90"]);
    assert_eq!(
        (again["created"].as_u64(), again["existing"].as_u64()),
        (Some(0), Some(to_create))
    );
    // a generated departure is an ordinary one: availability, quote
    let dep = a["departure_ids"][0].as_i64().unwrap().to_string();
    assert_eq!(cli.ok(&["availability", &dep])["free"], 12);
    assert_eq!(
        cli.ok(&["quote", &dep, "--adults", "2", "--children", "1"])["total_minor"],
        1_950_000
    );

    let l = cli.ok(&["schedule", "list"]);
    let rule = &l["schedules"][0];
    assert_eq!(
        (rule["schedule_id"].to_string(), rule["days"].clone()),
        (id.clone(), serde_json::json!([1, 3, 5]))
    );
    assert_eq!(rule["times"], serde_json::json!(["07:00:00", "13:00:00"]));
    assert_eq!(rule["departures"].as_u64(), Some(to_create));

    // skip the first date that has departures: both cancelled (no bookings)
    let day = first.get(..10).unwrap();
    let s = cli.ok(&["schedule", "skip", &id, day]);
    assert_eq!(
        (
            s["cancelled"].as_array().map(Vec::len),
            s["kept"].as_array().map(Vec::len)
        ),
        (Some(2), Some(0)),
        "{s}"
    );
    let p = cli.ok(&["schedule", "preview", &id]);
    assert_eq!((p["skipped"].as_u64(), p["create"].as_u64()), (Some(2), Some(0)));

    // a dry run says what the edit would do and changes nothing
    let d = cli.ok(&["schedule", "edit", &id, "--capacity", "16", "--dry-run"]);
    assert_eq!(d["dry_run"], true);
    let first = d["updated"][0].as_i64().unwrap().to_string();
    let before = cli.ok(&["availability", &first])["capacity"].clone();
    assert_ne!(before, 16);
    let text = cli
        .run(&["schedule", "edit", &id, "--capacity", "16", "--dry-run"])
        .stdout;
    assert!(text.starts_with("Dry run, nothing changed"), "{text}");
    // edit: the unsold departures follow the new capacity, as the dry run said
    let e = cli.ok(&["schedule", "edit", &id, "--capacity", "16"]);
    assert_eq!(e["updated"], d["updated"]);
    assert_eq!(e["dry_run"], false);
    assert_eq!(
        (e["revision"].as_i64(), e["updated"].as_array().map(Vec::len)),
        (Some(2), Some(to_create as usize - 2))
    );
    let updated = e["updated"][0].as_i64().unwrap().to_string();
    assert_eq!(cli.ok(&["availability", &updated])["capacity"], 16);
    let text = cli.run(&["schedule", "list"]).stdout;
    assert!(
        text.contains("Avachinsky volcano") && text.contains("mon,wed,fri at 07:00,13:00"),
        "{text}"
    );
    assert!(text.contains(&format!("skips {day}")), "{text}");
}

#[tokio::test]
async fn the_same_key_answers_the_first_apply_again() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let (from, to) = (date_in(1), date_in(14));
    let id = cli.ok(&add_args(&from, &to))["schedule_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let key = uuid::Uuid::now_v7().to_string();
    let a = cli.ok(&["schedule", "apply", &id, "--key", &key]);
    let b = cli.ok(&["schedule", "apply", &id, "--key", &key]);
    assert_eq!(
        (a["created"].clone(), a["replayed"].as_bool()),
        (b["created"].clone(), Some(false))
    );
    assert_eq!(b["replayed"], true);
    let e = cli.err(
        &["schedule", "apply", &id, "--horizon-days", "30", "--key", &key],
        "IDEMPOTENCY_CONFLICT",
        1,
    );
    assert_eq!(e["error"]["key"], key.as_str(), "{e}");
}

#[tokio::test]
async fn bad_input_is_refused_naming_what_is_wrong() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let (from, to) = (date_in(1), date_in(14));
    let with = |flag: &str, value: &str| {
        let mut a: Vec<String> = add_args(&from, &to).into_iter().map(String::from).collect();
        let i = a.iter().position(|x| x == flag).unwrap();
        a[i + 1] = value.to_string();
        a
    };
    let cases = [
        (with("--days", "mon,mnd"), "\"mnd\""),
        (with("--times", "07:00,25:00"), "\"25:00\""),
        (with("--times", "7am"), "--times"),
        (with("--from", &date_in(20)), "--from"),
        (with("--to", "2027-02-30"), "--to"),
        (with("--tz", "Mars/Olympus"), "Mars/Olympus"),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let e = cli.err(&args, "INVALID_INPUT", 2);
        let message = e["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{needle} in {message}");
    }
    // the server's own checks come back the same way
    let past = with("--to", &date_in(-3));
    let past_from = date_in(-10);
    let mut args: Vec<&str> = past.iter().map(String::as_str).collect();
    let i = args.iter().position(|x| *x == "--from").unwrap();
    args[i + 1] = &past_from;
    let e = cli.err(&args, "INVALID_INPUT", 2);
    assert!(
        e["error"]["message"].as_str().unwrap().contains("already passed"),
        "{e}"
    );
    cli.err(&["schedule", "apply", "4242"], "NOT_FOUND", 1);
    cli.err(&["schedule", "skip", "4242", "tomorrow"], "INVALID_INPUT", 2);
    let r = cli.run(&["schedule", "apply", "1", "--horizon-days", "0", "--json"]);
    assert_eq!(r.json["error"]["code"], "USAGE", "{}", r.json);
    assert!(
        cli.ok(&["schedule", "list"])["schedules"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_rules_guide_and_resources_are_listed_previewed_assigned_and_refusals_printed() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let owner = db.manager().await;
    owner
        .upsert_staff("Anna Guide", tourdesk::domain::Role::Guide, "5518")
        .await
        .unwrap();
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
    cli.ok(&[
        "resource", "add", "--name", "Bus 2", "--kind", "vehicle", "--seats", "20",
    ]);
    let (from, to) = (date_in(2), date_in(4));
    let out_day = date_in(3);
    cli.ok(&["resource", "out-of-service", "Mi-8", "--date", &out_day]);
    let mut args = add_args(&from, &to);
    args[5] = "daily";
    args[7] = "07:00";
    args.extend(["--guide", "Anna Guide", "--resource", "Mi-8", "--resource", "Bus 2"]);
    let id = cli.ok(&args)["schedule_id"].as_i64().unwrap().to_string();

    let rule = &cli.ok(&["schedule", "list"])["schedules"][0];
    assert_eq!(
        (rule["guide"].as_str(), rule["resources"].clone()),
        (Some("Anna Guide"), serde_json::json!(["Mi-8", "Bus 2"]))
    );
    let text = cli.run(&["schedule", "list"]).stdout;
    assert!(text.contains("guide Anna Guide, Mi-8 + Bus 2"), "{text}");
    let p = cli.ok(&["schedule", "preview", &id]);
    let out: Vec<_> = p["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["crew"]["resources"][0]["out_of_service"].is_null())
        .collect();
    assert_eq!(out.len(), 1, "{p}");
    assert!(out[0]["local_start"].as_str().unwrap().starts_with(&out_day));
    let text = cli.run(&["schedule", "preview", &id]).stdout;
    assert!(text.contains(&format!("! Mi-8 out of service {out_day}")), "{text}");

    let a = cli.ok(&["schedule", "apply", &id]);
    assert_eq!(a["created"], 3, "{a}");
    let failures = a["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{a}");
    assert_eq!(
        (
            &failures[0]["what"],
            &failures[0]["name"],
            &failures[0]["code"],
            &failures[0]["day"]
        ),
        (
            &serde_json::json!("resource"),
            &serde_json::json!("Mi-8"),
            &serde_json::json!("RESOURCE_OUT_OF_SERVICE"),
            &serde_json::json!(out_day)
        )
    );
    let text = cli.run(&["schedule", "apply", &id, "--horizon-days", "30"]).stdout;
    assert!(text.contains("0 departure(s) created"), "{text}");

    // a new apply's text lists the refusal (a fresh rule over the same days)
    let mut args = add_args(&from, &to);
    args[3] = "Heli-skiing";
    args[5] = "daily";
    args[7] = "09:00";
    args.extend(["--resource", "Mi-8"]);
    let other = cli.ok(&args)["schedule_id"].as_i64().unwrap().to_string();
    let text = cli.run(&["schedule", "apply", &other]).stdout;
    assert!(
        text.contains("1 assignment(s) refused") && text.contains("resource Mi-8: RESOURCE_OUT_OF_SERVICE"),
        "{text}"
    );

    let e = cli.ok(&["schedule", "edit", &id, "--no-guide", "--no-resources"]);
    assert_eq!(e["updated"].as_array().map(Vec::len), Some(3), "{e}");
    let rule = &cli.ok(&["schedule", "list"])["schedules"][1];
    assert_eq!(
        (rule["guide"].is_null(), rule["resources"].clone()),
        (true, serde_json::json!([]))
    );
    let r = cli.run(&["schedule", "edit", &id, "--guide", "Anna Guide", "--no-guide", "--json"]);
    assert_eq!(r.json["error"]["code"], "USAGE", "{}", r.json);
}
