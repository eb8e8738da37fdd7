//! The SQLite file: opening it safely, its pragmas and migrations, and the error wording for
//! everything that can go wrong with it. One module per aggregate holds the queries.
//! Nothing here knows about the terminal.

mod action_window;
mod actions;
mod backup;
mod dump;
mod generate;
mod health;
mod interchange;
mod meetings;
mod migrations;
mod one_on_ones;
mod outbox;
mod review;
mod rules;
mod scorecards;
mod sellers;
mod whole;

pub use crate::domain::actions::{
    ActionChange, ActionDraft, ActionItem, ActionList, ActionStatus, HistoryEntry, LIST_LIMIT,
    NewAction, SourceMeeting, follow_up_title,
};
pub use crate::domain::meeting::{Meeting, NewMeeting};
pub use crate::domain::one_on_one::{
    AgendaItem, Landed, Landing, LandingDraftWrite, NoteWrite, OneOnOne, OneOnOneState,
};
pub use crate::domain::rule::{Rule, RuleDraft};
pub use crate::domain::scorecard::{
    CallMarks, EvidenceWrite, Finish, MarkWrite, Observation, Observed, ScoreFilter, ScoreRow,
    Scorecard,
};
pub use crate::domain::seller::{NewSeller, Seller, SellerRef};
pub use backup::{
    BackupFile, BackupOutcome, DailyBackup, KEPT, Restored, backup_dir, list_backups, parent_dir,
    restore, verify_backup,
};
pub use generate::{GenSpec, Generated, MAX_SELLERS, MAX_YEARS, SAMPLE_CANCEL_REASONS};
pub use health::{Contents, Examination, examine};
pub use interchange::{Imported, MeetingOccurrence, Withdrawn};
pub use outbox::{
    ActionOut, MeetingOut, NoteOut, OneOnOneOut, OutboxEntry, OutboxState, ScorecardOut, SellerOut,
};
pub use whole::write_whole;

use chrono::format::{Item, Numeric, Pad, Parsed};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use std::fmt;
use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

/// The schema version this binary writes (`PRAGMA user_version`).
pub const SCHEMA: i64 = migrations::LATEST;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug)]
pub enum StoreError {
    NotADatabase {
        path: PathBuf,
    },
    /// An SQLite file of another program.
    NotOurs {
        path: PathBuf,
    },
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    /// A value in a row that another program wrote and cadence cannot read.
    Unreadable {
        path: PathBuf,
        detail: String,
    },
    /// A file (or its directory) cadence may read but not write.
    ReadOnly {
        path: PathBuf,
    },
    /// A command that reads was pointed at a file that is not there: a typo is not made
    /// into a new, empty database.
    Missing {
        path: PathBuf,
    },
    /// A request the data refuses, such as an unknown seller or a duplicate name.
    Invalid(String),
}

