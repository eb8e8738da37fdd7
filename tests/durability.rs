//! Nothing typed is lost: the real binary in a pseudo-terminal on a full disk, with its
//! database file removed, killed at random moments over and over, and with a second
//! cockpit writing the same notes.

mod support;

use portable_pty::CommandBuilder;
use std::path::Path;
use std::time::Duration;
use support::pty::Session;

/// Types `text` and waits until the status bar says it is saved.
fn type_and_wait_saved(s: &mut Session, text: &str) {
    s.send(text);
    s.wait_for(&format!("'{text}' saved"), |screen| {
        screen.contains(text.trim()) && screen.contains("✓ saved")
    });
}

/// The notes of the first agenda item of Ana's next 1:1, as the recap prints them.
fn recap(dir: &Path, db: &str) -> String {
    let id = support::one_on_one_id(dir, db, "Ana Ruiz", "2026-W49").to_string();
    support::stdout(&support::run(
        dir,
        &["meeting", "show", &id, "--db", db, "--private"],
    ))
}

fn integrity(db: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn rescue_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("cadence-rescue-"))
        })
        .collect();
    files.sort();
    files
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn on_a_full_disk_the_text_stays_says_not_saved_and_is_rescued() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    // The cockpit may write files of at most 128 kB: its write-ahead log fills after some
    // saves, and then every write fails as on a full disk (EFBIG, with SIGXFSZ ignored as
    // the shell leaves it for the program it runs).
    let mut cmd = CommandBuilder::new("/bin/sh");
    cmd.args([
        "-c",
        "trap '' XFSZ; ulimit -f 256; exec \"$0\" --db \"$1\"",
        env!("CARGO_BIN_EXE_cadence"),
        &db,
    ]);
    let mut s = Session::start_command(cmd, dir.path(), 160, 40, &[]);
    s.write_notes_in_anas_next_1_1(true);
    let mut typed = String::new();
    let mut full = false;
    for i in 0..400 {
        let word = format!("w{i} ");
        s.send(&word);
        typed.push_str(&word);
        // A pause: the autosave writes, and says how it went.
        let shown = format!("w{i}");
        s.wait_for("a saved or a failed write", |screen| {
            screen.contains(&shown) && (screen.contains("✓ saved") || screen.contains("NOT SAVED"))
        });
        if s.contents().contains("NOT SAVED") {
            full = true;
            break;
        }
    }
    assert!(full, "the disk never filled:\n{}", s.contents());
    let last = typed.trim_end().rsplit(' ').next().unwrap().to_string();
    assert!(s.contents().contains(&last), "the text is still on screen");
    // The retry every two seconds is proved on the cockpit's own clock, in tests/writer.rs.
    s.send("\x13"); // Ctrl-s
    s.wait_for_text("Text not yet saved written to");
    let files = rescue_files(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let rescued = std::fs::read_to_string(&files[0]).unwrap();
    assert!(rescued.contains(typed.trim_end()), "{rescued}");
    assert_eq!(mode(&files[0]), 0o600);
    s.send("\x1b");
    s.wait_for("the notes closed", |screen| {
        !screen.contains("Esc when done")
    });
    s.send("q");
    // The session cannot be marked closed on a full disk either: exit code 1, as for any
    // database cadence cannot use.
    assert_eq!(s.exit_code(), 1);
    // Quitting with text unsaved writes it to a rescue file too, and says where.
    let files = rescue_files(dir.path());
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(s.contents().contains("cadence-rescue-"), "{}", s.contents());

    // With room again, the database is whole and has everything saved before the disk filled.
    assert_eq!(integrity(&db), "ok");
    let notes = recap(dir.path(), &db);
    assert!(notes.contains("w0 w1"), "{notes}");
}

/// Every file in `dirs` whose name speaks of a rescue: a finished rescue file, or the
/// temporary one it is written under before it is renamed into place.
fn rescue_traces(dirs: &[&Path]) -> Vec<std::path::PathBuf> {
    dirs.iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("cadence-rescue-"))
        })
        .collect()
}

