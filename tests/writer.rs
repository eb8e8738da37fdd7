//! The writer of typed text, driven through the cockpit in-process on a real file: when its
//! report shows, and what a failed write leaves for the next one to compare against.

mod support;

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::model::{Pane, SaveState};
use cadence::store::Store;
use chrono::TimeDelta;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;
use support::{now, settings};

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The sample team with a 1:1 and a call under way, in `dir/cadence.db`.
fn live_meeting_and_call(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    store
        .start_sample_meeting_and_call(support::berlin(), now())
        .unwrap();
    store
}

/// Shows the writer's reports until `done` holds: the writer is a real thread on a real
/// disk, so this waits for it, however long it takes.
fn until(app: &mut App, done: impl Fn(&SaveState) -> bool) {
    while !done(&app.cockpit().save_state) {
        std::thread::sleep(Duration::from_millis(5));
        app.collect_outcomes();
    }
}

#[test]
fn saved_shows_when_the_write_lands_not_at_the_next_tick() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = live_meeting_and_call(dir.path());
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    app.resume_live();
    app.save_drafts_in_background().unwrap();
    app.dispatch(Action::Focus(Pane::Meeting));
    app.dispatch(Action::EditNotes);
    for c in "Budget".chars() {
        app.dispatch(Action::Type(key(c)));
    }
    // The loop wakes when the text falls due, before the tick.
    clock.advance(TimeDelta::milliseconds(100));
    assert_eq!(app.event_wait(Duration::ZERO), Duration::from_millis(200));
    clock.advance(TimeDelta::milliseconds(200));
    app.dispatch(Action::Tick);
    app.collect_outcomes();
    assert_eq!(app.cockpit().save_state, SaveState::Pending);
    // While the write is in flight the loop looks for its report often, a tick or not.
    assert!(
        app.event_wait(Duration::ZERO) <= Duration::from_millis(10),
        "{:?}",
        app.event_wait(Duration::ZERO)
    );
    until(&mut app, |s| *s == SaveState::Saved);
    // Written: the loop sleeps until the tick again.
    assert_eq!(
        app.event_wait(Duration::from_millis(50)),
        Duration::from_millis(200)
    );
}
