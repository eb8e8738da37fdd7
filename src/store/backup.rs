//! Copies of the database: the daily backup taken through SQLite's online backup API into
//! `backups/` beside the file, keeping the last seven, and putting a backup back in place.
//! Every copy is readable by its owner alone from its first byte, and lands under its final
//! name only once it is whole.

use super::{
    Result, SQLITE_MAGIC, SameFile, Store, StoreError, classify, create_private_file, migrations,
};
use chrono::NaiveDate;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

/// How many daily backups are kept.
pub const KEPT: usize = 7;

/// One backup on disk, as `cadence doctor` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub date: NaiveDate,
    pub bytes: u64,
}

/// The directory the backups of the database at `db` go into: `backups/` beside it.
pub fn backup_dir(db: &Path) -> PathBuf {
    parent_dir(db).join("backups")
}

/// The directory holding `path`; `.` for a bare file name.
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The name every backup of `db` starts with: the database's own, so that two databases in
/// one directory keep apart backups (`cadence.db` gives `cadence-2026-11-27.db`).
fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "cadence".into())
}

fn backup_name(stem: &str, date: NaiveDate) -> String {
    format!("{stem}-{}.db", date.format("%Y-%m-%d"))
}

/// The day a file name stands for, when it is one of this database's backups.
fn backup_date(stem: &str, name: &str) -> Option<NaiveDate> {
    let date = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    // Exactly YYYY-MM-DD: `cadence-old-2026-11-27.db` belongs to another database.
    (date.len() == 10)
        .then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
        .flatten()
}

/// The backups of the database at `db`, newest first. No directory means no backups.
pub fn list_backups(db: &Path) -> std::io::Result<Vec<BackupFile>> {
    let dir = backup_dir(db);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let stem = stem(db);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(date) = backup_date(&stem, &entry.file_name().to_string_lossy()) else {
            continue;
        };
        let meta = entry.metadata()?;
        if meta.is_file() {
            found.push(BackupFile {
                path: entry.path(),
                date,
                bytes: meta.len(),
            });
        }
    }
    found.sort_by_key(|b| std::cmp::Reverse(b.date));
    Ok(found)
}

impl Store {
    /// Takes today's backup unless there is one already, then deletes all but the newest
    /// [`KEPT`]. Returns the new backup's path, or `None` when today's was there.
    pub fn back_up_daily(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        let dir = backup_dir(&self.path);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |error| StoreError::Io { path, error }
        };
        refuse_linked_dir(&dir)?;
        let stem = stem(&self.path);
        let target = dir.join(backup_name(&stem, today));
        if target.exists() {
            return Ok(None);
        }
        make_private_dir(&dir).map_err(io(&dir))?;
        let partial = dir.join(format!(".{}.partial", backup_name(&stem, today)));
        copy_to_new_file(&self.conn, &self.path, &partial)?;
        // Once a day, a damaged copy is caught before it pushes a good backup out.
        if let Err(damaged) = check_copy(&self.path, &partial) {
            let _ = remove_if_there(&partial);
            return Err(damaged);
        }
        fs::rename(&partial, &target).map_err(io(&target))?;
        sync_dir(&dir).map_err(io(&dir))?;
        for old in list_backups(&self.path)
            .map_err(io(&dir))?
            .into_iter()
            .skip(KEPT)
        {
            fs::remove_file(&old.path).map_err(io(&old.path))?;
        }
        Ok(Some(target))
    }
}

/// What a daily backup came to: the new file, `None` when today's was there, or why none
/// could be made.
pub type BackupOutcome = Result<Option<PathBuf>>;

/// Today's backup, taken on a thread of its own with its own connection: on years of data it
/// takes a while once a day, and neither the first frame nor a keystroke waits for it.
pub struct DailyBackup {
    running: Option<JoinHandle<BackupOutcome>>,
    done: Option<BackupOutcome>,
}

