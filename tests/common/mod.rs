//! Test harness: every test gets its own freshly migrated PostgreSQL database,
//! dropped again (WITH (FORCE)) when the `TestDb` goes out of scope.
//!
//! The server comes from TOURDESK_TEST_DATABASE_URL, else DATABASE_URL, else
//! postgres://postgres@127.0.0.1:5432/postgres. Tests of one binary run in
//! parallel; a process-wide connection budget keeps them together well under
//! PostgreSQL's default max_connections of 100.
#![allow(dead_code)] // each test binary uses its own part of the harness

use chrono::{Duration, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, PgConnection, PgPool};
use std::str::FromStr;
use tokio::sync::{Semaphore, SemaphorePermit};
use tourdesk::booking::{self, Core, NewDeparture, Source};
use tourdesk::domain::{DepartureId, Role};

pub mod escpos;
pub mod ledger;
pub mod proxy;
mod temp;

#[allow(unused_imports)] // not every test binary checks money
pub use ledger::assert_ledger;

#[allow(unused_imports)] // not every test binary makes folders
pub use temp::TempDir;

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Pool connections all live test databases of this process may hold at once.
const CONNECTION_BUDGET: u32 = 64;
static BUDGET: Semaphore = Semaphore::const_new(CONNECTION_BUDGET as usize);

pub fn base_url() -> String {
    ["TOURDESK_TEST_DATABASE_URL", "DATABASE_URL"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_string())
}

pub struct TestDb {
    pub pool: PgPool,
    /// URL of this test's database (for DATABASE_URL of a spawned binary)
    pub url: String,
    pub name: String,
    admin: PgConnectOptions,
    _budget: SemaphorePermit<'static>,
}

impl TestDb {
    /// A fresh database with a pool of 8 connections.
    pub async fn new() -> TestDb {
        TestDb::with_pool(8).await
    }

    /// A pool on this test's database logged in as an application role
    /// (`tourdesk_test_app`, a member of `tourdesk_app`, made on first use:
    /// roles are cluster-wide), the way a kiosk connects in production.
    pub async fn app_pool(&self, max_connections: u32) -> PgPool {
        self.ensure_app_role().await;
        let opts = self
            .admin
            .clone()
            .database(&self.name)
            .username("tourdesk_test_app")
            .password("tourdesk_test_app")
            .application_name("tourdesk-test-app");
        PgPoolOptions::new()
            .max_connections(max_connections)
            .connect_with(opts)
            .await
            .expect("connect as tourdesk_test_app")
    }

    /// DATABASE_URL of this test's database for the application role (for
    /// a spawned kiosk or CLI).
    pub async fn app_url(&self) -> String {
        self.ensure_app_role().await;
        let mut url = url::Url::parse(&self.url).expect("test database URL");
        url.set_username("tourdesk_test_app").expect("user");
        url.set_password(Some("tourdesk_test_app")).expect("password");
        url.to_string()
    }

    async fn ensure_app_role(&self) {
        let mut conn = PgConnection::connect_with(&self.admin).await.expect("admin connection");
        // concurrent tests may race to create it: the loser's error is fine
        let _ = sqlx::raw_sql(
            "do $$ begin
                 if not exists (select 1 from pg_roles where rolname = 'tourdesk_test_app') then
                     create role tourdesk_test_app login password 'tourdesk_test_app' in role tourdesk_app;
                 end if;
             exception when duplicate_object or unique_violation then null;
             end $$",
        )
        .execute(&mut conn)
        .await;
        conn.close().await.ok();
    }

    /// A fresh, migrated database with a pool of `max_connections`.
    pub async fn with_pool(max_connections: u32) -> TestDb {
        let db = TestDb::unmigrated(max_connections).await;
        tourdesk::db::migrate(&db.pool).await.expect("migrations");
        db
    }

    /// A fresh, empty database (nothing migrated) with a pool of
    /// `max_connections`: for tests of starting and upgrading.
    pub async fn unmigrated(max_connections: u32) -> TestDb {
        assert!(
            max_connections <= CONNECTION_BUDGET,
            "a test may use at most {CONNECTION_BUDGET} connections"
        );
        let budget = BUDGET.acquire_many(max_connections).await.expect("budget");
        let base = base_url();
        let admin = PgConnectOptions::from_str(&base)
            .unwrap_or_else(|e| panic!("bad test database URL {base}: {e}"))
            .log_statements(tracing::log::LevelFilter::Off);
        let name = format!("tourdesk_test_{}", uuid::Uuid::now_v7().simple());
        let mut conn = PgConnection::connect_with(&admin).await.unwrap_or_else(|e| {
            panic!(
                "cannot reach the test PostgreSQL at {base}: {e}\n\
                 set TOURDESK_TEST_DATABASE_URL to a server where the role may create databases"
            )
        });
        sqlx::raw_sql(AssertSqlSafe(format!("create database {name}")))
            .execute(&mut conn)
            .await
            .expect("create test database");
        conn.close().await.ok();

        let mut url = url::Url::parse(&base).expect("test database URL");
        url.set_path(&format!("/{name}"));
        // the same session settings as the product's pool (db.rs)
        let opts = admin
            .clone()
            .database(&name)
            .application_name("tourdesk-test")
            .options([("lock_timeout", "5s"), ("statement_timeout", "30s")]);
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(std::time::Duration::from_secs(30))
            .test_before_acquire(false)
            .connect_with(opts)
            .await
            .expect("connect to the test database");
        TestDb {
            pool,
            url: url.to_string(),
            name,
            admin,
            _budget: budget,
        }
    }

