//! `cadence export json` and `cadence import json`, from the real binary: the round trip,
//! the refusals, and the file's privacy.

mod support;

use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use support::{demo_db, refused, run, stderr, stdout};

fn export(dir: &Path, db: &str) -> String {
    let out = run(dir, &["export", "json", "--db", db]);
    assert!(out.status.success(), "export failed: {}", stderr(&out));
    stdout(&out)
}

fn import(dir: &Path, db: &str, file: &Path) -> std::process::Output {
    run(dir, &["import", "json", file.to_str().unwrap(), "--db", db])
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_export_imported_into_a_new_database_exports_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let first = export(dir.path(), &db);
    let document: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(document["cadence_export"], 1);
    assert_eq!(document["schema"], cadence::store::SCHEMA);
    assert_eq!(document["exported_at"], support::NOW);
    for table in [
        "sellers",
        "cadence_rules",
        "meetings",
        "one_on_ones",
        "agenda_items",
        "agenda_requests",
        "action_items",
        "action_changes",
        "rubric_versions",
        "scorecards",
        "scores",
        "observations",
    ] {
        let rows = document[table]
            .as_array()
            .unwrap_or_else(|| panic!("{table}"));
        assert!(!rows.is_empty(), "the demo has {table}");
    }
    assert!(
        first.contains("\"private_notes\""),
        "private notes are exported"
    );

    let file = write(dir.path(), "team.json", &first);
    let copy = dir.path().join("copy.db");
    let copy = copy.to_str().unwrap();
    let out = import(dir.path(), copy, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Imported 8 sellers, 14 cadence rules"),
        "{}",
        stdout(&out)
    );
    assert_eq!(export(dir.path(), copy), first);

    // What the cockpit's readers show is the same, too, private notes included.
    let landed = document["one_on_ones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["state"] == "landed")
        .expect("a landed 1:1 in the demo");
    let landed = landed["meeting_id"].to_string();
    for args in [
        &["meeting", "show", &landed, "--private", "--format", "json"][..],
        &["actions", "list", "--all", "--format", "json"],
        &["scores", "--format", "json"],
        &["week", "--week", "2026-W47", "--format", "json"],
        &["review", "--week", "2026-W47", "--format", "json"],
    ] {
        let original = run(dir.path(), &[args, &["--db", &db]].concat());
        let imported = run(dir.path(), &[args, &["--db", copy]].concat());
        assert!(imported.status.success(), "{args:?}: {}", stderr(&imported));
        assert_eq!(stdout(&original), stdout(&imported), "{args:?}");
    }
}

#[test]
fn import_reads_standard_input_and_keeps_action_ids_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let document = export(dir.path(), &db);
    let copy = dir.path().join("copy.db");
    let copy = copy.to_str().unwrap();
    let mut child = support::cadence(dir.path())
        .args(["import", "json", "-", "--db", copy])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(document.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let add = |db: &str| {
        let out = run(
            dir.path(),
            &[
                "actions",
                "add",
                "Call back",
                "--seller",
                "Ana Ruiz",
                "--db",
                db,
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(
        add(&db),
        add(copy),
        "the next action id is the same in both"
    );
}

#[test]
fn the_export_file_is_readable_by_its_owner_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let file = dir.path().join("team.json");
    std::fs::write(&file, "old").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let out = run(
        dir.path(),
        &[
            "export",
            "json",
            "--db",
            &db,
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Wrote 8 sellers"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        export(dir.path(), &db)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_database_holding_data_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = export(dir.path(), &db);
    let file = write(dir.path(), "team.json", &before);
    refused(
        dir.path(),
        &["import", "json", file.to_str().unwrap(), "--db", &db],
        "already holds data (8 sellers, 14 cadence_rules",
    );
    let out = import(dir.path(), &db, &file);
    assert!(
        stderr(&out).contains("give a new path with --db"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(dir.path(), &db), before);
}

/// The demo's document with one change made, refused with `message`, leaving the target
/// database (existing and empty, or not yet there) without data.
fn refused_document(change: impl Fn(&mut Value), message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut document: Value = serde_json::from_str(&export(dir.path(), &db)).unwrap();
    change(&mut document);
    let file = write(
        dir.path(),
        "bad.json",
        &serde_json::to_string_pretty(&document).unwrap(),
    );
    refused_file(dir.path(), &file, message);
}

fn refused_file(dir: &Path, file: &Path, message: &str) {
    let target = file.with_extension("db");
    let target = target.to_str().unwrap();
    refused(
        dir,
        &["import", "json", file.to_str().unwrap(), "--db", target],
        message,
    );
    assert!(
        !Path::new(target).exists(),
        "a refused import creates no database"
    );
    // An existing empty database stays empty.
    drop(cadence::store::Store::open(Path::new(target)).expect("an empty database"));
    refused(
        dir,
        &["import", "json", file.to_str().unwrap(), "--db", target],
        message,
    );
    let after: Value = serde_json::from_str(&export(dir, target)).unwrap();
    for table in ["sellers", "meetings", "action_items", "scorecards"] {
        assert_eq!(after[table], json!([]), "{table} after a refused import");
    }
}

#[test]
fn a_value_the_schema_refuses_is_named_by_its_place() {
    refused_document(
        |d| d["meetings"][12]["status"] = json!("maybe"),
        "bad.json: meetings[12].status: 'maybe' is not one of planned, held, canceled, rescheduled; nothing was imported",
    );
    refused_document(
        |d| d["scores"][3]["mark"] = json!(7),
        "scores[3].mark: 7 is not within 0 to 5",
    );
}

#[test]
fn a_dangling_reference_is_named_by_its_place() {
    refused_document(
        |d| d["scorecards"][0]["meeting_id"] = json!(99999),
        "scorecards[0].meeting_id: there is no meetings row with id 99999",
    );
    refused_document(
        |d| {
            d["sellers"].as_array_mut().unwrap().pop();
        },
        "there is no sellers row with id 8",
    );
}

#[test]
fn a_missing_field_or_a_wrong_type_is_named_with_line_and_column() {
    refused_document(
        |d| {
            d["action_items"][2]
                .as_object_mut()
                .unwrap()
                .remove("owner");
        },
        "action_items[2]: missing field `owner`",
    );
    refused_document(
        |d| d["meetings"][0]["minutes"] = json!("half an hour"),
        "meetings[0].minutes: invalid type: string \"half an hour\", expected i64",
    );
    refused_document(
        |d| d["sellers"][0]["emial"] = json!("ana@example.com"),
        "sellers[0].emial: unknown field `emial`",
    );
}

#[test]
fn bad_json_and_hostile_input_are_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.json",
        "{\n  \"cadence_export\": 1,\n  oops\n}",
    );
    refused_file(
        dir.path(),
        &broken,
        "broken.json: line 3, column 3: key must be a string",
    );
    let deep = "[".repeat(200_000);
    let deep = write(dir.path(), "deep.json", &deep);
    refused_file(dir.path(), &deep, "recursion limit exceeded");
    let huge = write(
        dir.path(),
        "huge.json",
        r#"{"cadence_export": 1e999999, "schema": 4}"#,
    );
    refused_file(dir.path(), &huge, "number out of range");
    let other = write(dir.path(), "other.json", r#"{"name": "not ours"}"#);
    refused_file(dir.path(), &other, "this is not a cadence export");
    let missing = dir.path().join("missing.json");
    refused(
        dir.path(),
        &["import", "json", missing.to_str().unwrap(), "--db", "x.db"],
        "cannot read",
    );
}

#[test]
fn a_document_from_a_newer_cadence_is_refused_for_that() {
    refused_document(
        |d| d["schema"] = json!(99),
        &format!(
            "written by a newer cadence (schema 99, this one knows up to {}): upgrade cadence",
            cadence::store::SCHEMA
        ),
    );
    refused_document(
        |d| {
            d["cadence_export"] = json!(2);
            d["something_new"] = json!([]);
        },
        "written by a newer cadence (export format 2",
    );
}

#[test]
fn a_row_the_database_refuses_at_the_end_leaves_nothing_behind() {
    // A title after a NUL character passes the checks, but SQLite measures text up to the
    // NUL: the CHECK refuses the row after every seller and meeting was written, and the
    // one transaction takes them all back.
    refused_document(
        |d| d["action_items"][3]["title"] = json!("\u{0}Send the plan"),
        "action_items[3]: CHECK constraint failed",
    );
}

#[test]
fn a_database_moved_by_export_and_import_keeps_its_calendar_uids_and_action_uuids() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let ics = |db: &str| stdout(&run(dir.path(), &["export", "ics", "--db", db]));
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    let before = uids(&ics(&db));
    assert!(!before.is_empty());
    let document = export(dir.path(), &db);
    let file = write(dir.path(), "team.json", &document);
    let moved = dir.path().join("moved.db");
    let moved = moved.to_str().unwrap();
    let out = import(dir.path(), moved, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        uids(&ics(moved)),
        before,
        "a calendar updates the same events"
    );
    let tasks = |db: &str| {
        stdout(&run(
            dir.path(),
            &["export", "taskwarrior", "--all", "--db", db],
        ))
    };
    assert_eq!(
        tasks(moved),
        tasks(&db),
        "taskwarrior keeps matching the same items"
    );
    assert_eq!(export(dir.path(), moved), document);
}
