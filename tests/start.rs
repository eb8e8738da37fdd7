//! The cockpit's first loads. The team's progress is read at start on a connection of its
//! own, beside the week and the action items: it must show what the cockpit reads itself.

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::config::Settings;
use cadence::model::Pane;
use cadence::store::{GenSpec, Store};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use std::path::Path;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn settings() -> Settings {
    Settings {
        zone: Berlin,
        ..Settings::default()
    }
}

fn history(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let spec = GenSpec {
        sellers: 6,
        years: 1,
        seed: 4,
    };
    store.generate(spec, Berlin, now()).unwrap();
}

type Shown = (
    Option<cadence::domain::progress::Heatmap>,
    Vec<cadence::domain::progress::Coverage>,
);

fn shown(app: &App) -> Shown {
    let p = &app.cockpit().progress;
    (p.heatmap.clone(), p.coverage.clone())
}

#[test]
fn the_progress_read_at_start_is_what_the_cockpit_reads_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    history(&path);
    let mut store = Store::open(&path).unwrap();
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    let at_start = shown(&app);
    let heatmap = at_start.0.as_ref().expect("a heatmap at start");
    assert_eq!(heatmap.rows.len(), 6);
    assert!(
        heatmap
            .rows
            .iter()
            .any(|(_, cells)| cells.iter().any(Option::is_some))
    );
    assert!(at_start.1.iter().any(|c| c.last_12_weeks > 0));
    // Round the rubrics back to the first: read again, on the cockpit's own connection.
    app.dispatch(Action::Focus(Pane::Scorecard));
    for _ in 0..app.cockpit().rubrics.len() {
        app.dispatch(Action::NextRubric);
    }
    assert_eq!(shown(&app), at_start);
}

#[test]
fn a_file_replaced_before_the_first_loads_still_shows_the_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    history(&path);
    let expected = {
        let mut store = Store::open(&path).unwrap();
        let clock = FixedClock::new(now());
        shown(&App::new(
            &mut store,
            &clock,
            settings(),
            "cadence.db".into(),
        ))
    };
    let mut store = Store::open(&path).unwrap();
    // Another file now has the name: a second connection is refused, so the progress is
    // read on the connection the cockpit already has.
    std::fs::rename(&path, dir.path().join("moved.db")).unwrap();
    std::fs::write(&path, b"").unwrap();
    let clock = FixedClock::new(now());
    let app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    assert!(expected.0.is_some());
    assert_eq!(shown(&app), expected);
}
