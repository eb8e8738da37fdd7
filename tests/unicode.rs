//! Names, titles and notes in every script: wide CJK, emoji joined with zero-width joiners,
//! right-to-left Arabic and Hebrew, combining accents and Hangul spelled in jamo. The
//! cockpit's columns stay aligned (snapshots, and checks of where columns start), and the
//! cursor in a text steps over what the screen shows as one character.

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::domain::agenda::Owner;
use cadence::store::{ActionDraft, NewMeeting, NewSeller, Store};
use chrono::{NaiveDate, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A family (woman, woman, girl) joined with zero-width joiners: one glyph, two cells.
const FAMILY: &str = "👩\u{200d}👩\u{200d}👧";
/// 김민준 spelled in conjoining jamo (decomposed), three syllables on screen.
const HANGUL_JAMO: &str =
    "\u{1100}\u{1175}\u{11b7}\u{1106}\u{1175}\u{11ab}\u{110c}\u{116e}\u{11ab}";

const SELLERS: [&str; 6] = [
    "王秀英",
    "عربي حداد",
    "עברית כהן",
    "Zoe\u{301} Martin",
    HANGUL_JAMO,
    "Ana 👩\u{200d}👩\u{200d}👧 Ruiz",
];

mod support;

use support::{now, settings};

/// A team named in six scripts, each with a 1:1 on Friday and an action item.
fn team(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    for (i, name) in SELLERS.iter().enumerate() {
        let id = store
            .add_seller(&NewSeller {
                name,
                started_on: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
                motivation: "",
            })
            .unwrap();
        store
            .add_meeting(&NewMeeting {
                seller_id: Some(id),
                kind: cadence::domain::Kind::OneOnOne,
                starts_at: support::berlin()
                    .with_ymd_and_hms(2026, 11, 27, 12 + i as u32, 0, 0)
                    .unwrap()
                    .to_utc(),
                minutes: 30,
            })
            .unwrap();
        let title = match i {
            0 => "审阅第一季度的销售预测".to_string(),
            1 => "أرسل العرض المعدل".to_string(),
            2 => "לשלוח את ההצעה המעודכנת".to_string(),
            3 => "Re\u{301}sume\u{301} the de\u{301}marche".to_string(),
            4 => format!("{HANGUL_JAMO} 제안서 보내기"),
            _ => format!("Plan the {FAMILY} offsite"),
        };
        store
            .add_action(
                &ActionDraft {
                    seller_id: id,
                    title,
                    owner: Owner::Seller,
                    due_on: NaiveDate::from_ymd_opt(2026, 11, 30),
                },
                now(),
            )
            .unwrap();
    }
    store
}

fn draw(app: &mut App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().clone()
}

/// The cell (x) where `needle` starts on row `y`, counting cells as the screen does.
fn column_of(backend: &TestBackend, y: u16, needle: &str) -> Option<u16> {
    let buffer = backend.buffer();
    let width = buffer.area.width;
    let cells: Vec<(u16, &str)> = (0..width).map(|x| (x, buffer[(x, y)].symbol())).collect();
    let first = needle.chars().next()?.to_string();
    cells.iter().enumerate().find_map(|(i, (x, symbol))| {
        if *symbol != first {
            return None;
        }
        let text: String = cells[i..].iter().map(|(_, s)| *s).collect();
        text.starts_with(needle).then_some(*x)
    })
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_cockpit_keeps_its_columns_in_every_script() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = team(dir.path());
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    let screen = draw(&mut app, 200, 50);
    insta::assert_snapshot!(screen);
    // The action items table: every row's due column starts where its header does.
    let header_y = (0..50)
        .find(|&y| {
            column_of(&screen, y, "Due").is_some() && column_of(&screen, y, "Title").is_some()
        })
        .expect("the action items header");
    let due_x = column_of(&screen, header_y, "Due").unwrap();
    for y in header_y + 1..header_y + 1 + SELLERS.len() as u16 {
        assert_eq!(
            column_of(&screen, y, "in 3d"),
            Some(due_x),
            "row {y} of the action items is out of line"
        );
    }
    // The scorecard's heatmap: every seller's first cell in one column.
    let cells: Vec<Option<u16>> = (0..50)
        .map(|y| column_of(&screen, y, "·     ·     ·"))
        .filter(Option::is_some)
        .collect();
    assert_eq!(cells.len(), SELLERS.len(), "a heatmap row per seller");
    assert!(
        cells.iter().all(|x| *x == cells[0]),
        "heatmap rows: {cells:?}"
    );
}

/// Opens the 1:1 with 王秀英 (today's first), picks a purpose, starts the timer.
fn open_wang(app: &mut App) {
    app.dispatch(Action::OpenMeeting);
    app.dispatch(Action::Toggle);
    app.dispatch(Action::Submit);
    app.dispatch(Action::ToggleTimer);
}

#[test]
fn a_live_meeting_keeps_its_agenda_columns_with_titles_and_notes_in_every_script() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = team(dir.path());
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    open_wang(&mut app);
    let live = app.cockpit().live.as_ref().expect("the 1:1 is open");
    assert_eq!(live.one.meeting.seller.as_ref().unwrap().name, "王秀英");
    for title in ["审阅预测", "عربي עברית", FAMILY, HANGUL_JAMO] {
        app.dispatch(Action::AddItem);
        type_text(&mut app, title);
        app.dispatch(Action::Submit);
    }
    app.dispatch(Action::EditNotes);
    type_text(
        &mut app,
        &format!("王秀英: 好的 · عربي · עברית · Zoe\u{301} · {FAMILY} · {HANGUL_JAMO}"),
    );
    app.dispatch(Action::Back);
    let screen = draw(&mut app, 120, 30);
    insta::assert_snapshot!(screen);
    // Every agenda row puts its owner in the same column.
    let rows: Vec<u16> = (0..30)
        .filter(|&y| {
            let owner = column_of(&screen, y, "seller ").or(column_of(&screen, y, "manager"));
            owner.is_some() && column_of(&screen, y, "00:00 / ").is_some()
        })
        .collect();
    assert!(rows.len() >= 8, "agenda rows: {rows:?}");
    let owner_x = |y| column_of(&screen, y, "seller ").or(column_of(&screen, y, "manager"));
    let first = owner_x(rows[0]);
    for y in rows {
        assert_eq!(owner_x(y), first, "agenda row {y} is out of line");
    }
}

