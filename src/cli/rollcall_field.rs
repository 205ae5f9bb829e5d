//! `return`, `rollcall` and `muster` on a prepared field laptop: the same
//! commands, asked of the service as `checkin` asks it — the database when
//! it answers within a few seconds, else the laptop's store (a return
//! journalled under the command's key, synced exactly once by `field sync`;
//! the roll-call as the laptop knows it, marked OFFLINE). Why not `field
//! return` / `field rollcall`: a guide counts people back with the command
//! they use at the desk, wherever the network is, as they check them in
//! with `checkin`; the answer says where it was decided.

use super::args::Command;
use super::output::{CliError, Output};
use super::{field_pins, rollcall};
use crate::booking::Core;
use crate::domain::{DepartureId, ErrorCode};
use crate::field::FieldStore;
use crate::service::Service;
use serde_json::json;
use std::path::Path;
use std::time::Duration;

type Res = Result<Output, CliError>;

/// How long these commands wait for the database before answering offline
/// (as `checkin` and the `field` commands).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// The field store at `path` when this machine was prepared as a field
/// laptop; none when there is no store, or one never prepared (then the
/// commands need the database, as anywhere).
pub(super) async fn laptop(path: &Path, device: &str) -> Result<Option<FieldStore>, CliError> {
    if !path.exists() {
        return Ok(None);
    }
    let store = FieldStore::open(path, device).await?;
    Ok(store.prepared_at().is_some().then_some(store))
}

/// Runs `return`, `rollcall` or `muster` through the service over this
/// laptop's store. The PIN (TOURDESK_PIN, else asked) opens the sealed store
/// for an offline answer, as for `checkin`.
pub(super) async fn run(url: Option<&str>, mut store: FieldStore, device: &str, command: Command) -> Res {
    if let Some(e) = store.expiry() {
        eprintln!("{}", e.describe());
    }
    // opened before the database is tried: a return the server does not
    // answer in time is journalled here instead
    if !store.keyholders().is_empty()
        && let Some(pin) = super::auth::pin_if_any()
        && store.unlock(&pin).await?.is_none()
    {
        tracing::warn!("this PIN does not open the field store: offline answers need one of its keyholders");
    }
    let core = match connect(url, device).await {
        Ok(core) => Some(core),
        Err(e) if e.code() == ErrorCode::DbUnavailable => {
            tracing::warn!("answering from the field store: {e}");
            // offline the store must be open: say so now, not as "sealed" later
            field_pins::unlock(&mut store).await?;
            None
        }
        Err(e) => return Err(e),
    };
    let service = Service::with_core(core, Some(store));
    match command {
        Command::Return(a) => {
            let r = service.record_return(&rollcall::request(a)?).await?;
            let mut out = rollcall::returned(&r);
            if r.offline {
                pending_said(&mut out, service.pending().await);
            }
            Ok(out)
        }
        Command::Rollcall { departure_id } => {
            let r = service.rollcall(DepartureId(departure_id)).await?;
            let mut out = rollcall::shown(&r);
            if r.offline {
                pending_said(&mut out, service.pending().await);
            }
            Ok(out)
        }
        Command::Muster { departure_id, out } => {
            let r = service.rollcall(DepartureId(departure_id)).await?;
            rollcall::write_all(&r, &out)
        }
        _ => Err(CliError::Usage(
            "only return, rollcall and muster answer from the field store".into(),
        )),
    }
}

async fn connect(url: Option<&str>, device: &str) -> Result<Core, CliError> {
    let pool = crate::db::connect_quick(url, crate::db::DEFAULT_POOL, CONNECT_TIMEOUT).await?;
    super::auth::core(pool, device, crate::booking::Source::Cli).await
}

/// An offline answer says how many journal entries wait for `field sync`.
fn pending_said(out: &mut Output, pending: usize) {
    if let Some(m) = out.json.as_object_mut() {
        m.insert("pending".into(), json!(pending));
    }
    out.text = format!(
        "{}\n  (OFFLINE: answered on this laptop; {} entr{} waiting to sync)",
        out.text.trim_end(),
        pending,
        if pending == 1 { "y" } else { "ies" }
    );
}
