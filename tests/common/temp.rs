//! A private temporary folder for one test, removed when dropped: a data
//! directory for the binary, a field store, files to decode.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// A new folder in the system's temp folder, private (0700) as the program
/// wants the folders that hold personal data. Derefs to its path.
pub struct TempDir(pub PathBuf);

#[allow(clippy::new_without_default)] // a new folder each time: not a default
impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("tourdesk-test-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&p).expect("temp dir");
        std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o700)).expect("chmod 700");
        TempDir(p)
    }

    /// Where a field laptop's store goes in it.
    pub fn store(&self) -> PathBuf {
        self.0.join("field.sqlite")
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

/// For `Command::env` and friends.
impl AsRef<OsStr> for TempDir {
    fn as_ref(&self) -> &OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
