//! `tourdesk bench` pointed at a working database or given absurd numbers:
//! refused with INVALID_INPUT (exit 2) before anything is written; a database
//! it creates, or one marked as a bench database, is fine.

use super::*;

#[tokio::test]
async fn bench_refuses_working_databases_and_absurd_numbers() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let bookings = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from bookings")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    // DATABASE_URL (the test database) is never used by default
    let e = cli.err(&["bench", "contention", "--seconds", "1"], "INVALID_INPUT", 2);
    assert!(
        e["error"]["message"].as_str().unwrap().contains("--database-url"),
        "{e}"
    );
    // named, but a working database: migrated, not marked
    let url = db.url.as_str();
    let e = cli.err(
        &["bench", "contention", "--seconds", "1", "--database-url", url],
        "INVALID_INPUT",
        2,
    );
    assert!(
        e["error"]["message"].as_str().unwrap().contains("comment on database"),
        "{e}"
    );
    let e = cli.err(
        &["bench", "checkin", "--participants", "3", "--database-url", url],
        "INVALID_INPUT",
        2,
    );
    assert!(
        e["error"]["message"].as_str().unwrap().contains("not a bench database"),
        "{e}"
    );
    let e = cli.err(
        &["bench", "move", "--seconds", "1", "--database-url", url],
        "INVALID_INPUT",
        2,
    );
    assert!(
        e["error"]["message"].as_str().unwrap().contains("not a bench database"),
        "{e}"
    );
    cli.err(
        &["bench", "move", "--clients", "257", "--database-url", url],
        "INVALID_INPUT",
        2,
    );
    assert_eq!(bookings().await, 0, "nothing was written");

    for (args, code) in [
        (&["--seconds", "18446744073709551615"][..], "INVALID_INPUT"),
        (&["--seconds", "0"][..], "INVALID_INPUT"),
        (&["--seconds", "3601"][..], "INVALID_INPUT"),
        (&["--clients", "257"][..], "INVALID_INPUT"),
        (&["--clients", "4294967295"][..], "INVALID_INPUT"),
        (&["--pool", "100000"][..], "INVALID_INPUT"),
        (&["--in-flight", "18446744073709551615"][..], "INVALID_INPUT"),
        (&["--seconds", "99999999999999999999999"][..], "USAGE"),
        (&["--clients", "-1"][..], "USAGE"),
    ] {
        let mut a = vec!["bench", "contention", "--database-url", url];
        a.extend_from_slice(args);
        let e = cli.err(&a, code, 2);
        assert!(!e["error"]["message"].as_str().unwrap().is_empty(), "{args:?}");
    }
    cli.err(&["bench", "frames", "--width", "65535"], "INVALID_INPUT", 2);
    cli.err(
        &["bench", "frames", "--departures", "18446744073709551615"],
        "INVALID_INPUT",
        2,
    );
    cli.err(
        &["bench", "decode", "--per-kind", "18446744073709551615"],
        "INVALID_INPUT",
        2,
    );
    assert_eq!(bookings().await, 0);

    // marked as a bench database, it runs
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "comment on database {} is 'tourdesk bench'",
        db.name
    )))
    .execute(&db.pool)
    .await
    .unwrap();
    let r = cli.ok(&[
        "bench",
        "contention",
        "--seconds",
        "1",
        "--clients",
        "2",
        "--database-url",
        url,
    ]);
    assert!(r["bookings"].as_i64().unwrap() > 0, "{r}");
    assert_eq!(bookings().await, r["bookings"].as_i64().unwrap());
    let m = cli.ok(&[
        "bench",
        "move",
        "--seconds",
        "1",
        "--clients",
        "2",
        "--database-url",
        url,
    ]);
    assert!(m["moves"].as_i64().unwrap() > 0, "{m}");
    assert_eq!(m["errors"], 0, "{m}");
}

