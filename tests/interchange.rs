//! Files to and from other tools, from the real binary: calendars read back with an
//! independent iCalendar parser, spreadsheets, taskwarrior and todo.txt round trips, rosters.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use support::{demo_db, refused, run, stderr, stdout};

/// An event as a calendar app sees it: UID -> (DTSTART, DTEND, SUMMARY, STATUS).
type Events = BTreeMap<String, (String, String, String, String)>;

fn events(ics: &str) -> Events {
    let mut parser = ical::IcalParser::new(ics.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(parser.next().is_none(), "one calendar only");
    calendar
        .events
        .iter()
        .map(|e| {
            let get = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_else(|| panic!("an event without {name}"))
            };
            (
                get("UID"),
                (get("DTSTART"), get("DTEND"), get("SUMMARY"), get("STATUS")),
            )
        })
        .collect()
}

fn ics(dir: &Path, db: &str, weeks: &str) -> Events {
    let out = run(dir, &["export", "ics", "--db", db, "--weeks", weeks]);
    assert!(out.status.success(), "{}", stderr(&out));
    events(&stdout(&out))
}

fn utc(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

#[test]
fn help_names_the_export_and_import_formats() {
    let dir = tempfile::tempdir().unwrap();
    let export = stdout(&run(dir.path(), &["export", "--help"]));
    let import = stdout(&run(dir.path(), &["import", "--help"]));
    for format in ["ics", "csv", "taskwarrior", "todotxt"] {
        assert!(
            export.contains(format),
            "export --help lacks {format}:\n{export}"
        );
    }
    for format in ["taskwarrior", "todotxt", "roster"] {
        assert!(
            import.contains(format),
            "import --help lacks {format}:\n{import}"
        );
    }
}

#[test]
fn the_calendar_has_this_weeks_meetings_in_utc_with_canceled_ones_marked() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let events = ics(dir.path(), &db, "1");
    let week = run(dir.path(), &["week", "--db", &db, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&week.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(
        events.len(),
        rows.len(),
        "one event per meeting of the week"
    );
    for row in rows {
        let start = utc(row["start"].as_str().unwrap());
        let found: Vec<_> = events.values().filter(|e| e.0 == start).collect();
        assert!(!found.is_empty(), "no event at {start}");
        let status = if matches!(row["status"].as_str(), Some("canceled" | "rescheduled")) {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        assert!(found.iter().any(|e| e.3 == status), "{row}: {found:?}");
    }
    let ana = events
        .values()
        .find(|e| e.2 == "1:1 with Ana Ruiz")
        .expect("Ana's 1:1 by name");
    // The demo's 1:1s last 30 minutes: the end is exact, in UTC.
    assert!(ana.0.ends_with('Z') && ana.1.ends_with('Z'), "{ana:?}");
    assert!(events.values().any(|e| e.2 == "Team meeting"));
    assert!(events.values().any(|e| e.3 == "CANCELLED"));
    assert!(events.keys().all(|uid| uid.ends_with("@cadence")));
}

#[test]
fn calendar_uids_stay_the_same_across_exports_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = ics(dir.path(), &db, "2");
    // Other changes in between: a new action item, another export's range.
    let added = run(
        dir.path(),
        &[
            "actions",
            "add",
            "Call back",
            "--seller",
            "Ana Ruiz",
            "--db",
            &db,
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let after = ics(dir.path(), &db, "4");
    assert!(after.len() > before.len());
    for (uid, event) in &before {
        assert_eq!(after.get(uid), Some(event), "{uid} changed or went");
    }
    let file = dir.path().join("cadence.ics");
    let out = run(
        dir.path(),
        &[
            "export",
            "ics",
            "--db",
            &db,
            "--weeks",
            "2",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(stdout(&out).starts_with(&format!("Wrote {} meetings", before.len())));
    assert_eq!(events(&std::fs::read_to_string(&file).unwrap()), before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_changed_rule_cancels_the_events_it_no_longer_has_and_adds_its_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = ics(dir.path(), &db, "4");
    // The builder moves Ana's 1:1 to 15:00 from now on (the cockpit's way, through the store).
    let now: chrono::DateTime<chrono::Utc> = support::NOW.parse().unwrap();
    let zone: cadence::zone::Zone = support::ZONE.parse().unwrap();
    {
        let mut store = cadence::store::Store::open(Path::new(&db)).unwrap();
        let rule = store
            .rules(now)
            .unwrap()
            .into_iter()
            .find(|r| {
                r.kind == cadence::domain::Kind::OneOnOne
                    && r.seller.as_ref().is_some_and(|s| s.name == "Ana Ruiz")
            })
            .unwrap();
        let draft = cadence::store::RuleDraft {
            id: Some(rule.id),
            seller_id: rule.seller.as_ref().map(|s| s.id),
            kind: rule.kind,
            frequency: rule.recurrence.frequency,
            weekday: rule.recurrence.weekday,
            time: chrono::NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
            minutes: rule.minutes,
        };
        store.save_rule(&draft, zone, now).unwrap();
    }
    let after = ics(dir.path(), &db, "4");
    let ana = |events: &Events, status: &str| -> Vec<(String, String)> {
        events
            .iter()
            .filter(|(_, e)| e.2 == "1:1 with Ana Ruiz" && e.3 == status && e.0 > utc(support::NOW))
            .map(|(uid, e)| (uid.clone(), e.0.clone()))
            .collect()
    };
    let old = ana(&before, "CONFIRMED");
    assert!(old.len() >= 3, "{old:?}");
    // Every old event is still there under its UID and time, now canceled...
    assert_eq!(ana(&after, "CANCELLED"), old);
    // ...and the new ones are at 15:00 in Berlin (14:00 UTC in winter), under new UIDs.
    let new = ana(&after, "CONFIRMED");
    assert_eq!(new.len(), old.len());
    for (uid, start) in &new {
        assert!(start.ends_with("T140000Z"), "{start}");
        assert!(!before.contains_key(uid), "{uid} is reused");
    }
    // Everyone else's events are untouched.
    for (uid, event) in &before {
        if event.2 != "1:1 with Ana Ruiz" {
            assert_eq!(after.get(uid), Some(event), "{uid}");
        }
    }
}

#[test]
fn a_calendar_of_no_weeks_or_too_many_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    refused(
        dir.path(),
        &["export", "ics", "--db", &db, "--weeks", "0"],
        "1..=52",
    );
    refused(
        dir.path(),
        &["export", "ics", "--db", &db, "--weeks", "53"],
        "1..=52",
    );
}

#[test]
fn spreadsheet_cells_that_would_run_as_formulas_are_neutralised_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let title = "=HYPERLINK(\"http://x\",\"win\")";
    let added = run(
        dir.path(),
        &["actions", "add", title, "--seller", "Ana Ruiz", "--db", &db],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let list = stdout(&run(
        dir.path(),
        &["actions", "list", "--db", &db, "--format", "csv"],
    ));
    let export = stdout(&run(
        dir.path(),
        &["export", "csv", "--table", "actions", "--db", &db],
    ));
    for text in [&list, &export] {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(&reader.headers().unwrap()[1], "title");
        let titles: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[1].to_string())
            .collect();
        assert!(titles.contains(&format!("'{title}")), "{titles:?}");
        assert!(!titles.iter().any(|t| t.starts_with('=')));
    }
    // The export has every item, done and dropped too; the list only the open ones.
    assert!(export.lines().count() > list.lines().count());
}

#[test]
fn scores_and_meetings_export_as_tables_with_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let scores = stdout(&run(
        dir.path(),
        &["export", "csv", "--table", "scores", "--db", &db],
    ));
    assert!(scores.starts_with("id,seller,assessor,rubric,version,started,score,"));
    assert!(scores.lines().count() > 5, "{scores}");
    let one = stdout(&run(
        dir.path(),
        &[
            "export", "csv", "--table", "meetings", "--weeks", "1", "--db", &db,
        ],
    ));
    let twelve = stdout(&run(
        dir.path(),
        &["export", "csv", "--table", "meetings", "--db", &db],
    ));
    assert!(one.starts_with("id,seller,kind,start,minutes,status,cancel_reason,rescheduled_to\n"));
    assert!(
        one.contains(",canceled,") && one.contains(",held,"),
        "{one}"
    );
    assert!(twelve.lines().count() > 5 * one.lines().count() as usize / 2);
}

/// A fresh database with the demo's sellers, added from a roster.
fn team_only(dir: &Path, demo: &str) -> String {
    let names = stdout(&run(dir, &["seller", "list", "--db", demo]));
    let mut roster = String::from("Name,E-mail,Start date\n");
    for line in names.lines() {
        let name: Vec<&str> = line.split_whitespace().take(2).collect();
        roster.push_str(&format!("{},,\n", name.join(" ")));
    }
    let file = dir.join("roster.csv");
    std::fs::write(&file, roster).unwrap();
    let fresh = dir.join("fresh.db").to_str().unwrap().to_string();
    let out = run(
        dir,
        &["import", "roster", file.to_str().unwrap(), "--db", &fresh],
    );
    assert!(
        stdout(&out).starts_with("Added 8 sellers"),
        "{}",
        stderr(&out)
    );
    fresh
}

fn export(dir: &Path, db: &str, format: &str) -> String {
    let out = run(dir, &["export", format, "--all", "--db", db]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn import(dir: &Path, db: &str, format: &str, text: &str) -> String {
    let file = dir.join(format!("in.{format}"));
    std::fs::write(&file, text).unwrap();
    let out = run(dir, &["import", format, file.to_str().unwrap(), "--db", db]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// Importing a database's own export: every item unchanged, none added, the export the same.
fn reimport_changes_nothing(dir: &Path, db: &str, format: &str, text: &str) {
    let n = item_count(dir, db);
    let said = import(dir, db, format, text);
    assert!(
        said.contains(&format!("0 added, 0 updated, {n} unchanged")),
        "{said}"
    );
    assert_eq!(item_count(dir, db), n);
    assert_eq!(export(dir, db, format), text);
}

fn item_count(dir: &Path, db: &str) -> usize {
    let out = run(
        dir,
        &["actions", "list", "--all", "--db", db, "--format", "json"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array().unwrap().len()
}

#[test]
fn taskwarrior_round_trips_and_a_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let json = export(dir.path(), &db, "taskwarrior");
    let tasks: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n = tasks.as_array().unwrap().len();
    assert_eq!(n, item_count(dir.path(), &db));
    assert!(
        tasks
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["status"] == "deleted")
    );
    assert!(
        tasks[0]["project"]
            .as_str()
            .unwrap()
            .starts_with("cadence.")
    );

    let fresh = team_only(dir.path(), &db);
    let said = import(dir.path(), &fresh, "taskwarrior", &json);
    assert!(
        said.contains(&format!("{n} added, 0 updated, 0 unchanged")),
        "{said}"
    );
    assert_eq!(export(dir.path(), &fresh, "taskwarrior"), json);

    reimport_changes_nothing(dir.path(), &db, "taskwarrior", &json);

    // Done in taskwarrior: the same item closes here, no second one appears.
    let uuid = tasks[0]["uuid"].as_str().unwrap();
    let edited = json.replacen(
        "\"status\":\"pending\"",
        "\"status\":\"completed\",\"end\":\"20261127T090000Z\"",
        1,
    );
    let said = import(dir.path(), &db, "taskwarrior", &edited);
    assert!(said.contains("0 added, 1 updated"), "{said}");
    assert_eq!(item_count(dir.path(), &db), n);
    let after: serde_json::Value =
        serde_json::from_str(&export(dir.path(), &db, "taskwarrior")).unwrap();
    let item = after
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["uuid"] == uuid)
        .unwrap();
    assert_eq!(item["status"], "completed");
    assert_eq!(item["end"], "20261127T090000Z");
}

#[test]
fn an_import_is_one_undo_step_and_a_redo_brings_back_the_same_uuids() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let n = item_count(dir.path(), &db);
    let text = "2026-11-27 First +cadence @Ana_Ruiz\n2026-11-27 Second +cadence @Ben_Okafor\n";
    import(dir.path(), &db, "todotxt", text);
    let with = export(dir.path(), &db, "todotxt");
    assert_eq!(item_count(dir.path(), &db), n + 2);
    {
        let mut store = cadence::store::Store::open(Path::new(&db)).unwrap();
        let undone = store.undo_action_change().unwrap();
        assert_eq!(undone.as_deref(), Some("added 2 items"));
        assert_eq!(
            store.actions_with_uuids(true).unwrap().len(),
            n,
            "both imported items went in one step"
        );
        store.redo_action_change().unwrap();
    }
    assert_eq!(export(dir.path(), &db, "todotxt"), with);
}

#[test]
fn a_task_for_an_unknown_seller_refuses_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = item_count(dir.path(), &db);
    let file = dir.path().join("tasks.json");
    std::fs::write(
        &file,
        r#"[{"description":"New one","status":"pending","entry":"20261120T091500Z","project":"cadence.Ana Ruiz"},
{"description":"Who?","status":"pending","entry":"20261120T091500Z","project":"cadence.Zoe Quinn"}]"#,
    )
    .unwrap();
    refused(
        dir.path(),
        &["import", "taskwarrior", file.to_str().unwrap(), "--db", &db],
        "item 2: there is no seller named 'Zoe Quinn'",
    );
    assert_eq!(item_count(dir.path(), &db), before);
}

#[test]
fn todotxt_round_trips_through_standard_input_and_a_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let text = export(dir.path(), &db, "todotxt");
    let n = text.lines().count();
    assert_eq!(n, item_count(dir.path(), &db));
    assert!(
        text.lines()
            .any(|l| l.starts_with("x ") && l.ends_with("status:dropped"))
    );
    assert!(text.contains(" +cadence @Ana_Ruiz owner:"), "{text}");

    let fresh = team_only(dir.path(), &db);
    let mut child = support::cadence(dir.path())
        .args(["import", "todotxt", "-", "--db", &fresh])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        stdout(&out).contains(&format!("standard input: {n} added")),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(dir.path(), &fresh, "todotxt"), text);

    reimport_changes_nothing(dir.path(), &db, "todotxt", &text);
}

#[test]
fn a_bad_todotxt_line_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = item_count(dir.path(), &db);
    let file = dir.path().join("todo.txt");
    std::fs::write(
        &file,
        "2026-11-27 Fine +cadence @Ana_Ruiz\n\n2026-11-27 Late @Ana_Ruiz due:someday\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &["import", "todotxt", file.to_str().unwrap(), "--db", &db],
        "todo.txt: line 3: due:someday is not a date: expected due:YYYY-MM-DD",
    );
    assert_eq!(item_count(dir.path(), &db), before);
}

fn seller_count(dir: &Path, db: &str) -> usize {
    stdout(&run(dir, &["seller", "list", "--db", db]))
        .lines()
        .count()
}

#[test]
fn a_roster_with_a_bad_row_is_refused_by_line_and_adds_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = seller_count(dir.path(), &db);
    let file = dir.path().join("roster.csv");
    let path = file.to_str().unwrap();
    let cases = [
        (
            "Ivy Chen,ivy@example.com,2025-02-01\nJon Vik,jon-at-example,2025-02-01\n",
            "line 3: 'jon-at-example' is not an email address",
        ),
        (
            "Ivy Chen,ivy@example.com,2025-02-01\nJon Vik,,1 Feb 2025\n",
            "line 3: the start date '1 Feb 2025' is not a date",
        ),
        (
            "Ivy Chen,,\n,jon@example.com,\n",
            "line 3: the name is empty",
        ),
        (
            "Ivy Chen,,\nivy chen,,\n",
            "line 3: 'ivy chen' is already on line 2",
        ),
        (
            "Ivy Chen,,\nAna Ruiz,,\n",
            "line 3: 'Ana Ruiz' is already in your team",
        ),
    ];
    for (rows, message) in cases {
        std::fs::write(&file, format!("name,email,start date\n{rows}")).unwrap();
        refused(
            dir.path(),
            &["import", "roster", path, "--db", &db],
            message,
        );
        assert_eq!(seller_count(dir.path(), &db), before, "{message}");
    }
    std::fs::write(
        &file,
        "name,email,start date\nIvy Chen,ivy@example.com,2025-02-01\n",
    )
    .unwrap();
    let out = run(dir.path(), &["import", "roster", path, "--db", &db]);
    assert_eq!(
        stdout(&out),
        format!("Added 1 seller from {path} (read by its columns name, email, start date)\n")
    );
    let list = stdout(&run(dir.path(), &["seller", "list", "--db", &db]));
    assert!(
        list.contains("Ivy Chen                 started 2025-02-01  ivy@example.com"),
        "{list}"
    );
}
