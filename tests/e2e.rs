//! The real binary in a pseudo-terminal, read back through a vt100 screen parser.

mod support;

use support::pty::Session;

#[test]
fn demo_shows_the_team_pages_weeks_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["--demo"], 160, 40);
    s.wait_for_text("2026-W48, Nov 23 - 29");
    // All four panes at 160x40, and the sellers' names in the calendar.
    for text in ["Ana Ruiz", "Chloe Park", "Hugo Martin", "4 Actions"] {
        s.wait_for_text(text);
    }
    s.send("]");
    s.wait_for_text("2026-W49, Nov 30 - Dec 6");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    assert!(!s.screen.screen().alternate_screen(), "terminal restored");
}

#[test]
fn a_canceled_meeting_and_a_new_rule_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.wait_for_text("canceled 1 ·");
    // Today's first meeting is selected: cancel it with a reason.
    s.send("c");
    s.wait_for_text("Reason");
    s.send("Board prep ran over");
    s.send("\r");
    s.wait_for_text("canceled 2 ·");
    // The cadence builder: add a rule with the defaults (a weekly 1:1 with Ana, Mon 10:00).
    s.send("C");
    s.wait_for_text("Cadence builder");
    s.send("a");
    s.wait_for_text("Add cadence rule");
    s.send("\r");
    s.wait_for_text("Cadence rule saved");
    close_builder(&mut s);
    s.send("q");
    assert_eq!(s.exit_code(), 0);

    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.wait_for_text("canceled 2 ·");
    s.send("C");
    s.wait_for_text("Cadence builder");
    // Both of Ana's weekly 1:1 rules are listed: the demo's and the one added before.
    s.wait_for("two weekly rules for Ana", |screen| {
        screen
            .lines()
            // A builder row starts at its border; the actions pane may name Ana on the same line.
            .filter(|l| l.contains("│Ana Ruiz") && l.contains("weekly on"))
            .count()
            == 2
    });
    close_builder(&mut s);
    s.send("\x03"); // Ctrl-C quits too
    assert_eq!(s.exit_code(), 0);

    let week = support::run(dir.path(), &["week", "--db", &db, "--format", "json"]);
    let text = support::stdout(&week);
    assert!(text.contains("Board prep ran over"), "{text}");
}

/// Esc, then wait: a key sent right after Esc would read as Alt and that key.
fn close_builder(s: &mut Session) {
    s.send("\x1b");
    s.wait_for("the builder to close", |screen| {
        !screen.contains("Cadence builder")
    });
}

#[test]
fn a_tiny_terminal_asks_to_be_bigger_then_draws_when_resized() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["--demo"], 40, 10);
    s.wait_for_text("make me bigger");
    s.resize(100, 30);
    s.wait_for_text("2026-W48");
    s.wait_for_text("1 Week");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn sigterm_closes_the_cockpit_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut s = Session::start(dir.path(), &["--db", &db], 100, 30);
    s.wait_for_text("Adherence");
    s.signal(libc::SIGTERM);
    assert_eq!(s.exit_code(), 0);
    assert!(!s.screen.screen().alternate_screen(), "terminal restored");
    // Closed properly: the session is recorded as closed.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let session: String = conn
        .query_row(
            "SELECT value FROM app_state WHERE key = 'session'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(session, "closed");
}

#[test]
fn a_file_that_is_not_a_database_stops_before_the_cockpit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "not a database").unwrap();
    let mut s = Session::start(dir.path(), &["--db", path.to_str().unwrap()], 100, 30);
    let code = s.exit_code();
    assert_eq!(code, 1);
    assert!(
        s.contents().contains("is not a cadence database"),
        "{}",
        s.contents()
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a database");
}

