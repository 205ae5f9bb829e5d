//! Offline field mode against a real PostgreSQL: prepare, offline check-in
//! and sales, the journal, exactly-once sync, conflicts, allotments. Each test
//! has a database of its own (tests/common) and a field store in a temporary
//! directory.

mod common;

#[path = "field/allotment.rs"]
mod allotment;
#[path = "field/checkin.rs"]
mod checkin;
#[path = "field/checkin_scenarios.rs"]
mod checkin_scenarios;
#[path = "field/cli.rs"]
mod cli;
#[path = "field/cli_commands.rs"]
mod cli_commands;
#[path = "field/clock.rs"]
mod clock;
#[path = "field/expiry.rs"]
mod expiry;
#[path = "field/modes.rs"]
mod modes;
#[path = "field/panes.rs"]
mod panes;
#[path = "field/price.rs"]
mod price;
#[path = "field/returns.rs"]
mod returns;
#[path = "field/returns_sold.rs"]
mod returns_sold;
#[path = "field/sealed.rs"]
mod sealed;
#[path = "field/service.rs"]
mod service;
#[path = "field/shift.rs"]
mod shift;
#[path = "field/staff.rs"]
mod staff;
#[path = "field/sync.rs"]
mod sync;

use common::{TempDir, TestDb, request};
use ed25519_dalek::SigningKey;
use tourdesk::booking::{
    ClockConflict, ClockProblem, ConflictDetails, ConflictKind, Core, EntryKind, IssuedTicket, PriceCause,
    StaffConflict, StaffEntry, StaffProblem, WalkInProblem,
};
use tourdesk::domain::{DepartureId, Role};
use tourdesk::field::{FieldStore, Keyholder, keyholder, prepare};

/// A laptop: its store, the core it syncs through, and the person who
/// works it (the store is sealed for them: their PIN opens it).
pub struct Laptop {
    pub store: FieldStore,
    pub core: Core,
    pub dir: TempDir,
    pub guide: String,
    pub pin: String,
}

impl Laptop {
    pub async fn new(db: &TestDb, device: &str) -> Laptop {
        let dir = TempDir::new();
        let store = FieldStore::open(&dir.store(), device).await.expect("open store");
        Laptop::with_store(db, device, store, dir).await
    }

    /// A laptop around a store opened already (e.g. with a test clock).
    pub async fn with_store(db: &TestDb, device: &str, store: FieldStore, dir: TempDir) -> Laptop {
        let core = tourdesk::field::core_for(db.pool.clone(), device)
            .await
            .expect("field core");
        // a desk clerk's role: the tests sell offline too (a guide may only check in)
        let guide = format!("Clerk of {device}");
        let pin = format!("{:08}", rand::random::<u32>() % 100_000_000);
        core.upsert_staff(&guide, Role::Desk, &pin)
            .await
            .expect("the laptop's person");
        Laptop {
            store,
            core,
            dir,
            guide,
            pin,
        }
    }

    /// Whom a prepare seals the store for: this laptop's guide (PIN checked by the server).
    pub async fn holders(&self) -> Vec<Keyholder> {
        vec![
            keyholder(&self.core, Some(&self.guide), &self.pin)
                .await
                .expect("the guide's PIN"),
        ]
    }

    pub async fn prepare(&mut self, departures: &[DepartureId], allotment: Option<u32>) {
        let holders = self.holders().await;
        prepare(&mut self.store, &self.core, departures, allotment, &holders)
            .await
            .expect("prepare");
    }
}

/// A departure an hour from now: check-in is open.
pub async fn departure(db: &TestDb, core: &Core, capacity: u32) -> DepartureId {
    db.departure(core, 1, capacity).await
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
