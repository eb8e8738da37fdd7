//! Scorecards in the store: marks and the weighted score kept in step, observations, the
//! finish with its coaching action, and rubric versions that never rewrite history.

use cadence::domain::agenda::Owner;
use cadence::domain::rubric::{BUILTIN, Mark, Rubric, parse_rubric};
use cadence::store::{ActionDraft, Finish, NewSeller, Store, StoreError};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

mod support;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn discovery() -> Rubric {
    parse_rubric(BUILTIN[0]).unwrap()
}

fn store(dir: &std::path::Path) -> (Store, i64) {
    let store = Store::open(&dir.join("cadence.db")).unwrap();
    let ana = store
        .add_seller(&NewSeller {
            name: "Ana Ruiz",
            started_on: NaiveDate::from_ymd_opt(2024, 1, 8).unwrap(),
            motivation: "",
        })
        .unwrap();
    (store, ana)
}

#[test]
fn marks_keep_the_weighted_score_in_step_and_not_observed_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ana) = store(dir.path());
    let card = store
        .start_scorecard(ana, &discovery(), None, now())
        .unwrap();
    // agenda weight 1, questions weight 2
    store
        .set_mark(card, "agenda", Some(Mark::Level(2)))
        .unwrap();
    store
        .set_mark(card, "questions", Some(Mark::Level(5)))
        .unwrap();
    store
        .set_mark(card, "insight", Some(Mark::NotObserved))
        .unwrap();
    let c = store.scorecard(card).unwrap();
    assert_eq!(c.score, Some(4.0));
    assert_eq!(c.marks.get("insight"), Some(&Mark::NotObserved));
    store.set_mark(card, "questions", None).unwrap();
    assert_eq!(store.scorecard(card).unwrap().score, Some(2.0));
    let err = store
        .set_mark(card, "charisma", Some(Mark::Level(3)))
        .unwrap_err();
    assert!(err.to_string().contains("no criterion 'charisma'"), "{err}");
}

#[test]
fn observations_evidence_and_the_takeover_are_kept_and_the_finish_makes_an_action() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana) = store(dir.path());
    let card = store
        .start_scorecard(ana, &discovery(), None, now())
        .unwrap();
    assert_eq!(store.live_scorecard().unwrap(), Some(card));
    store
        .add_observation(card, "questions", 754, "Asked why now, twice")
        .unwrap();
    store
        .add_observation(card, "agenda", 30, "No agenda set")
        .unwrap();
    store
        .save_evidence(card, "agenda", "Opened with the demo")
        .unwrap();
    store.set_took_over(card, true).unwrap();
    assert!(store.add_observation(card, "agenda", 40, "  ").is_err());
    let finish = Finish {
        strength: Some("questions".into()),
        focus: Some("agenda".into()),
        action: Some(ActionDraft {
            seller_id: ana,
            title: "Practise: Sets the agenda".into(),
            owner: Owner::Seller,
            due_on: None,
        }),
        reobserve_at: Some(now() + TimeDelta::days(7)),
        reobserve_minutes: 45,
    };
    store
        .finish_scorecard(card, &finish, now() + TimeDelta::minutes(30))
        .unwrap();
    let c = store.scorecard(card).unwrap();
    assert_eq!(
        c.observations
            .iter()
            .map(|o| (o.at_seconds, o.text.as_str()))
            .collect::<Vec<_>>(),
        [(30, "No agenda set"), (754, "Asked why now, twice")]
    );
    assert_eq!(c.evidence["agenda"], "Opened with the demo");
    assert!(c.took_over && c.finished());
    assert_eq!(c.focus.as_deref(), Some("agenda"));
    let action = store.action(c.action_id.unwrap()).unwrap();
    assert_eq!(action.title, "Practise: Sets the agenda");
    assert_eq!(store.live_scorecard().unwrap(), None);
    // The focus area is to be observed again: a joint call is planned a week on.
    let planned = store
        .meetings_between(now() + TimeDelta::days(7), now() + TimeDelta::days(8))
        .unwrap();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].kind, cadence::domain::Kind::JointCall);
    assert_eq!(planned[0].seller.as_ref().unwrap().id, ana);
    // Finished is final, whatever writes to it (another cockpit's autosave included).
    assert!(
        store
            .set_mark(card, "agenda", Some(Mark::Level(5)))
            .is_err()
    );
    assert!(store.save_evidence(card, "agenda", "REWRITTEN").is_err());
    assert!(store.add_observation(card, "agenda", 5, "late").is_err());
    assert_eq!(
        store.scorecard(card).unwrap().evidence["agenda"],
        "Opened with the demo"
    );
    // And the action is one undo step like any other.
    assert_eq!(
        store.undo_action_change().unwrap().as_deref(),
        Some("added \"Practise: Sets the agenda\"")
    );
}

