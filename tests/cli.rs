//! The command line: output, exit codes and the messages for bad input, from the real binary.

mod support;

use support::{demo_db, run, stderr, stdout};

#[test]
fn help_says_what_each_command_does() {
    let dir = tempfile::tempdir().unwrap();
    let help = stdout(&run(dir.path(), &["--help"]));
    for text in [
        "coaching cockpit",
        "week",
        "demo",
        "check",
        "--db",
        "--demo",
    ] {
        assert!(help.contains(text), "--help lacks {text}:\n{help}");
    }
    let week = stdout(&run(dir.path(), &["week", "--help"]));
    assert!(week.contains("2026-W48") && week.contains("json"), "{week}");
}

#[test]
fn week_prints_json_with_zone_offsets_and_every_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = run(dir.path(), &["week", "--db", &db, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 10);
    for row in rows {
        for field in ["id", "seller", "kind", "start", "minutes", "status"] {
            assert!(row.get(field).is_some(), "{field} missing in {row}");
        }
        let start = row["start"].as_str().unwrap();
        assert!(start.ends_with("+01:00"), "Berlin offset in {start}");
        chrono::DateTime::parse_from_rfc3339(start).unwrap();
    }
    let statuses: Vec<&str> = rows.iter().map(|r| r["status"].as_str().unwrap()).collect();
    for status in ["held", "canceled", "missed", "planned", "rescheduled"] {
        assert!(statuses.contains(&status), "no {status} in {statuses:?}");
    }
    let canceled = rows.iter().find(|r| r["status"] == "canceled").unwrap();
    assert!(
        canceled["cancel_reason"]
            .as_str()
            .is_some_and(|r| !r.is_empty())
    );
    let team = rows.iter().find(|r| r["kind"] == "team_meeting").unwrap();
    assert!(team["seller"].is_null());
}

#[test]
fn week_takes_an_iso_week_and_the_db_on_either_side_or_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let after = run(dir.path(), &["week", "--week", "2026-W49", "--db", &db]);
    let before = run(dir.path(), &["--db", &db, "week", "--week", "2026-W49"]);
    let env = support::cadence(dir.path())
        .env("CADENCE_DB", &db)
        .args(["week", "--week", "2026-w49"])
        .output()
        .unwrap();
    let text = stdout(&after);
    assert!(text.starts_with("2026-W49, Nov 30 - Dec 6"), "{text}");
    assert!(text.contains("QBR") && text.contains("Ana Ruiz"), "{text}");
    assert_eq!(text, stdout(&before));
    assert_eq!(text, stdout(&env));
}

