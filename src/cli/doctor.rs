//! `cadence doctor`: the database file looked over, in plain words, with what to do about
//! anything wrong. Reads only. The wording is a function of the examination, tested alone.

use crate::store::{self, Contents, Examination};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A write-ahead log past this size is worth a word: it is normally folded in on closing.
const LARGE_WAL: u64 = 64 * 1024 * 1024;

/// Something in the file needs the manager's attention: exit code 1.
#[derive(Debug)]
pub struct Unhealthy {
    path: String,
    problems: usize,
}

impl fmt::Display for Unhealthy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} needs attention: {} problem{}, listed above with what to do",
            self.path,
            self.problems,
            if self.problems == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Unhealthy {}

pub fn run(db: &Path, default_db: bool, out: &mut impl Write) -> color_eyre::Result<()> {
    let exam = store::examine(db);
    let findings = findings(&exam, default_db);
    let problems = findings
        .iter()
        .filter(|f| f.level == Level::Problem)
        .count();
    write_report(&exam, &findings, out)?;
    if problems == 0 {
        Ok(())
    } else {
        Err(Unhealthy {
            path: db.display().to_string(),
            problems,
        }
        .into())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Ok,
    Note,
    Problem,
}

#[derive(Debug)]
struct Finding {
    level: Level,
    text: String,
}

fn finding(level: Level, text: impl Into<String>) -> Finding {
    Finding {
        level,
        text: text.into(),
    }
}

/// What is right and what is wrong with the file, each with what to do.
fn findings(exam: &Examination, default_db: bool) -> Vec<Finding> {
    use Level::{Note, Ok, Problem};
    let mut found = Vec::new();
    let path = exam.path.display();
    let newest = exam.backups.as_ref().ok().and_then(|b| b.first());
    let db_arg = if default_db {
        String::new()
    } else {
        format!(" --db {}", quoted(&path.to_string()))
    };
    let restore = |force: &str| match newest {
        Some(b) => format!(
            "restore the newest backup ({}) with `cadence restore {}{force}{db_arg}`",
            b.date,
            quoted(&b.path.display().to_string())
        ),
        None => "there is no backup to restore".into(),
    };
    let damaged = |damage: &[String]| {
        let shown: Vec<&str> = damage.iter().take(3).map(String::as_str).collect();
        let more = match damage.len().saturating_sub(shown.len()) {
            0 => String::new(),
            n => format!("; and {n} more"),
        };
        let what_to_do = match newest {
            Some(_) => format!(
                "{}; the damaged file is kept beside it",
                restore(" --force")
            ),
            None => "copy the file somewhere safe before anything else; `sqlite3 FILE \
                     .recover` can often rescue the data"
                .into(),
        };
        finding(
            Problem,
            format!(
                "the database is damaged ({}{more}): {what_to_do}",
                shown.join("; ")
            ),
        )
    };
    match &exam.contents {
        Contents::Missing => found.push(finding(
            Problem,
            format!(
                "there is no database at {path}: check --db or CADENCE_DB; cadence creates \
                 a new one when it starts. To bring your data back instead, {}",
                restore("")
            ),
        )),
        Contents::NotSqlite => found.push(finding(
            Problem,
            format!(
                "{path} is not a cadence database (it is not an SQLite file): point --db or \
                 CADENCE_DB at your database, or {}",
                restore(" --force")
            ),
        )),
        Contents::NotOurs => found.push(finding(
            Problem,
            format!(
                "{path} is another program's SQLite database, not cadence's: point --db or \
                 CADENCE_DB at your database"
            ),
        )),
        Contents::Damaged(why) => found.push(damaged(std::slice::from_ref(why))),
        Contents::Unreadable(why) => found.push(finding(
            Problem,
            format!("cadence cannot read {path} ({why}): check that it is yours and closed"),
        )),
        Contents::Empty => found.push(finding(
            Ok,
            "the database is empty: cadence sets it up when it next starts",
        )),
        Contents::Cadence {
            schema,
            damage,
            session,
        } => {
            if damage.is_empty() {
                found.push(finding(
                    Ok,
                    "no damage found (SQLite's full integrity_check)",
                ));
            } else {
                found.push(damaged(damage));
            }
            let known = store::SCHEMA;
            found.push(if *schema > known {
                finding(
                    Problem,
                    format!(
                        "schema version {schema} was written by a newer cadence (this one \
                         knows up to {known}): upgrade cadence to use it"
                    ),
                )
            } else if *schema < known {
                finding(
                    Ok,
                    format!(
                        "schema version {schema}: this cadence updates it to {known} when it \
                         next opens it"
                    ),
                )
            } else {
                finding(
                    Ok,
                    format!("schema version {schema}, the one this cadence writes"),
                )
            });
            found.push(match session.as_deref() {
                Some("open") => finding(
                    Note,
                    "the last session did not close properly (a crash or a killed terminal), \
                     or a cockpit is open right now: the integrity check above says whether \
                     anything was damaged",
                ),
                Some(_) => finding(Ok, "the last session closed cleanly"),
                None => finding(Ok, "no session yet: the cockpit has not been opened on it"),
            });
        }
    }
    permissions(exam, &mut found);
    match exam.wal_bytes {
        Some(bytes) if bytes > LARGE_WAL => found.push(finding(
            Note,
            format!(
                "the write-ahead log is {}: cadence folds it into the file when it closes; \
                 if it stays this large, close every cadence and look again",
                size(bytes)
            ),
        )),
        Some(bytes) => found.push(finding(Ok, format!("write-ahead log: {}", size(bytes)))),
        None => {}
    }
    match &exam.backups {
        Err(why) => found.push(finding(
            Note,
            format!("cannot read {}: {why}", exam.backup_dir.display()),
        )),
        Result::Ok(backups) if backups.is_empty() => found.push(finding(
            Note,
            "no backups yet: the cockpit takes one a day when it starts",
        )),
        Result::Ok(_) => {}
    }
    found
}

/// Files that hold data must be the owner's alone (a problem); directories only show names
/// (a note).
fn permissions(exam: &Examination, found: &mut Vec<Finding>) {
    let open_files: Vec<&(PathBuf, u32)> = exam
        .files
        .iter()
        .filter(|(_, mode)| mode & 0o077 != 0)
        .collect();
    for (path, mode) in &open_files {
        found.push(finding(
            Level::Problem,
            format!(
                "{} can be read by others (mode {mode:04o}): run `chmod 600 {}`",
                path.display(),
                quoted(&path.display().to_string())
            ),
        ));
    }
    if open_files.is_empty() && !exam.files.is_empty() {
        found.push(finding(
            Level::Ok,
            "the database and its backups are readable by you alone (0600)",
        ));
    }
    for (path, mode) in exam.dirs.iter().filter(|(_, mode)| mode & 0o077 != 0) {
        found.push(finding(
            Level::Note,
            format!(
                "the directory {} can be listed by others (mode {mode:04o}): \
                 `chmod 700 {}` keeps even the file names private",
                path.display(),
                quoted(&path.display().to_string())
            ),
        ));
    }
}

fn write_report(
    exam: &Examination,
    findings: &[Finding],
    out: &mut impl Write,
) -> std::io::Result<()> {
    match exam.bytes {
        Some(bytes) => writeln!(out, "Database {} ({})", exam.path.display(), size(bytes))?,
        None => writeln!(out, "Database {}", exam.path.display())?,
    }
    for f in findings {
        let mark = match f.level {
            Level::Ok => "ok",
            Level::Note => "note",
            Level::Problem => "PROBLEM",
        };
        writeln!(out, "  {mark:<8} {}", f.text)?;
    }
    if let Ok(backups) = &exam.backups {
        if !backups.is_empty() {
            writeln!(
                out,
                "Backups in {} (one a day when the cockpit starts; the last {} are kept):",
                exam.backup_dir.display(),
                store::KEPT
            )?;
        }
        for b in backups {
            writeln!(
                out,
                "  {}  {:>9}  {}",
                b.date,
                size(b.bytes),
                b.path.display()
            )?;
        }
    }
    let problems = findings
        .iter()
        .filter(|f| f.level == Level::Problem)
        .count();
    if problems == 0 {
        writeln!(out, "Healthy: nothing to do.")
    } else {
        writeln!(
            out,
            "Not healthy: {problems} problem{} above, each with what to do.",
            if problems == 1 { "" } else { "s" }
        )
    }
}

fn size(bytes: u64) -> String {
    const KB: u64 = 1024;
    match bytes {
        b if b < KB => format!("{b} bytes"),
        b if b < KB * KB => format!("{:.1} KB", b as f64 / KB as f64),
        b => format!("{:.1} MB", b as f64 / (KB * KB) as f64),
    }
}

/// A path as a shell reads it back: quoted when it holds anything but plain characters.
fn quoted(text: &str) -> String {
    shlex::try_quote(text).map_or_else(|_| text.to_string(), |q| q.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::BackupFile;
    use chrono::NaiveDate;

    fn healthy() -> Examination {
        Examination {
            path: PathBuf::from("/home/m/cadence.db"),
            contents: Contents::Cadence {
                schema: store::SCHEMA,
                damage: Vec::new(),
                session: Some("closed".into()),
            },
            bytes: Some(98_304),
            wal_bytes: Some(0),
            files: vec![(PathBuf::from("/home/m/cadence.db"), 0o600)],
            dirs: vec![(PathBuf::from("/home/m"), 0o700)],
            backup_dir: PathBuf::from("/home/m/backups"),
            backups: Ok(vec![BackupFile {
                path: PathBuf::from("/home/m/backups/cadence-2026-11-27.db"),
                date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                bytes: 98_304,
            }]),
        }
    }

    fn problems(exam: &Examination) -> Vec<String> {
        findings(exam, true)
            .into_iter()
            .filter(|f| f.level == Level::Problem)
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn a_healthy_file_has_no_problem_and_the_report_says_so() {
        let exam = healthy();
        assert!(problems(&exam).is_empty());
        let mut out = Vec::new();
        write_report(&exam, &findings(&exam, true), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Healthy: nothing to do."), "{text}");
        assert!(
            text.contains("2026-11-27") && text.contains("96.0 KB"),
            "{text}"
        );
    }

    #[test]
    fn damage_points_at_the_newest_backup_with_the_command_to_restore_it() {
        let mut exam = healthy();
        exam.contents = Contents::Cadence {
            schema: store::SCHEMA,
            damage: vec!["row 3 missing from index x".into(); 5],
            session: Some("open".into()),
        };
        let found = problems(&exam);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("the database is damaged"), "{}", found[0]);
        assert!(found[0].contains("and 2 more"), "{}", found[0]);
        assert!(
            found[0].contains("`cadence restore /home/m/backups/cadence-2026-11-27.db --force`"),
            "{}",
            found[0]
        );
        // Another database than the default is named in the command.
        let other = findings(&exam, false);
        assert!(
            other
                .iter()
                .any(|f| f.text.contains("--force --db /home/m/cadence.db"))
        );
    }

    #[test]
    fn damage_without_a_backup_says_how_to_rescue_the_data() {
        let mut exam = healthy();
        exam.backups = Ok(Vec::new());
        exam.contents = Contents::Damaged("file is not a database".into());
        let found = problems(&exam);
        assert!(found[0].contains("sqlite3 FILE .recover"), "{}", found[0]);
    }

    #[test]
    fn a_file_others_can_read_is_a_problem_and_an_open_directory_a_note() {
        let mut exam = healthy();
        exam.files
            .push((PathBuf::from("/home/m/cadence.db-wal"), 0o644));
        exam.dirs[0].1 = 0o755;
        let found = problems(&exam);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("mode 0644") && found[0].contains("chmod 600 /home/m/cadence.db-wal"),
            "{}",
            found[0]
        );
        assert!(
            findings(&exam, true)
                .iter()
                .any(|f| f.level == Level::Note && f.text.contains("chmod 700 /home/m"))
        );
    }

    #[test]
    fn a_newer_schema_asks_for_an_upgrade_and_an_older_one_is_fine() {
        let mut exam = healthy();
        let with_schema = |schema| Contents::Cadence {
            schema,
            damage: Vec::new(),
            session: None,
        };
        exam.contents = with_schema(store::SCHEMA + 1);
        assert!(problems(&exam)[0].contains("upgrade cadence"));
        exam.contents = with_schema(store::SCHEMA - 1);
        assert!(problems(&exam).is_empty());
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(1536), "1.5 KB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MB");
    }
}
