//! One service below the UI for online and offline work: the kiosk's panes
//! and the CLI's `checkin` and `field` commands ask it, in the core's types, and
//! it decides inside whether PostgreSQL (the logged-in `booking::Core`) or
//! this laptop's `field::FieldStore` answers. Before it, the kiosk decided
//! that in its pane io and the CLI in each command, and the offline answers
//! were made up there (ids of 0, a release that "kept", invented codes).
//!
//! The rules it keeps, in one place:
//! - a scan is online first, offline after `field::ONLINE_TIMEOUT`, and stays
//!   offline for `field::RETRY_AFTER` (`link.rs`); a watcher of the database
//!   (the kiosk's ping) may say it is gone or back at once (`set_offline`);
//! - reads (departures, manifest, occupancy) fall back to the store when the
//!   database does not answer in time, and only when the store was prepared
//!   (`read`);
//! - a walk-in begun offline stays offline: its "hold" is this laptop's
//!   allotment, never released or booked on the server (`sales.rs`);
//! - what only the server can do (undo, no-show, close, prepare; add a
//!   departure, the weather, cancel a departure; the waitlist; the
//!   manager's stats; tickets) says so (`online`).
//!
//! One file per subject: `departures`, `occupancy`, `sales`, `waitlist`,
//! `checkin`, `tickets`, `stats`, `session`; `link` is the check-in's
//! online-first rule. The core itself stays inside (`core` is private): a
//! pane or a command that needs something new asks for a method here.
//!
//! Offline answers are values the store builds (`field/sale.rs`); where one
//! does not exist offline the type says so ([`Sold`], [`HoldReleased`]).
//!
//! Called "service" because it is what the desk is served by; `gate` (the
//! core's per-departure queue) and `field` (offline mode) were taken.

mod bookings;
pub mod calendar;
mod change;
mod checkin;
mod departures;
mod find;
mod link;
mod money;
mod moves;
pub mod muster;
pub mod notify;
mod occupancy;
pub mod pickups;
mod rebook;
mod rollcall;
mod sales;
mod schedules;
mod session;
mod shifts;
mod stats;
pub mod tickets;
mod waitlist;
pub mod zreport;

pub use checkin::{Holder, Prepare, Released, TakeAlong};
pub use link::Answer;
pub use occupancy::Occupancy;
pub use rebook::{RebookFailure, RebookRun, RebookStep};
pub use sales::{HoldReleased, Sold};
pub use session::{Login, Review};

use crate::booking::{BookingError, Core};
use crate::domain::{DepartureId, ErrorCode, Role, StaffId};
use crate::field::{FieldError, FieldStore, LocalAllotment, ONLINE_TIMEOUT, Result};
use link::Link;
use sqlx::PgPool;
use std::future::Future;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};
use tokio::sync::Mutex;

/// Who is logged in: kept to make their core when the database comes back.
#[derive(Debug, Clone)]
struct Who {
    /// none for an owner session (staff-less); a PIN login always names one
    id: Option<StaffId>,
    name: String,
    role: Role,
    /// on a field laptop: the PIN, kept in this process's memory to log in
    /// on the server once it answers after an offline login (the server
    /// checks it then) and to seal the store for this person at prepare
    pin: Option<String>,
}

/// The desk's operations, online or from this laptop's field store. Cheap to
/// clone: clones share the session and the store.
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

struct Inner {
    /// where logins make a core (the kiosk's); none when a core is given
    pool: Option<PgPool>,
    /// this desk's device (the field store's, when there is one)
    device: String,
    /// the core of whoever is logged in (none after an offline login)
    core: RwLock<Option<Core>>,
    who: RwLock<Option<Who>>,
    link: Mutex<Link>,
    /// the pool was made while the database was gone: migrate once it answers
    migrate: AtomicBool,
}

/// What the field store holds now, for a status line.
#[derive(Debug, Clone, Default)]
pub struct StoreStatus {
    /// journal entries waiting for the server
    pub pending: usize,
    /// departures prepared on this laptop
    pub prepared: Vec<DepartureId>,
    pub allotments: Vec<LocalAllotment>,
}

impl Service {
    /// The kiosk's service: logins make cores on `pool`; `migrate` when the
    /// pool was made while the database was gone (migrations run once it
    /// answers).
    pub fn kiosk(pool: PgPool, device: &str, store: Option<FieldStore>, migrate: bool) -> Service {
        Service::make(Some(pool), device, None, store, migrate)
    }

    /// A service for one command: `core` when the database answered (none:
    /// offline from the store only).
    pub fn with_core(core: Option<Core>, store: Option<FieldStore>) -> Service {
        let device = match (&core, &store) {
            (_, Some(s)) => s.device().to_string(),
            (Some(c), None) => c.actor().device_name.clone(),
            (None, None) => String::new(),
        };
        Service::make(None, &device, core, store, false)
    }

    fn make(
        pool: Option<PgPool>,
        device: &str,
        core: Option<Core>,
        store: Option<FieldStore>,
        migrate: bool,
    ) -> Service {
        let who = core.as_ref().map(|c| Who {
            id: c.actor().staff,
            name: c.actor().staff_name.clone(),
            role: c.actor().role,
            pin: None,
        });
        Service {
            inner: Arc::new(Inner {
                pool,
                device: device.to_string(),
                core: RwLock::new(core),
                who: RwLock::new(who),
                link: Mutex::new(Link::new(store)),
                migrate: AtomicBool::new(migrate),
            }),
        }
    }

