//! Scoring a call as state: keys in, state and effects out. No terminal, no database.

use cadence::action::{Action, Effect};
use cadence::config::Settings;
use cadence::domain::rubric::{BUILTIN, Mark, parse_rubric};
use cadence::domain::{Kind, Status, Week, WeekStart};
use cadence::model::{Cockpit, Overlay, Pane};
use cadence::store::{Meeting, Scorecard, SellerRef};
use chrono::{DateTime, TimeDelta, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

mod support;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2026-11-27T10:00:00Z")
}

fn ana() -> SellerRef {
    SellerRef {
        id: 1,
        name: "Ana Ruiz".into(),
    }
}

fn cockpit() -> Cockpit {
    let settings = Settings {
        zone: support::berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    };
    let (mut c, _) = Cockpit::new(settings, "test.db".into(), now());
    c.reference_data_loaded(
        vec![
            SellerRef {
                id: 2,
                name: "Ben Okafor".into(),
            },
            ana(),
        ],
        Vec::new(),
    );
    c.rubrics_loaded(BUILTIN.iter().map(|t| parse_rubric(t).unwrap()).collect());
    c
}

fn joint_call() -> Meeting {
    Meeting {
        id: 40,
        rule_id: None,
        seller: Some(ana()),
        kind: Kind::JointCall,
        starts_at: at("2026-11-27T09:00:00Z"),
        minutes: 45,
        status: Status::Planned,
        cancel_reason: None,
        rescheduled_to: None,
        rescheduled_from: None,
    }
}

/// A discovery call being scored since 10:00.
fn scoring() -> Cockpit {
    let mut c = cockpit();
    c.scorecard_loaded(Scorecard {
        id: 7,
        seller: ana(),
        rubric: parse_rubric(BUILTIN[0]).unwrap(),
        meeting_id: None,
        assessor: String::new(),
        started_at: now(),
        finished_at: None,
        took_over: false,
        marks: BTreeMap::new(),
        evidence: BTreeMap::new(),
        observations: Vec::new(),
        score: None,
        strength: None,
        focus: None,
        action_id: None,
    });
    c
}

fn type_text(c: &mut Cockpit, text: &str, at: DateTime<Utc>) {
    for ch in text.chars() {
        c.update(
            Action::Type(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE)),
            at,
        );
    }
}

#[test]
fn enter_on_a_joint_call_asks_only_for_the_rubric_then_starts() {
    let mut c = cockpit();
    let week = Week::containing(now().date_naive(), WeekStart::Monday);
    c.week_loaded(week, vec![joint_call()]);
    c.calendar.select_day(now().date_naive());
    c.update(Action::OpenMeeting, now());
    let Some(Overlay::Form(dialog)) = c.overlays.last() else {
        panic!("the start form opens");
    };
    assert_eq!(dialog.form.focus, 1, "the rubric is the field to choose");
    c.update(Action::Right, now()); // the product demo rubric
    let effects = c.update(Action::Submit, now());
    let [
        Effect::StartScorecard {
            seller,
            rubric,
            meeting,
        },
    ] = effects.as_slice()
    else {
        panic!("one start: {effects:?}");
    };
    assert_eq!((*seller, meeting), (1, &Some(40)));
    assert_eq!(rubric.id, "product-demo");
}

#[test]
fn digits_score_the_selected_criterion_and_zero_is_not_observed() {
    let mut c = scoring();
    c.update(Action::Focus(Pane::Scorecard), now());
    assert_eq!(c.key_scope(), cadence::keymap::Scope::Scoring);
    assert_eq!(
        c.update(Action::Score(4), now()),
        vec![Effect::SetMark {
            scorecard: 7,
            criterion: "agenda".into(),
            base: None,
            mark: Some(Mark::Level(4))
        }]
    );
    c.update(Action::Down, now());
    c.update(Action::Score(0), now());
    let view = c.scoring.as_ref().unwrap();
    assert_eq!(view.card.marks.get("insight"), Some(&Mark::NotObserved));
    assert_eq!(view.score(), Some(4.0), "not observed is left out");
    c.update(Action::ClearScore, now());
    assert!(
        !c.scoring
            .as_ref()
            .unwrap()
            .card
            .marks
            .contains_key("insight")
    );
}

#[test]
fn an_observation_is_stamped_when_it_was_noticed() {
    let mut c = scoring();
    c.update(Action::Focus(Pane::Scorecard), now());
    c.update(Action::Down, now());
    c.update(Action::Down, now());
    let noticed = now() + TimeDelta::seconds(754);
    c.update(Action::Observe, noticed);
    type_text(&mut c, "Asked why now", noticed);
    // Typing takes a while; the stamp stays at the moment o was pressed.
    let effects = c.update(Action::Submit, noticed + TimeDelta::seconds(20));
    assert_eq!(
        effects,
        vec![Effect::AddObservation {
            scorecard: 7,
            criterion: "questions".into(),
            at_seconds: 754,
            text: "Asked why now".into()
        }]
    );
}

