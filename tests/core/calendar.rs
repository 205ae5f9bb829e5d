//! Calendar feeds and the Departures screen's flags (issue 14), as the
//! kiosk's application role reads them: a guide's session reads a feed
//! through api.calendar_events (security definer, session-checked, exactly
//! one of guide, resource or departure), and a listing says who leads a
//! departure and which kind of resource it lacks.

use super::*;
use tourdesk::booking::{CalendarOf, Source};
use tourdesk::domain::ResourceKind;

/// The error text of a raw call that must fail.
async fn refused(app: &PgPool, sql: &str, token: &str) -> String {
    match sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(token)
        .execute(app)
        .await
    {
        Ok(_) => panic!("{sql} was allowed"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn a_guide_reads_their_feed_as_the_application_role() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 48, 10).await;
    db.departure_of(&manager, "Mutnovsky volcano", 96, 10).await;
    manager.upsert_staff("Gena Guide", Role::Guide, "5812").await.unwrap();
    manager.assign_guide("Gena Guide", dep, Uuid::now_v7()).await.unwrap();
    let app = db.app_pool(2).await;
    let guide = Core::login(app.clone(), "gate-1", Source::Desk, "5812", None)
        .await
        .unwrap();

    let feed = guide.calendar(&CalendarOf::Guide("gena guide".into())).await.unwrap();
    assert_eq!(feed.title, "Gena Guide");
    let ids: Vec<i64> = feed.events.iter().map(|e| e.departure_id).collect();
    assert_eq!(ids, [dep.0], "only the departure Gena leads");
    let e = &feed.events[0];
    assert_eq!(
        (
            e.tour.as_str(),
            e.meeting_point.as_str(),
            e.time_zone.as_str(),
            e.cancelled
        ),
        ("Avachinsky volcano", "Pier 3", "Asia/Kamchatka", false)
    );
    assert_eq!(e.guides, ["Gena Guide"]);
    assert!(e.ends_at > e.starts_at);
    let before = e.sequence;
    assert!(before >= 2, "added and assigned: {before}");

    // a sale is a change: the sequence grows, the counts follow
    manager.book(&request(dep, 2, 1, "Anna Ivanova")).await.unwrap();
    let after = &guide.calendar(&CalendarOf::Departure(dep.0)).await.unwrap().events[0];
    assert_eq!((after.booked, after.parties), (3, 1));
    assert!(after.sequence > before, "{} after {before}", after.sequence);

    // exactly one selector, and a live session
    let token = api_token(&app, "5812").await;
    let none = refused(&app, "select * from api.calendar_events($1, null, null, null)", &token).await;
    assert!(none.contains("INVALID_INPUT"), "{none}");
    let two = refused(
        &app,
        "select * from api.calendar_events($1, 'Gena Guide', 'Mi-8', null)",
        &token,
    )
    .await;
    assert!(two.contains("INVALID_INPUT"), "{two}");
    let nobody = refused(
        &app,
        "select * from api.calendar_events($1, 'Gena Guide', null, null)",
        "00ff",
    )
    .await;
    assert!(nobody.contains("AUTH_REQUIRED"), "{nobody}");
    assert_eq!(
        code(guide.calendar(&CalendarOf::Resource("Mi-8".into())).await),
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn a_listing_says_who_leads_a_departure_and_which_resource_it_lacks() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let first = db.departure_of(&manager, "Valley of Geysers", 48, 10).await;
    let second = db.departure_of(&manager, "Valley of Geysers", 96, 10).await;
    let guide = manager.upsert_staff("Gena Guide", Role::Guide, "5812").await.unwrap();
    manager.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    let desk = Core::login(db.app_pool(2).await, "desk-1", Source::Desk, "7364", None)
        .await
        .unwrap();
    let listed = |id: DepartureId| {
        let desk = &desk;
        async move {
            let d = desk.departure(id).await.unwrap();
            (d.guide_ids, d.missing_resource)
        }
    };
    // a tour that never ran with a resource lacks none
    assert_eq!(listed(first).await, (vec![], None));

    manager
        .add_resource("Mi-8", ResourceKind::Helicopter, 10, Uuid::now_v7())
        .await
        .unwrap();
    manager.assign_resource("Mi-8", first, Uuid::now_v7()).await.unwrap();
    manager.assign_guide("Gena Guide", first, Uuid::now_v7()).await.unwrap();
    assert_eq!(listed(first).await, (vec![guide.0], None));
    // the same tour's other departure now lacks a helicopter
    assert_eq!(listed(second).await, (vec![], Some(ResourceKind::Helicopter)));
    // the list says the same as one departure
    let all = desk
        .list_departures(Utc::now(), Utc::now() + Duration::days(5))
        .await
        .unwrap();
    let second_listed = all.iter().find(|d| d.id == second).unwrap();
    assert_eq!(second_listed.missing_resource, Some(ResourceKind::Helicopter));

    // a cancelled departure frees its guide: no longer listed as led
    manager
        .cancel_departure(first, CancelReason::Weather, "storm")
        .await
        .unwrap();
    assert_eq!(listed(first).await.0, Vec::<i64>::new());
}
