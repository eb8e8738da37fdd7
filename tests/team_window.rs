//! A team longer than the scorecard pane: the heatmap reads and shows only the sellers the
//! pane holds, scrolls with the chosen seller, and follows the terminal's size.

mod support;

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::model::Pane;
use cadence::store::{ActionChange, NewSeller, Store};
use chrono::NaiveDate;
use support::{now, settings};

/// A team of 30: the demo's 8 with their calls and 22 more, or, without calls, 30 sellers
/// never observed.
fn large_team(dir: &std::path::Path, with_calls: bool) -> Store {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    let more = if with_calls {
        cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
        22
    } else {
        30
    };
    for n in 1..=more {
        store
            .add_seller(&NewSeller {
                name: &format!("Seller {n:02}"),
                started_on: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
                motivation: "",
            })
            .unwrap();
    }
    store
}

/// The names in the heatmap as read.
fn rows(app: &App) -> Vec<String> {
    let map = app
        .cockpit()
        .progress
        .heatmap
        .as_ref()
        .expect("the team is read");
    map.rows.iter().map(|(name, _)| name.clone()).collect()
}

fn team(app: &App) -> Vec<String> {
    app.cockpit()
        .sellers
        .iter()
        .map(|s| s.name.clone())
        .collect()
}

#[test]
fn only_the_sellers_the_pane_shows_are_read_and_the_rows_follow_the_chosen_seller() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = large_team(dir.path(), true);
    let clock = FixedClock::new(now());
    // One pane at a time at 100x24: 20 lines inside the pane, 3 of them not sellers' rows.
    // Only the week's pane shows at first; the heatmap is read, for that size, when its
    // pane is chosen.
    let small = ratatui::layout::Rect::new(0, 0, 100, 24);
    let mut app = App::on_screen(&mut store, &clock, settings(), "cadence.db".into(), small);
    assert!(app.cockpit().progress.heatmap.is_none());
    app.dispatch(Action::Focus(Pane::Scorecard));
    assert_eq!(
        app.cockpit().progress.heatmap.as_ref().unwrap().rows.len(),
        17
    );
    let everyone = team(&app);
    assert_eq!(everyone.len(), 30);
    assert_eq!(rows(&app), everyone[..17]);
    // The coverage is still of everyone: who was not watched is never scrolled away.
    assert_eq!(app.cockpit().progress.coverage.len(), 30);

    // Down within the rows shown scrolls nothing.
    for _ in 0..16 {
        app.dispatch(Action::Down);
    }
    assert_eq!(app.cockpit().progress.seller, 16);
    assert_eq!(rows(&app), everyone[..17]);
    // One more, and the rows move by one.
    app.dispatch(Action::Down);
    assert_eq!(rows(&app), everyone[1..18]);
    // The last seller: the last rows, the pane full.
    app.dispatch(Action::Bottom);
    assert_eq!(app.cockpit().progress.seller, 29);
    assert_eq!(rows(&app), everyone[13..]);
    // The chosen seller's own view is the one chosen in the team.
    app.dispatch(Action::ToggleProgressView);
    let theirs = app.cockpit().progress.progress.as_ref().unwrap();
    assert_eq!(theirs.seller, everyone[29]);
    app.dispatch(Action::ToggleProgressView);
    app.dispatch(Action::Top);
    assert_eq!(rows(&app), everyone[..17]);
    // Paging one seller's progress leaves the team's rows where they are (they do not
    // show); back in the team's view they scroll to the seller chosen meanwhile.
    for _ in 0..20 {
        app.dispatch(Action::NextSeller);
    }
    assert_eq!(app.cockpit().progress.seller, 20);
    assert_eq!(rows(&app), everyone[..17]);
    app.dispatch(Action::ToggleProgressView);
    assert_eq!(rows(&app), everyone[4..21]);
    app.dispatch(Action::Top);

    // A taller terminal shows more rows, and they are read.
    app.dispatch(Action::Resized {
        width: 100,
        height: 40,
    });
    assert_eq!(rows(&app), everyone[..33.min(everyone.len())]);
    // All four panes at 200x50: the pane's own share of the screen, 20 lines inside.
    app.dispatch(Action::Resized {
        width: 200,
        height: 50,
    });
    assert_eq!(rows(&app), everyone[..17]);
}