#[test]
fn editing_a_rubric_leaves_old_scorecards_as_they_were_scored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana) = store(dir.path());
    let v1 = discovery();
    let old = store.start_scorecard(ana, &v1, None, now()).unwrap();
    store.set_mark(old, "agenda", Some(Mark::Level(2))).unwrap();
    store
        .set_mark(old, "questions", Some(Mark::Level(5)))
        .unwrap();
    store
        .finish_scorecard(
            old,
            &Finish {
                strength: None,
                focus: None,
                action: None,
                reobserve_at: None,
                reobserve_minutes: 45,
            },
            now(),
        )
        .unwrap();
    let before = store.scorecard(old).unwrap();

    // The team switches "agenda" off and doubles "insight": a new version.
    let mut v2 = v1.clone();
    v2.version = 2;
    v2.criteria
        .iter_mut()
        .find(|c| c.key == "agenda")
        .unwrap()
        .off = true;
    v2.criteria
        .iter_mut()
        .find(|c| c.key == "insight")
        .unwrap()
        .weight = 2.0;
    let new = store.start_scorecard(ana, &v2, None, now()).unwrap();
    store.set_mark(new, "agenda", Some(Mark::Level(1))).unwrap();
    store
        .set_mark(new, "questions", Some(Mark::Level(5)))
        .unwrap();
    assert_eq!(
        store.scorecard(new).unwrap().score,
        Some(5.0),
        "agenda is off"
    );

    let after = store.scorecard(old).unwrap();
    assert_eq!(after, before, "the old scorecard did not change");
    assert_eq!(after.rubric.version, 1);
    assert_eq!(after.score, Some(4.0));
    assert!(!after.rubric.criterion("agenda").unwrap().off);

    // Changing version 1 in place is refused: it was scored with.
    let mut sneaky = v1.clone();
    sneaky.criteria[0].weight = 9.0;
    let err = store.rubric_version(&sneaky).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(
        err.to_string()
            .contains("give the changed rubric a new version"),
        "{err}"
    );
}

#[test]
fn one_call_is_scored_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ana) = store(dir.path());
    let first = store
        .start_scorecard(ana, &discovery(), None, now())
        .unwrap();
    let err = store
        .start_scorecard(ana, &discovery(), None, now())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("scorecard {first} is still being scored"))
    );
    assert!(
        store
            .start_scorecard(999, &discovery(), None, now())
            .is_err()
    );
}

#[test]
fn re_observing_on_a_day_with_a_joint_call_uses_that_call() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana) = store(dir.path());
    let next_week = now() + TimeDelta::days(7);
    store
        .add_meeting(&cadence::store::NewMeeting {
            seller_id: Some(ana),
            kind: cadence::domain::Kind::JointCall,
            starts_at: next_week + TimeDelta::hours(3),
            minutes: 45,
        })
        .unwrap();
    let card = store
        .start_scorecard(ana, &discovery(), None, now())
        .unwrap();
    let finish = Finish {
        strength: None,
        focus: Some("agenda".into()),
        action: None,
        reobserve_at: Some(next_week),
        reobserve_minutes: 45,
    };
    store.finish_scorecard(card, &finish, now()).unwrap();
    let calls = store
        .meetings_between(
            next_week - TimeDelta::hours(12),
            next_week + TimeDelta::hours(12),
        )
        .unwrap();
    assert_eq!(
        calls.len(),
        1,
        "no second joint call beside the planned one"
    );
}

#[test]
fn a_call_finished_in_the_cockpit_shows_in_the_heatmap_read_once_the_call_is_done() {
    use cadence::action::Action;
    use cadence::app::App;
    use cadence::clock::FixedClock;
    use cadence::model::Pane;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    let ana = store.seller_by_name("Ana Ruiz").unwrap().id;
    let rubric = parse_rubric(BUILTIN[0]).unwrap();
    store.start_scorecard(ana, &rubric, None, now()).unwrap();
    let clock = FixedClock::new(now());
    let settings = cadence::config::Settings {
        zone: support::berlin(),
        ..Default::default()
    };
    let mut app = App::new(&mut store, &clock, settings, "cadence.db".into());
    app.resume_live();
    let anas_row = |app: &App| {
        let heatmap = app.cockpit().progress.heatmap.clone().unwrap();
        let (_, cells) = heatmap
            .rows
            .into_iter()
            .find(|(name, _)| name == "Ana Ruiz")
            .unwrap();
        cells
    };
    // While the call is scored the pane shows it, so the team's progress is not read.
    app.dispatch(Action::Focus(Pane::Scorecard));
    assert!(app.cockpit().progress.heatmap.is_none());
    for _ in 0..5 {
        app.dispatch(Action::Score(5));
        app.dispatch(Action::Down);
    }
    app.dispatch(Action::EndMeeting);
    app.dispatch(Action::Submit);
    assert!(app.cockpit().scoring.is_none(), "the call is finished");
    // Read now, with the call just finished; paging sellers keeps it.
    assert!(anas_row(&app).contains(&Some(5.0)), "{:?}", anas_row(&app));
    app.dispatch(Action::NextSeller);
    assert!(
        anas_row(&app).contains(&Some(5.0)),
        "the finished call shows at once: {:?}",
        anas_row(&app)
    );
}

