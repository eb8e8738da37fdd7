//! `cadence gen`: a generated history is deterministic, realistic, and only ever written into
//! an empty database.

mod support;

use support::{run, stderr, stdout};

fn generate(dir: &std::path::Path, name: &str, seed: &str) -> String {
    let db = dir.join(name).to_str().unwrap().to_string();
    let out = run(
        dir,
        &[
            "gen",
            "--db",
            &db,
            "--sellers",
            "3",
            "--years",
            "1",
            "--seed",
            seed,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn export(dir: &std::path::Path, db: &str) -> String {
    let out = run(dir, &["--db", db, "export", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_same_seed_writes_the_same_database_and_another_seed_another() {
    let dir = tempfile::tempdir().unwrap();
    let a = generate(dir.path(), "a.db", "7");
    let b = generate(dir.path(), "b.db", "7");
    let c = generate(dir.path(), "c.db", "8");
    let (a, b, c) = (
        export(dir.path(), &a),
        export(dir.path(), &b),
        export(dir.path(), &c),
    );
    assert!(a.len() > 100_000, "a year of three sellers is substantial");
    assert_eq!(
        a, b,
        "same seed, same clock: the same document, byte for byte"
    );
    assert_ne!(a, c, "another seed, another history");
}

#[test]
fn a_history_has_every_outcome_at_realistic_rates() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), "h.db", "1");
    let doc: serde_json::Value = serde_json::from_str(&export(dir.path(), &db)).unwrap();
    let rows = |table: &str| doc[table].as_array().unwrap().clone();
    let count = |table: &str, field: &str, value: &str| {
        rows(table).iter().filter(|r| r[field] == value).count()
    };
    assert_eq!(rows("sellers").len(), 3);
    let meetings = rows("meetings").len();
    let held = count("meetings", "status", "held");
    let canceled = count("meetings", "status", "canceled");
    assert!(
        meetings > 250,
        "{meetings} meetings in a year of three sellers"
    );
    assert!(
        held * 100 > meetings * 70,
        "most meetings are held: {held} of {meetings}"
    );
    assert!(
        canceled > 0 && canceled * 100 < meetings * 15,
        "{canceled} canceled"
    );
    assert!(count("meetings", "status", "rescheduled") > 0);
    assert!(
        rows("meetings")
            .iter()
            .filter(|m| m["status"] == "canceled")
            .all(|m| m["cancel_reason"].as_str().is_some_and(|r| !r.is_empty())),
        "every cancellation has its reason"
    );
    let actions = rows("action_items").len();
    let done = count("action_items", "status", "done");
    assert!(
        done * 100 > actions * 70,
        "most actions done: {done} of {actions}"
    );
    assert!(count("action_items", "status", "dropped") > 0);
    assert!(count("action_items", "status", "open") > 0);
    let notes: Vec<_> = rows("agenda_items")
        .iter()
        .filter_map(|i| i["notes"].as_str().map(str::len))
        .filter(|n| *n > 0)
        .collect();
    assert!(notes.len() > 100, "agendas carry notes");
    assert!(
        notes.iter().any(|n| *n > 150),
        "some notes run to several sentences"
    );
    assert!(rows("scorecards").len() > 20, "joint calls are scored");
    assert!(!rows("observations").is_empty());
    // The cockpit's own reads work on it: this week's review prints.
    let out = run(dir.path(), &["--db", &db, "review", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_database_with_data_or_a_size_out_of_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), "full.db", "1");
    let before = export(dir.path(), &db);
    let out = run(
        dir.path(),
        &["gen", "--db", &db, "--sellers", "2", "--years", "1"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already holds data"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(dir.path(), &db), before, "nothing written");

    let fresh = dir.path().join("never.db");
    let fresh_text = fresh.to_str().unwrap();
    for (flag, value, accepted) in [
        ("--sellers", "0", "expected 1 to 500"),
        ("--years", "21", "expected 1 to 20"),
    ] {
        let mut args = vec!["gen", "--db", fresh_text, "--sellers", "3", "--years", "1"];
        let at = args.iter().position(|a| *a == flag).unwrap();
        args[at + 1] = value;
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&out).contains(accepted), "{}", stderr(&out));
        assert!(!fresh.exists(), "no file is created for a refused size");
    }
    let out = run(dir.path(), &["gen", "--sellers", "3", "--years", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs --db"), "{}", stderr(&out));
}
