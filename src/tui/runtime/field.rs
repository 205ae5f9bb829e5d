//! The runtime's side of offline field mode: what the spawned calls share
//! (the logged-in core, the laptop's `field::Gate`), logging in with or
//! without the database, the journal's sync and the conflicts it found.

use crate::booking::{BookingError, Core, Source};
use crate::domain::{Role, StaffId};
use crate::field::{self, Gate};
use crate::tui::action::{Action, FieldInfo, FieldMsg, Session, UiError};
use sqlx::PgPool;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::sync::mpsc::UnboundedSender;

/// A PIN check on the server gives up after this and tries this laptop's store.
const LOGIN_TIMEOUT: Duration = Duration::from_secs(3);
/// With no store to fall back to, a slow server is still the only answer:
/// waiting longer beats "the database does not answer" on a busy network (a
/// 3 s limit here failed a login through a slow link under load in CI).
const LOGIN_TIMEOUT_NO_STORE: Duration = Duration::from_secs(10);
/// Making a core (it registers the device) when the database came back.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Who logged in: kept to make their core when the database comes back.
#[derive(Debug, Clone)]
pub struct Who {
    /// none for an owner session (staff-less); a PIN login always names one
    pub id: Option<StaffId>,
    pub name: String,
    pub role: Role,
    /// on a field laptop: the PIN, kept in this process's memory to log in
    /// on the server once it answers after an offline login (the server
    /// checks it then) and to seal the store for this person at prepare
    pin: Option<String>,
}

/// Shared by the runtime and every spawned call.
pub struct Shared {
    pub pool: PgPool,
    /// this kiosk's device (the field store's, when there is one)
    pub device: String,
    /// the core of whoever is logged in (none after an offline login)
    pub core: RwLock<Option<Core>>,
    pub who: RwLock<Option<Who>>,
    /// this laptop's field store behind the online-first check-in path
    pub gate: Arc<Mutex<Gate>>,
    /// the pool was made while the database was gone: migrate once it answers
    pub migrate: AtomicBool,
    pub tx: UnboundedSender<Action>,
}

impl Shared {
    pub fn core(&self) -> Option<Core> {
        self.core.read().ok().and_then(|c| c.clone())
    }

    pub fn staff(&self) -> Option<StaffId> {
        self.who.read().ok().and_then(|w| w.as_ref().and_then(|w| w.id))
    }

    /// What the check-in and walk-in calls run on.
    pub fn io(&self) -> crate::tui::panes::Io {
        crate::tui::panes::Io {
            core: self.core(),
            gate: self.gate.clone(),
            staff: self.staff(),
            pin: self
                .who
                .read()
                .ok()
                .and_then(|w| w.as_ref().and_then(|w| w.pin.clone())),
        }
    }

    fn send(&self, msg: FieldMsg) {
        let _ = self.tx.send(Action::Field(msg));
    }

    /// Tells the app how the store stands now.
    pub async fn report_status(&self) {
        let info = info(&*self.gate.lock().await);
        self.send(FieldMsg::Status(info));
    }
}

pub fn info(gate: &Gate) -> FieldInfo {
    match &gate.store {
        Some(s) => FieldInfo {
            open: true,
            pending: s.pending(),
            prepared: s.departures().iter().map(|d| d.id).collect(),
            allotments: s.allotments(),
        },
        None => FieldInfo::default(),
    }
}

fn unavailable(e: impl std::fmt::Display) -> BookingError {
    BookingError::Unavailable(e.to_string())
}

/// Migrations of a pool made without the database, once.
async fn migrate(sh: &Shared) -> crate::booking::Result<()> {
    if sh.migrate.load(Ordering::SeqCst) {
        crate::db::prepare(&sh.pool).await.map_err(unavailable)?;
        sh.migrate.store(false, Ordering::SeqCst);
        tracing::info!("the database answered: migrations applied");
    }
    Ok(())
}

/// The core that replays the journal: the logged-in person's session on
/// this laptop (the server checks that each offline sale's seller may
/// sell, so a guide's login syncs a clerk's sales too); without one, the
/// schema owner's when that is who connects.
async fn sync_core(sh: &Shared) -> Result<Core, UiError> {
    if let Some(c) = sh.core().filter(|c| c.actor().device_name == sh.device) {
        sh.gate.lock().await.sync_core = Some(c.clone());
        return Ok(c);
    }
    if let Some(c) = sh.gate.lock().await.sync_core.clone() {
        return Ok(c);
    }
    let c = tokio::time::timeout(CONNECT_TIMEOUT, field::core_for(sh.pool.clone(), &sh.device))
        .await
        .map_err(|_| unavailable("no answer in time"))??;
    sh.gate.lock().await.sync_core = Some(c.clone());
    Ok(c)
}

fn set(sh: &Shared, core: Option<Core>, who: Who) {
    if let Ok(mut slot) = sh.core.write() {
        *slot = core;
    }
    if let Ok(mut slot) = sh.who.write() {
        *slot = Some(who);
    }
}

