//! The functions of the database, kept as SQL files rather than in numbered
//! migrations: `sql/core/` holds the internal `td_*` functions
//! ([`internal`](super::internal)), `sql/api/` the only functions the
//! application role may call ([`api`](super::api)). One file per function, so
//! a reader finds the current body by its name, and a test compares each with
//! what the database runs.
//!
//! Migrations run first (tables, types, triggers, grants; they stay as
//! history, never edited); then the owner applies both folders in ONE
//! transaction under one advisory lock, each only when its sources changed
//! (hashes in `api_state`). Two starts at once take turns: the second finds
//! both current and does nothing. A kiosk's role applies nothing; it only
//! checks that both are current ([`current`]).
//!
//! Adding a function is adding its file and one line to the folder's
//! `sql_files!` list (a unit test checks list == folder).

use sqlx::{PgPool, Postgres, Transaction};

/// `(function name, file text)` of every file of one folder, in list order:
/// `sql_files!("api": book, cancel)` includes `sql/api/book.sql` and
/// `sql/api/cancel.sql` at compile time.
macro_rules! sql_files {
    ($dir:literal: $($name:ident),* $(,)?) => {
        &[$((
            stringify!($name),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/sql/", $dir, "/", stringify!($name), ".sql")),
        )),*]
    };
}
pub(crate) use sql_files;

/// One file of `sql/…`: the function it defines, and its text.
pub type SqlFile = (&'static str, &'static str);

/// All sources of a folder, in list order: what its hash is taken of.
pub fn source(files: &[SqlFile]) -> String {
    files.iter().map(|(_, sql)| *sql).collect::<Vec<_>>().join("\n")
}

/// Whether each folder's functions in the database were made from these files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Current {
    pub internal: bool,
    pub api: bool,
}

/// What one [`apply`] rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub internal: bool,
    pub api: bool,
}

/// The hash `api_state.source_sha256` must equal ($2: the api source).
const API_HASH: &str = "sha256(convert_to($2, 'UTF8'))";

/// The hash `api_state.core_sha256` must equal ($1: the sql/core source):
/// with the migrations applied, so that any new migration makes the files
/// apply again after it.
const INTERNAL_HASH: &str = "sha256(convert_to($1 || E'\\n-- after migrations '
        || coalesce((select string_agg(version::text, ',' order by version)
                       from _sqlx_migrations where success), ''), 'UTF8'))";

async fn state(conn: &mut sqlx::PgConnection) -> Result<Current, sqlx::Error> {
    let sql = format!(
        "select coalesce((select core_sha256 = {INTERNAL_HASH} from api_state), false),
                coalesce((select source_sha256 = {API_HASH} from api_state), false)"
    );
    let (internal, api): (bool, bool) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(source(super::internal::FILES))
        .bind(source(super::api::FILES))
        .fetch_one(conn)
        .await?;
    Ok(Current { internal, api })
}

/// Are the database's functions made from this program's files? (A
/// kiosk's start asks; any role that may read `api_state` may ask.)
pub async fn current(pool: &PgPool) -> Result<Current, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    state(&mut conn).await
}

/// Applies `sql/core/` and rebuilds `sql/api/`, each unless current, in one
/// transaction. The owner's, after the migrations.
pub async fn apply(pool: &PgPool) -> Result<Applied, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // the lock of the api rebuild before sql/core existed: an older start takes turns too
    sqlx::query("select pg_advisory_xact_lock(hashtext('tourdesk.api'))")
        .execute(&mut *tx)
        .await?;
    // where the migrations made them (the api files name their schema)
    sqlx::query("set local search_path = public, pg_temp")
        .execute(&mut *tx)
        .await?;
    let now = state(&mut tx).await?;
    if now.internal && now.api {
        tx.commit().await?;
        return Ok(Applied {
            internal: false,
            api: false,
        });
    }
    if !now.internal {
        super::internal::replace(&mut tx).await?;
    }
    if !now.api {
        super::api::rebuild(&mut tx).await?;
    }
    let sql = format!(
        "insert into api_state (source_sha256, core_sha256) values ({API_HASH}, {INTERNAL_HASH})
         on conflict (singleton) do update
            set source_sha256 = excluded.source_sha256, core_sha256 = excluded.core_sha256,
                applied_at = clock_timestamp()"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(source(super::internal::FILES))
        .bind(source(super::api::FILES))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Applied {
        internal: !now.internal,
        api: !now.api,
    })
}

/// Runs every file of `dir` in `tx`, naming the file that fails.
pub(crate) async fn run_files(
    tx: &mut Transaction<'_, Postgres>,
    dir: &str,
    files: &[SqlFile],
) -> Result<(), sqlx::Error> {
    for (name, sql) in files {
        if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(*sql)).execute(&mut **tx).await {
            tracing::error!("sql/{dir}/{name}.sql does not apply: {e}");
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::SqlFile;

    /// The file names of `sql/<dir>`, sorted, without `.sql`.
    fn on_disk(dir: &str) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sql").join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .map(|e| {
                let name = e.expect("entry").file_name().to_string_lossy().to_string();
                assert!(name.ends_with(".sql"), "sql/{dir}/{name}: only .sql files belong here");
                name.trim_end_matches(".sql").to_string()
            })
            .collect();
        names.sort();
        names
    }

    fn listed(files: &[SqlFile]) -> Vec<String> {
        files.iter().map(|(n, _)| n.to_string()).collect()
    }

    #[test]
    fn every_file_of_sql_api_is_listed_once() {
        let files = crate::db::api::FILES;
        assert_eq!(
            listed(files),
            on_disk("api"),
            "src/db/api.rs FILES must list sql/api/*.sql, sorted"
        );
        for (name, sql) in files {
            assert!(
                sql.contains(&format!("create function api.{name}(")),
                "sql/api/{name}.sql must define api.{name}"
            );
        }
    }

    #[test]
    fn every_file_of_sql_core_is_listed_once_and_replaces_its_one_function() {
        let files = crate::db::internal::FILES;
        assert_eq!(
            listed(files),
            on_disk("core"),
            "src/db/internal.rs FILES must list sql/core/*.sql, sorted"
        );
        for (name, sql) in files {
            assert!(
                name.starts_with("td_"),
                "sql/core/{name}.sql: internal functions are named td_*"
            );
            // comments, then the one statement
            let code: Vec<&str> = sql.lines().skip_while(|l| l.starts_with("--")).collect();
            assert!(
                code.first()
                    .is_some_and(|l| l.starts_with(&format!("create or replace function {name}("))),
                "sql/core/{name}.sql must be its comment and then `create or replace function {name}(` \
                 (unqualified: it goes to schema public)"
            );
            assert_eq!(
                sql.matches("create or replace function").count(),
                1,
                "sql/core/{name}.sql defines one function"
            );
        }
    }
}