    /// The CLI's core: a manager, audited as device "cli".
    pub async fn manager(&self) -> Core {
        Core::cli(self.pool.clone()).await.expect("manager core")
    }

    /// A staff member with `role` working at `device` (a desk kiosk).
    pub async fn core_as(&self, role: Role, staff_name: &str, device: &str) -> Core {
        let staff = self
            .manager()
            .await
            .upsert_staff(staff_name, role, "432187")
            .await
            .expect("create staff");
        let core = Core::login(self.pool.clone(), device, Source::Desk, "432187", Some(staff_name))
            .await
            .expect("staff core");
        assert_eq!(core.actor().staff, Some(staff));
        core
    }

    /// A departure of "Avachinsky volcano" `hours` from now with `capacity`
    /// seats, adults 7 500.00 RUB, children 4 500.00 RUB.
    pub async fn departure(&self, core: &Core, hours: i64, capacity: u32) -> DepartureId {
        self.departure_of(core, "Avachinsky volcano", hours, capacity).await
    }

    pub async fn departure_of(&self, core: &Core, tour: &str, hours: i64, capacity: u32) -> DepartureId {
        core.add_departure(&NewDeparture {
            tour: tour.to_string(),
            starts_at: Utc::now() + Duration::hours(hours),
            time_zone: chrono_tz::Asia::Kamchatka,
            capacity,
            adult_price_minor: ADULT_PRICE,
            child_price_minor: CHILD_PRICE,
            currency: "RUB".into(),
            meeting_point: "Pier 3".into(),
        })
        .await
        .expect("add departure")
        .0
    }

    /// (capacity, booked, held) counters of the departure row.
    pub async fn counters(&self, departure: DepartureId) -> (i32, i32, i32) {
        sqlx::query_as("select capacity, booked, held from departures where id = $1")
            .bind(departure.0)
            .fetch_one(&self.pool)
            .await
            .expect("counters")
    }

    /// Makes every active hold of the departure expire (a second ago).
    pub async fn expire_holds(&self, departure: DepartureId) {
        sqlx::query(
            "update holds set expires_at = now() - interval '1 second' where departure_id = $1 and status = 'active'",
        )
        .bind(departure.0)
        .execute(&self.pool)
        .await
        .expect("expire holds");
    }

    /// Checks, in one snapshot, that the counters on the departure row agree
    /// with the rows they count and that nothing is oversold. Returns
    /// (capacity, booked, held, live held).
    pub async fn assert_consistent(&self, departure: DepartureId) -> (i32, i32, i32, i64) {
        assert_consistent(&self.pool, departure).await
    }

    /// Checks the money of every booking against the ledger's rows (see
    /// `ledger.rs`); returns how many bookings were checked.
    pub async fn assert_ledger(&self) -> usize {
        assert_ledger(&self.pool).await
    }
}

pub const ADULT_PRICE: i64 = 750_000;
pub const CHILD_PRICE: i64 = 450_000;

/// See [`TestDb::assert_consistent`].
pub async fn assert_consistent(pool: &PgPool, departure: DepartureId) -> (i32, i32, i32, i64) {
    // one statement, one snapshot: every mutation updates the counters and the
    // rows in the same transaction, so they must agree in any snapshot
    let (capacity, booked, held, booked_rows, active_rows, live_rows): (i32, i32, i32, i64, i64, i64) = sqlx::query_as(
        "select d.capacity, d.booked, d.held,
                    (select coalesce(sum(seats), 0)::int8 from bookings b
                      where b.departure_id = d.id and b.status = 'confirmed'),
                    (select coalesce(sum(seats), 0)::int8 from holds h
                      where h.departure_id = d.id and h.status = 'active'),
                    (select coalesce(sum(seats), 0)::int8 from holds h
                      where h.departure_id = d.id and h.status = 'active' and h.expires_at > clock_timestamp())
               from departures d where d.id = $1",
    )
    .bind(departure.0)
    .fetch_one(pool)
    .await
    .expect("consistency query");
    assert_eq!(i64::from(booked), booked_rows, "booked counter vs confirmed bookings");
    assert_eq!(i64::from(held), active_rows, "held counter vs active holds");
    assert!(
        booked_rows + live_rows <= i64::from(capacity),
        "oversold: {booked_rows} booked + {live_rows} held live > {capacity}"
    );
    (capacity, booked, held, live_rows)
}