#[test]
fn the_cursor_steps_over_a_grapheme_as_the_screen_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = team(dir.path());
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    open_wang(&mut app);
    app.dispatch(Action::EditNotes);
    let notes = |app: &App| {
        let live = app.cockpit().live.as_ref().unwrap();
        live.items[live.selected].shared.lines().join("\n")
    };
    type_text(&mut app, &format!("e\u{301}{FAMILY}{HANGUL_JAMO}"));
    // Left over 준, then over the family: each one step.
    key(&mut app, KeyCode::Left);
    type_text(&mut app, "|");
    assert_eq!(
        notes(&app),
        format!(
            "e\u{301}{FAMILY}\u{1100}\u{1175}\u{11b7}\u{1106}\u{1175}\u{11ab}|\u{110c}\u{116e}\u{11ab}"
        )
    );
    key(&mut app, KeyCode::Backspace); // the bar
    key(&mut app, KeyCode::Left); // over 민
    key(&mut app, KeyCode::Left); // over 김
    key(&mut app, KeyCode::Backspace); // the family, whole
    assert_eq!(notes(&app), format!("e\u{301}{HANGUL_JAMO}"));
    key(&mut app, KeyCode::Delete); // 김, whole
    assert_eq!(
        notes(&app),
        "e\u{301}\u{1106}\u{1175}\u{11ab}\u{110c}\u{116e}\u{11ab}"
    );
    key(&mut app, KeyCode::Left); // over é, accent and all
    type_text(&mut app, "[");
    assert!(notes(&app).starts_with("[e\u{301}"), "{:?}", notes(&app));
    app.dispatch(Action::Back);
    drop(app);
    let stored = store.live_one_on_one().unwrap().unwrap();
    let one = store.one_on_one(stored).unwrap();
    assert!(
        one.items
            .iter()
            .any(|i| i.notes.starts_with("[e\u{301}\u{1106}")),
        "saved as typed"
    );
}

#[test]
fn a_form_field_steps_and_deletes_by_grapheme_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = team(dir.path());
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "cadence.db".into());
    app.dispatch(Action::Focus(cadence::model::Pane::Actions));
    app.dispatch(Action::AddAction);
    type_text(&mut app, &format!("a{FAMILY}b"));
    key(&mut app, KeyCode::Left); // over b
    key(&mut app, KeyCode::Backspace); // the family, whole
    let Some(cadence::model::Overlay::Form(dialog)) = app.cockpit().overlays.last() else {
        panic!("the new action form is open");
    };
    assert_eq!(dialog.form.text(0), "ab");
    // Drawn, it is still one screen: nothing panics on a cut inside a wide glyph.
    draw(&mut app, 60, 16);
}
