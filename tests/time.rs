//! Meetings across daylight-saving changes (Europe on 2026-03-29, the US on 2026-03-08 and
//! 2026-11-01) and across the year's end (2026-W53 into 2027-W01) land on the right day at
//! the right local hour: in the rules' dates, in the store's weeks and in `cadence week`.

mod support;

use cadence::domain::recurrence::{Frequency, Nth, Recurrence, local_instant};
use cadence::domain::{Kind, Week, WeekStart};
use cadence::store::{NewSeller, RuleDraft, Store};
use cadence::zone::Zone;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc, Weekday};
use support::{run, stderr, stdout};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// A store with one seller and one weekly rule, kept in `zone`, from the start of 2026.
fn store_with_rule(
    dir: &std::path::Path,
    zone: Zone,
    frequency: Frequency,
    weekday: Weekday,
    at: NaiveTime,
) -> Store {
    let mut store = Store::open(&dir.join("cadence.db")).unwrap();
    let seller = store
        .add_seller(&NewSeller {
            name: "Ana Ruiz",
            started_on: day(2025, 1, 6),
            motivation: "",
        })
        .unwrap();
    store
        .save_rule(
            &RuleDraft {
                id: None,
                seller_id: Some(seller),
                kind: Kind::OneOnOne,
                frequency,
                weekday,
                time: at,
                minutes: 30,
            },
            zone,
            utc("2026-01-01T00:00:00Z"),
        )
        .unwrap();
    store
}

/// The local starts of the 1:1s of the ISO week `code`, seen from `zone`.
fn starts(store: &mut Store, code: &str, zone: Zone) -> Vec<DateTime<Zone>> {
    let week = Week::parse(code, WeekStart::Monday).unwrap();
    store
        .week_meetings(week, zone)
        .unwrap()
        .into_iter()
        .map(|m| m.starts_at.with_timezone(&zone))
        .collect()
}

#[test]
fn a_weekly_meeting_keeps_its_local_hour_across_the_european_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_rule(
        dir.path(),
        support::berlin(),
        Frequency::Weekly,
        Weekday::Mon,
        time(9, 0),
    );
    // The Monday before (CET, UTC+1) and after (CEST, UTC+2) 2026-03-29.
    for (code, date, utc_hour) in [
        ("2026-W13", day(2026, 3, 23), 8),
        ("2026-W14", day(2026, 3, 30), 7),
    ] {
        let found = starts(&mut store, code, support::berlin());
        assert_eq!(found.len(), 1, "{code}: {found:?}");
        assert_eq!(
            (found[0].date_naive(), found[0].hour()),
            (date, 9),
            "{code}"
        );
        assert_eq!(found[0].to_utc().hour(), utc_hour, "{code}");
    }
}

#[test]
fn a_meeting_in_the_hour_that_does_not_exist_moves_past_the_gap_and_one_in_the_doubled_hour_is_the_first()
 {
    // Berlin, Sunday 2026-03-29: 02:00 jumps to 03:00, so 02:30 is 03:30 CEST.
    let t = local_instant(day(2026, 3, 29), time(2, 30), support::berlin());
    assert_eq!(t, utc("2026-03-29T01:30:00Z"));
    assert_eq!(t.with_timezone(&support::berlin()).hour(), 3);
    // New York, Sunday 2026-03-08: 02:30 does not exist either; 03:30 EDT.
    let t = local_instant(day(2026, 3, 8), time(2, 30), support::new_york());
    assert_eq!(t, utc("2026-03-08T07:30:00Z"));
    // New York, Sunday 2026-11-01: 01:30 happens twice; the first, still EDT.
    let t = local_instant(day(2026, 11, 1), time(1, 30), support::new_york());
    assert_eq!(t, utc("2026-11-01T05:30:00Z"));
    // Berlin, Sunday 2026-10-25: 02:30 twice; the first, still CEST.
    let t = local_instant(day(2026, 10, 25), time(2, 30), support::berlin());
    assert_eq!(t, utc("2026-10-25T00:30:00Z"));
    // And through the store: a weekly Sunday 02:30 rule on the day of the gap.
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_rule(
        dir.path(),
        support::berlin(),
        Frequency::Weekly,
        Weekday::Sun,
        time(2, 30),
    );
    let found = starts(&mut store, "2026-W13", support::berlin());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].date_naive(), day(2026, 3, 29));
    assert_eq!((found[0].hour(), found[0].minute()), (3, 30));
    let next = starts(&mut store, "2026-W14", support::berlin());
    assert_eq!(
        (next[0].hour(), next[0].minute()),
        (2, 30),
        "back to 02:30 a week on"
    );
}

#[test]
fn a_weekly_meeting_keeps_its_local_hour_across_both_us_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_rule(
        dir.path(),
        support::new_york(),
        Frequency::Weekly,
        Weekday::Mon,
        time(10, 0),
    );
    for (code, date, utc_hour) in [
        ("2026-W10", day(2026, 3, 2), 15), // EST, UTC-5
        ("2026-W11", day(2026, 3, 9), 14), // EDT, UTC-4
        ("2026-W44", day(2026, 10, 26), 14),
        ("2026-W45", day(2026, 11, 2), 15),
    ] {
        let found = starts(&mut store, code, support::new_york());
        assert_eq!(found.len(), 1, "{code}: {found:?}");
        assert_eq!(
            (found[0].date_naive(), found[0].hour()),
            (date, 10),
            "{code}"
        );
        assert_eq!(found[0].to_utc().hour(), utc_hour, "{code}");
    }
}

