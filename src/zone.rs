//! The manager's time zone, an IANA zone such as `Europe/Berlin`, usable wherever chrono
//! takes a `TimeZone`. The zone rules come from the tz database compiled into cadence (by
//! jiff), so a day and a time mean the same on every machine.
//!
//! Why not chrono-tz: its tables hold a pointer per span of every zone, tens of thousands
//! of relocations the loader fixes up at each start, half a millisecond before `main`.
//! jiff keeps the database as bytes, and reads only the zones asked for.

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

/// A time zone. Copied freely: each zone is read from the database once per process.
#[derive(Clone, Copy)]
pub struct Zone(&'static jiff::tz::TimeZone);

static UTC: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;

/// The zones read so far. A process uses one or two; each is kept for its lifetime.
static READ: Mutex<Vec<&'static jiff::tz::TimeZone>> = Mutex::new(Vec::new());

impl Zone {
    pub const UTC: Zone = Zone(&UTC);

    /// The zone of this IANA name, or `None` for a name the database does not hold.
    pub fn named(name: &str) -> Option<Zone> {
        if name == "UTC" {
            return Some(Zone::UTC);
        }
        let mut read = READ.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(zone) = read.iter().find(|z| z.iana_name() == Some(name)) {
            return Some(Zone(zone));
        }
        let zone = jiff::tz::TimeZone::get(name).ok()?;
        // The database matches names without regard to case: the zone is kept under the
        // name it gives, and asked for by that name.
        if zone.iana_name() != Some(name) {
            return None;
        }
        let zone: &'static jiff::tz::TimeZone = Box::leak(Box::new(zone));
        read.push(zone);
        Some(Zone(zone))
    }

    /// The IANA name, as stored with a cadence rule.
    pub fn name(&self) -> &'static str {
        self.0.iana_name().unwrap_or("UTC")
    }

    /// The offset at a second since the epoch. (The offset needs no finer instant; chrono
    /// gives a leap second as a nanosecond count past a whole second, which jiff refuses.)
    fn offset_at(&self, seconds: i64) -> ZoneOffset {
        let at = jiff::Timestamp::from_second(seconds).unwrap_or(if seconds < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        });
        self.offset(self.0.to_offset(at))
    }

    fn offset(&self, offset: jiff::tz::Offset) -> ZoneOffset {
        ZoneOffset {
            zone: *self,
            // Real zones stay within 15 hours of UTC; chrono's offsets reach a day, jiff's a
            // little more.
            fixed: FixedOffset::east_opt(offset.seconds())
                .unwrap_or(FixedOffset::east_opt(0).expect("zero is a valid offset")),
        }
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Zone {}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not an IANA time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone(pub String);

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not an IANA time zone", self.0)
    }
}

impl std::error::Error for UnknownZone {}

impl FromStr for Zone {
    type Err = UnknownZone;

    fn from_str(name: &str) -> Result<Zone, UnknownZone> {
        Zone::named(name).ok_or_else(|| UnknownZone(name.to_string()))
    }
}

