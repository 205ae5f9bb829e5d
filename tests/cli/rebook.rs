//! `tourdesk weather parties|rebook`, `rebook refund|credit`, `voucher show`
//! and `pay --method voucher`: the JSON contract, exit codes and keys, as
//! the desk (the application role with a PIN) runs them.

use super::*;
use tourdesk::domain::Role;

const DESK: &str = "7364";

#[tokio::test]
async fn a_weather_cancellation_is_worked_through_at_the_desk() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, DESK).await.unwrap();
    let app = db.app_url().await;
    let run = |args: &[&str]| {
        let mut a = args.to_vec();
        a.push("--json");
        cli.run_as(&app, DESK, &a)
    };
    let stormy = cli.departure(20, 6);
    let later = cli.departure(44, 2);
    let number = |v: Value| v["booking_number"].as_str().unwrap().to_string();
    let pair = number(cli.ok(&[
        "book",
        &stormy,
        "--adults",
        "2",
        "--name",
        "Pair",
        "--phone",
        "+79001112233",
    ]));
    let one = number(cli.ok(&["book", &stormy, "--adults", "1", "--name", "One"]));
    let last = number(cli.ok(&["book", &stormy, "--adults", "1", "--name", "Last"]));
    cli.ok(&["weather", &stormy, "--status", "danger", "--cancel"]);

    let r = run(&["weather", "parties", &stormy]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let parties = r.json["parties"].as_array().unwrap();
    assert_eq!(parties.len(), 3);
    assert_eq!(
        (
            &parties[0]["booking_number"],
            &parties[0]["contact_phone"],
            &parties[0]["status"]
        ),
        (
            &Value::from(pair.as_str()),
            &Value::from("+79001112233"),
            &Value::from("open")
        )
    );

    // the preview: the pair fills `later`, the others fit nowhere; nothing changes
    let r = run(&["weather", "rebook", &stormy, "--to", &later, "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let plan = r.json["plan"].as_array().unwrap();
    let to: Vec<(String, Value)> = plan
        .iter()
        .map(|p| {
            (
                p["booking_number"].as_str().unwrap().to_string(),
                p["to_departure"].clone(),
            )
        })
        .collect();
    let later_id = Value::from(later.parse::<i64>().unwrap());
    assert_eq!(
        to,
        [
            (pair.clone(), later_id),
            (one.clone(), Value::Null),
            (last.clone(), Value::Null)
        ]
    );

    // refund in full, with a key; the same key again is a replay
    let key = uuid::Uuid::now_v7().to_string();
    let r = run(&["rebook", "refund", &pair, "--key", &key]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (&r.json["status"], &r.json["refund_minor"], &r.json["replayed"]),
        (&Value::from("refunded"), &Value::from(1_500_000), &Value::from(false))
    );
    let again = run(&["rebook", "refund", &pair, "--key", &key]);
    assert_eq!(again.json["replayed"], true);
    let r = run(&["rebook", "refund", &pair]);
    assert_eq!((r.code, &r.json["error"]["code"]), (1, &Value::from("NOT_TO_REBOOK")));

    // credit: a voucher, shown and spent on another booking
    let r = run(&["rebook", "credit", &one]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let code = r.json["voucher_code"].as_str().unwrap().to_string();
    assert_eq!(r.json["voucher_amount_minor"], 750_000);
    let v = run(&["voucher", "show", &code.to_lowercase()]);
    assert_eq!(
        (&v.json["code"], &v.json["remaining_minor"], &v.json["expired"]),
        (&Value::from(code.as_str()), &Value::from(750_000), &Value::from(false))
    );
    let fresh = number(cli.ok(&["book", &later, "--adults", "2", "--name", "New", "--payment", "unpaid"]));
    let r = run(&[
        "pay",
        &fresh,
        "--amount",
        "500000",
        "--method",
        "voucher",
        "--reference",
        &code,
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (&r.json["method"], &r.json["reference"]),
        (&Value::from("voucher"), &Value::from(code.as_str()))
    );
    let r = run(&[
        "pay",
        &fresh,
        "--amount",
        "250001",
        "--method",
        "voucher",
        "--reference",
        &code,
    ]);
    assert_eq!(
        (r.code, &r.json["error"]["code"], &r.json["error"]["remaining_minor"]),
        (1, &Value::from("VOUCHER_INSUFFICIENT"), &Value::from(250_000)),
        "{}",
        r.json
    );
    assert_eq!(run(&["voucher", "show", &code]).json["remaining_minor"], 250_000);
    let r = run(&["voucher", "show", "V-22222-22222"]);
    assert_eq!((r.code, &r.json["error"]["code"]), (1, &Value::from("NOT_FOUND")));
    // a party to rebook is not cancelled by the rules
    let r = run(&["cancel", &last]);
    assert_eq!((r.code, &r.json["error"]["code"]), (1, &Value::from("REBOOK_PENDING")));

    // text for people
    let text = cli.run_as(&app, DESK, &["weather", "parties", &stormy]).stdout;
    assert!(text.contains(&format!("credited: voucher {code}")), "{text}");
    assert!(text.contains("1 still to rebook"), "{text}");

    // the bulk run: `later` is full now, so the last party stays listed
    let r = run(&["weather", "rebook", &stormy, "--to", &later]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json["moved"], Value::Array(vec![]));
    assert_eq!(r.json["not_fitted"][0]["booking_number"], Value::from(last.as_str()));
    // with another alternative it moves, free; the same run again moves nobody
    let after = cli.departure(68, 2);
    let key = uuid::Uuid::now_v7().to_string();
    let args = [
        "weather", "rebook", &stormy, "--to", &later, "--to", &after, "--key", &key,
    ];
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (
            &r.json["moved"][0]["booking_number"],
            &r.json["moved"][0]["to_departure_id"]
        ),
        (&Value::from(last.as_str()), &Value::from(after.parse::<i64>().unwrap()))
    );
    let again = run(&args);
    assert_eq!(
        (&again.json["moved"], &again.json["not_fitted"]),
        (&Value::Array(vec![]), &Value::Array(vec![]))
    );
    let text = cli.run_as(&app, DESK, &["weather", "parties", &stormy]).stdout;
    assert!(text.contains("0 still to rebook"), "{text}");
    db.assert_ledger().await;
}
