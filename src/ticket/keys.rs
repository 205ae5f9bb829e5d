//! The ticket signing key on disk. Created on first use, readable only by its
//! owner; its public half goes to the database (booking core) so that every
//! kiosk can verify. A machine that only checks in never needs this file.

use data_encoding::BASE32_NOPAD;
use ed25519_dalek::SigningKey;
use std::io::Write;
use std::path::{Path, PathBuf};

const HEADER: &str = "tourdesk ticket signing key v1";

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read the ticket signing key {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the ticket signing key {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a tourdesk ticket signing key (damaged?); move it away and run `tourdesk keys rotate`")]
    Format { path: PathBuf },
    #[error("{path} is a folder; give the ticket signing key's file path (e.g. {path}/ticket-signing.key)")]
    Folder { path: PathBuf },
    #[error(
        "the ticket signing key {path} can be read by other users (mode {mode:o}); run `chmod 600 {path}` and try again"
    )]
    Permissions { path: PathBuf, mode: u32 },
}

/// The default place: `<data dir>/ticket-signing.key`.
pub fn default_path() -> PathBuf {
    crate::logging::data_dir().join("ticket-signing.key")
}

/// Loads the key at `path`, creating it (mode 600) if there is none yet.
pub fn load_or_create(path: &Path) -> Result<SigningKey, KeyFileError> {
    match load(path) {
        Err(KeyFileError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            let key = generate();
            write_new(path, &key)?;
            Ok(key)
        }
        other => other,
    }
}

pub fn load(path: &Path) -> Result<SigningKey, KeyFileError> {
    let read_err = |source| KeyFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(KeyFileError::Folder {
            path: path.to_path_buf(),
        });
    }
    check_private(path, &meta)?;
    let text = std::fs::read_to_string(path).map_err(read_err)?;
    let mut lines = text.lines();
    let format_err = || KeyFileError::Format {
        path: path.to_path_buf(),
    };
    if lines.next() != Some(HEADER) {
        return Err(format_err());
    }
    let secret = lines
        .next()
        .and_then(|l| BASE32_NOPAD.decode(l.trim().as_bytes()).ok())
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(format_err)?;
    Ok(SigningKey::from_bytes(&secret))
}

/// Replaces the key at `path` with a new one (written beside it, then renamed,
/// so a crash never leaves half a key). The old public key stays valid in the
/// database until it is retired.
pub fn rotate(path: &Path) -> Result<SigningKey, KeyFileError> {
    if path.is_dir() {
        return Err(KeyFileError::Folder {
            path: path.to_path_buf(),
        });
    }
    let key = generate();
    let tmp = path.with_extension("key.new");
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, &key)?;
    std::fs::rename(&tmp, path).map_err(|source| KeyFileError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(key)
}

fn generate() -> SigningKey {
    SigningKey::from_bytes(&rand::random::<[u8; 32]>())
}

fn write_new(path: &Path, key: &SigningKey) -> Result<(), KeyFileError> {
    let write_err = |source| KeyFileError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write_err)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path).map_err(write_err)?;
    let text = format!("{HEADER}\n{}\n", BASE32_NOPAD.encode(key.as_bytes()));
    f.write_all(text.as_bytes()).map_err(write_err)?;
    f.sync_all().map_err(write_err)
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &std::fs::Metadata) -> Result<(), KeyFileError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::Permissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path, _: &std::fs::Metadata) -> Result<(), KeyFileError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_private_and_reloaded() {
        let dir = std::env::temp_dir().join(format!("tourdesk-keytest-{}", uuid::Uuid::now_v7()));
        let path = dir.join("k.key");
        let a = load_or_create(&path).unwrap();
        let b = load_or_create(&path).unwrap();
        assert_eq!(a.to_bytes(), b.to_bytes(), "second use must reuse the key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(matches!(load(&path), Err(KeyFileError::Permissions { .. })));
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let c = rotate(&path).unwrap();
        assert_ne!(c.to_bytes(), a.to_bytes());
        assert_eq!(load(&path).unwrap().to_bytes(), c.to_bytes());
        std::fs::write(dir.join("bad.key"), "hello").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.join("bad.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(matches!(load(&dir.join("bad.key")), Err(KeyFileError::Format { .. })));
        assert!(matches!(load_or_create(&dir), Err(KeyFileError::Folder { .. })));
        assert!(matches!(rotate(&dir), Err(KeyFileError::Folder { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
