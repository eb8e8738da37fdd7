//! Nothing leaves the machine, nothing gets in: the data directory and every file cadence
//! writes are its owner's alone (checked with stat), SQL in any text field is only text,
//! and no CSV cell cadence writes can be run by a spreadsheet as a formula.

#![cfg(unix)]

mod support;

use cadence::domain::agenda::{Owner, Purpose};
use cadence::domain::timer::Timer;
use cadence::store::{ActionChange, ActionDraft, Finish, Landing, NewAction, NewSeller, Store};
use chrono::{NaiveDate, TimeDelta};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::{cadence, demo_db, now, run, stderr, stdout};

/// The built-in discovery call rubric, to score with.
fn discovery_call() -> cadence::domain::rubric::Rubric {
    cadence::catalog::load_from(None)
        .latest()
        .into_iter()
        .find(|r| r.id == "discovery-call")
        .cloned()
        .unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn assert_private(path: &Path) {
    let expected = if path.is_dir() { 0o700 } else { 0o600 };
    assert_eq!(
        mode(path),
        expected,
        "{} is {:o}",
        path.display(),
        mode(path)
    );
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_data_directory_and_the_database_are_the_owners_alone() {
    let dir = tempfile::tempdir().unwrap();
    // No --db: the database goes to the data directory, made on first use.
    ok(
        dir.path(),
        &["seller", "add", "Ana Ruiz", "--started", "2025-01-06"],
    );
    let data = dir.path().join("data").join("cadence");
    assert_private(&data);
    assert_private(&data.join("cadence.db"));
    // A new database in new directories: each one made private.
    let deep = dir.path().join("a").join("b");
    let db = deep.join("cadence.db");
    ok(dir.path(), &["demo", "--db", db.to_str().unwrap()]);
    assert_private(&dir.path().join("a"));
    assert_private(&deep);
    assert_private(&db);
}

#[test]
fn the_write_ahead_log_and_shared_memory_are_private_while_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut store = Store::open(&path).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    for suffix in ["-wal", "-shm"] {
        let file = dir.path().join(format!("cadence.db{suffix}"));
        assert!(file.exists(), "{suffix} exists while the store is open");
        assert_private(&file);
    }
    assert_private(&path);
}

#[test]
fn a_database_made_with_a_looser_mode_is_made_private_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    std::fs::File::create(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = Store::open(&path).unwrap();
    store
        .add_seller(&NewSeller {
            name: "Ana Ruiz",
            started_on: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            motivation: "",
        })
        .unwrap();
    assert_private(&path);
    assert_private(&dir.path().join("cadence.db-wal"));
}

#[test]
fn every_file_written_with_out_is_private_even_over_a_looser_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let scores = stdout(&run(
        dir.path(),
        &["scores", "--db", &db, "--format", "json"],
    ));
    let scores: serde_json::Value = serde_json::from_str(&scores).unwrap();
    let card = scores[0]["id"]
        .as_i64()
        .expect("a demo scorecard")
        .to_string();
    let exports: [&[&str]; 7] = [
        &["export", "json"],
        &["export", "ics"],
        &["export", "csv", "--table", "actions"],
        &["export", "csv", "--table", "meetings"],
        &["export", "taskwarrior"],
        &["export", "todotxt"],
        &["scorecard", "export", &card, "--assessor", "Me"],
    ];
    for (i, args) in exports.iter().enumerate() {
        let out = dir.path().join(format!("out-{i}"));
        let mut all = args.to_vec();
        all.extend(["--db", &db, "--out", out.to_str().unwrap()]);
        ok(dir.path(), &all);
        assert_private(&out);
        // Written again over a file anyone could read: it is made private.
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
        ok(dir.path(), &all);
        assert_private(&out);
    }
}

