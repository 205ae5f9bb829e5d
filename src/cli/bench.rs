//! `tourdesk bench …`: each benchmark brings its own database and prints its report.
//! The database ones run only on a bench database named with `--database-url`
//! (bench/guard.rs); every number is capped, so no flag value can panic or
//! exhaust the machine. The bench answers with its own `BenchError`; this is
//! the edge where it becomes a CLI code and exit code.

use super::args::{BenchCmd, StrategyArg};
use super::output::{CliError, Output};
use crate::bench::{BenchError, MAX_SLOTS, SharedPlan};
use crate::booking::MAX_RESOURCE_SEATS;
use serde_json::Value;

/// Longest contention run, and most clients and connections (bench/contention.sh goes to 256).
pub const MAX_SECONDS: u64 = 3600;
pub const MAX_CLIENTS: u32 = 256;

/// The bench's failures as the CLI reports them: the core's, the database's
/// and the field store's keep their own codes; the rest are the operator's
/// to fix (a database or folder to name) or a run whose own checks failed,
/// INVALID_INPUT (exit 2) as before the bench had its own error type.
impl From<BenchError> for CliError {
    fn from(e: BenchError) -> CliError {
        match e {
            BenchError::Booking(e) => CliError::Booking(e),
            BenchError::Db(e) => CliError::Db(e),
            BenchError::Field(e) => CliError::Field(e),
            e @ (BenchError::NoDatabase
            | BenchError::BadUrl(_)
            | BenchError::NoDatabaseName
            | BenchError::NotBenchDatabase { .. }
            | BenchError::Invalid { .. }
            | BenchError::ScratchDir { .. }
            | BenchError::DiskFloor { .. }) => CliError::Input(e.to_string()),
        }
    }
}

/// `value` of `flag` within `lo..=hi`, or an INVALID_INPUT error saying so.
fn cap<T: PartialOrd + std::fmt::Display>(flag: &str, value: T, lo: T, hi: T) -> Result<T, CliError> {
    if value < lo || value > hi {
        return Err(CliError::Input(format!(
            "{flag} must be between {lo} and {hi} (got {value})"
        )));
    }
    Ok(value)
}

/// `--shared N` and its flags, checked (None: the one hot departure).
fn shared_plan(nowait: bool, shared: u32, seats: u32, slots: Option<u32>) -> Result<Option<SharedPlan>, CliError> {
    if shared == 0 {
        return Ok(None);
    }
    if nowait {
        return Err(CliError::Input(
            "--shared measures the core's sales path: use it with --strategy core (the default)".into(),
        ));
    }
    Ok(Some(SharedPlan {
        departures: cap("--shared", shared, 1, 64)?,
        resource_seats: cap("--resource-seats", seats, 1, MAX_RESOURCE_SEATS)?,
        slots: slots.map(|s| cap("--slots", s, 1, MAX_SLOTS)).transpose()?,
    }))
}

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
            shared,
            resource_seats,
            slots,
        } => {
            let clients = cap("--clients", clients, 1, MAX_CLIENTS)?;
            let seconds = cap("--seconds", seconds, 1, MAX_SECONDS)?;
            let pool = pool.map(|p| cap("--pool", p, 1, MAX_CLIENTS)).transpose()?;
            let in_flight = cap("--in-flight", in_flight, 0, 10_000)?;
            let nowait = strategy == StrategyArg::Nowait;
            let shared = shared_plan(nowait, shared, resource_seats, slots)?;
            let report = crate::bench::contention(url, clients, seconds, nowait, pool, in_flight, shared).await?;
            let text = serde_json::to_string_pretty(&report).unwrap_or_default();
            Ok(Output::new(serde_json::to_value(&report).unwrap_or(Value::Null), text))
        }
        BenchCmd::Move { clients, seconds, pool } => {
            let clients = cap("--clients", clients, 1, MAX_CLIENTS)?;
            let seconds = cap("--seconds", seconds, 1, MAX_SECONDS)?;
            let pool = pool.map(|p| cap("--pool", p, 1, MAX_CLIENTS)).transpose()?;
            let report = crate::bench::moves(url, clients, seconds, pool).await?;
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
        BenchCmd::Search {
            bookings,
            queries,
            seed,
        } => {
            let report = crate::bench::search(url, bookings, queries, seed).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::BookingError;
    use crate::db::DbError;

    /// The codes and exit codes a bench failure had when the bench still
    /// returned the CLI's error: the operator's to fix → 2, PostgreSQL
    /// refusing → 3, the core's refusals keep their own code.
    #[test]
    fn bench_errors_keep_their_codes_and_exit_codes() {
        let cases: Vec<(BenchError, &str, u8)> = vec![
            (BenchError::NoDatabase, "INVALID_INPUT", 2),
            (BenchError::BadUrl("no scheme".into()), "INVALID_INPUT", 2),
            (BenchError::NoDatabaseName, "INVALID_INPUT", 2),
            (
                BenchError::NotBenchDatabase {
                    name: "tourdesk".into(),
                    tables: 12,
                },
                "INVALID_INPUT",
                2,
            ),
            (
                BenchError::Invalid {
                    bench: "field",
                    what: "3 of 4 scans admitted offline".into(),
                },
                "INVALID_INPUT",
                2,
            ),
            (
                BenchError::ScratchDir {
                    dir: "/proc/x".into(),
                    problem: "read-only".into(),
                },
                "INVALID_INPUT",
                2,
            ),
            (
                BenchError::Db(DbError::Refused("role \"nobody\" does not exist".into())),
                "DB_UNAVAILABLE",
                3,
            ),
            (
                BenchError::Booking(BookingError::SoldOut { requested: 1, free: 0 }),
                "SOLD_OUT",
                1,
            ),
        ];
        for (bench, code, exit) in cases {
            let text = bench.to_string();
            let cli = CliError::from(bench);
            assert_eq!((cli.code().as_str(), cli.exit_code()), (code, exit), "{text}");
            assert_eq!(cli.to_string(), text, "the message passes through unchanged");
        }
    }

    #[test]
    fn bench_errors_say_what_to_do() {
        assert!(BenchError::NoDatabase.to_string().contains("--database-url"));
        let e = BenchError::NotBenchDatabase {
            name: "tourdesk".into(),
            tables: 12,
        };
        assert!(
            e.to_string()
                .contains("comment on database tourdesk is 'tourdesk bench'"),
            "{e}"
        );
        let e = BenchError::ScratchDir {
            dir: "/proc/x".into(),
            problem: "read-only".into(),
        };
        assert!(e.to_string().contains("--dir"), "{e}");
    }
}