#[test]
fn the_progress_reads_the_same_calls_and_marks_as_the_full_rows() {
    use cadence::store::{GenSpec, ScoreFilter};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let spec = GenSpec {
        sellers: 4,
        years: 1,
        seed: 2,
    };
    store.generate(spec, support::berlin(), now()).unwrap();
    let rubric = discovery().id;
    let filters = [
        ScoreFilter {
            rubric: Some(rubric.clone()),
            latest_per_seller: Some(3),
            mine_only: true,
            ..ScoreFilter::default()
        },
        ScoreFilter {
            seller: Some(2),
            rubric: Some(rubric.clone()),
            latest_per_seller: Some(8),
            mine_only: true,
            ..ScoreFilter::default()
        },
        ScoreFilter {
            since: Some(now() - TimeDelta::weeks(12)),
            mine_only: true,
            ..ScoreFilter::default()
        },
    ];
    for filter in filters {
        let full = store.score_rows(&filter).unwrap();
        assert!(full.len() > 2, "the history has calls: {filter:?}");
        let light = store.call_marks(&filter, true).unwrap();
        let as_full: Vec<_> = full
            .iter()
            .map(|r| {
                (
                    r.seller.name.clone(),
                    r.started_at,
                    r.focus.clone(),
                    r.marks.clone(),
                )
            })
            .collect();
        let as_light: Vec<_> = light
            .iter()
            .map(|c| {
                (
                    c.seller.clone(),
                    c.started_at,
                    c.focus.clone(),
                    c.marks.clone(),
                )
            })
            .collect();
        assert_eq!(as_light, as_full, "{filter:?}");
        assert!(light.iter().any(|c| !c.marks.is_empty()));
        // Without marks: the same calls, none of their marks.
        let calls = store.call_marks(&filter, false).unwrap();
        assert_eq!(calls.len(), full.len());
        assert!(calls.iter().all(|c| c.marks.is_empty()));
    }
}

#[test]
fn the_coverage_counted_by_the_store_is_the_coverage_of_the_calls_read_one_by_one() {
    use cadence::domain::progress;
    use cadence::progress_read::ProgressQuery;
    use cadence::store::{GenSpec, ScoreFilter, SellerRef};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let zone = support::berlin();
    let spec = GenSpec {
        sellers: 6,
        years: 1,
        seed: 3,
    };
    store.generate(spec, zone, now()).unwrap();
    let sellers: Vec<SellerRef> = store.seller_refs().unwrap();
    let names: Vec<String> = sellers.iter().map(|s| s.name.clone()).collect();
    // Each day of the last weeks as today, so the 4- and 12-week edges fall on calls.
    for days_back in 0..21 {
        let today = now().with_timezone(&zone).date_naive() - chrono::Days::new(days_back);
        let query = ProgressQuery {
            rubric: discovery(),
            zone,
            today,
            sellers: sellers.clone(),
            shown: 0..2,
            seller: None,
        };
        let counted = query.read_team(&store).unwrap().coverage;
        let since = cadence::domain::recurrence::day_start(today - chrono::Days::new(84), zone);
        let calls: Vec<progress::ScoredCall> = store
            .call_marks(
                &ScoreFilter {
                    since: Some(since),
                    mine_only: true,
                    ..ScoreFilter::default()
                },
                false,
            )
            .unwrap()
            .into_iter()
            .map(|c| progress::ScoredCall {
                seller: c.seller,
                day: c.started_at.with_timezone(&zone).date_naive(),
                marks: c.marks,
                focus: c.focus,
            })
            .collect();
        assert!(calls.len() > 10, "the weeks hold calls");
        assert_eq!(
            counted,
            progress::coverage(&names, &calls, today),
            "{today}"
        );
    }
}

#[test]
fn an_observation_past_its_length_limit_is_refused_and_none_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ana) = store(dir.path());
    let card = store
        .start_scorecard(ana, &discovery(), None, now())
        .unwrap();
    let err = store
        .add_observation(card, "questions", 60, &"y".repeat(2001))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("an observation may be at most 2000 characters; this one has 2001"),
        "{err}"
    );
    assert!(store.scorecard(card).unwrap().observations.is_empty());
}

#[test]
fn a_rubric_or_criterion_name_past_its_length_limit_is_refused_naming_its_line() {
    let good = BUILTIN[0];
    let long = "n".repeat(201);
    let named = good.replacen("name = \"", &format!("name = \"{long}"), 1);
    let err = parse_rubric(&named).unwrap_err();
    assert!(
        err.to_string()
            .contains("a rubric's name may be at most 200 characters"),
        "{err}"
    );
    assert!(err.to_string().contains("line"), "{err}");
    // The second `name = "` in the file is the first criterion's.
    let at = good.match_indices("name = \"").nth(1).unwrap().0 + "name = \"".len();
    let criterion = format!("{}{long}{}", &good[..at], &good[at..]);
    let err = parse_rubric(&criterion).unwrap_err();
    assert!(
        err.to_string()
            .contains("a criterion's name may be at most 200 characters"),
        "{err}"
    );
}