/// From now on the running process `pid` may not make any file larger than `bytes`: what
/// `ulimit -f` does, applied while it runs, as a disk that fills under the cockpit.
fn limit_file_size(pid: libc::pid_t, bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: prlimit reads `limit` and changes only the limit of the child this test started.
    let set = unsafe { libc::prlimit(pid, libc::RLIMIT_FSIZE, &limit, std::ptr::null_mut()) };
    assert_eq!(set, 0, "{}", std::io::Error::last_os_error());
}

/// A database in `dir/team`, and a home and a temporary directory of its own beside it.
fn team_home_and_tmp(dir: &Path) -> (String, std::path::PathBuf, std::path::PathBuf) {
    let (team, home, tmp) = (dir.join("team"), dir.join("home"), dir.join("tmp"));
    for d in [&team, &home, &tmp] {
        std::fs::create_dir(d).unwrap();
    }
    (support::demo_db(&team), home, tmp)
}

#[test]
fn a_rescue_file_nowhere_takes_leaves_no_empty_file_and_names_every_place_tried() {
    let dir = tempfile::tempdir().unwrap();
    let (db, home, tmp) = team_home_and_tmp(dir.path());
    let team = dir.path().join("team");
    let mut cmd = CommandBuilder::new("/bin/sh");
    cmd.args([
        "-c",
        "trap '' XFSZ; exec \"$0\" --db \"$1\"",
        env!("CARGO_BIN_EXE_cadence"),
        &db,
    ]);
    let env = [
        ("HOME", home.to_str().unwrap()),
        ("TMPDIR", tmp.to_str().unwrap()),
    ];
    // Wide: the notice shares the status bar with NOT SAVED and why, and is read whole.
    let mut s = Session::start_command(cmd, dir.path(), 480, 40, &env);
    s.write_notes_in_anas_next_1_1(true);
    type_and_wait_saved(&mut s, "Budget approved ");
    // No file may grow by a byte: the database's log, and a rescue file in every place
    // cadence tries, fail as on a disk that is full everywhere.
    limit_file_size(s.pid(), 0);
    s.send("for Q1");
    s.wait_for_text("NOT SAVED");
    s.send("\x13"); // Ctrl-s
    s.wait_for_text("Could not write a rescue file anywhere");
    let screen = s.contents();
    let tried = format!(
        "tried {}, {} and {}: File too large",
        team.display(),
        home.display(),
        tmp.display()
    );
    assert!(screen.contains(&tried), "{tried}\n{screen}");
    assert!(screen.contains("the text is kept here"), "{screen}");
    assert!(
        s.contents().contains("for Q1"),
        "the text is still on screen"
    );
    assert_eq!(
        rescue_traces(&[&team, &home, &tmp]),
        Vec::<std::path::PathBuf>::new()
    );

    // Quitting tries once more, says the text could not be kept, and leaves nothing either.
    s.send("\x1b");
    s.wait_for("the notes closed", |screen| {
        !screen.contains("Esc when done")
    });
    s.send("q");
    assert_eq!(s.exit_code(), 1);
    assert!(
        s.contents()
            .contains("nor written to a rescue file anywhere (tried"),
        "{}",
        s.contents()
    );
    assert_eq!(
        rescue_traces(&[&team, &home, &tmp]),
        Vec::<std::path::PathBuf>::new()
    );
}