/// The offset from UTC in a zone at some instant, knowing its zone as chrono requires.
/// Shown as the offset (`+01:00`): `%Z` gives no abbreviation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    fixed: FixedOffset,
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.fixed, f)
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.fixed, f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    /// An offset the day had: at its start if that moment exists once, else at its end, as
    /// chrono-tz answers. (Nothing in cadence asks for a day's offset.)
    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        let at = |time| self.offset_from_local_datetime(&local.and_time(time));
        let end = NaiveTime::from_hms_opt(23, 59, 59).expect("a valid time");
        match (at(NaiveTime::MIN), at(end)) {
            (single @ LocalResult::Single(_), _) | (_, single @ LocalResult::Single(_)) => single,
            (LocalResult::Ambiguous(earlier, _), _) | (_, LocalResult::Ambiguous(earlier, _)) => {
                LocalResult::Single(earlier)
            }
            (LocalResult::None, LocalResult::None) => LocalResult::None,
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        use chrono::{Datelike, Timelike};
        // jiff's civil times span the years -9999 to 9999: a time outside never existed in a
        // zone there.
        let Some(civil) = i16::try_from(local.year()).ok().and_then(|year| {
            jiff::civil::DateTime::new(
                year,
                local.month() as i8,
                local.day() as i8,
                local.hour() as i8,
                local.minute() as i8,
                local.second() as i8,
                // A leap second (chrono's nanoseconds past a whole second) is read as the
                // last moment of the second before it.
                local.nanosecond().min(999_999_999) as i32,
            )
            .ok()
        }) else {
            return LocalResult::None;
        };
        use jiff::tz::AmbiguousOffset::{Fold, Gap, Unambiguous};
        match self.0.to_ambiguous_timestamp(civil).offset() {
            Unambiguous { offset } => LocalResult::Single(self.offset(offset)),
            // Skipped when the clocks went forward.
            Gap { .. } => LocalResult::None,
            // Twice when they went back: the earlier instant first.
            Fold { before, after } => {
                LocalResult::Ambiguous(self.offset(before), self.offset(after))
            }
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset_at(utc.and_utc().timestamp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};

    fn berlin() -> Zone {
        Zone::named("Europe/Berlin").unwrap()
    }

    fn local(
        zone: Zone,
        y: i32,
        m: u32,
        d: u32,
        h: u32,
        min: u32,
    ) -> LocalResult<chrono::DateTime<Zone>> {
        zone.with_ymd_and_hms(y, m, d, h, min, 0)
    }

    #[test]
    fn a_zone_is_found_by_its_iana_name_and_not_by_another() {
        assert_eq!(berlin().name(), "Europe/Berlin");
        assert_eq!("Europe/Berlin".parse::<Zone>().unwrap(), berlin());
        assert_eq!(Zone::named("UTC"), Some(Zone::UTC));
        assert_eq!(Zone::named("Mars/Olympus"), None);
        assert_eq!(Zone::named("europe/berlin"), None);
        assert_eq!(Zone::named(""), None);
        assert_ne!(berlin(), Zone::named("America/New_York").unwrap());
    }

    #[test]
    fn offsets_follow_summer_time() {
        let winter = local(berlin(), 2026, 1, 15, 12, 0).unwrap();
        assert_eq!(winter.offset().fix().local_minus_utc(), 3600);
        let summer = local(berlin(), 2026, 7, 15, 12, 0).unwrap();
        assert_eq!(summer.offset().fix().local_minus_utc(), 7200);
        let utc = chrono::Utc.with_ymd_and_hms(2026, 7, 15, 10, 0, 0).unwrap();
        let there = utc.with_timezone(&berlin());
        assert_eq!((there.hour(), there.day()), (12, 15));
        assert_eq!(there.to_rfc3339(), "2026-07-15T12:00:00+02:00");
    }

    #[test]
    fn a_leap_second_is_in_the_zone_of_the_second_before_it() {
        let leap = chrono::DateTime::parse_from_rfc3339("2026-06-30T23:59:60Z")
            .unwrap()
            .with_timezone(&berlin());
        assert_eq!(leap.offset().fix().local_minus_utc(), 7200);
        assert_eq!((leap.hour(), leap.minute()), (1, 59));
        let local = chrono::NaiveDate::from_ymd_opt(2026, 6, 30)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap();
        assert_eq!(
            berlin()
                .from_local_datetime(&local)
                .unwrap()
                .offset()
                .fix()
                .local_minus_utc(),
            7200
        );
    }

    #[test]
    fn a_day_has_an_offset_even_when_it_starts_in_a_gap() {
        // Clocks in Santiago went forward at midnight on 2026-09-06: the day began at 01:00.
        let santiago = Zone::named("America/Santiago").unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        assert_eq!(
            santiago.from_local_datetime(&day.and_time(NaiveTime::MIN)),
            LocalResult::None
        );
        let offset = santiago.offset_from_local_date(&day).unwrap();
        assert_eq!(offset.fix().local_minus_utc(), -3 * 3600);
        let folded = berlin()
            .offset_from_local_date(&chrono::NaiveDate::from_ymd_opt(2026, 10, 25).unwrap())
            .unwrap();
        assert_eq!(folded.fix().local_minus_utc(), 7200);
    }

    #[test]
    fn a_skipped_hour_is_no_time_and_a_repeated_one_is_two() {
        // 2026-03-29 02:30 does not exist in Berlin; 2026-10-25 02:30 happens twice.
        assert_eq!(local(berlin(), 2026, 3, 29, 2, 30), LocalResult::None);
        match local(berlin(), 2026, 10, 25, 2, 30) {
            LocalResult::Ambiguous(first, second) => {
                assert_eq!(first.offset().fix().local_minus_utc(), 7200);
                assert_eq!(second.offset().fix().local_minus_utc(), 3600);
                assert!(first < second);
            }
            other => panic!("expected two instants, got {other:?}"),
        }
        let ny = Zone::named("America/New_York").unwrap();
        let day = local(ny, 2026, 11, 27, 9, 0).unwrap();
        assert_eq!(day.offset().fix().local_minus_utc(), -5 * 3600);
        assert_eq!(day.with_timezone(&chrono::Utc).hour(), 14);
        assert_eq!(day.year(), 2026);
    }
}
