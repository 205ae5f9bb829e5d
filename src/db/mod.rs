//! Finding, creating and migrating the database.
//!
//! Who connects decides what a start does. The schema owner (a superuser, or
//! any role not in `tourdesk_app`) migrates and rebuilds the api schema on
//! start, as before. A member of `tourdesk_app` (a kiosk, a laptop, a CLI
//! user in production) changes nothing: with migrations pending it stops and
//! names the command the owner must run (`tourdesk migrate`).

pub mod api;
pub mod internal;
pub mod sqlfiles;

use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool, Postgres};
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Connections per process. Small on purpose: a hot departure row serves a
/// few connections faster than many, and as many connections as bookings in
/// flight (gate.rs) keeps each backend warm — sqlx hands idle connections out
/// in turn (see BENCHMARKS.md). A process serving many departures at once
/// wants more.
pub const DEFAULT_POOL: u32 = 2;

/// Connections of a one-shot CLI command: one. It does one thing at a time,
/// and a pool of two opened a second connection whenever the first was still
/// being handed back (sqlx pings a connection on release, in a task of its
/// own): 150 buyers at once held up to 300 connections of a server with 100.
pub const CLI_POOL: u32 = 1;

/// How long a start waits for a server that is full (too_many_connections,
/// 53300) or starting (cannot_connect_now, 57P03) before it says BUSY.
pub const BUSY_WITHIN: Duration = Duration::from_secs(20);

/// Default database name when DATABASE_URL is not set.
pub const DEFAULT_DB: &str = "tourdesk";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "cannot reach PostgreSQL. Tried: {tried}.\n\
         Start the server (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) \
         or point DATABASE_URL at one, e.g. DATABASE_URL=postgres://user@host:5432/tourdesk"
    )]
    Unreachable { tried: String },
    #[error(
        "PostgreSQL refused the connection: {0}.\n\
         Use a role that exists and may log in (and create the database on first run), \
         e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/tourdesk"
    )]
    Refused(String),
    #[error("DATABASE_URL is not a valid PostgreSQL URL ({0}); expected e.g. postgres://user@host:5432/tourdesk")]
    BadUrl(String),
    #[error("could not create database {db}: {source}")]
    Create { db: String, source: sqlx::Error },
    #[error("could not apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "the database is not up to date for this program ({what}). \
         The schema owner must run `tourdesk migrate` (e.g. DATABASE_URL=postgres://owner@host/tourdesk tourdesk migrate); \
         a kiosk's role (tourdesk_app) may not change the schema"
    )]
    Pending { what: String },
    #[error(
        "the database is busy or starting ({reason}); tried for {} s. Try again in a minute; \
         if it persists, raise max_connections or put PgBouncer in front of PostgreSQL",
        waited.as_secs()
    )]
    Busy { reason: String, waited: Duration },
    #[error("database error: {0}")]
    Other(#[from] sqlx::Error),
}

/// Where to connect: DATABASE_URL if set, else the local server on
/// 127.0.0.1:5432 and then the unix socket, database `tourdesk`.
pub fn candidates(database_url: Option<&str>, db: &str) -> Result<Vec<(String, PgConnectOptions)>, DbError> {
    if let Some(url) = database_url.filter(|u| !u.trim().is_empty()) {
        let opts = PgConnectOptions::from_str(url).map_err(|e| DbError::BadUrl(e.to_string()))?;
        return Ok(vec![(redact(url), opts)]);
    }
    let user = std::env::var("PGUSER").unwrap_or_else(|_| "postgres".into());
    let tcp = PgConnectOptions::new()
        .host("127.0.0.1")
        .port(5432)
        .username(&user)
        .database(db);
    let mut out = vec![(format!("postgres://{user}@127.0.0.1:5432/{db}"), tcp)];
    for dir in ["/var/run/postgresql", "/tmp"] {
        if std::path::Path::new(dir).join(".s.PGSQL.5432").exists() {
            let sock = PgConnectOptions::new().socket(dir).username(&user).database(db);
            out.push((
                format!("unix socket {dir}/.s.PGSQL.5432 as {user}, database {db}"),
                sock,
            ));
        }
    }
    Ok(out)
}

fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// Connects (creating the database if it is missing) without migrating or
/// checking anything: for `tourdesk migrate` itself.
pub async fn connect_unprepared(database_url: Option<&str>, max_connections: u32) -> Result<PgPool, DbError> {
    let mut tried = Vec::new();
    for (label, opts) in candidates(database_url, DEFAULT_DB)? {
        match open_with(opts, max_connections, false).await {
            Ok(pool) => return Ok(pool),
            Err(OpenError::Unreachable(e)) => tried.push(format!("{label} ({e})")),
            Err(OpenError::Fatal(e)) => return Err(e),
        }
    }
    Err(DbError::Unreachable {
        tried: tried.join("; "),
    })
}

