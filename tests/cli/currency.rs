//! `tourdesk currency`: the operator's currency, shown and set through the
//! server, and the currency of a new departure that names none.

use super::*;
use tourdesk::domain::Role;

#[tokio::test]
async fn the_operators_currency_is_shown_and_set_by_a_manager() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let v = cli.ok(&["currency"]);
    assert_eq!((v["currency"].as_str(), v["changed"].is_null()), (Some("RUB"), true));
    let e = cli.err(&["currency", "EURO"], "INVALID_INPUT", 2);
    assert!(e["error"]["message"].as_str().unwrap().contains("ISO 4217"), "{e}");
    let v = cli.ok(&["currency", "eur"]);
    assert_eq!(
        (v["currency"].as_str(), v["changed"].as_bool()),
        (Some("EUR"), Some(true))
    );
    let r = cli.run(&["currency", "EUR"]);
    assert!(
        r.stdout.contains("The operator's currency is already EUR (unchanged)."),
        "{}",
        r.stdout
    );

    // a desk clerk reads it, and may not change it
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    let app = db.app_url().await;
    let r = cli.run_as(&app, "7364", &["currency", "--json"]);
    assert_eq!(r.json["currency"], "EUR", "{}", r.json);
    let r = cli.run_as(&app, "7364", &["currency", "USD", "--json"]);
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (1, Some("FORBIDDEN")),
        "{}",
        r.json
    );
    assert_eq!(cli.ok(&["currency"])["currency"], "EUR");
}

#[tokio::test]
async fn a_new_departure_without_a_currency_takes_the_operators() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    cli.ok(&["currency", "EUR"]);
    let at = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let add = |tour: &str, currency: Option<&str>| {
        let mut args = vec![
            "departure",
            "add",
            "--tour",
            tour,
            "--starts-at",
            &at,
            "--capacity",
            "12",
            "--adult-price",
            "9000",
        ];
        if let Some(c) = currency {
            args.extend(["--currency", c]);
        }
        cli.ok(&args)["departure_id"].as_i64().unwrap().to_string()
    };
    let euros = add("Kuril lake bears", None);
    let roubles = add("Avacha Bay boat trip", Some("RUB"));
    let quote = |id: &str| {
        cli.ok(&["quote", id, "--adults", "1"])["currency"]
            .as_str()
            .map(String::from)
    };
    assert_eq!(
        (quote(&euros).as_deref(), quote(&roubles).as_deref()),
        (Some("EUR"), Some("RUB"))
    );
}
