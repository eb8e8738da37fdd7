//! Writing a database whole or not at all, for writes made of many transactions (the sample
//! team): built in a private temporary file beside the target, then put in place in one
//! step. A new target gets the built file under its name; an existing, empty database gets
//! its pages through SQLite's backup API, in one write transaction. A failure part of the
//! way (a full disk) leaves the target as it was, and no temporary file.

use super::backup::{sync_dir, with_suffix};
use super::{Result, Store, StoreError, create_private_file, parent_dir};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The table whose rows are bookkeeping (the session mark, caches), not the manager's data:
/// a database holding rows only there, and in SQLite's own tables, is empty.
const BOOKKEEPING: &str = "app_state";

/// Fills a new database with `fill` and puts it at `path` whole: `path` ends up holding all
/// of it, or what it held before. An existing `path` must be an empty cadence database.
pub fn write_whole(path: &Path, fill: impl FnOnce(&mut Store) -> Result<()>) -> Result<()> {
    let target = match path.symlink_metadata() {
        Ok(_) => {
            let target = Store::open(path)?;
            target.refuse_unless_empty()?;
            Some(target)
        }
        Err(_) => None,
    };
    let temp = Built::new(path)?;
    temp.fill(fill)?;
    match target {
        Some(mut target) => target.take_pages_of(&temp.path),
        None => temp.place(path),
    }
}

impl Store {
    /// Refused unless no table but the bookkeeping has a row: copying pages over the file
    /// would replace every row it holds.
    fn refuse_unless_empty(&self) -> Result<()> {
        if self.seller_count()? > 0 {
            return Err(StoreError::Invalid(format!(
                "{} already has sellers; the demo team is only written into an empty database",
                self.path.display()
            )));
        }
        let tables: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?1",
                )
                .map_err(|e| self.err(e))?;
            stmt.query_map([BOOKKEEPING], |r| r.get(0))
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e))?
        };
        for table in &tables {
            // A table name read from the schema, quoted: never text from outside.
            let sql = format!(
                "SELECT EXISTS (SELECT 1 FROM \"{}\")",
                table.replace('"', "\"\"")
            );
            let rows: bool = self
                .conn
                .query_row(&sql, [], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            if rows {
                return Err(StoreError::Invalid(format!(
                    "{} already holds data (in {table}); the demo team is only written into \
                     an empty database",
                    self.path.display()
                )));
            }
        }
        Ok(())
    }

    /// Replaces every page of this database with those of the one at `from`, in one write
    /// transaction: on failure SQLite rolls it back and the file is as it was.
    fn take_pages_of(&mut self, from: &Path) -> Result<()> {
        let source =
            Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
                StoreError::Sqlite {
                    path: from.to_path_buf(),
                    error: e,
                }
            })?;
        let path = self.path.clone();
        let unwritten = |error| {
            not_written(
                &path,
                &StoreError::Sqlite {
                    path: path.clone(),
                    error,
                },
            )
        };
        let backup = Backup::new(&source, &mut self.conn).map_err(unwritten)?;
        // All pages in one step; another cockpit writing the file is waited for a little.
        for _ in 0..50 {
            match backup.step(-1).map_err(unwritten)? {
                StepResult::Done => return Ok(()),
                StepResult::More => {}
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        Err(StoreError::Invalid(format!(
            "{} stayed busy for five seconds; the sample team was not written (nothing was \
             written)",
            self.path.display()
        )))
    }
}

/// The one line for a write that failed part of the way: exit code 1, as a file cadence
/// cannot use, with the reason SQLite or the system gave.
fn not_written(path: &Path, error: &StoreError) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        error: std::io::Error::other(format!(
            "the sample team could not be written ({}); nothing was written",
            error.reason()
        )),
    }
}

/// The temporary database a whole write is built in; removed with its log and shared memory
/// when dropped, unless it was put in place.
struct Built {
    path: PathBuf,
    target: PathBuf,
}

