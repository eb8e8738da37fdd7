//! The store against real files: creation, reopening, refusals that leave files untouched,
//! and the meeting and rule operations the calendar relies on.

use cadence::domain::recurrence::{Frequency, day_start};
use cadence::domain::{Kind, Status};
use cadence::store::{NewMeeting, NewSeller, RuleDraft, Store, StoreError};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use std::fs;
use std::path::Path;

mod support;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn user_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_file_is_migrated_private_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("cadence.db");
    {
        let store = Store::open(&path).unwrap();
        store
            .add_seller(&NewSeller {
                name: "Ana Ruiz",
                started_on: date(2020, 1, 6),
                motivation: "",
            })
            .unwrap();
        #[cfg(unix)]
        {
            // While open, the write-ahead log beside it is as private as the file.
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600, "database mode");
            assert_eq!(mode(&path.with_extension("db-wal")), 0o600, "WAL mode");
            assert_eq!(mode(path.parent().unwrap()), 0o700, "created directory");
        }
    }
    assert!(user_version(&path) >= 1);
    let store = Store::open(&path).unwrap();
    let sellers = store.sellers().unwrap();
    assert_eq!(sellers.len(), 1);
    assert_eq!(sellers[0].name, "Ana Ruiz");
    let mode: String = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn an_empty_file_is_taken_as_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.seller_count().unwrap(), 0);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let content = b"Ana: wants to lead the enterprise pod\n".repeat(200);
    fs::write(&path, &content).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("is not a cadence database"));
    assert_eq!(fs::read(&path).unwrap(), content);
    assert!(!dir.path().join("notes.txt-wal").exists());
}

#[test]
fn a_database_from_a_newer_cadence_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer cadence"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn damage_found_after_an_unclean_shutdown_is_reported_not_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    {
        let mut store = Store::open(&path).unwrap();
        cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
        // The cockpit starts and never closes properly.
        assert!(!store.begin_session().unwrap());
    }
    // Fold the WAL into the main file, then scribble over a page in the middle of it.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let mut bytes = fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    for b in &mut bytes[3 * page..3 * page + 512] {
        *b = 0x5a;
    }
    fs::write(&path, &bytes).unwrap();
    let result = Store::open(&path).and_then(|store| store.begin_session());
    let err = result.expect_err("damage reported");
    assert!(
        matches!(err, StoreError::Corrupt { .. }),
        "unexpected error: {err}"
    );
    assert!(err.to_string().contains("is damaged"));
}

#[test]
fn a_clean_close_means_no_check_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let store = Store::open(&path).unwrap();
    assert!(!store.begin_session().unwrap());
    store.end_session().unwrap();
    assert!(!store.begin_session().unwrap());
    // Not closed: the next start knows.
    assert!(store.begin_session().unwrap());
}

#[test]
fn another_connection_to_a_file_removed_since_is_refused_and_makes_no_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let store = Store::open(&path).unwrap();
    let file = store.same_file();
    assert!(file.open().is_ok(), "the same file opens again");
    fs::remove_file(&path).unwrap();
    let err = file.open().err().expect("refused");
    assert!(err.to_string().contains("removed or replaced"), "{err}");
    assert!(!path.exists(), "no new, empty database in its place");
}

fn store_with_rule(dir: &Path, frequency: Frequency) -> (Store, i64, i64) {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    let seller = store
        .add_seller(&NewSeller {
            name: "Ana Ruiz",
            started_on: date(2020, 1, 6),
            motivation: "",
        })
        .unwrap();
    let rule = store
        .save_rule(
            &RuleDraft {
                id: None,
                seller_id: Some(seller),
                kind: Kind::OneOnOne,
                frequency,
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                minutes: 30,
            },
            support::berlin(),
            day_start(date(2026, 11, 2), support::berlin()),
        )
        .unwrap();
    (store, seller, rule)
}

fn week_meetings(store: &Store, monday: NaiveDate) -> Vec<cadence::store::Meeting> {
    store
        .meetings_between(
            day_start(monday, support::berlin()),
            day_start(monday + chrono::Days::new(7), support::berlin()),
        )
        .unwrap()
}

