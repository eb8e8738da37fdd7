//! What the manager waits for, on the demo team, on generated histories of a team of the
//! demo's size and of 60 sellers, each over 1 and 5 years, in one run so the ratios
//! show: the cockpit's cold start to its first frame, one keystroke to the next frame, the
//! week's review summary, the team heatmap, a seller's progress, a window deep in the done
//! items, and the whole binary to its first frame in a pseudo-terminal. Each should follow
//! what is on screen, not the years of history. Run with `cargo bench`;
//! BENCHMARKS.md has the figures and the budgets.

use cadence::action::Action;
use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::config::Settings;
use cadence::domain::{Week, WeekStart};
use cadence::model::{Cockpit, Pane};
use cadence::store::{SellerRef, Store};
use chrono::{DateTime, Utc};
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn main() {
    match std::env::var("CADENCE_BENCH_PERCENTILES")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        Some(presses) => percentiles(presses),
        None => divan::main(),
    }
}

/// The data sets: the demo team (8 sellers, 12 weeks), a team of the demo's size over 1
/// and 5 years, and 60 sellers over 1 and 5 years.
const DATA: [&str; 5] = ["demo", "8x1", "8x5", "60x1", "60x5"];

const NOW: &str = "2026-11-27T10:00:00Z";

fn berlin() -> cadence::zone::Zone {
    cadence::zone::Zone::named("Europe/Berlin").expect("the tz database holds Berlin")
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

fn settings() -> Settings {
    Settings {
        zone: berlin(),
        week_start: WeekStart::Monday,
        ..Settings::default()
    }
}

/// The data set's database, written once per run into a directory kept for the run. The
/// binary writes it, in a process of its own: a bench process that had held the
/// generator's memory would spawn every later process more slowly (a fork copies its page
/// tables), and the floor and the cockpit would not be started alike.
fn master(data: &str) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static MADE: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let path = dir.path().join(format!("{data}.db"));
    let mut made = MADE.lock().unwrap();
    if !made.iter().any(|d| d == data) {
        let db = path.to_str().unwrap();
        let mut cadence = std::process::Command::new(env!("CARGO_BIN_EXE_cadence"));
        match data {
            "demo" => cadence.args(["demo", "--db", db]),
            _ => {
                let (sellers, years) = data.split_once('x').expect("SELLERSxYEARS");
                cadence
                    .args(["gen", "--db", db, "--sellers", sellers, "--years", years])
                    .args(["--seed", "1"])
            }
        };
        let written = cadence
            .env("CADENCE_NOW", NOW)
            .env("CADENCE_TZ", "Europe/Berlin")
            .env("CADENCE_CONFIG", dir.path().join("no-config.toml"))
            .output()
            .unwrap();
        assert!(
            written.status.success(),
            "{data}: {}",
            String::from_utf8_lossy(&written.stderr)
        );
        made.push(data.to_string());
    }
    path
}

/// A fresh copy of the data set, so what one benchmark writes never reaches another.
fn copy(data: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    std::fs::copy(master(data), &path).unwrap();
    (dir, path)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(200, 50)).unwrap()
}

fn frame(app: &mut App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|f| app.draw(f)).unwrap();
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// Opening the database, loading what the cockpit shows, and drawing all four panes.
#[divan::bench(args = DATA, sample_count = 200)]
fn cold_start_to_first_frame(bencher: Bencher, data: &str) {
    let (_dir, path) = copy(data);
    let clock = FixedClock::new(now());
    let mut terminal = terminal();
    bencher.bench_local(|| {
        let mut store = Store::open(&path).unwrap();
        let mut app = App::new(&mut store, &clock, settings(), "bench".into());
        app.resume_live();
        frame(&mut app, &mut terminal);
    });
}

/// A keystroke to time: where the cockpit is first, and the keys pressed in turn (they
/// alternate, so the state stays bounded).
struct Keys {
    /// A 1:1 being run and a call being scored, as a manager has mid-week.
    mid_week: bool,
    before: Vec<Action>,
    turns: Vec<Action>,
}

const KEYSTROKES: [&str; 7] = [
    "move_in_the_calendar",
    "switch_the_week",
    "type_into_a_note",
    "score_a_criterion",
    "move_in_the_action_items",
    "toggle_a_filter",
    "show_a_sellers_progress",
];