/// A file of the test's own, readable by all, that a link points to.
fn linked_target(dir: &Path, name: &str) -> std::path::PathBuf {
    let target = dir.join(name);
    std::fs::write(&target, "mine, not cadence's\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    target
}

fn assert_untouched(target: &Path) {
    assert_eq!(
        std::fs::read_to_string(target).unwrap(),
        "mine, not cadence's\n"
    );
    assert_eq!(mode(target), 0o644, "the linked file's mode is unchanged");
}

#[test]
fn a_symbolic_link_at_out_is_refused_and_the_file_it_points_to_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let scores = stdout(&run(
        dir.path(),
        &["scores", "--db", &db, "--format", "json"],
    ));
    let scores: serde_json::Value = serde_json::from_str(&scores).unwrap();
    let card = scores[0]["id"].as_i64().unwrap().to_string();
    let exports: [&[&str]; 4] = [
        &["export", "json"],
        &["export", "ics"],
        &["export", "csv", "--table", "actions"],
        &["scorecard", "export", &card, "--assessor", "Me"],
    ];
    for (i, args) in exports.iter().enumerate() {
        let target = linked_target(dir.path(), &format!("target-{i}"));
        let link = dir.path().join(format!("link-{i}"));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut all = args.to_vec();
        all.extend(["--db", &db, "--out", link.to_str().unwrap()]);
        support::refused(dir.path(), &all, "is a symbolic link");
        assert_untouched(&target);
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }
    // Only the files the test made, the database and its own: no temporary file is left.
    let strays: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

#[test]
fn config_init_over_a_symbolic_link_is_refused_and_the_file_it_points_to_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = linked_target(dir.path(), "target");
    let config = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&target, &config).unwrap();
    support::refused(
        dir.path(),
        &["config", "init", "--force"],
        "is a symbolic link",
    );
    assert_untouched(&target);
}