#[test]
fn a_bad_week_is_refused_with_the_accepted_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = run(dir.path(), &["week", "--db", &db, "--week", "next week"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("'next week' is not a week") && err.contains("2026-W48"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn the_demo_is_only_written_into_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = std::fs::read(&db).unwrap();
    let out = run(dir.path(), &["demo", "--db", &db]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already has sellers"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// The names in `dir`, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn sellers_in(db: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM sellers", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_demo_on_a_full_disk_writes_no_team_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let db = team.join("cadence.db").to_str().unwrap().to_string();
    // 256 kB: room for the finished demo (about 200 kB), not for all the writing that
    // builds it, so the disk fills part of the way through.
    let blocks = 512;

    let demo_on_a_full_disk = || {
        support::on_a_full_disk(dir.path(), blocks)
            .args(["demo", "--db", &db])
            .output()
            .unwrap()
    };

    // Into a new file: afterwards there is no file at all.
    let out = demo_on_a_full_disk();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("the sample team could not be written") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(names_in(&team), Vec::<String>::new(), "{err}");

    // Into an empty database: afterwards it is still there, and still empty.
    drop(cadence::store::Store::open(std::path::Path::new(&db)).unwrap());
    let out = demo_on_a_full_disk();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert_eq!(sellers_in(&db), 0, "{err}");
    assert_eq!(names_in(&team), ["cadence.db"], "{err}");

    // With room, the demo is written whole into that empty database.
    let out = run(dir.path(), &["demo", "--db", &db]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sellers_in(&db), 8);
    assert_eq!(names_in(&team), ["cadence.db"]);

    // The throwaway cockpit's team too: it stops before the terminal is taken, with one
    // line, and its temporary directory is gone.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let out = support::on_a_full_disk(dir.path(), blocks)
        .arg("--demo")
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(names_in(&tmp), Vec::<String>::new());
}

#[test]
fn a_new_database_is_private_to_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [db.clone(), format!("{db}-wal")] {
            if let Ok(meta) = std::fs::metadata(&file) {
                assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{file}");
            }
        }
    }
    let check = run(dir.path(), &["check", "--db", &db]);
    assert!(
        stdout(&check).contains("no damage found"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn the_default_database_lives_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["seller", "add", "Maya"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let db = dir.path().join("data/cadence/cadence.db");
    assert!(db.exists());
    assert_eq!(
        stderr(&out),
        format!("cadence: created a new database at {}\n", db.display())
    );
    let again = run(dir.path(), &["seller", "add", "Jonas"]);
    assert_eq!(stderr(&again), "", "said once, when it is made");
}

#[test]
fn files_that_are_not_ours_are_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# 1:1 notes\n").unwrap();
    let out = run(dir.path(), &["week", "--db", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not a cadence database"));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "# 1:1 notes\n");

    let future = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&future).unwrap();
        conn.execute_batch("PRAGMA user_version = 42;").unwrap();
    }
    let before = std::fs::read(&future).unwrap();
    let out = run(dir.path(), &["week", "--db", future.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("newer cadence (schema 42"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&future).unwrap(), before);
}

#[test]
fn bad_settings_are_named_with_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "week_start = \"friday\"\n").unwrap();
    let out = run(dir.path(), &["week"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(
            "config.toml, line 1, column 14: week_start is \"friday\": expected \"monday\" or \"sunday\""
        ),
        "{err}"
    );
    assert!(
        !dir.path().join("data/cadence/cadence.db").exists(),
        "nothing created"
    );

    let zone = support::cadence(dir.path())
        .env("CADENCE_TZ", "Mars/Olympus")
        .env("CADENCE_CONFIG", dir.path().join("none.toml"))
        .arg("week")
        .output()
        .unwrap();
    assert_eq!(zone.status.code(), Some(2));
    assert!(stderr(&zone).contains("unknown time zone 'Mars/Olympus' in CADENCE_TZ"));

    let clock = support::cadence(dir.path())
        .env("CADENCE_NOW", "tomorrow")
        .env("CADENCE_CONFIG", dir.path().join("none.toml"))
        .arg("week")
        .output()
        .unwrap();
    assert_eq!(clock.status.code(), Some(2));
    assert!(stderr(&clock).contains("RFC 3339"), "{}", stderr(&clock));
}

#[test]
fn weeks_can_start_on_sunday() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    std::fs::write(dir.path().join("config.toml"), "week_start = \"sunday\"\n").unwrap();
    let out = run(dir.path(), &["week", "--db", &db]);
    let text = stdout(&out);
    assert!(text.starts_with("2026-W48, Nov 22 - 28"), "{text}");
}

#[test]
fn sellers_are_added_listed_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let db = db.to_str().unwrap();
    let added = run(
        dir.path(),
        &[
            "seller",
            "add",
            "Ana Ruiz",
            "--started",
            "2024-03-18",
            "--db",
            db,
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("Added Ana Ruiz (started 2024-03-18)"));
    let today = run(dir.path(), &["--db", db, "seller", "add", "Ben Okafor"]);
    assert!(
        stdout(&today).contains("started 2026-11-27"),
        "{}",
        stdout(&today)
    );

    let bad = run(
        dir.path(),
        &["seller", "add", "Chloe", "--started", "March", "--db", db],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("'March' is not a date: expected YYYY-MM-DD"));
    let twice = run(dir.path(), &["seller", "add", "ana ruiz", "--db", db]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("already a seller named"));

    let list = stdout(&run(dir.path(), &["seller", "list", "--db", db]));
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.starts_with("Ana Ruiz"), "{list}");
}

#[test]
fn a_seller_puts_an_item_on_their_next_1_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = run(
        dir.path(),
        &[
            "agenda",
            "add",
            "--seller",
            "ben okafor",
            "Commission statement question",
            "--db",
            &db,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Added to Ben Okafor's next 1:1: Commission statement question"));
    let unknown = run(
        dir.path(),
        &["agenda", "add", "--seller", "Zed", "Anything", "--db", &db],
    );
    assert_eq!(unknown.status.code(), Some(2));
    let err = stderr(&unknown);
    assert!(
        err.contains("no seller named 'Zed'") && err.contains("Ana Ruiz"),
        "{err}"
    );
}

#[test]
fn the_recap_reads_as_markdown_and_keeps_private_notes_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = support::one_on_one_id(dir.path(), &db, "Ana Ruiz", "2026-W47").to_string();
    let md = stdout(&run(dir.path(), &["meeting", "show", &id, "--db", &db]));
    assert!(
        md.starts_with("# 1:1 with Ana Ruiz, Mon Nov 16 2026, 10:30"),
        "{md}"
    );
    assert!(md.contains("**Purpose:** coaching"), "{md}");
    assert!(
        md.contains(
            "| Territory plan for Q1 _(carried from Nov 2)_ _(not covered)_ | me | 10 min | 0 min |"
        ),
        "{md}"
    );
    assert!(
        md.contains("- [ ] Invite me to the Acme discovery call (Ana Ruiz, due"),
        "{md}"
    );
    assert!(md.contains("Ana Ruiz rated the meeting 5/5"), "{md}");
    assert!(
        !md.contains("Confidence is up"),
        "a private note leaked: {md}"
    );
    let private = stdout(&run(
        dir.path(),
        &["meeting", "show", &id, "--private", "--db", &db],
    ));
    assert!(
        private.contains("_Private:_ Confidence is up; keep it going."),
        "{private}"
    );

    let json = run(
        dir.path(),
        &["meeting", "show", &id, "--format", "json", "--db", &db],
    );
    let recap: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(recap["state"], "landed");
    assert_eq!(recap["rating"], 5);
    assert_eq!(recap["purposes"][0], "coaching");
    let items = recap["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i.get("private_notes").is_none()));
    assert!(
        items
            .iter()
            .any(|i| i["source"] == "carried" && i["done"] == false)
    );

    let missing = run(dir.path(), &["meeting", "show", "999999", "--db", &db]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("999999"), "{}", stderr(&missing));
}

#[test]
fn the_demo_never_writes_into_the_default_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["demo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs --db PATH"), "{}", stderr(&out));
    assert!(!dir.path().join("data/cadence/cadence.db").exists());
    let both = run(dir.path(), &["--demo", "week"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("does not go with a subcommand"));
}

/// The files in the rubrics directory beside the test's config, by name.
fn rubric_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("rubrics"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_tuned_weight_the_catalog_would_refuse_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "rubric",
        "tune",
        "discovery-call",
        "--weight",
        "questions=1001",
    ];
    support::refused(dir.path(), &args, "--weight 'questions=1001'");
    support::refused(dir.path(), &args, "at most 1000");
    assert!(
        rubric_files(dir.path()).is_empty(),
        "{:?}",
        rubric_files(dir.path())
    );
    // The catalog still loads whole.
    let list = run(dir.path(), &["rubric", "list"]);
    assert!(list.status.success());
    assert_eq!(stderr(&list), "");
}

