//! Who is logged in, with or without the database: a PIN logs in on the
//! server when it answers in time, else opens this laptop's sealed store;
//! the database coming back makes the real core; the journal's sync and the
//! conflicts it found.

use super::{Service, Who, unavailable};
use crate::booking::{BookingError, Core, FieldConflict, Source};
use crate::domain::{Role, StaffId};
use crate::field::{self, FieldError, LocalConflict, Result, SyncProgress, SyncReport};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// A PIN check on the server gives up after this and tries this laptop's store.
const LOGIN_TIMEOUT: Duration = Duration::from_secs(3);
/// With no store to fall back to, a slow server is still the only answer:
/// waiting longer beats "the database does not answer" on a busy network (a
/// 3 s limit here failed a login through a slow link under load in CI).
const LOGIN_TIMEOUT_NO_STORE: Duration = Duration::from_secs(10);
/// Making a core (it registers the device) when the database came back.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The conflicts to review, and where they were read.
#[derive(Debug, Clone)]
pub enum Review {
    /// the server's, every device's
    Server(Vec<FieldConflict>),
    /// the database did not answer: what this laptop's syncs found
    Laptop(Vec<LocalConflict>),
}

/// Who logged in, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    pub name: String,
    pub role: Role,
    /// from the field store's PIN wraps, the database gone
    pub offline: bool,
    /// who logged in (a guide's own departures come first on the kiosk)
    pub staff: Option<StaffId>,
}

impl Service {
    fn pool(&self) -> Result<sqlx::PgPool> {
        self.inner
            .pool
            .clone()
            .ok_or_else(|| unavailable("this service was given its core: it has no database to log in to"))
    }

    /// Migrations of a pool made without the database, once.
    async fn migrate(&self) -> crate::booking::Result<()> {
        if self.inner.migrate.load(Ordering::SeqCst) {
            let pool = self.pool().map_err(|e| BookingError::Unavailable(e.to_string()))?;
            crate::db::prepare(&pool)
                .await
                .map_err(|e| BookingError::Unavailable(e.to_string()))?;
            self.inner.migrate.store(false, Ordering::SeqCst);
            tracing::info!("the database answered: migrations applied");
        }
        Ok(())
    }

    /// The core that replays the journal: the logged-in person's session on
    /// this laptop (the server checks that each offline sale's seller may
    /// sell, so a guide's login syncs a clerk's sales too); without one, the
    /// schema owner's when that is who connects.
    async fn sync_core(&self) -> Result<Core> {
        let device = &self.inner.device;
        if let Some(c) = self.core().filter(|c| &c.actor().device_name == device) {
            self.inner.link.lock().await.sync_core = Some(c.clone());
            return Ok(c);
        }
        if let Some(c) = self.inner.link.lock().await.sync_core.clone() {
            return Ok(c);
        }
        let pool = self.pool()?;
        let c = tokio::time::timeout(CONNECT_TIMEOUT, field::core_for(pool, device))
            .await
            .map_err(|_| unavailable("no answer in time"))??;
        self.inner.link.lock().await.sync_core = Some(c.clone());
        Ok(c)
    }

