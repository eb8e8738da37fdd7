//! What the manager waits for: opening the cockpit and paging to a week, on five years of
//! history. Both must stay flat as history grows: they only read the week on screen.
//! Run with `cargo bench`.

use cadence::app::App;
use cadence::clock::FixedClock;
use cadence::config::Settings;
use cadence::domain::recurrence::day_start;
use cadence::domain::{Week, WeekStart};
use cadence::store::Store;
use chrono::{DateTime, Days, Utc};
use chrono_tz::Europe::Berlin;
use divan::Bencher;

fn main() {
    divan::main();
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The demo team, with its cadence expanded over `years` of history.
fn history(years: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, Berlin, now()).unwrap();
    let today = now().date_naive();
    let from = today - Days::new(365 * years);
    // Rules that have run for years: move their start back, then expand the whole span.
    drop(store);
    {
        let conn = rusqlite::Connection::open(dir.path().join("cadence.db")).unwrap();
        conn.execute(
            "UPDATE cadence_rules SET starts_on = ?1",
            [from.format("%Y-%m-%d").to_string()],
        )
        .unwrap();
    }
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    store.expand_cadence(from, today).unwrap();
    (dir, store)
}

fn settings() -> Settings {
    Settings {
        zone: Berlin,
        week_start: WeekStart::Monday,
    }
}

#[divan::bench(args = [1, 5])]
fn open_the_cockpit(bencher: Bencher, years: u64) {
    let (_dir, mut store) = history(years);
    let clock = FixedClock::new(now());
    bencher.bench_local(|| {
        let app = App::new(&mut store, &clock, settings(), "bench".into());
        divan::black_box(app.cockpit().calendar.meetings.len())
    });
}

#[divan::bench(args = [1, 5])]
fn load_a_past_week(bencher: Bencher, years: u64) {
    let (_dir, mut store) = history(years);
    let week = Week::containing(now().date_naive() - Days::new(200), WeekStart::Monday);
    bencher.bench_local(|| {
        store.expand_cadence(week.first_day(), week.end()).unwrap();
        let meetings = store
            .meetings_between(
                day_start(week.first_day(), Berlin),
                day_start(week.end(), Berlin),
            )
            .unwrap();
        divan::black_box(meetings.len())
    });
}
