//! Offline field mode: a laptop's own SQLite store with what `prepare` took
//! along (departures, bookings, participants and their check-in state, verify
//! keys, the staff it was prepared for, prices, seat allotments) and a
//! durable journal of what happened offline, replayed through the core by
//! `sync`.
//!
//! Personal data at rest is sealed (`seal.rs`, `unlock.rs`): bookings,
//! participants, staff and journal entries are records under a data key
//! that exists on disk only wrapped under the PINs of the staff the store was
//! prepared for. The store opens sealed — departures, counts, allotments and
//! keys readable, enough for `field status` — and a PIN that unwraps the key
//! unlocks the rest: that is the offline login.
//!
//! The store is read into memory when it opens; after that a scan costs one
//! journal row committed to disk. Local state = what was prepared + the
//! journal, so a crash loses nothing that was shown to the guide.

mod clock;
mod error;
mod expiry;
mod load;
mod prepare;
mod returns;
mod sale;
pub mod seal;
mod state;
mod status;
mod sync;
mod unlock;
mod verdict;

pub use clock::{
    BootTime, Clock, ClockCheck, JUMP_TOLERANCE, MAX_SKEW, Now, SystemClock, TEST_OFFSET_VAR, TestClock, TimeSource,
    describe_skew,
};
pub use error::FieldError;
pub use expiry::{EXPIRES_AFTER, Expiry};
pub use prepare::{PrepareReport, prepare, release, todays_departures};
pub use sale::{OfflineSale, SaleReceipt};
pub use state::LocalAllotment;
pub use status::{ClockWarning, FieldStatus, LocalConflict};
pub use sync::{FailedEntry, Refusal, SyncProgress, SyncReport, sync};
pub use unlock::{Keyholder, keyholder};

use crate::booking::{FieldEntry, Source};
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub type Result<T> = std::result::Result<T, FieldError>;

/// How long an online-first call (a scan) waits for the database before it
/// is answered from the store (`service::Service` keeps to it).
pub const ONLINE_TIMEOUT: Duration = Duration::from_millis(1500);
/// After such a timeout, calls answer offline at once for this long before
/// the database is tried again.
pub const RETRY_AFTER: Duration = Duration::from_secs(5);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./field_migrations");

/// Where the store lives unless `--store` or TOURDESK_FIELD_STORE says.
pub fn default_path() -> PathBuf {
    crate::logging::data_dir().join("field.sqlite")
}

/// The store of a field laptop. One process at a time uses it.
pub struct FieldStore {
    pool: SqlitePool,
    path: PathBuf,
    state: state::State,
    /// the laptop's clocks (the machine's, or a test's)
    clock: Arc<dyn Clock>,
    /// the data key, once a PIN unwrapped it (never written down unwrapped)
    key: Option<seal::DataKey>,
    /// whose PIN opened it: offline entries name them when the caller names nobody
    opened_by: Option<crate::domain::StaffId>,
    /// past its time at open: wiped, or kept because entries wait (`expiry.rs`)
    expiry: Option<Expiry>,
}

/// The schema owner's core for this laptop (its sync and prepare when run by
/// the owner): each journal entry names the staff member who acted offline,
/// the server checks what each may do, and it is audited as this laptop.
/// An application role syncs with the logged-in person's session instead.
pub async fn core_for(pool: sqlx::PgPool, device: &str) -> crate::booking::Result<crate::booking::Core> {
    crate::booking::Core::owner(pool, device, Source::Field).await
}

