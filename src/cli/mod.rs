//! The scriptable CLI: one function per command, each returning one
//! [`Output`]. With `--json` exactly one JSON object goes to stdout; on
//! failure a non-zero exit and `{"error":{"code":…,"message":…}}`.

mod args;
mod audit;
mod auth;
mod bench;
mod calendar;
mod change;
mod checkin;
mod commands;
mod exit;
mod field;
mod field_conflict;
mod field_pins;
mod find;
mod kiosk;
mod kiosk_notify;
mod money;
mod moves;
mod notify;
mod notify_args;
mod output;
mod pickup_args;
mod pickups;
mod print;
mod rebook;
mod resources;
mod rollcall;
mod rollcall_args;
mod rollcall_field;
mod safe_text;
mod scan;
mod scanner;
mod schedule;
mod schedule_args;
mod shift_args;
mod shifts;
mod tickets;
mod time;
mod verdict;

pub use args::{Cli, Command};
pub use output::{CliError, Output};

use std::process::ExitCode;

/// Parses the arguments; clap's own errors are turned into the JSON error
/// shape when `--json` was asked for.
pub fn parse() -> Result<Cli, ExitCode> {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = Cli::command().try_get_matches().and_then(|mut m| {
        let on_command_line = m.value_source("database_url") == Some(clap::parser::ValueSource::CommandLine);
        Cli::from_arg_matches_mut(&mut m).map(|mut cli| {
            cli.database_url_on_command_line = on_command_line;
            cli
        })
    });
    match parsed {
        Ok(cli) => Ok(cli),
        Err(e) => {
            let wants_json = std::env::args().any(|a| a == "--json");
            let is_help = matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            );
            if wants_json && !is_help {
                // clap's message without the usage block, on one line
                let first = e
                    .to_string()
                    .lines()
                    .take_while(|l| !l.starts_with("Usage:"))
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .trim_start_matches("error: ")
                    .to_string();
                let e = CliError::Usage(first);
                output::print_error(true, &e);
                Err(ExitCode::from(e.exit_code()))
            } else {
                let _ = e.print();
                let usage = exit::exit_code(crate::domain::ErrorCode::Usage);
                Err(ExitCode::from(if is_help { 0 } else { usage }))
            }
        }
    }
}

/// Runs one command and prints its result; returns the process exit code.
pub async fn run(cli: Cli) -> ExitCode {
    let json = cli.json;
    let result = if cli.command.is_none() {
        kiosk::run(cli).await
    } else {
        commands::dispatch(cli).await
    };
    match result {
        Ok(out) => {
            output::print(json, &out);
            ExitCode::from(out.exit_code)
        }
        Err(e) => {
            tracing::warn!(code = e.code().as_str(), "command failed: {e}");
            output::print_error(json, &e);
            ExitCode::from(e.exit_code())
        }
    }
}