impl StoreError {
    /// What went wrong without the file's path, for a status line that has little room.
    pub fn reason(&self) -> String {
        match self {
            StoreError::Sqlite { error, .. } => error.to_string(),
            StoreError::Io { error, .. } => error.to_string(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotADatabase { path } => write!(
                f,
                "{} is not a cadence database (it is not an SQLite file); it was left untouched. \
                 Point --db or CADENCE_DB at a cadence database or at a new path",
                path.display()
            ),
            StoreError::NotOurs { path } => write!(
                f,
                "{} is another program's SQLite database, not cadence's; it was left untouched. \
                 Point --db or CADENCE_DB at a cadence database or at a new path",
                path.display()
            ),
            StoreError::TooNew { path, found, known } => write!(
                f,
                "{} was written by a newer cadence (schema {found}, this one knows up to {known}); \
                 it was left untouched. Upgrade cadence to open it",
                path.display()
            ),
            StoreError::Corrupt { path, detail } => write!(
                f,
                "{} is damaged ({detail}). Copy the file somewhere safe before anything else; \
                 `sqlite3 FILE .recover` can often rescue the data",
                path.display()
            ),
            StoreError::Io { path, error } => write!(f, "cannot use {}: {error}", path.display()),
            StoreError::Sqlite { path, error } => {
                write!(f, "database error in {}: {error}", path.display())
            }
            StoreError::Unreadable { path, detail } => write!(
                f,
                "{}: {detail}. Another program wrote a value cadence cannot read: correct that row \
                 (with sqlite3), or restore a backup (`cadence doctor` lists them)",
                path.display()
            ),
            StoreError::ReadOnly { path } => write!(
                f,
                "{} is read-only: chmod u+w {} (and its directory) to let cadence write to it; \
                 nothing was changed",
                path.display(),
                path.display()
            ),
            StoreError::Missing { path } => write!(
                f,
                "there is no database at {}; nothing was created. Check --db or CADENCE_DB, \
                 or make one: run `cadence` (the cockpit) or `cadence demo --db FILE`",
                path.display()
            ),
            StoreError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<crate::domain::limits::TooLong> for StoreError {
    fn from(too_long: crate::domain::limits::TooLong) -> Self {
        StoreError::Invalid(too_long.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file's identity when opened: writes to a file removed or replaced since would be
    /// lost with it.
    file_id: Option<(u64, u64)>,
}

/// The file a [`Store`] has open, to open again elsewhere: a connection serves one thread.
#[derive(Clone, Debug)]
pub struct SameFile {
    path: PathBuf,
    id: Option<(u64, u64)>,
}

impl SameFile {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was removed, or another put in its place, since it was first opened.
    pub fn replaced(&self) -> bool {
        file_id(&self.path) != self.id
    }

    /// Another connection to the file, refused when the file was removed or replaced since
    /// it was first opened: opening would make a new, empty database there, and writes to
    /// it would be lost.
    pub fn open(&self) -> Result<Store> {
        if self.replaced() {
            return Err(removed_or_replaced(&self.path));
        }
        let mut store = Store::open(&self.path)?;
        // Every write checks against the file first opened, not this connection's.
        store.file_id = self.id;
        Ok(store)
    }
}

fn removed_or_replaced(path: &Path) -> StoreError {
    StoreError::Invalid(format!(
        "the database file was removed or replaced while cadence had it open ({})",
        path.display()
    ))
}

/// The device and inode of a file, where the platform has them.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        fs::metadata(path).ok().map(|_| (0, 0))
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`. A file that is not SQLite, or whose
    /// schema is newer than this binary, is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        let io = |error| StoreError::Io {
            path: path.to_path_buf(),
            error,
        };
        // The file is never opened here but by SQLite: POSIX locks belong to the process,
        // and closing any descriptor on the file drops every lock the process holds on it.
        // A second connection (the writer's, the backup's) would then leave the first one
        // unlocked, and the next outside reader would fold and delete the log under it.
        // SQLite itself refuses a file that is not a database, before anything is written.
        if path.exists() {
            make_private(path).map_err(io)?;
        } else {
            create_private_file(path).map_err(io)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            file_id: file_id(path),
        };
        let version = store.check_version()?;
        store.configure()?;
        // A transaction takes the write lock when it begins, so two cockpits never find
        // out halfway through that the other is writing.
        store
            .conn
            .set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Up to date is the common case: the version was read above, no need to ask again.
        if version < migrations::LATEST {
            migrations::to_latest(&mut store.conn).map_err(|e| match e {
                rusqlite_migration::Error::RusqliteError { err, .. } => classify(path, err),
                other => StoreError::Invalid(format!("cannot update {}: {other}", path.display())),
            })?;
        }
        Ok(store)
    }

    /// Opens the database at `path`, which must be there: for the commands that read or
    /// change what is there, so a mistyped path creates nothing (no file, log or directory).
    pub fn open_existing(path: &Path) -> Result<Store> {
        // `exists` follows a link: a dangling one is missing too.
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection itself, for the whole-app checks in `tests/` alone: they trace the
    /// statements the cockpit runs and count SQLite's steps. Nothing in cadence calls it.
    #[doc(hidden)]
    pub fn instrumented(&self) -> &Connection {
        &self.conn
    }

    /// Reads only: a file this binary should not write to is refused before any write.
    /// Returns the file's schema version.
    fn check_version(&self) -> Result<i64> {
        let read = |pragma: &str| -> Result<i64> {
            self.conn
                .pragma_query_value(None, pragma, |r| r.get(0))
                .map_err(|e| self.err(e))
        };
        let found = read("user_version")?;
        let known = migrations::LATEST;
        if found > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known,
            });
        }
        if read("application_id")? == migrations::APPLICATION_ID {
            return Ok(found);
        }
        // Not marked as ours: only an empty file, about to become a cadence database, is.
        let empty = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| self.err(e))?
            == 0;
        if !empty {
            return Err(StoreError::NotOurs {
                path: self.path.clone(),
            });
        }
        Ok(found)
    }

    fn configure(&self) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| self.err(e))?;
        c.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| self.err(e))?;
        let mode: String = c
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "{} could not be switched to write-ahead logging (journal mode is {mode})",
                self.path.display()
            )));
        }
        c.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| self.err(e))?;
        // macOS's fsync does not reach the platter; F_FULLFSYNC does. Elsewhere a no-op.
        c.pragma_update(None, "fullfsync", "ON")
            .map_err(|e| self.err(e))?;
        // 8 MiB of pages (the default is 2): a list reloaded on a keystroke (the open action
        // items, with their sellers and meetings) is read from memory the second time.
        c.pragma_update(None, "cache_size", -8192)
            .map_err(|e| self.err(e))?;
        // The cockpit's statements all stay prepared: a list's statement differs with each
        // filter in force, and more of them than rusqlite's default 16 run in a session.
        c.set_prepared_statement_cache_capacity(128);
        // A plan that does not depend on the values bound: otherwise SQLite prepares a
        // statement a second time on its first run (for a `LIMIT ?`, or a value that might
        // match a partial index), which on a fresh start costs as much as the run.
        // It only saves time: a SQLite that refused it would still be right.
        let _ = c.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true);
        Ok(())
    }

    /// Marks the cockpit as running. Returns whether the last run ended without closing
    /// properly; in that case the file is checked first, since a crash is when damage shows.
    pub fn begin_session(&self) -> Result<bool> {
        let unclean = self.last_session_unclean()?;
        self.mark_session_open()?;
        Ok(unclean)
    }

    /// Whether the last run ended without closing properly; in that case the file is
    /// checked, and damage is the error. Reads only: the cockpit asks before its first
    /// frame, and marks the session open (`mark_session_open`) once the frame is out.
    pub fn last_session_unclean(&self) -> Result<bool> {
        let previous: Option<String> = self
            .conn
            .query_row(
                "SELECT key, value FROM app_state WHERE key = 'session'",
                [],
                |r| in_row("app_state", r, |r| r.get(1)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let unclean = previous.as_deref() == Some("open");
        if unclean {
            self.quick_check()?;
        }
        Ok(unclean)
    }

    /// Marks the cockpit as running, so that a crash from here on is noticed at the next
    /// start.
    pub fn mark_session_open(&self) -> Result<()> {
        self.set_session("open")
    }

    /// Whether the file is still the one opened. Writing to a file that was removed (or
    /// replaced by another) succeeds, and is lost when cadence closes: typed text is kept
    /// in memory instead, and can be rescued.
    pub fn check_file(&self) -> Result<()> {
        if file_id(&self.path) == self.file_id {
            return Ok(());
        }
        Err(removed_or_replaced(&self.path))
    }

    /// The file this store has open, to open again on a thread of its own.
    pub fn same_file(&self) -> SameFile {
        SameFile {
            path: self.path.clone(),
            id: self.file_id,
        }
    }

    /// A number that changes when another connection (another cockpit, a command, the
    /// writer of typed text) commits to the file: the cue to read what is on screen again.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub fn end_session(&self) -> Result<()> {
        self.set_session("closed")
    }

    fn set_session(&self, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO app_state (key, value) VALUES ('session', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [value],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// `PRAGMA quick_check`: tens of milliseconds on years of data, so it runs on request
    /// and after an unclean shutdown, never on every start.
    pub fn quick_check(&self) -> Result<()> {
        backup::quick_check(&self.conn, &self.path)
    }

    fn err(&self, error: rusqlite::Error) -> StoreError {
        classify(&self.path, error)
    }
}

/// Turns an SQLite error into the wording a manager can act on.
fn classify(path: &Path, error: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: error.to_string(),
        },
        _ => match error {
            rusqlite::Error::FromSqlConversionFailure(_, _, why) => StoreError::Unreadable {
                path,
                detail: why.to_string(),
            },
            error => StoreError::Sqlite { path, error },
        },
    }
}

/// Removes a database and its log and shared memory: one made for a command that failed.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = fs::remove_file(name);
    }
}

/// Creates the file readable and writable by its owner alone, before SQLite opens it, so
/// that the WAL and shared-memory files SQLite creates beside it get the same mode.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(|_| ())
}

/// Makes an existing database (and a WAL or shared-memory file left beside it) readable and
/// writable by its owner alone, as a new one is: a file made by another tool, or copied in
/// with a looser mode, holds the same private notes.
fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut files = vec![path.to_path_buf()];
        for suffix in ["-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            files.push(PathBuf::from(name));
        }
        for file in files.iter().filter(|f| f.exists()) {
            let mode = fs::metadata(file)?.permissions().mode();
            if mode & 0o077 != 0 {
                // The owner's own bits are kept: a file made read-only stays read-only.
                fs::set_permissions(file, fs::Permissions::from_mode(mode & 0o700))?;
            }
        }
    }
    Ok(())
}

// Stored formats. Instants are UTC text of fixed width, so they sort as they compare:
// `%Y-%m-%dT%H:%M:%SZ`, dates `%Y-%m-%d`, times of day `%H:%M`. Spelled out as chrono's
// items, which is what those format strings mean, so that a row read does not parse a
// format string again: every instant on screen goes through here.
const INSTANT: &[Item<'static>] = &[
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Day, Pad::Zero),
    Item::Literal("T"),
    Item::Numeric(Numeric::Hour, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Minute, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Second, Pad::Zero),
    Item::Literal("Z"),
];
const DATE: &[Item<'static>] = &[
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Day, Pad::Zero),
];
const TIME: &[Item<'static>] = &[
    Item::Numeric(Numeric::Hour, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Minute, Pad::Zero),
];

fn parsed(text: &str, items: &[Item<'static>]) -> Option<Parsed> {
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, text, items.iter()).ok()?;
    Some(parsed)
}

fn instant_to_sql(t: DateTime<Utc>) -> String {
    t.format_with_items(INSTANT.iter()).to_string()
}

fn instant_from_sql(text: &str) -> Option<DateTime<Utc>> {
    parsed(text, INSTANT)?
        .to_naive_datetime_with_offset(0)
        .ok()
        .map(|n| n.and_utc())
}

fn date_to_sql(d: NaiveDate) -> String {
    d.format_with_items(DATE.iter()).to_string()
}

fn date_from_sql(text: &str) -> Option<NaiveDate> {
    parsed(text, DATE)?.to_naive_date().ok()
}

fn time_to_sql(t: NaiveTime) -> String {
    t.format_with_items(TIME.iter()).to_string()
}

fn time_from_sql(text: &str) -> Option<NaiveTime> {
    parsed(text, TIME)?.to_naive_time().ok()
}

/// Ids as the one JSON array an `IN (SELECT value FROM json_each(..))` of any length binds.
fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(","))
}

/// A text column borrowed from its row, for a value parsed at once: nothing is copied. A
/// value of another type is reported with the column's name and the type found.
fn text<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        rusqlite::types::ValueRef::Text(bytes) => {
            std::str::from_utf8(bytes).map(Some).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
            })
        }
        other => Err(wrong_type(r, i, other.data_type())),
    }
}

/// A text column that may not be NULL, borrowed from its row.
fn required_text<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    text(r, i)?.ok_or_else(|| wrong_type(r, i, rusqlite::types::Type::Null))
}

fn wrong_type(r: &rusqlite::Row, i: usize, found: rusqlite::types::Type) -> rusqlite::Error {
    let name = r.as_ref().column_name(i).unwrap_or_default().to_string();
    rusqlite::Error::InvalidColumnType(i, name, found)
}

/// Reads a row of `table` whose id is its first column; a value it cannot read is named
/// with the table and the row's id, so the manager (or `sqlite3`) can find it.
fn in_row<T>(
    table: &str,
    r: &rusqlite::Row,
    read: impl FnOnce(&rusqlite::Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    read(r).map_err(|e| {
        let id = match r.get_ref(0) {
            Ok(rusqlite::types::ValueRef::Integer(id)) => id.to_string(),
            Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
            _ => "?".into(),
        };
        named_row(table, &id, e)
    })
}

/// `error`, when it is a value of row `id` of `table` that cannot be read, said with the
/// table and the row: the one place every row reader's message is made. Anything else (a
/// busy file, a full disk) is not the row's fault and passes unchanged.
fn named_row(table: &str, id: &str, error: rusqlite::Error) -> rusqlite::Error {
    let what = match &error {
        rusqlite::Error::FromSqlConversionFailure(_, _, why) => why.to_string(),
        rusqlite::Error::InvalidColumnType(_, name, found) => {
            format!("{name} holds {found}, which cadence does not expect there")
        }
        rusqlite::Error::IntegralValueOutOfRange(i, value) => {
            format!("column {i} holds {value}, which is out of range")
        }
        _ => return error,
    };
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{table} row {id}: {what}").into(),
    )
}

/// A row whose stored text this binary cannot read: reported, not panicked on.
fn bad_row(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unreadable {what} '{value}'").into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// File modes do not stop root, whom the tests may run as: SQLite's own read-only
    /// connection gives the error a write-protected file gives.
    #[test]
    fn a_write_sqlite_refuses_as_read_only_says_how_to_allow_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let error = conn
            .execute("INSERT INTO app_state (key, value) VALUES ('x', 'y')", [])
            .unwrap_err();
        let shown = classify(&path, error).to_string();
        assert_eq!(
            shown,
            format!(
                "{0} is read-only: chmod u+w {0} (and its directory) to let cadence write to it; \
                 nothing was changed",
                path.display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_database_made_read_only_by_its_owner_stays_read_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        drop(Store::open(&path).unwrap());
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        make_private(&path).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o400,
            "others lose their access, the owner gains none"
        );
    }

    #[test]
    fn a_column_of_the_wrong_type_is_named_with_the_type_found() {
        let conn = Connection::open_in_memory().unwrap();
        conn.query_row(
            "SELECT 'held' AS status, 7 AS kind, NULL AS starts_at",
            [],
            |r| {
                assert_eq!(text(r, 0).unwrap(), Some("held"));
                assert_eq!(required_text(r, 0).unwrap(), "held");
                let wrong = text(r, 1).unwrap_err().to_string();
                assert!(
                    wrong.contains("kind") && wrong.contains("Integer"),
                    "{wrong}"
                );
                assert_eq!(text(r, 2).unwrap(), None);
                let missing = required_text(r, 2).unwrap_err().to_string();
                assert!(
                    missing.contains("starts_at") && missing.contains("Null"),
                    "{missing}"
                );
                Ok(())
            },
        )
        .unwrap();
    }

    #[test]
    fn a_statement_is_planned_once_whatever_is_bound() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cadence.db")).unwrap();
        // A `LIMIT ?` is the case the team heatmap has: without the guarantee, SQLite
        // prepares it again once a value is bound.
        let mut statement = store
            .conn
            .prepare("SELECT id FROM sellers ORDER BY id LIMIT ?1")
            .unwrap();
        let ids: Vec<i64> = statement
            .query_map([3], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(ids.is_empty());
        assert_eq!(
            statement.get_status(rusqlite::StatementStatus::RePrepare),
            0
        );
    }

    #[test]
    fn instants_round_trip_in_sortable_form() {
        let t = DateTime::parse_from_rfc3339("2026-11-24T09:30:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(instant_to_sql(t), "2026-11-24T08:30:00Z");
        assert_eq!(instant_from_sql("2026-11-24T08:30:00Z"), Some(t));
        assert_eq!(instant_from_sql("yesterday"), None);
    }

    #[test]
    fn the_stored_forms_read_as_their_format_strings_say() {
        let instants = [
            "2026-11-24T08:30:00Z",
            "0999-01-01T00:00:00Z",
            "2026-11-24T08:30:00",
            "2026-11-24 08:30:00Z",
            "2026-02-30T08:30:00Z",
            "2026-11-24T08:30:00Z ",
        ];
        for text in instants {
            let by_format = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ")
                .ok()
                .map(|n| n.and_utc());
            assert_eq!(instant_from_sql(text), by_format, "{text:?}");
        }
        for text in ["2026-11-24", "2026-13-01", "2026-11-24x", "24.11.2026", ""] {
            let by_format = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            assert_eq!(date_from_sql(text), by_format, "{text:?}");
        }
        for text in ["09:30", "9:30", "24:00", "09:30:00", "0930"] {
            let by_format = NaiveTime::parse_from_str(text, "%H:%M").ok();
            assert_eq!(time_from_sql(text), by_format, "{text:?}");
        }
        let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(date_to_sql(day), "2026-03-09");
        assert_eq!(
            time_to_sql(NaiveTime::from_hms_opt(7, 5, 0).unwrap()),
            "07:05"
        );
    }
}
