//! Check-in: scans online first (`link.rs`), manifests from the core while
//! it answers in time and from what was prepared when it does not (the
//! departures themselves: `departures.rs`), what only the server does (undo,
//! no-show, close, reopen), and taking departures along / giving the
//! allotment back. A person of an offline sale not synced yet (a `Local`
//! row of an offline manifest) is never sent to the server: undo and no-show
//! say NOT_SYNCED (the sale let them in; a journalled undo that the sync
//! would have to order against the sale is not worth it at a gate).

use super::{Answer, Service};
use crate::booking::{CheckInRequest, CloseReport, Core, Manifest, UndoneCheckIn};
use crate::domain::{DepartureId, DepartureStatus, HoldId, HoldStatus, ParticipantId, ParticipantRef};
use crate::field::{self, FieldError, Keyholder, PrepareReport, Result};
use chrono::{NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};

/// Prepared departures that started longer ago than this are not kept when
/// another one is prepared.
const KEEP_STARTED: TimeDelta = TimeDelta::hours(12);

/// Which departures a prepare takes along.
#[derive(Debug, Clone, PartialEq)]
pub enum TakeAlong {
    /// the server's today, each departure's day in its own time zone
    Today,
    /// a day of the operator's time zone: its departures not cancelled
    Day(NaiveDate),
    These(Vec<DepartureId>),
}

/// Someone besides the logged-in person who will work the laptop: the store
/// is sealed for them too, once the server has checked their PIN.
pub struct Holder {
    pub name: String,
    pub pin: String,
}

impl std::fmt::Debug for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Holder({}, PIN hidden)", self.name)
    }
}

/// A prepare as the kiosk and `tourdesk field prepare` ask for it.
#[derive(Debug)]
pub struct Prepare {
    pub take: TakeAlong,
    /// seats to lease on the one departure taken, to sell offline
    pub allotment: Option<u32>,
    pub also: Vec<Holder>,
    /// keep the departures prepared here before that have not long left
    /// (the kiosk adds one at a time; the CLI names them all)
    pub keep_others: bool,
}

