//! `ticket` and `keys`: printing tickets, managing signing keys.

use super::args::{KeyFileArg, KeysCmd};
use super::output::{CliError, Output};
use super::time;
use crate::booking::{BookingError, Core};
use crate::domain::Action;
use crate::ticket::{keys, render};
use ed25519_dalek::SigningKey;
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::{Path, PathBuf};

type Res = Result<Output, CliError>;

fn key_path(k: &KeyFileArg) -> PathBuf {
    k.key_file.clone().unwrap_or_else(keys::default_path)
}

/// This machine's key file as an error the desk acts on: none there is
/// `NO_SIGNING_KEY` (printing never makes one).
fn key_error(e: keys::KeyFileError) -> CliError {
    match e {
        keys::KeyFileError::Missing { .. } => BookingError::NoSigningKey { unregistered: false }.into(),
        e => CliError::Input(e.to_string()),
    }
}

pub(super) fn signing_key(k: &KeyFileArg) -> Result<SigningKey, CliError> {
    keys::load(&key_path(k)).map_err(key_error)
}

/// A new key at `path`: written beside it, registered on the server
/// (`ticket_key.created`), then put in place — a key the server refused is
/// never left on disk.
async fn new_key(core: &Core, path: &Path, replace: bool) -> Result<(u16, SigningKey), CliError> {
    if !core.actor().role.may(Action::ManageKeys) {
        return Err(BookingError::Forbidden {
            role: core.actor().role.as_str(),
            action: "make ticket-signing keys".into(),
        }
        .into());
    }
    let pending = keys::prepare_new(path, replace).map_err(key_error)?;
    let id = core.create_signing_key(&pending.key).await?;
    let key = pending.commit().map_err(key_error)?;
    Ok((id, key))
}

/// The demo machine's key, made by the owner as part of seeding (audited
/// `ticket_key.created` like `keys new`): the key file when there is none,
/// and its public half registered in this database.
pub async fn demo_key(core: &Core) -> Result<u16, CliError> {
    let path = keys::machine_path();
    match keys::load(&path) {
        Ok(key) => Ok(core.create_signing_key(&key).await?),
        Err(keys::KeyFileError::Missing { .. }) => Ok(new_key(core, &path, false).await?.0),
        Err(e) => Err(key_error(e)),
    }
}

pub async fn ticket(core: &Core, number: &str, out: &Path, terminal: bool, reissue: bool, k: &KeyFileArg) -> Res {
    let key = signing_key(k)?;
    // the folder must take files before anything is reissued: a reissue
    // revokes the tickets the customer holds
    let folder_err = |e: std::io::Error| CliError::Input(format!("cannot write tickets to {}: {e}", out.display()));
    // a folder made here is 0700 and each PNG 0600 (they name people); a
    // folder the caller already has (the default: the current one) is theirs
    if !out.exists() {
        crate::private::private_dir(out).map_err(|e| CliError::Input(format!("cannot write tickets: {e}")))?;
    }
    let probe = out.join(format!(".tourdesk-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(folder_err)?;
    let _ = std::fs::remove_file(&probe);
    if reissue {
        core.reissue_tickets(number).await?;
    }
    let tickets = core.tickets(number, &key).await?;
    let mut text = String::new();
    let mut list = Vec::new();
    for (n, t) in tickets.iter().enumerate() {
        let holder = crate::service::tickets::ticket_text(t).holder;
        let img = crate::service::tickets::ticket_image(t).map_err(|e| CliError::Input(e.to_string()))?;
        let file = out.join(format!("{}-{n}.png", t.booking_number));
        render::write_png(&img, &file).map_err(|e| CliError::Input(e.to_string()))?;
        let _ = writeln!(text, "{holder}\n  {}\n  {}", t.code, file.display());
        if let (n @ 1.., Some(last)) = (t.printed_before, t.last_printed_at) {
            let _ = writeln!(
                text,
                "  ! already printed {n} time(s), last {}: the earlier copy still admits; \
                 use --reissue if it was lost",
                time::show(last, &t.time_zone)
            );
        }
        if terminal {
            let qr = render::ticket_unicode(&t.code).map_err(|e| CliError::Input(e.to_string()))?;
            let _ = writeln!(text, "{qr}");
        }
        let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
        v["png"] = json!(file.display().to_string());
        list.push(v);
    }
    if let Some(first) = tickets.first() {
        core.record_printed(first.booking_id).await?;
    }
    if let Some(first) = tickets.first() {
        text.insert_str(
            0,
            &format!(
                "{} · {} · {}\n",
                first.booking_number,
                first.tour,
                time::show(first.starts_at, &first.time_zone)
            ),
        );
    }
    Ok(Output::new(json!({ "tickets": list }), text))
}

pub async fn keys_cmd(core: &Core, cmd: KeysCmd) -> Res {
    match cmd {
        KeysCmd::List => {
            let list = core.ticket_keys().await?;
            let zone = core.time_zone().await?;
            let mut text = String::new();
            for k in &list {
                let state = match k.retired_at {
                    Some(t) => format!("retired {}", time::show(t, zone.name())),
                    None => "valid".into(),
                };
                let _ = writeln!(
                    text,
                    "key {:>3}  {}…  made {}  {state}",
                    k.id,
                    &k.public_key[..16],
                    time::show(k.created_at, zone.name())
                );
            }
            if list.is_empty() {
                text = "No ticket keys yet: a manager runs `tourdesk keys new` on each machine that prints".into();
            }
            Ok(Output::new(json!({ "keys": list }), text))
        }
        KeysCmd::New { key, replace } => {
            let path = key_path(&key);
            let (id, _) = new_key(core, &path, replace).await?;
            let text = format!(
                "New signing key {id} in {}: this machine prints tickets from now on. \
                 Field laptops prepared before must prepare again (`tourdesk field prepare`) \
                 to check its tickets offline",
                path.display()
            );
            Ok(Output::new(
                json!({"key_id": id, "key_file": path.display().to_string()}),
                text,
            ))
        }
        KeysCmd::Rotate { key } => {
            let path = key_path(&key);
            let old = keys::load(&path).map_err(key_error)?;
            let public = old
                .verifying_key()
                .to_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>();
            let old_id = core
                .ticket_keys()
                .await?
                .into_iter()
                .find(|k| k.public_key == public)
                .filter(|k| k.retired_at.is_none())
                .map(|k| k.id);
            let (id, _) = new_key(core, &path, true).await?;
            if let Some(old_id) = old_id {
                core.retire_ticket_key(old_id).await?;
            }
            let retired = old_id.map_or(String::new(), |k| {
                format!("; key {k} retired: tickets it signed are refused from now on, reprint them")
            });
            let text = format!(
                "New signing key {id} in {}{retired}. Field laptops prepared before must prepare again \
                 (`tourdesk field prepare`)",
                path.display()
            );
            Ok(Output::new(
                json!({"key_id": id, "retired_key_id": old_id, "key_file": path.display().to_string()}),
                text,
            ))
        }
        KeysCmd::Retire { key_id } => {
            let k = core.retire_ticket_key(key_id).await?;
            let text = format!("Key {key_id} retired: tickets it signed are refused from now on; reprint them");
            Ok(Output::new(serde_json::to_value(&k).unwrap_or(Value::Null), text))
        }
    }
}
