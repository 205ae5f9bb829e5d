//! `tourdesk bench …`: each benchmark brings its own database and prints its report.

use super::args::{BenchCmd, StrategyArg};
use super::output::{CliError, Output};
use serde_json::Value;

pub async fn run(url: Option<&str>, cmd: BenchCmd) -> Result<Output, CliError> {
    match cmd {
        BenchCmd::Contention {
            clients,
            seconds,
            strategy,
            pool,
            in_flight,
        } => {
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
            if width < 80 || height < 24 {
                return Err(CliError::Input(
                    "--width and --height: the kiosk needs at least 80×24".into(),
                ));
            }
            let report = crate::tui::bench::frames(width, height, departures, manifest, frames)
                .map_err(|e| CliError::Input(format!("the frame benchmark failed: {e}")))?;
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            Ok(Output::new(serde_json::to_value(&report).unwrap_or(Value::Null), text))
        }
        BenchCmd::Decode { per_kind, seed, out } => {
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
