//! Daily backups, `cadence doctor` and `cadence restore`, through the real binary: the
//! cockpit is started in a pseudo-terminal and closed, and the files it leaves are read back.

mod support;

use std::path::{Path, PathBuf};
use support::pty::Session;
use support::{demo_db, run, stderr, stdout};

/// The cockpit in a pseudo-terminal at the instant `now`.
fn start(dir: &Path, args: &[&str], now: &str, env: &[(&str, &str)]) -> Session {
    let mut env = env.to_vec();
    env.push(("CADENCE_NOW", now));
    Session::start_with(dir, args, 160, 40, &env)
}

/// Quits with `q` and returns the exit code.
fn quit(mut cockpit: Session) -> u32 {
    cockpit.send("q");
    cockpit.exit_code()
}

/// Opens the cockpit on `db` at the instant `now`, waits for the week to show, and quits.
fn open_and_close(dir: &Path, db: &str, now: &str) {
    let mut cockpit = start(dir, &["--db", db], now, &[]);
    cockpit.wait_for_text("2026-W");
    assert_eq!(quit(cockpit), 0);
}

/// A change to the database, made the way a script makes one.
fn add_action(dir: &Path, db: &str, title: &str) {
    let out = run(
        dir,
        &["actions", "add", title, "--seller", "Ana Ruiz", "--db", db],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

fn backups_of(db: &str) -> PathBuf {
    Path::new(db).parent().unwrap().join("backups")
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// What a script sees of a database: every action item and the week's meetings. The file is
/// read from a copy, since opening a database may update it.
fn seen(dir: &Path, db: &Path) -> (String, String) {
    let copy = dir.join(format!(
        "seen-{}",
        db.file_name().unwrap().to_string_lossy()
    ));
    std::fs::copy(db, &copy).unwrap();
    let copy = copy.to_str().unwrap();
    // With its write-ahead log, if it has one: that is part of the data.
    let wal = format!("{}-wal", db.display());
    if Path::new(&wal).exists() {
        std::fs::copy(&wal, format!("{copy}-wal")).unwrap();
    }
    let actions = run(
        dir,
        &["actions", "list", "--all", "--format", "json", "--db", copy],
    );
    assert!(actions.status.success(), "{}", stderr(&actions));
    let week = run(dir, &["week", "--format", "json", "--db", copy]);
    assert!(week.status.success(), "{}", stderr(&week));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{copy}{suffix}"));
    }
    (stdout(&actions), stdout(&week))
}

#[test]
fn the_cockpit_takes_a_private_backup_on_start_that_holds_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    open_and_close(dir.path(), &db, support::NOW);
    let backups = backups_of(&db);
    assert_eq!(names_in(&backups), ["cadence-2026-11-27.db"]);
    let backup = backups.join("cadence-2026-11-27.db");
    #[cfg(unix)]
    {
        assert_eq!(mode(&backups), 0o700);
        assert_eq!(mode(&backup), 0o600);
    }
    // One file on its own: no write-ahead log to carry along.
    let header = std::fs::read(&backup).unwrap();
    assert_eq!(&header[..16], b"SQLite format 3\0");
    assert_eq!((header[18], header[19]), (1, 1), "rollback-journal mode");
    assert_eq!(seen(dir.path(), &backup), seen(dir.path(), Path::new(&db)));

    // A second start the same day leaves today's backup as it was.
    let taken = std::fs::read(&backup).unwrap();
    add_action(dir.path(), &db, "Call back");
    open_and_close(dir.path(), &db, "2026-11-27T16:00:00Z");
    assert_eq!(names_in(&backups), ["cadence-2026-11-27.db"]);
    assert_eq!(std::fs::read(&backup).unwrap(), taken);
}

#[test]
fn nine_days_of_starts_keep_the_last_seven_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for day in 20..=28 {
        // 23:30 UTC is the next day in Berlin: the day is the manager's.
        open_and_close(dir.path(), &db, &format!("2026-11-{day}T23:30:00Z"));
    }
    let expected: Vec<String> = (23..=29)
        .map(|day| format!("cadence-2026-11-{day}.db"))
        .collect();
    assert_eq!(names_in(&backups_of(&db)), expected);
}