#[test]
fn expanding_a_week_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = store_with_rule(dir.path(), Frequency::Weekly);
    let monday = date(2026, 11, 23);
    store
        .expand_cadence(monday, monday + chrono::Days::new(7))
        .unwrap();
    store
        .expand_cadence(monday, monday + chrono::Days::new(7))
        .unwrap();
    let meetings = week_meetings(&store, monday);
    assert_eq!(meetings.len(), 1);
    let m = &meetings[0];
    assert_eq!(m.starts_at.to_rfc3339(), "2026-11-24T09:00:00+00:00");
    assert_eq!(m.seller.as_ref().unwrap().name, "Ana Ruiz");
    assert_eq!(m.status, Status::Planned);
}

#[test]
fn a_rule_does_not_fill_weeks_before_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = store_with_rule(dir.path(), Frequency::Weekly);
    let monday = date(2026, 10, 26);
    store
        .expand_cadence(monday, monday + chrono::Days::new(7))
        .unwrap();
    assert!(week_meetings(&store, monday).is_empty());
}

#[test]
fn canceling_needs_a_reason_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = store_with_rule(dir.path(), Frequency::Weekly);
    let monday = date(2026, 11, 23);
    store
        .expand_cadence(monday, monday + chrono::Days::new(7))
        .unwrap();
    let id = week_meetings(&store, monday)[0].id;
    let err = store.cancel_meeting(id, "   ").unwrap_err();
    assert!(err.to_string().contains("needs a reason"));
    assert_eq!(store.meeting(id).unwrap().status, Status::Planned);
    store.cancel_meeting(id, "Seller out sick").unwrap();
    let m = store.meeting(id).unwrap();
    assert_eq!(m.status, Status::Canceled);
    assert_eq!(m.cancel_reason.as_deref(), Some("Seller out sick"));
    // Marking it held brings it back and drops the reason.
    store.set_held(id, true).unwrap();
    let m = store.meeting(id).unwrap();
    assert_eq!((m.status, m.cancel_reason), (Status::Held, None));
}

#[test]
fn rescheduling_keeps_the_old_slot_and_plans_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, seller, _) = store_with_rule(dir.path(), Frequency::Weekly);
    let monday = date(2026, 11, 30);
    store
        .expand_cadence(monday, monday + chrono::Days::new(7))
        .unwrap();
    let id = week_meetings(&store, monday)[0].id;
    let to = DateTime::parse_from_rfc3339("2026-12-03T14:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let new_id = store.reschedule_meeting(id, to).unwrap();
    let old = store.meeting(id).unwrap();
    assert_eq!(old.status, Status::Rescheduled);
    assert_eq!(old.rescheduled_to, Some(to));
    let new = store.meeting(new_id).unwrap();
    assert_eq!(new.status, Status::Planned);
    assert_eq!(new.starts_at, to);
    assert_eq!(new.rescheduled_from, Some(id));
    assert_eq!(new.seller.unwrap().id, seller);
    // Expanding again does not bring the old slot back as a second meeting.
    store
        .expand_cadence(monday, monday + chrono::Days::new(7))
        .unwrap();
    assert_eq!(week_meetings(&store, monday).len(), 2);
    assert!(store.reschedule_meeting(id, to).is_err());
}

#[test]
fn editing_a_rule_moves_future_meetings_and_keeps_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, seller, rule) = store_with_rule(dir.path(), Frequency::Weekly);
    let past = date(2026, 11, 16);
    let future = date(2026, 11, 30);
    store
        .expand_cadence(past, future + chrono::Days::new(7))
        .unwrap();
    let held = week_meetings(&store, past)[0].id;
    store.set_held(held, true).unwrap();
    store
        .save_rule(
            &RuleDraft {
                id: Some(rule),
                seller_id: Some(seller),
                kind: Kind::OneOnOne,
                frequency: Frequency::Weekly,
                weekday: Weekday::Thu,
                time: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
                minutes: 45,
            },
            support::berlin(),
            now(),
        )
        .unwrap();
    store
        .expand_cadence(future, future + chrono::Days::new(7))
        .unwrap();
    let next = week_meetings(&store, future);
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].starts_at.to_rfc3339(), "2026-12-03T14:00:00+00:00");
    assert_eq!(next[0].minutes, 45);
    let history = store.meeting(held).unwrap();
    assert_eq!(history.status, Status::Held);
    assert_eq!(history.starts_at.to_rfc3339(), "2026-11-17T09:00:00+00:00");
    // Past weeks, expanded again or for the first time, keep the rule as it was then.
    let earlier = date(2026, 11, 9);
    store.expand_cadence(earlier, future).unwrap();
    for monday in [earlier, past, date(2026, 11, 23)] {
        let week = week_meetings(&store, monday);
        assert_eq!(week.len(), 1, "week of {monday}: {week:?}");
        assert_eq!(
            week[0]
                .starts_at
                .with_timezone(&support::berlin())
                .format("%a %H:%M")
                .to_string(),
            "Tue 10:00"
        );
    }
    // Only the changed rule is in force.
    let rules = store.rules(now()).unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].recurrence.weekday, Weekday::Thu);
}

