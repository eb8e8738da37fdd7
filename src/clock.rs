//! The clock, injected everywhere time matters so tests run at a fixed instant.

use chrono::{DateTime, Utc};
use std::time::Instant;

pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that starts at a chosen instant and runs at real speed from there, measured with
/// the monotonic clock: running time is right even if the system clock is set while a
/// meeting runs. The cockpit starts it at the wall-clock time, or at `CADENCE_NOW` for demos
/// and end-to-end tests.
pub struct StartedClock {
    start: DateTime<Utc>,
    since: Instant,
}

impl StartedClock {
    /// From the system's wall clock now.
    pub fn system() -> StartedClock {
        StartedClock::new(Utc::now())
    }

    pub fn new(start: DateTime<Utc>) -> StartedClock {
        StartedClock {
            start,
            since: Instant::now(),
        }
    }
}

impl Clock for StartedClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(self.since.elapsed()).unwrap_or_default();
        self.start + elapsed
    }
}

/// A clock that moves only when told: for tests.
pub struct FixedClock(std::cell::Cell<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> FixedClock {
        FixedClock(std::cell::Cell::new(at))
    }

    pub fn advance(&self, by: chrono::TimeDelta) {
        self.0.set(self.0.get() + by);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}