impl DailyBackup {
    /// Starts today's backup of `file` (see [`Store::back_up_daily`]).
    pub fn start(file: SameFile, today: NaiveDate) -> DailyBackup {
        let path = file.path().to_path_buf();
        // On all but the day's first start there is nothing to do: no thread, no connection.
        let dir = backup_dir(&path);
        if !is_link(&dir) && dir.join(backup_name(&stem(&path), today)).exists() {
            return DailyBackup {
                running: None,
                done: Some(Ok(None)),
            };
        }
        let spawned = std::thread::Builder::new()
            .name("cadence-backup".into())
            .spawn(move || {
                let store = file.open()?;
                // Each page is copied once: a page cache would only fill memory.
                copying(&store.conn).map_err(|e| store.err(e))?;
                store.back_up_daily(today)
            });
        match spawned {
            Ok(handle) => DailyBackup {
                running: Some(handle),
                done: None,
            },
            Err(error) => DailyBackup {
                running: None,
                done: Some(Err(StoreError::Io { path, error })),
            },
        }
    }

    /// The outcome once the backup is over, without waiting; given once.
    pub fn finished(&mut self) -> Option<BackupOutcome> {
        if self.running.as_ref().is_some_and(|h| h.is_finished()) {
            self.done = self.running.take().map(joined);
        }
        self.done.take()
    }

    /// Waits for the backup to be over: a quit does not cut today's backup short.
    pub fn wait(mut self) -> Option<BackupOutcome> {
        if let Some(handle) = self.running.take() {
            self.done = Some(joined(handle));
        }
        self.done.take()
    }
}

fn joined(handle: JoinHandle<BackupOutcome>) -> BackupOutcome {
    handle.join().unwrap_or_else(|_| {
        Err(StoreError::Invalid(
            "the backup stopped unexpectedly".into(),
        ))
    })
}

/// SQLite's full integrity_check of a fresh copy; damage is reported as the database's,
/// where it came from. Full, not quick: an index that no longer matches its table passes
/// the quick check, and such a copy must not push the last good backup out. It runs once
/// a day, on the backup's thread.
fn check_copy(db: &Path, copy: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        copy,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(copy, e))?;
    copying(&conn).map_err(|e| classify(copy, e))?;
    checked(&conn, db, Check::Full)
}

/// `PRAGMA quick_check` on `conn`, its findings reported as damage to the file at `path`.
pub(crate) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    checked(conn, path, Check::Quick)
}

fn checked(conn: &Connection, path: &Path, check: Check) -> Result<()> {
    let damage = problems_found(conn, check).map_err(|e| classify(path, e))?;
    if damage.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: damage.join("; "),
        })
    }
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A backups directory that is a symbolic link is refused: following it would write copies
/// of private notes wherever it points, and make that directory 0700.
fn refuse_linked_dir(dir: &Path) -> Result<()> {
    if is_link(dir) {
        return Err(StoreError::Invalid(format!(
            "{} is a symbolic link: backups go only into a directory of cadence's own; \
             remove the link (the directory it points to was left as it is)",
            dir.display()
        )));
    }
    Ok(())
}

/// Creates `dir` (and its parents) as 0700, and makes an existing one 0700: it holds copies
/// of notes about people.
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    builder.create(dir)
}

/// Copies the database behind `from` into a new file at `to` (0600 before SQLite writes a
/// byte), as one self-contained file in rollback-journal mode, synced to disk. A file left
/// at `to` by an earlier copy that broke off is replaced; on failure nothing is left there.
fn copy_to_new_file(from: &Connection, from_path: &Path, to: &Path) -> Result<()> {
    let io = |error| StoreError::Io {
        path: to.to_path_buf(),
        error,
    };
    remove_if_there(to).map_err(io)?;
    create_private_file(to).map_err(io)?;
    let copied = copy_pages(from, to).map_err(|e| match e {
        // The source is the one that can be damaged or busy; the copy is new.
        Copy::Source(e) => classify(from_path, e),
        Copy::Target(e) => classify(to, e),
    });
    let synced = copied.and_then(|()| fs::File::open(to).and_then(|f| f.sync_all()).map_err(io));
    if synced.is_err() {
        let _ = remove_if_there(to);
        let _ = remove_if_there(&with_suffix(to, "-journal"));
    }
    synced
}

enum Copy {
    Source(rusqlite::Error),
    Target(rusqlite::Error),
}

/// A connection that reads or writes each page once, as a copy or a check does, with a
/// small page cache: the cockpit's backup then adds little to its memory.
fn copying(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -256)
}

