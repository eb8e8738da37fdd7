//! The meeting timer: time banked while paused, plus the running stretch since the last
//! start. Differences of the clock's instants measure running time (the clock is monotonic
//! within a run); the banked time and the moment the timer last started are stored, so a
//! restart, even after a crash, resumes with the elapsed time right.

use chrono::{DateTime, TimeDelta, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Timer {
    /// Time run before `running_since`.
    pub banked: TimeDelta,
    /// When the timer last started, while it runs.
    pub running_since: Option<DateTime<Utc>>,
}

impl Timer {
    pub fn running(&self) -> bool {
        self.running_since.is_some()
    }

    /// The running stretch: time not yet banked, to be booked to the current agenda item.
    pub fn stretch(&self, now: DateTime<Utc>) -> TimeDelta {
        match self.running_since {
            Some(since) => (now - since).max(TimeDelta::zero()),
            None => TimeDelta::zero(),
        }
    }

    pub fn elapsed(&self, now: DateTime<Utc>) -> TimeDelta {
        self.banked + self.stretch(now)
    }

    pub fn start(&mut self, now: DateTime<Utc>) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Stops the timer; returns the stretch that ran, to book to the current item.
    pub fn pause(&mut self, now: DateTime<Utc>) -> TimeDelta {
        let stretch = self.stretch(now);
        self.banked += stretch;
        self.running_since = None;
        stretch
    }

    /// Banks the running stretch and keeps running: when the current item changes, the time
    /// so far belongs to the item being left. Returns that stretch.
    pub fn cut(&mut self, now: DateTime<Utc>) -> TimeDelta {
        if !self.running() {
            return TimeDelta::zero();
        }
        let stretch = self.pause(now);
        self.start(now);
        stretch
    }
}

/// How a time box is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gauge {
    Within,
    /// Less than the warning margin left.
    Closing,
    Over,
}

/// The state of a box of `planned` minutes after `elapsed`, warning `margin` before its end.
pub fn gauge(elapsed: TimeDelta, planned_minutes: u32, margin: TimeDelta) -> Gauge {
    let planned = TimeDelta::minutes(i64::from(planned_minutes));
    if elapsed > planned {
        Gauge::Over
    } else if planned - elapsed <= margin {
        Gauge::Closing
    } else {
        Gauge::Within
    }
}

/// An agenda item warns two minutes before its box ends; the whole meeting five.
pub const ITEM_MARGIN: TimeDelta = TimeDelta::minutes(2);
pub const MEETING_MARGIN: TimeDelta = TimeDelta::minutes(5);

/// `1 minute`, `34 minutes`.
pub fn minutes_text(minutes: i64) -> String {
    if minutes == 1 {
        "1 minute".into()
    } else {
        format!("{minutes} minutes")
    }
}

/// `12:05`, or `1:02:05` past an hour; negative time shows as zero.
pub fn clock_text(elapsed: TimeDelta) -> String {
    let secs = elapsed.num_seconds().max(0);
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(minutes: i64, seconds: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + TimeDelta::minutes(minutes)
            + TimeDelta::seconds(seconds)
    }

    #[test]
    fn pausing_stops_the_count_and_resuming_continues_it() {
        let mut timer = Timer::default();
        timer.start(t(0, 0));
        assert_eq!(timer.elapsed(t(5, 0)), TimeDelta::minutes(5));
        assert_eq!(timer.pause(t(5, 0)), TimeDelta::minutes(5));
        assert_eq!(timer.elapsed(t(9, 0)), TimeDelta::minutes(5), "paused");
        timer.start(t(9, 0));
        timer.start(t(10, 0)); // a second start changes nothing
        assert_eq!(timer.elapsed(t(11, 30)), TimeDelta::seconds(7 * 60 + 30));
    }

    #[test]
    fn cutting_books_the_stretch_and_keeps_running() {
        let mut timer = Timer::default();
        timer.start(t(0, 0));
        assert_eq!(timer.cut(t(3, 0)), TimeDelta::minutes(3));
        assert!(timer.running());
        assert_eq!(timer.stretch(t(4, 0)), TimeDelta::minutes(1));
        assert_eq!(timer.elapsed(t(4, 0)), TimeDelta::minutes(4));
        let mut paused = Timer::default();
        assert_eq!(paused.cut(t(3, 0)), TimeDelta::zero());
        assert!(!paused.running());
    }

    #[test]
    fn a_restart_counts_the_time_the_process_was_gone() {
        // Stored before a crash: 10 minutes banked, running again since minute 10.
        let restored = Timer {
            banked: TimeDelta::minutes(10),
            running_since: Some(t(10, 0)),
        };
        // Read back by a new process at minute 20: twenty minutes, still running.
        assert_eq!(restored.elapsed(t(20, 0)), TimeDelta::minutes(20));
        assert_eq!(restored.stretch(t(20, 0)), TimeDelta::minutes(10));
        let mut paused = restored;
        assert_eq!(paused.pause(t(25, 0)), TimeDelta::minutes(15));
        assert_eq!(paused.elapsed(t(40, 0)), TimeDelta::minutes(25));
    }

    #[test]
    fn a_clock_that_reads_before_the_start_never_counts_backwards() {
        let mut timer = Timer::default();
        timer.start(t(10, 0));
        assert_eq!(timer.elapsed(t(9, 0)), TimeDelta::zero());
    }

    #[test]
    fn gauges_warn_before_the_end_and_flag_overrun() {
        let g = |m, s| {
            gauge(
                TimeDelta::minutes(m) + TimeDelta::seconds(s),
                10,
                ITEM_MARGIN,
            )
        };
        assert_eq!(g(7, 59), Gauge::Within);
        assert_eq!(g(8, 0), Gauge::Closing);
        assert_eq!(g(10, 0), Gauge::Closing);
        assert_eq!(g(10, 1), Gauge::Over);
        let meeting = gauge(TimeDelta::minutes(26), 30, MEETING_MARGIN);
        assert_eq!(meeting, Gauge::Closing);
    }

    #[test]
    fn clock_text_reads_like_a_stopwatch() {
        assert_eq!(clock_text(TimeDelta::seconds(65)), "01:05");
        assert_eq!(clock_text(TimeDelta::seconds(3725)), "1:02:05");
        assert_eq!(clock_text(TimeDelta::seconds(-3)), "00:00");
    }
}
