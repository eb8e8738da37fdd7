//! The clock, injected everywhere time matters so tests run at a fixed instant.

use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Duration;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
use std::time::Instant;

pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that starts at a chosen instant and runs at real speed from there, measured with
/// a monotonic clock: running time is right even if the system clock is set back or forward
/// while a meeting runs (the wall clock is read once, at the start). On Linux the measure is
/// CLOCK_BOOTTIME, which also counts the time the laptop slept: a 1:1 goes on while the lid
/// is closed, and a cockpit left open overnight wakes up on the right day. The cockpit
/// starts it at the wall-clock time, or at `CADENCE_NOW` for demos and end-to-end tests.
///
/// It can be handed to another thread (the panic hook and the hang-up watch stamp rescue
/// files with it): clones read the same measure.
#[derive(Clone)]
pub struct StartedClock {
    start: DateTime<Utc>,
    /// Time run since `start`, never going back.
    elapsed: Arc<dyn Fn() -> Duration + Send + Sync>,
}

impl StartedClock {
    /// From the system's wall clock now.
    pub fn system() -> StartedClock {
        StartedClock::new(Utc::now())
    }

    pub fn new(start: DateTime<Utc>) -> StartedClock {
        let since = Stopwatch::start();
        StartedClock::measured_by(start, Arc::new(move || since.elapsed()))
    }

    /// A clock from `start`, with `elapsed` telling the time run since (for tests).
    pub fn measured_by(
        start: DateTime<Utc>,
        elapsed: Arc<dyn Fn() -> Duration + Send + Sync>,
    ) -> StartedClock {
        StartedClock { start, elapsed }
    }
}

impl Clock for StartedClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std((self.elapsed)()).unwrap_or_default();
        self.start + elapsed
    }
}

/// Time since it started, on a clock the system's time setting does not move: for the
/// durations cadence measures itself (a grace period, how long a command took).
#[derive(Clone, Copy, Debug)]
pub struct Stopwatch {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    since: Duration,
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    since: Instant,
}

impl Stopwatch {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn start() -> Stopwatch {
        Stopwatch { since: boot_time() }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn elapsed(&self) -> Duration {
        boot_time().saturating_sub(self.since)
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    pub fn start() -> Stopwatch {
        Stopwatch {
            since: Instant::now(),
        }
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    pub fn elapsed(&self) -> Duration {
        self.since.elapsed()
    }
}

/// CLOCK_BOOTTIME: monotonic, and counting suspend.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn boot_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec, which `ts` is, and reads nothing else.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::timer::Timer;
    use chrono::TimeDelta;
    use std::sync::Mutex;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn the_wall_clock_set_back_or_forward_mid_meeting_leaves_the_timer_right() {
        // The system clock, as a test can move it: read once, when the cockpit starts.
        let wall = std::cell::Cell::new(at("2026-11-27T10:00:00Z"));
        let run = Arc::new(Mutex::new(Duration::ZERO));
        let measured = Arc::clone(&run);
        let clock =
            StartedClock::measured_by(wall.get(), Arc::new(move || *measured.lock().unwrap()));
        let set = |d: Duration| *run.lock().unwrap() = d;
        let mut timer = Timer::default();
        timer.start(clock.now());
        set(Duration::from_secs(10 * 60));
        // The wall clock is set back an hour (a wrong NTP fix, a manual change)...
        wall.set(wall.get() - TimeDelta::hours(1));
        assert_eq!(timer.elapsed(clock.now()), TimeDelta::minutes(10));
        set(Duration::from_secs(20 * 60));
        assert_eq!(timer.elapsed(clock.now()), TimeDelta::minutes(20));
        // ...then forward two: the timer still counts only the time that ran.
        wall.set(wall.get() + TimeDelta::hours(2));
        set(Duration::from_secs(25 * 60));
        assert_eq!(timer.elapsed(clock.now()), TimeDelta::minutes(25));
        assert_eq!(clock.now(), at("2026-11-27T10:25:00Z"));
    }

    #[test]
    fn a_clock_that_jumps_never_makes_the_timer_run_backwards() {
        // Without a monotonic measure (a clock read from the wall each time), a jump back
        // shows as no time passing, never as negative time; the stretch booked is never
        // negative either.
        let mut timer = Timer::default();
        timer.start(at("2026-11-27T10:30:00Z"));
        assert_eq!(timer.elapsed(at("2026-11-27T09:45:00Z")), TimeDelta::zero());
        assert_eq!(timer.pause(at("2026-11-27T09:45:00Z")), TimeDelta::zero());
        assert_eq!(timer.elapsed(at("2026-11-27T12:00:00Z")), TimeDelta::zero());
    }

    #[test]
    fn the_system_clock_runs_forward() {
        let clock = StartedClock::new(at("2026-11-27T10:00:00Z"));
        let first = clock.now();
        std::thread::sleep(Duration::from_millis(20));
        let second = clock.now();
        assert!(
            second >= first + TimeDelta::milliseconds(20),
            "{first} {second}"
        );
        assert!(second < first + TimeDelta::seconds(5));
    }
}
