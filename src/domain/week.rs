//! Weeks as the calendar shows them: ISO 8601 numbering, starting on Monday or Sunday.

use chrono::{Datelike, Days, IsoWeek, NaiveDate, Weekday};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}

impl WeekStart {
    pub fn weekday(self) -> Weekday {
        match self {
            WeekStart::Monday => Weekday::Mon,
            WeekStart::Sunday => Weekday::Sun,
        }
    }
}

/// Seven days starting on the configured first day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    first_day: NaiveDate,
}

#[derive(Debug, PartialEq, Eq)]
pub struct WeekParseError(pub String);

impl fmt::Display for WeekParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a week: expected an ISO week such as 2026-W48",
            crate::text::one_line(&self.0)
        )
    }
}

impl std::error::Error for WeekParseError {}

impl Week {
    pub fn containing(day: NaiveDate, start: WeekStart) -> Week {
        let back = day.weekday().days_since(start.weekday());
        Week {
            first_day: day - Days::new(u64::from(back)),
        }
    }

    /// Parses `2026-W48` (case-insensitive). A Sunday-start week is the one that holds the
    /// ISO week's Monday, so its number stays the ISO number.
    pub fn parse(text: &str, start: WeekStart) -> Result<Week, WeekParseError> {
        let err = || WeekParseError(text.to_string());
        let upper = text.trim().to_ascii_uppercase();
        let (year, week) = upper.split_once("-W").ok_or_else(err)?;
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (1..=9999).contains(y))
            .ok_or_else(err)?;
        let week: u32 = week.parse().map_err(|_| err())?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(err)?;
        Ok(Week::containing(monday, start))
    }

    pub fn first_day(self) -> NaiveDate {
        self.first_day
    }

    /// The day after the last day of the week.
    pub fn end(self) -> NaiveDate {
        self.first_day + Days::new(7)
    }

    pub fn last_day(self) -> NaiveDate {
        self.end() - Days::new(1)
    }

    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.first_day.iter_days().take(7)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        day >= self.first_day && day < self.end()
    }

    pub fn next(self) -> Week {
        Week {
            first_day: self.first_day + Days::new(7),
        }
    }

    pub fn prev(self) -> Week {
        Week {
            first_day: self.first_day - Days::new(7),
        }
    }

    /// The ISO week this week is named after: the one holding its Monday.
    pub fn iso(self) -> IsoWeek {
        let monday = self
            .days()
            .find(|d| d.weekday() == Weekday::Mon)
            .unwrap_or(self.first_day);
        monday.iso_week()
    }

    /// `2026-W48`
    pub fn code(self) -> String {
        let iso = self.iso();
        format!("{}-W{:02}", iso.year(), iso.week())
    }

    /// `2026-W48, Nov 23 - 29`, `2026-W49, Nov 30 - Dec 6`.
    pub fn title(self) -> String {
        let first = self.first_day;
        let last = self.last_day();
        let range = if first.month() == last.month() {
            format!("{} - {}", first.format("%b %-d"), last.format("%-d"))
        } else {
            format!("{} - {}", first.format("%b %-d"), last.format("%b %-d"))
        };
        format!("{}, {}", self.code(), range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn monday_week_is_named_by_its_iso_number() {
        let week = Week::containing(date(2026, 11, 27), WeekStart::Monday);
        assert_eq!(week.first_day(), date(2026, 11, 23));
        assert_eq!(week.title(), "2026-W48, Nov 23 - 29");
    }

    #[test]
    fn week_across_a_month_names_both_months() {
        let week = Week::containing(date(2026, 12, 1), WeekStart::Monday);
        assert_eq!(week.title(), "2026-W49, Nov 30 - Dec 6");
    }

    #[test]
    fn week_53_exists_in_2026_and_crosses_the_year() {
        let week = Week::parse("2026-W53", WeekStart::Monday).unwrap();
        assert_eq!(week.first_day(), date(2026, 12, 28));
        assert_eq!(week.title(), "2026-W53, Dec 28 - Jan 3");
        assert_eq!(week.next().code(), "2027-W01");
        // Jan 1 2027 belongs to the last week of 2026.
        assert_eq!(
            Week::containing(date(2027, 1, 1), WeekStart::Monday).code(),
            "2026-W53"
        );
    }

    #[test]
    fn week_53_does_not_exist_in_2025() {
        assert!(Week::parse("2025-W53", WeekStart::Monday).is_err());
    }

    #[test]
    fn sunday_start_week_begins_the_day_before_the_iso_monday() {
        let week = Week::containing(date(2026, 11, 27), WeekStart::Sunday);
        assert_eq!(week.first_day(), date(2026, 11, 22));
        assert_eq!(week.title(), "2026-W48, Nov 22 - 28");
        // A Sunday opens the next week when weeks start on Sunday.
        let sunday = Week::containing(date(2026, 11, 29), WeekStart::Sunday);
        assert_eq!(sunday.first_day(), date(2026, 11, 29));
        assert_eq!(sunday.code(), "2026-W49");
        assert_eq!(Week::parse("2026-W49", WeekStart::Sunday).unwrap(), sunday);
    }

    #[test]
    fn parse_rejects_what_is_not_a_week() {
        for bad in [
            "2026-48",
            "W48",
            "2026-W00",
            "2026-Wxx",
            "",
            "262142-W52",
            "0-W01",
        ] {
            let err = Week::parse(bad, WeekStart::Monday).unwrap_err();
            assert!(err.to_string().contains("expected an ISO week"), "{bad}");
        }
        assert!(Week::parse("2026-w48", WeekStart::Monday).is_ok());
    }

    #[test]
    fn paging_moves_seven_days() {
        let week = Week::parse("2026-W48", WeekStart::Monday).unwrap();
        assert_eq!(week.next().prev(), week);
        assert!(week.contains(date(2026, 11, 29)));
        assert!(!week.contains(date(2026, 11, 30)));
    }
}