    /// The PIN the command's person logged in with (the CLI asks it once):
    /// a prepare seals the store for them with it, as the kiosk's login does.
    pub fn with_pin(self, pin: String) -> Service {
        if let Ok(mut who) = self.inner.who.write()
            && let Some(who) = who.as_mut()
        {
            who.pin = Some(pin);
        }
        self
    }

    /// The core of whoever is logged in; none offline or before a login.
    /// The service's own: what is above it calls the service's methods,
    /// which decide whether the core or the store answers.
    fn core(&self) -> Option<Core> {
        self.inner.core.read().ok().and_then(|c| c.clone())
    }

    /// Who acts, for the journal.
    pub fn staff(&self) -> Option<StaffId> {
        self.who().and_then(|w| w.id)
    }

    fn who(&self) -> Option<Who> {
        self.inner.who.read().ok().and_then(|w| w.clone())
    }

    fn set(&self, core: Option<Core>, who: Who) {
        if let Ok(mut slot) = self.inner.core.write() {
            *slot = core;
        }
        if let Ok(mut slot) = self.inner.who.write() {
            *slot = Some(who);
        }
    }

    /// The database answered after all (a command that sold offline first):
    /// calls that need it go to `core` from now on.
    pub fn attach(&self, core: Core) {
        let who = self.who().unwrap_or_else(|| Who {
            id: core.actor().staff,
            name: core.actor().staff_name.clone(),
            role: core.actor().role,
            pin: None,
        });
        self.set(Some(core), who);
    }

    /// The core, for what only the server can do.
    fn online(&self) -> Result<Core> {
        self.core()
            .ok_or_else(|| unavailable("logged in offline: this needs the database"))
    }

    /// True while someone's session on the server is open here (an online
    /// login, the database answering or not); false before a login, after
    /// a lock and after an offline login until the database is back.
    pub fn server_session(&self) -> bool {
        self.inner.core.read().is_ok_and(|c| c.is_some())
    }

    /// Reads from the core while the database answers (in time), else from
    /// the store when it has the answer: what a read that can be answered
    /// offline goes through (departures, manifests, occupancy).
    async fn read<T, F, Fut>(&self, on_core: F, from_store: impl FnOnce(&FieldStore) -> Result<T>) -> Result<T>
    where
        F: FnOnce(Core) -> Fut,
        Fut: Future<Output = crate::booking::Result<T>>,
    {
        // known to be gone: the store answers at once. With nothing prepared
        // the database is the only answer, so it is asked anyway (a reload
        // that raced the watcher's "back" would otherwise fail without
        // trying, and say OFFLINE again)
        let from_store_now = {
            let link = self.inner.link.lock().await;
            link.offline() && link.prepared().is_some()
        };
        let mut failed = unavailable("the database does not answer");
        if let Some(core) = self.core().filter(|_| !from_store_now) {
            match tokio::time::timeout(ONLINE_TIMEOUT * 2, on_core(core)).await {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(e)) if !e.no_answer() => return Err(e.into()),
                Ok(Err(e)) => failed = e.into(),
                Err(_) => {}
            }
        }
        let link = self.inner.link.lock().await;
        match link.prepared() {
            Some(store) => from_store(store),
            None => Err(failed),
        }
    }

    /// What a watcher of the database knows: gone (calls answer offline at
    /// once) or back.
    pub async fn set_offline(&self, offline: bool) {
        self.inner.link.lock().await.set_offline(offline);
    }

    /// True while calls are answered offline without trying the database.
    pub async fn offline(&self) -> bool {
        self.inner.link.lock().await.offline()
    }

    /// The field store as it stands; none without one.
    pub async fn store_status(&self) -> Option<StoreStatus> {
        let link = self.inner.link.lock().await;
        link.store.as_ref().map(|s| StoreStatus {
            pending: s.pending(),
            prepared: s.departures().iter().map(|d| d.id).collect(),
            allotments: s.allotments(),
        })
    }

    /// The store's departure's time zone, when it was prepared here.
    pub async fn prepared_zone(&self, departure: DepartureId) -> Option<String> {
        let link = self.inner.link.lock().await;
        link.store
            .as_ref()
            .and_then(|s| s.departures().into_iter().find(|d| d.id == departure))
            .map(|d| d.time_zone)
    }

    /// The operator's time zone as this laptop's store took it along (UTC
    /// without a store): the zone for "today" while the server is away.
    pub async fn store_zone(&self) -> chrono_tz::Tz {
        let link = self.inner.link.lock().await;
        link.store.as_ref().map(|s| s.time_zone()).unwrap_or_default()
    }

    /// The zone `departure`'s times are shown in: the server's, else the one
    /// this laptop took along for it (the operator's when it was not
    /// prepared here) once the database does not answer.
    pub async fn departure_zone(&self, departure: DepartureId) -> Result<String> {
        if let Some(core) = self.core() {
            match core.departure(departure).await {
                Ok(d) => return Ok(d.time_zone),
                Err(e) if e.code() == ErrorCode::DbUnavailable => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(match self.prepared_zone(departure).await {
            Some(z) => z,
            None => self.store_zone().await.name().to_string(),
        })
    }

    /// The operator's time zone: the server's setting, else the one this
    /// laptop took along once the database does not answer.
    pub async fn operator_zone(&self) -> Result<chrono_tz::Tz> {
        if let Some(core) = self.core() {
            match core.time_zone().await {
                Ok(z) => return Ok(z),
                Err(e) if e.code() == ErrorCode::DbUnavailable => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(self.store_zone().await)
    }

    /// Journal entries waiting for the server.
    pub async fn pending(&self) -> usize {
        self.inner.link.lock().await.pending()
    }
}

pub(crate) fn unavailable(what: &str) -> FieldError {
    FieldError::Core(BookingError::Unavailable(what.to_string()))
}