#[test]
fn a_1_1_survives_kill_9_mid_note_and_mid_landing_and_lands_with_an_action_and_a_rating() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.wait_for_text("Adherence");
    // Next week, Monday, the second meeting: Ana's 1:1.
    s.send("]");
    s.wait_for_text("2026-W49");
    s.send("hhhhj\r");
    s.wait_for_text("What is this 1:1 for?");
    s.send("jjj \r"); // coaching
    s.wait_for_text("carried ×2 from Nov 16");
    s.send(" "); // the timer starts
    s.wait_for_text("▶ 00:0");
    s.send("i");
    s.wait_for_text("Esc when done");
    s.send("Budget approved for Q1");
    s.wait_for_text("Budget approved for Q1");
    // Once the status bar says saved, SIGKILL, which no program can catch or clean up after.
    s.wait_for("the notes saved", |screen| {
        screen.contains("Budget approved for Q1") && screen.contains("✓ saved")
    });
    s.signal(libc::SIGKILL);
    s.exit_code();

    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.wait_for_text("Resumed your 1:1 with Ana Ruiz");
    s.wait_for_text("Budget approved for Q1");
    s.wait_for("the timer running", |screen| {
        screen.contains("▶ 00:0") || screen.contains("▶ 00:1")
    });
    // Land it: one action due Friday, rated 4.
    s.send("e");
    s.wait_for_text("Land the 1:1");
    s.send("a");
    s.wait_for_text("Add action item");
    s.send("Share the territory map with ops\t\tfri\r");
    s.wait_for_text("Share the territory map with ops (Ana Ruiz, due Fri Dec 4)");
    s.send("4");
    s.wait_for_text("Ready: Enter lands");
    // Killed again in the middle of the landing: what was entered is kept. The landing's
    // draft is written before the frame that shows it is drawn.
    s.signal(libc::SIGKILL);
    s.exit_code();
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.wait_for_text("Resumed your 1:1 with Ana Ruiz");
    s.send("e");
    s.wait_for_text("Share the territory map with ops (Ana Ruiz, due Fri Dec 4)");
    s.wait_for_text("Ready: Enter lands");
    s.send("\r");
    s.wait_for_text("Landed");
    s.send("q");
    assert_eq!(s.exit_code(), 0);

    let id = support::one_on_one_id(dir.path(), &db, "Ana Ruiz", "2026-W49").to_string();
    let recap = support::run(dir.path(), &["meeting", "show", &id, "--db", &db]);
    let text = support::stdout(&recap);
    assert!(text.contains("Budget approved for Q1"), "{text}");
    assert!(
        text.contains("- [ ] Share the territory map with ops (Ana Ruiz, due Fri Dec 4)"),
        "{text}"
    );
    assert!(text.contains("Ana Ruiz rated the meeting 4/5"), "{text}");
}

