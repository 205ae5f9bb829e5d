//! `tourdesk find` and `tourdesk booking show`: the JSON of the look-ups
//! after the sale.

use super::*;

#[tokio::test]
async fn find_by_phone_name_and_number_then_show_the_card() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let dep = cli.departure(48, 10);
    let later = cli.departure(24 * 7, 10);
    let first = cli.ok(&[
        "book",
        &dep,
        "--adults",
        "2",
        "--name",
        "Иванов Иван",
        "--phone",
        "8 914 123-45-67",
        "--email",
        "Ivan@Example.com",
    ]);
    let second = cli.ok(&[
        "book",
        &later,
        "--adults",
        "1",
        "--name",
        "Ivanov Ivan",
        "--phone",
        "+7 914 1234567",
    ]);
    cli.ok(&[
        "book",
        &later,
        "--adults",
        "1",
        "--name",
        "Петрова Анна",
        "--phone",
        "+7 924 000-00-01",
    ]);
    let number = |v: &Value| v["booking_number"].as_str().unwrap().to_string();

    // the phone any way typed: both bookings of the customer, the newest first
    let found = cli.ok(&["find", "89141234567"]);
    let results = found["results"].as_array().unwrap();
    let numbers: Vec<&str> = results.iter().map(|r| r["booking_number"].as_str().unwrap()).collect();
    assert_eq!(numbers, [number(&second), number(&first)], "{found}");
    assert_eq!(results[0]["matched"], "phone");
    assert_eq!(results[0]["contact_phone"], "+79141234567");
    assert_eq!(results[0]["tour"], "Avachinsky volcano ascent");
    // times in the departure's zone
    assert!(results[0]["starts_at"].as_str().unwrap().ends_with("+12:00"), "{found}");

    // a name on the wrong layout, with a limit
    let found = cli.ok(&["find", "bdfyjd", "--limit", "1"]);
    assert_eq!(found["results"].as_array().unwrap().len(), 1);
    assert_eq!(found["results"][0]["matched"], "name");
    assert_eq!(found["query"], "bdfyjd");
    assert_eq!(cli.ok(&["find", "nobody-like-this"])["results"], serde_json::json!([]));
    cli.err(&["find", "x", "--limit", "0"], "USAGE", 2);

    // the card: today's fields, participants, tickets, check-ins, history
    let card = cli.ok(&["booking", "show", &number(&first).to_lowercase()]);
    assert_eq!(card["booking_number"], number(&first).as_str());
    assert_eq!(card["status"], "confirmed");
    assert_eq!(card["total_minor"], 1_500_000);
    assert_eq!(card["contact"]["phone"], "+79141234567");
    assert_eq!(card["contact"]["email"], "ivan@example.com");
    assert_eq!(card["time_zone"], "Asia/Kamchatka");
    let people = card["participants"].as_array().unwrap();
    assert_eq!(people.len(), 2);
    assert_eq!(people[0]["name"], "Иванов Иван");
    assert_eq!(people[0]["medical_notes"], "");
    assert_eq!(
        card["tickets"].as_array().unwrap().len(),
        3,
        "a group code and two: {card}"
    );
    assert_eq!(card["check_ins"], serde_json::json!([]));
    assert_eq!(card["audit"][0]["action"], "booking.created");
    assert!(card["audit"][0]["at"].as_str().unwrap().ends_with("+12:00"));
    assert_eq!(card["customer_bookings"][0]["booking_number"], number(&second).as_str());
    // the ledger: the sale's cash, the one row paid is summed from
    let ledger = card["ledger"].as_array().unwrap();
    assert_eq!(ledger.len(), 1, "{card}");
    assert_eq!(
        (&ledger[0]["kind"], &ledger[0]["method"], &ledger[0]["amount_minor"]),
        (
            &serde_json::json!("payment"),
            &serde_json::json!("cash"),
            &serde_json::json!(1_500_000)
        )
    );
    cli.err(&["booking", "show", "TD-ZZZZZZ"], "NOT_FOUND", 1);
}