    /// Online when the database answers in time; else by opening this
    /// laptop's sealed store with the PIN (no hash is kept to check it
    /// against), acting offline until the database is back. Online, the
    /// store is opened too when it was prepared for this person, for offline
    /// verdicts later.
    pub async fn login(&self, pin: &str) -> Result<Login> {
        // known to be gone (the header's ping) with a sealed store to open
        // instead: no waiting for a timeout. Without one the database is the
        // only way in, so it is asked anyway: a ping that missed its 2 s on a
        // loaded machine must not turn a right PIN away (the kiosk pty test
        // saw that under CI load).
        let (gone, fallback) = {
            let link = self.inner.link.lock().await;
            let fallback = link.store.as_ref().is_some_and(|s| !s.keyholders().is_empty());
            (link.offline(), fallback)
        };
        let online = if gone && fallback {
            Ok(Err(BookingError::Unavailable("the database does not answer".into())))
        } else {
            let pool = self.pool()?;
            let limit = if fallback {
                LOGIN_TIMEOUT
            } else {
                LOGIN_TIMEOUT_NO_STORE
            };
            tokio::time::timeout(limit, async {
                self.migrate().await?;
                Core::login(pool, &self.inner.device, Source::Desk, pin, None).await
            })
            .await
        };
        let e = match online {
            Ok(Ok(core)) => return Ok(self.logged_in(core, pin).await),
            Ok(Err(e)) if !e.no_answer() => return Err(e.into()),
            Ok(Err(e)) => FieldError::from(e),
            Err(_) => unavailable("the database did not answer in time"),
        };
        // the database is gone: the PIN opens the sealed store, or nothing
        let member = {
            let mut link = self.inner.link.lock().await;
            match link.store.as_mut().filter(|s| !s.keyholders().is_empty()) {
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
        let login = Login {
            name: who.name.clone(),
            role: who.role,
            offline: true,
            staff: who.id,
        };
        self.set(None, who);
        Ok(login)
    }

    async fn logged_in(&self, core: Core, pin: &str) -> Login {
        let field = self.open_for(core.actor().staff, pin).await;
        let who = Who {
            id: core.actor().staff,
            name: core.actor().staff_name.clone(),
            role: core.actor().role,
            pin: field.then(|| pin.to_string()),
        };
        tracing::info!(staff = %who.name, role = who.role.as_str(), "logged in");
        let login = Login {
            name: who.name.clone(),
            role: who.role,
            offline: false,
            staff: who.id,
        };
        self.set(Some(core), who);
        if let Err(e) = self.sync_core().await {
            tracing::warn!("no core to sync the journal with yet: {e}");
        }
        login
    }

    /// On a field laptop, opens its store with the PIN of someone it was
    /// prepared for (only then: a PIN it would not open is no failure to
    /// count). True on a field laptop (its prepare needs the PIN).
    async fn open_for(&self, staff: Option<StaffId>, pin: &str) -> bool {
        let mut link = self.inner.link.lock().await;
        let Some(store) = link.store.as_mut() else {
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
    /// service forgets it; the PIN at unlock makes a new one.
    pub async fn logout(&self) {
        let core = self.inner.core.write().ok().and_then(|mut c| c.take());
        let Some(core) = core else { return };
        {
            let mut link = self.inner.link.lock().await;
            if link.sync_core.as_ref().map(|c| c.actor().session_id) == Some(core.actor().session_id) {
                link.sync_core = None;
            }
        }
        if let Err(e) = core.logout("lock").await {
            // offline: the session expires by itself (12 h) and is of no use without the token
            tracing::warn!("could not end the session on the server: {e}");
        }
    }

    /// The database is back after an offline login: the real core of
    /// whoever is logged in.
    pub async fn connect(&self) -> Result<()> {
        let who = self.who().ok_or_else(|| unavailable("nobody is logged in"))?;
        let pool = self.pool()?;
        let core = tokio::time::timeout(CONNECT_TIMEOUT, async {
            self.migrate().await?;
            let pin = who.pin.as_deref().unwrap_or_default();
            Core::login(pool, &self.inner.device, Source::Desk, pin, Some(&who.name)).await
        })
        .await
        .map_err(|_| unavailable("no answer in time"))??;
        self.set(Some(core), who);
        self.sync_core().await?;
        tracing::info!("the database is back: logged in online");
        Ok(())
    }

    /// Replays the journal, telling `progress` as it goes.
    pub async fn sync(&self, progress: impl FnMut(SyncProgress)) -> Result<SyncReport> {
        let by = self.sync_core().await?;
        let mut link = self.inner.link.lock().await;
        let Some(store) = link.store.as_mut() else {
            return Ok(SyncReport::default());
        };
        field::sync(store, &by, progress).await
    }

    /// The open conflicts on the server (the kiosk's list: online only).
    pub async fn conflicts(&self) -> Result<Vec<FieldConflict>> {
        Ok(self.online()?.field_conflicts(false).await?)
    }

    /// What the syncs found to review, from wherever it can be read: the
    /// server's conflicts of every device (resolved ones too with `all`)
    /// while it answers, else what this laptop's own syncs found, from its
    /// store (opened with a PIN first).
    pub async fn review(&self, all: bool) -> Result<Review> {
        if let Some(core) = self.core() {
            return Ok(Review::Server(core.field_conflicts(all).await?));
        }
        let link = self.inner.link.lock().await;
        let store = link.store.as_ref().ok_or(FieldError::NoStore)?;
        Ok(Review::Laptop(store.conflicts().await?))
    }

    /// Marks a conflict reviewed on the server, with what was done about it.
    pub async fn resolve(&self, id: i64, note: &str) -> Result<FieldConflict> {
        Ok(self.online()?.resolve_conflict(id, note).await?)
    }
}
