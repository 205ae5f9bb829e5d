//! Thin entry point: errors and logging set up, then the CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    let _ = color_eyre::install();
    let cli = match tourdesk::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let _log = tourdesk::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    runtime.block_on(tourdesk::cli::run(cli))
}
