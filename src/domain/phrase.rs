//! Date and time phrases typed by the manager: `tomorrow 14:00`, `fri 9am`, `2026-12-01 10:30`.
//! Parsing of the English phrases is left to `interim`; this module adds the rules of the
//! product (a time must be given, the moment must be in the future) and the error wording.

use crate::zone::Zone;
use chrono::{DateTime, Days, NaiveDate, NaiveTime};
use std::fmt;

#[derive(Debug, PartialEq, Eq)]
pub enum PhraseError {
    NotADate(String),
    NotATime(String),
    InThePast(String),
    NotADueDate(String),
    NoTime(String),
}

pub const DUE_EXAMPLES: &str = "'today', 'tomorrow', 'fri', 'next mon', '+3d', '+2w', '2026-12-04'";
pub const WHEN_EXAMPLES: &str = "'tomorrow 14:00', 'fri 9:30', '2026-12-01 10:00'";
pub const TIME_EXAMPLES: &str = "'09:30', '14:00', '2pm'";

impl fmt::Display for PhraseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What was typed is quoted as one line, whatever it holds.
        let (text, rest) = match self {
            PhraseError::NotADate(t) => (t, format!("is not a date and time: try {WHEN_EXAMPLES}")),
            PhraseError::NotATime(t) => (t, format!("is not a time of day: try {TIME_EXAMPLES}")),
            PhraseError::InThePast(t) => (t, "is in the past: pick a later time".to_string()),
            PhraseError::NoTime(t) => (
                t,
                format!("has no time of day: add one, as in {WHEN_EXAMPLES}"),
            ),
            PhraseError::NotADueDate(t) => (t, format!("is not a due date: try {DUE_EXAMPLES}")),
        };
        write!(f, "'{}' {rest}", crate::text::one_line(text))
    }
}

impl std::error::Error for PhraseError {}

/// A moment after `now`, from a phrase that names a day and a time.
pub fn parse_when(text: &str, now: DateTime<Zone>) -> Result<DateTime<Zone>, PhraseError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(PhraseError::NotADate(trimmed.to_string()));
    }
    // Without a time the phrase would silently mean midnight: one word must be a time of
    // day, `9:30` or `2pm`, and the moment found must be at that time.
    let time = trimmed
        .split_whitespace()
        .filter(|word| {
            let w = word.to_ascii_lowercase();
            w.contains(':') || w.ends_with("am") || w.ends_with("pm")
        })
        .find_map(|word| parse_time(word).ok())
        .ok_or_else(|| PhraseError::NoTime(trimmed.to_string()))?;
    let when = interim::parse_date_string(trimmed, now, interim::Dialect::Us)
        .map_err(|_| PhraseError::NotADate(trimmed.to_string()))?;
    if when.time() != time {
        return Err(PhraseError::NotADate(trimmed.to_string()));
    }
    if when <= now {
        return Err(PhraseError::InThePast(trimmed.to_string()));
    }
    Ok(when)
}

/// A due date as people say it: `today`, `tomorrow`, `fri`, `next mon`, `+3d`, `+2w`,
/// `2026-12-04`. Named days are the next such day after today. The past is refused.
pub fn parse_due(text: &str, now: DateTime<Zone>) -> Result<NaiveDate, PhraseError> {
    let trimmed = text.trim().to_ascii_lowercase();
    let refuse = || PhraseError::NotADueDate(text.trim().to_string());
    let today = now.date_naive();
    let due = if let Some(offset) = trimmed.strip_prefix('+') {
        // `+3d`, `+2w`: days or weeks from today.
        let (count, per) = if let Some(days) = offset.strip_suffix('d') {
            (days, 1)
        } else if let Some(weeks) = offset.strip_suffix('w') {
            (weeks, 7)
        } else {
            return Err(refuse());
        };
        let days = count
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(per))
            .ok_or_else(refuse)?;
        today.checked_add_days(Days::new(days)).ok_or_else(refuse)?
    } else if is_due_phrase(&trimmed) {
        interim::parse_date_string(&trimmed, now, interim::Dialect::Us)
            .map_err(|_| refuse())?
            .date_naive()
    } else {
        return Err(refuse());
    };
    if due < today {
        return Err(PhraseError::InThePast(text.trim().to_string()));
    }
    Ok(due)
}

