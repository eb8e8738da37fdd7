//! How the week's cadence held up: the figures in the calendar footer and the review.

use super::Status;
use serde::Serialize;

/// Counts of one week's meetings by status. A rescheduled meeting is counted where it
/// moved to, so `planned` is what was on the calendar: held + canceled + missed + ahead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Adherence {
    pub planned: u32,
    pub held: u32,
    pub canceled: u32,
    pub missed: u32,
    /// Planned and not yet due.
    pub ahead: u32,
    /// Moved to another time; counted again at their new time.
    pub rescheduled: u32,
}

impl Adherence {
    pub fn from_statuses(statuses: impl IntoIterator<Item = Status>) -> Adherence {
        let mut a = Adherence::default();
        for status in statuses {
            match status {
                Status::Held => a.held += 1,
                Status::Canceled => a.canceled += 1,
                Status::Missed => a.missed += 1,
                Status::Planned => a.ahead += 1,
                Status::Rescheduled => a.rescheduled += 1,
            }
        }
        a.planned = a.held + a.canceled + a.missed + a.ahead;
        a
    }

    /// Share of the meetings that are due (not ahead) that were held, in whole percent.
    pub fn held_percent(&self) -> Option<u32> {
        let due = self.held + self.canceled + self.missed;
        (due > 0).then(|| (self.held * 100 + due / 2) / due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_adds_up_what_was_on_the_calendar() {
        let a = Adherence::from_statuses([
            Status::Held,
            Status::Held,
            Status::Held,
            Status::Canceled,
            Status::Missed,
            Status::Planned,
            Status::Rescheduled,
        ]);
        assert_eq!(a.planned, 6);
        assert_eq!(
            (a.held, a.canceled, a.missed, a.ahead, a.rescheduled),
            (3, 1, 1, 1, 1)
        );
        assert_eq!(a.held_percent(), Some(60));
    }

    #[test]
    fn a_week_with_nothing_due_has_no_percentage() {
        let a = Adherence::from_statuses([Status::Planned]);
        assert_eq!(a.held_percent(), None);
        assert_eq!(Adherence::from_statuses([]).planned, 0);
    }
}
