//! What reaches cadence from outside (a mistyped path, a file of any kind, stored text meant
//! for the terminal, names of any length) is refused in plain words or shown harmlessly,
//! and changes nothing. The real binary on real files.

mod support;

use support::{demo_db, run, stderr, stdout};

/// Every command that reads or changes what is in the database, on a path with no file.
const NEEDS_A_DATABASE: &[&[&str]] = &[
    &["check"],
    &["week"],
    &["today"],
    &["seller", "list"],
    &["actions", "list"],
    &["actions", "add", "Send the deck", "--seller", "Maya"],
    &["actions", "done", "1"],
    &["actions", "drop", "1"],
    &["agenda", "add", "--seller", "Maya", "Pipeline"],
    &["meeting", "show", "1"],
    &["scores"],
    &["scorecard", "export", "1"],
    &["scorecard", "compare", "1", "2"],
    &["coach", "1"],
    &["review", "--week", "2026-W48"],
    &["export", "json"],
    &["export", "ics"],
    &["export", "csv", "--table", "actions"],
    &["export", "taskwarrior"],
    &["export", "todotxt"],
];

#[test]
fn commands_that_need_a_database_refuse_a_missing_one_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo");
    let db = typo.join("cadnce.db");
    let db = db.to_str().unwrap();
    for command in NEEDS_A_DATABASE {
        let mut args = command.to_vec();
        args.extend(["--db", db]);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "cadence: there is no database at {db}; nothing was created. Check --db or \
                 CADENCE_DB, or make one: run `cadence` (the cockpit) or `cadence demo --db FILE`\n"
            ),
            "{args:?}"
        );
        assert!(!stdout(&out).contains("no damage found"), "{args:?}");
        assert!(!typo.exists(), "{args:?} made {}", typo.display());
    }
    // The default database too: nothing is made in the data directory.
    let out = run(dir.path(), &["week"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("data").exists());
}

#[test]
fn commands_that_add_data_create_the_database_and_say_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new/cadence.db");
    let db = db.to_str().unwrap();
    let out = run(dir.path(), &["seller", "add", "Maya", "--db", db]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!("cadence: created a new database at {db}\n")
    );
    let listed = run(dir.path(), &["seller", "list", "--db", db]);
    assert!(stdout(&listed).contains("Maya"));
    assert_eq!(stderr(&listed), "");

    // A roster import makes one too; a refused one leaves none behind.
    let roster = dir.path().join("team.csv");
    std::fs::write(&roster, "name\nJonas\n").unwrap();
    let other = dir.path().join("other.db");
    let other = other.to_str().unwrap();
    let out = run(
        dir.path(),
        &["import", "roster", roster.to_str().unwrap(), "--db", other],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("created a new database at"));
    std::fs::write(&roster, "name\nJonas\nJonas\n").unwrap();
    let refused = dir.path().join("refused.db");
    let out = run(
        dir.path(),
        &[
            "import",
            "roster",
            roster.to_str().unwrap(),
            "--db",
            refused.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("created"), "{}", stderr(&out));
    assert!(!refused.exists());
}

#[test]
fn doctor_on_a_missing_database_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo/cadnce.db");
    let out = run(dir.path(), &["doctor", "--db", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("there is no database at"));
    assert!(!dir.path().join("typo").exists());
    // An existing database still reads as before.
    let demo = demo_db(dir.path());
    let out = run(dir.path(), &["check", "--db", &demo]);
    assert!(stdout(&out).contains("no damage found"), "{}", stderr(&out));
}

/// A window-title change (OSC 0 ended by BEL), and a C1 control sequence introducer.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{9b}31m";
/// How it reads once escaped.
const SHOWN: &str = "\\u{1b}]0;pwned\\u{7}\\u{9b}31m";

/// The demo team, with the hostile text in every stored name, title, reason and note, put
/// there the way any other program writing the file could.
fn hostile_db(dir: &std::path::Path) -> String {
    let db = demo_db(dir);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "UPDATE sellers SET name = name || '{HOSTILE}', motivation = '{HOSTILE}';
         UPDATE action_items SET title = title || '{HOSTILE}';
         UPDATE meetings SET cancel_reason = '{HOSTILE}' WHERE cancel_reason IS NOT NULL;
         UPDATE agenda_items SET title = title || '{HOSTILE}', notes = 'line one{HOSTILE}\nline two',
                private_notes = '{HOSTILE}';
         UPDATE scorecards SET strength = '{HOSTILE}', focus = '{HOSTILE}';
         UPDATE observations SET text = '{HOSTILE}';"
    ))
    .unwrap();
    db
}

fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect()
}

#[test]
fn stored_terminal_escapes_are_shown_escaped_by_every_text_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path());
    let ana = format!("Ana Ruiz{HOSTILE}");
    let one_on_one = support::one_on_one_id(dir.path(), &db, &ana, "2026-W47");
    let id = one_on_one.to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["today"],
        vec!["week"],
        vec!["week", "--week", "2026-W47"],
        vec!["seller", "list"],
        vec!["actions", "list", "--all"],
        vec!["scores"],
        vec!["review", "--week", "2026-W48"],
        vec!["meeting", "show", &id, "--private"],
        vec!["coach", &id],
        vec!["actions", "add", HOSTILE, "--seller", &ana],
        vec!["agenda", "add", "--seller", &ana, HOSTILE],
    ];
    for command in &commands {
        let mut args = command.clone();
        args.extend(["--db", &db]);
        let out = run(dir.path(), &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(raw_controls(&text), Vec::<char>::new(), "{args:?}:\n{text}");
        assert!(
            text.contains(SHOWN),
            "{args:?} shows the text escaped:\n{text}"
        );
    }
    // Lines of notes stay lines.
    let recap = stdout(&run(dir.path(), &["meeting", "show", &id, "--db", &db]));
    assert!(
        recap.contains(&format!("line one{SHOWN}\nline two")),
        "{recap}"
    );
    // A refusal quoting the name is escaped too.
    let out = run(
        dir.path(),
        &["actions", "add", "x", "--seller", HOSTILE, "--db", &db],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(raw_controls(&stderr(&out)), Vec::<char>::new());
}

#[test]
fn json_and_data_exports_keep_the_stored_text_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path());
    let out = run(
        dir.path(),
        &["actions", "list", "--format", "json", "--db", &db],
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows[0]["title"].as_str().unwrap().ends_with(HOSTILE));
    let csv = stdout(&run(
        dir.path(),
        &["export", "csv", "--table", "actions", "--db", &db],
    ));
    assert!(csv.contains(HOSTILE), "{csv}");
}

#[test]
fn a_device_or_an_oversized_file_given_as_config_or_input_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let started = std::time::Instant::now();
    let out = support::cadence(dir.path())
        .env("CADENCE_CONFIG", "/dev/urandom")
        .args(["week", "--db", &db])
        .output()
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "cadence: /dev/urandom is a device, not a regular file: give the config file as a file\n"
    );

    let big = dir.path().join("big.toml");
    let mut text = "theme = \"light\"\n".to_string();
    text.push_str(&"# padding\n".repeat(110_000));
    std::fs::write(&big, &text).unwrap();
    let out = support::cadence(dir.path())
        .env("CADENCE_CONFIG", &big)
        .args(["week", "--db", &db])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "cadence: {} is too large for a config file ({} bytes): at most 1 MiB is read\n",
            big.display(),
            text.len()
        )
    );

    let before = stdout(&run(dir.path(), &["seller", "list", "--db", &db]));
    for (args, what) in [
        (vec!["import", "roster", "/dev/urandom"], "roster"),
        (vec!["import", "todotxt", "/dev/zero"], "todo.txt file"),
        (vec!["import", "json", "/dev/urandom"], "cadence export"),
        (vec!["rubric", "validate", "/dev/urandom"], "rubric"),
        (vec!["scorecard", "import", "/dev/urandom"], "scorecard"),
    ] {
        let mut args = args;
        let fresh = dir.path().join("fresh.db");
        let target = if args[1] == "json" {
            fresh.to_str().unwrap()
        } else {
            &db
        };
        args.extend(["--db", target]);
        let started = std::time::Instant::now();
        let out = run(dir.path(), &args);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{args:?}"
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!(
                "is a device, not a regular file: give the {what} as a file"
            )),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!fresh.exists());
    }
    let after = stdout(&run(dir.path(), &["seller", "list", "--db", &db]));
    assert_eq!(before, after, "nothing was imported");
}