fn copy_pages(from: &Connection, to: &Path) -> std::result::Result<(), Copy> {
    let mut target = Connection::open_with_flags(
        to,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(Copy::Target)?;
    copying(&target).map_err(Copy::Target)?;
    {
        let backup = Backup::new(from, &mut target).map_err(Copy::Target)?;
        // All pages in one step; a writer holding the file is waited for a little.
        let mut waits = 0;
        loop {
            match backup.step(-1).map_err(Copy::Source)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ if waits < 50 => {
                    waits += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => {
                    return Err(Copy::Source(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed busy for five seconds".into()),
                    )));
                }
            }
        }
    }
    // The pages say write-ahead log, as the source's do; a backup is one file, so that it
    // can be copied, checked and restored alone.
    target
        .pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))
        .map_err(Copy::Target)?;
    target.close().map_err(|(_, e)| Copy::Target(e))
}

/// What a backup was found to be: a whole cadence database of this schema or an older one.
#[derive(Debug)]
pub struct Verified {
    pub schema: i64,
}

/// Checks that `file` is a cadence database this binary knows, in which SQLite's full
/// integrity_check finds no damage. Reads only. Every refusal is `Invalid` and names the file.
pub fn verify_backup(file: &Path) -> Result<Verified> {
    let name = file.display();
    let refuse = |why: String| StoreError::Invalid(format!("{name} {why}; nothing was restored"));
    let meta = fs::metadata(file).map_err(|e| refuse(format!("cannot be read ({e})")))?;
    if !meta.is_file() {
        return Err(refuse("is not a file".into()));
    }
    let mut header = Vec::with_capacity(16);
    fs::File::open(file)
        .and_then(|f| f.take(16).read_to_end(&mut header))
        .map_err(|e| refuse(format!("cannot be read ({e})")))?;
    if header.as_slice() != SQLITE_MAGIC {
        return Err(refuse(
            "is not a cadence backup (it is not an SQLite file)".into(),
        ));
    }
    let damaged = |e: rusqlite::Error| {
        refuse(format!(
            "is damaged ({e}): choose an older backup (`cadence doctor` lists them)"
        ))
    };
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(damaged)?;
    let read = |pragma: &str| conn.pragma_query_value(None, pragma, |r| r.get::<_, i64>(0));
    let application_id = read("application_id").map_err(damaged)?;
    let schema = read("user_version").map_err(damaged)?;
    if application_id != migrations::APPLICATION_ID || schema < 1 {
        return Err(refuse(
            "is another program's SQLite database, not a cadence backup".into(),
        ));
    }
    if schema > migrations::LATEST {
        return Err(refuse(format!(
            "was written by a newer cadence (schema {schema}, this one knows up to {}): \
             upgrade cadence to restore it",
            migrations::LATEST
        )));
    }
    let problems = problems_found(&conn, Check::Full).map_err(damaged)?;
    if !problems.is_empty() {
        return Err(refuse(format!(
            "is damaged ({}): choose an older backup (`cadence doctor` lists them)",
            problems.join("; ")
        )));
    }
    Ok(Verified { schema })
}

/// SQLite's checks: the quick one, or the full one that also compares indexes with tables.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    Quick,
    Full,
}

/// What the check found, or nothing when the file is whole.
pub(crate) fn problems_found(conn: &Connection, check: Check) -> rusqlite::Result<Vec<String>> {
    let sql = match check {
        Check::Quick => "PRAGMA quick_check",
        Check::Full => "PRAGMA integrity_check",
    };
    let mut stmt = conn.prepare(sql)?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if rows.len() == 1 && rows[0] == "ok" {
        Vec::new()
    } else {
        rows
    })
}

/// What `restore` did.
#[derive(Debug)]
pub struct Restored {
    /// Where the database that was replaced went, if there was one.
    pub replaced: Option<PathBuf>,
}

