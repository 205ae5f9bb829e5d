//! The check-in pane's calls on the core (and the QR decoder).

use super::{Call, DecodeFailure, Msg};
use crate::booking::Core;
use crate::ticket::decode::{DecodeError, decode_file};
use crate::tui::action::UiError;
use std::path::{Path, PathBuf};

pub async fn exec(core: &Core, call: Call) -> Msg {
    match call {
        Call::Departures { from, to } => Msg::Departures(core.list_departures(from, to).await.map_err(UiError::from)),
        Call::Departure(id) => Msg::Departure(core.departure(id).await.map(Box::new).map_err(UiError::from)),
        Call::Manifest(id) => Msg::Manifest(id, core.manifest(id).await.map(Box::new).map_err(UiError::from)),
        Call::CheckIn(req) => Msg::CheckedIn(
            req.event_id,
            core.check_in(&req).await.map(Box::new).map_err(UiError::from),
        ),
        Call::Undo { participant, reason } => Msg::Undone(
            participant,
            core.undo_check_in(participant, &reason).await.map_err(UiError::from),
        ),
        Call::NoShow { participant, no_show } => Msg::NoShowSet(
            participant,
            no_show,
            core.set_no_show(participant, no_show, "").await.map_err(UiError::from),
        ),
        Call::Close { departure, force } => Msg::Closed(
            force,
            core.close_check_in(departure, force).await.map_err(UiError::from),
        ),
        Call::Reopen(departure) => Msg::Reopened(core.reopen_check_in(departure).await.map_err(UiError::from)),
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
