//! `tourdesk bench …`: each benchmark brings its own database and prints its report.
//! The database ones run only on a bench database named with `--database-url`
//! (bench/guard.rs); every number is capped, so no flag value can panic or
//! exhaust the machine.

use super::args::{BenchCmd, StrategyArg};
use super::output::{CliError, Output};
use crate::bench::guard::cap;
use serde_json::Value;

/// Longest contention run, and most clients and connections (bench/contention.sh goes to 256).
pub const MAX_SECONDS: u64 = 3600;
pub const MAX_CLIENTS: u32 = 256;

/// `url`: the database named with `--database-url` on the command line
/// (None when it came from DATABASE_URL or was not given).
pub async fn run(url: Option<&str>, cmd: BenchCmd) -> Result<Output, CliError> {
    match cmd {
        BenchCmd::Contention {
            clients,
            seconds,
            strategy,
            pool,
            in_flight,
        } => {
            let clients = cap("--clients", clients, 1, MAX_CLIENTS)?;
            let seconds = cap("--seconds", seconds, 1, MAX_SECONDS)?;
            let pool = pool.map(|p| cap("--pool", p, 1, MAX_CLIENTS)).transpose()?;
            let in_flight = cap("--in-flight", in_flight, 0, 10_000)?;
            let nowait = strategy == StrategyArg::Nowait;
            let report = crate::bench::contention(url, clients, seconds, nowait, pool, in_flight).await?;
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            Ok(Output::new(serde_json::to_value(&report).unwrap_or(Value::Null), text))
        }
        BenchCmd::Checkin { participants } => {
            let report = crate::bench::checkin(url, participants).await?;
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            Ok(Output::new(serde_json::to_value(&report).unwrap_or(Value::Null), text))
        }
        BenchCmd::Field {
            participants,
            scans,
            dir,
        } => {
            let report = crate::bench::field(url, participants, scans, dir.as_deref()).await?;
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            Ok(Output::new(serde_json::to_value(&report).unwrap_or(Value::Null), text))
        }
        BenchCmd::Frames {
            width,
            height,
            departures,
            manifest,
            frames,
        } => {
            // the kiosk needs at least 80×24
            let width = cap("--width", width, 80, 1000)?;
            let height = cap("--height", height, 24, 500)?;
            let departures = cap("--departures", departures, 1, 1_000_000)?;
            let manifest = cap("--manifest", manifest, 1, 100_000)?;
            let frames = cap("--frames", frames, 1, 1_000_000)?;
            let report = crate::tui::bench::frames(width, height, departures, manifest, frames)
                .map_err(|e| CliError::Input(format!("the frame benchmark failed: {e}")))?;
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            Ok(Output::new(serde_json::to_value(&report).unwrap_or(Value::Null), text))
        }
        BenchCmd::Decode { per_kind, seed, out } => {
            let per_kind = cap("--per-kind", per_kind, 1, 10_000)?;
            let report = tokio::task::spawn_blocking(move || crate::ticket::decode_bench::run(&out, per_kind, seed))
                .await
                .map_err(|e| CliError::Input(format!("the decode benchmark stopped: {e}")))?
                .map_err(|e| CliError::Input(e.to_string()))?;
            Ok(Output::new(
                serde_json::to_value(&report).unwrap_or(Value::Null),
                report.to_string(),
            ))
        }
    }
}
