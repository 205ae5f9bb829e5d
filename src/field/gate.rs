//! Online first, offline when the database does not answer in time: the
//! check-in path of the kiosk and of `tourdesk checkin`. Going back online,
//! what waits in the journal is synced before the next online scan, so the
//! server sees the scans in the order they happened.

use super::{FieldError, FieldStore, Result, sync};
use crate::booking::{BookingError, CheckIn, CheckInRequest, Core};
use crate::domain::StaffId;
use std::time::{Duration, Instant};

/// How long a scan waits for the database before answering offline.
pub const ONLINE_TIMEOUT: Duration = Duration::from_millis(1500);
/// After a timeout, scans answer offline at once for this long before the
/// database is tried again.
pub const RETRY_AFTER: Duration = Duration::from_secs(5);

const NO_ANSWER: &str = "no answer to";

pub struct Answer {
    pub check_in: CheckIn,
    /// decided on this laptop (journalled), not by the server
    pub offline: bool,
    /// journal entries waiting for the server
    pub pending: usize,
}

#[derive(Default)]
pub struct Gate {
    pub store: Option<FieldStore>,
    /// syncs what waits before an online scan; the scanning core when unset
    /// (the kiosk sets a core that may replay sales too: see `field::core_for`)
    pub sync_core: Option<Core>,
    offline_until: Option<Instant>,
    /// someone who watches the database (the kiosk's health ping) says it is gone
    held_offline: bool,
}

fn unreachable(e: &BookingError) -> bool {
    // an unknown outcome too: the journal keeps the same event id, and the
    // server keeps the first of the two
    e.no_answer()
}

impl Gate {
    pub fn new(store: Option<FieldStore>) -> Gate {
        Gate {
            store,
            ..Gate::default()
        }
    }

    /// True while scans are answered offline without trying the database.
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
                Err(FieldError::Core(e)) if unreachable(&e) => self.went_offline(),
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