#[test]
fn actions_are_closed_redated_and_undone_across_a_restart_then_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut s = Session::start(dir.path(), &["--db", &db], 120, 30);
    s.wait_for_text("1 Week");
    s.send("4");
    s.wait_for_text("Showing open · sort due · 11 items");
    s.send("!");
    s.wait_for_text("Showing open · overdue");
    // Done, then undone.
    s.send("x");
    s.wait_for_text("Marked done 1 item (u undoes)");
    s.wait_for_text("6 items");
    s.send("u");
    s.wait_for_text("Undone: marked done \"Send the Northwind mutual action plan draft\"");
    s.wait_for_text("7 items");
    // Two rows marked, one new date for both.
    s.send("mm>");
    s.wait_for_text("New due date for 2 marked items");
    s.send("+3d\r");
    s.wait_for_text("New due date for 2 items (u undoes)");
    s.wait_for_text("5 items");
    s.send("q");
    assert_eq!(s.exit_code(), 0);

    // The journal is in the database: undo works after a restart.
    let mut s = Session::start(dir.path(), &["--db", &db], 120, 30);
    s.wait_for_text("1 Week");
    s.send("4");
    s.wait_for_text("11 items");
    s.send("u");
    s.wait_for_text("Undone: moved the due date of 2 items");
    s.send("\x12"); // Ctrl-R redoes it
    s.wait_for_text("Redone: moved the due date of 2 items");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    let out = support::run(
        dir.path(),
        &[
            "actions",
            "list",
            "--overdue",
            "--format",
            "json",
            "--db",
            &db,
        ],
    );
    let overdue: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        overdue.as_array().unwrap().len(),
        5,
        "two items moved to Nov 30"
    );

    // The review, straight from the command line (the two items moved to next week are not
    // in it): done on the first item, then the summary.
    let mut s = Session::start(dir.path(), &["review", "--db", &db], 120, 40);
    s.wait_for_text("Item 1 of 7 · overdue");
    s.send("x");
    s.wait_for_text("Item 2 of 7 · overdue · 1 decided");
    s.send("s");
    s.wait_for_text("You walked 1 of 7 action items.");
    s.wait_for_text("Action items: opened");
    s.send("\x1b");
    s.wait_for("the review to close", |screen| {
        !screen.contains("End-of-week review")
    });
    s.send("q");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn a_call_is_scored_live_finished_and_read_back_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mut s = Session::start(dir.path(), &["--db", &db], 120, 30);
    s.wait_for_text("1 Week");
    // Between calls the pane shows the team; n starts scoring (Ana, the discovery call).
    s.send("3");
    s.wait_for_text("4w/12w");
    s.send("n");
    s.wait_for_text("Score a call");
    s.send("\r");
    s.wait_for_text("Ana Ruiz · Discovery call v1 · call 00:0");
    s.send("4");
    s.wait_for_text("4 Strong");
    s.send("j0");
    s.wait_for_text("not observed");
    s.send("j2");
    s.wait_for_text("2 Emerging");
    s.send("o");
    s.wait_for_text("Observation at 00:");
    s.send("Asked why now, twice\r");
    s.wait_for_text("Asked why now, twice");
    s.send("t");
    s.wait_for_text("you took over");
    s.send("e");
    s.wait_for_text("Finish: Ana Ruiz scored");
    s.send("\r");
    s.wait_for_text("Scorecard 18 kept");
    s.send("q");
    assert_eq!(s.exit_code(), 0);

    let out = support::run(
        dir.path(),
        &[
            "scores", "--seller", "Ana Ruiz", "--format", "json", "--db", &db,
        ],
    );
    assert!(out.status.success(), "{}", support::stderr(&out));
    let cards: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let card = &cards[0];
    assert_eq!(card["rubric"], "discovery-call");
    assert_eq!(card["criteria"]["agenda"], 4);
    assert_eq!(card["criteria"]["insight"], "not_observed");
    assert_eq!(card["criteria"]["questions"], 2);
    // (1 x 4 + 2 x 2) / 3, not observed left out.
    assert_eq!(card["score"], 2.67);
    assert_eq!(card["observations"], 1);
    assert_eq!(card["took_over"], true);
    assert_eq!(card["strength"], "agenda");
    assert_eq!(card["focus"], "questions", "the lowest is suggested");
    // The focus area became a coaching action for Ana.
    let actions = support::run(
        dir.path(),
        &[
            "actions", "list", "--seller", "Ana Ruiz", "--format", "json", "--db", &db,
        ],
    );
    let text = support::stdout(&actions);
    assert!(
        text.contains("Practise: Asks multi-layered questions"),
        "{text}"
    );
}

#[test]
fn ctrl_e_hands_the_notes_to_the_editor_and_keeps_what_it_wrote() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    // A stand-in editor: appends a line to the file it is given, as the last argument.
    let editor = dir.path().join("stub editor");
    std::fs::write(
        &editor,
        "#!/bin/sh\nfor f; do :; done\nprintf '%s\\n' 'Written in the editor' >> \"$f\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Quoted, with an argument: split into words, never handed to a shell.
    let command = format!("'{}' --wait", editor.display());
    let mut s = Session::start_with(dir.path(), &["--db", &db], 160, 40, &[("EDITOR", &command)]);
    s.write_notes_in_anas_next_1_1(false);
    s.send("Budget approved");
    s.wait_for_text("Budget approved");
    s.send("\x05"); // Ctrl-e
    s.wait_for_text("Written in the editor");
    s.send("\x1b");
    // An Esc followed at once by a key reads as Alt and that key.
    s.wait_for("the notes closed", |screen| {
        !screen.contains("Esc when done")
    });
    s.send("q");
    assert_eq!(s.exit_code(), 0);

    let id = support::one_on_one_id(dir.path(), &db, "Ana Ruiz", "2026-W49").to_string();
    let recap = support::stdout(&support::run(
        dir.path(),
        &["meeting", "show", &id, "--db", &db],
    ));
    assert!(
        recap.contains("Budget approved\nWritten in the editor")
            || recap.contains("Budget approved\n  Written in the editor"),
        "{recap}"
    );
}

