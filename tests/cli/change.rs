//! `tourdesk booking change`, `booking add-person`, `booking remove-person`:
//! the JSON contract, exit codes, the key for safe retries, and who may (the
//! application role with a PIN).

use super::*;
use tourdesk::domain::Role;

const DESK: &str = "7364";
const GUIDE: &str = "5518";

#[tokio::test]
async fn change_add_and_remove_people_through_the_cli() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, DESK).await.unwrap();
    owner.upsert_staff("Gleb Guide", Role::Guide, GUIDE).await.unwrap();
    let app = db.app_url().await;
    let dep = cli.departure(100, 3);
    let booked = cli.ok(&["book", &dep, "--adults", "2", "--name", "Anna", "--payment", "cash"]);
    let number = booked["booking_number"].as_str().unwrap().to_string();
    let ids: Vec<String> = booked["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].to_string())
        .collect();
    let run = |pin: &str, args: &[&str]| {
        let mut a = args.to_vec();
        a.push("--json");
        cli.run_as(&app, pin, &a)
    };
    let n = number.as_str();

    // the contact: phone normalised; the same key again replays
    let key = uuid::Uuid::now_v7().to_string();
    let contact = [
        "booking",
        "change",
        n,
        "--phone",
        "8 914 123-45-67",
        "--key",
        key.as_str(),
    ];
    let r = run(DESK, &contact);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (&r.json["change"], &r.json["replayed"]),
        (&Value::from("contact"), &Value::from(false))
    );
    let again = run(DESK, &contact);
    assert_eq!((again.code, &again.json["replayed"]), (0, &Value::from(true)));
    let phone: String = sqlx::query_scalar("select contact_phone from bookings where booking_number = $1")
        .bind(n)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(phone, "+79141234567");

    // a participant: details and kind (adult -> child: the difference back)
    let r = run(
        DESK,
        &[
            "booking",
            "change",
            n,
            "--participant",
            &ids[1],
            "--diet",
            "vegan",
            "--kind",
            "child",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (
            &r.json["children"],
            &r.json["refund_minor"],
            &r.json["price_change_minor"]
        ),
        (&Value::from(1), &Value::from(300_000), &Value::from(-300_000))
    );

    // add a person, paid in cash
    let r = run(
        DESK,
        &["booking", "add-person", n, "--name", "Ivan", "--payment", "cash"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (&r.json["change"], &r.json["adults"], &r.json["charged_minor"]),
        (&Value::from("add_person"), &Value::from(2), &Value::from(750_000))
    );
    let added = r.json["participant_id"].to_string();
    // the departure is full now
    let r = run(DESK, &["booking", "add-person", n, "--name", "Late", "--kind", "child"]);
    assert_eq!(
        (r.code, &r.json["error"]["code"]),
        (1, &Value::from("SOLD_OUT")),
        "{}",
        r.json
    );

    // remove: a guide may not; the desk may, with the tier's refund
    let r = run(GUIDE, &["booking", "remove-person", n, "--participant", &added]);
    assert_eq!(r.json["error"]["code"], "FORBIDDEN", "{}", r.json);
    let r = run(DESK, &["booking", "remove-person", n, "--participant", &added]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        (&r.json["change"], &r.json["refund_percent"], &r.json["refund_minor"]),
        (&Value::from("remove_person"), &Value::from(90), &Value::from(675_000))
    );
    let text = cli.run_as(&app, DESK, &["booking", "remove-person", n, "--participant", &ids[1]]);
    assert_eq!(text.code, 0, "{}", text.stdout);
    assert!(text.stdout.contains("removed"), "{}", text.stdout);
    let r = run(DESK, &["booking", "remove-person", n, "--participant", &ids[0]]);
    assert_eq!(
        (r.code, &r.json["error"]["code"]),
        (1, &Value::from("LAST_PERSON")),
        "{}",
        r.json
    );

    // flags that do not belong together are a usage error
    for args in [
        &["booking", "change", n, "--diet", "vegan"][..],
        &["booking", "change", n, "--participant", &ids[0], "--phone", "1"][..],
    ] {
        let r = run(DESK, args);
        assert_eq!(
            (r.code, &r.json["error"]["code"]),
            (2, &Value::from("USAGE")),
            "{}",
            r.json
        );
    }
    common::assert_ledger(&db.pool).await;
}
