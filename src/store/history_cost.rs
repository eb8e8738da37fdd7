//! The work each step of a session costs SQLite, on two years of a team's history and on
//! five: step by step within 1.5x, so a read that grows with the years kept fails here, not
//! only in a benchmark someone has to run. Work is counted in the steps of SQLite's virtual
//! machine (through its progress handler), which do not depend on the machine or its load.
//!
//! The team is the 60 sellers of the benchmarks: on two years, every action list is already
//! longer than the rows a list counts ahead of its window (`COUNT_AHEAD`), so a count that
//! stops at its cap reads as much on both, and what is left to differ is history.

use super::query_plans::{a_session, berlin, now, progress_keys};
use super::{GenSpec, Store};
use crate::action::Action;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// Five years against two may cost at most this much more a step: a read that follows
/// history costs 2.5 times as much.
const RATIO: f64 = 1.5;

/// Steps are compared from this much work up. One generated week holds more meetings than
/// another by chance, which moves a week's read by a couple of thousand steps either way;
/// reading the years kept costs tens of thousands.
const FLOOR: u64 = 5_000;

/// One step of the session: what was done and the SQLite steps it took.
#[derive(Debug)]
struct Step {
    what: String,
    work: u64,
}

/// The generated histories, written once for the tests here, which copy them.
fn generated(years: u32) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static MADE: [OnceLock<PathBuf>; 2] = [OnceLock::new(), OnceLock::new()];
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let slot = &MADE[usize::from(years == 5)];
    slot.get_or_init(|| {
        let path = dir.path().join(format!("{years}.db"));
        let mut store = Store::open(&path).unwrap();
        let spec = GenSpec {
            sellers: 60,
            years,
            seed: 1,
        };
        store.generate(spec, berlin(), now()).unwrap();
        path
    })
    .clone()
}

/// The team's session on a copy of `history`, with `prepare` run on it first: between
/// calls (the scorecard pane showing progress), then with a 1:1 and a call live, as in the
/// query-plan test.
fn work_per_step(history: &Path, prepare: impl FnOnce(&Store)) -> Vec<Step> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    std::fs::copy(history, &path).unwrap();
    let mut store = Store::open(&path).unwrap();
    prepare(&store);
    let counted = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&counted);
    store
        .conn
        .progress_handler(
            1,
            Some(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                false
            }),
        )
        .unwrap();
    let mut steps = Vec::new();
    let mut record = |session: &str, action: Option<&Action>| {
        let what = match action {
            Some(action) => format!("{session}: {action:?}"),
            None => format!("{session}: opening the cockpit"),
        };
        let work = counted.swap(0, Ordering::Relaxed);
        steps.push(Step { what, work });
    };
    a_session(&mut store, progress_keys(), |a| record("between calls", a));
    store
        .start_sample_meeting_and_call(berlin(), now())
        .unwrap();
    counted.store(0, Ordering::Relaxed);
    a_session(&mut store, Vec::new(), |a| record("mid-meeting", a));
    steps
}

/// The steps whose work on five years is over `RATIO` times that on two, and every step's
/// work on both, as a table.
fn grown(prepare: impl Fn(&Store)) -> (Vec<String>, String) {
    let two = work_per_step(&generated(2), &prepare);
    let five = work_per_step(&generated(5), &prepare);
    assert_eq!(two.len(), five.len());
    let mut table = String::new();
    let mut over = Vec::new();
    for (a, b) in two.iter().zip(&five) {
        assert_eq!(a.what, b.what);
        table.push_str(&format!("{:>9} {:>9}  {}\n", a.work, b.work, a.what));
        if b.work as f64 > a.work.max(FLOOR) as f64 * RATIO {
            over.push(format!("{} -> {}: {}", a.work, b.work, a.what));
        }
    }
    (over, table)
}

#[test]
fn five_years_cost_each_step_what_two_years_do() {
    let (over, table) = grown(|_| {});
    // `cargo test --lib history_cost -- --nocapture` shows the figures (BENCHMARKS.md).
    eprintln!("SQLite steps: 2 years, 5 years, the step\n{table}");
    assert!(
        table
            .lines()
            .filter(|l| !l.trim_start().starts_with("0 "))
            .count()
            > 50,
        "the session's steps read the database:\n{table}"
    );
    assert!(
        over.is_empty(),
        "steps whose work grew with history:\n{}\n\nevery step (2 years, 5 years):\n{table}",
        over.join("\n")
    );
}

#[test]
fn a_read_of_the_years_kept_is_caught() {
    // Without its index, a week's meetings are found by reading every meeting kept.
    let (over, table) = grown(|store| {
        store
            .conn
            .execute_batch("DROP INDEX meetings_starts_at")
            .unwrap();
    });
    assert!(
        over.iter().any(|step| step.ends_with("NextWeek")),
        "{over:#?}\n{table}"
    );
}