/// Connects, creating the database if it is missing, and applies migrations.
pub async fn connect(database_url: Option<&str>, max_connections: u32) -> Result<PgPool, DbError> {
    connect_to(database_url, DEFAULT_DB, max_connections).await
}

/// Like [`connect`], to database `db` (on DATABASE_URL's server when set,
/// replacing the database named there unless `db` is the default).
pub async fn connect_to(database_url: Option<&str>, db: &str, max_connections: u32) -> Result<PgPool, DbError> {
    let mut tried = Vec::new();
    for (label, mut opts) in candidates(database_url, db)? {
        if db != DEFAULT_DB {
            opts = opts.database(db);
        }
        match open(opts, max_connections).await {
            Ok(pool) => return Ok(pool),
            Err(OpenError::Unreachable(e)) => tried.push(format!("{label} ({e})")),
            Err(OpenError::Fatal(e)) => return Err(e),
        }
    }
    Err(DbError::Unreachable {
        tried: tried.join("; "),
    })
}

/// Like [`connect`], but gives up after `within`: a field laptop whose
/// network is gone must not wait for the operating system's TCP timeout.
pub async fn connect_quick(
    database_url: Option<&str>,
    max_connections: u32,
    within: Duration,
) -> Result<PgPool, DbError> {
    match tokio::time::timeout(within, connect(database_url, max_connections)).await {
        Ok(r) => r,
        Err(_) => Err(DbError::Unreachable {
            tried: format!("no answer within {} s", within.as_secs_f32()),
        }),
    }
}

enum OpenError {
    Unreachable(String),
    Fatal(DbError),
}

/// The session settings every pool of the product uses.
fn settings(opts: PgConnectOptions) -> PgConnectOptions {
    opts.application_name("tourdesk")
        .log_statements(tracing::log::LevelFilter::Trace)
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_secs(1))
        .options([("lock_timeout", "5s"), ("statement_timeout", "30s")])
}

fn pool_options(max_connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings every connection it hands out: a whole extra round trip per
        // booking. A dead connection fails its query instead (DB_UNAVAILABLE).
        .test_before_acquire(false)
}

/// A pool that connects when first used, for a field laptop that starts
/// with no network: nothing is checked, created or migrated here (run
/// [`MIGRATOR`] once the server answers).
pub fn connect_lazy(database_url: Option<&str>, db: &str, max_connections: u32) -> Result<PgPool, DbError> {
    let (_, mut opts) = candidates(database_url, db)?
        .into_iter()
        .next()
        .ok_or_else(|| DbError::BadUrl("no database to connect to".into()))?;
    if db != DEFAULT_DB {
        opts = opts.database(db);
    }
    Ok(pool_options(max_connections).connect_lazy_with(settings(opts)))
}

async fn open(opts: PgConnectOptions, max_connections: u32) -> Result<PgPool, OpenError> {
    open_with(opts, max_connections, true).await
}

async fn open_with(opts: PgConnectOptions, max_connections: u32, prepare_schema: bool) -> Result<PgPool, OpenError> {
    let opts = settings(opts);
    let started = std::time::Instant::now();
    first_connection(&opts, started).await?;
    // the pool retries a full server by itself too (sqlx): within what is left
    let left = BUSY_WITHIN
        .saturating_sub(started.elapsed())
        .max(Duration::from_secs(2));
    let pool = pool_options(max_connections)
        .acquire_timeout(left.max(Duration::from_secs(10)))
        .connect_with(opts)
        .await
        .map_err(|e| match e {
            // the server answered a moment ago: it is full, not gone
            sqlx::Error::PoolTimedOut => OpenError::Fatal(DbError::Busy {
                reason: "no free connection".into(),
                waited: started.elapsed(),
            }),
            e if is_unreachable(&e) => OpenError::Unreachable(short(&e)),
            e => OpenError::Fatal(refused_or(e)),
        })?;
    if prepare_schema {
        prepare(&pool).await.map_err(OpenError::Fatal)?;
    }
    Ok(pool)
}

