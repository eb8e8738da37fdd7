//! The mouse: a click focuses the pane and selects the row it lands on, the wheel moves a
//! pane's selection, and a dialog ignores both. Clicks are given as screen cells, found by
//! the text drawn there, on the demo team at a fixed instant.

mod support;

use cadence::action::{Action, Target};
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::model::Pane;
use cadence::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use support::{now, settings};

/// The demo team in a temporary database, and a clock stopped at the tests' instant.
fn demo() -> (tempfile::TempDir, Store, FixedClock) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    (dir, store, FixedClock::new(now()))
}

/// Draws the app at 200x50 and returns the screen's lines.
fn draw(app: &mut App, terminal: &mut Terminal<TestBackend>) -> Vec<String> {
    terminal.draw(|f| app.draw(f)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// The cell where `text` is first drawn, searching from line `from`.
fn cell_of(lines: &[String], text: &str, from: usize) -> (u16, u16) {
    for (y, line) in lines.iter().enumerate().skip(from) {
        if let Some(byte) = line.find(text) {
            let x = line[..byte].chars().count();
            return (x as u16, y as u16);
        }
    }
    panic!("{text} is not on screen:\n{}", lines.join("\n"));
}

fn mouse(kind: MouseEventKind, (column, row): (u16, u16)) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

fn click(at: (u16, u16)) -> MouseEvent {
    mouse(MouseEventKind::Down(MouseButton::Left), at)
}

#[test]
fn clicks_focus_panes_and_select_meetings_and_action_items() {
    let (_dir, mut store, clock) = demo();
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let lines = draw(&mut app, &mut terminal);

    // Friday's joint call with Grace, in the calendar.
    app.handle_mouse(click(cell_of(&lines, "Grace Liu", 1)));
    let selected = app.cockpit().calendar.selected().unwrap();
    assert_eq!(selected.who(), "Grace Liu");
    assert_eq!(app.cockpit().focus, Pane::Week);

    // The second row of the action items list: focus moves there and selects it.
    let header = cell_of(&lines, "Title", 20);
    app.handle_mouse(click((header.0 + 2, header.1 + 2)));
    assert_eq!(app.cockpit().focus, Pane::Actions);
    assert_eq!(app.cockpit().actions.selected, 1);

    // The wheel over the action items moves the selection down one.
    let lines = draw(&mut app, &mut terminal);
    let header = cell_of(&lines, "Title", 20);
    app.handle_mouse(mouse(MouseEventKind::ScrollDown, (header.0, header.1 + 4)));
    assert_eq!(app.cockpit().actions.selected, 2);

    // An empty part of the scorecard pane focuses it.
    let title = cell_of(&lines, "3 Scorecard", 20);
    app.handle_mouse(click((title.0, title.1 + 3)));
    assert_eq!(app.cockpit().focus, Pane::Scorecard);
}

#[test]
fn a_dialog_ignores_the_mouse_and_a_click_outside_the_cockpit_means_nothing() {
    let (_dir, mut store, clock) = demo();
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let lines = draw(&mut app, &mut terminal);
    app.dispatch(Action::ToggleHelp);
    app.handle_mouse(click(cell_of(&lines, "Title", 20)));
    assert_eq!(app.cockpit().focus, Pane::Week);
    assert_eq!(app.cockpit().overlays.len(), 1, "help is still open");
    app.dispatch(Action::Back);
    app.handle_mouse(click((500, 500)));
    assert_eq!(app.cockpit().focus, Pane::Week);
}

#[test]
fn a_click_while_typing_notes_saves_them_and_stops_typing() {
    let (_dir, mut store, clock) = demo();
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    // Next Monday's 1:1 with Ana, coaching, writing notes on the first item.
    app.dispatch(Action::NextWeek);
    for _ in 0..4 {
        app.dispatch(Action::Left);
    }
    app.dispatch(Action::Down);
    app.dispatch(Action::OpenMeeting);
    for _ in 0..3 {
        app.dispatch(Action::Down);
    }
    app.dispatch(Action::Toggle);
    app.dispatch(Action::Submit);
    app.dispatch(Action::EditNotes);
    for c in "Pipeline".chars() {
        let key = ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            KeyModifiers::NONE,
        );
        app.dispatch(Action::Type(key));
    }
    assert!(app.cockpit().live.as_ref().unwrap().typing);
    let meeting = app.cockpit().live.as_ref().map(|l| l.meeting_id()).unwrap();
    app.dispatch(Action::Click(Target::Pane(Pane::Actions)));
    let live = app.cockpit().live.as_ref().unwrap();
    assert!(!live.typing);
    assert_eq!(app.cockpit().focus, Pane::Actions);
    drop(app);
    let one = store.one_on_one(meeting).unwrap();
    assert_eq!(one.items[0].notes, "Pipeline");
}

#[test]
fn a_long_action_list_scrolled_to_its_end_shows_and_clicks_its_last_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    let spec = cadence::store::GenSpec {
        sellers: 12,
        years: 2,
        seed: 3,
    };
    store.generate(spec, support::berlin(), now()).unwrap();
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    app.dispatch(Action::Focus(Pane::Actions));
    app.dispatch(Action::CycleSort);
    app.dispatch(Action::CycleSort);
    let total = app.cockpit().actions.list.total;
    assert!(total > 40, "more items than the pane shows: {total}");
    let read = app.cockpit().actions.list.items.len();
    assert!(
        read < total,
        "only the rows around the selection are read: {read} of {total}"
    );
    // The title of row `i` of the whole list, from the rows the cockpit read around it.
    let title = |app: &App, i: usize| {
        let view = &app.cockpit().actions;
        let item = &view.list.items[i - view.list.offset];
        item.title.chars().take(12).collect::<String>()
    };
    app.dispatch(Action::Bottom);
    assert_eq!(app.cockpit().actions.selected, total - 1);
    let lines = draw(&mut app, &mut terminal);
    // The last item is drawn; clicking the row above it selects the one before it.
    let last = cell_of(&lines, &title(&app, total - 1), 22);
    app.handle_mouse(click((last.0, last.1 - 1)));
    assert_eq!(app.cockpit().actions.selected, total - 2);
    app.dispatch(Action::Top);
    let lines = draw(&mut app, &mut terminal);
    let first = cell_of(&lines, &title(&app, 0), 22);
    app.handle_mouse(click((first.0, first.1 + 1)));
    assert_eq!(app.cockpit().actions.selected, 1);
}
