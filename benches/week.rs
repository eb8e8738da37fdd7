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
        ..Settings::default()
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

/// The action items pane's reload after a filter key: one query for the rows on screen.
#[divan::bench(args = [1, 5])]
fn toggle_an_action_filter(bencher: Bencher, years: u64) {
    use cadence::action::Action;
    let (_dir, mut store) = history(years);
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "bench".into());
    app.dispatch(Action::Focus(cadence::model::Pane::Actions));
    bencher.bench_local(|| {
        app.dispatch(Action::ToggleOverdue);
        divan::black_box(app.cockpit().actions.list.items.len())
    });
}

/// The end-of-week review's summary of this week (four weeks of meetings for coverage).
#[divan::bench(args = [1, 5])]
fn summarise_the_week(bencher: Bencher, years: u64) {
    let (_dir, mut store) = history(years);
    let week = Week::containing(now().date_naive(), WeekStart::Monday);
    bencher.bench_local(|| {
        let summary = store.week_summary(week, Berlin, now()).unwrap();
        divan::black_box(summary.cadence.planned)
    });
}

/// The scorecard pane between calls, after `s`: the heatmap, coverage and one seller.
#[divan::bench(args = [1, 5])]
fn show_a_sellers_progress(bencher: Bencher, years: u64) {
    use cadence::action::Action;
    let (_dir, mut store) = history(years);
    let clock = FixedClock::new(now());
    let mut app = App::new(&mut store, &clock, settings(), "bench".into());
    app.dispatch(Action::Focus(cadence::model::Pane::Scorecard));
    bencher.bench_local(|| {
        app.dispatch(Action::NextSeller);
        divan::black_box(app.cockpit().progress.coverage.len())
    });
}
