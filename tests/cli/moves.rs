//! `tourdesk booking move`: the JSON contract, --dry-run changing nothing,
//! the key for safe retries, SOLD_OUT with its exit code, and who may (the
//! desk with a PIN; a free move off a running departure is a manager's).

use super::*;
use tourdesk::domain::Role;

const DESK: &str = "7364";
const MANAGER: &str = "9157";

#[tokio::test]
async fn move_a_booking_through_the_cli() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, DESK).await.unwrap();
    owner.upsert_staff("Max Manager", Role::Manager, MANAGER).await.unwrap();
    let app = db.app_url().await;
    let cli = Cli::new(&db);
    let from = cli.departure(100, 5);
    let to = cli.departure(124, 4);
    let small = cli.departure(148, 1);
    let number = cli.ok(&["book", &from, "--adults", "2", "--name", "Anna"])["booking_number"]
        .as_str()
        .unwrap()
        .to_string();
    let run = |pin: &str, args: &[&str]| {
        let mut a = args.to_vec();
        a.push("--json");
        cli.run_as(&app, pin, &a)
    };
    let n = number.as_str();

    // the preview: same price, nothing changed
    let r = run(DESK, &["booking", "move", n, "--to", &to, "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json["dry_run"], true);
    assert_eq!(
        (&r.json["price_difference_minor"], &r.json["fits"]),
        (&Value::from(0), &Value::from(true))
    );
    assert_eq!(r.json["to"]["departure_id"].as_i64().unwrap().to_string(), to);
    assert!(
        r.json["to"]["starts_at"].as_str().unwrap().ends_with("+12:00"),
        "{}",
        r.json
    );
    assert_eq!(cli.ok(&["availability", &to])["booked"], 0);
    // a party that does not fit: SOLD_OUT, also on the preview
    let r = run(DESK, &["booking", "move", n, "--to", &small, "--dry-run"]);
    assert_eq!(
        (r.json["error"]["code"].as_str(), r.code),
        (Some("SOLD_OUT"), 1),
        "{}",
        r.stdout
    );
    let r = run(DESK, &["booking", "move", n, "--to", &small]);
    assert_eq!(
        (r.json["error"]["code"].as_str(), r.code),
        (Some("SOLD_OUT"), 1),
        "{}",
        r.stdout
    );
    // waiving the price off a running departure is a manager's
    let r = run(DESK, &["booking", "move", n, "--to", &to, "--reason", "operator"]);
    assert_eq!(
        (r.json["error"]["code"].as_str(), r.code),
        (Some("FORBIDDEN"), 1),
        "{}",
        r.stdout
    );

    let key = uuid::Uuid::now_v7().to_string();
    let args = ["booking", "move", n, "--to", to.as_str(), "--key", key.as_str()];
    let r = run(DESK, &args);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let j = &r.json;
    assert_eq!(
        (&j["booking_number"], &j["reason"]),
        (&Value::from(n), &Value::from("customer"))
    );
    assert_eq!(j["from_departure_id"].as_i64().unwrap().to_string(), from);
    assert_eq!(j["to_departure_id"].as_i64().unwrap().to_string(), to);
    assert_eq!(
        (&j["ticket_generation"], &j["replayed"]),
        (&Value::from(2), &Value::from(false))
    );
    assert_eq!(j["payment_status"], "paid");
    // the same key again: the first move, not a second
    let again = run(DESK, &args);
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert_eq!(again.json["replayed"], true);
    assert_eq!(again.json["ticket_generation"], 2);
    assert_eq!(cli.ok(&["availability", &to])["booked"], 2);
    assert_eq!(cli.ok(&["availability", &from])["booked"], 0);
    // the key of that move for another is a conflict
    let r = run(DESK, &["booking", "move", n, "--to", &from, "--key", &key]);
    assert_eq!(r.json["error"]["code"], "IDEMPOTENCY_CONFLICT", "{}", r.stdout);
    // not a UUID, not a departure
    cli.err(
        &["booking", "move", n, "--to", &from, "--key", "nope"],
        "INVALID_INPUT",
        2,
    );
    cli.err(&["booking", "move", n, "--to", &to], "INVALID_INPUT", 2);
    cli.err(&["booking", "move", n, "--to", "999999"], "NOT_FOUND", 1);

    // the text says where it went and what the tickets do
    let text = cli.run(&["booking", "move", n, "--to", &from]);
    assert_eq!(text.code, 0, "{}", text.stdout);
    assert!(
        text.stdout.contains(&format!("moved from departure {to}")),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("generation 3"), "{}", text.stdout);
    db.assert_ledger().await;
}
