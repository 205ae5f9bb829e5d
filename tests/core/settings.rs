//! The operator's time zone and currency: settings the server keeps (UTC
//! and RUB on a fresh database), a manager's to change, audited, refused
//! when they are no zone or no currency code.

use super::*;

#[tokio::test]
async fn the_time_zone_is_the_operators_setting() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    // a fresh database: UTC, readable by any session
    assert_eq!(desk.time_zone().await.unwrap(), chrono_tz::UTC);

    assert!(owner.set_time_zone("Europe/Berlin").await.unwrap());
    assert!(
        !owner.set_time_zone("Europe/Berlin").await.unwrap(),
        "the same zone again changes nothing"
    );
    assert_eq!(desk.time_zone().await.unwrap(), chrono_tz::Europe::Berlin);

    // not a manager's: refused, and the zone stays
    assert_eq!(code(desk.set_time_zone("Asia/Kamchatka").await), "FORBIDDEN");
    // no zone: refused before anything is sent
    assert_eq!(code(owner.set_time_zone("Mars/Olympus").await), "INVALID_INPUT");
    assert_eq!(desk.time_zone().await.unwrap(), chrono_tz::Europe::Berlin);

    assert!(owner.set_time_zone("Asia/Kamchatka").await.unwrap());
    let rows = audit(&db.pool, "settings.time_zone").await;
    let changes: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.details["from"].as_str().unwrap(), r.details["to"].as_str().unwrap()))
        .collect();
    assert_eq!(changes, [("UTC", "Europe/Berlin"), ("Europe/Berlin", "Asia/Kamchatka")]);
    assert!(rows.iter().all(|r| r.device_id == Some(owner.actor().device.0)));
}

#[tokio::test]
async fn the_server_refuses_what_is_no_zone_and_a_clerks_call() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, "432187").await.unwrap();
    owner.upsert_staff("Mia Manager", Role::Manager, "8642").await.unwrap();
    let app = db.app_pool(1).await;
    let set = |session: String, zone: Option<&'static str>| {
        let app = app.clone();
        async move {
            sqlx::query_as::<_, (String, bool)>("select * from api.set_time_zone($1, $2)")
                .bind(session)
                .bind(zone)
                .fetch_one(&app)
                .await
                .map_err(BookingError::from)
        }
    };
    let clerk = api_token(&app, "432187").await;
    assert_eq!(code(set(clerk.clone(), Some("Asia/Tokyo")).await), "FORBIDDEN");

    // names PostgreSQL would take in `at time zone` but no client's IANA
    // database reads as a zone: a POSIX rule, an abbreviation, copies
    let manager = api_token(&app, "8642").await;
    for bad in [
        None,
        Some("Mars/Olympus"),
        Some("XYZ+3"),
        Some("posix/Asia/Tokyo"),
        Some("right/Asia/Tokyo"),
        Some("posixrules"),
        Some(""),
    ] {
        assert_eq!(code(set(manager.clone(), bad).await), "INVALID_INPUT", "{bad:?}");
    }
    let read = sqlx::query_scalar::<_, String>("select api.time_zone($1)")
        .bind(&clerk)
        .fetch_one(&app)
        .await
        .unwrap();
    assert_eq!(read, "UTC");
    assert_eq!(
        set(manager.clone(), Some("Asia/Tokyo")).await.unwrap(),
        ("Asia/Tokyo".into(), true)
    );
    assert_eq!(owner.time_zone().await.unwrap(), chrono_tz::Asia::Tokyo);
    // a write around the api is still held to a name PostgreSQL knows
    let e = sqlx::query("update operator_settings set time_zone = 'Mars/Olympus'")
        .execute(&db.pool)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("time zone"), "{e}");
    assert!(audit(&db.pool, "settings.time_zone").await.len() == 1);
}

