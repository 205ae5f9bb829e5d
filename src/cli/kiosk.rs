//! `tourdesk` with no command (or `--demo`): the kiosk in this terminal.

use super::args::Cli;
use super::output::{CliError, Output};
use crate::booking::Core;
use crate::tui::strings::Lang;
use serde_json::Value;
use std::io::IsTerminal;
use std::time::Duration;

/// The demo kiosk's own database: `tourdesk demo` fills `tourdesk`.
pub const DEMO_DB: &str = "tourdesk_demo";
/// Connections: the header's ping and the notification listener keep one
/// each, the rest serve the panes' calls.
const KIOSK_POOL: u32 = 5;

pub async fn run(cli: Cli) -> Result<Output, CliError> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(CliError::Usage(
            "the kiosk needs a terminal (stdin and stdout are not one here); \
             run `tourdesk` in a terminal, or give a command — see `tourdesk --help`"
                .into(),
        ));
    }
    return_freed_memory();
    let lang = match cli.lang.as_deref() {
        Some(l) => Lang::parse(l).ok_or_else(|| CliError::Input(format!("--lang {l:?}: use en or ru")))?,
        None => Lang::from_env(),
    };
    let db = if cli.demo { DEMO_DB } else { crate::db::DEFAULT_DB };
    let pool = crate::db::connect_to(cli.database_url.as_deref(), db, KIOSK_POOL).await?;
    let core = Core::cli(pool.clone()).await?;
    if cli.demo {
        eprintln!("Preparing the demo operator in database {DEMO_DB}…");
        // adds the days that have come into range since the last run
        crate::demo::seed(&core, chrono::Utc::now()).await?;
    }
    let tz = match cli.tz.as_deref() {
        Some(z) => super::time::parse_tz(z)?,
        None => core
            .next_time_zone()
            .await?
            .and_then(|z| z.parse().ok())
            .unwrap_or(crate::demo::TIME_ZONE),
    };
    let config = crate::tui::Config {
        lang,
        device: cli.device.clone().unwrap_or_else(host_name),
        tz,
        idle_lock: Duration::from_secs(u64::from(cli.idle_lock_minutes) * 60),
    };
    crate::tui::run(crate::tui::Options { config, pool })
        .await
        .map_err(|e| CliError::Input(format!("the kiosk stopped: {e}")))?;
    Ok(Output::new(Value::Null, ""))
}

pub(super) fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "kiosk".into())
}

/// Every PIN check (argon2) allocates 19 MiB. glibc raises its mmap threshold
/// after the first such block is freed, so later ones come from the heap and
/// stay resident: a kiosk sat at ~50 MB after one login instead of ~14 MB.
/// A fixed threshold keeps big blocks in mmap, returned to the system on free.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters, and glibc's is
    // thread-safe.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}
