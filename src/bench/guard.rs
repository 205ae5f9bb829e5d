//! Which database a benchmark may write to. A contention run adds tens of
//! thousands of bookings in seconds (one run of 20 s left 48,976 in whatever
//! DATABASE_URL named), so a benchmark never picks its database by default:
//! it runs only on the database named with `--database-url`, and only when
//! that database is one it created, an empty one (nothing to spoil; a
//! script's fresh `create database`), or one marked as a bench database —
//! `comment on database … is 'tourdesk bench'`, which it sets on the ones it
//! takes, so later runs find the mark.

use crate::cli::CliError;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Postgres};
use std::str::FromStr;

/// The comment that marks a bench database.
pub const MARK: &str = "tourdesk bench";

/// `url` when it names a database a benchmark may fill (creating and marking
/// it as needed); otherwise an INVALID_INPUT error that says what to do.
pub async fn bench_database(url: Option<&str>) -> Result<String, CliError> {
    let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
        return Err(CliError::Input(
            "a benchmark writes thousands of bookings, so it never uses DATABASE_URL or the default database: \
             name a bench database with --database-url, e.g. --database-url postgres://postgres@127.0.0.1:5432/tourdesk_bench \
             (created and marked as a bench database when missing)"
                .into(),
        ));
    };
    let opts = PgConnectOptions::from_str(url)
        .map_err(|e| CliError::Input(format!("--database-url is not a valid PostgreSQL URL ({e})")))?;
    let Some(name) = opts.get_database().map(str::to_string) else {
        return Err(CliError::Input(
            "--database-url names no database: add one, e.g. …/tourdesk_bench".into(),
        ));
    };
    let unavailable = |e: sqlx::Error| CliError::Db(crate::db::DbError::Refused(e.to_string()));
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
            return Err(CliError::Input(format!(
                "database {name} is not a bench database ({tables} table(s), not marked '{MARK}'): \
                 a benchmark never writes to real data. Name a new database (it is created and marked), \
                 or mark a scratch copy with: psql -c \"comment on database {name} is '{MARK}'\""
            )));
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

/// `value` of `flag` within `lo..=hi`, or an INVALID_INPUT error saying so.
pub fn cap<T: PartialOrd + std::fmt::Display>(flag: &str, value: T, lo: T, hi: T) -> Result<T, CliError> {
    if value < lo || value > hi {
        return Err(CliError::Input(format!(
            "{flag} must be between {lo} and {hi} (got {value})"
        )));
    }
    Ok(value)
}
