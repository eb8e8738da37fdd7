//! When typed text is written: at most `QUIET` after the last key, and at least every
//! `LONGEST` while typing goes on, so a pause saves at once and a long burst still saves.
//! (Leaving the text, pausing, quitting, suspending and the editor save at once as well:
//! their callers do that.)

use chrono::{DateTime, TimeDelta, Utc};

pub const QUIET: TimeDelta = TimeDelta::milliseconds(300);
pub const LONGEST: TimeDelta = TimeDelta::seconds(2);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Autosave {
    last_key: Option<DateTime<Utc>>,
    first_unsaved: Option<DateTime<Utc>>,
}

impl Autosave {
    /// A key changed the text.
    pub fn typed(&mut self, now: DateTime<Utc>) {
        self.last_key = Some(now);
        self.first_unsaved.get_or_insert(now);
    }

    /// When the text must be written, if anything is unsaved.
    pub fn due_at(&self) -> Option<DateTime<Utc>> {
        Some((self.last_key? + QUIET).min(self.first_unsaved? + LONGEST))
    }

    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due_at().is_some_and(|at| now >= at)
    }

    /// The text was handed over for writing.
    pub fn saved(&mut self) {
        *self = Autosave::default();
    }
}

/// What the status bar says about typed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing typed yet this session.
    Nothing,
    /// Everything typed is in the database.
    Saved,
    /// Typed, on its way to the database.
    Pending,
    /// Could not be written, and why: it is kept, tried again, and can be rescued.
    NotSaved(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + TimeDelta::milliseconds(ms)
    }

    #[test]
    fn a_pause_of_300_ms_saves() {
        let mut a = Autosave::default();
        assert_eq!(a.due_at(), None);
        a.typed(at(0));
        a.typed(at(100));
        assert!(!a.is_due(at(399)));
        assert!(a.is_due(at(400)));
        a.saved();
        assert!(!a.is_due(at(10_000)));
    }

    #[test]
    fn steady_typing_saves_every_two_seconds() {
        let mut a = Autosave::default();
        for ms in (0..1_950).step_by(150) {
            a.typed(at(ms));
            assert!(!a.is_due(at(ms)), "{ms}");
        }
        a.typed(at(1_990));
        assert_eq!(a.due_at(), Some(at(2_000)));
    }
}
