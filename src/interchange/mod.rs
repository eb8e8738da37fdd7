//! Files to and from the manager's other tools: calendars (iCalendar), spreadsheets (CSV),
//! task lists (taskwarrior's JSON, todo.txt) and rosters (CSV). Pure formatting and parsing,
//! one file per format: no database, no clock, no terminal. The store applies what is read.

pub mod ics;
pub mod json;
pub mod roster;
pub mod table;
pub mod taskwarrior;
pub mod todotxt;

use crate::domain::actions::ActionStatus;
use crate::domain::agenda::Owner;
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt;

/// When something happened, as precisely as the format says: taskwarrior keeps instants,
/// todo.txt keeps days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Instant(DateTime<Utc>),
    Day(NaiveDate),
}

/// An action item as the task formats carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The item's stable id; `None` for a task new to cadence that has none yet.
    pub uuid: Option<String>,
    pub title: String,
    /// The seller's name as the file has it; the store matches it ignoring case.
    pub seller: String,
    pub owner: Owner,
    pub status: ActionStatus,
    pub due_on: Option<NaiveDate>,
    pub created: When,
    /// When it was done or dropped; `None` while open.
    pub closed: Option<When>,
    pub drop_reason: Option<String>,
}

/// A task read from a file, with where it was (`line 4`, `item 2`) for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    pub place: String,
    pub task: Task,
}

/// A file refused: what was wrong and where, and what is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::one_line(&self.0))
    }
}

impl std::error::Error for Refused {}

/// Whether `text` looks like a uuid in its usual form (8-4-4-4-12 hex digits).
pub fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_recognised_in_their_usual_form_only() {
        assert!(is_uuid("8f14e45f-ceea-467a-9d5e-0123456789ab"));
        assert!(!is_uuid("8f14e45fceea467a9d5e0123456789ab"));
        assert!(!is_uuid("8f14e45f-ceea-467a-9d5e-0123456789zz"));
        assert!(!is_uuid(""));
    }
}
