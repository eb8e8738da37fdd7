//! Text at the edges: a 100 kB note, a 2,000-character title, titles that are blank. Saved,
//! shown and read back whole, quickly; blanks refused with a message, in the cockpit and on
//! the command line, with nothing written.

mod support;

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::model::{Overlay, Pane};
use cadence::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};
use support::{demo_db, now, run, settings, stderr, stdout};

/// Every action item, open or not.
fn all_actions(store: &Store) -> cadence::store::ActionList {
    let filter = cadence::domain::actions::ActionFilter {
        status: cadence::domain::actions::StatusFilter::All,
        ..Default::default()
    };
    let today = now().date_naive();
    store
        .list_actions(
            &filter,
            Default::default(),
            today,
            (today, today),
            cadence::store::LIST_LIMIT,
        )
        .unwrap()
}

fn demo_store(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    store
}

fn draw(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().to_string()
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// Ana's next 1:1 (Monday of next week), opened with a purpose and its timer running.
fn open_anas_next_one_on_one(app: &mut App) {
    for action in [
        Action::Focus(Pane::Week),
        Action::NextWeek,
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Left,
        Action::Down,
        Action::OpenMeeting,
        Action::Toggle,
        Action::Submit,
        Action::ToggleTimer,
    ] {
        app.dispatch(action);
    }
    assert!(app.cockpit().live.is_some(), "Ana's 1:1 is open");
}

/// The error line of the form on top, if a form is open.
fn form_error(app: &App) -> Option<String> {
    match app.cockpit().overlays.last() {
        Some(Overlay::Form(dialog)) => dialog.form.error.clone(),
        _ => None,
    }
}

/// About 100 kB of notes in lines of every script, typed in the editor.
fn long_note() -> String {
    let line = "Pipeline 王秀英 عربي עברית e\u{301} 👩\u{200d}👩\u{200d}👧: next step agreed, \
                the account list is due from ops on Friday.";
    let mut note = String::new();
    let mut i = 0;
    while note.len() < 100_000 {
        note.push_str(&format!("{i:04} {line}\n"));
        i += 1;
    }
    note.push_str("the end");
    note
}

#[test]
fn a_100_kb_note_is_saved_shown_and_read_back_whole_in_good_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let clock = FixedClock::new(now());
    let note = long_note();
    let started = Instant::now();
    let item = {
        let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
        open_anas_next_one_on_one(&mut app);
        app.dispatch(Action::EditNotes);
        app.dispatch(Action::Edited(note.clone()));
        // And a few lines more typed at its end, key by key. (Each key costs ratatui-textarea
        // a pass over the whole text, which it maps to the screen again: linear in the
        // note's size per key, a few milliseconds at 100 kB in a debug build.)
        type_text(&mut app, &"typed at the end of a long note\n".repeat(3));
        // Written once typing pauses.
        clock.advance(chrono::TimeDelta::milliseconds(300));
        app.dispatch(Action::Tick);
        let screen = draw(&mut app, 160, 40);
        assert!(
            screen.contains("typed at the end of a long note"),
            "{screen}"
        );
        let live = app.cockpit().live.as_ref().unwrap();
        live.items[live.selected].item.id
    };
    let stored = store
        .one_on_one(store.live_one_on_one().unwrap().unwrap())
        .unwrap();
    let notes = &stored.items.iter().find(|i| i.id == item).unwrap().notes;
    assert!(notes.starts_with(&note), "the note was cut");
    assert_eq!(
        notes.len(),
        note.len() + "typed at the end of a long note\n".len() * 3
    );
    // Reopened, it is all there and draws.
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    app.resume_live();
    draw(&mut app, 160, 40);
    let live = app.cockpit().live.as_ref().unwrap();
    let shown = live
        .items
        .iter()
        .find(|i| i.item.id == item)
        .unwrap()
        .shared
        .lines()
        .join("\n");
    assert_eq!(&shown, notes);
    // Debug build, shared machine: a quadratic cost would take minutes, not seconds.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_2000_character_title_is_kept_whole_and_drawn_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let clock = FixedClock::new(now());
    let title: String = "Send the revised 王秀英 proposal; "
        .chars()
        .cycle()
        .take(2000)
        .collect();
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    app.dispatch(Action::Focus(Pane::Actions));
    app.dispatch(Action::AddAction);
    type_text(&mut app, &title);
    app.dispatch(Action::Submit);
    assert_eq!(form_error(&app), None);
    for (w, h) in [(200, 50), (160, 40), (80, 24), (60, 16)] {
        draw(&mut app, w, h);
    }
    // An agenda item as long, in a live 1:1.
    open_anas_next_one_on_one(&mut app);
    app.dispatch(Action::AddItem);
    type_text(&mut app, &title);
    app.dispatch(Action::Submit);
    assert_eq!(form_error(&app), None);
    for (w, h) in [(200, 50), (120, 30), (60, 16)] {
        draw(&mut app, w, h);
    }
    let meeting = app.cockpit().live.as_ref().unwrap().meeting_id();
    drop(app);
    let kept = all_actions(&store);
    assert!(
        kept.items.iter().any(|a| a.title == title.trim()),
        "the action item's title was not kept whole"
    );
    let one = store.one_on_one(meeting).unwrap();
    assert!(one.items.iter().any(|i| i.title == title.trim()));
}

