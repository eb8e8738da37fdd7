//! Whole-screen snapshots of the cockpit on the demo team at a fixed instant, drawn into
//! ratatui's TestBackend. Review changes with `cargo insta review` or by reading the diff.

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::{Clock, FixedClock};
use cadence::config::Settings;
use cadence::domain::WeekStart;
use cadence::store::Store;
use cadence::ui;
use chrono::{DateTime, TimeDelta, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod support;

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
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    Demo {
        _dir: dir,
        store,
        clock: FixedClock::new(now()),
    }
}

fn settings() -> Settings {
    Settings {
        zone: support::berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    }
}

fn screen(app: &App, width: u16, height: u16) -> TestBackend {
    screen_at(app, width, height, now())
}

fn screen_at(app: &App, width: u16, height: u16, at: DateTime<Utc>) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| {
            ui::draw(f, app.cockpit(), app.keymap(), at);
        })
        .unwrap();
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

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.dispatch(Action::Type(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

/// Ana's next 1:1 (Monday of next week), opened and given its purpose: coaching.
fn open_anas_next_one_on_one(app: &mut App) {
    for action in [
        Action::NextWeek,
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Down,
    ] {
        app.dispatch(action);
    }
    app.dispatch(Action::OpenMeeting);
    for action in [
        Action::Down,
        Action::Down,
        Action::Down,
        Action::Toggle,
        Action::Submit,
    ] {
        app.dispatch(action);
    }
}

#[test]
fn a_1_1_before_it_starts_shows_its_assembled_agenda() {
    let mut demo = demo();
    let mut app = App::new(&mut demo.store, &demo.clock, settings(), "demo.db".into());
    open_anas_next_one_on_one(&mut app);
    insta::assert_snapshot!(screen(&app, 120, 30));
}

#[test]
fn the_purpose_picker_opens_a_new_1_1() {
    let mut demo = demo();
    let mut app = App::new(&mut demo.store, &demo.clock, settings(), "demo.db".into());
    for action in [
        Action::NextWeek,
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Down,
    ] {
        app.dispatch(action);
    }
    app.dispatch(Action::OpenMeeting);
    app.dispatch(Action::Toggle);
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn mid_meeting_an_overrun_item_shows_its_overtime() {
    let mut demo = demo();
    let clock = &demo.clock;
    let mut app = App::new(&mut demo.store, clock, settings(), "demo.db".into());
    open_anas_next_one_on_one(&mut app);
    app.dispatch(Action::ToggleTimer);
    clock.advance(TimeDelta::minutes(12) + TimeDelta::seconds(20));
    app.dispatch(Action::EditNotes);
    type_text(
        &mut app,
        "Draft is half done; blocked on the account list from ops.",
    );
    app.dispatch(Action::Back);
    insta::assert_snapshot!(screen_at(&app, 120, 30, clock.now()));
}

#[test]
fn the_landing_collects_actions_and_the_rating() {
    let mut demo = demo();
    let clock = &demo.clock;
    let mut app = App::new(&mut demo.store, clock, settings(), "demo.db".into());
    open_anas_next_one_on_one(&mut app);
    app.dispatch(Action::ToggleTimer);
    clock.advance(TimeDelta::minutes(31));
    app.dispatch(Action::EndMeeting);
    app.dispatch(Action::AddAction);
    type_text(&mut app, "Finish the Q1 territory plan");
    app.dispatch(Action::NextField);
    app.dispatch(Action::NextField);
    type_text(&mut app, "fri");
    app.dispatch(Action::Submit);
    app.dispatch(Action::Rate(4));
    insta::assert_snapshot!(screen_at(&app, 120, 30, clock.now()));
}

#[test]
fn the_action_items_pane_shows_the_filter_in_force() {
    // Zoomed on the actions pane, overdue items only, sorted by seller, two rows marked.
    let actions = [
        Action::Focus(cadence::model::Pane::Actions),
        Action::ToggleZoom,
        Action::ToggleOverdue,
        Action::CycleSort,
        Action::ToggleMark,
        Action::ToggleMark,
    ];
    insta::assert_snapshot!(with_app(&actions, 120, 24));
}

#[test]
fn the_action_items_pane_searches_as_you_type() {
    let mut demo = demo();
    let mut app = App::new(&mut demo.store, &demo.clock, settings(), "demo.db".into());
    app.dispatch(Action::Focus(cadence::model::Pane::Actions));
    app.dispatch(Action::CycleStatus);
    app.dispatch(Action::CycleStatus);
    app.dispatch(Action::CycleStatus);
    app.dispatch(Action::Search);
    type_text(&mut app, "initech");
    insta::assert_snapshot!(screen(&app, 100, 20));
}

#[test]
fn the_review_walks_one_item_with_its_history() {
    // Overdue items come first; after keeping the first, the second is on screen.
    let actions = [Action::OpenReview, Action::Keep];
    insta::assert_snapshot!(with_app(&actions, 110, 36));
}

#[test]
fn the_review_ends_on_the_weeks_summary() {
    let actions = [Action::OpenReview, Action::MarkDone, Action::ShowSummary];
    insta::assert_snapshot!(with_app(&actions, 110, 40));
}

#[test]
fn scoring_a_call_mid_call() {
    let mut demo = demo();
    let clock = &demo.clock;
    let mut app = App::new(&mut demo.store, clock, settings(), "demo.db".into());
    app.dispatch(Action::Focus(cadence::model::Pane::Scorecard));
    app.dispatch(Action::ToggleZoom);
    app.dispatch(Action::NewScorecard);
    app.dispatch(Action::Submit); // Ana Ruiz, the discovery-call rubric
    clock.advance(TimeDelta::minutes(3));
    app.dispatch(Action::Score(2));
    app.dispatch(Action::Down);
    app.dispatch(Action::Score(0));
    app.dispatch(Action::Down);
    clock.advance(TimeDelta::minutes(9) + TimeDelta::seconds(34));
    app.dispatch(Action::Observe);
    type_text(
        &mut app,
        "Asked what happens if nothing changes this quarter",
    );
    app.dispatch(Action::Submit);
    app.dispatch(Action::Score(4));
    app.dispatch(Action::EditNotes);
    type_text(&mut app, "Three follow-ups on the budget question.");
    app.dispatch(Action::Back);
    insta::assert_snapshot!(screen_at(&app, 120, 30, clock.now()));
}

#[test]
fn the_team_heatmap_and_coverage() {
    let actions = [
        Action::Focus(cadence::model::Pane::Scorecard),
        Action::ToggleZoom,
    ];
    insta::assert_snapshot!(with_app(&actions, 100, 24));
}

#[test]
fn one_sellers_progress_with_trends() {
    // The last seller in the list: Hugo, the newest, watched every week.
    let actions = [
        Action::Focus(cadence::model::Pane::Scorecard),
        Action::ToggleZoom,
        Action::PrevSeller,
    ];
    insta::assert_snapshot!(with_app(&actions, 100, 24));
}

#[test]
fn the_review_summary_fits_a_small_terminal() {
    let actions = [Action::OpenReview, Action::ShowSummary];
    insta::assert_snapshot!(with_app(&actions, 80, 24));
}

#[test]
fn no_color_draws_every_state_without_colour_and_keeps_the_glyphs() {
    let mut demo = demo();
    let plain = Settings {
        theme: cadence::config::Theme::Plain,
        ..settings()
    };
    let app = App::new(&mut demo.store, &demo.clock, plain, "cadence.db".into());
    let backend = screen(&app, 200, 50);
    let buffer = backend.buffer();
    let coloured = buffer
        .content
        .iter()
        .filter(|c| c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset)
        .count();
    assert_eq!(coloured, 0, "no cell has a colour");
    // The states colour marks in the dark theme are still told apart: by glyphs and words.
    let text = backend.to_string();
    for glyph in ["✓", "✗", "→", "○", "!"] {
        assert!(text.contains(glyph), "{glyph} is on screen");
    }
    // Bold, reversed and dim carry emphasis, selection and the unfocused.
    insta::assert_debug_snapshot!(buffer);
}

#[test]
fn a_rebound_key_works_in_the_cockpit_and_shows_in_the_help() {
    use cadence::keymap::{Keymap, Rebinding};
    let mut demo = demo();
    let mut app = App::new(
        &mut demo.store,
        &demo.clock,
        settings(),
        "cadence.db".into(),
    );
    app.use_keymap(
        Keymap::with(&[Rebinding {
            scope: "week".into(),
            action: "next_week".into(),
            keys: vec!["n".into(), "]".into()],
        }])
        .unwrap(),
    );
    let week = app.cockpit().calendar.week;
    app.handle_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE));
    assert_eq!(app.cockpit().calendar.week, week.next());
    app.dispatch(Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app, 100, 40));
}

#[test]
fn a_message_names_the_key_in_force_not_the_default() {
    use cadence::keymap::{Keymap, Rebinding};
    let mut demo = demo();
    let mut app = App::new(
        &mut demo.store,
        &demo.clock,
        settings(),
        "cadence.db".into(),
    );
    app.use_keymap(
        Keymap::with(&[Rebinding {
            scope: "actions".into(),
            action: "undo".into(),
            keys: vec!["U".into()],
        }])
        .unwrap(),
    );
    app.dispatch(Action::Focus(cadence::model::Pane::Actions));
    app.dispatch(Action::MarkDone);
    let notice = format!("{:?}", app.cockpit().notice);
    assert!(notice.contains("1 item (U undoes)"), "{notice}");
}