#[test]
fn a_rule_added_in_the_afternoon_does_not_start_with_a_missed_morning_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    // Friday 11:00 in Berlin: a weekly Friday 09:00 team meeting is added.
    let draft = RuleDraft {
        id: None,
        seller_id: None,
        kind: Kind::TeamMeeting,
        frequency: Frequency::Weekly,
        weekday: Weekday::Fri,
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        minutes: 60,
    };
    store.save_rule(&draft, support::berlin(), now()).unwrap();
    let this_week = week_meetings(&store, date(2026, 11, 23));
    assert!(this_week.is_empty(), "{this_week:?}");
    store
        .expand_cadence(date(2026, 11, 23), date(2026, 12, 7))
        .unwrap();
    assert_eq!(week_meetings(&store, date(2026, 11, 30)).len(), 1);
    // A 1:1 with the whole team is not a rule the store keeps.
    let err = store
        .save_rule(
            &RuleDraft {
                kind: Kind::OneOnOne,
                ..draft
            },
            support::berlin(),
            now(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("with one seller"), "{err}");
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes-app.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotOurs { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("another program's SQLite database")
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn removing_a_rule_stops_it_from_today_and_keeps_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, rule) = store_with_rule(dir.path(), Frequency::Weekly);
    let past = date(2026, 11, 16);
    store.expand_cadence(past, date(2026, 12, 14)).unwrap();
    store.end_rule(rule, support::berlin(), now()).unwrap();
    assert!(store.rules(now()).unwrap().is_empty());
    store.expand_cadence(past, date(2026, 12, 14)).unwrap();
    assert_eq!(week_meetings(&store, past).len(), 1);
    assert!(week_meetings(&store, date(2026, 11, 30)).is_empty());
}

#[test]
fn one_off_meetings_and_duplicate_sellers() {
    let dir = tempfile::tempdir().unwrap();
    let (store, seller, _) = store_with_rule(dir.path(), Frequency::Weekly);
    let at = DateTime::parse_from_rfc3339("2026-12-01T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let id = store
        .add_meeting(&NewMeeting {
            seller_id: Some(seller),
            kind: Kind::DealReview,
            starts_at: at,
            minutes: 30,
        })
        .unwrap();
    let m = store.meeting(id).unwrap();
    assert_eq!(
        (m.kind, m.rule_id, m.starts_at),
        (Kind::DealReview, None, at)
    );
    let err = store
        .add_seller(&NewSeller {
            name: "ana ruiz",
            started_on: date(2021, 1, 1),
            motivation: "",
        })
        .unwrap_err();
    assert!(err.to_string().contains("already a seller named"), "{err}");
}

#[test]
fn the_demo_team_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cadence.db")).unwrap();
    cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap();
    assert_eq!(store.seller_count().unwrap(), 8);
    let err = cadence::demo::write_sample_team(&mut store, support::berlin(), now()).unwrap_err();
    assert!(err.to_string().contains("already has sellers"));
    assert_eq!(store.seller_count().unwrap(), 8);
    // Twelve weeks of history with every outcome in it.
    let history = store
        .meetings_between(day_start(date(2026, 9, 7), support::berlin()), now())
        .unwrap();
    let count = |s: Status| history.iter().filter(|m| m.status == s).count();
    assert!(count(Status::Held) > 100, "held {}", count(Status::Held));
    assert!(count(Status::Canceled) >= 5);
    assert!(count(Status::Rescheduled) >= 1);
    let missed = history
        .iter()
        .filter(|m| {
            m.status == Status::Planned
                && m.starts_at < day_start(date(2026, 11, 27), support::berlin())
        })
        .count();
    assert!(missed >= 1);
    assert!(
        history
            .iter()
            .all(|m| m.status != Status::Canceled || m.cancel_reason.is_some())
    );
}