#[test]
fn blank_titles_are_refused_in_the_cockpit_forms() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let clock = FixedClock::new(now());
    let before = all_actions(&store).total;
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    for blank in ["", "   ", "\u{3000}\u{a0}"] {
        app.dispatch(Action::Focus(Pane::Actions));
        app.dispatch(Action::AddAction);
        type_text(&mut app, blank);
        app.dispatch(Action::Submit);
        let error = form_error(&app).unwrap_or_else(|| panic!("{blank:?} was accepted"));
        assert!(error.contains("title"), "{error}");
        app.dispatch(Action::Back);
    }
    open_anas_next_one_on_one(&mut app);
    let items = app.cockpit().live.as_ref().unwrap().items.len();
    for blank in ["", "  \t", "\u{3000}"] {
        app.dispatch(Action::AddItem);
        type_text(&mut app, blank);
        app.dispatch(Action::Submit);
        let error = form_error(&app).unwrap_or_else(|| panic!("{blank:?} was accepted"));
        assert!(error.contains("title"), "{error}");
        app.dispatch(Action::Back);
    }
    assert_eq!(app.cockpit().live.as_ref().unwrap().items.len(), items);
    // The landing's action items too.
    app.dispatch(Action::EndMeeting);
    app.dispatch(Action::AddAction);
    type_text(&mut app, "    ");
    app.dispatch(Action::Submit);
    let error = form_error(&app).expect("a blank landing action was accepted");
    assert!(error.contains("title"), "{error}");
    drop(app);
    let after = all_actions(&store).total;
    assert_eq!(after, before, "nothing was written");
}

#[test]
fn blank_titles_and_names_are_refused_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let list = || {
        stdout(&run(
            dir.path(),
            &["actions", "list", "--all", "--db", &db, "--format", "json"],
        ))
    };
    let sellers = || stdout(&run(dir.path(), &["seller", "list", "--db", &db]));
    let (actions_before, sellers_before) = (list(), sellers());
    for blank in ["", "   ", "\t \u{3000}"] {
        for args in [
            vec!["actions", "add", blank, "--seller", "Ana Ruiz", "--db", &db],
            vec!["agenda", "add", "--seller", "Ana Ruiz", blank, "--db", &db],
            vec!["seller", "add", blank, "--db", &db],
        ] {
            let out = run(dir.path(), &args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{args:?} was not refused: {}",
                stdout(&out)
            );
            let message = stderr(&out);
            assert_eq!(message.trim().lines().count(), 1, "{args:?}: {message}");
            assert!(
                ["title", "name", "text", "empty"]
                    .iter()
                    .any(|w| message.to_lowercase().contains(w)),
                "{args:?}: {message}"
            );
        }
    }
    assert_eq!(list(), actions_before, "nothing was written");
    assert_eq!(sellers(), sellers_before, "nothing was written");
}

#[test]
fn a_2000_character_title_from_the_command_line_is_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let title: String = "Draft the 王秀英 renewal email; "
        .chars()
        .cycle()
        .take(2000)
        .collect();
    let title = title.trim().to_string();
    let out = run(
        dir.path(),
        &[
            "actions", "add", &title, "--seller", "Ana Ruiz", "--db", &db,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(
        dir.path(),
        &["actions", "list", "--db", &db, "--format", "json"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["title"] == title.as_str()),
        "not kept whole"
    );
    let out = run(dir.path(), &["actions", "list", "--db", &db]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Found testing weeks: `cadence week --format json | head` printed an error report with a
/// backtrace when head stopped reading, since the broken pipe came wrapped in the JSON
/// writer's error.
#[test]
fn a_reader_that_stops_reading_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for args in [
        vec!["week", "--format", "json"],
        vec!["actions", "list", "--all", "--format", "csv"],
        vec!["export", "json"],
        vec!["week"],
    ] {
        let mut child = support::cadence(dir.path())
            .args(&args)
            .args(["--db", &db])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before cadence writes a byte.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn a_title_past_its_limit_is_refused_in_the_cockpits_form_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let before = all_actions(&store).total;
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    app.dispatch(Action::Focus(Pane::Actions));
    app.dispatch(Action::AddAction);
    type_text(&mut app, &"t".repeat(2001));
    app.dispatch(Action::Submit);
    let error = form_error(&app).expect("the form stays open with the reason");
    assert!(
        error.contains("an action item's title may be at most 2000 characters; this one has 2001"),
        "{error}"
    );
    drop(app);
    assert_eq!(all_actions(&store).total, before, "nothing was added");
}