#[test]
fn the_finish_suggests_the_weakest_as_focus_and_can_make_a_coaching_action() {
    let mut c = scoring();
    c.update(Action::Focus(Pane::Scorecard), now());
    for level in [4, 0, 2, 5, 3] {
        c.update(Action::Score(level), now());
        c.update(Action::Down, now());
    }
    c.update(Action::EndMeeting, now());
    // A due date that is not one is refused, and nothing is finished.
    for _ in 0..3 {
        c.update(Action::NextField, now());
    }
    type_text(&mut c, "someday", now());
    assert!(c.update(Action::Submit, now()).is_empty());
    for _ in 0..7 {
        c.update(
            Action::Type(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            now(),
        );
    }
    type_text(&mut c, "fri", now());
    c.update(Action::NextField, now());
    type_text(&mut c, "+2w", now());
    let effects = c.update(Action::Submit, now());
    let [Effect::FinishScorecard { scorecard, finish }] = effects.as_slice() else {
        panic!("one finish: {effects:?}");
    };
    assert_eq!(*scorecard, 7);
    assert_eq!(finish.strength.as_deref(), Some("value"));
    assert_eq!(finish.focus.as_deref(), Some("questions"));
    let action = finish.action.as_ref().unwrap();
    assert_eq!(action.title, "Practise: Asks multi-layered questions");
    assert_eq!(action.seller_id, 1);
    // On a Friday, "fri" is next Friday.
    assert_eq!(action.due_on, chrono::NaiveDate::from_ymd_opt(2026, 12, 4));
    // A joint call to re-observe the focus area, in two weeks at 14:00 in Berlin.
    assert_eq!(finish.reobserve_at, Some(at("2026-12-11T13:00:00Z")));
}

#[test]
fn evidence_is_typed_then_saved_when_typing_pauses() {
    let mut c = scoring();
    c.update(Action::Focus(Pane::Scorecard), now());
    c.update(Action::EditNotes, now());
    assert_eq!(c.key_scope(), cadence::keymap::Scope::Evidence);
    type_text(&mut c, "Opened with the demo", now());
    assert!(c.update(Action::Tick, now()).is_empty(), "not mid-word");
    let later = now() + chrono::TimeDelta::milliseconds(300);
    assert_eq!(
        c.update(Action::Tick, later),
        vec![Effect::SaveEvidence {
            scorecard: 7,
            criterion: "agenda".into(),
            base: String::new(),
            text: "Opened with the demo".into()
        }]
    );
    assert!(c.update(Action::Tick, later).is_empty(), "saved once");
    c.update(Action::Back, now());
    assert_eq!(
        c.scoring.as_ref().unwrap().card.evidence["agenda"],
        "Opened with the demo"
    );
}

#[test]
fn a_new_scorecard_can_pick_a_joint_call_of_the_week_whose_seller_wins() {
    let mut c = cockpit();
    let week = Week::containing(now().date_naive(), WeekStart::Monday);
    c.week_loaded(week, vec![joint_call()]);
    c.update(Action::Focus(Pane::Scorecard), now());
    c.update(Action::NewScorecard, now());
    // Ben is the first seller offered; the call chosen is Ana's.
    c.update(Action::NextField, now());
    c.update(Action::NextField, now());
    c.update(Action::Right, now());
    let effects = c.update(Action::Submit, now());
    let [
        Effect::StartScorecard {
            seller, meeting, ..
        },
    ] = effects.as_slice()
    else {
        panic!("one start: {effects:?}");
    };
    assert_eq!((*seller, *meeting), (1, Some(40)));
}

#[test]
fn ties_for_the_focus_area_go_to_the_first_criterion() {
    let mut c = scoring();
    c.update(Action::Focus(Pane::Scorecard), now());
    for level in [2, 2, 4, 4] {
        c.update(Action::Score(level), now());
        c.update(Action::Down, now());
    }
    c.update(Action::EndMeeting, now());
    // No coaching action: the second choice of that field is "none".
    c.update(Action::NextField, now());
    c.update(Action::NextField, now());
    c.update(Action::Left, now());
    let effects = c.update(Action::Submit, now());
    let [Effect::FinishScorecard { finish, .. }] = effects.as_slice() else {
        panic!("one finish: {effects:?}");
    };
    assert_eq!(finish.focus.as_deref(), Some("agenda"));
    assert_eq!(finish.strength.as_deref(), Some("questions"));
    assert_eq!(finish.action, None);
}