/// The forms a due date may take besides `+Nd`/`+Nw`: `today`, `tomorrow`, a weekday,
/// `next` and a weekday, or an ISO date. The date-phrase parser reads many more (`dec 3`,
/// `12/04`) whose meaning is less sure; a due date should not be a guess.
fn is_due_phrase(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["today" | "tomorrow"] => true,
        [day] | ["next", day] if day.parse::<chrono::Weekday>().is_ok() => true,
        [date] => NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

/// A time of day: `9:30`, `14:00`, `2pm`, `2:30pm`.
pub fn parse_time(text: &str) -> Result<NaiveTime, PhraseError> {
    let mut cleaned = text.trim().to_ascii_lowercase().replace(' ', "");
    // chrono wants minutes: "2pm" reads as "2:00pm".
    if (cleaned.ends_with("am") || cleaned.ends_with("pm")) && !cleaned.contains(':') {
        cleaned.insert_str(cleaned.len() - 2, ":00");
    }
    for format in ["%H:%M", "%I:%M%P"] {
        if let Ok(t) = NaiveTime::parse_from_str(&cleaned, format) {
            return Ok(t);
        }
    }
    // A bare hour: "9" or "14".
    if let Ok(hour) = cleaned.parse::<u32>()
        && let Some(t) = NaiveTime::from_hms_opt(hour, 0, 0)
    {
        return Ok(t);
    }
    Err(PhraseError::NotATime(text.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn berlin() -> Zone {
        Zone::named("Europe/Berlin").unwrap()
    }

    fn now() -> DateTime<Zone> {
        // Friday 2026-11-27 09:00 in Berlin.
        berlin().with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
    }

    #[test]
    fn tomorrow_with_a_time() {
        let when = parse_when("tomorrow 14:00", now()).unwrap();
        assert_eq!(
            when.format("%Y-%m-%d %H:%M").to_string(),
            "2026-11-28 14:00"
        );
    }

    #[test]
    fn weekday_with_a_time_is_the_next_such_day() {
        let when = parse_when("tue 9:30", now()).unwrap();
        assert_eq!(
            when.format("%Y-%m-%d %H:%M").to_string(),
            "2026-12-01 09:30"
        );
    }

    #[test]
    fn iso_date_and_time() {
        let when = parse_when("2026-12-03 16:15", now()).unwrap();
        assert_eq!(
            when.format("%Y-%m-%d %H:%M").to_string(),
            "2026-12-03 16:15"
        );
    }

    #[test]
    fn a_phrase_without_a_time_is_refused() {
        for phrase in ["tomorrow", "dec 3", "2026-12-01"] {
            assert_eq!(
                parse_when(phrase, now()),
                Err(PhraseError::NoTime(phrase.into())),
                "{phrase}"
            );
        }
        let err = parse_when("tomorrow 25:00", now()).unwrap_err();
        assert!(matches!(err, PhraseError::NoTime(_)), "{err}");
        assert!(parse_when("dec 3 2pm", now()).is_ok());
    }

    #[test]
    fn nonsense_and_the_past_are_refused_with_guidance() {
        let err = parse_when("next blursday 10:00", now()).unwrap_err();
        assert!(err.to_string().contains("try 'tomorrow 14:00'"), "{err}");
        let err = parse_when("2026-11-01 10:00", now()).unwrap_err();
        assert_eq!(err, PhraseError::InThePast("2026-11-01 10:00".into()));
    }

    #[test]
    fn due_dates_as_people_say_them() {
        let due = |s| parse_due(s, now()).map(|d| d.format("%a %Y-%m-%d").to_string());
        assert_eq!(due("today"), Ok("Fri 2026-11-27".into()));
        assert_eq!(due("tomorrow"), Ok("Sat 2026-11-28".into()));
        assert_eq!(due("next mon"), Ok("Mon 2026-11-30".into()));
        assert_eq!(due("Tue"), Ok("Tue 2026-12-01".into()));
        assert_eq!(due("fri"), Ok("Fri 2026-12-04".into()));
        assert_eq!(due("+3d"), Ok("Mon 2026-11-30".into()));
        assert_eq!(due("+2w"), Ok("Fri 2026-12-11".into()));
        assert_eq!(due("2026-12-04"), Ok("Fri 2026-12-04".into()));
        assert_eq!(due("Friday"), Ok("Fri 2026-12-04".into()));
        assert_eq!(due("next friday"), Ok("Fri 2026-12-04".into()));
    }

    #[test]
    fn other_due_dates_are_refused_with_the_accepted_forms() {
        for bad in [
            "",
            "soon",
            "+3",
            "+xd",
            "+3m",
            "+99999999999999999999w",
            "+3é",
            "é",
            "next week",
            "dec 3",
            "12/04",
            "3 days",
            "now",
            "last fri",
            "monday 10am",
        ] {
            let err = parse_due(bad, now()).unwrap_err();
            assert!(err.to_string().contains("'+3d', '+2w'"), "{bad}: {err}");
        }
        assert_eq!(
            parse_due("2026-11-01", now()),
            Err(PhraseError::InThePast("2026-11-01".into()))
        );
    }

    #[test]
    fn times_of_day() {
        let t = |s| parse_time(s).map(|t| t.format("%H:%M").to_string());
        assert_eq!(t("9:30"), Ok("09:30".into()));
        assert_eq!(t("14:00"), Ok("14:00".into()));
        assert_eq!(t("2pm"), Ok("14:00".into()));
        assert_eq!(t("2:30 PM"), Ok("14:30".into()));
        assert_eq!(t("9"), Ok("09:00".into()));
        assert!(t("25:00").is_err());
        assert!(t("soon").is_err());
    }
}