impl Built {
    /// A new 0600 file beside `target`, hidden and ending in `.tmp`, never one that was there.
    fn new(target: &Path) -> Result<Built> {
        let dir = parent_dir(target);
        let name = target
            .file_name()
            .unwrap_or(target.as_os_str())
            .to_string_lossy();
        let mut last = None;
        for attempt in 0..100u32 {
            let path = dir.join(format!(".{name}.{}-{attempt}.tmp", std::process::id()));
            match create_private_file(&path) {
                Ok(()) => {
                    return Ok(Built {
                        path,
                        target: target.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(io(target, e)),
            }
        }
        Err(io(
            target,
            last.unwrap_or_else(|| std::io::Error::other("no free name")),
        ))
    }

    /// Runs `fill` on the temporary database, then folds its log into it and closes it, so
    /// that the file alone holds everything.
    fn fill(&self, fill: impl FnOnce(&mut Store) -> Result<()>) -> Result<()> {
        let unwritten = |e: StoreError| not_written(&self.target, &e);
        let mut store = Store::open(&self.path).map_err(unwritten)?;
        fill(&mut store).map_err(|e| match e {
            // A refusal (a team already there) is said as it is.
            StoreError::Invalid(_) => e,
            other => unwritten(other),
        })?;
        let (busy, log, folded): (i64, i64, i64) = store
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| unwritten(store.err(e)))?;
        if busy != 0 || log != folded {
            return Err(unwritten(StoreError::Invalid(
                "its log could not be folded into the file".into(),
            )));
        }
        store.conn.close().map_err(|(_, e)| {
            unwritten(StoreError::Sqlite {
                path: self.path.clone(),
                error: e,
            })
        })
    }

    /// Puts the file at `target`, synced; a file that appeared there meanwhile is not
    /// replaced. A hard link refuses any name already there; a rename is the fallback on
    /// file systems without them.
    fn place(self, target: &Path) -> Result<()> {
        let placed = fs::File::open(&self.path)
            .and_then(|f| f.sync_all())
            .and_then(|()| match fs::hard_link(&self.path, target) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                Err(_) if target.symlink_metadata().is_err() => fs::rename(&self.path, target),
                Err(e) => Err(e),
            })
            .and_then(|()| sync_dir(parent_dir(target)));
        placed.map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => StoreError::Invalid(format!(
                "{} appeared while the sample team was being written; it was left as it is \
                 (nothing was written)",
                target.display()
            )),
            _ => not_written(target, &io(target, e)),
        })
    }
}

impl Drop for Built {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = fs::remove_file(with_suffix(&self.path, suffix));
        }
    }
}

fn io(path: &Path, error: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewSeller, RuleDraft};
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

    fn ana(store: &mut Store) -> Result<()> {
        store.add_seller(&NewSeller {
            name: "Ana Ruiz",
            started_on: NaiveDate::from_ymd_opt(2024, 1, 8).unwrap(),
            motivation: "",
        })?;
        Ok(())
    }

    /// Writes a seller, then fails as a full disk would.
    fn ana_then_a_full_disk(store: &mut Store) -> Result<()> {
        ana(store)?;
        Err(StoreError::Io {
            path: store.path().to_path_buf(),
            error: std::io::Error::other("disk full"),
        })
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_that_fails_part_of_the_way_leaves_no_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        let err = write_whole(&path, ana_then_a_full_disk).unwrap_err();
        assert!(err.to_string().contains("nothing was written"), "{err}");
        assert_eq!(names_in(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_write_that_fails_part_of_the_way_leaves_an_empty_database_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        drop(Store::open(&path).unwrap());
        assert!(write_whole(&path, ana_then_a_full_disk).is_err());
        assert_eq!(Store::open(&path).unwrap().seller_count().unwrap(), 0);
        assert_eq!(names_in(dir.path()), ["cadence.db"]);
    }

    #[test]
    fn an_empty_database_open_elsewhere_gets_everything_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        // A cockpit on the empty file meanwhile: it sees the whole write once it lands.
        let cockpit = Store::open(&path).unwrap();
        write_whole(&path, ana).unwrap();
        assert_eq!(cockpit.seller_count().unwrap(), 1);
        drop(cockpit);
        assert_eq!(names_in(dir.path()), ["cadence.db"]);
    }

    #[test]
    fn a_new_file_gets_everything_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        write_whole(&path, ana).unwrap();
        assert_eq!(names_in(dir.path()), ["cadence.db"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(Store::open(&path).unwrap().seller_count().unwrap(), 1);
    }

    #[test]
    fn a_database_with_data_but_no_sellers_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        let mut store = Store::open(&path).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
        let team_meeting = RuleDraft {
            id: None,
            seller_id: None,
            kind: crate::domain::Kind::TeamMeeting,
            frequency: crate::domain::recurrence::Frequency::Weekly,
            weekday: Weekday::Mon,
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            minutes: 60,
        };
        let zone = crate::zone::Zone::named("Europe/Berlin").unwrap();
        store.save_rule(&team_meeting, zone, now).unwrap();
        let err = write_whole(&path, ana).unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid(m) if m.contains("already holds data (in cadence_rules)")),
            "{err}"
        );
        assert_eq!(store.seller_count().unwrap(), 0);
        assert_eq!(store.rules(now).unwrap().len(), 1);
    }
}
