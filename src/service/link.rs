//! The service's link to the database as seen from this laptop: whether to
//! try the core or answer from the field store at once, and the online-first
//! check-in (a scan waits `ONLINE_TIMEOUT` for the database, then is decided
//! offline; after such a timeout scans stay offline for `RETRY_AFTER`).
//! Going back online, what waits in the journal is synced before the next
//! online scan, so the server sees the scans in the order they happened.

use crate::booking::{BookingError, CheckIn, CheckInRequest, Core};
use crate::domain::StaffId;
use crate::field::{FieldError, FieldStore, ONLINE_TIMEOUT, RETRY_AFTER, Result, sync};
use std::time::Instant;

const NO_ANSWER: &str = "no answer to";

/// A check-in's verdict and where it was decided.
#[derive(Debug, Clone)]
pub struct Answer {
    pub check_in: CheckIn,
    /// decided on this laptop (journalled), not by the server
    pub offline: bool,
    /// journal entries waiting for the server
    pub pending: usize,
}

#[derive(Default)]
pub(super) struct Link {
    pub store: Option<FieldStore>,
    /// syncs what waits before an online scan; the scanning core when unset
    /// (the kiosk sets a core that may replay sales too: see `field::core_for`)
    pub sync_core: Option<Core>,
    offline_until: Option<Instant>,
    /// someone who watches the database (the kiosk's health ping) says it is gone
    held_offline: bool,
}

impl Link {
    pub fn new(store: Option<FieldStore>) -> Link {
        Link {
            store,
            ..Link::default()
        }
    }

    /// True while calls are answered offline without trying the database.
    pub fn offline(&self) -> bool {
        self.held_offline || self.offline_until.is_some_and(|t| Instant::now() < t)
    }

    /// What a watcher of the database knows: gone (scans answer offline at
    /// once, nobody waits for a timeout) or back (the next scan goes online).
    pub fn set_offline(&mut self, offline: bool) {
        self.held_offline = offline;
        if !offline {
            self.offline_until = None;
        }
    }

    pub fn pending(&self) -> usize {
        self.store.as_ref().map_or(0, FieldStore::pending)
    }

    /// The store when something was prepared on it (it can answer).
    pub fn prepared(&self) -> Option<&FieldStore> {
        self.store.as_ref().filter(|s| s.prepared_at().is_some())
    }

    pub fn prepared_mut(&mut self) -> Option<&mut FieldStore> {
        self.store.as_mut().filter(|s| s.prepared_at().is_some())
    }

    fn went_offline(&mut self) {
        tracing::warn!("the database did not answer: checking in offline");
        self.offline_until = Some(Instant::now() + RETRY_AFTER);
    }

    /// Checks in through the core, or offline from the store when the core
    /// is missing, unreachable or too slow. The same event id either way: a
    /// scan the server did get before the answer was lost is applied once.
    pub async fn check_in(
        &mut self,
        core: Option<&Core>,
        req: &CheckInRequest,
        staff: Option<StaffId>,
    ) -> Result<Answer> {
        if let Some(core) = core.filter(|_| !self.offline()) {
            match self.online(core, req).await {
                Ok(c) => {
                    self.offline_until = None;
                    if let Some(s) = self.store.as_mut() {
                        s.note_online(&c);
                    }
                    return Ok(Answer {
                        check_in: c,
                        offline: false,
                        pending: self.pending(),
                    });
                }
                // an unknown outcome too: the journal keeps the same event
                // id, and the server keeps the first of the two
                Err(FieldError::Core(e)) if e.no_answer() => self.went_offline(),
                Err(e) => return Err(e),
            }
        }
        let Some(store) = self.store.as_mut() else {
            return Err(FieldError::Core(BookingError::Unavailable(
                "the database does not answer and this laptop was not prepared for offline check-in \
                 (`tourdesk field prepare` while online)"
                    .into(),
            )));
        };
        let c = store.check_in(req, staff).await?;
        Ok(Answer {
            check_in: c,
            offline: true,
            pending: store.pending(),
        })
    }

    /// Tries the database; a connection that died while the network was
    /// gone fails at once and is dropped, so a failure that was not a
    /// timeout is tried again (the pool holds a few such connections).
    async fn online(&mut self, core: &Core, req: &CheckInRequest) -> Result<CheckIn> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_online(core, req).await {
                Err(FieldError::Core(BookingError::Unavailable(m))) if attempt < 4 && !m.starts_with(NO_ANSWER) => {
                    tracing::debug!("retrying on a fresh connection: {m}");
                }
                other => return other,
            }
        }
    }

    async fn try_online(&mut self, core: &Core, req: &CheckInRequest) -> Result<CheckIn> {
        let timeout = |what: &str| FieldError::Core(BookingError::Unavailable(format!("{NO_ANSWER} {what} in time")));
        if let Some(store) = self.store.as_mut().filter(|s| s.pending() > 0) {
            let by = self.sync_core.as_ref().unwrap_or(core);
            tokio::time::timeout(ONLINE_TIMEOUT * 4, sync(store, by, |_| {}))
                .await
                .map_err(|_| timeout("the sync"))??;
        }
        Ok(tokio::time::timeout(ONLINE_TIMEOUT, core.check_in(req))
            .await
            .map_err(|_| timeout("the check-in"))??)
    }
}
