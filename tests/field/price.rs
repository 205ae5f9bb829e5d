//! The server prices an offline sale at sync (issue 11, "never trust the
//! client"): a laptop whose price table was altered still books what it sold
//! — the money record matches what was taken — but the difference is a
//! `price` conflict with both figures, reported once however often it syncs.

use super::*;
use sqlx::sqlite::SqlitePoolOptions;
use tourdesk::field::{FieldStore, OfflineSale};

/// What an attacker with the laptop's file can do: the price table is not
/// sealed (no personal data), so the two-adult price becomes 1 000.00.
async fn tamper_price(path: &std::path::Path, adults: i64, total_minor: i64) {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let n =
        sqlx::query("update prices set data = json_set(data, '$.total_minor', $1) where adults = $2 and children = 0")
            .bind(total_minor)
            .bind(adults)
            .execute(&pool)
            .await
            .unwrap()
            .rows_affected();
    assert_eq!(n, 1, "one price row altered");
    pool.close().await;
}

async fn forget_synced(path: &std::path::Path) {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("update journal set synced_at = null, outcome = null, conflict = null")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn a_tampered_offline_price_is_booked_as_sold_and_a_price_conflict_once() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    // sold in euros: every figure is the departure's currency, never a default one
    let dep = manager
        .add_departure(&tourdesk::booking::NewDeparture {
            tour: "Avachinsky volcano".into(),
            starts_at: chrono::Utc::now() + chrono::Duration::hours(1),
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity: 10,
            adult_price_minor: common::ADULT_PRICE,
            child_price_minor: common::CHILD_PRICE,
            currency: "EUR".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .expect("a departure in euros")
        .0;
    let mut laptop = Laptop::new(&db, "laptop-cheap").await;
    laptop.prepare(&[dep], Some(4)).await;
    let path = laptop.dir.store();
    drop(laptop.store);
    tamper_price(&path, 2, 100_000).await;
    laptop.store = FieldStore::open(&path, "laptop-cheap").await.unwrap();
    assert!(laptop.store.unlock(&laptop.pin).await.unwrap().is_some());

    // one sale at the right price, one at the altered one
    let honest = laptop
        .store
        .sell(&OfflineSale::new(dep, common::party(1, 0), "Honest Buyer"), None)
        .await
        .unwrap();
    assert_eq!(honest.total_minor, common::ADULT_PRICE);
    let cheap = laptop
        .store
        .sell(&OfflineSale::new(dep, common::party(2, 0), "Cheap Buyer"), None)
        .await
        .unwrap();
    assert_eq!(cheap.total_minor, 100_000, "the laptop charged its altered figure");

    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!((report.applied, report.failed.len()), (2, 0), "{report:?}");
    // the honest sale has no conflict; the cheap one exactly one, with both figures
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    let c = &report.conflicts[0];
    assert_eq!(c.device, "laptop-cheap");
    let ConflictDetails::Price(d) = &c.details else {
        panic!("a price conflict: {c:?}")
    };
    assert_eq!(d.booking_number, cheap.booking_number);
    assert_eq!(d.laptop_total_minor, 100_000);
    assert_eq!(d.server_total_minor, Some(2 * common::ADULT_PRICE));
    assert_eq!(d.difference_minor, Some(100_000 - 2 * common::ADULT_PRICE));
    // the departure's currency throughout, as the laptop sold it
    assert_eq!(cheap.currency, "EUR");
    assert_eq!((d.currency.as_str(), d.laptop_currency.as_str()), ("EUR", "EUR"));
    assert_eq!((d.adults, d.children), (2, 0));
    // the unit prices were not touched, the rules did not change: nothing explains it
    assert_eq!(d.cause, PriceCause::Unexplained);
    // the kiosk says both figures in euros
    let said = tourdesk::tui::view::review::item_text(
        &tourdesk::tui::app::field::ReviewItem::Conflict(c.clone()),
        &tourdesk::tui::strings::EN.field,
        chrono_tz::Asia::Kamchatka,
    );
    let two_adults = tourdesk::domain::money::show(2 * common::ADULT_PRICE, "EUR");
    assert!(
        said.body
            .contains(&format!("for 1 000.00 EUR; the server's price is {two_adults}")),
        "{}",
        said.body
    );
    assert!(!said.body.contains("RUB"), "{}", said.body);

    // booked as sold: the money record is what was taken
    let (total, paid): (i64, i64) =
        sqlx::query_as("select total_minor, paid_minor from bookings where booking_number = $1 and source = 'field'")
            .bind(&cheap.booking_number)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(total, 100_000);
    assert!(paid == 0 || paid == 100_000, "paid {paid}");
    let audited = count(
        &db,
        "select count(*) from audit_log where action = 'field.conflict' and booking_id = $1
            and details ->> 'kind' = 'price'",
        c.booking_id.expect("the conflict names its booking").0,
    )
    .await;
    assert_eq!(audited, 1);

    // a sync run again (its bookkeeping lost): the same conflict, not a second one
    drop(laptop.store);
    forget_synced(&path).await;
    laptop.store = FieldStore::open(&path, "laptop-cheap").await.unwrap();
    assert!(laptop.store.unlock(&laptop.pin).await.unwrap().is_some());
    let again = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!((again.applied, again.already_applied), (0, 2), "{again:?}");
    assert_eq!(again.conflicts.len(), 1, "{:?}", again.conflicts);
    assert_eq!(again.conflicts[0].id, c.id);
    let price_conflicts = count(
        &db,
        "select count(*) from field_conflicts where kind = 'price' and departure_id = $1",
        dep.0,
    )
    .await;
    assert_eq!(price_conflicts, 1);
    let audited = count(
        &db,
        "select count(*) from audit_log where action = 'field.conflict' and departure_id = $1",
        dep.0,
    )
    .await;
    assert_eq!(audited, 1, "audited once");
}

#[tokio::test]
async fn a_price_raised_after_prepare_is_a_price_conflict_that_says_the_unit_prices_changed() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = departure(&db, &manager, 10).await;
    let mut laptop = Laptop::new(&db, "laptop-stale").await;
    laptop.prepare(&[dep], Some(2)).await;
    // the office raises the adult price once the laptop has left
    sqlx::query("update departures set adult_price_minor = adult_price_minor + 100000 where id = $1")
        .bind(dep.0)
        .execute(&db.pool)
        .await
        .unwrap();
    let sold = laptop
        .store
        .sell(&OfflineSale::new(dep, common::party(1, 0), "Stale Price"), None)
        .await
        .unwrap();
    assert_eq!(
        sold.total_minor,
        common::ADULT_PRICE,
        "the laptop's table is the prepare's"
    );
    let report = tourdesk::field::sync(&mut laptop.store, &laptop.core, |_| {})
        .await
        .unwrap();
    assert_eq!(report.applied, 1);
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    let c = &report.conflicts[0];
    let ConflictDetails::Price(d) = &c.details else {
        panic!("a price conflict: {c:?}")
    };
    assert_eq!(d.cause, PriceCause::UnitPricesChanged);
    assert_eq!(d.laptop_total_minor, common::ADULT_PRICE);
    assert_eq!(d.server_total_minor, Some(common::ADULT_PRICE + 100_000));
}
