//! A manager's session in the cockpit, in process, one action at a time with a frame drawn
//! after each: the path the whole-app checks (query plans, history cost) follow.

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::config::Settings;
use cadence::domain::WeekStart;
use cadence::model::Pane;
use cadence::store::Store;
use cadence::zone::Zone;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn berlin() -> Zone {
    Zone::named("Europe/Berlin").unwrap()
}

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// What a manager does in a session, one keystroke at a time, drawing after each. `step`
/// is told when each step is done: `None` for opening the cockpit, then each action.
pub fn a_session(store: &mut Store, mut keys: Vec<Action>, mut step: impl FnMut(Option<&Action>)) {
    let clock = FixedClock::new(now());
    let settings = Settings {
        zone: berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    };
    let mut app = App::new(store, &clock, settings, "plans".into());
    app.resume_live();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    step(None);
    keys.extend([
        Action::Focus(Pane::Week),
        Action::Right,
        Action::Down,
        Action::Left,
        Action::Up,
        Action::NextWeek,
        Action::PrevWeek,
        Action::PrevWeek,
        Action::ThisWeek,
        Action::Focus(Pane::Meeting),
        Action::EditNotes,
        Action::Type(key('a')),
        Action::Tick,
        Action::Back,
        Action::Down,
        Action::Focus(Pane::Scorecard),
        Action::Score(3),
        Action::Down,
        Action::Score(0),
        Action::Focus(Pane::Actions),
        Action::Down,
        Action::Up,
        Action::Bottom,
        Action::Top,
        Action::ToggleOverdue,
        Action::ToggleOverdue,
        Action::ToggleDueThisWeek,
        Action::ToggleDueThisWeek,
        Action::CycleOwner,
        Action::CycleOwner,
        Action::CycleOwner,
    ]);
    // Each status in each order, to the end of the list and back: the done items are
    // long enough for a window read deep in them.
    for _ in 0..4 {
        keys.push(Action::CycleStatus);
        for _ in 0..3 {
            keys.extend([Action::CycleSort, Action::Bottom, Action::Up, Action::Top]);
        }
    }
    keys.extend([
        Action::NextSeller,
        Action::PrevSeller,
        Action::ClearFilters,
        Action::OpenReview,
        Action::Keep,
        Action::ShowSummary,
        Action::Back,
    ]);
    for action in keys {
        app.dispatch(action.clone());
        terminal.draw(|f| app.draw(f)).unwrap();
        step(Some(&action));
    }
}

/// The keys of the scorecard pane between calls, where it shows the team's progress.
pub fn progress_keys() -> Vec<Action> {
    vec![
        Action::Focus(Pane::Scorecard),
        Action::NextSeller,
        Action::PrevSeller,
        Action::NextRubric,
        Action::ToggleProgressView,
        Action::ToggleProgressView,
    ]
}