#[test]
fn a_key_rebound_in_the_config_works_and_a_broken_config_stops_the_cockpit() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    std::fs::write(
        dir.path().join("config.toml"),
        "[keys.week]\nnext_week = \"n\"\n",
    )
    .unwrap();
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    s.wait_for_text("Adherence");
    s.send("n");
    s.wait_for_text("2026-W49");
    s.send("?");
    s.wait_for("the help showing n for next week", |screen| {
        screen.lines().any(|l| l.contains(" n  next week"))
    });
    s.send("q");
    s.send("q");
    assert_eq!(s.exit_code(), 0);

    std::fs::write(
        dir.path().join("config.toml"),
        "[keys.week]\nnext_week = \"n\"\nprevious_week = \"n\"\n",
    )
    .unwrap();
    let mut s = Session::start(dir.path(), &["--db", &db], 160, 40);
    assert_eq!(s.exit_code(), 2);
    let screen = s.contents();
    assert!(
        screen.contains("next_week") && screen.contains("previous_week"),
        "{screen}"
    );
}

/// A stand-in editor that writes down the path it was given and that file's mode, into
/// `record`, and adds a line to the file.
fn recording_editor(dir: &std::path::Path, record: &std::path::Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    let editor = dir.join("recording-editor");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{0}'\nstat -c %a \"$1\" >> '{0}'\n\
             printf '%s\\n' 'Written in the editor' >> \"$1\"\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    editor.display().to_string()
}

/// Runs one Ctrl-e hand-off in Ana's next 1:1 and returns the path the editor was given
/// and its mode then.
fn hand_notes_to_the_editor(
    dir: &std::path::Path,
    runtime_dir: &str,
) -> (std::path::PathBuf, String) {
    let db = support::demo_db(dir);
    let record = dir.join("record");
    let editor = recording_editor(dir, &record);
    let env = [
        ("EDITOR", editor.as_str()),
        ("XDG_RUNTIME_DIR", runtime_dir),
    ];
    let mut s = Session::start_with(dir, &["--db", &db], 160, 40, &env);
    s.write_notes_in_anas_next_1_1(false);
    s.send("\x05"); // Ctrl-e
    s.wait_for_text("Written in the editor");
    s.send("\x1b");
    s.wait_for("the notes closed", |screen| {
        !screen.contains("Esc when done")
    });
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    let recorded = std::fs::read_to_string(&record).unwrap();
    let mut lines = recorded.lines();
    let path = std::path::PathBuf::from(lines.next().unwrap());
    (path, lines.next().unwrap_or_default().to_string())
}

#[test]
fn the_editor_gets_the_notes_in_a_private_file_beside_the_database_never_in_tmp() {
    let dir = tempfile::tempdir().unwrap();
    // No runtime directory (an empty one is ignored, as the XDG spec says).
    let (path, mode) = hand_notes_to_the_editor(dir.path(), "");
    assert_eq!(path.parent(), Some(dir.path()), "{}", path.display());
    assert_eq!(mode, "600");
    assert!(!path.exists(), "removed once the editor is done");
}

#[test]
fn the_editor_gets_the_notes_in_the_runtime_directory_when_there_is_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (path, mode) = hand_notes_to_the_editor(dir.path(), runtime.to_str().unwrap());
    assert_eq!(path.parent(), Some(runtime.as_path()), "{}", path.display());
    assert_eq!(mode, "600");
    assert!(!path.exists(), "removed once the editor is done");
}

#[test]
fn notes_left_for_the_editor_by_a_killed_cockpit_are_removed_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    // Above the kernel's largest process id: a cockpit that is certainly gone.
    let leftover = dir.path().join("cadence-notes-4194305-Ab12Cd.md");
    std::fs::write(&leftover, "private notes of a killed run").unwrap();
    // One of a process that still runs (this test), as another cockpit's would be.
    let running = dir
        .path()
        .join(format!("cadence-notes-{}-Ef34Gh.md", std::process::id()));
    std::fs::write(&running, "another cockpit's notes, being edited").unwrap();
    let other = dir.path().join("cadence-notes.md");
    std::fs::write(&other, "the manager's own file").unwrap();
    let mut s = Session::start_with(
        dir.path(),
        &["--db", &db],
        160,
        40,
        &[("XDG_RUNTIME_DIR", "")],
    );
    s.wait_for_text("Adherence");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    assert!(!leftover.exists(), "the killed run's notes are removed");
    assert!(running.exists(), "a running cockpit's file is left");
    assert!(other.exists(), "a file cadence did not make is left");
}