#[test]
fn the_demo_takes_no_backup_and_a_backup_that_fails_does_not_stop_the_cockpit() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut demo = start(
        dir.path(),
        &["--demo"],
        support::NOW,
        &[("TMPDIR", tmp.to_str().unwrap())],
    );
    demo.wait_for_text("2026-W48");
    let demo_dir = std::fs::read_dir(&tmp).unwrap().next().unwrap().unwrap();
    assert!(names_in(&demo_dir.path()).iter().all(|n| n != "backups"));
    assert_eq!(quit(demo), 0);

    let db = demo_db(dir.path());
    // A file where the backups directory should be: no backup can be made.
    std::fs::write(backups_of(&db), "in the way").unwrap();
    let mut cockpit = start(dir.path(), &["--db", &db], support::NOW, &[]);
    cockpit.wait_for_text("backup could not be made");
    assert_eq!(quit(cockpit), 0);
}

#[test]
fn a_backups_directory_that_is_a_symbolic_link_is_refused_and_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // A directory of the test's own, open to all, that the backups link points to.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(&elsewhere, backups_of(&db)).unwrap();
    let mut cockpit = start(dir.path(), &["--db", &db], support::NOW, &[]);
    cockpit.wait_for_text("backup could not be made");
    cockpit.wait_for_text("is a symbolic link");
    assert_eq!(quit(cockpit), 0);
    assert!(
        names_in(&elsewhere).is_empty(),
        "{:?}",
        names_in(&elsewhere)
    );
    assert_eq!(
        mode(&elsewhere),
        0o755,
        "the linked directory's mode is unchanged"
    );
}

#[test]
fn a_backup_that_fails_after_the_last_frame_is_said_on_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    std::fs::write(backups_of(&db), "in the way").unwrap();
    // The backup starts after the first frame; closing right then waits for it to be over.
    let mut cockpit = start(
        dir.path(),
        &["--db", &db, "--exit-after-first-frame"],
        support::NOW,
        &[],
    );
    assert_eq!(cockpit.exit_code(), 0);
    assert!(
        cockpit
            .contents()
            .contains("cadence: today's backup could not be made"),
        "{}",
        cockpit.contents()
    );
}

#[test]
fn doctor_says_a_healthy_database_is_healthy_and_lists_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    open_and_close(dir.path(), &db, support::NOW);
    let out = run(dir.path(), &["doctor", "--db", &db]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let schema = format!(
        "schema version {}, the one this cadence writes",
        cadence::store::SCHEMA
    );
    for words in [
        "no damage found",
        schema.as_str(),
        "readable by you alone (0600)",
        "the last session closed cleanly",
        "2026-11-27",
        "cadence-2026-11-27.db",
        "Healthy: nothing to do.",
    ] {
        assert!(text.contains(words), "no '{words}' in:\n{text}");
    }

    // A backup others can read is a problem to fix; a directory others can list, a note.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let backup = backups_of(&db).join("cadence-2026-11-27.db");
        let open = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(&backup, open).unwrap();
        let out = run(dir.path(), &["doctor", "--db", &db]);
        assert_eq!(out.status.code(), Some(1));
        let text = stdout(&out);
        assert!(
            text.contains("can be read by others (mode 0644)") && text.contains("chmod 600"),
            "{text}"
        );
    }
}

/// Writes garbage over the middle of every page but the first: the header still reads as
/// cadence's, the tables do not.
fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let pages = bytes.len() / page;
    for n in 1..pages {
        let start = n * page;
        bytes[start..start + 64].fill(0x5a);
    }
    std::fs::write(path, bytes).unwrap();
}

/// Points an index at another column than the one its entries were made from.
fn mismatch_an_index(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "writable_schema", "ON").unwrap();
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX meetings_starts_at ON meetings(seller_id)'
         WHERE name = 'meetings_starts_at'",
        [],
    )
    .unwrap();
}

#[test]
fn doctor_says_in_plain_words_that_a_damaged_database_is_damaged_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    open_and_close(dir.path(), &db, support::NOW);
    damage(Path::new(&db));
    let out = run(dir.path(), &["doctor", "--db", &db]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("damaged"), "{text}");
    assert!(
        text.contains("cadence restore") && text.contains("cadence-2026-11-27.db --force"),
        "{text}"
    );
    assert!(stderr(&out).contains("needs attention"), "{}", stderr(&out));

    // Damage only the full check sees: an index that no longer matches its table.
    let index = dir.path().join("index.db");
    std::fs::copy(backups_of(&db).join("cadence-2026-11-27.db"), &index).unwrap();
    mismatch_an_index(&index);
    let index_arg = index.to_str().unwrap();
    let quick = run(dir.path(), &["check", "--db", index_arg]);
    assert!(quick.status.success(), "quick_check misses it");
    let out = run(dir.path(), &["doctor", "--db", index_arg]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("the database is damaged (row 1 missing from index meetings_starts_at"),
        "{text}"
    );
    // Such a file is no backup to restore either.
    support::refused(
        dir.path(),
        &["restore", index_arg, "--force", "--db", &db],
        "missing from index",
    );

    let missing = dir.path().join("nothing-here.db");
    let out = run(dir.path(), &["doctor", "--db", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("there is no database"),
        "{}",
        stdout(&out)
    );
    assert!(!missing.exists(), "doctor creates nothing");
}

