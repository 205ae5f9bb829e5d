//! Whose PIN opens a field laptop's sealed store from the CLI, and the PINs
//! of whom a `field prepare` seals it for besides (see `field::unlock`): the
//! PINs come from the environment for scripts, else are asked without echo;
//! the server checks each before a wrap is made.

use super::output::CliError;
use crate::booking::BookingError;
use crate::field::FieldStore;
use crate::service::Holder;

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

/// The `--also` names of a prepare with their PINs: from TOURDESK_ALSO_PINS
/// (one per name, in order), else asked. The service has the server check
/// each before sealing the store for them.
pub(super) fn also(names: &[String]) -> Result<Vec<Holder>, CliError> {
    let given: Vec<String> = std::env::var("TOURDESK_ALSO_PINS")
        .unwrap_or_default()
        .split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if !given.is_empty() && given.len() != names.len() {
        return Err(CliError::Input(format!(
            "TOURDESK_ALSO_PINS holds {} PIN(s) for {} --also name(s): give one per name, in the same order",
            given.len(),
            names.len()
        )));
    }
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let pin = match given.get(i) {
            Some(p) => p.clone(),
            None => super::auth::ask_pin(&format!("PIN of {name}: "))?,
        };
        out.push(Holder {
            name: name.clone(),
            pin,
        });
    }
    Ok(out)
}
