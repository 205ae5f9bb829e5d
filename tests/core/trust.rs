//! The trust boundary, attacked as a kiosk's database role would: a member
//! of `tourdesk_app` with the kiosk's DATABASE_URL and psql.

use super::*;
use tourdesk::booking::Source;
use tourdesk::domain::ErrorCode;

/// The SQLSTATE of a statement that must fail.
async fn sqlstate(pool: &PgPool, sql: &str) -> String {
    match sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(pool).await {
        Ok(_) => panic!("{sql} was allowed"),
        Err(sqlx::Error::Database(e)) => format!("{} {}", e.code().unwrap_or_default(), e.message()),
        Err(e) => panic!("{sql}: {e}"),
    }
}

#[tokio::test]
async fn the_application_role_writes_no_table_and_calls_no_internal_function() {
    let db = TestDb::new().await;
    let app = db.app_pool(2).await;
    // every table with a column an UPDATE could set
    let tables: Vec<(String, String)> = sqlx::query_as(
        "select c.relname::text, min(a.attname)::text from pg_class c
           join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
           join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                               and a.attidentity = '' and a.attgenerated = ''
          where c.relkind = 'r' group by c.relname",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(tables.len() >= 20, "{tables:?}");
    for (t, col) in &tables {
        for sql in [
            format!("delete from {t} where false"),
            format!("update {t} set {col} = {col} where false"),
            format!("insert into {t} ({col}) select {col} from {t} where false"),
            format!("truncate {t}"),
        ] {
            let e = sqlstate(&app, &sql).await;
            assert!(e.starts_with("42501"), "{sql}: {e}");
        }
    }
    // personal data never in plain reads: the audit, PIN hashes, sessions
    for sql in [
        "select * from audit_log",
        "select pin_crypt from staff",
        "select * from sessions",
        "select * from login_throttle",
    ] {
        let e = sqlstate(&app, sql).await;
        assert!(e.starts_with("42501"), "{sql}: {e}");
    }
    // the internal functions take staff ids and refund percents: not callable
    for sql in [
        "select td_cancel(1, 'operator', 100, 100, '', interval '1 minute', 3, 1)",
        "select td_owner_session('psql', 'cli')",
        "select td_set_weather(1, 'danger', '', 3, 1)",
        "copy (select 1) to program 'id'",
    ] {
        let e = sqlstate(&app, sql).await;
        assert!(e.starts_with("42501"), "{sql}: {e}");
    }
    // the whole catalogue, so a function added later cannot slip through: of
    // the functions outside the api schema, the role executes only the sealer
    let callable: Vec<String> = sqlx::query_scalar(
        "select p.oid::regprocedure::text from pg_proc p
           join pg_namespace n on n.oid = p.pronamespace
          where n.nspname not in ('pg_catalog', 'information_schema', 'api')
            and has_function_privilege('tourdesk_app', p.oid, 'execute')
          order by 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(callable, ["td_audit_seal(boolean)"]);
    // and it cannot become the owner by asking
    let refused = Core::owner(app.clone(), "psql", Source::Cli).await;
    assert_eq!(code(refused), "AUTH_REQUIRED");
}

#[tokio::test]
async fn every_api_call_needs_a_live_session_of_a_role_that_may() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 72, 10).await;
    manager.upsert_staff("Gena Guide", Role::Guide, "5812").await.unwrap();
    manager.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    let app = db.app_pool(2).await;

    // no session, a made-up one
    for token in ["", "00ff"] {
        let e = sqlstate(
            &app,
            &format!("select api.cancel_departure('{token}', {}, 'weather', 'storm')", dep.0),
        )
        .await;
        assert!(e.contains("AUTH_REQUIRED"), "{e}");
    }

    // a guide's session may check in but not sell, cancel or refund
    let guide = Core::login(app.clone(), "gate-1", Source::Desk, "5812", None)
        .await
        .unwrap();
    assert_eq!(guide.actor().role, Role::Guide);
    assert_eq!(guide.actor().staff_name, "Gena Guide");
    assert_eq!(code(guide.book(&request(dep, 1, 0, "Mallory")).await), "FORBIDDEN");
    assert_eq!(code(guide.hold(dep, party(1, 0), None).await), "FORBIDDEN");
    assert_eq!(
        code(guide.cancel_departure(dep, CancelReason::Weather, "").await),
        "FORBIDDEN"
    );

    // the desk sells; what is audited is who the session is, whatever is sent
    let desk = Core::login(app.clone(), "desk-1", Source::Desk, "7364", None)
        .await
        .unwrap();
    let b = desk.book(&request(dep, 2, 0, "Anna Ivanova")).await.unwrap();
    let (staff, session): (Option<i64>, Option<i64>) = sqlx::query_as(
        "select staff_id, session_id from audit_log where action = 'booking.created' and booking_id = $1",
    )
    .bind(b.booking_id.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(staff, desk.actor().staff.map(|s| s.0));
    assert_eq!(session, Some(desk.actor().session_id));

    // a desk may not cancel for weather, nor override a refund; 72 h ahead the rules give 90 %
    assert_eq!(
        code(desk.cancel(&b.booking_number, CancelReason::Operator, "").await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(
            desk.cancel_with(&b.booking_number, CancelReason::Customer, "", Some((100, "friend")))
                .await
        ),
        "FORBIDDEN"
    );
    let c = desk
        .cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(
        c.refund_percent, 75,
        "71.9 h before: the 48–72 h tier, decided by the server"
    );
    assert_eq!(c.refund_minor, 2 * ADULT_PRICE * 75 / 100);

    // logged out: the session is dead at once
    desk.logout("logout").await.unwrap();
    assert_eq!(code(desk.book(&request(dep, 1, 0, "Late")).await), "SESSION_EXPIRED");

    // a guide may not check in "tomorrow" online; a manager may, audited
    let mut req = tourdesk::booking::CheckInRequest::booking(&b.booking_number, Some(dep));
    req.at = Some(Utc::now() + Duration::days(1));
    assert_eq!(code(guide.check_in(&req).await), "FORBIDDEN");
}

#[tokio::test]
async fn wrong_pins_slow_down_then_lock_out_and_a_manager_unlocks() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    manager.upsert_staff("Gena Guide", Role::Guide, "5812").await.unwrap();
    let app = db.app_pool(2).await;
    let login = |pin: &'static str| Core::login(app.clone(), "gate-9", Source::Desk, pin, None);

    let started = std::time::Instant::now();
    for n in 1..=4 {
        match login("0000").await {
            Err(BookingError::WrongPin { failures, wait_seconds }) => {
                assert_eq!((failures, wait_seconds), (n, 0));
            }
            other => panic!("{other:?}"),
        }
    }
    // the 5th failure asks for a 1 s wait, and an attempt within it is refused unchecked
    assert!(matches!(
        login("0001").await,
        Err(BookingError::WrongPin {
            failures: 5,
            wait_seconds: 1
        })
    ));
    assert!(matches!(login("5812").await, Err(BookingError::LoginThrottled { .. })));
    // waiting it out, failures 6 to 9 ask for 2, 4, 8, 16 s: pretend the time passed
    for n in 6..=9u32 {
        sqlx::query("update login_throttle set last_failure_at = last_failure_at - interval '1 hour'")
            .execute(&db.pool)
            .await
            .unwrap();
        match login("0002").await {
            Err(BookingError::WrongPin { failures, wait_seconds }) => {
                assert_eq!((failures, wait_seconds), (n, 1 << (n - 5)));
            }
            other => panic!("{other:?}"),
        }
    }
    sqlx::query("update login_throttle set last_failure_at = last_failure_at - interval '1 hour'")
        .execute(&db.pool)
        .await
        .unwrap();
    // the 10th locks: even the right PIN is refused for 15 minutes
    assert!(matches!(
        login("0003").await,
        Err(BookingError::LockedOut { seconds: 900 })
    ));
    assert!(matches!(login("5812").await, Err(BookingError::LockedOut { .. })));
    eprintln!("10 wrong PINs and a lockout in {:?}", started.elapsed());

    let audited: Vec<(String, i64)> = sqlx::query_as(
        "select action, count(*) from audit_log where action like 'login%' group by action order by action",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            ("login.failed".to_string(), 10),
            ("login.locked_out".to_string(), 1),
            ("login.refused".to_string(), 2)
        ]
    );

    // another device is locked too: the database role counts every attempt
    assert!(matches!(
        Core::login(app.clone(), "gate-10", Source::Desk, "5812", None).await,
        Err(BookingError::LockedOut { .. })
    ));
    // a manager unlocks the device and the role; the right PIN works again
    assert_eq!(manager.unlock_logins("device", "gate-9").await.unwrap(), 1);
    assert_eq!(manager.unlock_logins("db_role", "tourdesk_test_app").await.unwrap(), 1);
    let guide = login("5812").await.unwrap();
    assert_eq!(guide.actor().staff_name, "Gena Guide");
}

