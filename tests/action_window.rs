//! The action list is read around the selection. Here another program changes the list
//! under the cockpit: the selection stays on a row that is read, and marks stay only on
//! rows the filter still keeps, wherever they are in the list.

mod support;

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::domain::actions::{ActionFilter, Sort};
use cadence::model::Pane;
use cadence::store::{ActionChange, GenSpec, Store};
use chrono::NaiveDate;
use support::{now, settings};

/// A team with more open items than a screen reads at once, another program's connection
/// to it, and its open items in the cockpit's first order as that program reads them.
fn history() -> (tempfile::TempDir, Store, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let spec = GenSpec {
        sellers: 20,
        years: 2,
        seed: 5,
    };
    store.generate(spec, support::berlin(), now()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let open = store
        .list_actions(
            &ActionFilter::default(),
            Sort::Due,
            today,
            (today, today),
            usize::MAX,
        )
        .unwrap()
        .items
        .iter()
        .map(|a| a.id)
        .collect();
    (dir, store, open)
}

/// The cockpit on `store` in a 100x40 terminal, on the action items pane.
fn actions_pane<'a>(store: &'a mut Store, clock: &'a FixedClock) -> App<'a> {
    let mut app = App::new(store, clock, settings(), "cadence.db".into());
    app.dispatch(Action::Resized {
        width: 100,
        height: 40,
    });
    app.dispatch(Action::Focus(Pane::Actions));
    app
}

#[test]
fn a_list_that_shrinks_under_the_selection_keeps_it_on_its_new_last_row() {
    let (dir, mut other, open) = history();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut app = actions_pane(&mut store, &clock);
    let view = &app.cockpit().actions;
    assert_eq!(view.list.total, open.len());
    assert!(
        view.list.items.len() < open.len(),
        "only some rows are read"
    );
    app.dispatch(Action::Bottom);
    assert_eq!(app.cockpit().actions.selected, open.len() - 1);
    // Another program closes all but ten of them.
    other
        .change_actions(&open[10..], &ActionChange::Done, now())
        .unwrap();
    app.reload_if_changed();
    let view = &app.cockpit().actions;
    assert_eq!(view.list.total, 10);
    assert_eq!(view.selected, 9);
    assert_eq!(view.selected_item().map(|a| a.id), Some(open[9]));
}

#[test]
fn a_mark_scrolled_away_goes_when_another_program_closes_its_row() {
    let (dir, mut other, open) = history();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut app = actions_pane(&mut store, &clock);
    // The first two rows marked, then the selection taken far below them.
    app.dispatch(Action::ToggleMark);
    app.dispatch(Action::ToggleMark);
    app.dispatch(Action::Bottom);
    let view = &app.cockpit().actions;
    assert!(view.list.offset > 1, "the marked rows are no longer read");
    assert_eq!(view.marked.len(), 2);
    other
        .change_actions(&open[..1], &ActionChange::Done, now())
        .unwrap();
    app.reload_if_changed();
    let marked: Vec<i64> = app.cockpit().actions.marked.keys().copied().collect();
    assert_eq!(
        marked,
        vec![open[1]],
        "the closed row's mark went, the other stayed"
    );
}