#[test]
fn restore_needs_force_to_replace_a_database_and_then_keeps_the_replaced_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    open_and_close(dir.path(), &db, support::NOW);
    let backup = backups_of(&db).join("cadence-2026-11-27.db");
    let backup_arg = backup.to_str().unwrap();
    let at_backup = seen(dir.path(), &backup);
    add_action(dir.path(), &db, "Send the deck");
    // A change still in the write-ahead log, as a cockpit killed mid-session leaves one.
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer
        .execute(
            "UPDATE action_items SET title = 'Changed in the log' WHERE title = 'Send the deck'",
            [],
        )
        .unwrap();
    std::mem::forget(writer);
    assert!(std::fs::metadata(format!("{db}-wal")).unwrap().len() > 0);
    let after_add = seen(dir.path(), Path::new(&db));
    assert!(
        after_add.0.contains("Changed in the log"),
        "{}",
        after_add.0
    );

    let before = std::fs::read(&db).unwrap();
    support::refused(dir.path(), &["restore", backup_arg, "--db", &db], "--force");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing changed");

    let out = run(dir.path(), &["restore", backup_arg, "--force", "--db", &db]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = dir.path().join("cadence.db.replaced-20261127T110000");
    assert!(
        stdout(&out).contains(kept.to_str().unwrap()),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        seen(dir.path(), Path::new(&db)),
        at_backup,
        "the data is back"
    );
    assert_eq!(
        seen(dir.path(), &kept),
        after_add,
        "the replaced file is kept"
    );
    #[cfg(unix)]
    assert_eq!(mode(Path::new(&db)), 0o600);
    let leftovers: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.contains("restoring") || n.starts_with("cadence.db-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The restored file opens as a closed session: no crash is reported.
    let doctor = run(dir.path(), &["doctor", "--db", &db]);
    assert!(
        stdout(&doctor).contains("the last session closed cleanly"),
        "{}",
        stdout(&doctor)
    );
}

#[test]
fn restore_into_a_new_path_needs_no_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    open_and_close(dir.path(), &db, support::NOW);
    let backup = backups_of(&db).join("cadence-2026-11-27.db");
    let fresh = dir.path().join("elsewhere").join("cadence.db");
    let fresh_arg = fresh.to_str().unwrap();
    let out = run(
        dir.path(),
        &["restore", backup.to_str().unwrap(), "--db", fresh_arg],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(seen(dir.path(), &fresh), seen(dir.path(), &backup));
    #[cfg(unix)]
    assert_eq!(mode(fresh.parent().unwrap()), 0o700);
}

#[test]
fn restore_refuses_what_is_not_a_whole_cadence_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    open_and_close(dir.path(), &db, support::NOW);
    let before = std::fs::read(&db).unwrap();

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all").unwrap();
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let backup = backups_of(&db).join("cadence-2026-11-27.db");
    let damaged = dir.path().join("damaged.db");
    std::fs::copy(&backup, &damaged).unwrap();
    damage(&damaged);
    let newer = dir.path().join("newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", cadence::store::SCHEMA + 1)
        .unwrap();

    for (file, words) in [
        (&text, "not an SQLite file"),
        (&other, "another program's SQLite database"),
        (&damaged, "is damaged"),
        (&newer, "written by a newer cadence"),
        (&dir.path().join("absent.db"), "cannot be read"),
    ] {
        let file = file.to_str().unwrap();
        support::refused(
            dir.path(),
            &["restore", file, "--force", "--db", &db],
            words,
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing changed");
    assert!(
        !names_in(dir.path()).iter().any(|n| n.contains("replaced")),
        "nothing set aside"
    );
}

#[test]
fn doctor_creates_nothing_beside_a_file_it_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    // Another program's database, in write-ahead-log mode and closed, as most leave theirs.
    let theirs = files.join("theirs.db");
    {
        let conn = rusqlite::Connection::open(&theirs).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let text = files.join("notes.txt");
    std::fs::write(&text, "not a database at all\n").unwrap();
    // The first bytes of an SQLite file and no more.
    let cut = files.join("cut.db");
    let mut header = b"SQLite format 3\0".to_vec();
    header.extend([0u8; 40]);
    std::fs::write(&cut, header).unwrap();
    let before = names_in(&files);
    for (file, said) in [
        (&theirs, "another program's SQLite database"),
        (&text, "not an SQLite file"),
        (&cut, "cut.db"),
    ] {
        let out = run(dir.path(), &["doctor", "--db", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(stdout(&out).contains(said), "{}", stdout(&out));
        assert_eq!(
            names_in(&files),
            before,
            "doctor on {} made files",
            file.display()
        );
    }
}

#[test]
fn damage_found_by_the_days_backup_stops_every_write_and_keeps_the_good_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for day in 20..=26 {
        open_and_close(dir.path(), &db, &format!("2026-11-{day}T12:00:00Z"));
    }
    let good = names_in(&backups_of(&db));
    assert_eq!(good.len(), 7);
    // Damage that a clean close does not notice and the quick check misses.
    mismatch_an_index(Path::new(&db));
    let open_items = || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT count(*) FROM action_items WHERE status = 'open'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
    };
    let open_before = open_items();
    let mut cockpit = start(dir.path(), &["--db", &db], "2026-11-27T12:00:00Z", &[]);
    cockpit.wait_for_text("The database is damaged");
    assert!(
        cockpit.contents().contains("cadence doctor"),
        "{}",
        cockpit.contents()
    );
    assert!(
        cockpit.contents().contains("NOT WRITING"),
        "{}",
        cockpit.contents()
    );
    // Marking an action item done is refused, and says why.
    cockpit.send("4");
    cockpit.wait_for_text("Showing open");
    cockpit.send("x");
    cockpit.wait_for_text("Not written: the database is damaged");
    cockpit.send("q");
    assert_eq!(cockpit.exit_code(), 1);
    assert!(
        cockpit
            .contents()
            .contains("Nothing more was written to it"),
        "{}",
        cockpit.contents()
    );
    assert_eq!(open_items(), open_before, "nothing was written");
    // The damaged copy pushed no good backup out.
    assert_eq!(names_in(&backups_of(&db)), good);
}

/// The session mark, which a cockpit that wrote on to the end would have set to closed.
fn session_mark(db: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT value FROM app_state WHERE key = 'session'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn damage_the_writer_of_typed_notes_finds_stops_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut cockpit = start(dir.path(), &["--db", &db], support::NOW, &[]);
    cockpit.write_notes_in_anas_next_1_1(false);
    // Nothing else reads the agenda's pages from here on: only the writer of typed text,
    // on its own connection, meets the damage.
    support::damage_pages_of(&db, "'agenda_items'");
    cockpit.send("Budget approved");
    cockpit.wait_for_text("The database is damaged");
    assert!(
        cockpit.contents().contains("NOT WRITING"),
        "{}",
        cockpit.contents()
    );
    let log = Path::new(&format!("{db}-wal")).to_path_buf();
    let before = (std::fs::read(&db).unwrap(), std::fs::read(&log).ok());
    cockpit.send(" for Q1");
    cockpit.wait_for_text("for Q1");
    cockpit.send("\x1b");
    cockpit.wait_for("the notes closed", |screen| {
        !screen.contains("Esc when done")
    });
    assert_eq!(
        (std::fs::read(&db).unwrap(), std::fs::read(&log).ok()),
        before,
        "nothing was written after the damage was found"
    );
    cockpit.send("q");
    assert_eq!(cockpit.exit_code(), 1);
    assert!(
        cockpit
            .contents()
            .contains("Nothing more was written to it"),
        "{}",
        cockpit.contents()
    );
    assert_eq!(session_mark(&db), "open");
}

#[test]
fn damage_sqlite_reports_mid_session_stops_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut cockpit = start(dir.path(), &["--db", &db], support::NOW, &[]);
    cockpit.wait_for_text("Showing open");
    // The meetings' and action items' pages are damaged under the running cockpit, then
    // another program writes elsewhere: the cockpit reads its screen again, and SQLite
    // reports the damage.
    support::damage_pages_of(&db, "'meetings', 'action_items'");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO app_state (key, value) VALUES ('poke', '1')",
        [],
    )
    .unwrap();
    drop(conn);
    cockpit.wait_for_text("The database is damaged");
    assert!(
        cockpit.contents().contains("NOT WRITING"),
        "{}",
        cockpit.contents()
    );
    cockpit.send("q");
    assert_eq!(cockpit.exit_code(), 1);
    assert!(
        cockpit
            .contents()
            .contains("Nothing more was written to it"),
        "{}",
        cockpit.contents()
    );
    // Not even the session's end: the next start checks the file first.
    assert_eq!(session_mark(&db), "open");
}
