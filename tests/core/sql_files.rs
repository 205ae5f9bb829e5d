//! sql/core and sql/api: what the database runs is what the files say, a
//! changed file applies on the next start, an upgraded database gets them
//! too, and two starts at once take turns.

use crate::common::TestDb;
use sqlx::Connection;
use tourdesk::db::internal::{Drift, FILES, drift};
use tourdesk::db::sqlfiles::{self, Applied, Current};

async fn exec(db: &TestDb, sql: &'static str) {
    sqlx::raw_sql(sql)
        .execute(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn td_functions(db: &TestDb) -> Vec<String> {
    sqlx::query_scalar(
        "select distinct p.proname::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.proname like 'td\\_%' order by 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_td_function_in_the_database_is_the_one_in_its_file() {
    let db = TestDb::new().await;
    assert_eq!(drift(&db.pool).await.unwrap(), [], "a migrated database runs the files");
    assert_eq!(
        td_functions(&db).await,
        FILES.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>(),
        "every td_* function has its file"
    );

    // a function without a file, an overload left behind, a body changed by hand
    exec(&db, "create function td_stray() returns int language sql as 'select 1'").await;
    exec(
        &db,
        "create function td_raise(p_code text) returns void language sql as 'select'",
    )
    .await;
    exec(
        &db,
        "create or replace function td_offer_ttl() returns interval language sql immutable
             as $$ select interval '11 minutes' $$",
    )
    .await;
    // a file whose function is gone (no dependency holds it: bodies are text)
    exec(&db, "drop function td_source(bigint)").await;
    let found = drift(&db.pool).await.unwrap();
    for expected in [
        Drift::NoFile {
            function: "td_stray()".into(),
        },
        Drift::NoFile {
            function: "td_raise(p_code text)".into(),
        },
        Drift::Differs {
            file: "td_offer_ttl".into(),
        },
        Drift::NotInDatabase {
            file: "td_source".into(),
        },
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[0].to_string().contains("sql/core"), "{}", found[0]);

    // the next start of the owner puts the files back (once the hash says
    // so); what no file names it leaves alone: dropping is a migration's
    exec(&db, "update api_state set core_sha256 = null").await;
    assert_eq!(
        sqlfiles::apply(&db.pool).await.unwrap(),
        Applied {
            internal: true,
            api: false
        }
    );
    let mut left = drift(&db.pool).await.unwrap();
    left.sort_by_key(|d| d.to_string());
    assert_eq!(
        left,
        [
            Drift::NoFile {
                function: "td_raise(p_code text)".into()
            },
            Drift::NoFile {
                function: "td_stray()".into()
            },
        ]
    );
    let ttl: String = sqlx::query_scalar("select td_offer_ttl()::text")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(ttl, "00:10:00", "the file's body is back");
}

#[tokio::test]
async fn a_kiosk_role_is_told_when_the_internal_functions_are_not_current() {
    let db = TestDb::new().await;
    let app = db.app_pool(1).await;
    tourdesk::db::prepare(&app).await.expect("current");
    // as after a new migration that the owner's start has not followed with the files
    exec(&db, "update api_state set core_sha256 = '\\x00'").await;
    assert_eq!(
        sqlfiles::current(&app).await.unwrap(),
        Current {
            internal: false,
            api: true
        }
    );
    let e = tourdesk::db::prepare(&app).await.unwrap_err().to_string();
    assert!(
        e.contains("internal functions (sql/core)") && e.contains("tourdesk migrate"),
        "{e}"
    );
    assert!(!e.contains("api functions"), "{e}");
}

#[tokio::test]
async fn a_database_of_the_previous_version_gets_the_files_on_its_next_start() {
    // as the tourdesk before sql/core left it: migrations up to 0011, the api built
    let db = TestDb::unmigrated(2).await;
    tourdesk::db::MIGRATOR.run_to(11, &db.pool).await.unwrap();
    exec(&db, "insert into api_state (source_sha256) values ('\\x00')").await;
    let oids = "select array_agg(p.oid::int8 order by p.oid) from pg_proc p
                  join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'public' and p.proname like 'td\\_%'";
    let before: Vec<i64> = sqlx::query_scalar(oids).fetch_one(&db.pool).await.unwrap();

    tourdesk::db::migrate(&db.pool).await.unwrap();
    assert_eq!(
        sqlfiles::current(&db.pool).await.unwrap(),
        Current {
            internal: true,
            api: true
        },
        "applied, and recorded as such"
    );
    assert_eq!(drift(&db.pool).await.unwrap(), []);
    // replaced in place: the triggers on them and the grants stay
    let after: Vec<i64> = sqlx::query_scalar(oids).fetch_one(&db.pool).await.unwrap();
    assert!(
        before.iter().all(|oid| after.contains(oid)),
        "same functions, same oids: {before:?} / {after:?}"
    );
    let granted: bool =
        sqlx::query_scalar("select has_function_privilege('tourdesk_app', 'td_audit_seal(boolean)', 'execute')")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(granted, "td_audit_seal keeps its grant (migration 0010)");
}

#[tokio::test]
async fn owners_starting_at_once_on_a_missing_database_take_turns() {
    let db = TestDb::unmigrated(1).await;
    db.pool.close().await;
    let mut admin = sqlx::PgConnection::connect(&crate::common::base_url()).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("drop database {} with (force)", db.name)))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    // each creates the database if it is missing, migrates and applies the files
    let start = || {
        let url = db.url.clone();
        tokio::spawn(async move { tourdesk::db::connect(Some(&url), 1).await })
    };
    let starts = [start(), start(), start()];
    let mut pools = Vec::new();
    for s in starts {
        pools.push(s.await.unwrap().expect("every start succeeds"));
    }
    let (pool, other) = (&pools[0], &pools[1]);
    assert_eq!(drift(pool).await.unwrap(), []);

    // a changed source, two owners at once: one applies, the other finds it done
    sqlx::raw_sql("update api_state set core_sha256 = null, source_sha256 = '\\x00'")
        .execute(pool)
        .await
        .unwrap();
    let (x, y) = tokio::join!(sqlfiles::apply(pool), sqlfiles::apply(other));
    let both = [x.unwrap(), y.unwrap()];
    let all = Applied {
        internal: true,
        api: true,
    };
    let none = Applied {
        internal: false,
        api: false,
    };
    assert!(both == [all, none] || both == [none, all], "{both:?}");
    for p in pools {
        p.close().await;
    }
}