#[test]
fn a_rule_kept_in_berlin_seen_from_new_york_between_the_two_changes() {
    // Between 2026-03-08 and 2026-03-29 the offset between the two is 5 hours, not 6:
    // Thursday 09:00 in Berlin is 04:00 in New York, still on the Thursday.
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_rule(
        dir.path(),
        support::berlin(),
        Frequency::Weekly,
        Weekday::Thu,
        time(9, 0),
    );
    for (code, ny_hour) in [
        ("2026-W10", 3),
        ("2026-W11", 4),
        ("2026-W12", 4),
        ("2026-W14", 3),
    ] {
        let found = starts(&mut store, code, support::new_york());
        assert_eq!(found.len(), 1, "{code}: {found:?}");
        assert_eq!(found[0].weekday(), Weekday::Thu, "{code}");
        assert_eq!(found[0].hour(), ny_hour, "{code}");
        assert_eq!(
            found[0].with_timezone(&support::berlin()).hour(),
            9,
            "{code}"
        );
    }
}

#[test]
fn week_53_of_2026_runs_into_2027_and_week_1_of_2027_follows_it() {
    let w53 = Week::parse("2026-W53", WeekStart::Monday).unwrap();
    assert_eq!(
        (w53.first_day(), w53.last_day()),
        (day(2026, 12, 28), day(2027, 1, 3))
    );
    assert_eq!(w53.code(), "2026-W53");
    assert_eq!(w53.title(), "2026-W53, Dec 28 - Jan 3");
    assert_eq!(Week::containing(day(2027, 1, 1), WeekStart::Monday), w53);
    assert_eq!(Week::containing(day(2027, 1, 3), WeekStart::Monday), w53);
    let w01 = w53.next();
    assert_eq!(w01.code(), "2027-W01");
    assert_eq!(w01.first_day(), day(2027, 1, 4));
    assert_eq!(w01.prev(), w53);
    assert_eq!(Week::parse("2027-W01", WeekStart::Monday).unwrap(), w01);
    // Sunday-start weeks keep the ISO number of the Monday they hold.
    let sunday = Week::parse("2026-W53", WeekStart::Sunday).unwrap();
    assert_eq!(
        (sunday.first_day(), sunday.code()),
        (day(2026, 12, 27), "2026-W53".to_string())
    );
    assert_eq!(sunday.next().code(), "2027-W01");
    // 2027 has 52 weeks; 2026 none past 53.
    for bad in ["2027-W53", "2026-W54", "2026-W00"] {
        assert!(Week::parse(bad, WeekStart::Monday).is_err(), "{bad}");
    }
}

#[test]
fn rules_land_on_the_right_days_across_the_year_end() {
    let rule = |frequency, weekday| Recurrence {
        frequency,
        weekday,
        time: time(10, 0),
        starts_on: day(2026, 11, 30),
        ends_on: None,
    };
    let (from, to) = (day(2026, 12, 21), day(2027, 1, 18));
    assert_eq!(
        rule(Frequency::Weekly, Weekday::Fri).dates_between(from, to),
        vec![
            day(2026, 12, 25),
            day(2027, 1, 1),
            day(2027, 1, 8),
            day(2027, 1, 15)
        ]
    );
    // Every two weeks from the week of Nov 30: Dec 28 is in step, and so is Jan 11.
    assert_eq!(
        rule(Frequency::Biweekly, Weekday::Mon).dates_between(from, to),
        vec![day(2026, 12, 28), day(2027, 1, 11)]
    );
    // The first Friday of January 2027 is New Year's Day, in 2026-W53.
    assert_eq!(
        rule(Frequency::Monthly(Nth::Nth(1)), Weekday::Fri).dates_between(from, to),
        vec![day(2027, 1, 1)]
    );
    assert_eq!(
        rule(Frequency::Monthly(Nth::Last), Weekday::Thu).dates_between(from, to),
        vec![day(2026, 12, 31)]
    );
    // Through the store: the weekly Friday 1:1 is in 2026-W53 on Jan 1, at 10:00.
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_rule(
        dir.path(),
        support::berlin(),
        Frequency::Weekly,
        Weekday::Fri,
        time(10, 0),
    );
    let found = starts(&mut store, "2026-W53", support::berlin());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].date_naive(), found[0].hour()),
        (day(2027, 1, 1), 10)
    );
    let found = starts(&mut store, "2027-W01", support::berlin());
    assert_eq!(
        (found[0].date_naive(), found[0].hour()),
        (day(2027, 1, 8), 10)
    );
}

#[test]
fn cadence_week_prints_week_53_and_refuses_a_week_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let out = run(
        dir.path(),
        &[
            "week", "--db", &db, "--week", "2026-W53", "--format", "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty(), "the demo cadence runs into 2026-W53");
    for row in rows {
        let starts = DateTime::parse_from_rfc3339(row["start"].as_str().unwrap())
            .unwrap()
            .with_timezone(&support::berlin())
            .date_naive();
        assert!(
            (day(2026, 12, 28)..=day(2027, 1, 3)).contains(&starts),
            "{row}"
        );
    }
    let text = stdout(&run(
        dir.path(),
        &["week", "--db", &db, "--week", "2026-W53"],
    ));
    assert!(text.contains("2026-W53"), "{text}");
    for bad in ["2027-W53", "2026-W54"] {
        support::refused(
            dir.path(),
            &["week", "--db", &db, "--week", bad],
            &format!("'{bad}' is not a week"),
        );
    }
}