#[test]
fn a_file_that_is_not_utf8_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let roster = dir.path().join("team.csv");
    std::fs::write(&roster, b"name\nJonas\nJos\xe9\n").unwrap();
    let before = stdout(&run(dir.path(), &["seller", "list", "--db", &db]));
    let out = run(
        dir.path(),
        &["import", "roster", roster.to_str().unwrap(), "--db", &db],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "cadence: {} is not UTF-8 text (line 3): save it as UTF-8 and try again\n",
            roster.display()
        )
    );
    let after = stdout(&run(dir.path(), &["seller", "list", "--db", &db]));
    assert_eq!(before, after);
}

/// Runs a refused command and checks that the seller list and action items did not change.
fn refused_unchanged(dir: &std::path::Path, db: &str, args: &[&str], message: &str) {
    let look = || {
        (
            stdout(&run(dir, &["seller", "list", "--db", db])),
            stdout(&run(dir, &["actions", "list", "--all", "--db", db])),
        )
    };
    let before = look();
    let mut args = args.to_vec();
    args.extend(["--db", db]);
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(message),
        "{args:?}: expected '{message}' in {}",
        stderr(&out)
    );
    assert!(before == look(), "{args:?} changed the data");
}

#[test]
fn names_titles_and_reasons_longer_than_their_limit_are_refused_naming_both_lengths() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let long_name = "N".repeat(101);
    refused_unchanged(
        dir.path(),
        &db,
        &["seller", "add", &long_name],
        "a seller's name may be at most 100 characters; this one has 101",
    );
    let long_title = "t".repeat(2001);
    refused_unchanged(
        dir.path(),
        &db,
        &["actions", "add", &long_title, "--seller", "Ana Ruiz"],
        "an action item's title may be at most 2000 characters; this one has 2001",
    );
    refused_unchanged(
        dir.path(),
        &db,
        &["actions", "drop", "1", "--reason", &"r".repeat(501)],
        "a reason may be at most 500 characters; this one has 501",
    );
    // A 5 MB name in a roster, on its line.
    let roster = dir.path().join("team.csv");
    let huge = "x".repeat(5 << 20);
    std::fs::write(&roster, format!("name\nJonas\n{huge}\n")).unwrap();
    refused_unchanged(
        dir.path(),
        &db,
        &["import", "roster", roster.to_str().unwrap()],
        &format!(
            "line 3: a seller's name may be at most 100 characters; this one has {}",
            5 << 20
        ),
    );
    // The same limits hold for a whole export read back.
    let export = stdout(&run(dir.path(), &["export", "json", "--db", &db]));
    let mut document: serde_json::Value = serde_json::from_str(&export).unwrap();
    document["sellers"][0]["name"] = serde_json::Value::String(long_name.clone());
    let file = dir.path().join("long.json");
    std::fs::write(&file, document.to_string()).unwrap();
    let fresh = dir.path().join("fresh.db");
    let out = run(
        dir.path(),
        &[
            "import",
            "json",
            file.to_str().unwrap(),
            "--db",
            fresh.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "sellers[0].name: a seller's name may be at most 100 characters; this one has 101"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!fresh.exists());
    // At the limit is fine.
    let out = run(
        dir.path(),
        &["seller", "add", &"N".repeat(100), "--db", &db],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_due_date_starting_with_a_dash_is_named_as_not_a_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    refused_unchanged(
        dir.path(),
        &db,
        &[
            "actions",
            "add",
            "Send the deck",
            "--seller",
            "Ana Ruiz",
            "--due",
            "-3d",
        ],
        "'-3d' is not a due date: try 'today', 'tomorrow', 'fri', 'next mon', '+3d', '+2w', '2026-12-04'",
    );
}

/// Runs `week` under a config file of `text`, expecting exactly `message` on stderr.
fn config_refused(text: &str, message: &str, zone_from_config: bool) {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, text).unwrap();
    let mut cmd = support::cadence(dir.path());
    if zone_from_config {
        cmd.env_remove("CADENCE_TZ");
    }
    let out = cmd.args(["week", "--db", &db]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "nothing starts on a refused config");
    let expected = message.replace("CONFIG", &config.display().to_string());
    assert_eq!(stderr(&out), format!("cadence: {expected}\n"));
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        text,
        "the file is untouched"
    );
}

