//! Files that hold scores and notes about people: readable by their owner alone, written
//! whole under a temporary name beside their place and renamed into it, never through a
//! symbolic link.

use std::io::Write;
use std::path::{Path, PathBuf};

/// How the temporary copy of a file being written is named: hidden, and ending in `.tmp`,
/// so that nothing reading the directory (the rubric catalog) takes a half-written file.
const TEMP_SUFFIX: &str = ".tmp";

/// A path cadence was asked to write that is a symbolic link: it is never followed, so the
/// file it points to is neither overwritten nor made private.
#[derive(Debug)]
pub struct ThroughLink(pub PathBuf);

impl std::fmt::Display for ThroughLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is a symbolic link: cadence writes only a file of its own, never through a link; \
             give the path of a file (nothing was written)",
            self.0.display()
        )
    }
}

impl std::error::Error for ThroughLink {}

/// Whether `error` is [`write`] refusing a symbolic link.
pub fn is_through_link(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.downcast_ref::<ThroughLink>().is_some())
}

/// An error from [`write`] as the store's: a refused link is bad input, anything else a file
/// cadence cannot use.
pub fn store_error(path: &Path, error: std::io::Error) -> crate::store::StoreError {
    use crate::store::StoreError;
    if is_through_link(&error) {
        StoreError::Invalid(error.to_string())
    } else {
        StoreError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

/// Writes `text` to `path` with mode 0600: into a new temporary file beside it (created with
/// no-follow and exclusive creation), synced, then renamed into place, so `path` holds either
/// what it held or all of `text`. With `replace`, an existing file is replaced; without, an
/// existing file is refused. A symbolic link at `path` is refused, never followed.
pub fn write(path: &Path, text: &str, replace: bool) -> std::io::Result<()> {
    refuse_link(path)?;
    if !replace && path.symlink_metadata().is_ok() {
        return Err(exists(path));
    }
    let dir = parent_dir(path);
    let (temp, mut file) = create_temp(dir, path)?;
    let placed = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| place(&temp, path, replace));
    drop(file);
    if placed.is_err() {
        // A full disk leaves no empty or partial file behind.
        let _ = std::fs::remove_file(&temp);
    }
    placed?;
    sync_dir(dir)
}

fn refuse_link(path: &Path) -> std::io::Result<()> {
    match path.symlink_metadata() {
        Ok(meta) if meta.file_type().is_symlink() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            ThroughLink(path.to_path_buf()),
        )),
        _ => Ok(()),
    }
}

fn exists(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("{} exists already", path.display()),
    )
}

/// The directory holding `path`; `.` for a bare file name.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A new private file in `dir` named for `path`, never one that was there, never a link.
fn create_temp(dir: &Path, path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = path
        .file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy();
    let mut last = None;
    for attempt in 0..100u32 {
        let temp = dir.join(format!(
            ".{name}.{}-{attempt}{TEMP_SUFFIX}",
            std::process::id()
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        match options.open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| exists(path)))
}

/// Puts the written `temp` at `path`. A rename replaces a link itself, never its target; a
/// hard link refuses any name already there, which is what "do not replace" needs.
fn place(temp: &Path, path: &Path, replace: bool) -> std::io::Result<()> {
    refuse_link(path)?;
    if replace {
        return std::fs::rename(temp, path);
    }
    match std::fs::hard_link(temp, path) {
        Ok(()) => std::fs::remove_file(temp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists(path)),
        // A file system without hard links: the name was free a moment ago.
        Err(_) if path.symlink_metadata().is_err() => std::fs::rename(temp, path),
        Err(e) => Err(e),
    }
}

/// A rename is durable only once its directory is synced.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Creates `dir` and any missing parents readable by their owner alone (0700); an existing
/// directory is left as it is.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_private_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write(&path, "one", false).unwrap();
        assert!(write(&path, "two", false).is_err(), "without replace");
        write(&path, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