fn keys(name: &str) -> Keys {
    let (mid_week, before, turns) = match name {
        "move_in_the_calendar" => (false, vec![], vec![Action::Right, Action::Left]),
        "switch_the_week" => (false, vec![], vec![Action::PrevWeek, Action::NextWeek]),
        // A key typed into a 1:1's notes, and the tick that saves them (its autosave).
        "type_into_a_note" => (
            true,
            vec![Action::Focus(Pane::Meeting), Action::EditNotes],
            vec![Action::Type(key('a')), Action::Tick],
        ),
        "score_a_criterion" => (
            true,
            vec![Action::Focus(Pane::Scorecard)],
            vec![Action::Score(3), Action::Score(4)],
        ),
        "move_in_the_action_items" => (
            false,
            vec![Action::Focus(Pane::Actions), Action::Down],
            vec![Action::Down, Action::Up],
        ),
        "toggle_a_filter" => (
            false,
            vec![Action::Focus(Pane::Actions)],
            vec![Action::ToggleOverdue],
        ),
        // The scorecard pane between calls: the next seller's progress.
        "show_a_sellers_progress" => (
            false,
            vec![Action::Focus(Pane::Scorecard)],
            vec![Action::NextSeller],
        ),
        other => panic!("no keystroke {other}"),
    };
    Keys {
        mid_week,
        before,
        turns,
    }
}

/// Runs `time` with a cockpit set up for `keys` on a copy of `data`, drawn at 200x50; `time`
/// gets a function doing one keystroke and its frame.
fn with_cockpit(data: &str, keys: Keys, time: impl FnOnce(&mut dyn FnMut())) {
    let (_dir, path) = copy(data);
    let mut store = Store::open(&path).unwrap();
    if keys.mid_week {
        store
            .start_sample_meeting_and_call(berlin(), now())
            .unwrap();
    }
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "bench".into());
    app.resume_live();
    // As in the cockpit: typed text and marks go to the writer thread, off the keystroke.
    app.save_drafts_in_background().unwrap();
    let mut terminal = terminal();
    for action in keys.before {
        app.dispatch(action);
    }
    frame(&mut app, &mut terminal);
    let mut turn = 0;
    time(&mut || {
        app.dispatch(keys.turns[turn % keys.turns.len()].clone());
        turn += 1;
        frame(&mut app, &mut terminal);
    });
}

fn keystroke(bencher: Bencher, data: &str, name: &str) {
    with_cockpit(data, keys(name), |press| bencher.bench_local(press));
}

#[divan::bench(args = DATA, sample_count = 2000)]
fn key_move_in_the_calendar(bencher: Bencher, data: &str) {
    keystroke(bencher, data, "move_in_the_calendar");
}

#[divan::bench(args = DATA, sample_count = 1000)]
fn key_switch_the_week(bencher: Bencher, data: &str) {
    keystroke(bencher, data, "switch_the_week");
}

#[divan::bench(args = DATA, sample_count = 1000)]
fn key_type_into_a_note(bencher: Bencher, data: &str) {
    keystroke(bencher, data, "type_into_a_note");
}

#[divan::bench(args = DATA, sample_count = 1000)]
fn key_score_a_criterion(bencher: Bencher, data: &str) {
    keystroke(bencher, data, "score_a_criterion");
}

#[divan::bench(args = DATA, sample_count = 2000)]
fn key_move_in_the_action_items(bencher: Bencher, data: &str) {
    keystroke(bencher, data, "move_in_the_action_items");
}

#[divan::bench(args = DATA, sample_count = 1000)]
fn key_toggle_a_filter(bencher: Bencher, data: &str) {
    keystroke(bencher, data, "toggle_a_filter");
}

#[divan::bench(args = DATA, sample_count = 1000)]
fn key_show_a_sellers_progress(bencher: Bencher, data: &str) {
    keystroke(bencher, data, "show_a_sellers_progress");
}

/// `CADENCE_BENCH_PERCENTILES=N cargo bench`: instead of divan's table, each keystroke
/// pressed N times on each data set, with the median, 99th percentile and slowest printed
/// (divan reports medians and extremes, not percentiles).
fn percentiles(presses: usize) {
    println!("keystroke to frame, {presses} presses each (ms)");
    println!(
        "{:<26} {:>5} {:>8} {:>8} {:>8}",
        "keystroke", "data", "median", "p99", "max"
    );
    for name in KEYSTROKES {
        for data in DATA {
            with_cockpit(data, keys(name), |press| {
                let mut times: Vec<std::time::Duration> = (0..presses)
                    .map(|_| {
                        let started = std::time::Instant::now();
                        press();
                        started.elapsed()
                    })
                    .collect();
                times.sort();
                let ms = |i: usize| times[i.min(times.len() - 1)].as_secs_f64() * 1000.0;
                println!(
                    "{name:<26} {data:>5} {:>8.3} {:>8.3} {:>8.3}",
                    ms(times.len() / 2),
                    ms(times.len() * 99 / 100),
                    ms(times.len() - 1)
                );
            });
        }
    }
}

/// The end-of-week review's summary of this week.
#[divan::bench(args = DATA, sample_count = 500)]
fn review_summary_of_the_week(bencher: Bencher, data: &str) {
    let (_dir, path) = copy(data);
    let mut store = Store::open(&path).unwrap();
    let week = Week::containing(
        now().with_timezone(&berlin()).date_naive(),
        WeekStart::Monday,
    );
    bencher.bench_local(|| {
        let summary = store.week_summary(week, berlin(), now()).unwrap();
        divan::black_box(summary.cadence.planned)
    });
}