#[test]
fn a_rescue_file_that_cannot_go_beside_the_database_says_where_it_went() {
    let dir = tempfile::tempdir().unwrap();
    let (db, home, tmp) = team_home_and_tmp(dir.path());
    let team = dir.path().join("team");
    let env = [
        ("HOME", home.to_str().unwrap()),
        ("TMPDIR", tmp.to_str().unwrap()),
    ];
    // Wide: the notice shares the status bar with NOT SAVED and why, and is read whole.
    let mut s = Session::start_with(dir.path(), &["--db", &db], 480, 40, &env);
    s.write_notes_in_anas_next_1_1(true);
    type_and_wait_saved(&mut s, "Budget approved ");
    // The database's directory is gone: the first place for a rescue file is refused,
    // even to root, whom file modes would not stop.
    std::fs::remove_dir_all(&team).unwrap();
    s.send("for Q1");
    s.wait_for_text("NOT SAVED");
    s.send("\x13"); // Ctrl-s
    s.wait_for_text("Text not yet saved written to");
    let files = rescue_files(&home);
    assert_eq!(files.len(), 1, "{files:?}");
    let rescued = std::fs::read_to_string(&files[0]).unwrap();
    assert!(rescued.contains("Budget approved for Q1"), "{rescued}");
    assert_eq!(mode(&files[0]), 0o600);
    let screen = s.contents();
    let said = format!(
        "Text not yet saved written to {} (readable by you alone); it could not be written in {}: No such file or directory",
        files[0].display(),
        team.display()
    );
    assert!(screen.contains(&said), "{said}\n{screen}");
    assert_eq!(rescue_traces(&[&tmp]), Vec::<std::path::PathBuf>::new());
    s.send("\x03"); // Ctrl-c
    s.exit_code();
}

#[test]
fn a_database_file_removed_mid_meeting_keeps_the_text_for_a_rescue_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.write_notes_in_anas_next_1_1(true);
    type_and_wait_saved(&mut s, "Budget approved ");
    std::fs::remove_file(&db).unwrap();
    s.send("for Q1");
    s.wait_for_text("NOT SAVED");
    assert!(
        s.contents().contains("removed or replaced"),
        "{}",
        s.contents()
    );
    s.send("\x13");
    s.wait_for_text("Text not yet saved written to");
    let files = rescue_files(dir.path());
    assert_eq!(files.len(), 1);
    let rescued = std::fs::read_to_string(&files[0]).unwrap();
    assert!(rescued.contains("Budget approved for Q1"), "{rescued}");
    assert_eq!(mode(&files[0]), 0o600);
    s.send("\x03"); // Ctrl-c
    s.exit_code();
}

#[test]
fn two_cockpits_see_each_others_changes_and_keep_both_texts_of_one_note() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut a = Session::start(dir.path(), &["--db", &db], 160, 40);
    a.write_notes_in_anas_next_1_1(true);
    // The second cockpit opens on the 1:1 the first one runs.
    let mut b = Session::start(dir.path(), &["--db", &db], 160, 40);
    b.wait_for_text("Resumed your 1:1 with Ana Ruiz");
    type_and_wait_saved(&mut a, "alpha");
    // Within a second, the second cockpit shows it.
    b.wait_for_text("alpha");

    // Both write on the same item: the first's text is in the database when the second
    // writes over the text it read.
    b.send("i");
    b.wait_for_text("Esc when done");
    a.send(" and more");
    a.wait_for("a's text saved", |screen| {
        screen.contains("alpha and more") && screen.contains("✓ saved")
    });
    b.send(" beta");
    b.wait_for_text("also changed in another cockpit: both texts are kept");
    let notes = recap(dir.path(), &db);
    assert!(notes.contains("alpha and more"), "{notes}");
    assert!(notes.contains("alpha beta"), "{notes}");
    assert!(notes.contains("another cockpit"), "{notes}");
    for s in [&mut a, &mut b] {
        s.send("\x03");
        assert_eq!(s.exit_code(), 0);
    }
    assert_eq!(integrity(&db), "ok");
}

/// Reads the file as another SQLite program does (the `sqlite3` shell, a report script, a
/// backup tool): opens it, reads, closes. Closing the connection it takes for the file's
/// last folds the write-ahead log into the file and deletes it, unless the cockpit's lock
/// says the file is in use.
fn read_from_outside(db: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let sellers = conn
        .query_row("SELECT count(*) FROM sellers", [], |r| r.get(0))
        .unwrap();
    conn.close().unwrap();
    sellers
}