#[test]
fn the_config_and_rubric_files_cadence_writes_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("conf").join("cadence").join("config.toml");
    let out = cadence(dir.path())
        .env("CADENCE_CONFIG", &config)
        .args(["config", "init"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_private(&config);
    assert_private(config.parent().unwrap());
    assert_private(&dir.path().join("conf"));
    // A tuned rubric goes to the rubrics directory beside the config.
    let out = cadence(dir.path())
        .env("CADENCE_CONFIG", &config)
        .args(["rubric", "tune", "discovery-call", "--off", "insight"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rubrics = config.parent().unwrap().join("rubrics");
    assert_private(&rubrics);
    let files: Vec<_> = std::fs::read_dir(&rubrics).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    assert_private(&files[0].path());
}

/// SQL that would do damage if any statement were built by pasting text in.
const PAYLOADS: [&str; 4] = [
    "Robert'); DROP TABLE sellers; --",
    "x\"; DELETE FROM action_items; --",
    "' OR '1'='1",
    "%_'; UPDATE meetings SET status = 'canceled' WHERE '' = '",
];

fn tables(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn integrity(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// How many rows hold `text` exactly in `column` of `table`.
fn stored(path: &Path, table: &str, column: &str, text: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        &format!("SELECT count(*) FROM {table} WHERE {column} = ?1"),
        [text],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn sql_in_every_text_field_is_kept_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = Path::new(&db).to_path_buf();
    let tables_before = tables(&path);
    let mut store = Store::open(&path).unwrap();
    let ana = store.seller_by_name("Ana Ruiz").unwrap();
    let week = cadence::domain::Week::containing(
        now().with_timezone(&support::berlin()).date_naive(),
        cadence::domain::WeekStart::Monday,
    );
    let meetings = store.week_meetings(week.next(), support::berlin()).unwrap();
    let later = store
        .week_meetings(week.next().next(), support::berlin())
        .unwrap();
    let mut one_on_ones = meetings
        .iter()
        .filter(|m| m.kind == cadence::domain::Kind::OneOnOne && m.seller.is_some());
    for (i, payload) in PAYLOADS.iter().enumerate() {
        // A seller, with their motivation and email.
        let seller = store
            .add_seller(&NewSeller {
                name: payload,
                started_on: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
                motivation: payload,
            })
            .unwrap();
        assert_eq!(store.seller_by_name(payload).unwrap().id, seller);
        // Action items: added, edited, dropped with a reason, searched for.
        let action = store
            .add_action(
                &ActionDraft {
                    seller_id: ana.id,
                    title: payload.to_string(),
                    owner: Owner::Seller,
                    due_on: None,
                },
                now(),
            )
            .unwrap();
        store
            .change_actions(
                &[action],
                &ActionChange::Edit(ActionDraft {
                    seller_id: seller,
                    title: format!("{payload} (edited)"),
                    owner: Owner::Manager,
                    due_on: None,
                }),
                now(),
            )
            .unwrap();
        store
            .change_actions(
                &[action],
                &ActionChange::Drop {
                    reason: Some(payload.to_string()),
                },
                now(),
            )
            .unwrap();
        let filter = cadence::domain::actions::ActionFilter {
            text: payload.to_string(),
            status: cadence::domain::actions::StatusFilter::All,
            ..Default::default()
        };
        let found = store
            .list_actions(
                &filter,
                Default::default(),
                now().date_naive(),
                (week.first_day(), week.last_day()),
                cadence::store::LIST_LIMIT,
            )
            .unwrap();
        assert!(
            found.items.iter().any(|a| a.id == action),
            "searched for {payload}"
        );
        // A 1:1: the seller's request, a purpose, an agenda item, notes, the landing.
        store
            .add_agenda_request("Ana Ruiz", payload, now())
            .unwrap();
        let meeting = one_on_ones.next().expect("a 1:1 next week").id;
        store.open_one_on_one(meeting).unwrap();
        let purposes = [Purpose::Coaching];
        let (templates, _) = cadence::config::agenda_templates(&purposes);
        store
            .set_purposes(meeting, &purposes, &templates, support::berlin())
            .unwrap();
        let item = store
            .add_agenda_item(meeting, payload, 5, Owner::Manager)
            .unwrap();
        store
            .save_notes_over(item, ("", ""), payload, payload)
            .unwrap();
        store
            .land_one_on_one(
                meeting,
                &Landing {
                    actions: vec![NewAction {
                        title: payload.to_string(),
                        owner: Owner::Seller,
                        due_on: NaiveDate::from_ymd_opt(2026, 12, 11).unwrap(),
                    }],
                    no_actions: false,
                    rating: 4,
                    comment: payload.to_string(),
                },
                &Timer::default(),
                now() + TimeDelta::days(3),
            )
            .unwrap();
        // A canceled meeting, with the reason.
        let other = later
            .iter()
            .filter(|m| m.status == cadence::domain::Status::Planned)
            .nth(i)
            .expect("a meeting to cancel");
        store.cancel_meeting(other.id, payload).unwrap();
        // A scored call: evidence, an observation, the finish with a coaching action.
        let rubric = discovery_call();
        let card = store.start_scorecard(seller, &rubric, None, now()).unwrap();
        store.save_evidence(card, "agenda", payload).unwrap();
        store.add_observation(card, "agenda", 42, payload).unwrap();
        store
            .finish_scorecard(
                card,
                &Finish {
                    strength: Some("agenda".into()),
                    focus: Some("insight".into()),
                    action: Some(ActionDraft {
                        seller_id: seller,
                        title: format!("{payload} (coaching)"),
                        owner: Owner::Seller,
                        due_on: None,
                    }),
                    reobserve_at: None,
                    reobserve_minutes: 30,
                },
                now(),
            )
            .unwrap();
    }
    drop(store);
    // From the command line and from files of other tools.
    let seller = "Zed'); DROP TABLE action_items; --";
    ok(dir.path(), &["seller", "add", seller, "--db", &db]);
    ok(
        dir.path(),
        &[
            "actions",
            "add",
            PAYLOADS[0],
            "--seller",
            seller,
            "--db",
            &db,
        ],
    );
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "name,email\n\"Quinn'); DROP TABLE meetings; --\",q@example.com\n",
    )
    .unwrap();
    ok(
        dir.path(),
        &["import", "roster", roster.to_str().unwrap(), "--db", &db],
    );
    let todo = dir.path().join("todo.txt");
    std::fs::write(&todo, "(A) Call back'); DELETE FROM sellers; -- +cadence\n").unwrap();
    let out = run(
        dir.path(),
        &["import", "todotxt", todo.to_str().unwrap(), "--db", &db],
    );
    // Refused or read, never run: a todo.txt line must name its seller.
    assert!(matches!(out.status.code(), Some(0 | 2)), "{}", stderr(&out));

    // The database is whole, every table is there, and the text is as it was given.
    assert_eq!(integrity(&path), "ok");
    assert_eq!(tables(&path), tables_before);
    ok(dir.path(), &["check", "--db", &db]);
    for payload in PAYLOADS {
        assert_eq!(stored(&path, "sellers", "name", payload), 1, "{payload}");
        assert_eq!(stored(&path, "sellers", "motivation", payload), 1);
        assert_eq!(
            stored(
                &path,
                "action_items",
                "title",
                &format!("{payload} (edited)")
            ),
            1
        );
        assert_eq!(stored(&path, "action_items", "drop_reason", payload), 1);
        assert_eq!(
            stored(&path, "action_items", "title", payload),
            1 + usize::from(payload == PAYLOADS[0]) as i64
        );
        assert_eq!(stored(&path, "agenda_items", "notes", payload), 1);
        assert_eq!(stored(&path, "agenda_items", "private_notes", payload), 1);
        assert_eq!(stored(&path, "meetings", "cancel_reason", payload), 1);
        assert_eq!(stored(&path, "one_on_ones", "rating_comment", payload), 1);
        assert_eq!(stored(&path, "scores", "evidence", payload), 1);
        assert_eq!(stored(&path, "observations", "text", payload), 1);
        assert!(stored(&path, "agenda_items", "title", payload) >= 1);
    }
    assert_eq!(stored(&path, "sellers", "name", seller), 1);
    assert_eq!(
        stored(&path, "sellers", "name", "Quinn'); DROP TABLE meetings; --"),
        1
    );
    let listed = ok(dir.path(), &["seller", "list", "--db", &db]);
    assert!(
        listed.contains("Robert'); DROP TABLE sellers; --"),
        "{listed}"
    );
    // And the JSON export of it all imports into a new database as it was.
    let export = dir.path().join("all.json");
    ok(
        dir.path(),
        &[
            "export",
            "json",
            "--db",
            &db,
            "--out",
            export.to_str().unwrap(),
        ],
    );
    let copy = dir.path().join("copy.db");
    ok(
        dir.path(),
        &[
            "import",
            "json",
            export.to_str().unwrap(),
            "--db",
            copy.to_str().unwrap(),
        ],
    );
    assert_eq!(integrity(&copy), "ok");
    for payload in PAYLOADS {
        assert_eq!(stored(&copy, "sellers", "name", payload), 1, "{payload}");
        assert_eq!(stored(&copy, "observations", "text", payload), 1);
    }
}

/// Cells a spreadsheet would run: a leading `=`, `+`, `-` or `@` (or tab, carriage return).
fn formula(cell: &str) -> bool {
    matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

#[test]
fn no_csv_cadence_writes_has_a_cell_a_spreadsheet_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = Path::new(&db).to_path_buf();
    let seller = "=HYPERLINK(\"http://x\",\"Ana\")";
    ok(dir.path(), &["seller", "add", seller, "--db", &db]);
    for title in [
        "+1 call the bank",
        "-2+3",
        "@SUM(A1:A9)",
        "=cmd|' /C calc'!A0",
    ] {
        ok(
            dir.path(),
            &[
                "actions", "add", "--seller", seller, "--due", "fri", "--db", &db, "--", title,
            ],
        );
    }
    // A finished scorecard of that seller, and their 1:1s in the meetings table.
    {
        let mut store = Store::open(&path).unwrap();
        let id = store.seller_by_name(seller).unwrap().id;
        let rubric = discovery_call();
        let card = store.start_scorecard(id, &rubric, None, now()).unwrap();
        store
            .set_mark(
                card,
                "agenda",
                Some(cadence::domain::rubric::Mark::Level(3)),
            )
            .unwrap();
        store
            .finish_scorecard(
                card,
                &Finish {
                    strength: None,
                    focus: None,
                    action: None,
                    reobserve_at: None,
                    reobserve_minutes: 30,
                },
                now(),
            )
            .unwrap();
        store
            .add_meeting(&cadence::store::NewMeeting {
                seller_id: Some(id),
                kind: cadence::domain::Kind::OneOnOne,
                starts_at: now() - TimeDelta::days(1),
                minutes: 30,
            })
            .unwrap();
    }
    let outputs: [&[&str]; 5] = [
        &["export", "csv", "--table", "actions"],
        &["export", "csv", "--table", "scores"],
        &["export", "csv", "--table", "meetings"],
        &["actions", "list", "--all", "--format", "csv"],
        &["scores", "--format", "csv"],
    ];
    for args in outputs {
        let mut all = args.to_vec();
        all.extend(["--db", &db]);
        let text = ok(dir.path(), &all);
        assert!(
            text.contains("HYPERLINK"),
            "{args:?} shows the seller: {text}"
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            for cell in record.iter() {
                assert!(
                    !formula(cell),
                    "{args:?}: a cell a spreadsheet would run: {cell}"
                );
            }
        }
    }
}

#[test]
fn the_demos_temporary_directory_is_the_owners_alone_while_the_cockpit_runs() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut demo = support::pty::Session::start_with(
        dir.path(),
        &["--demo"],
        160,
        40,
        &[("TMPDIR", tmp.to_str().unwrap())],
    );
    demo.wait_for_text("2026-W48");
    let made: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(
        made[0]
            .file_name()
            .to_string_lossy()
            .starts_with("cadence-demo-")
    );
    assert_private(&made[0].path());
    assert_private(&made[0].path().join("cadence.db"));
    demo.send("q");
    assert_eq!(demo.exit_code(), 0);
}
