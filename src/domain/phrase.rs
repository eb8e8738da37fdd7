//! Date and time phrases typed by the manager: `tomorrow 14:00`, `fri 9am`, `2026-12-01 10:30`.
//! Parsing of the English phrases is left to `interim`; this module adds the rules of the
//! product (a time must be given, the moment must be in the future) and the error wording.

use chrono::{DateTime, NaiveTime};
use chrono_tz::Tz;
use std::fmt;

#[derive(Debug, PartialEq, Eq)]
pub enum PhraseError {
    NotADate(String),
    NotATime(String),
    InThePast(String),
}

pub const WHEN_EXAMPLES: &str = "'tomorrow 14:00', 'fri 9:30', '2026-12-01 10:00'";
pub const TIME_EXAMPLES: &str = "'09:30', '14:00', '2pm'";

impl fmt::Display for PhraseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhraseError::NotADate(t) => {
                write!(f, "'{t}' is not a date and time: try {WHEN_EXAMPLES}")
            }
            PhraseError::NotATime(t) => {
                write!(f, "'{t}' is not a time of day: try {TIME_EXAMPLES}")
            }
            PhraseError::InThePast(t) => write!(f, "'{t}' is in the past: pick a later time"),
        }
    }
}

impl std::error::Error for PhraseError {}

/// A moment after `now`, from a phrase that names a day and a time.
pub fn parse_when(text: &str, now: DateTime<Tz>) -> Result<DateTime<Tz>, PhraseError> {
    let trimmed = text.trim();
    if trimmed.is_empty() || !trimmed.chars().any(|c| c.is_ascii_digit() || c == ':') {
        // Without a time the phrase would silently mean midnight.
        return Err(PhraseError::NotADate(trimmed.to_string()));
    }
    let when = interim::parse_date_string(trimmed, now, interim::Dialect::Us)
        .map_err(|_| PhraseError::NotADate(trimmed.to_string()))?;
    if when <= now {
        return Err(PhraseError::InThePast(trimmed.to_string()));
    }
    Ok(when)
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
    use chrono_tz::Europe::Berlin;

    fn now() -> DateTime<Tz> {
        // Friday 2026-11-27 09:00 in Berlin.
        Berlin.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
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
        assert_eq!(
            parse_when("tomorrow", now()),
            Err(PhraseError::NotADate("tomorrow".into()))
        );
    }

    #[test]
    fn nonsense_and_the_past_are_refused_with_guidance() {
        let err = parse_when("next blursday 10:00", now()).unwrap_err();
        assert!(err.to_string().contains("try 'tomorrow 14:00'"), "{err}");
        let err = parse_when("2026-11-01 10:00", now()).unwrap_err();
        assert_eq!(err, PhraseError::InThePast("2026-11-01 10:00".into()));
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
