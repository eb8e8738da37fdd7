//! The week calendar pane: which week is shown, its meetings by day, and the selection.

use crate::domain::Meeting;
use crate::domain::adherence::Adherence;
use crate::domain::{Status, Week};
use crate::zone::Zone;
use chrono::{DateTime, Datelike, NaiveDate};

/// A meeting as the calendar shows it: in the manager's zone, with its status as of today.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarMeeting {
    pub meeting: Meeting,
    pub starts: DateTime<Zone>,
    pub status: Status,
}

impl CalendarMeeting {
    pub fn new(meeting: Meeting, zone: Zone, today: NaiveDate) -> CalendarMeeting {
        let starts = meeting.starts_at.with_timezone(&zone);
        let status = Status::effective(meeting.status, starts.date_naive(), today);
        CalendarMeeting {
            meeting,
            starts,
            status,
        }
    }

    /// `Ana Ruiz`, or `Team` for a meeting with everyone.
    pub fn who(&self) -> &str {
        self.meeting
            .seller
            .as_ref()
            .map(|s| s.name.as_str())
            .unwrap_or("Team")
    }
}

#[derive(Debug)]
pub struct Calendar {
    pub week: Week,
    /// Whether `meetings` belong to `week` yet (the load is an effect the loop performs).
    pub loaded: bool,
    pub meetings: Vec<CalendarMeeting>,
    /// Indexes into `meetings`, one list per day of the week, in time order.
    pub by_day: [Vec<usize>; 7],
    pub day: usize,
    pub row: usize,
    /// A meeting to select once loaded: one just added or moved, known by its start.
    pub select_at: Option<DateTime<chrono::Utc>>,
}

impl Calendar {
    pub fn new(week: Week, today: NaiveDate) -> Calendar {
        Calendar {
            week,
            loaded: false,
            meetings: Vec::new(),
            by_day: Default::default(),
            day: day_index(week, today).unwrap_or(0),
            row: 0,
            select_at: None,
        }
    }

    /// Shows another week; the same weekday stays selected.
    pub fn show(&mut self, week: Week) {
        if week != self.week {
            self.week = week;
            self.loaded = false;
            self.meetings.clear();
            self.by_day = Default::default();
            self.row = 0;
        }
    }

    /// Takes the meetings of a week from the store, keeping the selection on the same
    /// meeting when it is still there.
    pub fn loaded(&mut self, week: Week, meetings: Vec<Meeting>, zone: Zone, today: NaiveDate) {
        if week != self.week {
            return; // a stale load for a week no longer shown
        }
        let kept = self.selected().map(|m| m.meeting.id);
        let wanted = self.select_at.take();
        self.meetings = meetings
            .into_iter()
            .map(|m| CalendarMeeting::new(m, zone, today))
            .collect();
        self.meetings.sort_by_key(|m| m.starts);
        self.by_day = Default::default();
        for (i, m) in self.meetings.iter().enumerate() {
            if let Some(day) = day_index(week, m.starts.date_naive()) {
                self.by_day[day].push(i);
            }
        }
        self.loaded = true;
        let wanted_id = wanted.and_then(|at| {
            self.meetings
                .iter()
                .find(|m| m.meeting.starts_at == at && m.status != Status::Rescheduled)
                .map(|m| m.meeting.id)
        });
        if let Some(id) = wanted_id.or(kept)
            && let Some((day, row)) = self.position_of(id)
        {
            self.day = day;
            self.row = row;
        }
        self.clamp_row();
    }

    fn position_of(&self, id: i64) -> Option<(usize, usize)> {
        self.by_day.iter().enumerate().find_map(|(day, rows)| {
            rows.iter()
                .position(|&i| self.meetings[i].meeting.id == id)
                .map(|row| (day, row))
        })
    }

    pub fn selected(&self) -> Option<&CalendarMeeting> {
        self.by_day[self.day]
            .get(self.row)
            .map(|&i| &self.meetings[i])
    }

    pub fn move_day(&mut self, forward: bool) {
        self.day = super::step_index(self.day, 7, forward);
        self.clamp_row();
    }

    pub fn move_row(&mut self, down: bool) {
        self.row = super::step_index(self.row, self.by_day[self.day].len(), down);
    }

    /// Selects a row of a day's column (a click), kept within the day's meetings.
    pub fn select(&mut self, day: usize, row: usize) {
        self.day = day.min(6);
        self.row = row;
        self.clamp_row();
    }

    pub fn select_day(&mut self, day: NaiveDate) {
        if let Some(index) = day_index(self.week, day) {
            self.day = index;
            self.clamp_row();
        }
    }

    fn clamp_row(&mut self) {
        let count = self.by_day[self.day].len();
        self.row = self.row.min(count.saturating_sub(1));
    }

    pub fn adherence(&self) -> Adherence {
        Adherence::from_statuses(self.meetings.iter().map(|m| m.status))
    }
}

/// 0 for the week's first day, up to 6.
fn day_index(week: Week, day: NaiveDate) -> Option<usize> {
    week.contains(day)
        .then(|| (day.num_days_from_ce() - week.first_day().num_days_from_ce()) as usize)
}