#[test]
fn a_negative_meeting_length_in_the_config_is_named_in_plain_words() {
    config_refused(
        "[meeting_minutes]\none_on_one = -5\n",
        "CONFIG, line 2, column 14: meeting_minutes.one_on_one is -5: expected whole minutes \
         from 1 to 600. `cadence config init --print` shows every key with its default",
        false,
    );
}

#[test]
fn a_week_start_that_is_a_number_is_named_in_plain_words() {
    config_refused(
        "week_start = 7\n",
        "CONFIG, line 1, column 14: week_start is 7: expected \"monday\" or \"sunday\". \
         `cadence config init --print` shows every key with its default",
        false,
    );
}

#[test]
fn an_unknown_time_zone_in_the_config_is_named_with_its_line() {
    config_refused(
        "# my settings\ntime_zone = \"Mars/Olympus\"\n",
        "unknown time zone 'Mars/Olympus' in CONFIG, line 2: expected an IANA name such as \
         Europe/Berlin or America/New_York",
        true,
    );
}

#[test]
fn a_roster_name_of_only_spaces_is_refused_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let roster = dir.path().join("team.csv");
    std::fs::write(&roster, "name\nJonas\n   \n").unwrap();
    refused_unchanged(
        dir.path(),
        &db,
        &["import", "roster", roster.to_str().unwrap()],
        &format!(
            "{}: line 3: the name is empty or only spaces: give each seller a name, or remove the row",
            roster.display()
        ),
    );
}

#[test]
fn a_negative_rubric_weight_inside_an_imported_export_is_refused_by_the_rubric_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let export = stdout(&run(dir.path(), &["export", "json", "--db", &db]));
    let mut document: serde_json::Value = serde_json::from_str(&export).unwrap();
    document["rubric_versions"][0]["body"]["criteria"][0]["weight"] = serde_json::json!(-2);
    let file = dir.path().join("negative.json");
    std::fs::write(&file, document.to_string()).unwrap();
    let fresh = dir.path().join("fresh.db");
    let out = run(
        dir.path(),
        &[
            "import",
            "json",
            file.to_str().unwrap(),
            "--db",
            fresh.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "cadence: {}: rubric_versions[0].body: criterion 'agenda': weight -2 is not positive: \
             expected a number above 0, such as 1 or 1.5; nothing was imported\n",
            file.display()
        )
    );
    assert!(!fresh.exists(), "nothing was created");
}

#[test]
fn a_value_another_program_wrote_is_named_by_its_table_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE action_items SET due_on = 'soon' WHERE id = 3", [])
        .unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    let out = run(dir.path(), &["actions", "list", "--db", &db]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "cadence: {db}: action_items row 3: unreadable date 'soon'. Another program wrote a \
             value cadence cannot read: correct that row (with sqlite3), or restore a backup \
             (`cadence doctor` lists them)\n"
        )
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was changed");
}

/// The display cells before `marker` on `line`: where a column starts as the eye sees it.
fn column_of(line: &str, marker: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    let at = line
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} in {line:?}"));
    line[..at].width()
}

#[test]
fn a_name_holding_an_escape_keeps_the_columns_of_a_listing_in_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE sellers SET name = 'Ana' || char(27) || 'Ruiz' WHERE name = 'Ana Ruiz'",
        [],
    )
    .unwrap();
    drop(conn);

    let sellers = stdout(&run(dir.path(), &["seller", "list", "--db", &db]));
    let starts: Vec<usize> = sellers.lines().map(|l| column_of(l, " started ")).collect();
    assert!(sellers.contains("Ana\\u{1b}Ruiz"), "{sellers}");
    assert!(
        starts.iter().all(|&s| s == starts[0]),
        "{starts:?}\n{sellers}"
    );

    let actions = stdout(&run(dir.path(), &["actions", "list", "--all", "--db", &db]));
    let rows: Vec<&str> = actions.lines().filter(|l| l.starts_with(" ")).collect();
    let owners: Vec<usize> = rows
        .iter()
        .map(|l| {
            column_of(
                l,
                if l.contains(" manager ") {
                    " manager "
                } else {
                    " seller "
                },
            )
        })
        .collect();
    assert!(
        rows.iter().any(|l| l.contains("Ana\\u{1b}Ruiz")),
        "{actions}"
    );
    assert!(owners.len() > 2, "{actions}");
    assert!(
        owners.iter().all(|&o| o == owners[0]),
        "{owners:?}\n{actions}"
    );
}