/// Checks that a booking's party counters equal its participant rows
/// (adults and children by kind) and that its price breakdown tells the same
/// story as the booking: its counts and total are the booking's and its lines
/// add up to the total. Returns (adults, children, total).
#[allow(dead_code)] // not every test binary uses it
pub async fn assert_party(pool: &PgPool, booking_number: &str) -> (i32, i32, i64) {
    let (adults, children, rows_adults, rows_children, total, breakdown): (i32, i32, i64, i64, i64, serde_json::Value) =
        sqlx::query_as(
            "select b.adults, b.children,
                    (select count(*) from participants p where p.booking_id = b.id and p.kind = 'adult'),
                    (select count(*) from participants p where p.booking_id = b.id and p.kind = 'child'),
                    b.total_minor, b.price_breakdown
               from bookings b where b.booking_number = $1",
        )
        .bind(booking_number)
        .fetch_one(pool)
        .await
        .expect("party query");
    let n = booking_number;
    assert_eq!(i64::from(adults), rows_adults, "{n}: adults vs adult participants");
    assert_eq!(
        i64::from(children),
        rows_children,
        "{n}: children vs child participants"
    );
    assert_eq!(breakdown["adults"], adults, "{n}: breakdown's adults: {breakdown}");
    assert_eq!(
        breakdown["children"], children,
        "{n}: breakdown's children: {breakdown}"
    );
    assert_eq!(breakdown["total_minor"], total, "{n}: breakdown's total: {breakdown}");
    let lines: i64 = breakdown["lines"]
        .as_array()
        .expect("breakdown lines")
        .iter()
        .map(|l| l["amount_minor"].as_i64().expect("line amount"))
        .sum();
    assert_eq!(lines, total, "{n}: the lines add up to the total: {breakdown}");
    (adults, children, total)
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be single-threaded and
        // busy running this very drop: use a thread with a runtime of its own.
        let admin = self.admin.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime for dropping the test database");
            rt.block_on(async move {
                let mut conn = PgConnection::connect_with(&admin).await?;
                sqlx::raw_sql(AssertSqlSafe(format!("drop database if exists {name} with (force)")))
                    .execute(&mut conn)
                    .await?;
                conn.close().await
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("could not drop test database {}: {e}", self.name),
            Err(_) => eprintln!("dropping test database {} panicked", self.name),
        }
    }
}

/// A valid party (panics on one `Party::new` refuses).
pub fn party(adults: u32, children: u32) -> tourdesk::domain::Party {
    tourdesk::domain::Party::new(adults, children).expect("valid party")
}

/// A cash booking request (paid in full) for `party`.
pub fn request(departure: DepartureId, adults: u32, children: u32, name: &str) -> booking::BookRequest {
    booking::BookRequest::new(departure, party(adults, children), name)
}

/// What a keyboard-wedge scanner types for `text` while the Russian (ЙЦУКЕН)
/// layout is active, in lower case: each Latin letter's key gives its Cyrillic letter.
#[allow(dead_code)] // not every test binary uses it
pub fn typed_in_russian_layout(text: &str) -> String {
    let qwerty = "qwertyuiopasdfghjklzxcvbnm";
    let russian: Vec<char> = "йцукенгшщзфывапролдячсмить".chars().collect();
    text.to_lowercase()
        .chars()
        .map(|c| qwerty.find(c).map_or(c, |i| russian[i]))
        .collect()
}

/// A ticket-signing key made and registered as `keys new` does (by a
/// manager's `core`): printing never registers one.
pub async fn registered_key(core: &Core) -> ed25519_dalek::SigningKey {
    let key = new_key();
    core.create_signing_key(&key)
        .await
        .expect("a manager makes a signing key");
    key
}

/// A fresh ticket-signing key, registered nowhere.
pub fn new_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&rand::random::<[u8; 32]>())
}

/// Paid in cash, without a slip reference.
pub fn cash() -> booking::Payment {
    booking::Payment {
        method: booking::PaymentMethod::Cash,
        reference: String::new(),
    }
}

/// 10:00 in Kamchatka `days` local days from today, and that local day: a
/// start whose local day and hour do not depend on when the suite runs (the
/// "today" and "too early" rules of check-in).
pub fn ten_in_kamchatka(days: i64) -> (chrono::NaiveDate, chrono::DateTime<Utc>) {
    use chrono::TimeZone;
    let tz = chrono_tz::Asia::Kamchatka;
    let day = Utc::now().with_timezone(&tz).date_naive() + Duration::days(days);
    let local = day.and_hms_opt(10, 0, 0).expect("10:00");
    let starts_at = tz.from_local_datetime(&local).unwrap().with_timezone(&Utc);
    (day, starts_at)
}

/// A session token for `pin` from `api.login` on the application role's
/// `app` pool, as a client of the api schema gets one (device "psql").
pub async fn api_token(app: &PgPool, pin: &str) -> String {
    sqlx::query_scalar("select token from api.login($1, 'psql', 'cli')")
        .bind(pin)
        .fetch_one(app)
        .await
        .expect("api.login")
}