#[tokio::test]
async fn an_application_role_does_not_migrate_and_says_who_must() {
    let db = TestDb::new().await;
    let app = db.app_pool(1).await;
    tourdesk::db::prepare(&app).await.expect("nothing pending");
    sqlx::query("delete from _sqlx_migrations where version = (select max(version) from _sqlx_migrations)")
        .execute(&db.pool)
        .await
        .unwrap();
    let newest = tourdesk::db::MIGRATOR.iter().map(|m| m.version).max().unwrap();
    let e = tourdesk::db::prepare(&app).await.unwrap_err().to_string();
    assert!(
        e.contains("tourdesk migrate") && e.contains(&format!("migrations not applied: {newest} ")),
        "{e}"
    );
}

#[tokio::test]
async fn personal_data_is_read_only_through_the_session_and_the_whole_desk_works_as_the_app_role() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    owner.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    owner.upsert_staff("Mila Manager", Role::Manager, "9051").await.unwrap();
    owner.upsert_staff("Gena Guide", Role::Guide, "5812").await.unwrap();
    let app = db.app_pool(4).await;
    for sql in [
        "select contact_name from bookings",
        "select contact_phone from bookings",
        "select confirmation_code from bookings",
        "select name from participants",
        "select medical_notes from participants",
        "select raw_code from check_ins",
        "select name, phone from waitlist_entries",
        "select note from cancellations",
        "select details from field_conflicts",
        "select * from scan_events",
        "select recipient, body from notification_outbox",
    ] {
        let e = sqlstate(&app, sql).await;
        assert!(e.starts_with("42501"), "{sql}: {e}");
    }

    // everything a desk, a manager and a guide do, as the application role
    let manager = Core::login(app.clone(), "office", Source::Desk, "9051", None)
        .await
        .unwrap();
    let desk = Core::login(app.clone(), "desk-1", Source::Desk, "7364", None)
        .await
        .unwrap();
    let guide = Core::login(app.clone(), "gate-1", Source::Desk, "5812", None)
        .await
        .unwrap();
    let dep = db.departure(&manager, 30, 3).await;
    let b = desk.book(&request(dep, 2, 0, "Анна Иванова")).await.unwrap();
    assert_eq!(
        desk.booking(&b.booking_number).await.unwrap().contact_name,
        "Анна Иванова"
    );
    let key = registered_key(&manager).await;
    let tickets = desk.tickets(&b.booking_number, &key).await.unwrap();
    assert_eq!(tickets.len(), 3, "a group code and two people");
    let (entry, _) = desk
        .waitlist_join(dep, party(2, 0), "Пётр Сидоров", "+7 914 000-00-00", "")
        .await
        .unwrap();
    assert_eq!(desk.waitlist(dep).await.unwrap()[0].id, entry);
    let m = guide.manifest(dep).await.unwrap();
    assert_eq!(m.rows.len(), 2);
    assert_eq!(m.rows[0].contact_name, "Анна Иванова");
    guide.sweep().await.unwrap();
    manager
        .stats(Utc::now() - Duration::days(1), Utc::now() + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(manager.availability(dep).await.unwrap().booked, 2);
    let snap = guide
        .field_snapshot(&[dep], &[guide.actor().staff.expect("a PIN session names its staff")])
        .await
        .unwrap();
    assert_eq!(snap.staff.len(), 1, "only whom the store is wrapped for");
    assert_eq!((snap.bookings.len(), snap.participants.len()), (1, 2));
    desk.cancel(&b.booking_number, CancelReason::Customer, "")
        .await
        .unwrap();
    assert_eq!(guide.field_conflicts(true).await.unwrap().len(), 0);
}

