//! Marks are written by the writer of typed text, off the keystroke, and still in the order
//! of the keys: a call scored and finished at once keeps every mark.

mod support;

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::domain::rubric::Mark;
use cadence::model::Pane;
use cadence::store::Store;
use support::{now, settings};

#[test]
fn a_call_scored_and_finished_at_once_keeps_every_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut store = Store::open(&path).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    store
        .start_sample_meeting_and_call(support::berlin(), now())
        .unwrap();
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    app.resume_live();
    app.save_drafts_in_background().unwrap();
    let card = app.cockpit().scoring.as_ref().expect("a live call").card.id;
    app.dispatch(Action::Focus(Pane::Scorecard));
    for level in [4, 2, 5] {
        app.dispatch(Action::Score(level));
        app.dispatch(Action::Down);
    }
    // The marks show at once, before the writer has stored them.
    let shown = app.cockpit().scoring.as_ref().unwrap().card.marks.len();
    assert!(shown >= 3, "{shown} marks shown");
    app.dispatch(Action::EndMeeting);
    app.dispatch(Action::Submit);
    assert!(app.cockpit().scoring.is_none(), "the call was finished");
    assert!(app.close().is_empty(), "nothing left unsaved");
    drop(app);
    let stored = store.scorecard(card).unwrap();
    assert!(stored.finished_at.is_some());
    let levels: Vec<Mark> = stored.marks.values().copied().collect();
    for level in [4, 2, 5] {
        assert!(levels.contains(&Mark::Level(level)), "{levels:?}");
    }
}
