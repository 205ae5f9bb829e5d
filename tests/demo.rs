//! `tourdesk demo` against a fresh database: staff who can log in, a month of
//! morning departures in Asia/Kamchatka, ~60 % sold, sold-out departures with
//! waitlists, live holds — and a second run that adds nothing.

use chrono::{DateTime, Duration, Timelike, Utc};
use sqlx::{AssertSqlSafe, PgPool};
use std::collections::BTreeMap;
mod common;

use common::TestDb;
use tourdesk::booking::{BookingError, Core, Source};
use tourdesk::demo;
use tourdesk::domain::{ErrorCode, Role};

/// Row counts of every table the demo writes.
async fn counts(pool: &PgPool) -> BTreeMap<&'static str, i64> {
    let mut out = BTreeMap::new();
    for table in [
        "tours",
        "staff",
        "devices",
        "departures",
        "bookings",
        "participants",
        "holds",
        "waitlist_entries",
        "pricing_rules",
        "weather_alerts",
        "audit_log",
    ] {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("select count(*) from {table}")))
            .fetch_one(pool)
            .await
            .unwrap();
        out.insert(table, n);
    }
    out
}

async fn scalar_i64(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_fills_a_realistic_operator_once() {
    let db = TestDb::with_pool(4).await;
    let pool = &db.pool;
    let now = Utc::now();

    // only a manager may fill the operator; a refused run writes nothing
    let desk = db.core_as(Role::Desk, "Desk Test", "desk-test").await;
    let refused = demo::seed(&desk, now).await;
    assert!(matches!(refused, Err(BookingError::Forbidden { .. })), "{refused:?}");
    assert_eq!(scalar_i64(pool, "select count(*) from tours").await, 0);

    let core = Core::cli(pool.clone()).await.unwrap();
    let started = std::time::Instant::now();
    let first = demo::seed(&core, now).await.expect("demo seed");
    let took = started.elapsed();
    eprintln!("first run: {first:?} in {took:?}");
    assert_eq!(first.tours, 8);
    assert_eq!(first.tours_added, 8);
    assert_eq!((first.staff, first.staff_added), (4, 4));
    assert!(first.pricing_rules_added >= 3, "{first:?}");
    assert!(first.departures_added >= 100, "{first:?}");
    assert!(first.bookings >= 200, "{first:?}");
    assert!(first.holds >= 3, "{first:?}");
    assert!(first.waitlist_entries >= 6, "{first:?}");
    assert!(took < std::time::Duration::from_secs(30), "seeding took {took:?}");
    // every sale queues a confirmation: the demo's addresses must be ones no
    // real mailbox has (RFC 2606's `.example`), or a worker pointed at a real
    // mail server would write to strangers
    assert!(scalar_i64(pool, "select count(*) from bookings where contact_email <> ''").await > 50);
    assert_eq!(
        scalar_i64(
            pool,
            "select count(*) from (select contact_email e from bookings union all
                                   select email from waitlist_entries union all
                                   select recipient from notification_outbox where channel = 'email') x
              where e <> '' and e not like '%.example'"
        )
        .await,
        0,
        "a demo address outside .example"
    );

    // staff PINs log in with their roles
    for (pin, role) in [
        ("111111", "guide"),
        ("222222", "desk"),
        ("333333", "manager"),
        ("444444", "notifier"),
    ] {
        let who = Core::login(pool.clone(), "login-test", Source::Desk, pin, None)
            .await
            .unwrap_or_else(|e| panic!("PIN {pin} does not log in: {e}"));
        assert_eq!(who.actor().role.as_str(), role, "PIN {pin}");
    }

    // the guide (111111) leads departures of the next two days and no later ones
    let led = scalar_i64(
        pool,
        "select count(*) from departure_guides g join departures d on d.id = g.departure_id
          where g.active and d.starts_at < now() + interval '2 days'",
    )
    .await;
    assert!(led >= 1, "the demo's guide leads nothing soon");
    assert_eq!(
        scalar_i64(pool, "select count(*) from departure_guides").await,
        led,
        "only the next two days"
    );

    // departures: the next 30 days, at 07:00, 08:00 or 09:00 in Asia/Kamchatka
    let rows: Vec<(DateTime<Utc>, String, String, i32, String)> = sqlx::query_as(
        "select d.starts_at, d.time_zone, d.meeting_point, d.capacity, t.description
           from departures d join tours t on t.id = d.tour_id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), first.departures_added);
    let mut days = std::collections::BTreeSet::new();
    for (starts_at, zone, meeting_point, capacity, description) in &rows {
        assert!(
            *starts_at > now && *starts_at <= now + Duration::days(30),
            "{starts_at}"
        );
        assert_eq!(zone, "Asia/Kamchatka");
        let local = starts_at.with_timezone(&chrono_tz::Asia::Kamchatka);
        assert!(
            [7, 8, 9].contains(&local.hour()) && local.minute() == 0 && local.second() == 0,
            "{local}"
        );
        assert!(!meeting_point.is_empty() && !description.is_empty());
        assert!((12..=40).contains(capacity), "{capacity}");
        days.insert(local.date_naive());
    }
    assert!(days.len() >= 29, "departures on only {} days", days.len());
    // not every tour every day
    let per_day = rows.len() as f64 / days.len() as f64;
    assert!(per_day > 2.0 && per_day < 8.0, "{per_day} departures a day");

    // about 60 % of the seats sold
    let (booked, capacity): (i64, i64) =
        sqlx::query_as("select sum(booked)::int8, sum(capacity)::int8 from departures")
            .fetch_one(pool)
            .await
            .unwrap();
    let share = booked as f64 / capacity as f64;
    assert!((0.5..=0.7).contains(&share), "occupancy {share}");

    // the counters agree with the rows behind them
    let mismatched = scalar_i64(
        pool,
        "select count(*) from departures d
          where d.booked <> (select coalesce(sum(seats), 0) from bookings b
                              where b.departure_id = d.id and b.status = 'confirmed')
             or d.held <> (select coalesce(sum(seats), 0) from holds h
                            where h.departure_id = d.id and h.status = 'active')
             or d.booked <> (select count(*) from participants p where p.departure_id = d.id)",
    )
    .await;
    assert_eq!(mismatched, 0);

    // sold-out departures with 2–4 parties waiting; every waitlist is on a full departure
    let full_with_queue = scalar_i64(
        pool,
        "select count(*) from departures d
          where d.booked = d.capacity
            and (select count(*) from waitlist_entries w where w.departure_id = d.id and w.status = 'waiting')
                between 2 and 4",
    )
    .await;
    assert!(
        full_with_queue >= 3,
        "{full_with_queue} full departures with a waitlist"
    );
    let queue_not_full = scalar_i64(
        pool,
        "select count(*) from waitlist_entries w join departures d on d.id = w.departure_id
          where d.booked + d.held < d.capacity or w.status <> 'waiting'",
    )
    .await;
    assert_eq!(queue_not_full, 0);

    // live holds on departures of the next three days
    let live_holds = scalar_i64(
        pool,
        "select count(*) from holds h join departures d on d.id = h.departure_id
          where h.status = 'active' and h.expires_at > now() and d.starts_at < now() + interval '3 days'",
    )
    .await;
    assert_eq!(live_holds as usize, first.holds);

    // the people: Russian and English names, children, notes, mixed payments
    for (what, sql, at_least) in [
        (
            "Cyrillic contacts",
            "select count(*) from bookings where contact_name ~ '[А-Яа-яЁё]'",
            50,
        ),
        (
            "Latin contacts",
            "select count(*) from bookings where contact_name ~ '^[A-Za-z ]+$'",
            50,
        ),
        ("children", "select count(*) from participants where kind = 'child'", 20),
        (
            "medical notes",
            "select count(*) from participants where medical_notes <> ''",
            10,
        ),
        (
            "dietary notes",
            "select count(*) from participants where dietary <> ''",
            10,
        ),
        (
            "special requests",
            "select count(*) from bookings where special_requests <> ''",
            10,
        ),
        (
            "card payments with a slip reference",
            "select count(*) from bookings where payment_method = 'card' and payment_reference like 'RRN %'",
            20,
        ),
        (
            "cash payments",
            "select count(*) from bookings where payment_method = 'cash'",
            20,
        ),
        (
            "unpaid bookings",
            "select count(*) from bookings where payment_method = 'unpaid' and payment_status = 'unpaid' and paid_minor = 0",
            10,
        ),
        (
            "paid in full",
            "select count(*) from bookings where payment_method <> 'unpaid' and paid_minor = total_minor",
            100,
        ),
        (
            "early-bird prices",
            "select count(*) from bookings where price_breakdown::text like '%\"early_bird\"%'",
            5,
        ),
        (
            "group prices",
            "select count(*) from bookings where price_breakdown::text like '%\"group_discount\"%'",
            1,
        ),
        (
            "sold by the desk clerk at the desk",
            "select count(*) from bookings b join staff s on s.id = b.staff_id
              where s.role = 'desk' and b.source = 'desk'",
            200,
        ),
    ] {
        let n = scalar_i64(pool, sql).await;
        assert!(n >= at_least, "{what}: {n} < {at_least}");
    }
    assert_eq!(
        scalar_i64(pool, "select count(*) from bookings").await as usize,
        first.bookings
    );

    // pricing rules: group discount 10 % from 6, early bird 5 % from 21 days
    let rules: Vec<(String, i32, Option<i32>, Option<i32>)> =
        sqlx::query_as("select kind, percent, min_party, days_before from pricing_rules order by id")
            .fetch_all(pool)
            .await
            .unwrap();
    assert!(
        rules.contains(&("group_discount".into(), 10, Some(6), None)),
        "{rules:?}"
    );
    assert!(rules.contains(&("early_bird".into(), 5, None, Some(21))), "{rules:?}");
    // every catalogue write is audited
    assert_eq!(
        scalar_i64(pool, "select count(*) from audit_log where action = 'tour.added'").await,
        8
    );
    assert_eq!(
        scalar_i64(
            pool,
            "select count(*) from audit_log where action = 'pricing_rule.added'"
        )
        .await as usize,
        first.pricing_rules_added
    );

    // running it again adds nothing
    let before = counts(pool).await;
    let again = demo::seed(&core, now).await.expect("second demo seed");
    assert_eq!(
        (
            again.tours_added,
            again.staff_added,
            again.pricing_rules_added,
            again.departures_added,
            again.bookings,
            again.holds,
            again.waitlist_entries
        ),
        (0, 0, 0, 0, 0, 0, 0),
        "{again:?}"
    );
    assert_eq!((again.tours, again.staff), (8, 4));
    assert_eq!(counts(pool).await, before);

    // a day later, only the new day's departures are added and sold
    let booked_before = scalar_i64(pool, "select sum(booked)::int8 from departures").await;
    let later = demo::seed(&core, now + Duration::days(1))
        .await
        .expect("next day's seed");
    assert!((1..=10).contains(&later.departures_added), "{later:?}");
    assert_eq!(later.tours_added + later.staff_added, 0);
    let booked_after = scalar_i64(pool, "select sum(booked)::int8 from departures").await;
    assert_eq!(booked_after - booked_before, later.seats_booked as i64);
}