/// Connects once to see that the server lets us in (creating the database
/// when it is missing): a full or starting server is waited for with
/// jittered exponential backoff, up to [`BUSY_WITHIN`] in all, then BUSY.
async fn first_connection(opts: &PgConnectOptions, started: std::time::Instant) -> Result<(), OpenError> {
    let db = opts.get_database().unwrap_or(DEFAULT_DB).to_string();
    let mut ceiling = Duration::from_millis(50);
    let mut created = false;
    loop {
        let e = match opts.connect().await {
            Ok(conn) => {
                let _ = sqlx::Connection::close(conn).await;
                return Ok(());
            }
            Err(e) => e,
        };
        match pg_code(&e) {
            Some(code @ ("53300" | "57P03")) => {
                let waited = started.elapsed();
                if waited >= BUSY_WITHIN {
                    let reason = match code {
                        "53300" => "too many connections",
                        _ => "the server is starting up",
                    };
                    return Err(OpenError::Fatal(DbError::Busy {
                        reason: reason.into(),
                        waited,
                    }));
                }
                tracing::info!(code, ?waited, "the database is busy; waiting");
                // full jitter: a crowd that was refused together does not come back together
                let pause = ceiling.mul_f64(rand::random::<f64>()).max(Duration::from_millis(5));
                tokio::time::sleep(pause.min(BUSY_WITHIN.saturating_sub(waited))).await;
                ceiling = (ceiling * 2).min(Duration::from_secs(2));
            }
            // invalid_catalog_name: the database is not there yet
            Some("3D000") if !created => {
                created = true;
                let url = opts.to_url_lossy().to_string();
                match Postgres::create_database(&url).await {
                    Ok(()) => {}
                    // another process created it a moment ago: fine (duplicate_database
                    // if it had committed, else unique_violation on pg_database)
                    Err(e) if matches!(pg_code(&e), Some("42P04" | "23505")) => {}
                    Err(source) => return Err(OpenError::Fatal(DbError::Create { db, source })),
                }
            }
            _ if is_unreachable(&e) => return Err(OpenError::Unreachable(short(&e))),
            _ => return Err(OpenError::Fatal(refused_or(e))),
        }
    }
}

/// Is this connection's role an application role (a member of
/// `tourdesk_app` that is not a superuser)?
pub async fn is_app_role(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select not r.rolsuper and exists (select 1 from pg_roles where rolname = 'tourdesk_app')
                and pg_has_role(current_user, 'tourdesk_app', 'member')
           from pg_roles r where r.rolname = current_user",
    )
    .fetch_one(pool)
    .await
}

/// Applies the migrations, then the functions of `sql/core/` and `sql/api/`
/// if they changed (the owner's). Returns how many migrations were new.
pub async fn migrate(pool: &PgPool) -> Result<usize, DbError> {
    let before = applied(pool).await.unwrap_or_default();
    MIGRATOR.run(pool).await?;
    sqlfiles::apply(pool).await?;
    Ok(MIGRATOR.iter().filter(|m| !before.contains(&m.version)).count())
}

async fn applied(pool: &PgPool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select version from _sqlx_migrations where success order by version")
        .fetch_all(pool)
        .await
}

/// What a start needs: the owner migrates; an application role only checks
/// that nothing is pending.
pub async fn prepare(pool: &PgPool) -> Result<(), DbError> {
    if !is_app_role(pool).await? {
        migrate(pool).await?;
        return Ok(());
    }
    let done = applied(pool).await.unwrap_or_default();
    let missing: Vec<String> = MIGRATOR
        .iter()
        .filter(|m| !done.contains(&m.version))
        .map(|m| format!("{} {}", m.version, m.description))
        .collect();
    if !missing.is_empty() {
        return Err(DbError::Pending {
            what: format!("migrations not applied: {}", missing.join(", ")),
        });
    }
    let now = sqlfiles::current(pool).await?;
    let stale: Vec<&str> = [
        (now.internal, "the internal functions (sql/core)"),
        (now.api, "the api functions (sql/api)"),
    ]
    .into_iter()
    .filter(|(current, _)| !current)
    .map(|(_, what)| what)
    .collect();
    if !stale.is_empty() {
        return Err(DbError::Pending {
            what: format!("{} are from another version of tourdesk", stale.join(" and ")),
        });
    }
    Ok(())
}

fn pg_code(e: &sqlx::Error) -> Option<&str> {
    match e {
        sqlx::Error::Database(db) => match db.code() {
            Some(std::borrow::Cow::Borrowed(c)) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// A server that answers but will not let us in gets a message that says so.
fn refused_or(e: sqlx::Error) -> DbError {
    if let sqlx::Error::Database(db) = &e
        && matches!(db.code().as_deref(), Some("28000" | "28P01" | "42501"))
    {
        return DbError::Refused(db.message().to_string());
    }
    e.into()
}

fn is_unreachable(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_))
}

fn short(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}
