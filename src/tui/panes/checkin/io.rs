//! The check-in pane's calls, on the service (online first, this laptop's
//! field store when the database is gone: `service`), and the QR decoder.

use super::{Call, DecodeFailure, Msg};
use crate::service::Service;
use crate::ticket::decode::{DecodeError, decode_file};
use crate::tui::action::UiError;
use std::path::{Path, PathBuf};

pub async fn exec(service: &Service, call: Call) -> Msg {
    let ui = UiError::from;
    match call {
        Call::CheckIn(req) => match service.check_in(&req).await {
            Ok(a) if a.offline => Msg::Offline(req.event_id, Box::new(a.check_in)),
            Ok(a) => Msg::CheckedIn(req.event_id, Ok(Box::new(a.check_in))),
            Err(e) => Msg::CheckedIn(req.event_id, Err(e.into())),
        },
        Call::Departures { from, to } => Msg::Departures(service.departures(from, to).await.map_err(ui)),
        Call::Departure(id) => Msg::Departure(service.departure(id).await.map(Box::new).map_err(ui)),
        Call::Manifest(id) => Msg::Manifest(id, service.manifest(id).await.map(Box::new).map_err(ui)),
        Call::Pickups(id) => Msg::Pickups(
            id,
            service.pickup_manifest(id).await.map(|r| r.map(Box::new)).map_err(ui),
        ),
        Call::Prepare { departure, seats } => {
            Msg::Prepared(service.prepare(departure, seats).await.map(Box::new).map_err(ui))
        }
        Call::Release(departure) => Msg::Released(service.release_allotment(departure).await.map_err(ui)),
        Call::Undo { participant, reason } => Msg::Undone(
            participant,
            service.undo_check_in(participant, &reason).await.map_err(ui),
        ),
        Call::Pay {
            booking,
            amount_minor,
            method,
            reference,
            key,
        } => Msg::Paid(
            service
                .pay(&booking, amount_minor, method, &reference, key)
                .await
                .map_err(ui),
        ),
        Call::NoShow { participant, no_show } => Msg::NoShowSet(
            participant,
            no_show,
            service.set_no_show(participant, no_show, "").await.map_err(ui),
        ),
        Call::Close { departure, force } => {
            Msg::Closed(force, service.close_check_in(departure, force).await.map_err(ui))
        }
        Call::Reopen(departure) => Msg::Reopened(service.reopen_check_in(departure).await.map_err(ui)),
        Call::Rollcall(id) => Msg::Rollcall(id, service.rollcall(id).await.map(Box::new).map_err(ui)),
        Call::Return(req) => Msg::Returned(req.key, service.record_return(&req).await.map(Box::new).map_err(ui)),
        Call::Muster(id) => Msg::Mustered(muster(service, id).await),
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

/// Writes the departure's muster list (0600) into the data folder, as CSV
/// and PNG pages: the CLI's writers (service::muster), the kiosk's place.
/// The folder and the files written, the CSV first.
async fn muster(service: &Service, id: crate::domain::DepartureId) -> Result<(PathBuf, Vec<PathBuf>), String> {
    let r = service.rollcall(id).await.map_err(|e| e.to_string())?;
    let dir = super::returns::muster_dir();
    crate::private::private_dir(&dir).map_err(|e| e.to_string())?;
    let path = crate::service::muster::muster_path(&dir, id);
    let file = crate::private::create_file(&path, false).map_err(|e| e.to_string())?;
    crate::service::muster::write_muster(&r, file).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // drawing and compressing A4 pages takes a moment of CPU: off the async threads
    let d = dir.clone();
    let pages = tokio::task::spawn_blocking(move || crate::service::muster::write_muster_png(&r, &d))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let mut files = vec![path];
    files.extend(pages);
    Ok((dir, files))
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
