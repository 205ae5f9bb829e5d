//! Files that hold personal data or what protects it (the field store and
//! its journal, the log, ticket PNGs): created 0600 in 0700 folders, and a
//! store or folder that others can read is refused with the chmod to run —
//! as the ticket signing key is (`ticket::keys`).

use std::io;
use std::path::{Path, PathBuf};

/// A file or folder others may read, or one that could not be made private.
#[derive(Debug, thiserror::Error)]
pub enum PrivateError {
    #[error("{path} can be read by other users (mode {mode:o}); run `chmod {want:o} {path}` and try again")]
    Open { path: PathBuf, mode: u32, want: u32 },
    #[error("cannot make {path} private: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> PrivateError + '_ {
    move |source| PrivateError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes `dir` (and missing parents) with mode 0700 when missing, then
/// refuses it when group or others have any access to it.
pub fn private_dir(dir: &Path) -> Result<(), PrivateError> {
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).map_err(io_err(dir))?;
    }
    check(dir, 0o700)
}

/// Refuses `path` when it exists and group or others have any access to it
/// (`want` is the mode to suggest: 600 for files, 700 for folders).
pub fn check(path: &Path, want: u32) -> Result<(), PrivateError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_err(path)(e)),
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(PrivateError::Open {
                path: path.to_path_buf(),
                mode,
                want,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (path, want);
    Ok(())
}

/// Opens `path` for writing (truncating, or appending with `append`),
/// creating it with mode 0600; an existing file is set to 0600 (it is ours).
pub fn create_file(path: &Path, append: bool) -> Result<std::fs::File, PrivateError> {
    let mut o = std::fs::OpenOptions::new();
    o.create(true);
    if append {
        o.append(true);
    } else {
        o.write(true).truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let f = o.open(path).map_err(io_err(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = f.metadata().map_err(io_err(path))?.permissions().mode() & 0o777;
        if mode != 0o600 {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(io_err(path))?;
        }
    }
    Ok(f)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_0700_files_0600_and_open_ones_refused() {
        let base = std::env::temp_dir().join(format!("tourdesk-private-{}", uuid::Uuid::now_v7().simple()));
        let dir = base.join("a/b");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&base), 0o700);
        assert_eq!(mode(&dir), 0o700);
        let f = dir.join("x.log");
        drop(create_file(&f, true).unwrap());
        assert_eq!(mode(&f), 0o600);
        // an existing file of ours that others could read is closed up
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        drop(create_file(&f, false).unwrap());
        assert_eq!(mode(&f), 0o600);
        // a folder others can read is refused, naming the chmod
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let e = private_dir(&dir).unwrap_err().to_string();
        assert!(e.contains(&format!("chmod 700 {}", dir.display())), "{e}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        let e = check(&f, 0o600).unwrap_err().to_string();
        assert!(e.contains(&format!("chmod 600 {}", f.display())), "{e}");
        std::fs::remove_dir_all(&base).unwrap();
    }
}
