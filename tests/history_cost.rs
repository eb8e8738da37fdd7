//! The work each step of a session costs SQLite, on two years of a team's history and on
//! five: each step within 1.5x, so a read that grows with the years kept fails here, not
//! only in a benchmark someone has to run. Work is counted in the steps of SQLite's virtual
//! machine (through its progress handler), which do not depend on the machine or its load.
//! It complements the query-plan test: a `count(*)` of a whole table is one step here, and
//! only its plan shows it.
//!
//! The team is the 60 sellers of the benchmarks: on two years, every list of past items
//! (done, dropped, all) is already longer than the rows a list counts ahead of its window
//! (`COUNT_AHEAD`), so a count that stops at its cap reads as much on both, and what is left
//! to differ is history.

mod support;

use cadence::action::Action;
use cadence::store::{GenSpec, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use support::session::{a_session, berlin, now, progress_keys};

/// Five years against two may cost at most this much more a step: a read that follows
/// history costs 2.5 times as much.
const RATIO: f64 = 1.5;

/// A step's work on two years counts as at least this much. One generated week holds more
/// meetings than another by chance, which moves a week's read by a couple of thousand
/// steps either way, so a step this small may grow to 1.5 times it; reading the years
/// kept costs tens of thousands. A read of one seller's history alone can stay under it:
/// the plan test is what catches that.
const FLOOR: u64 = 5_000;

/// One step of the session: what was done and the SQLite steps it took.
struct Step {
    session: &'static str,
    /// `None` for opening the cockpit.
    action: Option<Action>,
    work: u64,
}

impl Step {
    fn label(&self) -> String {
        let what = match &self.action {
            None => "opening the cockpit".to_string(),
            Some(Action::Type(_)) => "Type".to_string(),
            Some(action) => format!("{action:?}"),
        };
        format!("{}: {what}", self.session)
    }
}

/// Writes `years` of generated history for the team into `dir`.
fn generate(dir: &Path, years: u32) -> PathBuf {
    let path = dir.join(format!("{years}.db"));
    let mut store = Store::open(&path).unwrap();
    let spec = GenSpec {
        sellers: 60,
        years,
        seed: 1,
    };
    store.generate(spec, berlin(), now()).unwrap();
    // Closed, so that the write-ahead log is in the file before it is copied.
    drop(store);
    path
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
    let work = Arc::new(AtomicU64::new(0));
    let tally = Arc::clone(&work);
    store
        .instrumented()
        .progress_handler(
            1,
            Some(move || {
                tally.fetch_add(1, Ordering::Relaxed);
                false
            }),
        )
        .unwrap();
    let mut steps = Vec::new();
    let mut record = |session: &'static str, action: Option<&Action>| {
        steps.push(Step {
            session,
            action: action.cloned(),
            work: work.swap(0, Ordering::Relaxed),
        });
    };
    a_session(&mut store, progress_keys(), |a| record("between calls", a));
    store
        .start_sample_meeting_and_call(berlin(), now())
        .unwrap();
    work.store(0, Ordering::Relaxed);
    a_session(&mut store, Vec::new(), |a| record("mid-meeting", a));
    steps
}

/// The steps of a session on both histories, paired.
struct Compared {
    two: Vec<Step>,
    five: Vec<Step>,
}

impl Compared {
    fn of(two: &Path, five: &Path, prepare: impl Fn(&Store)) -> Compared {
        let compared = Compared {
            two: work_per_step(two, &prepare),
            five: work_per_step(five, &prepare),
        };
        assert_eq!(compared.two.len(), compared.five.len());
        compared
    }

    fn pairs(&self) -> impl Iterator<Item = (&Step, &Step)> {
        self.two.iter().zip(&self.five)
    }

    /// The steps whose work on five years is over `RATIO` times that on two.
    fn grown(&self) -> Vec<(&Step, &Step)> {
        self.pairs()
            .filter(|(two, five)| five.work as f64 > two.work.max(FLOOR) as f64 * RATIO)
            .collect()
    }

    /// Every step's work on both, a line each.
    fn table(&self) -> String {
        self.pairs()
            .map(|(two, five)| format!("{:>9} {:>9}  {}\n", two.work, five.work, two.label()))
            .collect()
    }
}

#[test]
fn five_years_cost_each_step_what_two_years_do_and_a_read_of_history_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (two, five) = (generate(dir.path(), 2), generate(dir.path(), 5));

    let session = Compared::of(&two, &five, |_| {});
    // `cargo test --test history_cost -- --nocapture` shows the figures (BENCHMARKS.md).
    eprintln!(
        "SQLite steps: 2 years, 5 years, the step\n{}",
        session.table()
    );
    for (two, five) in session.pairs() {
        assert_eq!(two.label(), five.label());
    }
    let reads =
        |wanted: Option<Action>| session.two.iter().any(|s| s.action == wanted && s.work > 0);
    for wanted in [
        None,
        Some(Action::NextWeek),
        Some(Action::Bottom),
        Some(Action::CycleStatus),
        Some(Action::NextSeller),
        Some(Action::OpenReview),
    ] {
        assert!(
            reads(wanted.clone()),
            "{wanted:?} read the database:\n{}",
            session.table()
        );
    }
    let grown: Vec<String> = session
        .grown()
        .iter()
        .map(|(two, five)| format!("{} -> {}: {}", two.work, five.work, two.label()))
        .collect();
    assert!(
        grown.is_empty(),
        "steps whose work grew with history:\n{}\n\nevery step (2 years, 5 years):\n{}",
        grown.join("\n"),
        session.table()
    );

    // Without its index, a week's meetings are found by reading every meeting kept.
    let unindexed = Compared::of(&two, &five, |store| {
        store
            .instrumented()
            .execute_batch("DROP INDEX meetings_starts_at")
            .unwrap();
    });
    eprintln!("Without the meetings' time index:\n{}", unindexed.table());
    assert!(
        unindexed
            .grown()
            .iter()
            .any(|(step, _)| step.action == Some(Action::NextWeek)),
        "{}",
        unindexed.table()
    );
}