/// The process holding SQLite's shared lock on `db`, if one does: a connection in WAL mode
/// holds it for as long as it is open, and it is what stops another program's last
/// connection from deleting the log. Asked of the kernel, so it does not depend on the
/// version of SQLite an outside reader has.
fn shared_lock_holder(db: &str) -> Option<libc::pid_t> {
    use std::os::fd::AsRawFd;
    // This process holds no connection to `db` while it asks: closing the descriptor
    // drops no lock of its own.
    let file = std::fs::File::open(db).unwrap();
    // SQLite's shared lock is a read lock on the 510 bytes after the pending byte, 1 GiB in.
    // SAFETY: flock is plain data; all zeroes is a valid value before the fields are set.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = 0x4000_0002;
    lock.l_len = 510;
    // SAFETY: F_GETLK reads and fills the flock given, on a descriptor this test owns.
    let asked = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut lock) };
    assert_eq!(asked, 0, "{}", std::io::Error::last_os_error());
    (lock.l_type != libc::F_UNLCK as libc::c_short).then_some(lock.l_pid)
}

/// A command writing to the file beside the cockpit.
fn write_from_outside(dir: &Path, db: &str, title: &str) {
    let added = support::run(
        dir,
        &["actions", "add", title, "--seller", "Ana Ruiz", "--db", db],
    );
    assert!(added.status.success(), "{}", support::stderr(&added));
}

fn action_titles(db: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT title FROM action_items").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn an_outside_reader_and_writer_mid_session_lose_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.write_notes_in_anas_next_1_1(true);
    type_and_wait_saved(&mut s, "Before the reader ");
    // Every connection the cockpit opened (its own, the writer's, the backup's) leaves the
    // file locked as in use.
    assert_eq!(shared_lock_holder(&db), Some(s.pid()));
    assert_eq!(read_from_outside(&db), 8);
    assert!(wal(&db).exists(), "the outside reader deleted the log");
    type_and_wait_saved(&mut s, "after the reader ");
    write_from_outside(dir.path(), &db, "Outside writer's item");
    // The cockpit sees the other program's write.
    s.send("\x1b");
    s.wait_for("the notes closed", |screen| {
        !screen.contains("Esc when done")
    });
    s.send("4");
    s.wait_for_text("Outside writer's");
    s.send("2");
    s.wait_for_text("Territory plan for Q1");
    s.send("i");
    s.wait_for_text("Esc when done");
    s.send("\x1b[F"); // End: typing goes on after what is there.
    type_and_wait_saved(&mut s, "after the writer");
    assert_eq!(read_from_outside(&db), 8);
    assert_eq!(shared_lock_holder(&db), Some(s.pid()));
    s.signal(libc::SIGKILL);
    s.exit_code();
    assert_eq!(integrity(&db), "ok");
    let notes = recap(dir.path(), &db);
    assert!(
        notes.contains("Before the reader after the reader after the writer"),
        "{notes}"
    );
    assert!(action_titles(&db).contains(&"Outside writer's item".to_string()));
}

fn wal(db: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{db}-wal"))
}

/// A terminal the test can close for good: the cockpit on a pseudo-terminal whose only
/// master descriptor the test holds, read without a thread, so closing it hangs the
/// terminal up as closing a window does.
struct Window {
    master: std::os::fd::OwnedFd,
    child: std::process::Child,
    screen: vt100::Parser,
}