/// The store, its -wal and -shm (the journal is in it) are 0600 in a 0700
/// folder: a folder made here is 0700, a missing store is created 0600 before
/// SQLite opens it (SQLite gives its -wal and -shm the store's mode), and a
/// store or folder others can read is refused with the chmod to run.
fn make_private(path: &Path) -> Result<()> {
    let open = |e: crate::private::PrivateError| FieldError::Open {
        path: path.display().to_string(),
        problem: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::private::private_dir(dir).map_err(open)?;
    if !path.exists() {
        crate::private::create_file(path, true).map_err(open)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for file in [
        path.to_path_buf(),
        dir.join(format!("{name}-wal")),
        dir.join(format!("{name}-shm")),
    ] {
        crate::private::check(&file, 0o600).map_err(open)?;
    }
    Ok(())
}

impl FieldStore {
    /// Opens (creating when missing) the store at `path`, for `device`,
    /// with the machine's clocks.
    pub async fn open(path: &Path, device: &str) -> Result<FieldStore> {
        FieldStore::open_with_clock(path, device, Arc::new(SystemClock::new())).await
    }

    /// Opens the store with the given clocks (tests: a laptop whose clock is wrong).
    pub async fn open_with_clock(path: &Path, device: &str, clock: Arc<dyn Clock>) -> Result<FieldStore> {
        make_private(path)?;
        let opts = SqliteConnectOptions::new()
            // deleted rows (a re-prepare, an expiry) are overwritten with zeros, not left in free pages
            .pragma("secure_delete", "on")
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // every commit reaches the disk before it returns: a verdict shown is a scan kept
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await
            .map_err(|e| FieldError::Open {
                path: path.display().to_string(),
                problem: e.to_string(),
            })?;
        unlock::refuse_plain_unsynced(&pool, path).await?;
        MIGRATOR.run(&pool).await.map_err(|e| FieldError::Open {
            path: path.display().to_string(),
            problem: e.to_string(),
        })?;
        let mut store = FieldStore {
            pool,
            path: path.to_path_buf(),
            state: state::State::default(),
            clock,
            key: None,
            opened_by: None,
            expiry: None,
        };
        store.state = load::load(&store.pool, device, None).await?;
        store.expire().await?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The device this laptop acts as.
    pub fn device(&self) -> &str {
        &self.state.device
    }

    /// Journal entries not yet applied on the server.
    pub fn pending(&self) -> usize {
        self.state.pending
    }

    pub fn prepared_at(&self) -> Option<DateTime<Utc>> {
        self.state.prepared_at
    }

    pub fn last_sync(&self) -> Option<DateTime<Utc>> {
        self.state.last_sync
    }

    /// True when `departure` was prepared on this laptop.
    pub fn has_departure(&self, departure: crate::domain::DepartureId) -> bool {
        self.state.departures.contains_key(&departure)
    }

    /// The operator's time zone as prepare took it along (UTC before the
    /// first prepare): what offline listings show where no departure is named.
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.state.time_zone
    }

    /// The operator's currency as prepare took it along; none before the
    /// first prepare, or in a store prepared before the currency was a
    /// setting (prepare again).
    pub fn currency(&self) -> Option<crate::domain::money::Currency> {
        self.state.currency
    }

    pub fn departures(&self) -> Vec<crate::booking::FieldDeparture> {
        let mut v: Vec<_> = self.state.departures.values().cloned().collect();
        v.sort_by_key(|d| (d.starts_at, d.id));
        v
    }

    pub fn allotments(&self) -> Vec<LocalAllotment> {
        self.state.allotments.clone()
    }

    /// "Now" as this laptop best knows it: the server's time at the last
    /// measurement plus the boot-time clock since (see `clock.rs`).
    pub fn now(&self) -> Now {
        clock::corrected(self.state.anchor.as_ref(), &*self.clock, self.state.last_time)
    }

    /// The laptop's clocks.
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// The last measurement of this laptop's clock against the server's.
    pub fn clock_anchor(&self) -> Option<&ClockCheck> {
        self.state.anchor.as_ref()
    }

    /// Records a wall-clock jump (once per jump, not per scan) and says it in the log.
    async fn note_clock(&mut self, now: &Now) -> Result<()> {
        let Some(jump) = now.jump_ms else {
            return Ok(());
        };
        let known = self
            .state
            .clock_warning
            .as_ref()
            .is_some_and(|w| (w.jump_ms - jump).abs() < JUMP_TOLERANCE.num_milliseconds());
        if known {
            return Ok(());
        }
        let w = ClockWarning {
            detected_at: now.at,
            wall: now.wall,
            jump_ms: jump,
            source: now.source,
        };
        tracing::warn!(
            "the laptop's wall clock was set {} since it was last measured against the server's: \
             offline entries keep the corrected time ({})",
            w.describe(),
            now.at
        );
        load::set_meta(
            &self.pool,
            "clock_warning",
            &serde_json::to_string(&w).unwrap_or_default(),
        )
        .await?;
        self.state.clock_warning = Some(w);
        Ok(())
    }

    /// Appends one entry and waits until it is on disk. `at` is the
    /// corrected time the entry carries, `wall` the laptop's wall clock then.
    async fn append(
        &mut self,
        entry: &FieldEntry,
        departure: Option<i64>,
        at: DateTime<Utc>,
        now: &Now,
        source: TimeSource,
    ) -> Result<i64> {
        let kind = match entry {
            FieldEntry::CheckIn(_) => "check_in",
            FieldEntry::Sale(_) => "sale",
            FieldEntry::Return(_) => "return",
        };
        let json = serde_json::to_string(entry).map_err(|e| FieldError::Corrupt(e.to_string()))?;
        let event = entry.event_id().to_string();
        let sealed = self.seal(&unlock::journal_aad(&event, "entry"), &json)?;
        let (hold, seats) = match entry {
            FieldEntry::Sale(s) => (Some(s.hold.0), Some(s.adults + s.children)),
            FieldEntry::CheckIn(_) | FieldEntry::Return(_) => (None, None),
        };
        let seq: i64 = sqlx::query_scalar(
            "insert into journal (event_id, kind, departure_id, entry, device_time, wall_time, time_source,
                                  hold_id, seats)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning seq",
        )
        .bind(event)
        .bind(kind)
        .bind(departure)
        .bind(sealed)
        .bind(at.to_rfc3339())
        .bind(now.wall.to_rfc3339())
        .bind(source.as_str())
        .bind(hold)
        .bind(seats)
        .fetch_one(&self.pool)
        .await?;
        self.state.pending += 1;
        if source != TimeSource::Given && self.state.last_time.is_none_or(|t| t < at) {
            self.state.last_time = Some(at);
        }
        Ok(seq)
    }
}
