//! Quotes and pricing rules; price changes between bookings.

use super::*;
use tourdesk::domain::ErrorCode;

#[tokio::test]
async fn quote_applies_the_pricing_rules() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 100, 20).await;
    let other = db.departure_of(&core, "Mutnovsky volcano", 100, 20).await;
    let d = core.departure(dep).await.unwrap();
    let other_tour: i64 = scalar_i64(&db.pool, "select tour_id from departures where id = $1", other.0).await;
    let local_day = d.starts_at.with_timezone(&chrono_tz::Asia::Kamchatka).date_naive();

    let plain = core.quote(dep, party(2, 1), Utc::now()).await.unwrap();
    assert_eq!(plain.total_minor, 2 * ADULT_PRICE + CHILD_PRICE);

    sqlx::query(
        "insert into pricing_rules (kind, tour_id, percent, min_party, days_before, valid_from, valid_to, description)
         values ('seasonal', null, 20, null, null, $1, $1, 'high season'),
                ('group_discount', null, 10, 4, null, null, null, ''),
                ('early_bird', null, 15, null, 3, null, null, ''),
                ('group_discount', $2, 50, 1, null, null, null, 'other tour only'),
                ('early_bird', null, 90, null, 1, null, null, 'switched off')",
    )
    .bind(local_day)
    .bind(other_tour)
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("update pricing_rules set active = false where description = 'switched off'")
        .execute(&db.pool)
        .await
        .unwrap();

    // booked now (100 h ahead): season +20 %, then early booking −15 % beats group −10 %
    let q = core.quote(dep, party(4, 0), Utc::now()).await.unwrap();
    let season = 4 * ADULT_PRICE * 20 / 100;
    let running = 4 * ADULT_PRICE + season;
    assert_eq!(q.subtotal_minor, 4 * ADULT_PRICE);
    let lines: Vec<(PriceLineKind, i64)> = q.lines.iter().map(|l| (l.kind, l.amount_minor)).collect();
    assert_eq!(
        lines,
        [
            (PriceLineKind::Adults, 4 * ADULT_PRICE),
            (PriceLineKind::Seasonal, season),
            (PriceLineKind::EarlyBird, -(running * 15 / 100))
        ]
    );
    assert_eq!(q.total_minor, running - running * 15 / 100);
    assert_eq!(q.lines[1].label, "high season");

    // a day before: no early booking, the group discount applies
    let day_before = d.starts_at - Duration::days(1);
    let q = core.quote(dep, party(4, 0), day_before).await.unwrap();
    assert_eq!(q.lines.last().unwrap().kind, PriceLineKind::GroupDiscount);
    assert_eq!(q.total_minor, running - running / 10);
    // and a couple gets only the season
    let q = core.quote(dep, party(1, 1), day_before).await.unwrap();
    assert_eq!(q.total_minor, (ADULT_PRICE + CHILD_PRICE) * 120 / 100);

    // the booking is charged what the quote says, with the breakdown kept
    let quoted = core.quote(dep, party(2, 0), Utc::now()).await.unwrap();
    let b = core.book(&request(dep, 2, 0, "Rules")).await.unwrap();
    assert_eq!(b.total_minor, quoted.total_minor);
    assert_eq!(b.price["lines"].as_array().unwrap().len(), 3);
    assert_eq!(b.price, serde_json::to_value(&quoted).unwrap());
    assert_eq!(
        code(core.quote(DepartureId(8_888), party(1, 0), Utc::now()).await),
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn a_price_change_between_two_bookings_charges_the_new_price() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 100, 20).await;

    let first = core.book(&request(dep, 1, 0, "Before")).await.unwrap();
    assert_eq!(first.total_minor, ADULT_PRICE);

    // another kiosk (here: SQL) changes the price; this core still has the old one cached
    sqlx::query("update departures set adult_price_minor = 800000 where id = $1")
        .bind(dep.0)
        .execute(&db.pool)
        .await
        .unwrap();
    let second = core.book(&request(dep, 1, 0, "After")).await.unwrap();
    assert_eq!(second.total_minor, 800_000);
    assert_eq!(second.price["adult_unit_minor"], 800_000);

    // and a new rule is applied as soon as it exists
    sqlx::query("insert into pricing_rules (kind, percent, days_before) values ('early_bird', 10, 1)")
        .execute(&db.pool)
        .await
        .unwrap();
    let third = core.book(&request(dep, 1, 0, "Rule")).await.unwrap();
    assert_eq!(third.total_minor, 720_000);
    let paid = scalar_i64(
        &db.pool,
        "select paid_minor from bookings where id = $1",
        third.booking_id.0,
    )
    .await;
    assert_eq!(paid, 720_000);
    // the earlier bookings keep their price
    assert_eq!(
        core.booking(&first.booking_number).await.unwrap().total_minor,
        ADULT_PRICE
    );
    assert_eq!(db.counters(dep).await, (20, 3, 0));
}

