//! The ticket signing key on disk, readable only by its owner. It is made
//! only by `tourdesk keys new` (a manager's, audited), which registers its
//! public half in the database so that every kiosk can verify; printing never
//! makes one. A machine that only checks in never needs this file.

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
    #[error("this machine has no ticket-signing key ({path}): a manager runs `tourdesk keys new` here (once)")]
    Missing { path: PathBuf },
    #[error(
        "{path} already holds a ticket-signing key; `tourdesk keys new --replace` replaces it \
         (or `tourdesk keys rotate`, which also retires the old one)"
    )]
    Exists { path: PathBuf },
    #[error("{path} is not a tourdesk ticket signing key (damaged?); move it away and run `tourdesk keys new`")]
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

/// The key file of this machine: `TOURDESK_KEY_FILE`, else [`default_path`].
pub fn machine_path() -> PathBuf {
    std::env::var_os("TOURDESK_KEY_FILE")
        .filter(|p| !p.is_empty())
        .map_or_else(default_path, PathBuf::from)
}

/// Loads the key at `path`; none there is [`KeyFileError::Missing`] (never
/// made here: a key is made only by `tourdesk keys new`).
pub fn load(path: &Path) -> Result<SigningKey, KeyFileError> {
    let read_err = |source| KeyFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(KeyFileError::Missing {
                path: path.to_path_buf(),
            });
        }
        other => other.map_err(read_err)?,
    };
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

/// A new key, written beside `path` (`<path>.new`, mode 600) but not yet in
/// place: [`Pending::commit`] moves it there once the server has registered
/// its public half, dropping it removes the file. Refused when `path` holds a
/// key already, unless `replace`.
pub fn prepare_new(path: &Path, replace: bool) -> Result<Pending, KeyFileError> {
    if path.is_dir() {
        return Err(KeyFileError::Folder {
            path: path.to_path_buf(),
        });
    }
    if !replace && std::fs::symlink_metadata(path).is_ok() {
        return Err(KeyFileError::Exists {
            path: path.to_path_buf(),
        });
    }
    let key = generate();
    let tmp = path.with_extension("key.new");
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, &key)?;
    Ok(Pending {
        key,
        tmp,
        path: path.to_path_buf(),
        replace,
        done: false,
    })
}

/// A key made by [`prepare_new`], waiting to be put in place.
pub struct Pending {
    pub key: SigningKey,
    tmp: PathBuf,
    path: PathBuf,
    replace: bool,
    done: bool,
}

impl Pending {
    /// Moves the key into place (a rename: a crash never leaves half a key).
    pub fn commit(mut self) -> Result<SigningKey, KeyFileError> {
        if !self.replace && std::fs::symlink_metadata(&self.path).is_ok() {
            return Err(KeyFileError::Exists {
                path: self.path.clone(),
            });
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|source| KeyFileError::Write {
            path: self.path.clone(),
            source,
        })?;
        self.done = true;
        Ok(self.key.clone())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
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
    fn made_only_explicitly_private_and_never_overwritten() {
        let dir = std::env::temp_dir().join(format!("tourdesk-keytest-{}", uuid::Uuid::now_v7()));
        let path = dir.join("k.key");
        assert!(matches!(load(&path), Err(KeyFileError::Missing { .. })));
        assert!(!path.exists(), "loading never makes a key");
        // dropped before commit: nothing left behind
        drop(prepare_new(&path, false).unwrap());
        assert!(!path.exists() && !path.with_extension("key.new").exists());
        let a = prepare_new(&path, false).unwrap().commit().unwrap();
        assert_eq!(load(&path).unwrap().to_bytes(), a.to_bytes());
        assert!(matches!(prepare_new(&path, false), Err(KeyFileError::Exists { .. })));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(matches!(load(&path), Err(KeyFileError::Permissions { .. })));
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let c = prepare_new(&path, true).unwrap().commit().unwrap();
        assert_ne!(c.to_bytes(), a.to_bytes());
        assert_eq!(load(&path).unwrap().to_bytes(), c.to_bytes());
        std::fs::write(dir.join("bad.key"), "hello").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.join("bad.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(matches!(load(&dir.join("bad.key")), Err(KeyFileError::Format { .. })));
        assert!(matches!(load(&dir), Err(KeyFileError::Folder { .. })));
        assert!(matches!(prepare_new(&dir, true), Err(KeyFileError::Folder { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
