//! Helpers shared by the tests that run the real `cadence` binary.

#![allow(dead_code)] // each test file uses its own share of these

pub mod postgres;
pub mod pty;
pub mod session;

use std::path::Path;
use std::process::{Command, Output};

/// Friday of 2026-W48, 11:00 in Berlin: the instant every binary test runs at.
pub const NOW: &str = "2026-11-27T10:00:00Z";
pub const ZONE: &str = "Europe/Berlin";

/// `NOW` as an instant, for tests that run cadence in-process.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc()
}

/// Berlin, the zone every test runs in.
pub fn berlin() -> cadence::zone::Zone {
    cadence::zone::Zone::named(ZONE).expect("the tz database holds Berlin")
}

/// New York, for what changes with the zone.
pub fn new_york() -> cadence::zone::Zone {
    cadence::zone::Zone::named("America/New_York").expect("the tz database holds New York")
}

/// The settings the binary tests run with: Berlin, weeks from Monday.
pub fn settings() -> cadence::config::Settings {
    cadence::config::Settings {
        zone: berlin(),
        week_start: cadence::domain::WeekStart::Monday,
        ..cadence::config::Settings::default()
    }
}

/// The binary with a pinned clock and zone, and no user config or database leaking in.
pub fn cadence(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cadence"));
    cmd.env("CADENCE_NOW", NOW)
        .env("CADENCE_TZ", ZONE)
        .env("CADENCE_CONFIG", dir.join("config.toml"))
        .env_remove("CADENCE_DB")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"));
    cmd
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    cadence(dir).args(args).output().expect("cadence runs")
}

/// The binary as `cadence` gives it, allowed to write files of at most `blocks` 512-byte
/// blocks (`ulimit -f`, with SIGXFSZ ignored as the shell leaves it for the program it
/// runs): a write that would make a file larger fails as on a full disk, with no privileges
/// needed. Its arguments are added as to `cadence`'s.
pub fn on_a_full_disk(dir: &Path, blocks: u32) -> Command {
    let cadence = cadence(dir);
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
        ))
        .arg(cadence.get_program());
    for (name, value) in cadence.get_envs() {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    cmd
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes the demo team into `dir/cadence.db` and returns its path as text.
pub fn demo_db(dir: &Path) -> String {
    let path = dir.join("cadence.db");
    let db = path.to_str().unwrap().to_string();
    let out = run(dir, &["demo", "--db", &db]);
    assert!(out.status.success(), "demo failed: {}", stderr(&out));
    db
}

/// The id of `seller`'s 1:1 in an ISO week, found the way a script would: through
/// `cadence week --format json`.
pub fn one_on_one_id(dir: &Path, db: &str, seller: &str, week: &str) -> i64 {
    let out = run(
        dir,
        &["week", "--db", db, "--week", week, "--format", "json"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|m| m["seller"] == seller && m["kind"] == "one_on_one")
        .and_then(|m| m["id"].as_i64())
        .unwrap_or_else(|| panic!("no 1:1 with {seller} in {week}"))
}

/// Runs cadence expecting bad input to be refused: exit code 2, and a message naming it.
pub fn refused(dir: &Path, args: &[&str], message: &str) {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(2), "{args:?} should be refused");
    assert!(
        stderr(&out).contains(message),
        "{args:?}: expected '{message}' in: {}",
        stderr(&out)
    );
}

/// Overwrites the first bytes of the root pages of `tables` (a quoted SQL list), the way a
/// failing disk or another program's stray write would, after moving the log into the file.
pub fn damage_pages_of(db: &str, tables: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    let roots: Vec<i64> = conn
        .prepare(&format!(
            "SELECT rootpage FROM sqlite_master WHERE rootpage > 1 AND tbl_name IN ({tables})"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let page: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    use std::io::{Seek, SeekFrom, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    for root in roots {
        file.seek(SeekFrom::Start(((root - 1) * page) as u64))
            .unwrap();
        file.write_all(&[0x5a; 64]).unwrap();
    }
}