impl Window {
    fn open(dir: &Path, db: &str) -> Window {
        use std::os::fd::{FromRawFd, OwnedFd};
        use std::os::unix::process::CommandExt;
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: 40,
            ws_col: 160,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty fills two descriptors it opened; they are owned from here on.
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(opened, 0, "a pseudo-terminal");
        // SAFETY: both were just opened by openpty and are not owned elsewhere.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let raw = std::os::fd::AsRawFd::as_raw_fd(&master);
        // SAFETY: flags on descriptors this test owns. Close-on-exec, or cadence (or any
        // program another test starts) would inherit the master and keep the terminal open.
        unsafe {
            libc::fcntl(raw, libc::F_SETFL, libc::O_NONBLOCK);
            libc::fcntl(raw, libc::F_SETFD, libc::FD_CLOEXEC);
            libc::fcntl(
                std::os::fd::AsRawFd::as_raw_fd(&slave),
                libc::F_SETFD,
                libc::FD_CLOEXEC,
            );
        }
        let mut cmd = support::cadence(dir);
        cmd.args(["--db", db])
            .env("TERM", "xterm-256color")
            .stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave);
        // SAFETY: between fork and exec only async-signal-safe calls: a new session, with
        // the pseudo-terminal on standard input as its controlling terminal.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = cmd.spawn().expect("cadence starts");
        Window {
            master,
            child,
            screen: vt100::Parser::new(
                std::num::NonZeroU16::new(40).unwrap(),
                std::num::NonZeroU16::new(160).unwrap(),
                0,
            ),
        }
    }

    fn read(&mut self) {
        let mut buf = [0u8; 8192];
        loop {
            let fd = std::os::fd::AsRawFd::as_raw_fd(&self.master);
            // SAFETY: reads into a buffer of the length given.
            let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                return;
            }
            self.screen.process(&buf[..n as usize]);
        }
    }

    fn wait_for_text(&mut self, text: &str) {
        let deadline = std::time::Instant::now() + support::pty::PATIENCE;
        loop {
            self.read();
            if self.screen.screen().contents().contains(text) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for {text}:\n{}",
                self.screen.screen().contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &str) {
        let fd = std::os::fd::AsRawFd::as_raw_fd(&self.master);
        // SAFETY: writes from a buffer of the length given.
        let n = unsafe { libc::write(fd, keys.as_ptr().cast(), keys.len()) };
        assert_eq!(n, keys.len() as isize);
    }

    /// Closes the window, and waits for cadence to end.
    fn close(self) {
        let Window {
            master, mut child, ..
        } = self;
        drop(master);
        let deadline = std::time::Instant::now() + support::pty::PATIENCE;
        while child.try_wait().unwrap().is_none() {
            assert!(
                std::time::Instant::now() < deadline,
                "cadence kept running after its terminal closed"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_terminal_closed_mid_note_ends_cadence_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut w = Window::open(dir.path(), &db);
    w.wait_for_text("Adherence");
    w.send("]");
    w.wait_for_text("2026-W49");
    w.send("hhhhj\r");
    w.wait_for_text("What is this 1:1 for?");
    w.send("jjj \r");
    w.wait_for_text("carried ×2 from Nov 16");
    w.send("i");
    w.wait_for_text("Esc when done");
    // Typed, and the window closed before the autosave falls due.
    w.send("Last words before the window closed");
    w.wait_for_text("Last words before the window closed");
    w.close();
    let notes = recap(dir.path(), &db);
    assert!(
        notes.contains("Last words before the window closed"),
        "{notes}"
    );
    assert_eq!(integrity(&db), "ok");
}

/// A small deterministic generator for the kill moments, so a failing run can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Kills in one run: 50 in `cargo test`; `CADENCE_KILLS=1000` for the long run whose
/// figures are in RELIABILITY.md.
fn kills() -> usize {
    std::env::var("CADENCE_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50)
}

/// The evidence typed for the first criterion of the call being scored (the newest).
fn evidence(db: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT coalesce(evidence, '') FROM scores WHERE criterion = 'agenda'
         ORDER BY scorecard_id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap_or_default()
}

#[test]
fn killed_at_random_moments_beside_outside_readers_and_writers_nothing_saved_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let seed = std::env::var("CADENCE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_127);
    let mut rng = Lcg(seed);
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    // A 1:1 running, and a call being scored beside it.
    s.write_notes_in_anas_next_1_1(true);
    s.send("\x1b");
    s.wait_for("the notes closed", |screen| {
        !screen.contains("Esc when done")
    });
    s.send("3");
    s.wait_for_text("4w/12w");
    s.send("n");
    s.wait_for_text("Score a call");
    s.send("\r");
    s.wait_for_text("Ana Ruiz · Discovery call v1 · call 00:0");
    // Back to the 1:1 with S-Tab: while a call is scored, the digits score it.
    s.send("\x1b[Z");
    s.wait_for("the 1:1", |screen| !screen.contains("Discovery call v1"));
    // What the status bar reported saved, in order, in the notes and in the evidence.
    let (mut notes_saved, mut evidence_saved) = (Vec::new(), Vec::new());
    // What outside commands added, and how many times another program read the file.
    let (mut written, mut reads) = (Vec::new(), 0);
    let kills = kills();
    for kill in 0..kills {
        // Even kills type into the 1:1's notes, odd ones into the call's evidence.
        let in_notes = kill % 2 == 0;
        // Each start opens on the 1:1; the call being scored is one key away.
        if !in_notes {
            s.send("3");
            s.wait_for_text("Ana Ruiz · Discovery call v1");
        }
        s.send("i");
        s.wait_for_text("Esc done");
        let word = format!("k{kill}");
        type_and_wait_saved(&mut s, &format!(" {word} "));
        if in_notes {
            notes_saved.push(word);
        } else {
            evidence_saved.push(word);
        }
        assert_eq!(
            shared_lock_holder(&db),
            Some(s.pid()),
            "after kill {kill} (seed {seed}) the cockpit left the file unlocked"
        );
        // More typing, killed at a random moment: mid-word, mid-save or just after; and at
        // a random moment before it, another program reads or writes the file, or not.
        s.send(&format!("lost{kill}"));
        let (delay, outsider) = (rng.below(600), rng.below(3));
        let before = rng.below(delay + 1);
        std::thread::sleep(Duration::from_millis(before));
        match outsider {
            1 => {
                assert_eq!(read_from_outside(&db), 8);
                reads += 1;
            }
            2 => {
                let title = format!("Outside item {kill}");
                write_from_outside(dir.path(), &db, &title);
                written.push(title);
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_millis(delay - before));
        s.signal(libc::SIGKILL);
        s.exit_code();

        s = Session::start(dir.path(), &["--db", &db], 160, 40);
        s.wait_for_text("Resumed your 1:1 with Ana Ruiz");
        assert!(s.contents().contains("Resumed scoring Ana Ruiz's call"));
        // The timer resumed, still running.
        s.wait_for("the timer running", |screen| screen.contains("▶ 0"));
        assert_eq!(integrity(&db), "ok", "after kill {kill} (seed {seed})");
        let notes = recap(dir.path(), &db);
        let typed = evidence(&db);
        let titles = action_titles(&db);
        for title in &written {
            assert!(
                titles.contains(title),
                "after kill {kill} (seed {seed}) '{title}' is missing"
            );
        }
        for (words, text) in [(&notes_saved, &notes), (&evidence_saved, &typed)] {
            let found: Vec<&str> = text.split_whitespace().collect();
            for word in words {
                assert!(
                    found.contains(&word.as_str()),
                    "after kill {kill} (seed {seed}) '{word}' is missing:\n{text}"
                );
            }
        }
    }
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
    assert_eq!(integrity(&db), "ok");
    assert_eq!(notes_saved.len() + evidence_saved.len(), kills);
    // The figures for RELIABILITY.md's long run.
    eprintln!(
        "{kills} kills (seed {seed}): {} notes and {} evidence texts saved, none lost; \
         {reads} outside reads, {} outside writes; integrity ok after every restart",
        notes_saved.len(),
        evidence_saved.len(),
        written.len()
    );
}

#[test]
fn a_read_only_database_is_read_and_a_write_to_it_refused_with_its_reason() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    // SAFETY: geteuid only reads the process's user id.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // File modes do not stop root: cadence runs as nobody here, owning the directory,
        // so only the file's mode says no.
        for path in [dir.path().to_path_buf(), std::path::PathBuf::from(&db)] {
            std::os::unix::fs::chown(&path, Some(65_534), Some(65_534)).unwrap();
        }
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = support::cadence(dir.path());
        cmd.args(args).args(["--db", &db]);
        if root {
            // SAFETY: between fork and exec only async-signal-safe calls that drop to nobody.
            unsafe {
                cmd.pre_exec(|| {
                    if libc::setgid(65_534) != 0 || libc::setuid(65_534) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        cmd.output().unwrap()
    };
    // Reading needs no write: today's week was written out when the demo was made.
    let read = run(&["today"]);
    assert_eq!(read.status.code(), Some(0), "{}", support::stderr(&read));
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was changed");
    let out = run(&["actions", "done", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", support::stderr(&out));
    let err = support::stderr(&out);
    assert_eq!(
        err,
        format!(
            "cadence: {db} is read-only: chmod u+w {db} (and its directory) to let cadence \
             write to it; nothing was changed\n"
        )
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was changed");
}

#[test]
fn a_panic_while_typing_writes_the_text_to_the_database_or_to_a_rescue_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let fault = [("CADENCE_FAULT", "panic-on=boom")];
    let mut s = Session::start_with(dir.path(), &["--db", &db], 160, 40, &fault);
    s.write_notes_in_anas_next_1_1(true);
    // Typed at once: the panic comes before the autosave falls due.
    s.send("Last words before boom");
    assert_ne!(s.exit_code(), 0);
    assert!(s.contents().contains("panic"), "{}", s.contents());
    let notes = recap(dir.path(), &db);
    assert!(notes.contains("Last words before boom"), "{notes}");
    assert!(rescue_files(dir.path()).is_empty());
    assert_eq!(integrity(&db), "ok");

    // With the database gone, the hook writes a rescue file instead, and makes no database.
    // The notes hold "boom" already: this run panics on another word.
    let fault = [("CADENCE_FAULT", "panic-on=vanished")];
    let mut s = Session::start_with(dir.path(), &["--db", &db], 160, 40, &fault);
    s.wait_for_text("Resumed your 1:1 with Ana Ruiz");
    s.send("i");
    s.wait_for_text("Esc when done");
    std::fs::remove_file(&db).unwrap();
    s.send(" then the file vanished");
    assert_ne!(s.exit_code(), 0);
    assert!(!Path::new(&db).exists(), "no new, empty database");
    let files = rescue_files(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let rescued = std::fs::read_to_string(&files[0]).unwrap();
    assert!(rescued.contains("the file vanished"), "{rescued}");
    assert_eq!(mode(&files[0]), 0o600);
}

#[test]
fn keys_keep_drawing_while_the_writer_of_typed_text_is_stalled() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let fault = [("CADENCE_FAULT", "stall-writer-ms=6000")];
    let mut s = Session::start_with(dir.path(), &["--db", &db], 160, 40, &fault);
    s.write_notes_in_anas_next_1_1(true);
    s.send("first");
    s.wait_for("the text handed to the stalled writer", |screen| {
        screen.contains("first") && screen.contains("… saving")
    });
    // The writer is stalled for seconds: every key still draws at once.
    for word in [" second", " third", " fourth"] {
        s.send(word);
        s.wait_for_text(word.trim());
        assert!(
            !s.contents().contains("✓ saved"),
            "the writer was not stalled:\n{}",
            s.contents()
        );
    }
    s.wait_for_text("✓ saved");
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
    let notes = recap(dir.path(), &db);
    assert!(notes.contains("first second third fourth"), "{notes}");
}