#[tokio::test]
async fn catalogue_writes_are_idempotent_and_audited() {
    use tourdesk::booking::Change;
    use tourdesk::domain::pricing::{PricingRule, RuleKind};

    let db = TestDb::with_pool(4).await;
    let pool = &db.pool;
    let core = Core::cli(pool.clone()).await.unwrap();
    let audited = |action: &'static str| async move {
        sqlx::query_scalar::<_, i64>("select count(*) from audit_log where action = $1")
            .bind(action)
            .fetch_one(pool)
            .await
            .unwrap()
    };

    let (id, change) = core.upsert_tour("Mutnovsky volcano", "Crater walk", 720).await.unwrap();
    assert_eq!(change, Change::Created);
    let (same, change) = core
        .upsert_tour(" Mutnovsky volcano ", "Crater walk", 720)
        .await
        .unwrap();
    assert_eq!((same, change), (id, Change::Unchanged));
    let (same, change) = core
        .upsert_tour("Mutnovsky volcano", "Crater walk and the Opasny canyon", 750)
        .await
        .unwrap();
    assert_eq!((same, change), (id, Change::Updated));
    assert_eq!(audited("tour.added").await, 1);
    assert_eq!(audited("tour.updated").await, 1);
    let tours = core.tours().await.unwrap();
    assert_eq!(tours.len(), 1);
    assert_eq!(
        (tours[0].description.as_str(), tours[0].duration_minutes),
        ("Crater walk and the Opasny canyon", 750)
    );
    for (name, minutes) in [("", 60), ("Paratunka", 0)] {
        let err = core.upsert_tour(name, "", minutes).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    }

    let group = PricingRule {
        kind: RuleKind::GroupDiscount { min_party: 6 },
        tour_id: None,
        percent: 10,
        description: "Group of 6+".into(),
    };
    let (rule, change) = core.add_pricing_rule(&group).await.unwrap();
    assert_eq!(change, Change::Created);
    let (again, change) = core.add_pricing_rule(&group).await.unwrap();
    assert_eq!((again, change), (rule, Change::Unchanged));
    let seasonal = PricingRule {
        kind: RuleKind::Seasonal {
            from: chrono::NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(),
            to: chrono::NaiveDate::from_ymd_opt(2027, 8, 31).unwrap(),
        },
        tour_id: Some(id),
        percent: -15,
        description: String::new(),
    };
    assert_eq!(core.add_pricing_rule(&seasonal).await.unwrap().1, Change::Created);
    assert_eq!(core.pricing_rules().await.unwrap().len(), 2);
    assert_eq!(audited("pricing_rule.added").await, 2);
    for bad in [
        PricingRule {
            percent: -5,
            ..group.clone()
        },
        PricingRule {
            kind: RuleKind::GroupDiscount { min_party: 0 },
            ..group.clone()
        },
        PricingRule {
            kind: RuleKind::Seasonal {
                from: chrono::NaiveDate::from_ymd_opt(2027, 9, 1).unwrap(),
                to: chrono::NaiveDate::from_ymd_opt(2027, 8, 31).unwrap(),
            },
            ..group.clone()
        },
    ] {
        let err = core.add_pricing_rule(&bad).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad:?}: {err}");
    }
    let unknown_tour = PricingRule {
        tour_id: Some(tourdesk::domain::TourId(9999)),
        ..group.clone()
    };
    assert_eq!(
        core.add_pricing_rule(&unknown_tour).await.unwrap_err().code(),
        ErrorCode::NotFound
    );

    // the desk may not change the catalogue
    let desk = db.core_as(Role::Desk, "Desk Test", "desk-test").await;
    assert_eq!(
        desk.upsert_tour("X", "", 60).await.unwrap_err().code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        desk.add_pricing_rule(&group).await.unwrap_err().code(),
        ErrorCode::Forbidden
    );
}
