//! Logs go to a file in the data directory, never to the terminal.

use std::path::PathBuf;

/// `$TOURDESK_DATA_DIR`, else `$XDG_DATA_HOME/tourdesk`, else `~/.local/share/tourdesk`.
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("TOURDESK_DATA_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(d).join("tourdesk");
    }
    std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".local/share/tourdesk"))
        .unwrap_or_else(|| std::env::temp_dir().join("tourdesk"))
}

/// Starts logging to `<data dir>/tourdesk.log` (mode 0600 in a 0700 folder;
/// level from TOURDESK_LOG, default info). Returns the path, or None when the file cannot be opened —
/// then nothing is logged rather than anything reaching the terminal.
pub fn init() -> Option<PathBuf> {
    let dir = data_dir();
    // names and phones can reach the log: 0600 in a 0700 folder
    crate::private::private_dir(&dir).ok()?;
    let path = dir.join("tourdesk.log");
    let file = crate::private::create_file(&path, true).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("TOURDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init()
        .ok()?;
    Some(path)
}
