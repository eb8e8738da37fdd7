//! Whole-screen snapshots of the cockpit on the demo team at a fixed instant, drawn into
//! ratatui's TestBackend. Review changes with `cargo insta review` or by reading the diff.

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::config::Settings;
use cadence::domain::WeekStart;
use cadence::store::Store;
use cadence::ui;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn now() -> DateTime<Utc> {
    // Friday of 2026-W48, 11:00 in Berlin.
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

struct Demo {
    _dir: tempfile::TempDir,
    store: Store,
    clock: FixedClock,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, Berlin, now()).unwrap();
    Demo {
        _dir: dir,
        store,
        clock: FixedClock(now()),
    }
}

fn settings() -> Settings {
    Settings {
        zone: Berlin,
        week_start: WeekStart::Monday,
    }
}

fn screen(app: &App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::draw(f, app.cockpit(), now())).unwrap();
    terminal.backend().clone()
}

fn with_app(actions: &[Action], width: u16, height: u16) -> TestBackend {
    let mut demo = demo();
    let mut app = App::new(
        &mut demo.store,
        &demo.clock,
        settings(),
        "~/.local/share/cadence/cadence.db".into(),
    );
    for action in actions {
        app.dispatch(action.clone());
    }
    screen(&app, width, height)
}

#[test]
fn cockpit_80x24_shows_one_pane_with_tabs() {
    insta::assert_snapshot!(with_app(&[], 80, 24));
}

#[test]
fn cockpit_200x50_shows_all_four_panes() {
    insta::assert_snapshot!(with_app(&[], 200, 50));
}

#[test]
fn cockpit_160x40_after_selecting_a_canceled_meeting() {
    // Monday: the team meeting, then Ana's canceled 1:1.
    let actions = [
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Down,
    ];
    insta::assert_snapshot!(with_app(&actions, 160, 40));
}

#[test]
fn a_terminal_too_small_asks_to_be_bigger() {
    insta::assert_snapshot!(with_app(&[], 40, 10));
}

#[test]
fn help_lists_the_keys_of_the_focused_pane() {
    insta::assert_snapshot!(with_app(&[Action::ToggleHelp], 100, 40));
}

#[test]
fn the_cancel_dialog_asks_why() {
    insta::assert_snapshot!(with_app(&[Action::CancelMeeting, Action::Submit], 100, 30));
}

#[test]
fn the_cadence_builder_lists_the_rules() {
    insta::assert_snapshot!(with_app(&[Action::OpenCadence], 120, 30));
}

#[test]
fn the_next_week_shows_the_one_off_meetings() {
    insta::assert_snapshot!(with_app(&[Action::NextWeek], 120, 30));
}
