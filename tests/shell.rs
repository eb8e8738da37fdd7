//! What a terminal user's shell gets from cadence: `today` for the start-up file, the
//! config file's place and a commented one to start from, completions and the man page.

mod support;

use support::{demo_db, run, stderr, stdout};

#[test]
fn today_lists_todays_meetings_and_what_is_due_or_late() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = run(dir.path(), &["today", "--db", &db]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // Friday of 2026-W48 in Berlin: the pipeline review and Grace's joint call.
    assert_eq!(lines[0], "Fri Nov 27 · week 2026-W48");
    assert!(text.contains("11:00 ○ Pipeline review, 45 min"), "{text}");
    assert!(
        text.contains("14:00 ○ Joint call with Grace Liu, 45 min"),
        "{text}"
    );
    assert!(text.contains("Action items due today or late:"), "{text}");
    assert!(
        text.contains("! 21d late Send the Northwind mutual action plan draft (Ana Ruiz)"),
        "{text}"
    );
    assert!(text.contains("today    Book a joint call"), "{text}");
    // Friday is the default review day.
    assert!(
        text.contains("The end-of-week review is due today"),
        "{text}"
    );
    assert!(lines.len() <= 24, "one screen: {} lines", lines.len());

    // Another review day, and a date format of the manager's.
    std::fs::write(
        dir.path().join("config.toml"),
        "review_day = \"monday\"\ndate_format = \"%Y-%m-%d\"\n",
    )
    .unwrap();
    let text = stdout(&run(dir.path(), &["today", "--db", &db]));
    assert!(text.starts_with("2026-11-27 · week 2026-W48"), "{text}");
    assert!(!text.contains("review is due"), "{text}");
}

#[test]
fn today_on_an_empty_database_says_there_is_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    drop(cadence::store::Store::open(&db).expect("an empty database"));
    let text = stdout(&run(dir.path(), &["today", "--db", db.to_str().unwrap()]));
    assert!(text.contains("No meetings today."), "{text}");
    assert!(
        text.contains("No action items due today or late."),
        "{text}"
    );
}

#[test]
fn config_init_writes_every_key_commented_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let out = run(dir.path(), &["config", "path"]);
    assert_eq!(stdout(&out).trim(), path.display().to_string());
    let out = run(dir.path(), &["config", "init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(&path).unwrap();
    for key in [
        "# week_start = \"monday\"",
        "# working_hours = \"08:00-18:00\"",
        "# review_day = \"friday\"",
        "# theme = \"dark\"",
        "# date_format = \"%a %b %-d\"",
        "# one_on_one = 30",
        "# item_warning_minutes = 2",
        "# [keys.week]",
        "# next_week = \"]\"",
    ] {
        assert!(written.contains(key), "{key} in\n{written}");
    }
    // A commented file changes nothing: the cockpit's commands still run on it.
    assert!(run(dir.path(), &["seller", "add", "Maya"]).status.success());
    assert!(run(dir.path(), &["week"]).status.success());
    std::fs::write(&path, "theme = \"light\"\n").unwrap();
    let out = run(dir.path(), &["config", "init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("exists already"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "theme = \"light\"\n"
    );
    let printed = stdout(&run(dir.path(), &["config", "init", "--print"]));
    assert_eq!(printed, written);
    assert!(
        run(dir.path(), &["config", "init", "--force"])
            .status
            .success()
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
}

#[test]
fn config_problems_are_named_by_line_and_column_and_nothing_starts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    for (text, place) in [
        ("theme = \"dark\"\ncolour = \"red\"\n", "line 2, column 1"),
        (
            "[timer]\nitem_warning_minutes = \"two\"\n",
            "line 2, column 24",
        ),
        ("week_start = [\n", "line 1, column 15: unclosed array"),
        (
            "[keys.week]\nnext_week = \"n\"\nprevious_week = \"n\"\n",
            "line 3",
        ),
    ] {
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        let out = run(dir.path(), &["today", "--db", db.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(stderr(&out).contains(place), "{text}: {}", stderr(&out));
        assert!(!db.exists(), "nothing was created for {text}");
    }
}

#[test]
fn completions_and_the_man_page_know_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = run(dir.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = stdout(&out);
        for command in ["today", "review", "export", "scorecard", "completions"] {
            assert!(script.contains(command), "{shell} completes {command}");
        }
    }
    let man = stdout(&run(dir.path(), &["man"]));
    assert!(man.contains(".TH cadence 1"), "{man}");
    for command in ["today", "actions", "rubric", "config"] {
        assert!(man.contains(command), "the man page names {command}");
    }
    let out = run(dir.path(), &["completions", "powershell"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bash"), "{}", stderr(&out));
}
