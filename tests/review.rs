//! The end-of-week summary and the action commands, through the real binary, against a week
//! built by hand so every figure can be checked number by number.

mod support;

use cadence::domain::Kind;
use cadence::domain::agenda::Owner;
use cadence::domain::timer::Timer;
use cadence::store::{ActionChange, ActionDraft, Landing, NewMeeting, NewSeller, Store};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use std::path::Path;
use support::{run, stderr, stdout};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Week 2026-W48 (Mon Nov 23 to Sun Nov 29), seen on Friday Nov 27 at 11:00 in Berlin:
///
/// | seller | meetings                                                                  |
/// |--------|---------------------------------------------------------------------------|
/// | Ana    | 1:1 Mon landed (rated 4), joint call Tue held, pipeline Wed canceled, 1:1 Sat ahead |
/// | Ben    | 1:1 Mon never marked (missed), forecast Tue held, 1:1 Thu canceled; a joint call on Nov 10 |
/// | Chloe  | nothing                                                                   |
/// | team   | team meeting Mon held                                                     |
///
/// Action items: four opened in the week (one done, one dropped), one older item done in
/// the week, and two open past their date (one from last week, one from this week).
fn hand_built_week(dir: &Path) -> String {
    let path = dir.join("cadence.db");
    let mut store = Store::open(&path).unwrap();
    let seller = |name| {
        store
            .add_seller(&NewSeller {
                name,
                started_on: d("2024-01-08"),
                motivation: "",
            })
            .unwrap()
    };
    let (ana, ben, _chloe) = (
        seller("Ana Ruiz"),
        seller("Ben Okafor"),
        seller("Chloe Martin"),
    );
    let meeting = |store: &Store, seller: Option<i64>, kind, when: &str| {
        store
            .add_meeting(&NewMeeting {
                seller_id: seller,
                kind,
                starts_at: at(when),
                minutes: 30,
            })
            .unwrap()
    };
    let ana_monday = meeting(&store, Some(ana), Kind::OneOnOne, "2026-11-23T09:00:00Z");
    let joint = meeting(&store, Some(ana), Kind::JointCall, "2026-11-24T13:00:00Z");
    let pipeline = meeting(
        &store,
        Some(ana),
        Kind::PipelineReview,
        "2026-11-25T09:00:00Z",
    );
    meeting(&store, Some(ana), Kind::OneOnOne, "2026-11-28T09:00:00Z");
    meeting(&store, Some(ben), Kind::OneOnOne, "2026-11-23T10:00:00Z");
    let forecast = meeting(
        &store,
        Some(ben),
        Kind::ForecastReview,
        "2026-11-24T10:00:00Z",
    );
    let ben_thursday = meeting(&store, Some(ben), Kind::OneOnOne, "2026-11-26T10:00:00Z");
    let team = meeting(&store, None, Kind::TeamMeeting, "2026-11-23T08:00:00Z");
    let old_call = meeting(&store, Some(ben), Kind::JointCall, "2026-11-10T13:00:00Z");
    for id in [joint, forecast, team, old_call] {
        store.set_held(id, true).unwrap();
    }
    store
        .cancel_meeting(pipeline, "customer escalation")
        .unwrap();
    store.cancel_meeting(ben_thursday, "out sick").unwrap();
    store.open_one_on_one(ana_monday).unwrap();
    store
        .land_one_on_one(
            ana_monday,
            &Landing {
                actions: Vec::new(),
                no_actions: true,
                rating: 4,
                comment: "useful".into(),
            },
            &Timer::default(),
            at("2026-11-23T09:30:00Z"),
        )
        .unwrap();

    let mut add = |title: &str, due: &str, created: &str| {
        store
            .add_action(
                &ActionDraft {
                    seller_id: ana,
                    title: title.into(),
                    owner: Owner::Seller,
                    due_on: Some(d(due)),
                },
                at(created),
            )
            .unwrap()
    };
    add("Last week's forecast", "2026-11-20", "2026-11-16T09:00:00Z");
    add("Plan the Acme call", "2026-11-30", "2026-11-23T09:00:00Z");
    let done = add("Send the deck", "2026-11-25", "2026-11-24T09:00:00Z");
    let dropped = add("Book the venue", "2026-11-27", "2026-11-24T10:00:00Z");
    let older = add("Old item", "2026-11-12", "2026-11-10T09:00:00Z");
    add("Call legal", "2026-11-26", "2026-11-25T09:00:00Z");
    store
        .change_actions(&[done], &ActionChange::Done, at("2026-11-25T12:00:00Z"))
        .unwrap();
    store
        .change_actions(&[older], &ActionChange::Done, at("2026-11-24T12:00:00Z"))
        .unwrap();
    store
        .change_actions(
            &[dropped],
            &ActionChange::Drop {
                reason: Some("event moved".into()),
            },
            at("2026-11-26T12:00:00Z"),
        )
        .unwrap();
    path.to_str().unwrap().to_string()
}

fn seller<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["sellers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["seller"] == name)
        .unwrap_or_else(|| panic!("{name} is in the summary"))
}