/// What a release gave back.
#[derive(Debug, Clone)]
pub struct Released {
    /// each allotment given back, as the server left it
    pub holds: Vec<(HoldId, HoldStatus)>,
    /// the unsold seats this laptop had left on them
    pub seats: i32,
}

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

    pub async fn undo_check_in(&self, participant: ParticipantRef, reason: &str) -> Result<UndoneCheckIn> {
        let id = on_server(participant, "undo their check-in")?;
        Ok(self.online()?.undo_check_in(id, reason).await?)
    }

    pub async fn set_no_show(&self, participant: ParticipantRef, no_show: bool, reason: &str) -> Result<()> {
        let what = if no_show {
            "mark them a no-show"
        } else {
            "clear their no-show"
        };
        let id = on_server(participant, what)?;
        self.online()?.set_no_show(id, no_show, reason).await?;
        Ok(())
    }

    pub async fn close_check_in(&self, departure: DepartureId, force: bool) -> Result<CloseReport> {
        Ok(self.online()?.close_check_in(departure, force).await?)
    }

    pub async fn reopen_check_in(&self, departure: DepartureId) -> Result<i32> {
        Ok(self.online()?.reopen_check_in(departure).await?)
    }

    /// The kiosk's prepare: syncs what waits, then takes `departure` along
    /// with the departures already prepared that have not long left,
    /// leasing `seats` on it. Sealed for the logged-in person (the kiosk has
    /// no "add a guide" step: `field prepare --also` does).
    pub async fn prepare(&self, departure: DepartureId, seats: Option<u32>) -> Result<PrepareReport> {
        self.prepare_with(Prepare {
            take: TakeAlong::These(vec![departure]),
            allotment: seats,
            also: Vec::new(),
            keep_others: true,
        })
        .await
    }

    /// Takes departures along on this laptop (see [`Prepare`]): syncs what
    /// waits first (with the core that may replay every entry), seals the
    /// personal data for the logged-in person — an owner session has no PIN:
    /// only for `also` — and for each of `also`, every PIN checked by the
    /// server.
    pub async fn prepare_with(&self, p: Prepare) -> Result<PrepareReport> {
        let core = self.online()?;
        let holders = self.keyholders(&core, &p.also).await?;
        let ids = departures_of(&core, &p.take).await?;
        let mut link = self.inner.link.lock().await;
        let by = link.sync_core.clone();
        let store = link.store.as_mut().ok_or(FieldError::NoStore)?;
        if let Some(by) = &by {
            field::sync(store, by, |_| {}).await?;
        }
        let keep: Vec<DepartureId> = if p.keep_others && !ids.is_empty() {
            store
                .departures()
                .iter()
                .filter(|d| !ids.contains(&d.id) && d.starts_at > Utc::now() - KEEP_STARTED)
                .map(|d| d.id)
                .collect()
        } else {
            Vec::new()
        };
        // an allotment is leased on one departure: take the others along after it
        let report = field::prepare(store, &core, &ids, p.allotment, &holders).await?;
        if keep.is_empty() {
            return Ok(report);
        }
        let all: Vec<DepartureId> = ids.iter().copied().chain(keep).collect();
        match field::prepare(store, &core, &all, None, &holders).await {
            Ok(mut with_others) => {
                with_others.synced = report.synced;
                Ok(with_others)
            }
            Err(e) => {
                tracing::warn!("prepared departures {ids:?}, but not the others again: {e}");
                Ok(report)
            }
        }
    }

    /// Whom a prepare seals the store for: the logged-in person (their PIN
    /// kept since the login; none: `Sealed`), unless an owner session, and
    /// each of `also`.
    async fn keyholders(&self, core: &Core, also: &[Holder]) -> Result<Vec<Keyholder>> {
        let mut out = Vec::new();
        if let Some(who) = self.who().filter(|w| w.id.is_some()) {
            let pin = who.pin.ok_or(FieldError::Sealed)?;
            let me = core.actor().staff_name.clone();
            out.push(field::keyholder(core, Some(&me), &pin).await?);
        }
        for h in also {
            out.push(field::keyholder(core, Some(&h.name), &h.pin).await?);
        }
        Ok(out)
    }

    /// Gives back this laptop's unsold seats on `departure`; how many.
    pub async fn release_allotment(&self, departure: DepartureId) -> Result<i32> {
        Ok(self.release_allotments(Some(departure)).await?.seats)
    }

    /// Gives back this laptop's unsold seats: on `departure`, or on every
    /// departure. Syncs first (with the core that may replay every entry,
    /// then the logged-in one), so seats sold offline are booked before the
    /// rest go back.
    pub async fn release_allotments(&self, departure: Option<DepartureId>) -> Result<Released> {
        let core = self.online()?;
        let mut link = self.inner.link.lock().await;
        let by = link.sync_core.clone();
        let store = link.store.as_mut().ok_or(FieldError::NoStore)?;
        if let Some(by) = &by {
            field::sync(store, by, |_| {}).await?;
        }
        let now = store.now().at;
        let mut on: Vec<DepartureId> = store.allotments().iter().map(|a| a.departure_id).collect();
        on.retain(|d| departure.is_none_or(|only| only == *d));
        on.sort();
        on.dedup();
        let seats = on.iter().map(|d| store.allotment_left(*d, now)).sum();
        let holds = field::release(store, &core, departure).await?;
        Ok(Released { holds, seats })
    }
}

/// The server's id of a participant; a person of an offline sale not synced
/// yet has none, and `what` waits for the sync.
fn on_server(participant: ParticipantRef, what: &'static str) -> Result<ParticipantId> {
    participant.server().ok_or(FieldError::NotSynced { participant, what })
}

/// The departures `take` names; a day's are listed in the operator's time
/// zone (none that day is an error: not the server's today instead).
async fn departures_of(core: &Core, take: &TakeAlong) -> Result<Vec<DepartureId>> {
    let day = match take {
        // `field::prepare` decides the server's today, at the server's time
        TakeAlong::Today => return Ok(Vec::new()),
        TakeAlong::These(ids) => return Ok(ids.clone()),
        TakeAlong::Day(day) => *day,
    };
    let tz = core.time_zone().await?;
    let midnight = day.and_time(NaiveTime::MIN);
    let start = tz
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc));
    let ids: Vec<DepartureId> = core
        .list_departures(start, start + TimeDelta::days(1))
        .await?
        .into_iter()
        .filter(|d| !matches!(d.status, DepartureStatus::Cancelled))
        .map(|d| d.id)
        .collect();
    if ids.is_empty() {
        return Err(FieldError::Invalid {
            field: "date",
            problem: format!(
                "no departures on {day} ({tz}): name them with --departure ID, or a day that has some with --date"
            ),
        });
    }
    Ok(ids)
}