#[tokio::test]
async fn bench_creates_and_marks_a_database_it_is_named() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    let name = format!("tourdesk_test_bench_{}", uuid::Uuid::now_v7().simple());
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_path(&format!("/{name}"));
    let r = cli.run(&[
        "bench",
        "checkin",
        "--participants",
        "2",
        "--database-url",
        url.as_str(),
        "--json",
    ]);
    let comment: Option<String> =
        sqlx::query_scalar("select shobj_description(oid, 'pg_database') from pg_database where datname = $1")
            .bind(&name)
            .fetch_optional(&db.pool)
            .await
            .unwrap()
            .flatten();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "drop database if exists {name} with (force)"
    )))
    .execute(&db.pool)
    .await
    .unwrap();
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json["admitted"], 2, "{}", r.json);
    assert_eq!(comment.as_deref(), Some("tourdesk bench"));
}

/// `bench field` end to end: the offline scans it stamps must sync without a
/// conflict (it once stamped them on a day years ahead, and the server's
/// clock check rightly turned every one into a `clock` conflict).
#[tokio::test]
async fn bench_field_syncs_every_scan_without_a_conflict() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "comment on database {} is 'tourdesk bench'",
        db.name
    )))
    .execute(&db.pool)
    .await
    .unwrap();
    let r = cli.ok(&[
        "bench",
        "field",
        "--participants",
        "12",
        "--scans",
        "6",
        "--database-url",
        db.url.as_str(),
    ]);
    assert_eq!(r["admitted"], 6, "{r}");
    assert_eq!(r["sync"]["applied"], 6, "{r}");
    assert_eq!(r["sync"]["conflicts"], 0, "{r}");
    assert_eq!(r["server_accepted"], 6, "{r}");
}

/// `bench contention --shared N`: buyers on N departures sharing one
/// resource. With one slot and fewer seats than the buyers want, the run
/// ends when the resource is full: exactly its seats sold across the
/// departures, none oversold, no false SOLD_OUT.
#[tokio::test]
async fn bench_contention_shared_sells_exactly_the_resources_seats() {
    let db = TestDb::new().await;
    let cli = Cli::new(&db);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "comment on database {} is 'tourdesk bench'",
        db.name
    )))
    .execute(&db.pool)
    .await
    .unwrap();
    let url = db.url.as_str();
    for (args, what) in [
        (&["--shared", "2", "--strategy", "nowait"][..], "--strategy core"),
        (&["--shared", "2", "--resource-seats", "10001"][..], "--resource-seats"),
        (&["--shared", "2", "--resource-seats", "0"][..], "--resource-seats"),
        (&["--shared", "65"][..], "--shared"),
        (&["--shared", "2", "--slots", "0"][..], "--slots"),
    ] {
        let mut a = vec!["bench", "contention", "--database-url", url];
        a.extend_from_slice(args);
        let e = cli.err(&a, "INVALID_INPUT", 2);
        assert!(e["error"]["message"].as_str().unwrap().contains(what), "{args:?}: {e}");
    }
    let r = cli.ok(&[
        "bench",
        "contention",
        "--shared",
        "2",
        "--resource-seats",
        "7",
        "--slots",
        "1",
        "--clients",
        "8",
        "--seconds",
        "30",
        "--database-url",
        url,
    ]);
    assert_eq!(r["bookings"], 7, "{r}");
    assert_eq!(r["sold_by_slot"], serde_json::json!([7]), "{r}");
    assert_eq!(r["exhausted"], true, "the run ended when the resource was full: {r}");
    assert_eq!(
        (r["oversold"].as_i64(), r["false_sold_out"].as_i64()),
        (Some(0), Some(0)),
        "{r}"
    );
    assert_eq!(r["other_errors"], 0, "{r}");
    // the 7 are on the two tours' departures that share the resource
    let per_departure: Vec<i64> = sqlx::query_scalar(
        "select count(b.id) from departures d left join bookings b on b.departure_id = d.id
          where d.has_resources group by d.id order by d.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(per_departure.len(), 2, "{per_departure:?}");
    assert_eq!(per_departure.iter().sum::<i64>(), 7, "{per_departure:?}");
}