#[tokio::test]
async fn changing_the_zone_moves_no_departure() {
    // departures keep their own zone: changing the operator's moves none
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let dep = db.departure(&owner, 48, 10).await;
    let before = owner.departure(dep).await.unwrap().time_zone;
    owner.set_time_zone("America/New_York").await.unwrap();
    assert_eq!(owner.departure(dep).await.unwrap().time_zone, before);
    assert_eq!(before, "Asia/Kamchatka");
}

#[tokio::test]
async fn the_currency_is_the_operators_setting() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    // a fresh database: the demo operator's roubles, readable by any session
    assert_eq!(desk.currency().await.unwrap().as_str(), "RUB");

    assert!(owner.set_currency("EUR").await.unwrap());
    assert!(
        !owner.set_currency("eur").await.unwrap(),
        "the same code again (typed in lower case) changes nothing"
    );
    assert_eq!(desk.currency().await.unwrap().as_str(), "EUR");

    // not a manager's: refused, and the currency stays
    assert_eq!(code(desk.set_currency("USD").await), "FORBIDDEN");
    // no code: refused before anything is sent
    for bad in ["EURO", "", "€", "E1R"] {
        assert_eq!(code(owner.set_currency(bad).await), "INVALID_INPUT", "{bad:?}");
    }
    assert_eq!(desk.currency().await.unwrap().as_str(), "EUR");

    assert!(owner.set_currency("USD").await.unwrap());
    let rows = audit(&db.pool, "settings.currency").await;
    let changes: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.details["from"].as_str().unwrap(), r.details["to"].as_str().unwrap()))
        .collect();
    assert_eq!(changes, [("RUB", "EUR"), ("EUR", "USD")]);
    assert!(rows.iter().all(|r| r.device_id == Some(owner.actor().device.0)));
}

#[tokio::test]
async fn the_server_refuses_what_is_no_currency_and_a_clerks_call() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, "432187").await.unwrap();
    owner.upsert_staff("Mia Manager", Role::Manager, "8642").await.unwrap();
    let app = db.app_pool(1).await;
    let set = |session: String, currency: Option<&'static str>| {
        let app = app.clone();
        async move {
            sqlx::query_as::<_, (String, bool)>("select * from api.set_currency($1, $2)")
                .bind(session)
                .bind(currency)
                .fetch_one(&app)
                .await
                .map_err(BookingError::from)
        }
    };
    let clerk = api_token(&app, "432187").await;
    assert_eq!(code(set(clerk.clone(), Some("EUR")).await), "FORBIDDEN");
    let manager = api_token(&app, "8642").await;
    for bad in [None, Some("eur"), Some("EURO"), Some("E1R"), Some("")] {
        assert_eq!(code(set(manager.clone(), bad).await), "INVALID_INPUT", "{bad:?}");
    }
    assert_eq!(set(manager.clone(), Some("EUR")).await.unwrap(), ("EUR".into(), true));
    // the app role reads the one column a kiosk needs before anyone logs in
    assert_eq!(
        tourdesk::booking::operator_currency(&app).await.unwrap().as_str(),
        "EUR"
    );
    // a write around the api is still held to three capitals
    let e = sqlx::query("update operator_settings set currency = 'euro'")
        .execute(&db.pool)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("currency"), "{e}");
    assert_eq!(audit(&db.pool, "settings.currency").await.len(), 1);
}

#[tokio::test]
async fn a_new_departure_keeps_its_currency_and_the_stats_say_the_operators() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let dep = db.departure(&owner, 48, 10).await;
    owner.set_currency("EUR").await.unwrap();
    // departures keep their own: nothing is repriced
    assert_eq!(owner.departure(dep).await.unwrap().currency, "RUB");
    // with no booking in range the stats speak the operator's currency
    let now = chrono::Utc::now();
    let s = owner.stats(now, now + chrono::Duration::days(30)).await.unwrap();
    assert_eq!((s.bookings, s.currency.as_str()), (0, "EUR"));
}
