//! Meeting status, and the one status that is derived rather than stored: missed.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    Held,
    Canceled,
    Rescheduled,
    Missed,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Held => "held",
            Status::Canceled => "canceled",
            Status::Rescheduled => "rescheduled",
            Status::Missed => "missed",
        }
    }

    /// Statuses as stored; `missed` is never stored, it is derived from the date.
    pub fn from_stored(key: &str) -> Option<Status> {
        match key {
            "planned" => Some(Status::Planned),
            "held" => Some(Status::Held),
            "canceled" => Some(Status::Canceled),
            "rescheduled" => Some(Status::Rescheduled),
            _ => None,
        }
    }

    pub fn glyph(self) -> &'static str {
        match self {
            Status::Planned => "○",
            Status::Held => "✓",
            Status::Canceled => "✗",
            Status::Rescheduled => "→",
            Status::Missed => "!",
        }
    }

    /// What a stored status means today: a planned meeting whose day has passed without
    /// being held was missed. A meeting earlier today is still planned until the day ends,
    /// since managers often mark meetings held in the evening.
    pub fn effective(stored: Status, meeting_day: NaiveDate, today: NaiveDate) -> Status {
        if stored == Status::Planned && meeting_day < today {
            Status::Missed
        } else {
            stored
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn planned_meeting_from_a_past_day_is_missed() {
        assert_eq!(
            Status::effective(Status::Planned, day(24), day(27)),
            Status::Missed
        );
    }

    #[test]
    fn planned_meeting_today_is_still_planned() {
        assert_eq!(
            Status::effective(Status::Planned, day(27), day(27)),
            Status::Planned
        );
    }

    #[test]
    fn held_and_canceled_meetings_keep_their_status() {
        assert_eq!(
            Status::effective(Status::Held, day(2), day(27)),
            Status::Held
        );
        assert_eq!(
            Status::effective(Status::Canceled, day(2), day(27)),
            Status::Canceled
        );
    }

    #[test]
    fn missed_is_never_read_from_storage() {
        assert_eq!(Status::from_stored("missed"), None);
        assert_eq!(Status::from_stored("held"), Some(Status::Held));
    }
}