/// Online when the database answers in time; else by opening this laptop's
/// sealed store with the PIN (no hash is kept to check it against), acting
/// offline until the database is back. Online, the store is opened too when
/// the store was prepared for this person, for offline verdicts later.
pub async fn login(sh: &Shared, pin: &str) -> Result<Session, UiError> {
    // known to be gone (the header's ping): no waiting for a timeout
    let (gone, fallback) = {
        let gate = sh.gate.lock().await;
        let fallback = gate.store.as_ref().is_some_and(|s| !s.keyholders().is_empty());
        (gate.offline(), fallback)
    };
    let online = if gone {
        Ok(Err(unavailable("the database does not answer")))
    } else {
        let limit = if fallback {
            LOGIN_TIMEOUT
        } else {
            LOGIN_TIMEOUT_NO_STORE
        };
        tokio::time::timeout(limit, async {
            migrate(sh).await?;
            Core::login(sh.pool.clone(), &sh.device, Source::Desk, pin, None).await
        })
        .await
    };
    let e = match online {
        Ok(Ok(core)) => {
            let field = open_for(sh, core.actor().staff, pin).await;
            let who = Who {
                id: core.actor().staff,
                name: core.actor().staff_name.clone(),
                role: core.actor().role,
                pin: field.then(|| pin.to_string()),
            };
            tracing::info!(staff = %who.name, role = who.role.as_str(), "logged in");
            let session = Session {
                name: who.name.clone(),
                role: who.role,
                offline: false,
            };
            set(sh, Some(core), who);
            if let Err(e) = sync_core(sh).await {
                tracing::warn!("no core to sync the journal with yet: {}", e.message);
            }
            return Ok(session);
        }
        Ok(Err(e)) if !e.no_answer() => return Err(e.into()),
        Ok(Err(e)) => UiError::from(e),
        Err(_) => UiError::from(unavailable("the database did not answer in time")),
    };
    // the database is gone: the PIN opens the sealed store, or nothing
    let member = {
        let mut gate = sh.gate.lock().await;
        match gate.store.as_mut().filter(|s| !s.keyholders().is_empty()) {
            // one argon2id run per wrap (spawn_blocking inside), slower after repeated failures
            Some(store) => store.unlock(pin).await?,
            None => return Err(e),
        }
    };
    let Some(member) = member else {
        return Err(BookingError::WrongPin {
            failures: 0,
            wait_seconds: 0,
        }
        .into());
    };
    let who = Who {
        id: Some(member.id),
        name: member.name.clone(),
        role: Role::parse(&member.role).unwrap_or(Role::Guide),
        pin: Some(pin.to_string()),
    };
    tracing::info!(staff = %who.name, "logged in offline, from the field store");
    let session = Session {
        name: who.name.clone(),
        role: who.role,
        offline: true,
    };
    set(sh, None, who);
    Ok(session)
}

/// On a field laptop, opens its store with the PIN of someone it was
/// prepared for (only then: a PIN it would not open is no failure to count).
/// True on a field laptop (its prepare needs the PIN).
async fn open_for(sh: &Shared, staff: Option<StaffId>, pin: &str) -> bool {
    let mut gate = sh.gate.lock().await;
    let Some(store) = gate.store.as_mut() else {
        return false;
    };
    if !store.unlocked() && staff.is_some_and(|id| store.keyholders().contains(&id)) {
        match store.unlock(pin).await {
            Ok(Some(m)) => tracing::info!(staff = %m.name, "the field store is open"),
            Ok(None) => tracing::warn!("the PIN that logged in does not open the field store"),
            Err(e) => tracing::warn!("the field store did not open: {e}"),
        }
    }
    true
}

/// The kiosk locked: the session ends on the server at once (a locked
/// kiosk's session is of no use to anyone who walks up to it), and the
/// runtime forgets it; the PIN at unlock makes a new one.
pub async fn logout(sh: &Shared) {
    let core = sh.core.write().ok().and_then(|mut c| c.take());
    let Some(core) = core else { return };
    {
        let mut gate = sh.gate.lock().await;
        if gate.sync_core.as_ref().map(|c| c.actor().session_id) == Some(core.actor().session_id) {
            gate.sync_core = None;
        }
    }
    if let Err(e) = core.logout("lock").await {
        // offline: the session expires by itself (12 h) and is of no use without the token
        tracing::warn!("could not end the session on the server: {e}");
    }
}

/// The database is back after an offline login: the real core of whoever
/// is logged in.
pub async fn connect(sh: &Shared) -> Result<(), UiError> {
    let who = sh
        .who
        .read()
        .ok()
        .and_then(|w| w.clone())
        .ok_or_else(|| unavailable("nobody is logged in"))?;
    let core = tokio::time::timeout(CONNECT_TIMEOUT, async {
        migrate(sh).await?;
        let pin = who.pin.as_deref().unwrap_or_default();
        Core::login(sh.pool.clone(), &sh.device, Source::Desk, pin, Some(&who.name)).await
    })
    .await
    .map_err(|_| unavailable("no answer in time"))??;
    set(sh, Some(core), who);
    sync_core(sh).await?;
    tracing::info!("the database is back: logged in online");
    Ok(())
}

/// Replays the journal, reporting progress, then the report and the store.
pub async fn sync(sh: &Shared) {
    let result = async {
        let by = sync_core(sh).await?;
        let mut gate = sh.gate.lock().await;
        let Some(store) = gate.store.as_mut() else {
            return Ok(field::SyncReport::default());
        };
        let tx = sh.tx.clone();
        field::sync(store, &by, |p| {
            let _ = tx.send(Action::Field(FieldMsg::Progress(p)));
        })
        .await
        .map_err(UiError::from)
    }
    .await;
    if let Err(e) = &result {
        tracing::warn!("sync stopped: {}", e.message);
    }
    sh.send(FieldMsg::Synced(result));
    sh.report_status().await;
}

/// The open conflicts on the server.
pub async fn conflicts(sh: &Shared) {
    let result = match sh.core() {
        Some(core) => core.field_conflicts(false).await.map_err(UiError::from),
        None => Err(unavailable("logged in offline").into()),
    };
    sh.send(FieldMsg::Conflicts(result));
}

pub async fn resolve(sh: &Shared, id: i64, note: &str) {
    let result = match sh.core() {
        Some(core) => core.resolve_conflict(id, note).await.map(|_| ()).map_err(UiError::from),
        None => Err(unavailable("logged in offline").into()),
    };
    sh.send(FieldMsg::Resolved(id, result));
}
