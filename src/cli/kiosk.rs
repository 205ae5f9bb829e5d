//! `tourdesk` with no command (or `--demo`): the kiosk in this terminal.

use super::args::Cli;
use super::output::{CliError, Output};
use crate::booking::Core;
use crate::db::DbError;
use crate::field::FieldStore;
use crate::tui::strings::Lang;
use serde_json::Value;
use std::io::IsTerminal;
use std::time::Duration;

/// The demo kiosk's own database: `tourdesk demo` fills `tourdesk`.
pub const DEMO_DB: &str = "tourdesk_demo";
/// Connections: the header's ping and the notification listener keep one
/// each, the rest serve the panes' calls (one more with `--notify`).
const KIOSK_POOL: u32 = 5;
/// How long a prepared laptop waits for the database before starting offline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub async fn run(cli: Cli) -> Result<Output, CliError> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(CliError::Usage(
            "the kiosk needs a terminal (stdin and stdout are not one here); \
             run `tourdesk` in a terminal, or give a command — see `tourdesk --help`"
                .into(),
        ));
    }
    return_freed_memory();
    // a printer that is not one is said now, not at the first sale
    if let Some(p) = cli.printer.as_deref().filter(|p| !p.trim().is_empty()) {
        let printer = p.parse().map_err(|source| CliError::Printer {
            source,
            hint: String::new(),
        })?;
        crate::print::set_kiosk_printer(printer);
    }
    let lang = match cli.lang.as_deref() {
        Some(l) => Lang::parse(l).ok_or_else(|| CliError::Input(format!("--lang {l:?}: use en or ru")))?,
        None => crate::tui::remembered::lang(&crate::logging::data_dir()).unwrap_or_else(Lang::from_env),
    };
    // receipts and slips print in the language the kiosk speaks
    crate::print::set_kiosk_language(lang.language());
    let mut device = cli.device.clone().unwrap_or_else(host_name);
    let store = open_store(&cli, &device).await;
    if let Some(s) = store.as_ref().filter(|s| s.device() != device) {
        // its allotments and journal are that device's: the kiosk acts as it
        tracing::warn!(
            "the field store {} was made for device {}: the kiosk runs as {} (not {device})",
            s.path().display(),
            s.device(),
            s.device()
        );
        device = s.device().to_string();
    }
    let prepared = store.as_ref().is_some_and(|s| s.prepared_at().is_some());
    let db = if cli.demo { DEMO_DB } else { crate::db::DEFAULT_DB };
    let pool_size = KIOSK_POOL + u32::from(cli.notify);
    let url = cli.database_url.as_deref();
    // a prepared laptop starts without the network, and does not wait long for it
    let connected = if prepared {
        tokio::time::timeout(CONNECT_TIMEOUT, crate::db::connect_to(url, db, pool_size))
            .await
            .unwrap_or_else(|_| {
                Err(DbError::Unreachable {
                    tried: format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
                })
            })
    } else {
        crate::db::connect_to(url, db, pool_size).await
    };
    let (pool, offline) = match connected {
        Ok(pool) => (pool, false),
        Err(DbError::Unreachable { tried }) if prepared => {
            tracing::warn!("starting offline from the field store: cannot reach PostgreSQL ({tried})");
            (crate::db::connect_lazy(url, db, pool_size)?, true)
        }
        Err(e) => return Err(e.into()),
    };
    let (zone, currency): (chrono_tz::Tz, _) = if offline {
        // the first prepared departure's zone, else the operator's taken along
        let zone = store.as_ref().map_or_else(Default::default, |s| {
            s.departures()
                .into_iter()
                .next()
                .and_then(|d| d.time_zone.parse().ok())
                .unwrap_or_else(|| s.time_zone())
        });
        // the operator's currency as prepare took it along (none from an
        // older prepare: the add form says so rather than guess one)
        (zone, store.as_ref().and_then(|s| s.currency()))
    } else {
        // the schema owner (the demo, a workstation): seed; a kiosk's role only reads
        if cli.demo
            || !crate::db::is_app_role(&pool)
                .await
                .map_err(crate::booking::BookingError::from)?
        {
            let core = Core::cli(pool.clone()).await?;
            if cli.demo {
                eprintln!("Preparing the demo operator in database {DEMO_DB}…");
                // adds the days that have come into range since the last run
                crate::demo::seed(&core, chrono::Utc::now()).await?;
                // the demo machine prints tickets: its key, made by the owner (audited)
                if let Err(e) = super::tickets::demo_key(&core).await {
                    tracing::warn!("the demo kiosk has no ticket-signing key: {e}");
                }
            }
        }
        // the server checked the name; one this program's database lacks shows UTC
        let zone = crate::booking::next_time_zone(&pool).await?.parse().unwrap_or_default();
        (zone, Some(crate::booking::operator_currency(&pool).await?))
    };
    let tz = match cli.tz.as_deref() {
        Some(z) => super::time::parse_tz(z)?,
        None => zone,
    };
    // the outbox worker of the designated device (kiosk_notify.rs): not
    // offline — it has nothing to claim from without the server
    let notifier = match (cli.notify, offline) {
        (true, false) => Some(super::kiosk_notify::start(pool.clone(), &device).await?),
        (true, true) => {
            tracing::warn!("--notify: offline, so this kiosk delivers no notifications");
            None
        }
        (false, _) => None,
    };
    let config = crate::tui::Config {
        lang,
        device,
        tz,
        currency,
        idle_lock: Duration::from_secs(u64::from(cli.idle_lock_minutes) * 60),
    };
    let ran = crate::tui::run(crate::tui::Options {
        config,
        pool,
        store,
        migrate: offline,
    })
    .await;
    if let Some(n) = notifier {
        n.stop().await;
    }
    ran.map_err(|e| CliError::Input(format!("the kiosk stopped: {e}")))?;
    Ok(Output::new(Value::Null, ""))
}

/// This laptop's field store (`--store`, TOURDESK_FIELD_STORE, or the data
/// directory's), created when missing. Without it the kiosk works online only.
async fn open_store(cli: &Cli, device: &str) -> Option<FieldStore> {
    let path = cli.store.clone().unwrap_or_else(crate::field::default_path);
    match FieldStore::open(&path, device).await {
        Ok(store) => Some(store),
        Err(e) => {
            tracing::warn!("no offline check-in: {e}");
            None
        }
    }
}

pub(super) fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "kiosk".into())
}

/// An offline login (unwrapping the field store's key, argon2id) allocates
/// 128 MiB. glibc raises its mmap threshold after the first such block is
/// freed, so later ones come from the heap and stay resident (measured with
/// the earlier 19 MiB argon2 PIN check: ~50 MB after one login instead of
/// ~14 MB). A fixed threshold keeps big blocks in mmap, returned on free.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters, and glibc's is
    // thread-safe.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}
