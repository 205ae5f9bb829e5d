//! Which database a benchmark may write to. A contention run adds tens of
//! thousands of bookings in seconds (one run of 20 s left 48,976 in whatever
//! DATABASE_URL named), so a benchmark never picks its database by default:
//! it runs only on the database named with `--database-url`, and only when
//! that database is one it created, an empty one (nothing to spoil; a
//! script's fresh `create database`), or one marked as a bench database —
//! `comment on database … is 'tourdesk bench'`, which it sets on the ones it
//! takes, so later runs find the mark.

use super::BenchError;
use crate::db::DbError;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Postgres};
use std::str::FromStr;

/// The comment that marks a bench database.
pub const MARK: &str = "tourdesk bench";

/// `url` when it names a database a benchmark may fill (creating and marking
/// it as needed); otherwise an error that says what to do (the CLI answers
/// INVALID_INPUT, or DB_UNAVAILABLE when PostgreSQL refuses).
pub async fn bench_database(url: Option<&str>) -> Result<String, BenchError> {
    let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
        return Err(BenchError::NoDatabase);
    };
    let opts = PgConnectOptions::from_str(url).map_err(|e| BenchError::BadUrl(e.to_string()))?;
    let Some(name) = opts.get_database().map(str::to_string) else {
        return Err(BenchError::NoDatabaseName);
    };
    let unavailable = |e: sqlx::Error| BenchError::Db(DbError::Refused(e.to_string()));
    let created = if Postgres::database_exists(url).await.map_err(unavailable)? {
        false
    } else {
        Postgres::create_database(url).await.map_err(unavailable)?;
        true
    };
    let mut conn = opts
        .log_statements(tracing::log::LevelFilter::Off)
        .connect()
        .await
        .map_err(unavailable)?;
    let (comment, tables): (String, i64) = sqlx::query_as(
        "select coalesce(shobj_description(d.oid, 'pg_database'), ''),
                (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
                    and n.nspname not like 'pg\\_toast%')
           from pg_database d where d.datname = current_database()",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(unavailable)?;
    if comment != MARK {
        if !created && tables > 0 {
            return Err(BenchError::NotBenchDatabase { name, tables });
        }
        sqlx::query(
            "do $$ begin execute format('comment on database %I is %L', current_database(), 'tourdesk bench'); end $$",
        )
        .execute(&mut conn)
        .await
        .map_err(unavailable)?;
    }
    conn.close().await.ok();
    Ok(url.to_string())
}
