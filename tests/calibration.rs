//! Calibration with a colleague and coach-the-coach, through the real binary on the demo
//! team: export, import, blind comparison, and refusals that name what is wrong.

mod support;

use cadence::store::Store;
use serde_json::Value;
use std::path::Path;
use support::{run, stderr, stdout};

fn scores(dir: &Path, db: &str) -> Vec<Value> {
    let out = run(dir, &["scores", "--format", "json", "--db", db]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The newest of the demo's scorecards: Hugo's joint call of Wednesday.
fn newest(dir: &Path, db: &str) -> i64 {
    scores(dir, db)[0]["id"].as_i64().unwrap()
}

/// A colleague's copy of a scorecard, with their own marks.
fn colleagues_copy(dir: &Path, db: &str, id: i64) -> std::path::PathBuf {
    let file = dir.join("maria.json");
    let out = run(
        dir,
        &[
            "scorecard",
            "export",
            &id.to_string(),
            "--assessor",
            "Maria Lopez",
            "--out",
            file.to_str().unwrap(),
            "--db",
            db,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "an export is private");
    }
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    doc["marks"]["agenda"] = serde_json::json!({ "level": 2 });
    doc["marks"]["questions"] = serde_json::json!("not_observed");
    std::fs::write(&file, doc.to_string()).unwrap();
    file
}

#[test]
fn a_colleagues_scorecard_is_imported_and_compared_criterion_by_criterion() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mine = newest(dir.path(), &db);
    let file = colleagues_copy(dir.path(), &db, mine);
    let out = run(
        dir.path(),
        &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Imported Maria Lopez's scorecard of Hugo Martin's call"));
    let theirs = newest(dir.path(), &db);
    assert_ne!(theirs, mine);
    assert_eq!(scores(dir.path(), &db)[0]["assessor"], "Maria Lopez");

    let out = run(
        dir.path(),
        &[
            "scorecard",
            "compare",
            &mine.to_string(),
            &theirs.to_string(),
            "--db",
            &db,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.contains("| Criterion | you | Maria Lopez | Gap | |"),
        "{md}"
    );
    assert!(
        md.contains("| Sets the agenda | 5 | 2 | -3 | talk about it |"),
        "{md}"
    );
    assert!(
        md.contains("| Asks multi-layered questions | 5 | n/o |  | talk about it |"),
        "{md}"
    );
    assert!(
        md.contains("Agreement: 75% (3 of 4 criteria scored by both within one level, 3 exactly)"),
        "{md}"
    );
    let json = run(
        dir.path(),
        &[
            "scorecard",
            "compare",
            &mine.to_string(),
            &theirs.to_string(),
            "--format",
            "json",
            "--db",
            &db,
        ],
    );
    let c: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(c["agreement_percent"], 75);
    assert_eq!(c["rows"][0]["gap"], -3);
}

#[test]
fn an_unknown_rubric_version_or_seller_is_refused_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mine = newest(dir.path(), &db);
    let file = colleagues_copy(dir.path(), &db, mine);
    let before = scores(dir.path(), &db).len();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();

    doc["rubric"]["version"] = 7.into();
    std::fs::write(&file, doc.to_string()).unwrap();
    support::refused(
        dir.path(),
        &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
        "rubric 'discovery-call' version 7, which is not known here",
    );

    doc["rubric"]["version"] = 1.into();
    doc["seller"] = "Zed".into();
    std::fs::write(&file, doc.to_string()).unwrap();
    support::refused(
        dir.path(),
        &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
        "your sellers are: Ana Ruiz",
    );

    doc["seller"] = "Hugo Martin".into();
    doc["marks"]["agenda"] = serde_json::json!({ "level": 9 });
    std::fs::write(&file, doc.to_string()).unwrap();
    support::refused(
        dir.path(),
        &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
        "gives 'agenda' level 9: expected 1 to 5",
    );

    std::fs::write(&file, "{ \"format\": ").unwrap();
    let out = run(
        dir.path(),
        &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 1, column"), "{}", stderr(&out));
    assert_eq!(scores(dir.path(), &db).len(), before, "nothing imported");
}

#[test]
fn calibration_is_blind_until_both_have_finished() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mine = newest(dir.path(), &db);
    let file = colleagues_copy(dir.path(), &db, mine);
    // The colleague's copy is of Hugo's call; the manager starts scoring that same call.
    let call = {
        let store = Store::open(Path::new(&db)).unwrap();
        store.scorecard(mine).unwrap().meeting_id.unwrap()
    };
    {
        let store = Store::open(Path::new(&db)).unwrap();
        let rubric = store.scorecard(mine).unwrap().rubric;
        let seller = store.scorecard(mine).unwrap().seller.id;
        store
            .start_scorecard(seller, &rubric, Some(call), chrono::Utc::now())
            .unwrap();
    }
    let out = run(
        dir.path(),
        &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = scores(dir.path(), &db);
    assert!(
        listed.iter().all(|s| s["assessor"] != "Maria Lopez"),
        "hidden while the call is being scored"
    );
    // Nor can it be read another way: exported again, or compared.
    let theirs: i64 = stdout(&out)
        .split("as scorecard ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|id| id.parse().ok())
        .expect("the import names the new scorecard");
    support::refused(
        dir.path(),
        &["scorecard", "export", &theirs.to_string(), "--db", &db],
        "calibration is blind",
    );
    let out = run(
        dir.path(),
        &[
            "scorecard",
            "compare",
            &mine.to_string(),
            &theirs.to_string(),
            "--db",
            &db,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    // The same file twice is refused.
    let again = run(
        dir.path(),
        &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("here already, as scorecard"),
        "{}",
        stderr(&again)
    );
    let live = {
        let store = Store::open(Path::new(&db)).unwrap();
        store.live_scorecard().unwrap().unwrap()
    };
    support::refused(
        dir.path(),
        &[
            "scorecard",
            "export",
            &live.to_string(),
            "--assessor",
            "Me",
            "--db",
            &db,
        ],
        "still being scored: finish it first",
    );
    support::refused(
        dir.path(),
        &[
            "scorecard",
            "compare",
            &mine.to_string(),
            &live.to_string(),
            "--db",
            &db,
        ],
        "calibration is blind",
    );
}

#[test]
fn a_held_1_1_is_prefilled_for_the_managers_leader() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let id = support::one_on_one_id(dir.path(), &db, "Dev Sharma", "2026-W48").to_string();
    let out = run(dir.path(), &["coach", &id, "--format", "json", "--db", &db]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["rubric"]["id"], "manager-one-on-one");
    let level = |key: &str| {
        doc["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .unwrap()["suggested"]
            .clone()
    };
    // One purpose (deal), its agenda, 28 of 30 minutes; two dated actions and a rating.
    assert_eq!(level("purpose"), 5);
    assert_eq!(level("actions"), 5);
    assert_eq!(level("listening"), Value::Null, "for the leader to score");
    let md = stdout(&run(dir.path(), &["coach", &id, "--db", &db]));
    assert!(
        md.contains("| Clear purpose and agenda | 5 Exemplary | one purpose (deal)"),
        "{md}"
    );
}

#[test]
fn an_assessor_or_an_observation_past_its_length_limit_is_refused_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let mine = newest(dir.path(), &db);
    let file = colleagues_copy(dir.path(), &db, mine);
    let before = scores(dir.path(), &db).len();
    let good: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let long = "m".repeat(2001);
    for (field, said) in [
        (
            "assessor",
            "an assessor's name may be at most 100 characters",
        ),
        (
            "observations",
            "an observation may be at most 2000 characters",
        ),
    ] {
        let mut doc = good.clone();
        if field == "assessor" {
            doc["assessor"] = Value::String(long.clone());
        } else {
            doc["observations"] =
                serde_json::json!([{ "criterion": "agenda", "at_seconds": 30, "text": long }]);
        }
        std::fs::write(&file, doc.to_string()).unwrap();
        let out = run(
            dir.path(),
            &["scorecard", "import", file.to_str().unwrap(), "--db", &db],
        );
        assert_ne!(out.status.code(), Some(0));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        assert_eq!(scores(dir.path(), &db).len(), before, "nothing imported");
    }
    // Exported under a name past the limit: refused before anything is written.
    let out = run(
        dir.path(),
        &[
            "scorecard",
            "export",
            &mine.to_string(),
            "--assessor",
            &long,
            "--db",
            &db,
        ],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("an assessor's name may be at most 100"),
        "{}",
        stderr(&out)
    );
}