#[test]
fn a_rule_added_by_another_program_fills_a_week_this_one_had_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, seller, _) = store_with_rule(dir.path(), Frequency::Weekly);
    let monday = date(2026, 11, 30);
    let week = (monday, monday + chrono::Days::new(7));
    store.expand_cadence(week.0, week.1).unwrap();
    assert_eq!(week_meetings(&store, monday).len(), 1);
    let mut other = Store::open(&dir.path().join("cadence.db")).unwrap();
    other
        .save_rule(
            &RuleDraft {
                id: None,
                seller_id: Some(seller),
                kind: Kind::PipelineReview,
                frequency: Frequency::Weekly,
                weekday: Weekday::Fri,
                time: NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
                minutes: 45,
            },
            support::berlin(),
            now(),
        )
        .unwrap();
    // The week was expanded here before; the other program's rule is still written into it.
    store.expand_cadence(week.0, week.1).unwrap();
    let kinds: Vec<Kind> = week_meetings(&store, monday)
        .iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds, vec![Kind::OneOnOne, Kind::PipelineReview]);
}

#[test]
fn a_week_expanded_in_one_start_is_read_without_a_write_in_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, _, _) = store_with_rule(dir.path(), Frequency::Weekly);
    let monday = date(2026, 11, 30);
    let (week, next) = (
        (monday, monday + chrono::Days::new(7)),
        (
            monday + chrono::Days::new(7),
            monday + chrono::Days::new(14),
        ),
    );
    first.expand_cadence(week.0, week.1).unwrap();
    drop(first);
    let mut watcher = Store::open(&dir.path().join("cadence.db")).unwrap();
    let mut second = Store::open(&dir.path().join("cadence.db")).unwrap();
    // SQLite's data version moves for a connection when another one commits a change.
    let before = watcher.data_version().unwrap();
    second.expand_cadence(week.0, week.1).unwrap();
    assert_eq!(
        watcher.data_version().unwrap(),
        before,
        "nothing was written"
    );
    // The week after was never expanded: it is written, once.
    second.expand_cadence(next.0, next.1).unwrap();
    let after = watcher.data_version().unwrap();
    assert_ne!(after, before);
    assert_eq!(week_meetings(&second, next.0).len(), 1);
    second.expand_cadence(week.0, next.1).unwrap();
    assert_eq!(
        watcher.data_version().unwrap(),
        after,
        "the two weeks together are covered"
    );
    watcher.expand_cadence(week.0, week.1).unwrap();
    assert_eq!(week_meetings(&watcher, monday).len(), 1);
}

#[test]
fn meetings_at_one_time_come_in_sqlites_order_of_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let store = Store::open(&path).unwrap();
    // Folded case, a name that is a prefix of another, a letter beyond ASCII, and the team.
    let names = ["ben", "Ana", "Émile", "anabel", "Zoë", "ana b", "Beatriz"];
    let mut ids = Vec::new();
    for name in names {
        let seller = store
            .add_seller(&NewSeller {
                name,
                started_on: date(2024, 1, 8),
                motivation: "",
            })
            .unwrap();
        ids.push(Some(seller));
    }
    ids.push(None);
    let at = now() + chrono::TimeDelta::days(1);
    for (i, seller_id) in ids.iter().enumerate() {
        // Two meetings at one time for one seller, and others an hour apart.
        for starts_at in [at, at, at + chrono::TimeDelta::hours((i % 2) as i64)] {
            store
                .add_meeting(&NewMeeting {
                    seller_id: *seller_id,
                    kind: Kind::PipelineReview,
                    starts_at,
                    minutes: 30,
                })
                .unwrap();
        }
    }
    let read: Vec<i64> = store
        .meetings_between(at, at + chrono::TimeDelta::days(1))
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT m.id FROM meetings m LEFT JOIN sellers s ON s.id = m.seller_id
             ORDER BY m.starts_at, s.name, m.id",
        )
        .unwrap();
    let sqlite: Vec<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(read.len(), 24);
    assert_eq!(read, sqlite);
}
