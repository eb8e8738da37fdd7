//! Cadence rules in time: which dates a rule falls on, and the instant a local meeting time
//! is on that date in the rule's time zone (daylight saving included).

use crate::zone::Zone;
use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};

/// Which weekday of the month: the 1st to the 5th, or the last. A 5th that a month does not
/// have is skipped (as RFC 5545 does), rather than moved into the next month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nth {
    Nth(u8),
    Last,
}

impl Nth {
    pub fn to_i64(self) -> i64 {
        match self {
            Nth::Nth(n) => i64::from(n),
            Nth::Last => -1,
        }
    }

    pub fn from_i64(n: i64) -> Option<Nth> {
        match n {
            -1 => Some(Nth::Last),
            1..=5 => Some(Nth::Nth(n as u8)),
            _ => None,
        }
    }

    pub fn label(self) -> String {
        match self {
            Nth::Nth(1) => "1st".into(),
            Nth::Nth(2) => "2nd".into(),
            Nth::Nth(3) => "3rd".into(),
            Nth::Nth(n) => format!("{n}th"),
            Nth::Last => "last".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    Weekly,
    /// Every two weeks, in step with the week of the rule's first day.
    Biweekly,
    /// The nth weekday of every month.
    Monthly(Nth),
    /// The nth weekday of every third month, counted from the month of the rule's first day.
    Quarterly(Nth),
}

impl Frequency {
    pub fn key(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Biweekly => "biweekly",
            Frequency::Monthly(_) => "monthly",
            Frequency::Quarterly(_) => "quarterly",
        }
    }

    pub fn nth(self) -> Option<Nth> {
        match self {
            Frequency::Monthly(n) | Frequency::Quarterly(n) => Some(n),
            _ => None,
        }
    }

    pub fn from_parts(key: &str, nth: Option<i64>) -> Option<Frequency> {
        let nth = || nth.and_then(Nth::from_i64);
        match key {
            "weekly" => Some(Frequency::Weekly),
            "biweekly" => Some(Frequency::Biweekly),
            "monthly" => nth().map(Frequency::Monthly),
            "quarterly" => nth().map(Frequency::Quarterly),
            _ => None,
        }
    }

    /// `weekly on Tue`, `every 2 weeks on Wed`, `monthly on the 1st Mon`.
    pub fn describe(self, weekday: Weekday) -> String {
        match self {
            Frequency::Weekly => format!("weekly on {weekday}"),
            Frequency::Biweekly => format!("every 2 weeks on {weekday}"),
            Frequency::Monthly(n) => format!("monthly, {} {weekday}", n.label()),
            Frequency::Quarterly(n) => format!("quarterly, {} {weekday}", n.label()),
        }
    }
}

/// When a rule happens, in local terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recurrence {
    pub frequency: Frequency,
    pub weekday: Weekday,
    pub time: NaiveTime,
    /// First day the rule applies; also the phase of biweekly and quarterly rules.
    pub starts_on: NaiveDate,
    /// Last day the rule applies, if it was ended.
    pub ends_on: Option<NaiveDate>,
}

impl Recurrence {
    /// The dates in `[from, to)` the rule falls on, in order. Costs work proportional to
    /// the range asked for, never to how long the rule has existed.
    pub fn dates_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let from = from.max(self.starts_on);
        let to = match self.ends_on {
            Some(end) => to.min(end + Days::new(1)),
            None => to,
        };
        if from >= to {
            return Vec::new();
        }
        match self.frequency {
            Frequency::Weekly => self.weekdays_between(from, to).collect(),
            Frequency::Biweekly => {
                let anchor = monday_of(self.starts_on);
                self.weekdays_between(from, to)
                    .filter(|d| ((monday_of(*d) - anchor).num_days() / 7) % 2 == 0)
                    .collect()
            }
            Frequency::Monthly(nth) => self.monthly_between(from, to, nth, 1),
            Frequency::Quarterly(nth) => self.monthly_between(from, to, nth, 3),
        }
    }

    fn weekdays_between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
        let offset = self.weekday.days_since(from.weekday());
        let first = from + Days::new(u64::from(offset));
        first.iter_weeks().take_while(move |d| *d < to)
    }

    fn monthly_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        nth: Nth,
        step: u32,
    ) -> Vec<NaiveDate> {
        let anchor = month_index(self.starts_on);
        let mut month = first_of_month(from);
        let mut dates = Vec::new();
        while month < to {
            let in_step = (month_index(month) - anchor).rem_euclid(i64::from(step)) == 0;
            if in_step
                && let Some(day) = nth_weekday(month.year(), month.month(), self.weekday, nth)
                && day >= from
                && day < to
            {
                dates.push(day);
            }
            month = month + Months::new(1);
        }
        dates
    }
}

/// The instant `time` on `day` is in `zone`. A time that does not exist (the hour skipped
/// when clocks go forward) moves forward by the gap; a time that happens twice (when clocks
/// go back) is the first of the two, as calendar programs do.
pub fn local_instant(day: NaiveDate, time: NaiveTime, zone: Zone) -> DateTime<Utc> {
    let naive = day.and_time(time);
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Read the wall time with the offset in force before the gap, which lands the
            // same distance past the gap's end (02:30 becomes 03:30 when 02:00 jumps to 03:00).
            let before = naive - chrono::Duration::hours(3);
            match zone.from_local_datetime(&before).earliest() {
                Some(t) => {
                    let offset = chrono::Offset::fix(t.offset()).local_minus_utc();
                    Utc.from_utc_datetime(&(naive - chrono::Duration::seconds(i64::from(offset))))
                }
                None => Utc.from_utc_datetime(&naive),
            }
        }
    }
}

