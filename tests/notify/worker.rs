//! The delivery worker as both notify test binaries run it: the real
//! binary against one test database, with a data directory of its own
//! (no signing key unless one is put there) and no PIN or key file from the
//! environment. Each binary adds the channels it tests.

use super::common::{TempDir, TestDb};
use serde_json::Value;
use std::process::Command;

/// `tourdesk notify run ARGS --json` as the database's owner.
pub fn worker(db: &TestDb, data: &TempDir, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tourdesk"));
    cmd.args(["notify", "run"])
        .args(args)
        .arg("--json")
        .env("DATABASE_URL", &db.url)
        .env("TOURDESK_DATA_DIR", &data.0)
        .env_remove("TOURDESK_PIN")
        .env_remove("TOURDESK_KEY_FILE");
    cmd
}

/// Runs `cmd` to its end; it must succeed and print one JSON value.
pub fn run_json(mut cmd: Command) -> Value {
    let out = cmd.output().expect("run tourdesk");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}
