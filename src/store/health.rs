//! The facts `cadence doctor` reports about a database file: what SQLite's full
//! integrity_check finds, its schema, its permissions, the last session, the write-ahead
//! log and the backups. Gathering them reads only: no migration, no file created.

use super::backup::{BackupFile, Check, backup_dir, list_backups, parent_dir, problems_found};
use super::{SQLITE_MAGIC, migrations};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Everything looked at, good or bad.
#[derive(Debug)]
pub struct Examination {
    pub path: PathBuf,
    pub contents: Contents,
    /// The file's size in bytes, when it is there.
    pub bytes: Option<u64>,
    /// The size of the write-ahead log, when there is one.
    pub wal_bytes: Option<u64>,
    /// The permission bits of the files that hold data (the database, its log, each backup).
    pub files: Vec<(PathBuf, u32)>,
    /// The permission bits of the directories they are in.
    pub dirs: Vec<(PathBuf, u32)>,
    pub backup_dir: PathBuf,
    /// Newest first; `Err` when the directory could not be read.
    pub backups: Result<Vec<BackupFile>, String>,
}

/// What the file holds, as far as SQLite and the schema tell.
#[derive(Debug, PartialEq, Eq)]
pub enum Contents {
    Missing,
    NotSqlite,
    /// SQLite says the file is damaged where it is read first: the schema, the header.
    Damaged(String),
    /// It could not be read at all (permissions, locks).
    Unreadable(String),
    /// An SQLite file with another program's tables.
    NotOurs,
    /// A new file with nothing in it yet: the next start sets it up.
    Empty,
    Cadence {
        schema: i64,
        /// What integrity_check found; empty when the file is whole.
        damage: Vec<String>,
        /// The session flag: `Some("open")` when the last cockpit did not close properly.
        session: Option<String>,
    },
}

/// Looks at the database at `db` and its backups.
pub fn examine(db: &Path) -> Examination {
    let meta = fs::metadata(db).ok();
    let wal = super::backup::with_suffix(db, "-wal");
    let wal_meta = fs::metadata(&wal).ok();
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for (path, meta) in [(db, &meta), (wal.as_path(), &wal_meta)] {
        if let Some(mode) = meta.as_ref().and_then(mode_of) {
            files.push((path.to_path_buf(), mode));
        }
    }
    let backup_dir = backup_dir(db);
    for dir in [parent_dir(db), backup_dir.as_path()] {
        if let Some(mode) = fs::metadata(dir).ok().as_ref().and_then(mode_of) {
            dirs.push((dir.to_path_buf(), mode));
        }
    }
    let backups = list_backups(db).map_err(|e| e.to_string());
    for backup in backups.iter().flatten() {
        if let Some(mode) = fs::metadata(&backup.path).ok().as_ref().and_then(mode_of) {
            files.push((backup.path.clone(), mode));
        }
    }
    Examination {
        path: db.to_path_buf(),
        contents: if meta.is_some() {
            contents(db)
        } else {
            Contents::Missing
        },
        bytes: meta.as_ref().map(fs::Metadata::len),
        wal_bytes: wal_meta.as_ref().map(fs::Metadata::len),
        files,
        dirs,
        backup_dir,
        backups,
    }
}

fn mode_of(meta: &fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Where the database header keeps the application id, big-endian.
const APPLICATION_ID_AT: usize = 68;

fn contents(db: &Path) -> Contents {
    let mut header = Vec::with_capacity(100);
    if let Err(e) = fs::File::open(db).and_then(|f| f.take(100).read_to_end(&mut header)) {
        return Contents::Unreadable(e.to_string());
    }
    if header.is_empty() {
        return Contents::Empty;
    }
    if !header.starts_with(SQLITE_MAGIC) {
        return Contents::NotSqlite;
    }
    // Opening a write-ahead-log file, even to read, makes its log and shared memory beside
    // it. A file whose header is not cadence's, with no log beside it, holds everything in
    // itself: it is read as immutable, which creates nothing.
    let ours = header
        .get(APPLICATION_ID_AT..APPLICATION_ID_AT + 4)
        .and_then(|id| <[u8; 4]>::try_from(id).ok())
        .is_some_and(|id| i64::from(i32::from_be_bytes(id)) == migrations::APPLICATION_ID);
    let whole = !ours && !super::backup::with_suffix(db, "-wal").exists();
    read_contents(db, whole).unwrap_or_else(|e| match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            Contents::Damaged(e.to_string())
        }
        _ => Contents::Unreadable(e.to_string()),
    })
}

fn read_contents(db: &Path, immutable: bool) -> rusqlite::Result<Contents> {
    // Read-only: closing it folds no write-ahead log into the file.
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if immutable {
        Connection::open_with_flags(immutable_uri(db), flags | OpenFlags::SQLITE_OPEN_URI)?
    } else {
        Connection::open_with_flags(db, flags)?
    };
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let read = |pragma: &str| conn.pragma_query_value(None, pragma, |r| r.get::<_, i64>(0));
    let application_id = read("application_id")?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if application_id != migrations::APPLICATION_ID {
        return Ok(if tables == 0 {
            Contents::Empty
        } else {
            Contents::NotOurs
        });
    }
    let schema = read("user_version")?;
    let damage = problems_found(&conn, Check::Full)?;
    // A damaged file may not give the flag up; the damage is what matters then.
    let session = conn
        .query_row(
            "SELECT value FROM app_state WHERE key = 'session'",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap_or(None);
    Ok(Contents::Cadence {
        schema,
        damage,
        session,
    })
}

/// `db` as an SQLite URI that opens it immutable: no lock, no log, no shared memory.
fn immutable_uri(db: &Path) -> String {
    let mut uri = String::from("file:");
    for byte in db.as_os_str().as_encoded_bytes() {
        match byte {
            // Bytes beyond ASCII too: SQLite decodes each %XX back to the byte.
            b'%' | b'?' | b'#' | 0x80.. => uri.push_str(&format!("%{byte:02X}")),
            _ => uri.push(char::from(*byte)),
        }
    }
    uri.push_str("?immutable=1");
    uri
}
