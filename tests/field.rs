//! Offline field mode against a real PostgreSQL: prepare, offline check-in
//! and sales, the journal, exactly-once sync, conflicts, allotments. Each test
//! has a database of its own (tests/common) and a field store in a temporary
//! directory.

mod common;

#[path = "field/allotment.rs"]
mod allotment;
#[path = "field/checkin.rs"]
mod checkin;
#[path = "field/cli.rs"]
mod cli;
#[path = "field/clock.rs"]
mod clock;
#[path = "field/modes.rs"]
mod modes;
#[path = "field/sync.rs"]
mod sync;

use common::{TestDb, request};
use ed25519_dalek::SigningKey;
use tourdesk::booking::{Core, IssuedTicket};
use tourdesk::domain::{DepartureId, Role};
use tourdesk::field::{FieldStore, prepare};

pub struct TempDir(pub std::path::PathBuf);

#[allow(clippy::new_without_default)] // a new directory each time: not a default
impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("tourdesk-field-test-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&p).expect("temp dir");
        // private (0700), as the program wants the folders that hold personal data
        std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o700)).expect("chmod 700");
        TempDir(p)
    }

    pub fn store(&self) -> std::path::PathBuf {
        self.0.join("field.sqlite")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A laptop: its store and the core it syncs through.
pub struct Laptop {
    pub store: FieldStore,
    pub core: Core,
    pub dir: TempDir,
}

impl Laptop {
    pub async fn new(db: &TestDb, device: &str) -> Laptop {
        let dir = TempDir::new();
        let store = FieldStore::open(&dir.store(), device).await.expect("open store");
        let core = tourdesk::field::core_for(db.pool.clone(), device)
            .await
            .expect("field core");
        Laptop { store, core, dir }
    }

    pub async fn prepare(&mut self, departures: &[DepartureId], allotment: Option<u32>) {
        prepare(&mut self.store, &self.core, departures, allotment)
            .await
            .expect("prepare");
    }
}

/// A departure an hour from now: check-in is open.
pub async fn departure(db: &TestDb, core: &Core, capacity: u32) -> DepartureId {
    db.departure(core, 1, capacity).await
}

pub fn new_key() -> SigningKey {
    SigningKey::from_bytes(&rand::random::<[u8; 32]>())
}

/// Books `adults` for `name` and returns the booking number and its tickets
/// (the group code first, then one per participant).
pub async fn booked(
    core: &Core,
    key: &SigningKey,
    dep: DepartureId,
    adults: u32,
    name: &str,
) -> (String, Vec<IssuedTicket>) {
    let b = core.book(&request(dep, adults, 0, name)).await.expect("book");
    let tickets = core.tickets(&b.booking_number, key).await.expect("tickets");
    (b.booking_number, tickets)
}

/// A desk kiosk's core with a staff member of its own.
pub async fn desk(db: &TestDb, device: &str) -> Core {
    db.core_as(Role::Desk, &format!("Desk {device}"), device).await
}

pub async fn count(db: &TestDb, sql: &'static str, id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(&db.pool).await.expect(sql)
}

/// Accepted check-ins of a departure.
pub async fn accepted(db: &TestDb, dep: DepartureId) -> i64 {
    count(
        db,
        "select count(*) from check_ins where departure_id = $1 and status = 'accepted'",
        dep.0,
    )
    .await
}