/// For each table: what another program writes there, the command that reads it, and the
/// row cadence must name.
const UNREADABLE_ROWS: &[(&str, &[&str], &str)] = &[
    (
        "UPDATE sellers SET started_on = 'someday' WHERE id = 2",
        &["seller", "list"],
        "sellers row 2: unreadable start date 'someday'",
    ),
    (
        "UPDATE cadence_rules SET local_time = 'noonish' WHERE id = 1",
        &["week", "--week", "2027-W10"],
        "cadence_rules row 1: unreadable time 'noonish'",
    ),
    (
        "UPDATE one_on_ones SET ended_at = 'later' WHERE meeting_id = 9",
        &["meeting", "show", "9"],
        "one_on_ones row 9: unreadable instant 'later'",
    ),
    (
        "UPDATE agenda_items SET carried_from = 'someday' WHERE id = 2",
        &["meeting", "show", "9"],
        "agenda_items row 2: unreadable date 'someday'",
    ),
    (
        "UPDATE scorecards SET started_at = 'yesterday' WHERE id = 1",
        &["scores"],
        "scorecards row 1: unreadable instant 'yesterday'",
    ),
    (
        "UPDATE scorecards SET finished_at = 'soon' WHERE id = 1",
        &["scorecard", "export", "1"],
        "scorecards row 1: unreadable instant 'soon'",
    ),
    (
        "UPDATE scores SET evidence = x'07' WHERE scorecard_id = 1 AND criterion = \
         (SELECT min(criterion) FROM scores WHERE scorecard_id = 1)",
        &["scorecard", "export", "1"],
        "scores row (1, '",
    ),
    (
        "UPDATE observations SET at_seconds = 'late' WHERE id = 1",
        &["scorecard", "export", "1"],
        "observations row 1: at_seconds holds Text",
    ),
    (
        "UPDATE app_state SET value = x'00' WHERE key = 'rules_version'",
        &["week", "--week", "2027-W10"],
        "app_state row rules_version: value holds Blob",
    ),
];

#[test]
fn a_value_another_program_wrote_in_any_table_is_named_by_its_table_and_row() {
    for (sql, command, named) in UNREADABLE_ROWS {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let conn = rusqlite::Connection::open(&db).unwrap();
        assert_eq!(conn.execute(sql, []).unwrap(), 1, "{sql}");
        drop(conn);
        let before = std::fs::read(&db).unwrap();
        let mut args = command.to_vec();
        args.extend(["--db", &db]);
        let out = run(dir.path(), &args);
        let said = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(
            said.starts_with(&format!("cadence: {db}: {named}")),
            "{args:?} after {sql}: {said}"
        );
        assert!(said.contains("Another program wrote a value"), "{said}");
        assert_eq!(said.lines().count(), 1, "{said}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{sql}: nothing changed"
        );
    }
}

/// The history of an action item is read by the cockpit alone: read here the way it does.
#[test]
fn an_unreadable_change_in_an_action_items_history_is_named_by_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (change, action): (i64, i64) = conn
        .query_row(
            "SELECT id, action_id FROM action_changes WHERE what != 'add' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute(
        "UPDATE action_changes SET at = 'whenever' WHERE id = ?1",
        [change],
    )
    .unwrap();
    drop(conn);
    let store = cadence::store::Store::open(std::path::Path::new(&db)).unwrap();
    let error = store.action_history(action).unwrap_err().to_string();
    assert!(
        error.contains(&format!(
            "action_changes row {change}: unreadable instant 'whenever'"
        )),
        "{error}"
    );
}

/// The team as the cockpit reads it on every start: read here the way it does.
#[test]
fn an_unreadable_seller_name_is_named_by_its_row_where_the_cockpit_reads_the_team() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE sellers SET name = x'416e61' WHERE id = 3", [])
        .unwrap();
    drop(conn);
    let store = cadence::store::Store::open(std::path::Path::new(&db)).unwrap();
    let err = store.seller_refs().unwrap_err().to_string();
    assert!(err.contains("sellers row 3: "), "{err}");
}
