//! Reading a text file the manager names (the config, a rubric, an agenda template, a roster,
//! an import): only a regular file, of at most a size fitting what it holds, as UTF-8 text.
//! Anything else is refused in one line, before it is read: `/dev/urandom` or a pipe given
//! as a config would otherwise be read forever. No parsing here.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest file of each kind: far above any real one, far below what would stall.
pub mod limit {
    pub const CONFIG: u64 = 1 << 20;
    pub const RUBRIC: u64 = 1 << 20;
    pub const AGENDA: u64 = 1 << 20;
    pub const SCORECARD: u64 = 16 << 20;
    /// A roster, a taskwarrior or todo.txt file.
    pub const LIST: u64 = 64 << 20;
    /// A whole export: years of a team's notes.
    pub const EXPORT: u64 = 1 << 30;
}

/// Why a file was not read, worded for one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread(pub String);

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unread {}

/// The text of `path`, a `what` ("config file", "roster"), of at most `max` bytes.
pub fn read(path: &Path, what: &str, max: u64) -> Result<String, Unread> {
    let name = path.display();
    let meta = std::fs::metadata(path).map_err(|e| Unread(format!("cannot read {name}: {e}")))?;
    if !meta.is_file() {
        return Err(Unread(format!(
            "{name} is {}, not a regular file: give the {what} as a file",
            kind(&meta)
        )));
    }
    if meta.len() > max {
        return Err(too_large(&name.to_string(), what, Some(meta.len()), max));
    }
    let file = std::fs::File::open(path).map_err(|e| Unread(format!("cannot read {name}: {e}")))?;
    bounded(file, &name.to_string(), what, max)
}

/// Standard input as text, of at most `max` bytes.
pub fn read_stdin(what: &str, max: u64) -> Result<String, Unread> {
    bounded(std::io::stdin().lock(), "standard input", what, max)
}

/// Reads at most `max` bytes: a file that grows while read is still refused.
fn bounded(from: impl Read, name: &str, what: &str, max: u64) -> Result<String, Unread> {
    let mut bytes = Vec::new();
    from.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Unread(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(too_large(name, what, None, max));
    }
    utf8(bytes, name)
}

/// The text, or which line is not UTF-8.
pub fn utf8(bytes: Vec<u8>, name: &str) -> Result<String, Unread> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..good].iter().filter(|&&b| b == b'\n').count() + 1;
        Unread(format!(
            "{name} is not UTF-8 text (line {line}): save it as UTF-8 and try again"
        ))
    })
}

/// `size` when it is known (a file's length), not for what was cut off at `max`.
fn too_large(name: &str, what: &str, size: Option<u64>, max: u64) -> Unread {
    let found = size.map_or(String::new(), |s| format!(" ({s} bytes)"));
    Unread(format!(
        "{name} is too large for a {what}{found}: at most {} is read",
        size_words(max)
    ))
}

fn size_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b => format!("{b} bytes"),
    }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_fifo() {
            return "a pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_a_directory_and_a_large_file_are_refused_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let dev = read(Path::new("/dev/urandom"), "config file", limit::CONFIG).unwrap_err();
        assert_eq!(
            dev.0,
            "/dev/urandom is a device, not a regular file: give the config file as a file"
        );
        let d = read(dir.path(), "roster", limit::LIST).unwrap_err();
        assert!(d.0.contains("is a directory, not a regular file"), "{d}");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; 2048]).unwrap();
        let refused = read(&big, "config file", 1024).unwrap_err();
        assert!(
            refused.0.ends_with(
                "big.toml is too large for a config file (2048 bytes): at most 1024 bytes is read"
            ),
            "{refused}"
        );
        std::fs::write(&big, "ok\n").unwrap();
        assert_eq!(read(&big, "config file", 1024).unwrap(), "ok\n");
    }

    #[test]
    fn text_that_is_not_utf8_is_named_by_its_line() {
        let refused = utf8(b"one\ntwo\n\xffthree".to_vec(), "team.csv").unwrap_err();
        assert_eq!(
            refused.0,
            "team.csv is not UTF-8 text (line 3): save it as UTF-8 and try again"
        );
    }
}
