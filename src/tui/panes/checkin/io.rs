//! The check-in pane's calls: on the core when the database answers, on this
//! laptop's field store when it does not (check-ins through the shared
//! `field::Gate`, manifests and departures from what was prepared), and the
//! QR decoder.

use super::{Call, DecodeFailure, Msg};
use crate::booking::{BookingError, Core, Departure, FieldDeparture};
use crate::domain::{DepartureId, ErrorCode, TourId, WeatherStatus};
use crate::field::{self, FieldError, FieldStore, ONLINE_TIMEOUT};
use crate::ticket::decode::{DecodeError, decode_file};
use crate::tui::action::UiError;
pub use crate::tui::panes::Io;
use chrono::{TimeDelta, Utc};
use std::future::Future;
use std::path::{Path, PathBuf};

/// Prepared departures that started longer ago than this are not kept when
/// another one is prepared.
const KEEP_STARTED: TimeDelta = TimeDelta::hours(12);

pub async fn exec(io: &Io, call: Call) -> Msg {
    match call {
        Call::CheckIn(req) => {
            let answer = io.gate.lock().await.check_in(io.core.as_ref(), &req, io.staff).await;
            match answer {
                Ok(a) if a.offline => Msg::Offline(req.event_id, Box::new(a.check_in)),
                Ok(a) => Msg::CheckedIn(req.event_id, Ok(Box::new(a.check_in))),
                Err(e) => Msg::CheckedIn(req.event_id, Err(e.into())),
            }
        }
        Call::Departures { from, to } => Msg::Departures(
            read(
                io,
                |c| async move { c.list_departures(from, to).await },
                |s| Ok(s.departures().iter().map(listed).collect()),
            )
            .await,
        ),
        Call::Departure(id) => Msg::Departure(
            read(
                io,
                |c| async move { c.departure(id).await.map(Box::new) },
                |s| {
                    s.departures()
                        .iter()
                        .find(|d| d.id == id)
                        .map(|d| Box::new(listed(d)))
                        .ok_or(FieldError::NotPrepared(id))
                },
            )
            .await,
        ),
        Call::Manifest(id) => Msg::Manifest(
            id,
            read(
                io,
                |c| async move { c.manifest(id).await.map(Box::new) },
                |s| s.manifest(id).map(Box::new),
            )
            .await,
        ),
        Call::Prepare { departure, seats } => Msg::Prepared(prepare(io, departure, seats).await),
        Call::Release(departure) => Msg::Released(release(io, departure).await),
        Call::Undo { participant, reason } => Msg::Undone(
            participant,
            match online(io) {
                Ok(core) => core.undo_check_in(participant, &reason).await.map_err(UiError::from),
                Err(e) => Err(e),
            },
        ),
        Call::NoShow { participant, no_show } => Msg::NoShowSet(
            participant,
            no_show,
            match online(io) {
                Ok(core) => core.set_no_show(participant, no_show, "").await.map_err(UiError::from),
                Err(e) => Err(e),
            },
        ),
        Call::Close { departure, force } => Msg::Closed(
            force,
            match online(io) {
                Ok(core) => core.close_check_in(departure, force).await.map_err(UiError::from),
                Err(e) => Err(e),
            },
        ),
        Call::Reopen(departure) => Msg::Reopened(match online(io) {
            Ok(core) => core.reopen_check_in(departure).await.map_err(UiError::from),
            Err(e) => Err(e),
        }),
        Call::Decode(path) => {
            let path = expand(&path);
            let p = path.clone();
            // decoding takes ~100 ms of CPU: off the async threads
            let result = match tokio::task::spawn_blocking(move || decode_file(&p)).await {
                Ok(r) => r.map_err(failure),
                Err(e) => Err(DecodeFailure::Other(e.to_string())),
            };
            Msg::Decoded(path, result)
        }
    }
}

pub(crate) fn unavailable(what: &str) -> UiError {
    UiError::from(BookingError::Unavailable(what.to_string()))
}

/// The core, for what only the server can do.
fn online(io: &Io) -> Result<&Core, UiError> {
    io.core
        .as_ref()
        .ok_or_else(|| unavailable("logged in offline: this needs the database"))
}