#[tokio::test]
async fn the_server_prices_a_sale_and_refuses_any_other_figure() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let dep = db.departure(&owner, 100, 20).await;
    owner.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    let app = db.app_pool(1).await;
    let token = api_token(&app, "7364").await;
    let book = |total: i64, currency: &'static str, key: Uuid| {
        let app = app.clone();
        let token = token.clone();
        async move {
            sqlx::query_as::<_, (i64, i64, Value)>(
                "select booking_id, total_minor, price_breakdown
                   from api.book($1, $2, $3, null, 2, 1, 'TD-FORGED1', 'CONF01', 'Mallory', '', '', '',
                                 '[{\"name\": \"M\", \"kind\": \"adult\"}, {\"name\": \"N\", \"kind\": \"adult\"},
                                   {\"name\": \"O\", \"kind\": \"child\"}]'::jsonb, $4, $5, 'cash', '')",
            )
            .bind(&token)
            .bind(key)
            .bind(dep.0)
            .bind(total)
            .bind(currency)
            .fetch_one(&app)
            .await
        }
    };
    let price = 2 * ADULT_PRICE + CHILD_PRICE;
    // a client with a price of its own (0, one kopeck short, another currency) books nothing
    for (total, currency) in [(0, "RUB"), (price - 1, "RUB"), (price, "EUR")] {
        let e = book(total, currency, Uuid::now_v7()).await.unwrap_err();
        let e = BookingError::from(e);
        assert_eq!(e.code(), ErrorCode::PriceChanged, "{total} {currency}: {e}");
        match e {
            BookingError::PriceChanged { shown, now, currency } => {
                assert_eq!((shown, now, currency.as_str()), (total, price, "RUB"))
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(db.counters(dep).await, (20, 0, 0));

    // the figure the server computes is the one charged, with its breakdown
    let key = Uuid::now_v7();
    let (id, total, breakdown) = book(price, "RUB", key).await.unwrap();
    assert_eq!(total, price);
    let quoted: Value = sqlx::query_scalar("select api.quote($1, $2, 2, 1)")
        .bind(&token)
        .bind(dep.0)
        .fetch_one(&app)
        .await
        .unwrap();
    assert_eq!(breakdown, quoted);
    let (stored_total, paid, stored): (i64, i64, Value) =
        sqlx::query_as("select total_minor, paid_minor, price_breakdown from bookings where id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((stored_total, paid), (price, price));
    assert_eq!(stored, quoted);

    // prices change; a retry of the booking already made is answered as it was
    sqlx::query("update departures set adult_price_minor = 800000 where id = $1")
        .bind(dep.0)
        .execute(&db.pool)
        .await
        .unwrap();
    let (again, total, _) = book(price, "RUB", key).await.unwrap();
    assert_eq!((again, total), (id, price));
    assert_eq!(db.counters(dep).await, (20, 3, 0));
}

#[tokio::test]
async fn a_price_shown_to_the_customer_is_never_swapped_for_another() {
    let db = TestDb::new().await;
    let core = db.manager().await;
    let dep = db.departure(&core, 100, 20).await;
    let shown = core.quote(dep, party(1, 0), Utc::now()).await.unwrap();

    // the price changes after the clerk showed it
    sqlx::query("update departures set adult_price_minor = 800000 where id = $1")
        .bind(dep.0)
        .execute(&db.pool)
        .await
        .unwrap();
    let mut req = request(dep, 1, 0, "Shown");
    req.expected_total = Some(shown.total_minor);
    let e = core.book(&req).await.unwrap_err();
    assert!(
        matches!(
            e,
            BookingError::PriceChanged {
                shown: 750_000,
                now: 800_000,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("7 500.00 RUB shown, 8 000.00 RUB now"), "{e}");
    assert_eq!(db.counters(dep).await, (20, 0, 0));

    // shown again, the new figure books
    req.expected_total = Some(core.quote(dep, party(1, 0), Utc::now()).await.unwrap().total_minor);
    assert_eq!(core.book(&req).await.unwrap().total_minor, 800_000);
}
