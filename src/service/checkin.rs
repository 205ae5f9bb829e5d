//! Check-in: scans online first (`link.rs`), manifests from the core while
//! it answers in time and from what was prepared when it does not (the
//! departures themselves: `departures.rs`), what only the server does (undo,
//! no-show, close, reopen), and taking departures along / giving the
//! allotment back.

use super::{Answer, Service};
use crate::booking::{CheckInRequest, CloseReport, Manifest, UndoneCheckIn};
use crate::domain::{DepartureId, ParticipantId};
use crate::field::{self, FieldError, PrepareReport, Result};
use chrono::{TimeDelta, Utc};

/// Prepared departures that started longer ago than this are not kept when
/// another one is prepared.
const KEEP_STARTED: TimeDelta = TimeDelta::hours(12);

impl Service {
    /// A scan or a look-up: online first, decided on this laptop when the
    /// database does not answer in time (the same event id either way).
    pub async fn check_in(&self, req: &CheckInRequest) -> Result<Answer> {
        let core = self.core();
        let staff = self.staff();
        self.inner.link.lock().await.check_in(core.as_ref(), req, staff).await
    }

    pub async fn manifest(&self, id: DepartureId) -> Result<Manifest> {
        self.read(|c| async move { c.manifest(id).await }, |s| s.manifest(id))
            .await
    }

    pub async fn undo_check_in(&self, participant: ParticipantId, reason: &str) -> Result<UndoneCheckIn> {
        Ok(self.online()?.undo_check_in(participant, reason).await?)
    }

    pub async fn set_no_show(&self, participant: ParticipantId, no_show: bool, reason: &str) -> Result<()> {
        self.online()?.set_no_show(participant, no_show, reason).await?;
        Ok(())
    }

    pub async fn close_check_in(&self, departure: DepartureId, force: bool) -> Result<CloseReport> {
        Ok(self.online()?.close_check_in(departure, force).await?)
    }

    pub async fn reopen_check_in(&self, departure: DepartureId) -> Result<i32> {
        Ok(self.online()?.reopen_check_in(departure).await?)
    }

    /// Syncs what waits (with the core that may replay every entry), then
    /// takes `departure` along with the departures already prepared that have
    /// not long left, leasing `seats` on it. Sealed for the logged-in person
    /// (the kiosk has no "add a guide" step: `field prepare --also` does).
    pub async fn prepare(&self, departure: DepartureId, seats: Option<u32>) -> Result<PrepareReport> {
        let core = self.online()?;
        let pin = self.who().and_then(|w| w.pin).ok_or(FieldError::Sealed)?;
        let me = core.actor().staff_name.clone();
        let holders = [field::keyholder(&core, Some(&me), &pin).await?];
        let mut link = self.inner.link.lock().await;
        let by = link.sync_core.clone();
        let store = link.store.as_mut().ok_or(FieldError::NoStore)?;
        if let Some(by) = &by {
            field::sync(store, by, |_| {}).await?;
        }
        let keep: Vec<DepartureId> = store
            .departures()
            .iter()
            .filter(|d| d.id != departure && d.starts_at > Utc::now() - KEEP_STARTED)
            .map(|d| d.id)
            .collect();
        // an allotment is leased on one departure: take the others along after it
        let report = field::prepare(store, &core, &[departure], seats, &holders).await?;
        if keep.is_empty() {
            return Ok(report);
        }
        let all: Vec<DepartureId> = std::iter::once(departure).chain(keep).collect();
        match field::prepare(store, &core, &all, None, &holders).await {
            Ok(mut with_others) => {
                with_others.synced = report.synced;
                Ok(with_others)
            }
            Err(e) => {
                tracing::warn!("prepared departure {departure}, but not the others again: {e}");
                Ok(report)
            }
        }
    }

    /// Gives back this laptop's unsold seats on `departure`; how many.
    pub async fn release_allotment(&self, departure: DepartureId) -> Result<i32> {
        let core = self.online()?;
        let mut link = self.inner.link.lock().await;
        let by = link.sync_core.clone();
        let store = link.store.as_mut().ok_or(FieldError::NoStore)?;
        if let Some(by) = &by {
            field::sync(store, by, |_| {}).await?;
        }
        let seats = store.allotment_left(departure, store.now().at);
        field::release(store, &core, Some(departure)).await?;
        Ok(seats)
    }
}