#[tokio::test]
async fn names_with_line_breaks_and_oversized_texts_are_refused_by_the_server_too() {
    let db = TestDb::new().await;
    let owner = db.manager().await;
    let dep = db.departure(&owner, 30, 10).await;
    // the core refuses before sending
    let forged = request(dep, 1, 0, "Ivan\nTD-FORGED  Mallory  paid");
    assert_eq!(code(owner.book(&forged).await), "INVALID_INPUT");
    // and the server refuses what a modified client would send anyway
    let app = db.app_pool(1).await;
    owner.upsert_staff("Dina Desk", Role::Desk, "7364").await.unwrap();
    let token = api_token(&app, "7364").await;
    for (name, people) in [
        ("Ivan\nMallory", r#"[{"name": "Ivan", "kind": "adult"}]"#),
        ("Ivan", r#"[{"name": "Ivan\r\nTD-XXXXXX", "kind": "adult"}]"#),
        (&"Я".repeat(201) as &str, r#"[{"name": "Ivan", "kind": "adult"}]"#),
    ] {
        let e = sqlx::query(
            "select * from api.book($1, gen_random_uuid(), $2, null, 1, 0, 'TD-AAAAAA', 'CONF01', $3, '', '', '',
                                    $4::jsonb, 1, 'RUB', 'cash', '')",
        )
        .bind(&token)
        .bind(dep.0)
        .bind(name)
        .bind(people)
        .execute(&app)
        .await
        .unwrap_err();
        assert!(e.to_string().contains("INVALID_INPUT"), "{name:?}: {e}");
    }
    // a departure a thousand years ahead, a tour name of 100 KB
    let far = tourdesk::booking::NewDeparture {
        tour: "Avachinsky volcano".into(),
        starts_at: Utc::now() + Duration::days(365 * 20),
        time_zone: chrono_tz::Asia::Kamchatka,
        capacity: 10,
        adult_price_minor: ADULT_PRICE,
        child_price_minor: CHILD_PRICE,
        currency: "RUB".into(),
        meeting_point: String::new(),
    };
    assert_eq!(code(owner.add_departure(&far).await), "INVALID_INPUT");
    let huge = tourdesk::booking::NewDeparture {
        tour: "x".repeat(100_000),
        starts_at: Utc::now() + Duration::days(3),
        ..far
    };
    assert_eq!(code(owner.add_departure(&huge).await), "INVALID_INPUT");
}

#[tokio::test]
async fn every_api_function_in_the_database_is_the_one_in_its_file() {
    let db = TestDb::new().await;
    let in_db: Vec<(String, String)> = sqlx::query_as(
        "select p.proname::text, p.prosrc from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'api' order by 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let files = tourdesk::db::api::FILES;
    assert_eq!(
        in_db.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        files.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "one function per file, no overloads left behind"
    );
    for ((name, body), (_, file)) in in_db.iter().zip(files) {
        assert!(
            file.contains(body.as_str()),
            "api.{name} in the database differs from sql/api/{name}.sql"
        );
        // and every one runs as the owner with a pinned search_path
        let (definer, config): (bool, Option<Vec<String>>) = sqlx::query_as(
            "select p.prosecdef, p.proconfig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname = 'api' and p.proname = $1",
        )
        .bind(name)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert!(definer, "api.{name} is SECURITY DEFINER");
        assert_eq!(
            config,
            Some(vec!["search_path=public, pg_temp".to_string()]),
            "api.{name}"
        );
    }
    // a changed file is applied on the next start, a second start changes nothing
    sqlx::query(
        "create or replace function api.logout(p_session text, p_reason text default 'x') returns void
                 language sql as 'select'",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("update api_state set source_sha256 = '\\x00'")
        .execute(&db.pool)
        .await
        .unwrap();
    assert!(tourdesk::db::sqlfiles::apply(&db.pool).await.unwrap().api, "rebuilt");
    assert!(
        !tourdesk::db::sqlfiles::apply(&db.pool).await.unwrap().api,
        "already current"
    );
    let body: String = sqlx::query_scalar(
        "select p.prosrc from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'api' and p.proname = 'logout'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(body.contains("end_reason"), "the file's definition is back");
}

#[tokio::test]
async fn a_manager_revokes_a_lost_laptop_its_sessions_end_and_it_cannot_log_in_again() {
    let db = TestDb::new().await;
    let manager = db.manager().await;
    let dep = db.departure(&manager, 5, 10).await;
    let guide = db.core_as(Role::Guide, "Gena Guide", "lost-laptop").await;
    guide.manifest(dep).await.expect("a live session works");

    // a guide may not revoke, not even the laptop in their hands
    let e = guide.revoke_device("lost-laptop").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let e = manager.revoke_device("no-such-laptop").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound, "{e}");

    let v = manager.revoke_device("lost-laptop").await.unwrap();
    assert_eq!(v["device"], "lost-laptop");
    assert_eq!(v["sessions_ended"], 1, "{v}");
    // the session it had is over, and no PIN opens a new one there
    let e = guide.manifest(dep).await.unwrap_err();
    assert!(
        matches!(e.code(), ErrorCode::SessionExpired | ErrorCode::DeviceRevoked),
        "{e}"
    );
    let e = Core::login(
        db.pool.clone(),
        "lost-laptop",
        Source::Field,
        "432187",
        Some("Gena Guide"),
    )
    .await
    .expect_err("refused");
    assert_eq!(e.code(), ErrorCode::DeviceRevoked, "{e}");
    // another device is not touched
    let desk = db.core_as(Role::Desk, "Dina Desk", "desk-1").await;
    desk.manifest(dep).await.expect("other devices work");

    // revoking again keeps the first time; both are audited
    let again = manager.revoke_device("lost-laptop").await.unwrap();
    assert_eq!(again["revoked_at"], v["revoked_at"]);
    assert_eq!(again["sessions_ended"], 0);
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'device.revoked' and details->>'device' = 'lost-laptop'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}
