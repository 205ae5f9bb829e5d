//! Who the CLI acts as. Connected as the schema owner (the local demo,
//! operators' scripts, tests) it acts through an owner session, audited as
//! such. As an application role (a member of `tourdesk_app`) it needs a PIN:
//! `TOURDESK_PIN` for scripts (and `TOURDESK_STAFF` to name whose PIN it is,
//! which checks only that hash and counts failures against that person too),
//! else asked on the terminal without echo; neither → AUTH_REQUIRED. The
//! server checks the PIN and every call's role — the CLI enforces nothing.

use super::output::CliError;
use crate::booking::{BookingError, Core, Source};
use sqlx::PgPool;
use std::io::{IsTerminal, Write};

/// The core for `device` as whoever this connection and environment say.
pub async fn core(pool: PgPool, device: &str, source: Source) -> Result<Core, CliError> {
    let app = crate::db::is_app_role(&pool).await.map_err(BookingError::from)?;
    if !app {
        return Ok(Core::owner(pool, device, source).await?);
    }
    let pin = pin()?;
    let staff = std::env::var("TOURDESK_STAFF").ok().filter(|s| !s.trim().is_empty());
    Ok(Core::login(pool, device, source, &pin, staff.as_deref()).await?)
}

/// The core of the delivery worker inside a kiosk (`tourdesk --notify`): as
/// the schema owner, like [`core`]; on an application role the notifier's
/// PIN from `TOURDESK_NOTIFY_PIN` (the worker's own least-privilege
/// identity, not the person at the kiosk), else whatever [`core`] would use.
pub async fn notifier_core(pool: PgPool, device: &str, source: Source) -> Result<Core, CliError> {
    let pin = std::env::var("TOURDESK_NOTIFY_PIN")
        .ok()
        .filter(|p| !p.trim().is_empty());
    match pin {
        Some(pin) if crate::db::is_app_role(&pool).await.map_err(BookingError::from)? => {
            Ok(Core::login(pool, device, source, pin.trim(), None).await?)
        }
        _ => core(pool, device, source).await,
    }
}

/// The PIN of whoever runs this command: TOURDESK_PIN, else asked once on
/// the terminal (the server login and a field store's unlock share it).
pub fn pin() -> Result<String, CliError> {
    static PIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(p) = PIN.get() {
        return Ok(p.clone());
    }
    let p = match std::env::var("TOURDESK_PIN") {
        Ok(p) if !p.trim().is_empty() => p.trim().to_string(),
        _ => ask_pin("PIN: ")?,
    };
    Ok(PIN.get_or_init(|| p).clone())
}

/// The PIN when one is given or can be asked; None in a script without TOURDESK_PIN.
pub fn pin_if_any() -> Option<String> {
    let given = std::env::var("TOURDESK_PIN").is_ok_and(|p| !p.trim().is_empty());
    if given || (std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        pin().ok()
    } else {
        None
    }
}

/// Reads a PIN from the terminal with echo off; AUTH_REQUIRED without one.
pub fn ask_pin(prompt: &str) -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(BookingError::AuthRequired.into());
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    crossterm::terminal::enable_raw_mode().map_err(|_| BookingError::AuthRequired)?;
    let pin = read_digits();
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    pin.filter(|p| !p.is_empty())
        .ok_or_else(|| BookingError::AuthRequired.into())
}

fn read_digits() -> Option<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    let mut pin = String::new();
    loop {
        match read().ok()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => return Some(pin),
                KeyCode::Esc => return None,
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => return None,
                KeyCode::Backspace => {
                    pin.pop();
                }
                KeyCode::Char(c) if pin.len() < 32 => pin.push(c),
                _ => {}
            },
            _ => {}
        }
    }
}