/// Puts the backup at `backup` in place of the database at `db`. The backup is checked
/// first; an existing database is replaced only with `replace`, and is then kept beside it
/// as `NAME.replaced-STAMP` (with its write-ahead log, if one could not be folded in).
/// The copy is written to a private file in the same directory, synced, and renamed over,
/// so the database is never half there.
pub fn restore(backup: &Path, db: &Path, replace: bool, stamp: &str) -> Result<Restored> {
    verify_backup(backup)?;
    let exists = db.exists();
    if exists && same_file(backup, db) {
        return Err(StoreError::Invalid(format!(
            "{} is the database itself, not a backup of it; nothing was restored",
            backup.display()
        )));
    }
    if exists && !replace {
        return Err(StoreError::Invalid(format!(
            "{} exists: restore replaces it only with --force (it is then kept beside it as \
             {}.replaced-{stamp}); nothing was changed",
            db.display(),
            file_name(db).to_string_lossy()
        )));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| StoreError::Io { path, error }
    };
    let dir = parent_dir(db);
    if !dir.exists() {
        make_private_dir(dir).map_err(io(dir))?;
    }
    let mut partial_name = OsString::from(".");
    partial_name.push(file_name(db));
    partial_name.push(".restoring");
    let partial = dir.join(partial_name);
    let source = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(backup, e))?;
    copy_to_new_file(&source, backup, &partial)?;
    drop(source);
    if let Err(e) = mark_closed(&partial) {
        let _ = remove_if_there(&partial);
        return Err(e);
    }
    let replaced = if exists {
        Some(set_aside(db, stamp).map_err(io(db))?)
    } else {
        None
    };
    if let Err(error) = fs::rename(&partial, db) {
        // Put the database that was there back where it was.
        if let Some(kept) = &replaced {
            for suffix in ["", "-wal", "-shm"] {
                let _ = fs::rename(with_suffix(kept, suffix), with_suffix(db, suffix));
            }
        }
        let _ = remove_if_there(&partial);
        return Err(io(db)(error));
    }
    sync_dir(dir).map_err(io(dir))?;
    Ok(Restored { replaced })
}

/// A restored database starts as closed: the backup was taken while a cockpit was open, and
/// the next start should not report a crash that did not happen.
fn mark_closed(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.execute(
        "UPDATE app_state SET value = 'closed' WHERE key = 'session'",
        [],
    )
    .map_err(|e| classify(path, e))?;
    conn.close().map_err(|(_, e)| classify(path, e))?;
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|error| StoreError::Io {
            path: path.to_path_buf(),
            error,
        })
}

/// Moves the database at `db` out of the way, to `NAME.replaced-STAMP` beside it. Its
/// write-ahead log is folded in first when SQLite can; whatever log is left moves with it,
/// so the kept file reads as it did.
fn set_aside(db: &Path, stamp: &str) -> std::io::Result<PathBuf> {
    if let Ok(conn) = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        // A damaged file may refuse; then its log moves along unfolded.
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        let _ = conn.close();
    }
    let dir = parent_dir(db);
    let mut kept = None;
    for n in 1..1000 {
        let mut name = file_name(db).to_owned();
        name.push(format!(".replaced-{stamp}"));
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let candidate = dir.join(name);
        let taken = ["", "-wal", "-shm"]
            .iter()
            .any(|s| with_suffix(&candidate, s).exists());
        if !taken {
            kept = Some(candidate);
            break;
        }
    }
    let kept = kept.ok_or_else(|| std::io::Error::other("no free name to keep it under"))?;
    // The log first: a log left behind alone would be replayed into the next file here.
    for suffix in ["-wal", "-shm", ""] {
        let from = with_suffix(db, suffix);
        if from.exists() {
            fs::rename(&from, with_suffix(&kept, suffix))?;
        }
    }
    Ok(kept)
}

fn file_name(path: &Path) -> &std::ffi::OsStr {
    path.file_name().unwrap_or(path.as_os_str())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `path` with `suffix` added to its name: the write-ahead log is `cadence.db-wal`.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A rename is durable only once its directory is synced.
pub(super) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_backup_is_named_by_its_database_and_day_and_read_back_only_when_exact() {
        let name = backup_name("cadence", day("2026-11-27"));
        assert_eq!(name, "cadence-2026-11-27.db");
        assert_eq!(backup_date("cadence", &name), Some(day("2026-11-27")));
        for other in [
            "cadence-old-2026-11-27.db",
            "cadence-2026-11-27.db-journal",
            ".cadence-2026-11-27.db.partial",
            "cadence-2026-13-01.db",
            "team-2026-11-27.db",
            "cadence-2026-11-7.db",
        ] {
            assert_eq!(backup_date("cadence", other), None, "{other}");
        }
    }

    #[test]
    fn backups_go_beside_the_database_even_for_a_bare_name() {
        assert_eq!(
            backup_dir(Path::new("/data/cadence.db")),
            PathBuf::from("/data/backups")
        );
        assert_eq!(
            backup_dir(Path::new("cadence.db")),
            PathBuf::from("./backups")
        );
        assert_eq!(stem(Path::new("/data/team.db")), "team");
    }
}