/// The team heatmap: the latest calls on the discovery-call rubric of the sellers the pane
/// shows at 200x50, and the whole team's coverage, as the cockpit reads them.
#[divan::bench(args = DATA, sample_count = 500)]
fn team_heatmap(bencher: Bencher, data: &str) {
    use cadence::progress_read::ProgressQuery;
    let (_dir, path) = copy(data);
    let store = Store::open(&path).unwrap();
    let rubric =
        cadence::domain::rubric::parse_rubric(cadence::domain::rubric::BUILTIN[0]).unwrap();
    let sellers: Vec<SellerRef> = store.seller_refs().unwrap();
    // The rows the pane holds on the screen the cockpit assumes, 200x50.
    let (cockpit, _) = Cockpit::new(settings(), "cadence.db".into(), now());
    let query = ProgressQuery {
        rubric,
        zone: berlin(),
        today: now().with_timezone(&berlin()).date_naive(),
        shown: cockpit.progress.shown(sellers.len()),
        sellers,
        seller: None,
    };
    bencher.bench_local(|| divan::black_box(query.read_team(&store).unwrap()));
}

/// The rows the action pane reads 40 000 rows down the 60x5 done items (five years of
/// closed items), in each order: what moving there with `G`, or holding `j`, reads each
/// time the selection leaves the rows read.
#[divan::bench(args = ["due", "seller", "age"], sample_count = 200)]
fn window_deep_in_the_done_items(bencher: Bencher, order: &str) {
    use cadence::domain::actions::{ActionFilter, Sort, StatusFilter};
    let (_dir, path) = copy("60x5");
    let store = Store::open(&path).unwrap();
    let done = ActionFilter {
        status: StatusFilter::Done,
        ..ActionFilter::default()
    };
    let sort = match order {
        "due" => Sort::Due,
        "seller" => Sort::Seller,
        _ => Sort::Age,
    };
    let today = now().with_timezone(&berlin()).date_naive();
    bencher.bench_local(|| {
        let window = store
            .action_window(&done, sort, today, (today, today), 40_000, 34)
            .unwrap();
        assert_eq!(window.items.len(), 34);
        window
    });
}

/// A program running in a pseudo-terminal of 200x50, with what it draws read as it comes.
struct InAPty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: std::sync::mpsc::Receiver<Vec<u8>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl InAPty {
    fn start(program: &Path, args: &[&str], env: &[(&str, &str)]) -> InAPty {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 50,
                cols: 200,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (tx, output) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        InAPty {
            child,
            output,
            _master: pty.master,
        }
    }

    /// Waits until `marker` has been drawn.
    fn wait_for(&self, marker: &[u8]) {
        let mut seen = Vec::new();
        while !seen.windows(marker.len()).any(|w| w == marker) {
            let chunk = self
                .output
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("the program draws");
            seen.extend(chunk);
        }
    }
}

impl Drop for InAPty {
    fn drop(&mut self) {
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the program failed");
    }
}

/// The floor's row in the process benchmark.
const FLOOR: &str = "sqlite3 floor";

/// What the process benchmark starts: the floor, then the cockpit on each data set.
const PROCESSES: [&str; 6] = [FLOOR, "demo", "8x1", "8x5", "60x1", "60x5"];

/// The whole binary, spawned in a pseudo-terminal, to its first frame on the terminal: timed
/// until the status bar's last cells (the database's name) arrive. The exit that
/// `--exit-after-first-frame` makes afterwards is waited for outside the timing. The floor,
/// `sqlite3 :memory: "select 1"`, is timed the same way, until its answer arrives.
///
/// Every data set is written before anything is timed, and all are timed from the same
/// benchmark: spawning costs more the more memory the spawning process holds, so the floor
/// and the cockpit must be started by the bench process in the same state.
#[divan::bench(args = PROCESSES, sample_count = 100)]
fn process_to_first_frame(bencher: Bencher, what: &str) {
    for data in DATA {
        master(data);
    }
    if what == FLOOR {
        let Some(sqlite3) = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
        else {
            eprintln!("sqlite3 is not installed: no floor to compare with");
            return;
        };
        bencher.bench_local(|| {
            let running = InAPty::start(&sqlite3, &[":memory:", "select 1"], &[]);
            running.wait_for(b"1");
            running
        });
        return;
    }
    let (dir, path) = copy(what);
    let db = path.to_str().unwrap().to_string();
    let config = dir.path().join("config.toml");
    let config = config.to_str().unwrap();
    let env = [
        ("CADENCE_NOW", NOW),
        ("CADENCE_TZ", "Europe/Berlin"),
        ("CADENCE_CONFIG", config),
        ("TERM", "xterm-256color"),
    ];
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_cadence"));
    bencher.bench_local(|| {
        let running = InAPty::start(&binary, &["--db", &db, "--exit-after-first-frame"], &env);
        running.wait_for(b"cadence.db");
        running
    });
}
