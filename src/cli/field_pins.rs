//! Whose PIN opens a field laptop's sealed store from the CLI, and whom a
//! `field prepare` seals it for (see `field::unlock`): the PINs come from the
//! environment for scripts, else are asked without echo; the server checks
//! each before a wrap is made.

use super::output::CliError;
use crate::booking::{BookingError, Core};
use crate::field::{self, FieldStore};

/// Opens a sealed store with the PIN of whoever runs the command
/// (TOURDESK_PIN, else asked): WRONG_PIN when it is not one the store was
/// prepared for. Nothing to do for a store never prepared.
pub(super) async fn unlock(store: &mut FieldStore) -> Result<(), CliError> {
    if store.unlocked() || store.keyholders().is_empty() {
        return Ok(());
    }
    let pin = super::auth::pin()?;
    match store.unlock(&pin).await? {
        Some(m) => {
            tracing::info!(staff = %m.name, "the field store is open");
            Ok(())
        }
        None => Err(BookingError::WrongPin {
            failures: 0,
            wait_seconds: 0,
        }
        .into()),
    }
}

/// Whom a prepare seals the store for: the logged-in preparer (an owner
/// session has no PIN: nobody) and each `--also` name, every PIN checked by
/// the server. PINs of `--also` from TOURDESK_ALSO_PINS, else asked.
pub(super) async fn keyholders(core: &Core, also: &[String]) -> Result<Vec<field::Keyholder>, CliError> {
    let mut out = Vec::new();
    if core.actor().staff.is_some() {
        let me = core.actor().staff_name.clone();
        out.push(field::keyholder(core, Some(&me), &super::auth::pin()?).await?);
    }
    let given: Vec<String> = std::env::var("TOURDESK_ALSO_PINS")
        .unwrap_or_default()
        .split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if !given.is_empty() && given.len() != also.len() {
        return Err(CliError::Input(format!(
            "TOURDESK_ALSO_PINS holds {} PIN(s) for {} --also name(s): give one per name, in the same order",
            given.len(),
            also.len()
        )));
    }
    for (i, name) in also.iter().enumerate() {
        let pin = match given.get(i) {
            Some(p) => p.clone(),
            None => super::auth::ask_pin(&format!("PIN of {name}: "))?,
        };
        out.push(field::keyholder(core, Some(name), &pin).await?);
    }
    Ok(out)
}