#[test]
fn the_action_list_reads_what_its_pane_holds_at_the_size_of_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = large_team(dir.path(), true);
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    // 200x50 shows all four panes: 18 rows of items, and 16 more read around them.
    assert_eq!(app.cockpit().actions.rows, 18);
    app.dispatch(Action::Resized {
        width: 200,
        height: 30,
    });
    // Below 40 lines one pane at a time: 30 - status - tabs - borders - 2 header lines.
    assert_eq!(app.cockpit().actions.rows, 24);
    // Zooming the pane on a large screen gives it the whole screen.
    app.dispatch(Action::Resized {
        width: 200,
        height: 50,
    });
    app.dispatch(Action::Focus(Pane::Actions));
    app.dispatch(Action::ToggleZoom);
    assert_eq!(app.cockpit().actions.rows, 44);
}

/// The screen drawn at `width`x`height`, as text.
fn drawn(app: &App, width: u16, height: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            cadence::ui::draw(frame, app.cockpit(), app.keymap(), now());
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(usize::from(width))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_seller_row_read_is_drawn_with_or_without_calls_observed() {
    for with_calls in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = large_team(dir.path(), with_calls);
        let clock = FixedClock::new(now());
        let small = ratatui::layout::Rect::new(0, 0, 100, 24);
        let mut app = App::on_screen(&mut store, &clock, settings(), "cadence.db".into(), small);
        app.dispatch(Action::Focus(Pane::Scorecard));
        let read = rows(&app);
        assert_eq!(read.len(), 17);
        let screen = drawn(&app, 100, 24);
        for name in &read {
            assert!(
                screen.contains(name.as_str()),
                "{name} is read, not drawn:\n{screen}"
            );
        }
        // The chosen seller's row is on screen at the bottom of the rows read, and at the end.
        for _ in 0..16 {
            app.dispatch(Action::Down);
        }
        let chosen = format!("▸{}", read[16]);
        assert!(
            drawn(&app, 100, 24).contains(&chosen),
            "calls: {with_calls}"
        );
        app.dispatch(Action::Bottom);
        let last = format!("▸{}", team(&app)[29]);
        let screen = drawn(&app, 100, 24);
        assert!(screen.contains(&last), "calls: {with_calls}\n{screen}");
        assert!(screen.contains("Team 14–30 of 30"), "{screen}");
    }
}

#[test]
fn a_pane_hidden_by_a_zoom_is_read_when_it_shows_again_not_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = large_team(dir.path(), true);
    let mut other = Store::open(&dir.path().join("cadence.db")).unwrap();
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    let open = app.cockpit().actions.list.total;
    let first = app.cockpit().actions.list.items[0].id;
    // The meeting pane alone, as while a 1:1 runs.
    app.dispatch(Action::Focus(Pane::Meeting));
    app.dispatch(Action::ToggleZoom);
    assert!(!app.cockpit().shows(Pane::Actions));
    // Another program closes an item: the cockpit notices, and reads no hidden list.
    other
        .change_actions(&[first], &ActionChange::Done, now())
        .unwrap();
    app.reload_if_changed();
    assert_eq!(
        app.cockpit().actions.list.total,
        open,
        "not read while hidden"
    );
    // Shown again, the list is read, without the item.
    app.dispatch(Action::ToggleZoom);
    let view = &app.cockpit().actions;
    assert_eq!(view.list.total, open - 1);
    assert!(view.list.items.iter().all(|a| a.id != first));
    // One pane at a time on a small screen: the list is read when its tab is chosen.
    other
        .change_actions(&[view.list.items[0].id], &ActionChange::Done, now())
        .unwrap();
    app.dispatch(Action::Resized {
        width: 100,
        height: 30,
    });
    app.reload_if_changed();
    assert_eq!(app.cockpit().actions.list.total, open - 1);
    app.dispatch(Action::Focus(Pane::Actions));
    assert_eq!(app.cockpit().actions.list.total, open - 2);
}