#[test]
fn tuning_twice_gives_two_versions_that_both_load() {
    let dir = tempfile::tempdir().unwrap();
    // A refused tune first, as a manager might type it: it must not take a version's place.
    let bad = [
        "rubric",
        "tune",
        "discovery-call",
        "--weight",
        "questions=1001",
    ];
    support::refused(dir.path(), &bad, "at most 1000");
    for (weight, version) in [
        ("questions=3", "version 2"),
        ("questions=1000", "version 3"),
    ] {
        let out = run(
            dir.path(),
            &["rubric", "tune", "discovery-call", "--weight", weight],
        );
        assert!(out.status.success(), "{weight}: {}", stderr(&out));
        assert!(stdout(&out).contains(version), "{}", stdout(&out));
    }
    let list = run(dir.path(), &["rubric", "list"]);
    assert_eq!(stderr(&list), "", "no rubric is skipped");
    let shown = stdout(&run(dir.path(), &["rubric", "show", "discovery-call"]));
    assert!(shown.contains("version 3"), "{shown}");
    assert!(shown.contains("weight 1000"), "{shown}");
}

#[test]
fn a_tune_cut_off_before_its_rename_leaves_the_catalog_loadable() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = dir.path().join("rubrics");
    std::fs::create_dir(&rubrics).unwrap();
    // What a tune killed between writing and renaming leaves: a half-written temporary file.
    std::fs::write(
        rubrics.join(".discovery-call-v2.toml.4242-0.tmp"),
        "id = \"discovery-call\"\nversion = 2\n[[crit",
    )
    .unwrap();
    let list = run(dir.path(), &["rubric", "list"]);
    assert!(list.status.success());
    assert_eq!(stderr(&list), "", "the leftover is not read as a rubric");
    let out = run(
        dir.path(),
        &["rubric", "tune", "discovery-call", "--off", "insight"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("version 2"), "{}", stdout(&out));
    assert!(rubric_files(dir.path()).contains(&"discovery-call-v2.toml".to_string()));
}

#[test]
fn a_tune_finds_a_free_version_beside_a_file_the_catalog_skips() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = dir.path().join("rubrics");
    std::fs::create_dir(&rubrics).unwrap();
    // A damaged file under the name the next version would take.
    std::fs::write(rubrics.join("discovery-call-v2.toml"), "id = ").unwrap();
    let out = run(
        dir.path(),
        &["rubric", "tune", "discovery-call", "--off", "insight"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("version 3"), "{}", stdout(&out));
    assert_eq!(
        std::fs::read_to_string(rubrics.join("discovery-call-v2.toml")).unwrap(),
        "id = ",
        "the skipped file is left as it is"
    );
}