/// The instant a local day starts in `zone`.
pub fn day_start(day: NaiveDate, zone: Zone) -> DateTime<Utc> {
    local_instant(day, NaiveTime::MIN, zone)
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn month_index(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, nth: Nth) -> Option<NaiveDate> {
    match nth {
        Nth::Nth(n) => NaiveDate::from_weekday_of_month_opt(year, month, weekday, n),
        Nth::Last => {
            let next_month = NaiveDate::from_ymd_opt(year, month, 1)? + Months::new(1);
            let last = next_month - Days::new(1);
            let back = last.weekday().days_since(weekday);
            Some(last - Days::new(u64::from(back)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Zone {
        Zone::named("Europe/Berlin").unwrap()
    }

    fn new_york() -> Zone {
        Zone::named("America/New_York").unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn rule(frequency: Frequency, weekday: Weekday, starts_on: NaiveDate) -> Recurrence {
        Recurrence {
            frequency,
            weekday,
            time: time(10, 0),
            starts_on,
            ends_on: None,
        }
    }

    #[test]
    fn weekly_rule_keeps_local_time_across_the_autumn_dst_change() {
        let weekly = rule(Frequency::Weekly, Weekday::Mon, date(2026, 10, 1));
        let days = weekly.dates_between(date(2026, 10, 19), date(2026, 11, 3));
        assert_eq!(
            days,
            vec![date(2026, 10, 19), date(2026, 10, 26), date(2026, 11, 2)]
        );
        let utc: Vec<String> = days
            .iter()
            .map(|d| {
                local_instant(*d, weekly.time, berlin())
                    .format("%H:%M")
                    .to_string()
            })
            .collect();
        // Berlin leaves summer time on Oct 25 2026: 10:00 local is 08:00Z, then 09:00Z.
        assert_eq!(utc, vec!["08:00", "09:00", "09:00"]);
    }

    #[test]
    fn a_time_skipped_by_spring_forward_moves_past_the_gap() {
        // New York skips 02:00-03:00 on Mar 8 2026.
        let instant = local_instant(date(2026, 3, 8), time(2, 30), new_york());
        assert_eq!(
            instant
                .with_timezone(&new_york())
                .format("%H:%M")
                .to_string(),
            "03:30"
        );
    }

    #[test]
    fn a_time_repeated_by_fall_back_is_the_first_one() {
        // New York repeats 01:00-02:00 on Nov 1 2026; the first 01:30 is still EDT (-4).
        let instant = local_instant(date(2026, 11, 1), time(1, 30), new_york());
        assert_eq!(instant.format("%H:%M").to_string(), "05:30");
    }

    #[test]
    fn biweekly_rule_stays_in_step_across_a_year_with_week_53() {
        // Starts in week 2026-W51; 2026 has 53 ISO weeks, so week numbers alone would
        // put the next year's occurrences out of step.
        let biweekly = rule(Frequency::Biweekly, Weekday::Wed, date(2026, 12, 16));
        let days = biweekly.dates_between(date(2026, 12, 14), date(2027, 1, 25));
        assert_eq!(
            days,
            vec![date(2026, 12, 16), date(2026, 12, 30), date(2027, 1, 13)]
        );
    }

    #[test]
    fn weekly_rule_across_the_year_end_visits_week_53() {
        let weekly = rule(Frequency::Weekly, Weekday::Thu, date(2026, 1, 1));
        let days = weekly.dates_between(date(2026, 12, 28), date(2027, 1, 4));
        assert_eq!(days, vec![date(2026, 12, 31)]);
        assert_eq!(days[0].iso_week().week(), 53);
    }

    #[test]
    fn fifth_weekday_rule_skips_months_without_one() {
        let fifth = rule(
            Frequency::Monthly(Nth::Nth(5)),
            Weekday::Fri,
            date(2026, 1, 1),
        );
        let days = fifth.dates_between(date(2026, 1, 1), date(2026, 7, 1));
        // 2026 months with five Fridays in the first half: January and May.
        assert_eq!(days, vec![date(2026, 1, 30), date(2026, 5, 29)]);
    }

    #[test]
    fn last_weekday_rule_lands_in_every_month() {
        let last = rule(
            Frequency::Monthly(Nth::Last),
            Weekday::Fri,
            date(2026, 1, 1),
        );
        let days = last.dates_between(date(2026, 2, 1), date(2026, 5, 1));
        assert_eq!(
            days,
            vec![date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24)]
        );
    }

    #[test]
    fn quarterly_rule_counts_from_its_first_month() {
        let quarterly = rule(
            Frequency::Quarterly(Nth::Nth(1)),
            Weekday::Mon,
            date(2026, 2, 1),
        );
        let days = quarterly.dates_between(date(2026, 1, 1), date(2027, 1, 1));
        assert_eq!(
            days,
            vec![
                date(2026, 2, 2),
                date(2026, 5, 4),
                date(2026, 8, 3),
                date(2026, 11, 2)
            ]
        );
    }

    #[test]
    fn rule_is_silent_before_it_starts_and_after_it_ends() {
        let mut weekly = rule(Frequency::Weekly, Weekday::Tue, date(2026, 11, 10));
        weekly.ends_on = Some(date(2026, 11, 24));
        let days = weekly.dates_between(date(2026, 11, 1), date(2026, 12, 31));
        assert_eq!(
            days,
            vec![date(2026, 11, 10), date(2026, 11, 17), date(2026, 11, 24)]
        );
    }

    #[test]
    fn day_start_follows_the_zone() {
        let start = day_start(date(2026, 11, 23), berlin());
        assert_eq!(start.to_rfc3339(), "2026-11-22T23:00:00+00:00");
    }
}
