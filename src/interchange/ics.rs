//! The cadence's meetings as an iCalendar file (RFC 5545), for a calendar app to import or
//! subscribe to. Escaping and line folding are the `icalendar` crate's.
//!
//! Each meeting is one event (no recurrence rules): what cadence planned, held, canceled or
//! moved is per occurrence, and a calendar then shows exactly that. Times are UTC instants
//! (`DTSTART:20261124T090000Z`): exact for a single occurrence whatever the zone or daylight
//! saving, shown by every calendar in its viewer's zone, and with no VTIMEZONE to get wrong.
//!
//! UIDs are stable, so importing a later export updates events instead of adding copies: an
//! occurrence of a cadence rule is named by the rule and its day (`rule-12-20261124`), a
//! meeting outside the cadence (a one-off, or the new slot of a moved one) by its id
//! (`meeting-87`), both followed by the database's own calendar id so that two databases
//! never share a UID. Canceled and moved occurrences are kept as `STATUS:CANCELLED`, so a
//! calendar drops them; so are the occurrences a changed or removed rule no longer has.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

/// One meeting, as the calendar shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub uid: String,
    /// `1:1 with Ana Ruiz`, `Team meeting`.
    pub summary: String,
    pub starts: DateTime<Utc>,
    pub minutes: u32,
    pub canceled: bool,
    /// Why it was canceled, or where it moved to.
    pub note: Option<String>,
}

/// The UID of a meeting: its rule's occurrence, or the meeting itself when it has no rule.
pub fn uid(rule: Option<(i64, NaiveDate)>, meeting_id: i64, calendar_id: &str) -> String {
    match rule {
        Some((rule_id, day)) => rule_uid(rule_id, day, calendar_id),
        None => format!("meeting-{meeting_id}.{calendar_id}@cadence"),
    }
}

/// The UID of a rule's occurrence on `day`: the same in every export of the database.
pub fn rule_uid(rule_id: i64, day: NaiveDate, calendar_id: &str) -> String {
    format!(
        "rule-{rule_id}-{}.{calendar_id}@cadence",
        day.format("%Y%m%d")
    )
}

/// `1:1 with Ana Ruiz`; a team meeting is just its kind.
pub fn summary(kind: &str, seller: Option<&str>) -> String {
    match seller {
        Some(name) => format!("{kind} with {name}"),
        None => kind.to_string(),
    }
}

/// The calendar file; `stamp` (when it was written) is every event's DTSTAMP.
pub fn write(entries: &[Entry], stamp: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//cadence//cadence//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", "cadence"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    for e in entries {
        let mut event = Event::new();
        event
            .uid(&e.uid)
            .summary(&e.summary)
            .starts(e.starts)
            .ends(e.starts + TimeDelta::minutes(i64::from(e.minutes)))
            .timestamp(stamp)
            // A calendar takes a cancellation over the event it holds only from a higher
            // sequence number; cadence's events go one way, planned to canceled.
            .sequence(u32::from(e.canceled))
            .status(if e.canceled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        if let Some(note) = &e.note {
            event.description(note);
        }
        calendar.push(event.done());
    }
    calendar.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn uids_name_the_rule_and_day_or_the_meeting() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(
            uid(Some((12, day)), 87, "ab12"),
            "rule-12-20261124.ab12@cadence"
        );
        assert_eq!(uid(None, 87, "ab12"), "meeting-87.ab12@cadence");
        assert_eq!(summary("1:1", Some("Ana Ruiz")), "1:1 with Ana Ruiz");
        assert_eq!(summary("Team meeting", None), "Team meeting");
    }

    #[test]
    fn events_are_utc_with_their_status_and_text_escaped() {
        let text = write(
            &[
                Entry {
                    uid: "rule-1-20261124.x@cadence".into(),
                    summary: "1:1 with Ana Ruiz".into(),
                    starts: at("2026-11-24T09:00:00Z"),
                    minutes: 30,
                    canceled: false,
                    note: None,
                },
                Entry {
                    uid: "meeting-9.x@cadence".into(),
                    summary: "Deal review with Ben, Jr.".into(),
                    starts: at("2026-11-25T14:00:00Z"),
                    minutes: 45,
                    canceled: true,
                    note: Some("Canceled: customer call; moved".into()),
                },
            ],
            at("2026-11-27T10:00:00Z"),
        );
        assert!(
            text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{text}"
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in [
            "DTSTART:20261124T090000Z",
            "DTEND:20261124T093000Z",
            "STATUS:CONFIRMED",
            "STATUS:CANCELLED",
            "SEQUENCE:0",
            "SEQUENCE:1",
            "SUMMARY:Deal review with Ben\\, Jr.",
            "DESCRIPTION:Canceled: customer call\\; moved",
            "DTSTAMP:20261127T100000Z",
        ] {
            assert!(text.contains(&format!("{line}\r\n")), "no {line} in {text}");
        }
        assert!(text.lines().all(|l| l.len() <= 75));
    }
}