/// Reads from the core while the database answers (in time), else from the
/// store when it has the answer.
async fn read<T, F, Fut>(
    io: &Io,
    on_core: F,
    from_store: impl FnOnce(&FieldStore) -> field::Result<T>,
) -> Result<T, UiError>
where
    F: FnOnce(Core) -> Fut,
    Fut: Future<Output = crate::booking::Result<T>>,
{
    let offline = io.gate.lock().await.offline();
    let mut failed = unavailable("the database does not answer");
    if let Some(core) = io.core.clone().filter(|_| !offline) {
        match tokio::time::timeout(ONLINE_TIMEOUT * 2, on_core(core)).await {
            Ok(Ok(v)) => return Ok(v),
            Ok(Err(e)) if !e.no_answer() => return Err(e.into()),
            Ok(Err(e)) => failed = e.into(),
            Err(_) => {}
        }
    }
    let gate = io.gate.lock().await;
    match gate.store.as_ref().filter(|s| s.prepared_at().is_some()) {
        Some(store) => from_store(store).map_err(UiError::from),
        None => Err(failed),
    }
}

/// A prepared departure as the panes list it.
pub(crate) fn listed(d: &FieldDeparture) -> Departure {
    Departure {
        id: d.id,
        tour_id: TourId(0),
        tour: d.tour.clone(),
        starts_at: d.starts_at,
        time_zone: d.time_zone.clone(),
        meeting_point: d.meeting_point.clone(),
        capacity: d.capacity,
        booked: d.booked,
        held: 0,
        free: (d.capacity - d.booked).max(0),
        waitlist: 0,
        status: d.status,
        // offline the weather is not known; "ok" shows no warning, as before
        weather_status: WeatherStatus::Ok,
        weather_note: String::new(),
        adult_price_minor: 0,
        child_price_minor: 0,
        currency: d.currency.clone(),
    }
}

/// Syncs what waits (with the core that may replay every entry), then takes
/// `departure` along with the departures already prepared that have not long
/// left, leasing `seats` on it.
async fn prepare(io: &Io, departure: DepartureId, seats: Option<u32>) -> Result<Box<field::PrepareReport>, UiError> {
    let core = online(io)?;
    // sealed for the logged-in person (the kiosk has no "add a guide" step: `field prepare --also` does)
    let pin = io
        .pin
        .as_deref()
        .ok_or_else(|| UiError::from(field::FieldError::Sealed))?;
    let me = core.actor().staff_name.clone();
    let holders = [field::keyholder(core, Some(&me), pin).await?];
    let mut gate = io.gate.lock().await;
    let by = gate.sync_core.clone();
    let store = gate.store.as_mut().ok_or_else(no_store)?;
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
    let report = field::prepare(store, core, &[departure], seats, &holders).await?;
    if keep.is_empty() {
        return Ok(Box::new(report));
    }
    let all: Vec<DepartureId> = std::iter::once(departure).chain(keep).collect();
    match field::prepare(store, core, &all, None, &holders).await {
        Ok(mut with_others) => {
            with_others.synced = report.synced;
            Ok(Box::new(with_others))
        }
        Err(e) => {
            tracing::warn!("prepared departure {departure}, but not the others again: {e}");
            Ok(Box::new(report))
        }
    }
}

/// Gives back this laptop's unsold seats on `departure`; how many.
async fn release(io: &Io, departure: DepartureId) -> Result<i32, UiError> {
    let core = online(io)?;
    let mut gate = io.gate.lock().await;
    let by = gate.sync_core.clone();
    let store = gate.store.as_mut().ok_or_else(no_store)?;
    if let Some(by) = &by {
        field::sync(store, by, |_| {}).await?;
    }
    let seats = store.allotment_left(departure, store.now().at);
    field::release(store, core, Some(departure)).await?;
    Ok(seats)
}

fn no_store() -> UiError {
    UiError {
        code: ErrorCode::FieldStore,
        message: "this kiosk has no field store".into(),
    }
}

/// A path as typed or dropped into the terminal: quotes around it, `~/`.
fn expand(path: &Path) -> PathBuf {
    let s = path.to_string_lossy();
    let s = s.trim().trim_matches(|c| c == '\'' || c == '"');
    match (s.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(s),
    }
}

fn failure(e: DecodeError) -> DecodeFailure {
    match e {
        DecodeError::Io { ref source, .. } if source.kind() == std::io::ErrorKind::NotFound => DecodeFailure::NoFile,
        DecodeError::Io { .. } => DecodeFailure::Other(e.to_string()),
        DecodeError::Image { .. } => DecodeFailure::NotImage,
    }
}