fn figures(v: &Value, keys: &[&str]) -> Vec<i64> {
    keys.iter().map(|k| v[k].as_i64().unwrap()).collect()
}

const CADENCE: [&str; 5] = ["planned", "held", "canceled", "missed", "ahead"];

#[test]
fn the_json_summary_has_every_figure_of_the_week() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_built_week(dir.path());
    let out = run(
        dir.path(),
        &[
            "review", "--db", &db, "--week", "2026-W48", "--format", "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["week"], "2026-W48");
    assert_eq!(figures(&summary["cadence"], &CADENCE), [8, 4, 2, 1, 1]);
    let ana = seller(&summary, "Ana Ruiz");
    assert_eq!(figures(ana, &CADENCE), [4, 2, 1, 0, 1]);
    assert_eq!(ana["cancellations"][0]["reason"], "customer escalation");
    assert_eq!(
        figures(ana, &["joint_calls_this_week", "joint_calls_last_4_weeks"]),
        [1, 1]
    );
    let ben = seller(&summary, "Ben Okafor");
    assert_eq!(figures(ben, &CADENCE), [3, 1, 1, 1, 0]);
    assert_eq!(ben["cancellations"][0]["reason"], "out sick");
    assert_eq!(
        figures(ben, &["joint_calls_this_week", "joint_calls_last_4_weeks"]),
        [0, 1]
    );
    let chloe = seller(&summary, "Chloe Martin");
    assert_eq!(figures(chloe, &CADENCE), [0, 0, 0, 0, 0]);
    assert_eq!(figures(&summary["team"], &CADENCE), [1, 1, 0, 0, 0]);
    assert_eq!(
        figures(
            &summary["actions"],
            &["opened", "done", "dropped", "overdue"]
        ),
        [4, 2, 1, 2]
    );
    assert_eq!(summary["ratings"][0]["seller"], "Ana Ruiz");
    assert_eq!(summary["ratings"][0]["rating"], 4);
    assert_eq!(summary["ratings"][0]["comment"], "useful");
    assert_eq!(summary["average_rating"], 4.0);
}

#[test]
fn the_markdown_summary_reads_as_a_weekly_note_with_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_built_week(dir.path());
    let out = run(
        dir.path(),
        &[
            "review", "--db", &db, "--week", "2026-W48", "--format", "md",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.starts_with("# Week 2026-W48 (Mon Nov 23 – Sun Nov 29, 2026)"),
        "{md}"
    );
    assert!(
        md.contains(
            "4 of 8 meetings held (57% of those due): 2 canceled, 1 missed, 1 still ahead."
        ),
        "{md}"
    );
    assert!(
        md.contains("| Ana Ruiz | 4 | 2 | 1 | 0 | 1 | 1 / 1 |"),
        "{md}"
    );
    assert!(
        md.contains("| Ben Okafor | 3 | 1 | 1 | 1 | 0 | 0 / 1 |"),
        "{md}"
    );
    assert!(
        md.contains("| Chloe Martin | 0 | 0 | 0 | 0 | 0 | 0 / 0 |"),
        "{md}"
    );
    assert!(md.contains("| Whole team | 1 | 1 | 0 | 0 | 0 | |"), "{md}");
    assert!(
        md.contains("- Ana Ruiz, Pipeline review on Wed Nov 25: customer escalation"),
        "{md}"
    );
    assert!(
        md.contains("- Ben Okafor, 1:1 on Thu Nov 26: out sick"),
        "{md}"
    );
    assert!(
        md.contains("No joint call in the last 4 weeks: Chloe Martin."),
        "{md}"
    );
    assert!(
        md.contains("Opened 4 · done 2 · dropped 1 · overdue 2"),
        "{md}"
    );
    assert!(
        md.contains("- Ana Ruiz, Mon Nov 23: 4/5: \"useful\""),
        "{md}"
    );
}

#[test]
fn a_week_already_over_counts_overdue_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_built_week(dir.path());
    let out = run(
        dir.path(),
        &[
            "review", "--db", &db, "--week", "2026-W47", "--format", "json",
        ],
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    // At the end of W47 (Nov 22): "Last week's forecast" (due Nov 20) and "Old item" (due
    // Nov 12, done only on Nov 24) were open and late.
    assert_eq!(
        figures(
            &summary["actions"],
            &["opened", "done", "dropped", "overdue"]
        ),
        [1, 0, 0, 2]
    );
    let bad = run(dir.path(), &["review", "--db", &db, "--week", "W48"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("2026-W48"), "{}", stderr(&bad));
}

fn list_json(dir: &Path, db: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["actions", "list", "--db", db, "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn actions_are_listed_added_done_and_dropped_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_built_week(dir.path());
    let open = list_json(dir.path(), &db, &[]);
    assert_eq!(open.len(), 3);
    let first = &open[0];
    assert_eq!(first["title"], "Last week's forecast");
    for key in ["id", "title", "seller", "owner", "due", "status", "created"] {
        assert!(!first[key].is_null(), "{key} is in the JSON");
    }
    assert_eq!(first["due"], "2026-11-20");
    assert_eq!(first["overdue"], true);
    assert_eq!(list_json(dir.path(), &db, &["--all"]).len(), 6);
    assert_eq!(list_json(dir.path(), &db, &["--overdue"]).len(), 2);
    assert_eq!(list_json(dir.path(), &db, &["--due-this-week"]).len(), 1);
    assert!(list_json(dir.path(), &db, &["--seller", "ben okafor"]).is_empty());

    let added = run(
        dir.path(),
        &[
            "actions",
            "add",
            "Invite me to a call",
            "--seller",
            "Ben Okafor",
            "--owner",
            "seller",
            "--db",
            &db,
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("for Ben Okafor: Invite me to a call (no date)"));
    let bens = list_json(dir.path(), &db, &["--seller", "Ben Okafor"]);
    assert_eq!(bens[0]["due"], Value::Null);
    let id = bens[0]["id"].as_i64().unwrap().to_string();

    let done = run(dir.path(), &["actions", "done", &id, "--db", &db]);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(list_json(dir.path(), &db, &["--seller", "Ben Okafor"]).is_empty());
    let first_id = first["id"].as_i64().unwrap().to_string();
    let dropped = run(
        dir.path(),
        &[
            "actions", "drop", &first_id, "--reason", "replaced", "--db", &db,
        ],
    );
    assert!(dropped.status.success(), "{}", stderr(&dropped));
    let all = list_json(dir.path(), &db, &["--all"]);
    let row = all.iter().find(|a| a["id"] == first["id"]).unwrap();
    assert_eq!(
        (&row["status"], &row["drop_reason"]),
        (&"dropped".into(), &"replaced".into())
    );

    let csv = run(
        dir.path(),
        &["actions", "list", "--db", &db, "--format", "csv"],
    );
    let text = stdout(&csv);
    assert!(
        text.starts_with("id,title,seller,owner,due,status,overdue,created"),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        3,
        "a header and two open items: {text}"
    );
}

#[test]
fn bad_action_input_names_what_is_accepted_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = hand_built_week(dir.path());
    let before = list_json(dir.path(), &db, &["--all"]);
    let cases: [(&[&str], &str); 5] = [
        (
            &["actions", "add", "Call", "--seller", "Zed"],
            "your sellers are: Ana Ruiz, Ben Okafor, Chloe Martin",
        ),
        (
            &[
                "actions", "add", "Call", "--seller", "Ana Ruiz", "--due", "someday",
            ],
            "'someday' is not a due date: try 'today', 'tomorrow'",
        ),
        (
            &["actions", "add", " ", "--seller", "Ana Ruiz"],
            "needs a title",
        ),
        (&["actions", "done", "9999"], "there is no action item 9999"),
        (&["actions", "drop", "9999"], "there is no action item 9999"),
    ];
    for (args, message) in cases {
        let mut args = args.to_vec();
        args.extend_from_slice(&["--db", &db]);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    let list = run(
        dir.path(),
        &["actions", "list", "--seller", "Zed", "--db", &db],
    );
    assert_eq!(list.status.code(), Some(2));
    assert_eq!(
        list_json(dir.path(), &db, &["--all"]),
        before,
        "nothing written"
    );
}

#[test]
fn coaching_coverage_counts_joint_calls_held_in_the_four_weeks_ending_this_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let chloe = store
        .add_seller(&NewSeller {
            name: "Chloe Martin",
            started_on: d("2024-01-08"),
            motivation: "",
        })
        .unwrap();
    let call = |store: &Store, kind, when: &str, held: bool| {
        let id = store
            .add_meeting(&NewMeeting {
                seller_id: Some(chloe),
                kind,
                starts_at: at(when),
                minutes: 30,
            })
            .unwrap();
        store.set_held(id, held).unwrap();
    };
    // W45 begins Monday Nov 2 at midnight in Berlin (23:00 UTC the day before).
    call(&store, Kind::JointCall, "2026-11-01T22:30:00Z", true);
    call(&store, Kind::JointCall, "2026-11-01T23:00:00Z", true);
    call(&store, Kind::JointCall, "2026-11-12T10:00:00Z", false);
    call(&store, Kind::OneOnOne, "2026-11-17T10:00:00Z", true);
    call(&store, Kind::JointCall, "2026-11-25T10:00:00Z", true);
    // Next week's call is not yet in the four weeks.
    call(&store, Kind::JointCall, "2026-11-30T10:00:00Z", true);
    let week =
        cadence::domain::Week::containing(d("2026-11-27"), cadence::domain::WeekStart::Monday);
    let summary = store
        .week_summary(week, support::berlin(), at("2026-11-27T10:00:00Z"))
        .unwrap();
    let chloe = &summary.sellers[0];
    assert_eq!(
        (chloe.joint_calls_this_week, chloe.joint_calls_last_4_weeks),
        (1, 2),
        "held joint calls from Monday of W45 through W48, no other kind, none not held"
    );
}
